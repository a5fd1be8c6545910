import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Testing

/// A coordinator edits the catalogue and sets the PIN while the built kiosk runs in a real terminal.
@Suite("The running kiosk and the coordinator's edits, in a real terminal", .serialized)
struct LiveCatalogueTerminalTests {
    @Test("a permanence's end moved while the kiosk runs shows at the next journey; a broken edit keeps the last good one, logged with line and column and marked for staff, and a restart on it starts on the last good copy; a PIN set after start opens staff mode")
    func editsSeenByTheRunningKiosk() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let initialised = try CommandResult.run(BuiltProgram.fabrique, ["init", "--data", data])
        #expect(initialised.status == 0, "\(initialised.standardError)")
        let permanences = URL(fileURLWithPath: data).appendingPathComponent("catalogue/permanences.json")
        let log = URL(fileURLWithPath: data).appendingPathComponent("fabrique.log")
        let original = try String(contentsOf: permanences, encoding: .utf8)
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data, "--now", "2026-11-27T10:00:00"],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(try pane.waitFor("Bienvenue !").matched)

        /// Waits until the kiosk's log holds `text` (it looks at the files every 5 s when idle).
        func logged(_ text: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if let written = try? String(contentsOf: log, encoding: .utf8), written.contains(text) { return true }
                usleep(100_000)
            }
            return false
        }

        try pane.send("3")
        let before = try pane.waitFor("Aldev")
        #expect(before.screen.contains("vendredi 27 novembre, 14 h–16 h 15 : Aldev"), "\(before.screen)")
        try pane.send("Escape")
        #expect(try pane.waitFor("Bienvenue !").matched)

        // The coordinator moves the end of Aldev's Friday permanence from 16:15 to 17:00.
        let edited = original.replacingOccurrences(of: "\"end\": \"16:15\"", with: "\"end\": \"17:00\"")
        #expect(edited != original)
        try edited.write(to: permanences, atomically: true, encoding: .utf8)
        #expect(logged("catalogue edited"))
        try pane.send("3")
        let after = try pane.waitFor("14 h–17 h : Aldev")
        #expect(after.matched, "\(after.screen)")
        try pane.send("Escape")

        // A broken edit (a comma lost): refused, with the file, line and column in the log; the kiosk
        // runs on with the last good catalogue.
        let broken = edited.replacingOccurrences(of: "\"end\": \"17:00\",\n      \"slotMinutes\": 45", with: "\"end\": \"17:00\"\n      \"slotMinutes\": 45")
        #expect(broken != edited)
        try broken.write(to: permanences, atomically: true, encoding: .utf8)
        #expect(logged("catalogue edit refused"))
        let refusal = (try String(contentsOf: log, encoding: .utf8)).components(separatedBy: "\n").last { $0.contains("refused") } ?? ""
        #expect(refusal.range(of: #"permanences\.json:\d+:\d+: erreur : virgule manquante"#, options: .regularExpression) != nil, "\(refusal)")
        try pane.send("3")
        let kept = try pane.waitFor("14 h–17 h : Aldev")
        #expect(kept.matched, "\(kept.screen)")
        #expect(!kept.screen.contains("Catalogue"), "visitors see nothing of it")
        try pane.send("Escape")

        // The PIN is set after the kiosk started: F12 takes it, and staff see the refused edit.
        let pin = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "printf '2468\\n2468\\n' | '\(BuiltProgram.fabrique.path)' set-pin --data '\(data)'"])
        #expect(pin.status == 0, "\(pin.standardError)")
        try pane.send("F12")
        #expect(try pane.waitFor("Code du personnel").matched)
        try pane.send("2468", literally: true)
        try pane.send("Enter")
        let staff = try pane.waitFor("Agenda du jour")
        #expect(staff.matched, "\(staff.screen)")
        #expect(staff.screen.hasPrefix(" ! Catalogue modifié refusé : fabrique validate"), "\(staff.screen)")
        #expect(staff.screen.components(separatedBy: "\n").first?.hasSuffix("vendredi 27 novembre 2026") == true)

        try pane.send("9")
        #expect(pane.exitStatus() == 0)

        // Restarted while the files are still broken (a power cut, systemd): it starts on the last good
        // catalogue instead of not at all, says so in the log, and staff see the mark.
        let again = try TmuxPane([BuiltProgram.fabrique.path, "--data", data, "--now", "2026-11-27T10:00:00"],
                                 environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(try again.waitFor("Bienvenue !").matched)
        #expect(logged("catalogue refused at start, the last good copy is used"))
        try again.send("3")
        #expect(try again.waitFor("14 h–17 h : Aldev").matched)
        try again.send("Escape")
        #expect(try again.waitFor("Bienvenue !").matched)
        try again.send("F12")
        #expect(try again.waitFor("Code du personnel").matched)
        try again.send("2468", literally: true)
        try again.send("Enter")
        let marked = try again.waitFor("Agenda du jour")
        #expect(marked.screen.hasPrefix(" ! Catalogue modifié refusé : fabrique validate"), "\(marked.screen)")

        // Fixed: the mark goes at the next look.
        try edited.write(to: permanences, atomically: true, encoding: .utf8)
        let fixed = try again.waitFor { !$0.contains("Catalogue modifié refusé") && $0.contains("Agenda du jour") }
        #expect(fixed.matched, "\(fixed.screen)")
        try again.send("9")
        #expect(again.exitStatus() == 0)

        // The catalogue folder moved away, then a restart: the last good copy, not the embedded Angers one.
        try FileManager.default.moveItem(atPath: "\(data)/catalogue", toPath: folder.path("moved-away").path)
        let third = try TmuxPane([BuiltProgram.fabrique.path, "--data", data, "--now", "2026-11-27T10:00:00"],
                                 environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(try third.waitFor("Bienvenue !").matched)
        #expect(logged("is missing"))
        try third.send("3")
        #expect(try third.waitFor("14 h–17 h : Aldev").matched, "the last good copy, with Aldev until 17:00")
        for pid in try third.commandPIDs() { kill(pid, SIGTERM) }
        #expect(third.exitStatus() == 0)
    }
}
