import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// Findings of the hostile review, reproduced against the built program.
@Suite("Hostile visitors and hand-edited files, through the built program", .serialized)
struct HostileTerminalTests {
    let fabrique = BuiltProgram.fabrique
    static let now = "2026-11-27T10:00:00"

    func startKiosk(_ folder: TemporaryFolder, environment: [String: String] = [:]) throws -> TmuxPane {
        try TmuxPane([BuiltProgram.fabrique.path, "--data", folder.path("data").path, "--now", Self.now], width: 80, height: 24,
                     environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"].merging(environment) { $1 }, folder: folder.url)
    }

    @Test("a flag typed as two scalars in the quartier search does not end the kiosk; backspace removes it whole")
    func flagInTerminal() throws {
        let folder = try TemporaryFolder()
        let pane = try startKiosk(folder)
        #expect(try pane.waitFor("Bienvenue !").matched)
        try pane.send("1")
        #expect(try pane.waitFor("Étape 1 sur 6").matched)
        try pane.send("\u{1F1EB}", literally: true)
        try pane.send("\u{1F1F7}", literally: true)
        try pane.send("क", literally: true)
        try pane.send("\u{093F}", literally: true)
        let typed = try pane.waitFor { $0.contains("🇫🇷") || $0.contains("\u{1F1EB}") }
        #expect(typed.matched, "\(typed.screen)")
        try pane.send("BSpace")
        try pane.send("BSpace")
        try pane.send("bedier", literally: true)
        let filtered = try pane.waitFor("Bédier")
        #expect(filtered.matched, "\(filtered.screen)")
        #expect(try pane.commandPIDs().count == 1)
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }

    @Test("a 10,000-character paste is cut at the field's length, and the kiosk answers the next key")
    func longPaste() throws {
        let folder = try TemporaryFolder()
        let pane = try startKiosk(folder)
        #expect(try pane.waitFor("Bienvenue !").matched)
        try pane.send("1")
        #expect(try pane.waitFor("Étape 1 sur 6").matched)
        let started = Date()
        try pane.send(String(repeating: "ab", count: 5_000), literally: true)
        try pane.send("BSpace")
        // Thirty characters fit in the search; the Backspace after the paste leaves twenty-nine.
        let expected = String(String(repeating: "ab", count: 15).prefix(29))
        let cut = try pane.waitFor { screen in
            screen.components(separatedBy: "\n").contains { line in
                guard let range = line.range(of: "Recherche : ") else { return false }
                return line[range.upperBound...].trimmingCharacters(in: .whitespaces) == expected
            }
        }
        let seconds = Date().timeIntervalSince(started)
        #expect(cut.matched, "\(cut.screen)")
        print("paste: 10,000 characters pasted, cut to 30, Backspace answered \(String(format: "%.2f", seconds)) s after the paste began")
        for pid in try pane.commandPIDs() { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }

    @Test("SIGUSR1, SIGALRM and SIGQUIT end the kiosk with the terminal given back, the reason logged and 128 + the signal as status")
    func otherSignals() throws {
        for signal in [SIGUSR1, SIGALRM, SIGQUIT] {
            let folder = try TemporaryFolder()
            let pane = try startKiosk(folder)
            #expect(try pane.waitFor("Bienvenue !").matched)
            for pid in try pane.commandPIDs() { kill(pid, signal) }
            #expect(pane.exitStatus() == 128 + signal, "signal \(signal)")
            let log = try String(contentsOf: folder.path("data/fabrique.log"), encoding: .utf8)
            #expect(log.contains("kiosk stopped by signal \(signal)"), "\(log)")
            #expect(!log.contains("fatal signal"))
        }
    }

    @Test("TERM=dumb is refused with a clear message before the screen is touched")
    func dumbTerminal() throws {
        let folder = try TemporaryFolder()
        let pane = try startKiosk(folder, environment: ["TERM": "dumb"])
        #expect(pane.exitStatus() == 69)
        _ = folder
    }

    @Test("records and catalogue texts with escape sequences are printed neutralised by every command")
    func escapesNeutralised() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let booked = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", Self.now, "--slot",
                                                     "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--first-name", "Zoé",
                                                     "--last-name", "Martin", "--phone", "0612345678", "--consent", "--json"])
        #expect(booked.status == 0, "\(booked.standardError)")
        // A hand edit (or an older version) puts an escape sequence and a bidi override into the record.
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let text = try String(contentsOf: journal, encoding: .utf8)
            .replacingOccurrences(of: "\"Zoé\"", with: "\"Zo\\u001b]0;pwned\\u0007\\u001b[31m\\u202eé\"")
        try text.write(to: journal, atomically: true, encoding: .utf8)
        for arguments in [["agenda", "--date", "2026-12-01"], ["call-list", "--date", "2026-12-01"],
                          ["call-list", "--date", "2026-12-01", "--csv"], ["export", "bookings", "--from", "2026-12-01", "--to", "2026-12-31", "--csv"],
                          ["agenda", "--date", "2026-12-01", "--json"]] {
            let result = try CommandResult.run(fabrique, arguments + ["--data", data.url.path, "--now", Self.now])
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            #expect(!result.standardOutput.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E },
                    "\(arguments)")
            #expect(result.standardOutput.contains("U+001B") || result.standardOutput.contains("\\u001b"), "\(arguments): \(result.standardOutput)")
        }
        // The catalogue: validate refuses the control character and prints its own message neutralised.
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"start\": \"09:30\"", with: "\"start\": \"9\\u001b[31m:00\"")
        let validate = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(validate.status == 65)
        #expect(!validate.standardOutput.unicodeScalars.contains { $0.value == 0x1B })
        #expect(validate.standardOutput.contains("caractère de contrôle"), "\(validate.standardOutput)")
    }

    @Test("settings and staff.json out of range are named by validate and refused before the kiosk starts")
    func settingsRanges() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try #"{"idleTimeoutSeconds": 9223372036854775807}"#.write(to: folder.path("settings.json"), atomically: true, encoding: .utf8)
        let validate = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(validate.status == 65)
        #expect(validate.standardOutput.contains("valeur hors limites : 9223372036854775807 (accepté : 10...3600)"), "\(validate.standardOutput)")
        try FileManager.default.removeItem(at: folder.path("settings.json"))
        let flag = try CommandResult.run(fabrique, ["kiosk", "--data", data.url.path, "--idle-timeout", "9223372036854775807"])
        #expect(flag.status == 64, "\(flag.standardError)")
        for (field, value) in [("rounds", "-1"), ("rounds", "4294967295"), ("algorithm", "5")] {
            let credential = try StaffCredential.make(pin: "2468", rounds: 1000)
            var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(StaffFile(pin: credential))) as? [String: Any])
            var pin = try #require(object["pin"] as? [String: Any])
            pin[field] = field == "algorithm" ? Int(value) as Any : Int(value) as Any
            object["pin"] = pin
            try JSONSerialization.data(withJSONObject: object).write(to: folder.path("staff.json"))
            let result = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
            #expect(result.status == 65, "\(field)=\(value): \(result.standardOutput)")
            #expect(result.standardOutput.contains("staff.json"), "\(field)=\(value): \(result.standardOutput)")
            let kiosk = try CommandResult.run(fabrique, ["kiosk", "--data", data.url.path])
            #expect(kiosk.status == 65, "\(field)=\(value): \(kiosk.standardError)")
        }
        // --data naming a file, and a folder others can write.
        let file = try CommandResult.run(fabrique, ["validate", "--data", folder.path("catalogue/sites.json").path])
        #expect(file.status == 65 && file.standardError.contains("pas un dossier"), "\(file.standardError)")
        chmod(folder.url.path, 0o777)
        let open = try CommandResult.run(fabrique, ["show", "ACDEFG", "--data", data.url.path])
        #expect(open.status == 65 && open.standardError.contains("modifiable par d'autres"), "\(open.standardError)")
        chmod(folder.url.path, 0o700)
        // purge refuses absurd limits at once instead of running for minutes.
        let purge = try CommandResult.run(fabrique, ["purge", "--data", data.url.path, "--older-than", "9223372036854775807"])
        #expect(purge.status == 64 && purge.standardError.contains("entre 1 et 600"), "\(purge.standardError)")
    }

    @Test("a journal, log or audit file that is a symbolic link is refused, and nothing is written where it points")
    func symbolicLinks() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let outside = try TemporaryFolder()
        let target = outside.path("stolen.txt")
        try Data().write(to: target)
        try FileManager.default.createDirectory(at: folder.path("records/bookings"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.path("records/bookings/2026-12.jsonl"), withDestinationURL: target)
        let booked = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", Self.now, "--slot",
                                                     "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--first-name", "Zoé",
                                                     "--last-name", "Martin", "--consent"])
        #expect(booked.status == 74, "\(booked.standardError)")
        #expect(booked.standardError.contains("lien symbolique"), "\(booked.standardError)")
        #expect(try Data(contentsOf: target).isEmpty)
        try FileManager.default.createSymbolicLink(at: folder.path("fabrique.log"), withDestinationURL: target)
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data.url.path, "--now", Self.now], width: 80, height: 24,
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(pane.exitStatus() == 73)
        #expect(try Data(contentsOf: target).isEmpty)
    }

    @Test("60,000 random bytes and 300 resizes down to 1×1: the kiosk is still there, and a SIGTERM still exits cleanly")
    func byteAndResizeStorm() throws {
        let folder = try TemporaryFolder()
        let pane = try startKiosk(folder)
        #expect(try pane.waitFor("Bienvenue !").matched)
        var generator = SplitMix64(state: 20261130)
        let pids = try pane.commandPIDs()
        for chunk in 0..<60 {
            // Raw bytes, control characters and broken UTF-8 included, as a terminal could deliver them.
            let bytes = (0..<1_000).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }
            _ = try pane.tmux(["send-keys", "-t", "0", "-H"] + bytes)
            for _ in 0..<5 {
                try pane.resize(width: Int.random(in: 1...120, using: &generator), height: Int.random(in: 1...40, using: &generator))
            }
            if chunk % 20 == 19 { #expect(try pane.commandPIDs() == pids, "after \((chunk + 1) * 1_000) bytes") }
        }
        try pane.resize(width: 80, height: 24)
        #expect(try pane.commandPIDs() == pids)
        // It still draws: a frame of 80 columns comes back.
        let drawn = try pane.waitFor { $0.contains("La Fabrique à entreprendre") }
        #expect(drawn.matched, "\(drawn.screen)")
        print("storm: 60,000 random bytes and 300 resizes down to 1×1, kiosk still running")
        for pid in pids { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
    }
}
