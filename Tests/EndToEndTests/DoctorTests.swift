import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// `fabrique doctor` in a real terminal, on a good set-up and on each broken one in turn.
@Suite("fabrique doctor", .serialized)
struct DoctorTests {
    /// A data folder as the README's installation leaves it: the catalogue copied, a PIN set.
    func goodFolder() throws -> (folder: TemporaryFolder, data: String) {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        #expect(try CommandResult.run(BuiltProgram.fabrique, ["init", "--data", data]).status == 0)
        let pin = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                        ["-c", "printf '2468\\n2468\\n' | '\(BuiltProgram.fabrique.path)' set-pin --data '\(data)'"])
        #expect(pin.status == 0)
        return (folder, data)
    }

    /// Runs doctor in a tmux pane; its whole output (wrapped lines joined) and exit status.
    func doctor(_ data: String, _ extra: [String] = [], environment: [String: String] = [:], width: Int = 100, height: Int = 40,
                folder: TemporaryFolder) throws -> (status: Int32?, output: String) {
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "doctor", "--data", data, "--now", "2026-11-27T10:00:00"] + extra,
                                width: width, height: height,
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8", "TZ": "Europe/Paris"].merging(environment) { $1 },
                                folder: folder.url)
        let status = pane.exitStatus()
        return (status, try pane.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", "0"]))
    }

    @Test("a terminal set up as the README says is all well: exit 0, every line ticked")
    func allWell() throws {
        let (folder, data) = try goodFolder()
        let result = try doctor(data, folder: folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("✓ Terminal : TERM=tmux-256color, 256 couleurs."))
        #expect(result.output.contains("✓ Taille : 100 × 40"))
        #expect(result.output.contains("✓ Caractères : UTF-8."))
        #expect(result.output.contains("✓ Catalogue :"))
        #expect(result.output.contains("✓ Code du personnel : enregistré."))
        #expect(result.output.contains("! Impression : aucune commande"))
        #expect(result.output.contains("Tout va bien"))
        #expect(!result.output.contains("✗"))
        // A locale that is not UTF-8 is a note: the kiosk switches to C.UTF-8 by itself.
        let plain = try doctor(data, environment: ["LANG": "C", "LC_ALL": "C"], folder: folder)
        #expect(plain.status == 0, "\(plain.output)")
        #expect(plain.output.contains("! Caractères : la langue du système est en ANSI_X3.4-1968, pas en UTF-8"))
    }

    /// A broken set-up: what breaks it, and the sentence doctor must say.
    struct Breakage: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: String
        var extra: [String] = []
        var environment: [String: String] = [:]
        var width = 100
        var height = 40
        var prepare: @Sendable (String) throws -> Void = { _ in }
        var testDescription: String { name }
    }

    static let breakages: [Breakage] = [
        Breakage(name: "no PIN", expected: "✗ Code du personnel : aucun, l'espace du personnel est fermé. Corrigez : fabrique set-pin --data",
                 prepare: { try FileManager.default.removeItem(atPath: "\($0)/staff.json") }),
        Breakage(name: "damaged staff.json", expected: "✗ Code du personnel : ", prepare: { try "{".write(toFile: "\($0)/staff.json", atomically: true, encoding: .utf8) }),
        Breakage(name: "broken catalogue", expected: "✗ Catalogue : 1 erreur dans",
                 prepare: { data in
                     let url = URL(fileURLWithPath: "\(data)/catalogue/permanences.json")
                     let text = try String(contentsOf: url, encoding: .utf8)
                     try text.replacingOccurrences(of: "\"end\": \"16:15\",", with: "\"end\": \"16:15\"").write(to: url, atomically: true, encoding: .utf8)
                 }),
        Breakage(name: "folder writable by others", expected: "✗ Dossier des données : ",
                 prepare: { _ = chmod($0, 0o777) }),
        Breakage(name: "no data folder", expected: "n'existe pas. Créez-le avec « fabrique init --data",
                 prepare: { try FileManager.default.removeItem(atPath: $0) }),
        Breakage(name: "TERM=dumb", expected: "✗ Terminal : TERM=dumb ne sait pas placer le curseur", environment: ["TERM": "dumb"]),
        Breakage(name: "unknown TERM", expected: "✗ Terminal : TERM=vt-inconnu est inconnu", environment: ["TERM": "vt-inconnu"]),
        Breakage(name: "window too small", expected: "✗ Taille : 70 × 20, trop petit : il faut au moins 80 × 24", width: 70, height: 20),
        Breakage(name: "print program missing", expected: "✗ Impression : « imprimante-absente » introuvable",
                 prepare: { try #"{"printCommand": "imprimante-absente -d accueil"}"#.write(toFile: "\($0)/settings.json", atomically: true, encoding: .utf8) }),
        Breakage(name: "test page fails", expected: "✗ Impression : la page de test a échoué (« false » a renvoyé l'erreur 1)", extra: ["--test-page"],
                 prepare: { try #"{"printCommand": "false"}"#.write(toFile: "\($0)/settings.json", atomically: true, encoding: .utf8) }),
        Breakage(name: "little disk", expected: "✗ Disque : ", extra: ["--minimum-free-mb", "1000000000"]),
        Breakage(name: "clock implausible", expected: "✗ Horloge : jeudi 1 janvier 2004", extra: ["--now", "2004-01-01T10:00:00"]),
        Breakage(name: "clock gone back", expected: "l'horloge retarde",
                 prepare: { data in
                     try "".write(toFile: "\(data)/fabrique.log", atomically: true, encoding: .utf8)
                     try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_893_456_000)], ofItemAtPath: "\(data)/fabrique.log")
                 }),
        Breakage(name: "settings.json broken", expected: "✗ Réglages : ",
                 prepare: { try #"{"idleTimeoutSeconds": 2}"#.write(toFile: "\($0)/settings.json", atomically: true, encoding: .utf8) }),
        Breakage(name: "unknown place", expected: "✗ Réglages : le lieu « angers-centre » n'est pas dans le catalogue",
                 prepare: { try #"{"site": "angers-centre"}"#.write(toFile: "\($0)/settings.json", atomically: true, encoding: .utf8) }),
    ]

    @Test("each broken set-up is found and said with what to do; exit 1", arguments: breakages)
    func findsBreakage(_ breakage: Breakage) throws {
        let (folder, data) = try goodFolder()
        try breakage.prepare(data)
        // A breakage's own --now comes after the test's, and the parser keeps the last one.
        let result = try doctor(data, breakage.extra, environment: breakage.environment, width: breakage.width, height: breakage.height, folder: folder)
        #expect(result.status == 1, "\(breakage.name): \(result.output)")
        #expect(result.output.contains(breakage.expected), "\(breakage.name): \(result.output)")
        #expect(result.output.contains("avant de lancer le kiosque"))
    }

    @Test("outside a terminal, doctor says it cannot see the terminal's size; a good test page prints")
    func notATerminalAndTestPage() throws {
        let (folder, data) = try goodFolder()
        let printed = folder.path("printed.txt").path
        try #"{"printCommand": "cat > \#(printed)", "ticketWidth": 32, "ticketCut": true}"#.write(toFile: "\(data)/settings.json", atomically: true, encoding: .utf8)
        let result = try CommandResult.run(BuiltProgram.fabrique, ["doctor", "--data", data, "--test-page"], environment: ["TERM": "xterm-256color"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("✗ Terminal : fabrique doctor ne tourne pas dans un terminal"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("✓ Impression : page de test envoyée"))
        let page = try String(contentsOfFile: printed, encoding: .utf8)
        #expect(page.contains("page de test") && page.contains("s'imprimeront"))
        #expect(page.split(separator: "\n").allSatisfy { $0.count <= 32 }, "laid out to the receipt's width")
        // A receipt printer's test page is cut like a ticket.
        #expect(page.hasSuffix("\u{1D}V\u{42}\u{00}"))
        #expect(result.standardOutput.contains("✓ Tickets : imprimante à tickets de 32 colonnes, coupe après chaque ticket."))
    }
}
