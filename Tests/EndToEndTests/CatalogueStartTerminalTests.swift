@testable import FabriqueCore
import FabriqueTesting
import Foundation
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
}
