import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Testing

/// A plan of three needs booked through the built program at 80×24, then checked in where it is due.
@Suite("A plan through the built program in tmux")
struct PlanTerminalTests {
    /// A kiosk, once its first screen is up (keys typed before it are dropped).
    func pane(data: String, now: String, site: String, folder: TemporaryFolder) throws -> TmuxPane {
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "kiosk", "--data", data, "--now", now, "--site", site],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        // A catalogue of 2,000 partners takes a while to read on a debug build.
        #expect(try pane.waitFor(timeout: 120, { $0.contains("Bienvenue !") }).matched)
        return pane
    }

    func step(_ pane: TmuxPane, _ keys: [String], literally: Bool = false, until text: String) throws {
        for key in keys { try pane.send(key, literally: literally) }
        let result = try pane.waitFor(text)
        #expect(result.matched, "waiting for \(text):\n\(result.screen)")
    }

    func stop(_ pane: TmuxPane) throws {
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }

    @Test("three needs booked in one go under one code, one ticket; the code checks in at the right place only")
    func threeNeeds() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let kiosk = try pane(data: data, now: "2026-11-27T10:00:00", site: "belle-beille", folder: folder)
        try step(kiosk, [], until: "Bienvenue !")
        try step(kiosk, ["Enter"], until: "Votre quartier")
        try step(kiosk, ["bedier"], literally: true, until: "▶ Bédier-Beauval-Morellerie")
        try step(kiosk, ["Enter"], until: "Où en est votre projet ?")
        // An idea only, a job seeker, 26 or over: financing, premises and networking.
        try step(kiosk, ["1", "1", "2"], until: "Vos besoins")
        try step(kiosk, ["1", "2", "3"], until: "[x] 3")
        try step(kiosk, ["Enter"], until: "Première étape pour Financement → BGE")
        let plan = try kiosk.capture()
        #expect(plan.contains("Local → Aldev — Recherche de local") && plan.contains("Réseau → Réseaux d'entrepreneurs locaux"))
        #expect(plan.contains("il faut d'abord un projet plus avancé"))
        // A slot for each step, in turn: after each, the plan comes back on the next step; after the last, the details.
        try step(kiosk, ["Enter"], until: "Étape 5 sur 6")
        try step(kiosk, ["Enter"], until: "Votre créneau : lundi 30 novembre à 9 h 30")
        try step(kiosk, ["Enter"], until: "Recherche de local — Aldev. Choisissez")
        try step(kiosk, ["Enter"], until: "Votre créneau : vendredi 27 novembre à 14 h")
        try step(kiosk, ["Enter"], until: "Soirée réseau et parrainage")
        try step(kiosk, ["Enter"], until: "Pour réserver vos 3 rendez-vous")
        try step(kiosk, ["Zoé"], literally: true, until: "Zoé")
        try kiosk.send("Tab")
        try step(kiosk, ["Œuvray-Nguyễn"], literally: true, until: "Œuvray-Nguyễn")
        try step(kiosk, ["Tab", "Tab", "Tab", "Enter"], until: "[x] J'accepte")
        try step(kiosk, ["Tab", "Enter"], until: "Votre code pour tous vos rendez-vous")
        let screen = try kiosk.capture()
        #expect(screen.contains("1. vendredi 27 novembre 2026 à 14 h") && screen.contains("3. jeudi 17 décembre 2026 à 18 h"))
        try step(kiosk, ["Enter"], until: "Bienvenue !")
        try stop(kiosk)

        // On disk: three bookings sharing one plan code, one ticket under that code.
        let store = BookingStore(dataFolder: DataFolder(url: URL(fileURLWithPath: data)))
        let bookings = try store.bookings(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-12-31")))
        #expect(bookings.count == 3)
        let code = try #require(bookings.first?.plan)
        #expect(bookings.allSatisfy { $0.plan == code && $0.lastName == "Œuvray-Nguyễn" })
        #expect(screen.contains(code))
        let tickets = try FileManager.default.contentsOfDirectory(atPath: folder.path("data/tickets").path)
        #expect(tickets == ["\(code).txt"])
        let ticket = try String(contentsOf: folder.path("data/tickets/\(code).txt"), encoding: .utf8)
        #expect(ticket.contains("Code : \(code)") && ticket.contains("3. jeudi 17 décembre 2026 à 18 h"))

        // That afternoon, the code at Belle-Beille names Monplaisir and records nothing; at Monplaisir, the arrival.
        let wrongPlace = try pane(data: data, now: "2026-11-27T13:50:00", site: "belle-beille", folder: folder)
        try step(wrongPlace, ["2"], until: "J'ai déjà un rendez-vous")
        try step(wrongPlace, [code.lowercased(), "Enter"], until: "Votre rendez-vous d'aujourd'hui est à Monplaisir")
        #expect(!(try wrongPlace.capture()).contains("Zoé"))
        try stop(wrongPlace)
        #expect(try store.bookings(forCode: code, horizonDays: 56).allSatisfy { $0.status == .booked })
        let rightPlace = try pane(data: data, now: "2026-11-27T13:50:00", site: "monplaisir", folder: folder)
        try step(rightPlace, ["2"], until: "J'ai déjà un rendez-vous")
        try step(rightPlace, [code, "Enter"], until: "Bonjour Zoé ! Votre arrivée est enregistrée.")
        try stop(rightPlace)
        BookingStore.forgetReadMonths(in: DataFolder(url: URL(fileURLWithPath: data)))
        let after = try store.bookings(forCode: code, horizonDays: 56)
        #expect(after.map(\.status) == [.arrived, .booked, .booked])
    }

    @Test("a termination signal sent while the plan is computed for 2,000 partners and 5,000 permanences is answered at once after it")
    func signalDuringHeavyPlan() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/make_catalogue.py")
        let made = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", script.path, "--partners", "2000",
                                                                                 "--permanences", "5000", "--out", data.appendingPathComponent("catalogue").path])
        try #require(made.status == 0, "\(made.standardError)")
        let kiosk = try pane(data: data.path, now: "2026-11-27T10:00:00", site: "belle-beille", folder: folder)
        // A catalogue this size takes a while to read in a debug build.
        #expect(try kiosk.waitFor("Bienvenue !", timeout: 120).matched)
        try step(kiosk, ["Enter"], until: "Votre quartier")
        try step(kiosk, ["bedier"], literally: true, until: "▶ Bédier-Beauval-Morellerie")
        try step(kiosk, ["Enter"], until: "Où en est votre projet ?")
        try step(kiosk, ["1", "1", "2"], until: "Vos besoins")
        try step(kiosk, ["1", "2", "3", "4", "5"], until: "[x] 5")
        // Enter starts the plan's computation; the signal comes right behind it.
        let pids = try kiosk.commandPIDs()
        try kiosk.send("Enter")
        let sent = Date()
        for pid in pids { kill(pid, SIGTERM) }
        let status = kiosk.exitStatus(timeout: 60)
        let seconds = Date().timeIntervalSince(sent)
        #expect(status == 0)
        print("signal during a 2,000-partner plan: the kiosk ended \(String(format: "%.2f", seconds)) s after SIGTERM (debug build)")
    }
}
