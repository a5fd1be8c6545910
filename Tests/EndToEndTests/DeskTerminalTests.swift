import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Glibc
import Testing

/// A receptionist's day through the built program at 80×24: print the agenda, find someone booked next
/// month by part of their name, move them to another month keeping their code; confirm a purge.
@Suite("The reception desk through the built program in tmux", .serialized)
struct DeskTerminalTests {
    func step(_ pane: TmuxPane, _ keys: [String], literally: Bool = false, until text: String) throws {
        for key in keys { try pane.send(key, literally: literally) }
        let result = try pane.waitFor(text)
        #expect(result.matched, "waiting for \(text):\n\(result.screen)")
    }

    /// Sets the staff PIN 2468 as a coordinator would, through `set-pin`.
    func setPIN(data: String) throws {
        let pin = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "printf '2468\\n2468\\n' | '\(BuiltProgram.fabrique.path)' set-pin --data '\(data)'"])
        #expect(pin.status == 0, "\(pin.standardError)")
    }

    func fabrique(_ arguments: [String], data: String, now: String = "2026-11-27T10:00:00") throws -> CommandResult {
        try CommandResult.run(BuiltProgram.fabrique, arguments + ["--data", data, "--now", now])
    }

    @Test("print the day's agenda, find a person booked next month, move them to January with the same code and a new ticket")
    func receptionistDay() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let program = BuiltProgram.fabrique.path
        try setPIN(data: data)
        let zoe = try fabrique(["book", "--slot", "adie-belle-beille/2026-12-08T09:00", "--service", "adie-microcredit", "--first-name", "Zoé", "--last-name", "Œuvray-Nguyễn",
                                "--phone", "06 12 34 56 78", "--consent", "--json"], data: data)
        let code = try #require((try JSONSerialization.jsonObject(with: Data(zoe.standardOutput.utf8)) as? [String: Any])?["reference"] as? String)
        let awa = try fabrique(["book", "--slot", "initiative-belle-beille/2026-11-27T11:00", "--service", "initiative-pret-honneur",
                                "--first-name", "Awa", "--last-name", "Diallo", "--phone", "07 11 22 33 44", "--consent", "--json"],
                               data: data, now: "2026-11-27T08:00:00")
        #expect(awa.status == 0, "\(awa.standardError)")
        let awaCode = try #require((try JSONSerialization.jsonObject(with: Data(awa.standardOutput.utf8)) as? [String: Any])?["reference"] as? String)
        let printed = folder.path("printed.txt")
        let kiosk = try TmuxPane([program, "kiosk", "--data", data, "--now", "2026-11-27T10:00:00", "--site", "belle-beille",
                                  "--print-command", "cat >> '\(printed.path)'"],
                                 environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        try step(kiosk, [], until: "Bienvenue !")
        try step(kiosk, ["F12"], until: "Code du personnel")
        try step(kiosk, ["2468"], literally: true, until: "••••")
        try step(kiosk, ["Enter"], until: "Que voulez-vous faire ?")
        try step(kiosk, ["Enter"], until: "Awa Diallo")
        #expect(try kiosk.capture().contains("Agenda du vendredi 27 novembre 2026 — Belle-Beille"))

        // P: the day's page goes to the print command.
        try step(kiosk, ["p"], until: "Agenda envoyé à la commande d'impression.")
        var paper = ""
        for _ in 0..<50 where !paper.contains("Awa Diallo") {
            usleep(100_000)
            paper = (try? String(contentsOf: printed, encoding: .utf8)) ?? ""
        }
        #expect(paper.contains("Agenda du vendredi 27 novembre 2026") && paper.contains("Awa Diallo") && paper.contains("07 11 22 33 44"))

        // An escape sequence the terminal does not know, typed into the search field, is one unknown key:
        // the field stays open and its tail never reaches the list as command keys.
        try step(kiosk, ["/"], until: "Nom ou code :")
        try kiosk.send("\u{1B}[1;5E", literally: true)
        try step(kiosk, ["a"], literally: true, until: "Nom ou code : a")
        #expect(try fabrique(["show", awaCode], data: data).standardOutput.contains("· réservé ·"))
        // So is a terminal string (OSC), whose letters would otherwise act: A, E…
        try kiosk.send("\u{1B}]0;AEXX\u{07}", literally: true)
        #expect(try fabrique(["show", awaCode], data: data).standardOutput.contains("· réservé ·"))
        try step(kiosk, ["BSpace"], until: "Nom ou code :")
        try kiosk.send("Escape")
        usleep(300_000)

        // "/" and part of a name, without accents: Enter looks in every month; Enter opens the day.
        try step(kiosk, ["/"], until: "Nom ou code :")
        try step(kiosk, ["oeuvr"], literally: true, until: "oeuvr")
        try step(kiosk, ["Enter"], until: "Recherche : « oeuvr »")
        let results = try kiosk.capture()
        #expect(results.contains("08/12/2026") && results.contains("Zoé Œuvray-Nguyễn") && results.contains("Code \(code) · réservé · Adie"))
        try step(kiosk, ["Enter"], until: "Agenda du mardi 8 décembre 2026 — Belle-Beille")
        #expect(try kiosk.capture().contains("▶"))

        // D: every free slot of the service to the horizon, any month; the January one is chosen.
        try step(kiosk, ["d"], until: "Déplacer le rendez-vous \(code) de Zoé Œuvray-Nguyễn")
        var screen = try kiosk.capture()
        let january = { (screen: String) in screen.split(separator: "\n").contains { $0.contains("▶") && $0.contains("mardi 5 janvier · 9 h") } }
        for _ in 0..<40 where !january(screen) {
            try kiosk.send("Down")
            usleep(50_000)
            screen = try kiosk.capture()
        }
        #expect(january(screen), "\(screen)")
        try step(kiosk, ["Enter"], until: "déplacé au mardi 5 janvier 2027 à 9 h ; ticket réédité.")
        let agenda = try kiosk.capture()
        #expect(agenda.contains("Agenda du mardi 5 janvier 2027") && agenda.contains("Zoé Œuvray-Nguyễn"))
        for line in agenda.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(TextWidth.of(line) <= 80, "\(line)")
        }
        for pid in try kiosk.commandPIDs() { kill(pid, SIGTERM) }
        #expect(kiosk.exitStatus() == 0)

        // The records, the command line and the ticket all say January, under the same code.
        let shown = try fabrique(["show", code], data: data)
        #expect(shown.standardOutput.contains("\(code) · réservé · mardi 5 janvier 2027 à 9 h"))
        let ticket = try String(contentsOf: folder.path("data/tickets/\(code).txt"), encoding: .utf8)
        #expect(ticket.contains("mardi 5 janvier 2027 à 9 h") && !ticket.contains("décembre"))
        #expect(try fabrique(["agenda", "--date", "2026-12-08"], data: data).standardOutput.contains("Aucun rendez-vous"))
        let audit = try String(contentsOf: folder.path("data/audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"move\"") && audit.contains(code))
    }

    @Test("on a Saturday without permanence: a general walk-in is recorded, then a caller's two-need plan is booked from staff mode")
    func callerAndWalkIn() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let program = BuiltProgram.fabrique.path
        try setPIN(data: data)
        let kiosk = try TmuxPane([program, "kiosk", "--data", data, "--now", "2026-11-28T10:00:00", "--site", "belle-beille"],
                                 environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        try step(kiosk, [], until: "Bienvenue !")
        try step(kiosk, ["F12"], until: "Code du personnel")
        try step(kiosk, ["2468"], literally: true, until: "••••")
        try step(kiosk, ["Enter"], until: "Que voulez-vous faire ?")
        try step(kiosk, ["2"], until: "Personne n'attend pour le moment.")
        try step(kiosk, ["n"], until: "▶ Accueil de la Fabrique (information, orientation)")
        try step(kiosk, ["Samir"], literally: true, until: "Samir")
        try step(kiosk, ["Enter"], until: "Samir — en attente · 1re dans la file — Accueil de la Fabrique")
        try step(kiosk, ["Escape"], until: "Que voulez-vous faire ?")
        // A caller: the visitor's steps, driven by staff.
        try step(kiosk, ["4"], until: "Votre quartier")
        try step(kiosk, ["roseraie"], literally: true, until: "▶ La Roseraie")
        try step(kiosk, ["Enter"], until: "Où en est votre projet ?")
        try step(kiosk, ["Enter", "Enter", "Enter"], until: "Vos besoins")
        try step(kiosk, ["1", "2"], until: "[x] 2")
        try step(kiosk, ["Enter"], until: "Étape 4 sur 6")
        try step(kiosk, ["Enter"], until: "Étape 5 sur 6")
        try step(kiosk, ["Enter"], until: "Votre créneau")
        try step(kiosk, ["Enter"], until: "Étape 5 sur 6")
        try step(kiosk, ["Enter"], until: "Pour réserver vos 2 rendez-vous")
        try step(kiosk, ["Samira"], literally: true, until: "Samira")
        try kiosk.send("Tab")
        try step(kiosk, ["Benali-Émond"], literally: true, until: "Benali-Émond")
        try kiosk.send("Tab")
        try step(kiosk, ["0611223344"], literally: true, until: "0611223344")
        try step(kiosk, ["Tab", "Tab", "Space"], until: "[x] J'accepte")
        try step(kiosk, ["Tab", "Enter"], until: "Votre code pour tous vos rendez-vous")
        try step(kiosk, ["Enter"], until: "Code du personnel")
        for pid in try kiosk.commandPIDs() { kill(pid, SIGTERM) }
        #expect(kiosk.exitStatus() == 0)
        let found = try fabrique(["find", "benali", "--json"], data: data, now: "2026-11-28T10:30:00")
        let bookings = try #require(try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [[String: Any]])
        #expect(bookings.count == 2 && bookings.allSatisfy { $0["channel"] as? String == "phone" && $0["plan"] != nil })
        let stats = try fabrique(["stats", "--json"], data: data, now: "2026-11-28T18:00:00")
        let totals = try #require((try JSONSerialization.jsonObject(with: Data(stats.standardOutput.utf8)) as? [String: Any])?["totals"] as? [String: Any])
        #expect(totals["walkIns"] as? Int == 1 && totals["visits"] as? Int == 0)
    }

    @Test("purge on a terminal asks first; anything but « oui » erases nothing")
    func purgeAsks() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        _ = try fabrique(["book", "--slot", "adie-belle-beille/2026-12-08T09:00", "--service", "adie-microcredit", "--first-name", "Zoé", "--last-name", "Martin",
                          "--consent"], data: data)
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "purge", "--data", data, "--now", "2029-06-01T10:00:00"],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        try step(pane, [], until: "Tapez « oui » pour confirmer")
        #expect(try pane.capture().contains("Anonymiser 1 rendez-vous"))
        try step(pane, ["non", "Enter"], until: "Rien n'a été effacé.")
        #expect(pane.exitStatus() == 77)
        #expect(try fabrique(["find", "zoe"], data: data).status == 0)
    }
}
