import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The deploy/ folder: the unit files systemd would run, checked by systemd itself, and their restart
/// behaviour run for real under a supervisor a test can start.
@Suite("deploy/: unit files and restarts", .serialized)
struct DeployTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let deploy = repository.appendingPathComponent("deploy")

    /// The `[Service]` settings of a unit file, a key given twice keeping its last value.
    static func service(_ unit: String) throws -> [String: String] {
        let text = try String(contentsOf: deploy.appendingPathComponent(unit), encoding: .utf8)
        var section = ""
        var values: [String: String] = [:]
        for line in text.components(separatedBy: "\n") where !line.hasPrefix("#") && !line.isEmpty {
            if line.hasPrefix("[") { section = line; continue }
            guard section == "[Service]", let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return values
    }

    @Test("the built program keeps its hardening through the custom link: position-independent, RELRO, no executable stack, read-only data out of the writable segment, packed relocations, the hot code in .text.hot, the C++ runtime and unwinder linked in")
    func linkedHardened() throws {
        let headers = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/readelf"), ["-h", "-lW", "-SW", "-d", BuiltProgram.fabrique.path])
        #expect(headers.status == 0, "\(headers.standardError)")
        let text = headers.standardOutput
        #expect(text.contains("DYN (Position-Independent Executable file)"))
        #expect(text.contains("GNU_RELRO"), "GNU ld gives no RELRO when a writable .rodata is mixed in (Linking/writable-rodata.ld)")
        #expect(text.contains(".relr.dyn") && text.contains(".text.hot"))
        // Linking/static-libstdc++: the program itself names neither shared library (1 MB of their tables and
        // code were resident in the static build).
        let needed = text.components(separatedBy: "\n").filter { $0.contains("(NEEDED)") }
        #expect(!needed.isEmpty && !needed.contains { $0.contains("libstdc++") || $0.contains("libgcc_s") }, "\(needed)")
        let lines = text.components(separatedBy: "\n")
        let stack = lines.first { $0.contains("GNU_STACK") } ?? ""
        #expect(stack.contains(" RW ") && !stack.contains(" RWE "), "\(stack)")
        // The program headers in order (their position is the segment's number in the mapping that follows).
        let start = (lines.firstIndex { $0.contains("Program Headers:") } ?? 0) + 2
        let end = lines.firstIndex { $0.contains("Section to Segment mapping:") } ?? lines.count
        let programHeaders = lines[start..<min(max(start, end), lines.count)].filter { line in
            guard let first = line.split(separator: " ").first?.first else { return false }
            return first.isUppercase
        }
        var sectionsOf: [Int: [Substring]] = [:]
        for line in lines[min(end, lines.count)...] {
            let tokens = line.split(separator: " ")
            if let first = tokens.first, let number = Int(first) { sectionsOf[number] = Array(tokens.dropFirst()) }
        }
        let writable = programHeaders.enumerated().filter { $0.element.hasPrefix("  LOAD") && $0.element.contains(" RW ") }
        #expect(!writable.isEmpty)
        for (number, _) in writable {
            let sections = sectionsOf[number] ?? []
            #expect(!sections.contains(".rodata") && !sections.contains("swift5_protocols") && !sections.contains(".eh_frame"), "\(sections)")
            #expect(sections.contains(".data"), "\(sections)")
        }
        // What the loader relocates becomes read-only once relocated.
        let relro = programHeaders.enumerated().first { $0.element.hasPrefix("  GNU_RELRO") }.map { sectionsOf[$0.offset] ?? [] } ?? []
        for section in [".init_array", ".fini_array", ".data.rel.ro", ".got"] {
            #expect(relro.contains(Substring(section)), "RELRO covers \(relro)")
        }
    }

    @Test("systemd-analyze verify finds nothing to say about either unit", arguments: ["fabrique-kiosk@.service", "fabrique-kiosk-ssh@.service"])
    func verify(unit: String) throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze") else {
            Issue.record("systemd-analyze is missing: install the systemd package (.ci/run does)")
            return
        }
        // A copy whose program is the one just built: verify checks that the command exists.
        let folder = try TemporaryFolder()
        let text = try String(contentsOf: Self.deploy.appendingPathComponent(unit), encoding: .utf8)
            .replacingOccurrences(of: "/usr/local/bin/fabrique", with: BuiltProgram.fabrique.path)
        try text.write(to: folder.url.appendingPathComponent(unit), atomically: true, encoding: .utf8)
        let instance = unit.replacingOccurrences(of: "@.service", with: "@tty1.service")
        let result = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                           ["-c", "cd \(TmuxPane.shellQuote(folder.url.path)) && exec systemd-analyze verify \(instance)"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty && result.standardOutput.isEmpty, "\(result.standardOutput)\(result.standardError)")
    }

    @Test("the console unit runs the kiosk, never a shell, and restarts it at once, whatever ends it")
    func unitSettings() throws {
        let service = try Self.service("fabrique-kiosk@.service")
        #expect(service["Restart"] == "always")
        #expect(Int(service["RestartSec"] ?? "") ?? 99 <= 2)
        #expect(service["User"] == "fabrique", "never root")
        #expect(service["ExecStart"]?.hasPrefix("/usr/local/bin/fabrique kiosk") == true)
        #expect(service["StandardError"] == "journal" && service["StandardOutput"] == "tty")
        #expect(service["ReadWritePaths"] == "/srv/fabrique" && service["ProtectSystem"] == "strict")
        let unit = try String(contentsOf: Self.deploy.appendingPathComponent("fabrique-kiosk@.service"), encoding: .utf8)
        #expect(unit.contains("Conflicts=getty@%i.service"), "no login prompt on the kiosk's console")
        #expect(unit.contains("StartLimitIntervalSec=0"), "systemd never gives up")
        // Over SSH, ssh's own escapes (Enter ~. to drop, ~C for its prompt) must not be keys a visitor can use.
        let ssh = try Self.service("fabrique-kiosk-ssh@.service")
        #expect(ssh["ExecStart"]?.contains("-o EscapeChar=none") == true && ssh["Restart"] == "always")
        let session = try String(contentsOf: Self.deploy.appendingPathComponent("fabrique-session"), encoding: .utf8)
        #expect(session.contains("*[!a-z0-9-]*") && session.contains("trap '' INT QUIT TSTP"))
    }

    @Test("under a supervisor with the unit's command line and restart settings: after kill -9 the kiosk is back, and what was typed meanwhile reached no shell")
    func restartAfterKill() throws {
        let service = try Self.service("fabrique-kiosk@.service")
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        #expect(try CommandResult.run(BuiltProgram.fabrique, ["init", "--data", data]).status == 0)
        let command = (service["ExecStart"] ?? "")
            .replacingOccurrences(of: "/usr/local/bin/fabrique", with: BuiltProgram.fabrique.path)
            .replacingOccurrences(of: "/srv/fabrique", with: data)
        let pause = service["RestartSec"] ?? "1"
        // What Restart=always does, and nothing more: the command again after RestartSec, for ever. The
        // supervisor reads no input (sh -c): keys typed while no kiosk runs wait for the next one.
        let environment = (service["Environment"] ?? "").split(separator: " ").map { "export \($0);" }.joined(separator: " ")
            .replacingOccurrences(of: "/srv/fabrique", with: data).replacingOccurrences(of: "TERM=linux", with: "TERM=tmux-256color")
        // StandardError=journal: the kiosk's standard error is not its terminal, here a file standing for the journal.
        let journal = folder.path("journal").path
        let supervisor = "\(environment) trap '' INT QUIT TSTP; while :; do \(command) --now 2026-11-27T10:00:00 2>>\(TmuxPane.shellQuote(journal)); sleep \(pause); done"
        let pane = try TmuxPane(["/bin/sh", "-c", supervisor], folder: folder.url)
        // Whatever happens below, the supervisor loop and its kiosks end with the test (every process whose
        // command line names this data folder): a loop left behind would restart kiosks for ever.
        defer { _ = try? CommandResult.run(URL(fileURLWithPath: "/usr/bin/pkill"), ["-KILL", "-f", data]) }
        #expect(try pane.waitFor("Bienvenue !").matched)
        let first = try kioskPIDs(data)
        #expect(first.count == 1, "\(first)")

        let witness = folder.path("shell-was-reached").path
        for pid in first { kill(pid, SIGKILL) }
        // Typed at once, while no kiosk runs: a shell would run it.
        try pane.send("touch \(witness)", literally: true)
        try pane.send("Enter")
        // Back: a new kiosk has started (its line in the log) and drawn its welcome screen.
        #expect(starts(data, reach: 2), "no second start")
        // What was typed meanwhile reaches neither a shell nor the new kiosk, which drops keys typed before it started.
        let back = try pane.waitFor(timeout: 20) { $0.contains("Bienvenue !") }
        #expect(back.matched, "\(back.screen)")
        let second = try kioskPIDs(data)
        #expect(second.count == 1 && second != first)
        #expect(!FileManager.default.fileExists(atPath: witness), "a shell ran what was typed")
        #expect(!back.screen.contains("$ ") && !back.screen.contains("# "), "\(back.screen)")

        // A clean end (status 0, as when staff leave with menu 9) brings it back the same way.
        for pid in second { kill(pid, SIGTERM) }
        #expect(starts(data, reach: 3), "no third start")
        let third = try pane.waitFor(timeout: 20) { $0.contains("Bienvenue !") }
        #expect(third.matched, "\(third.screen)")
        // Each start and end is in the journal as well as in fabrique.log.
        let journalText = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(journalText.components(separatedBy: "kiosk started: site=belle-beille").count == 4, "\(journalText)")
        #expect(journalText.contains("kiosk stopped by signal 15"))
        #expect(try String(contentsOfFile: "\(data)/fabrique.log", encoding: .utf8).contains("kiosk stopped by signal 15"))
        for pid in try kioskPIDs(data) { kill(pid, SIGKILL) }
        _ = try? pane.tmux(["kill-server"])
        _ = folder
    }

    /// Waits until `data`'s log holds `count` kiosk starts; false after 20 s.
    func starts(_ data: String, reach count: Int) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let log = (try? String(contentsOfFile: "\(data)/fabrique.log", encoding: .utf8)) ?? ""
            if log.components(separatedBy: "kiosk started:").count - 1 >= count { return true }
            usleep(50_000)
        }
        return false
    }

    /// The kiosks running on `data` (found by their command line).
    func kioskPIDs(_ data: String) throws -> [Int32] {
        let processes = try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap(Int32.init)
        return processes.filter { pid in
            guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            let words = raw.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            return words.first == BuiltProgram.fabrique.path && words.contains("kiosk") && words.contains(data)
        }.sorted()
    }
}
