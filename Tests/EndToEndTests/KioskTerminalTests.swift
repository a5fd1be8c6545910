import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The built program in a real terminal (tmux), driven and read as a person would.
@Suite("The kiosk in a real terminal", .serialized)
struct KioskTerminalTests {
    static let now = "2026-11-27T10:00:00"

    func startKiosk(_ extra: [String] = [], environment: [String: String] = [:], width: Int = 80, height: Int = 24)
        throws -> (pane: TmuxPane, folder: TemporaryFolder) {
        let folder = try TemporaryFolder()
        let command = [BuiltProgram.fabrique.path] + extra + ["--data", folder.path("data").path, "--now", Self.now]
        let pane = try TmuxPane(command, width: width, height: height,
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"].merging(environment) { $1 },
                                folder: folder.url)
        return (pane, folder)
    }

    @Test("welcome screen, resize, too small, back, SIGTERM: the screen is right at each step and the exit clean")
    func welcomeResizeTerminate() throws {
        let (pane, folder) = try startKiosk()
        let first = try pane.waitFor("vendredi 27 novembre 2026")
        #expect(first.matched, "\(first.screen)")
        let lines = first.screen.components(separatedBy: "\n")
        #expect(lines[0].hasPrefix(" La Fabrique à entreprendre"))
        #expect(lines[0].hasSuffix("vendredi 27 novembre 2026"))
        #expect(first.screen.contains("Bienvenue !"))
        #expect(first.screen.contains("« La Fabrique à entreprendre » de Belle-Beille"))
        #expect(lines[0].hasPrefix(" La Fabrique à entreprendre — Angers Loire Métropole"))
        #expect(first.screen.contains("8 rue André-Le Nôtre, 49000 Angers"))
        #expect(first.screen.contains("╭───"))
        #expect(lines.count >= 24 && lines[23].contains("L  English"))

        try pane.resize(width: 100, height: 30)
        let wide = try pane.waitFor { screen in
            let rows = screen.components(separatedBy: "\n")
            return rows.count >= 30 && rows[0].count == 99 && rows[29].contains("L  English")
        }
        #expect(wide.matched, "\(wide.screen)")
        // The frame is centred again: 100 columns, a 76-column frame, 12 columns on each side.
        #expect(wide.screen.contains("\n            ╭───"))

        try pane.resize(width: 60, height: 20)
        let small = try pane.waitFor("Fenêtre trop petite")
        #expect(small.matched, "\(small.screen)")
        #expect(small.screen.contains("Taille actuelle : 60 × 20"))
        #expect(!small.screen.contains("╭"))

        try pane.resize(width: 80, height: 24)
        let back = try pane.waitFor("Bienvenue !")
        #expect(back.matched, "\(back.screen)")

        try pane.send("l")
        #expect(try pane.waitFor("Welcome!").matched)
        #expect(try pane.waitFor("L  Français").matched)

        let pids = try pane.commandPIDs()
        #expect(pids.count == 1)
        for pid in pids { kill(pid, SIGTERM) }
        #expect(pane.exitStatus() == 0)
        let log = try String(contentsOf: folder.path("data/fabrique.log"), encoding: .utf8)
        #expect(log.contains("kiosk started: site=belle-beille"))
        #expect(log.contains("kiosk stopped by signal 15"))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder.path("data/fabrique.log").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("without colours (TERM=vt100, NO_COLOR) and with a non-UTF-8 locale, accents and frames still render")
    func plainTerminal() throws {
        let (pane, folder) = try startKiosk(["kiosk", "--site", "grand-bellevue"],
                                       environment: ["TERM": "vt100", "NO_COLOR": "1", "LANG": "C", "LC_ALL": "C"])
        let screen = try pane.waitFor("49800 Trélazé")
        #expect(screen.matched, "\(screen.screen)")
        #expect(screen.screen.contains("╰───"))
        #expect(screen.screen.contains("vendredi 27 novembre 2026"))
        for pid in try pane.commandPIDs() { kill(pid, SIGHUP) }
        #expect(pane.exitStatus() == 0)
        withExtendedLifetime(folder) {}
    }

    @Test("broken data: the messages stay on screen, the terminal is never taken, the exit is non-zero")
    func brokenData() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.sites, in: data, replacing: "\"postalCode\": \"49000\",", with: "\"postalCode\": \"49000\"")
        // Wide enough that no message line is wrapped by the terminal.
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data.url.path], width: 240, folder: folder.url)
        #expect(pane.exitStatus() == 65)
        let screen = try pane.capture()
        #expect(screen.contains("catalogue/sites.json:"), "\(screen)")
        #expect(screen.contains(": erreur : virgule manquante entre deux éléments"), "\(screen)")
        #expect(!screen.contains("Bienvenue"))
        #expect(!FileManager.default.fileExists(atPath: data.logURL.path))
    }
}
