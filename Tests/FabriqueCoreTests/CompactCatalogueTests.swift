@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("The compact catalogue")
struct CompactCatalogueTests {
    /// Whether two catalogues say the same, field by field.
    static func same(_ a: Catalogue?, _ b: Catalogue?) -> Bool {
        guard let a, let b else { return false }
        return a.sites == b.sites && a.quartiers == b.quartiers && a.needs == b.needs && a.partners == b.partners
            && a.permanences == b.permanences && a.sessions == b.sessions && a.closures == b.closures
            && a.absences == b.absences && a.rules == b.rules && a.territory == b.territory && a.notes == b.notes
    }

    /// The compact form of `data` as the kiosk keeps it, except that files just written are trusted
    /// (the fixtures' files are seconds old; the delay before trusting them has its own test).
    static func settledCompact(_ data: DataFolder) -> CompactCatalogue {
        CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: CompactCatalogue.programIdentity(), settled: 0)
    }

    /// The files of `folder` whose name starts with a dot (a writer's temporary files).
    static func hidden(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
    }

    @Test("is written at the first read and reused at the next, saying exactly what the files say")
    func writtenThenReused() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let compact = Self.settledCompact(data)
        let full = CatalogueLoader.load(from: data.catalogueURL)
        let first = compact.load(from: data.catalogueURL)
        #expect(first.outcome == .written)
        #expect(Self.same(first.report.catalogue, full.catalogue))
        let second = compact.load(from: data.catalogueURL)
        #expect(second.outcome == .reused)
        #expect(second.report.isUsable)
        #expect(second.report.problems.isEmpty)
        #expect(second.report.folder == data.catalogueURL)
        #expect(Self.same(second.report.catalogue, full.catalogue))
        // The partners' services, audiences and recurrences, the deepest values, came back whole.
        #expect(second.report.catalogue?.partners.flatMap(\.services).count == full.catalogue?.partners.flatMap(\.services).count)
        #expect(try Self.hidden(in: folder.url).isEmpty)
    }

    @Test("of the embedded catalogue too, for a data folder without its own")
    func embedded() throws {
        let folder = try TemporaryFolder()
        let data = DataFolder(url: folder.url)
        let compact = Self.settledCompact(data)
        #expect(compact.load(from: CatalogueFixture.embeddedCatalogueURL).outcome == .written)
        let reused = compact.load(from: CatalogueFixture.embeddedCatalogueURL)
        #expect(reused.outcome == .reused)
        #expect(Self.same(reused.report.catalogue, try CatalogueFixture.defaultCatalogue()))
    }

    @Test("an edit in place that keeps the file's size and modification time is seen (its change time moves)")
    func sameSizeSameTime() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = Self.settledCompact(data)
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        let url = data.catalogueURL.appendingPathComponent(CatalogueFile.sites.fileName)
        let modified = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"Belle-Beille\"", with: "\"Belle-Beillo\"")
        #expect(edited != text && edited.utf8.count == text.utf8.count)
        let handle = try FileHandle(forUpdating: url)
        try handle.write(contentsOf: Data(edited.utf8))
        try handle.close()
        try FileManager.default.setAttributes([.modificationDate: try #require(modified)], ofItemAtPath: url.path)
        let after = compact.load(from: data.catalogueURL)
        #expect(after.outcome == .written)
        #expect(after.report.catalogue?.site("belle-beille")?.name == "Belle-Beillo")
        #expect(compact.load(from: data.catalogueURL).report.catalogue?.site("belle-beille")?.name == "Belle-Beillo")
    }

    @Test("an optional file removed, then added back changed, is seen")
    func optionalFileRemovedAndAdded() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = Self.settledCompact(data)
        #expect(compact.load(from: data.catalogueURL).report.catalogue?.notes[.rules] != nil)
        try FileManager.default.removeItem(at: data.catalogueURL.appendingPathComponent(CatalogueFile.rules.fileName))
        let removed = compact.load(from: data.catalogueURL)
        #expect(removed.outcome == .written)
        #expect(removed.report.catalogue?.notes[.rules] == nil)
        #expect(compact.load(from: data.catalogueURL).outcome == .reused)
        try CatalogueFixture.write(.rules, in: data, #"{ "rules": { "horizonWeeks": 12 } }"#)
        let added = compact.load(from: data.catalogueURL)
        #expect(added.outcome == .written)
        #expect(added.report.catalogue?.rules.horizonWeeks == 12)
        #expect(compact.load(from: data.catalogueURL).report.catalogue?.rules.horizonWeeks == 12)
    }

    @Test("a catalogue with a warning or an error is read in full every time, never kept")
    func problemsAreNotKept() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = Self.settledCompact(data)
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        try FileManager.default.removeItem(at: data.catalogueURL.appendingPathComponent(CatalogueFile.territory.fileName))
        for _ in 0..<2 {
            let loaded = compact.load(from: data.catalogueURL)
            #expect(loaded.outcome == .notKept)
            #expect(loaded.report.problems.map(\.issue) == [.territoryMissing])
        }
        try CatalogueFixture.write(.sites, in: data, "{ \"sites\": [ }")
        let broken = compact.load(from: data.catalogueURL)
        #expect(broken.outcome == .notKept)
        #expect(broken.report.catalogue == nil)
        #expect(broken.report.errors.first?.location?.line == 1)
    }

    @Test("a form another program wrote is not read, and none is used without knowing the program")
    func otherProgram() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let older = CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: "1 2 3 4", settled: 0)
        let newer = CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: "1 2 3 5", settled: 0)
        #expect(older.load(from: data.catalogueURL).outcome == .written)
        #expect(newer.load(from: data.catalogueURL).outcome == .written)
        #expect(newer.load(from: data.catalogueURL).outcome == .reused)
        let unknown = CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: nil, settled: 0)
        #expect(unknown.load(from: data.catalogueURL).outcome == .notKept)
        #expect(unknown.load(from: data.catalogueURL).report.isUsable)
    }

    /// The compact form of `data` as `settledCompact`, reading `head` bytes of it before the first frame:
    /// nil as the kiosk does (the default catalogue's whole form fits), a negative count all but that many
    /// of the default catalogue's form (its first part then read alone, its rest from the file later).
    static func settledCompact(_ data: DataFolder, head: Int?) throws -> CompactCatalogue {
        let bytes = try head.map { $0 < 0 ? try defaultFormSize() + $0 : $0 } ?? CompactCatalogue.defaultHead
        return CompactCatalogue(dataFolder: data, system: SystemFileSystem(), program: CompactCatalogue.programIdentity(),
                                settled: 0, headBytes: bytes)
    }

    /// The size of the default catalogue's compact form (the same in every fixture folder).
    static func defaultFormSize() throws -> Int {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = settledCompact(data)
        _ = compact.load(from: data.catalogueURL)
        return try Data(contentsOf: compact.url).count
    }

    @Test("a damaged form is never used: cut anywhere, or any byte changed; its head read alone or with all of it",
          arguments: [nil, -300, 1])
    func damaged(head: Int?) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = try Self.settledCompact(data, head: head)
        let full = CatalogueLoader.load(from: data.catalogueURL)
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        let sound = [UInt8](try Data(contentsOf: compact.url))
        #expect(head.map { $0 < 0 || $0 < sound.count } ?? (sound.count <= CompactCatalogue.defaultHead))
        var random = SplitMix64(state: 15)
        // The ends and the first bytes of each part, then places drawn at random.
        var places = [0, 1, 28, 29, 40, sound.count - 9, sound.count - 8, sound.count - 1]
        places += (0..<40).map { _ in Int.random(in: 0..<sound.count, using: &random) }
        for place in places {
            var changed = sound
            changed[place] ^= UInt8.random(in: 1...255, using: &random)
            for damage in [changed, Array(sound[..<place])] {
                try Data(damage).write(to: compact.url)
                let loaded = compact.load(from: data.catalogueURL)
                #expect(loaded.outcome == .written, "damage at \(place) of \(sound.count)")
                #expect(Self.same(loaded.report.catalogue, full.catalogue))
            }
        }
        #expect([UInt8](try Data(contentsOf: compact.url)) == sound)
    }

    @Test("a full disk or a failing call leaves no file behind, and the catalogue is still read")
    func faults() throws {
        for fault in [FaultyFileSystem.Fault.noSpace, .ioError, .kill] {
            for call in 1...3 {
                let (folder, data) = try CatalogueFixture.dataFolder()
                let system = FaultyFileSystem(faultAt: call, fault: fault)
                let loaded = CompactCatalogue(dataFolder: data, system: system, program: CompactCatalogue.programIdentity(), settled: 0).load(from: data.catalogueURL)
                #expect(system.fired != nil)
                #expect(loaded.outcome == .notKept, "\(fault) at \(system.fired ?? "")")
                #expect(loaded.report.isUsable)
                #expect(!FileManager.default.fileExists(atPath: data.url.appendingPathComponent("catalogue.compact").path))
                // A kill leaves what a killed process leaves: its temporary file, which is never read.
                if fault != .kill { #expect(try Self.hidden(in: folder.url).isEmpty, "\(fault) at \(call)") }
                #expect(Self.settledCompact(data).load(from: data.catalogueURL).outcome == .written)
            }
        }
    }

    @Test("a pipe, a folder or a huge file planted at its place is not read (nor waited on), and the catalogue still is")
    func plantedOddities() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = Self.settledCompact(data)
        #expect(mkfifo(compact.url.path, 0o600) == 0)
        let afterPipe = compact.load(from: data.catalogueURL)
        #expect(afterPipe.outcome == .written)
        #expect(afterPipe.report.isUsable)
        try FileManager.default.removeItem(at: compact.url)
        try FileManager.default.createDirectory(at: compact.url, withIntermediateDirectories: false)
        let afterFolder = compact.load(from: data.catalogueURL)
        #expect(afterFolder.outcome == .notKept)
        #expect(afterFolder.report.isUsable)
        try FileManager.default.removeItem(at: compact.url)
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        // A sparse file far larger than any form: refused by its size, never loaded into memory.
        let handle = try FileHandle(forUpdating: compact.url)
        try handle.truncate(atOffset: UInt64(CompactCatalogue.largestForm) + 1)
        try handle.close()
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        #expect(compact.load(from: data.catalogueURL).outcome == .reused)
        #expect(try Self.hidden(in: folder.url).isEmpty)
    }

    @Test("a form edited by hand, checksum included, is checked again: what the files could not bring in, it cannot")
    func forged() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = Self.settledCompact(data)
        let full = try #require(CatalogueLoader.load(from: data.catalogueURL).catalogue)
        let first = try #require(full.permanences.first)
        /// A copy of the first permanence with `field` set to `value`, as the JSON decoder would build it.
        func edited(_ field: String, _ value: String) throws -> Permanence {
            let encoded = String(decoding: try JSONEncoder().encode(first), as: UTF8.self)
            let changed = encoded.replacingOccurrences(of: "\"\(field)\":\(field == "capacity" ? first.capacity : first.slotMinutes)",
                                                      with: "\"\(field)\":\(value)")
            #expect(changed != encoded)
            return try JSONNodeDecoder.decode(Permanence.self, from: JSONDocument(parsing: Data(changed.utf8)).root)
        }
        let forgeries: [(String, Catalogue)] = [
            ("capacity -5", full.replacing(permanences: [try edited("capacity", "-5")] + full.permanences.dropFirst())),
            ("slot of 2^63 minutes", full.replacing(permanences: [try edited("slotMinutes", "\(Int.max)")] + full.permanences.dropFirst())),
            ("escape in a name", full.replacing(sites: [full.sites[0].renamed("Belle\u{1B}[2J")] + full.sites.dropFirst())),
            ("DEL in a name", full.replacing(sites: [full.sites[0].renamed("Belle\u{7F}")] + full.sites.dropFirst())),
            ("C1 control in an accented name", full.replacing(sites: [full.sites[0].renamed("Bellé\u{85}")] + full.sites.dropFirst())),
            ("right-to-left override", full.replacing(sites: [full.sites[0].renamed("Belle\u{202E}eilleB")] + full.sites.dropFirst())),
            ("horizon of 1,000 weeks", full.replacing(rules: BookingRules(minimumNoticeMinutes: 60, horizonWeeks: 1_000,
                                                                          oneActiveBookingPerService: true, travelMinutes: 30))),
        ]
        for (name, forgery) in forgeries {
            let bytes = CompactCatalogue.form(of: forgery, files: CompactCatalogue.identities(in: data.catalogueURL),
                                              program: try #require(CompactCatalogue.programIdentity()))
            try Data(bytes).write(to: compact.url)
            let loaded = compact.load(from: data.catalogueURL)
            #expect(loaded.outcome == .written, "\(name)")
            #expect(CompactCatalogueTests.same(loaded.report.catalogue, full), "\(name)")
            #expect(compact.load(from: data.catalogueURL).outcome == .reused, "\(name)")
        }
    }

    @Test("its first part (places, quartiers, needs, rules, territory) is read and checked alone, for a first frame; the rest by complete(), which refuses what the files could not bring in",
          arguments: [nil, -300, 1])
    func readInTwoParts(head: Int?) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = try Self.settledCompact(data, head: head)
        let full = try #require(CatalogueLoader.load(from: data.catalogueURL).catalogue)
        #expect(compact.pending(from: data.catalogueURL) == nil, "no form yet")
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        let pending = try #require(compact.pending(from: data.catalogueURL))
        let opening = pending.opening
        #expect(opening.sites == full.sites && opening.quartiers == full.quartiers && opening.needs == full.needs)
        #expect(opening.rules == full.rules && opening.territory == full.territory && opening.notes == full.notes)
        #expect(opening.partners.isEmpty && opening.permanences.isEmpty && opening.sessions.isEmpty)
        #expect(opening.closures.isEmpty && opening.absences.isEmpty)
        #expect(Self.same(pending.complete(), full))
        // A partner's absence nobody declared, in the rest: the first part still reads, the whole does not.
        let stranger = try JSONDecoder().decode(PartnerAbsence.self, from: Data(#"{"partner":"personne","from":"2026-12-01"}"#.utf8))
        let forged = Catalogue(sites: full.sites, quartiers: full.quartiers, needs: full.needs, partners: full.partners,
                               permanences: full.permanences, sessions: full.sessions, closures: full.closures,
                               absences: full.absences + [stranger], rules: full.rules, territory: full.territory, notes: full.notes)
        let identities = CompactCatalogue.identities(in: data.catalogueURL)
        let program = try #require(CompactCatalogue.programIdentity())
        try Data(CompactCatalogue.form(of: forged, files: identities, program: program)).write(to: compact.url)
        let forgedPending = try #require(compact.pending(from: data.catalogueURL))
        #expect(forgedPending.opening.sites == full.sites)
        #expect(forgedPending.complete() == nil)
        // A place with an escape sequence in its name, or no place at all, in the first part: not even that is read.
        for sites in [[full.sites[0].renamed("Belle\u{1B}]0;pwned\u{7}")] + full.sites.dropFirst(), []] {
            try Data(CompactCatalogue.form(of: full.replacing(sites: sites), files: identities, program: program)).write(to: compact.url)
            #expect(compact.pending(from: data.catalogueURL) == nil)
        }
        // The form of other files (one edited since): not read at all.
        try Data(CompactCatalogue.form(of: full, files: identities, program: program)).write(to: compact.url)
        #expect(compact.pending(from: data.catalogueURL) != nil)
        let sitesFile = data.catalogueURL.appendingPathComponent(CatalogueFile.sites.fileName)
        try Data(try Data(contentsOf: sitesFile) + Data("\n".utf8)).write(to: sitesFile)
        #expect(compact.pending(from: data.catalogueURL) == nil)
    }

    @Test("a form read in two reads takes its rest from the very file its head came from: replaced, cut or grown since, it is not used")
    func restFromTheSameFile() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let full = try #require(CatalogueLoader.load(from: data.catalogueURL).catalogue)
        #expect(Self.settledCompact(data).load(from: data.catalogueURL).outcome == .written)
        let compact = try Self.settledCompact(data, head: -300)
        let sound = try Data(contentsOf: compact.url)
        #expect(Self.same(try #require(compact.pending(from: data.catalogueURL)).complete(), full))
        // Replaced by the same bytes (another inode), cut, or grown after the head was read.
        let changes: [(String, () throws -> Void)] = [
            ("replaced", { try sound.write(to: compact.url, options: .atomic) }),
            ("cut", { try sound.prefix(sound.count - 1).write(to: compact.url) }),
            ("grown", { try (sound + Data([0])).write(to: compact.url) }),
        ]
        for (change, make) in changes {
            try sound.write(to: compact.url, options: .atomic)
            let pending = try #require(compact.pending(from: data.catalogueURL), "\(change)")
            try make()
            #expect(pending.complete() == nil, "\(change)")
        }
        // Untouched, it still completes.
        try sound.write(to: compact.url, options: .atomic)
        #expect(Self.same(try #require(compact.pending(from: data.catalogueURL)).complete(), full))
    }

    @Test("a writer's temporary file left by a dead process is removed; a live one's is kept")
    func leftovers() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let dead = folder.path(".catalogue.compact.\(child.processIdentifier).tmp")
        let alive = folder.path(".catalogue.compact.1.tmp")
        try Data("half".utf8).write(to: dead)
        try Data("half".utf8).write(to: alive)
        #expect(Self.settledCompact(data).load(from: data.catalogueURL).outcome == .written)
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        #expect(FileManager.default.fileExists(atPath: alive.path))
    }

    @Test("a link planted at its place is replaced, not written through")
    func plantedLink() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let elsewhere = folder.path("elsewhere.txt")
        try Data("keep".utf8).write(to: elsewhere)
        let compact = Self.settledCompact(data)
        try FileManager.default.createSymbolicLink(at: compact.url, withDestinationURL: elsewhere)
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        #expect(try String(contentsOf: elsewhere, encoding: .utf8) == "keep")
        let kind = try FileManager.default.attributesOfItem(atPath: compact.url.path)[.type] as? FileAttributeType
        #expect(kind == .typeRegular)
        #expect(compact.load(from: data.catalogueURL).outcome == .reused)
    }
}

@Suite("The compact catalogue's trust in file times")
struct CompactCatalogueTimingTests {
    @Test("files changed less than three seconds before the read are read in full and not kept; once settled, they are")
    func racilyClean() async throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let compact = CompactCatalogue(dataFolder: data)
        let fresh = compact.load(from: data.catalogueURL)
        #expect(fresh.outcome == .notKept)
        #expect(fresh.report.isUsable)
        #expect(!FileManager.default.fileExists(atPath: compact.url.path))
        try await Task.sleep(for: .milliseconds(3_100))
        #expect(compact.load(from: data.catalogueURL).outcome == .written)
        #expect(compact.load(from: data.catalogueURL).outcome == .reused)
    }
}

extension Catalogue {
    /// This catalogue with some lists or rules replaced (for forged compact forms).
    func replacing(sites: [Site]? = nil, permanences: [Permanence]? = nil, rules: BookingRules? = nil) -> Catalogue {
        Catalogue(sites: sites ?? self.sites, quartiers: quartiers, needs: needs, partners: partners,
                  permanences: permanences ?? self.permanences, sessions: sessions, closures: closures, absences: absences,
                  rules: rules ?? self.rules, territory: territory, notes: notes)
    }
}

extension Site {
    /// This place under another name.
    func renamed(_ name: String) -> Site {
        Site(id: id, name: name, venue: venue, address: address, offers: offers)
    }
}
