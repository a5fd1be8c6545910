@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Testing

/// The kiosk draws its first frame from the first part of the catalogue's compact form and reads the rest
/// beside it: a form whose rest was edited by hand must still leave the kiosk on what the files say.
@Suite("The kiosk's start from the catalogue's compact form, in a real terminal", .serialized)
struct CatalogueStartTerminalTests {
    static let now = "2026-11-27T10:00:00"

    /// A data folder made by `fabrique init`, its catalogue settled and its compact form written by the
    /// built program, then replaced by a form of the same files whose rest names a partner nobody
    /// declared (an absence), checksum and all: its first part passes, its whole does not.
    func forgedFolder(breaking broken: Bool = false) throws -> (folder: TemporaryFolder, data: DataFolder) {
        let folder = try TemporaryFolder()
        let data = DataFolder(url: folder.path("data"))
        let made = try CommandResult.run(BuiltProgram.fabrique, ["init", "--data", data.url.path])
        #expect(made.status == 0, "\(made.standardError)")
        // Files younger than three seconds are not trusted to their times: no form would be written.
        Thread.sleep(forTimeInterval: 3.2)
        let listed = try CommandResult.run(BuiltProgram.fabrique, ["slots", "--data", data.url.path, "--now", Self.now])
        #expect(listed.status == 0, "\(listed.standardError)")
        let program = try #require(CompactCatalogue.programIdentity(of: BuiltProgram.fabrique.path))
        let compact = CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: program, settled: 0)
        #expect(compact.pending(from: data.catalogueURL)?.complete() != nil, "the built program wrote a sound form")
        let full = try #require(CatalogueLoader.load(from: data.catalogueURL).catalogue)
        if broken {
            // A comma lost in the permanences, and no last good copy (the kiosk never ran on this folder).
            try CatalogueFixture.edit(.permanences, in: data, replacing: "\"capacity\": 1,", with: "\"capacity\": 1")
        }
        let stranger = try JSONDecoder().decode(PartnerAbsence.self, from: Data(#"{"partner":"personne","from":"2026-12-01"}"#.utf8))
        let forged = Catalogue(sites: full.sites, quartiers: full.quartiers, needs: full.needs, partners: full.partners,
                               permanences: full.permanences, sessions: full.sessions, closures: full.closures,
                               absences: full.absences + [stranger], rules: full.rules, territory: full.territory, notes: full.notes)
        let form = CompactCatalogue.form(of: forged, files: CompactCatalogue.identities(in: data.catalogueURL), program: program)
        try Data(form).write(to: compact.url)
        let pending = try #require(compact.pending(from: data.catalogueURL), "the forged form's first part passes")
        #expect(pending.complete() == nil)
        return (folder, data)
    }

    @Test("a form whose rest was edited by hand: the first frame, then the files read in full; the kiosk runs on what they say and the form is written again")
    func forgedRestReadInFull() throws {
        let (folder, data) = try forgedFolder()
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data.url.path, "--now", Self.now],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(try pane.waitFor("Bienvenue !").matched)
        // The agenda of the place (key 3 on the welcome screen) lists the permanences: the whole catalogue is in use.
        try pane.send("3")
        let agenda = try pane.waitFor("Aldev")
        #expect(agenda.screen.contains("vendredi 27 novembre, 14 h–16 h 15 : Aldev"), "\(agenda.screen)")
        let log = try String(contentsOf: data.logURL, encoding: .utf8)
        #expect(log.contains("catalogue's compact form not usable: the files are read in full"), "\(log)")
        let program = try #require(CompactCatalogue.programIdentity(of: BuiltProgram.fabrique.path))
        let compact = CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: program, settled: 0)
        #expect(compact.pending(from: data.catalogueURL)?.complete() != nil, "the form was written again from the files")
        try pane.send("Escape")
        #expect(try pane.waitFor("Bienvenue !").matched)
    }

    @Test("a form whose rest was edited by hand, on files with an error and no last good copy: the kiosk gives the terminal back, names the error with its line and column, and stops with status 65")
    func forgedRestOnBrokenFiles() throws {
        let (folder, data) = try forgedFolder(breaking: true)
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data.url.path, "--now", Self.now],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        #expect(pane.exitStatus() == 65)
        // Lines as printed, not as wrapped at the pane's 80 columns.
        let screen = try pane.tmux(["capture-pane", "-p", "-J", "-t", "0"])
        #expect(screen.range(of: #"permanences\.json:\d+:\d+: erreur : virgule manquante"#, options: .regularExpression) != nil, "\(screen)")
        #expect(!screen.contains("Bienvenue !"), "the terminal was given back: \(screen)")
    }

    @Test("a data folder whose catalogue went missing starts on its last good copy at every start, never on the embedded catalogue's compact form")
    func missingFolderKeepsTheCopy() throws {
        let folder = try TemporaryFolder()
        let data = DataFolder(url: folder.path("data"))
        #expect(try CommandResult.run(BuiltProgram.fabrique, ["init", "--data", data.url.path]).status == 0)
        Thread.sleep(forTimeInterval: 3.2)
        let command = [BuiltProgram.fabrique.path, "--data", data.url.path, "--now", Self.now]
        let environment = ["TERM": "tmux-256color", "LANG": "C.UTF-8"]
        // The first start keeps the copy and the compact form.
        do {
            let pane = try TmuxPane(command, environment: environment, folder: folder.url)
            #expect(try pane.waitFor("Bienvenue !").matched)
        }
        #expect(FileManager.default.fileExists(atPath: LastGoodCatalogue(dataFolder: data).url.path))
        try FileManager.default.moveItem(at: data.catalogueURL, to: folder.path("moved"))
        for start in 2...3 {
            let pane = try TmuxPane(command, environment: environment, folder: folder.url)
            #expect(try pane.waitFor("Bienvenue !").matched, "start \(start)")
            let log = try String(contentsOf: data.logURL, encoding: .utf8)
            let fallbacks = log.components(separatedBy: "the last good copy is used").count - 1
            #expect(fallbacks == start - 1, "start \(start): \(log)")
        }
    }

    @Test("a pipe planted at the staff's absences: the kiosk neither hangs nor ignores its stop signal", .timeLimit(.minutes(1)))
    func pipeAtAbsences() throws {
        let (folder, data) = try forgedFolder()
        // A sound form this time: the kiosk reads its rest beside the first frame.
        #expect(try CommandResult.run(BuiltProgram.fabrique, ["slots", "--data", data.url.path, "--now", Self.now]).status == 0)
        let absences = data.url.appendingPathComponent("records/absences.json")
        try FileManager.default.createDirectory(at: absences.deletingLastPathComponent(), withIntermediateDirectories: true)
        #expect(mkfifo(absences.path, 0o600) == 0)
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "--data", data.url.path, "--now", Self.now],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        let status = pane.exitStatus(timeout: 20)
        let screen = try pane.tmux(["capture-pane", "-p", "-J", "-t", "0"])
        #expect(status == 74, "\(screen)")
        #expect(screen.contains("absences.json"), "\(screen)")
    }
}
