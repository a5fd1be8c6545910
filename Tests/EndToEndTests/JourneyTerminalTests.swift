import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// A visitor's journey through the built program in a real terminal.
@Suite("The journey in a real terminal", .serialized)
struct JourneyTerminalTests {
    func start(_ extra: [String] = []) throws -> (pane: TmuxPane, folder: TemporaryFolder) {
        let folder = try TemporaryFolder()
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "kiosk", "--data", folder.path("data").path,
                                 "--now", "2026-11-27T10:00:00"] + extra,
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        // Keys typed before the first screen are dropped: a person types once they see it.
        #expect(try pane.waitFor(timeout: 60, { $0.contains("Bienvenue !") }).matched)
        return (pane, folder)
    }

    func step(_ pane: TmuxPane, keys: [String], literally: Bool = false, until text: String) throws {
        for key in keys { try pane.send(key, literally: literally) }
        let result = try pane.waitFor(text)
        #expect(result.matched, "waiting for \(text):\n\(result.screen)")
    }

    /// Types a whole booking (Zoé Œuvray-Nguyễn, the plan's first step for financing and coaching, the other skipped) up to its confirmation.
    func book(_ pane: TmuxPane) throws {
        try step(pane, keys: [], until: "Prendre rendez-vous")
        try step(pane, keys: ["Enter"], until: "Votre quartier")
        try step(pane, keys: ["bedier"], literally: true, until: "▶ Bédier-Beauval-Morellerie — Angers")
        try step(pane, keys: ["Enter"], until: "Où en est votre projet ?")
        try step(pane, keys: ["2", "1", "2"], until: "Vos besoins")
        try step(pane, keys: ["1", "4"], until: "[x] 4  Accompagnement")
        try step(pane, keys: ["Enter"], until: "Étape 4 sur 6 · Votre plan")
        try step(pane, keys: ["Enter"], until: "Étape 5 sur 6 · Votre créneau")
        // The first step's slot chosen, the second (coaching) skipped, then the button.
        try step(pane, keys: ["Enter"], until: "Votre créneau : ")
        try step(pane, keys: ["Space", "Down", "Enter"], until: "Vos coordonnées")
        try step(pane, keys: ["Zoé"], literally: true, until: "Zoé")
        try pane.send("Tab")
        try step(pane, keys: ["Œuvray-Nguyễn"], literally: true, until: "Œuvray-Nguyễn")
        try pane.send("Tab")
        try step(pane, keys: ["06 12 34 56 78"], literally: true, until: "06 12 34 56 78")
        try step(pane, keys: ["Tab", "Tab", "Space"], until: "[x] J'accepte")
        try step(pane, keys: ["Tab", "Enter"], until: "Votre code de rendez-vous")
    }

    @Test("a print command that takes 20 s: the code shows at once, keys are answered meanwhile, the ticket is printed after")
    func slowPrinter() throws {
        let folder = try TemporaryFolder()
        let printed = folder.path("printed.txt")
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "kiosk", "--data", folder.path("data").path, "--now", "2026-11-27T10:00:00",
                                 "--print-command", "sleep 20; cat > '\(printed.path)'"],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        let started = Date()
        try book(pane)
        // While the printer sleeps, the kiosk answers: help opens and closes, the code stays.
        try step(pane, keys: ["F1"], until: "Votre code sert à signaler votre arrivée")
        try pane.send("Escape")
        let closed = try pane.waitFor { !$0.contains("Une touche pour fermer l'aide") && $0.contains("Votre code de rendez-vous") }
        #expect(closed.matched, "\(closed.screen)")
        #expect(!FileManager.default.fileExists(atPath: printed.path))
        let shownAfter = Date().timeIntervalSince(started)
        var ticket = ""
        let deadline = Date().addingTimeInterval(40)
        while Date() < deadline, !ticket.contains("Pour : Zoé") {
            usleep(200_000)
            ticket = (try? String(contentsOf: printed, encoding: .utf8)) ?? ""
        }
        #expect(ticket.contains("Pour : Zoé"))
        print("printing: booking typed and confirmed, help answered, \(String(format: "%.1f", shownAfter)) s; ticket printed \(String(format: "%.1f", Date().timeIntervalSince(started))) s after the start")
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }

    @Test("from Bienvenue to a booked slot with an accented name; the record and the ticket are on disk")
    func bookThroughTheKiosk() throws {
        let (pane, folder) = try start()
        try book(pane)
        let screen = try pane.capture()
        let codeLine = try #require(screen.components(separatedBy: "\n").first { $0.contains("Votre code de rendez-vous : ") })
        let code = try #require(codeLine.components(separatedBy: ": ").last?.trimmingCharacters(in: CharacterSet(charactersIn: " │")))
        #expect(code.count == 6)
        #expect(screen.contains("mardi 1 décembre 2026 à 9 h"))

        // The booking is one line of the month's journal.
        let records = try String(contentsOf: folder.path("data/records/bookings/2026-12.jsonl"), encoding: .utf8)
        let bookings = try records.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(bookings.count == 1)
        #expect(bookings.first?["reference"] as? String == code)
        #expect(bookings.first?["firstName"] as? String == "Zoé")
        #expect(bookings.first?["lastName"] as? String == "Œuvray-Nguyễn")
        #expect(bookings.first?["phone"] as? String == "+33612345678")
        #expect(bookings.first?["start"] as? String == "2026-12-01T09:00:00+01:00")
        let ticket = try String(contentsOf: folder.path("data/tickets/\(code).txt"), encoding: .utf8)
        #expect(ticket.contains("Pour : Zoé"))
        #expect(ticket.contains("Code : \(code)"))

        try step(pane, keys: ["Enter"], until: "Bienvenue !")
        #expect(!(try pane.capture()).contains("Zoé"))
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }

    @Test("Ctrl-C, Ctrl-Z and Ctrl-\\ do not end or suspend the kiosk")
    func cannotEscape() throws {
        let (pane, folder) = try start()
        try step(pane, keys: [], until: "Bienvenue !")
        let before = try pane.commandPIDs()
        for key in ["C-c", "C-z", "C-\\", "C-d", "Escape"] { try pane.send(key) }
        try step(pane, keys: ["2"], until: "J'ai déjà un rendez-vous")
        #expect(try pane.commandPIDs() == before)
        #expect(pane.exitStatus(timeout: 0.5) == nil)
        for pid in before { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
        withExtendedLifetime(folder) {}
    }

    @Test("the idle timeout counts down, then wipes the screen back to Welcome")
    func idleTimeout() throws {
        let (pane, folder) = try start(["--idle-timeout", "10"])
        try step(pane, keys: ["Enter"], until: "Votre quartier")
        try step(pane, keys: ["roseraie"], literally: true, until: "▶ La Roseraie")
        try step(pane, keys: [], until: "Sans action, retour à l'accueil dans")
        let back = try pane.waitFor("Bienvenue !")
        #expect(back.matched)
        #expect(!back.screen.contains("roseraie"))
        try step(pane, keys: ["Enter"], until: "Votre quartier")
        #expect(!(try pane.capture()).contains("roseraie"))
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
        withExtendedLifetime(folder) {}
    }
}

/// Staff mode through the built program: the PIN set by `fabrique set-pin`, then the day's agenda.
@Suite("Staff mode in a real terminal", .serialized)
struct StaffTerminalTests {
    @Test("a visitor books at the kiosk; staff log in with the PIN set by set-pin, check the visitor in, mark them seen; stats shows it")
    func staffDay() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let fabrique = BuiltProgram.fabrique.path
        let mismatch = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '2468\\n2469\\n' | '\(fabrique)' set-pin --data '\(data)'"])
        #expect(mismatch.status == 64)
        let set = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "printf '2468\\n2468\\n' | '\(fabrique)' set-pin --data '\(data)'"])
        #expect(set.status == 0, "\(set.standardError)")
        let staffFile = try String(contentsOf: folder.path("data/staff.json"), encoding: .utf8)
        #expect(staffFile.contains("pbkdf2-sha256") && !staffFile.contains("2468"))
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path("data/staff.json").path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)

        let pane = try TmuxPane([fabrique, "--data", data, "--now", "2026-11-27T09:40:00"],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        // A visitor books today's 11:00 honour-loan interview through the kiosk.
        func step(_ keys: [String], literally: Bool = false, until text: String) throws {
            for key in keys { try pane.send(key, literally: literally) }
            let result = try pane.waitFor(text)
            #expect(result.matched, "waiting for \(text):\n\(result.screen)")
        }
        try step([], until: "Bienvenue !")
        try step(["Enter"], until: "Votre quartier")
        try step(["grand-pigeon"], literally: true, until: "▶ Grand-Pigeon")
        try step(["Enter"], until: "Où en est votre projet ?")
        try step(["2", "1", "2"], until: "Vos besoins")
        try step(["1", "Enter"], until: "Financement → Initiative France")
        try step(["Enter"], until: "▶   vendredi 27 novembre · 11 h – 12 h")
        try step(["Enter"], until: "Vos coordonnées")
        try pane.send("Zoé", literally: true)
        try pane.send("Tab")
        try pane.send("Œuvray-Nguyễn", literally: true)
        try pane.send("Tab")
        try pane.send("0612345678", literally: true)
        try step(["Tab", "Tab", "Space", "Tab", "Enter"], until: "Votre code de rendez-vous")
        try step(["Enter"], until: "Bienvenue !")
        try pane.send("F12")
        #expect(try pane.waitFor("Code du personnel").matched)
        try pane.send("2468", literally: true)
        try pane.send("Enter")
        #expect(try pane.waitFor("Agenda du jour").matched)
        try pane.send("Enter")
        let agenda = try pane.waitFor("Zoé Œuvray-Nguyễn")
        #expect(agenda.matched, "\(agenda.screen)")
        #expect(agenda.screen.contains("06 12 34 56 78"))
        // Wait for the row itself: the key line above the list also says "arrivé" and "vu".
        try pane.send("a")
        #expect(try pane.waitFor { $0.range(of: #"11 h +arrivé +Zoé"#, options: .regularExpression) != nil }.matched)
        try pane.send("v")
        #expect(try pane.waitFor { $0.range(of: #"11 h +vu +Zoé"#, options: .regularExpression) != nil }.matched)
        let records = try String(contentsOf: folder.path("data/records/bookings/2026-11.jsonl"), encoding: .utf8)
        #expect(records.split(separator: "\n").last?.contains("\"status\":\"seen\"") == true)
        #expect(records.contains("\"arrivedAt\""))
        let stats = try CommandResult.run(BuiltProgram.fabrique, ["stats", "--data", data, "--now", "2026-11-27T12:00:00", "--json"])
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])
        let totals = try #require(figures["totals"] as? [String: Any])
        #expect(totals["bookings"] as? Int == 1 && totals["seen"] as? Int == 1 && totals["honouredRate"] as? Double == 100.0)
        #expect(totals["visits"] as? Int == 1 && totals["qpvShare"] as? Double == 100.0)
        try pane.send("Escape")
        try pane.send("9")
        #expect(pane.exitStatus() == 0)
        let log = try String(contentsOf: folder.path("data/fabrique.log"), encoding: .utf8)
        #expect(log.contains("kiosk left by staff"))
        #expect(!log.contains("Zoé"))
    }
}
