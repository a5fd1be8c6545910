import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Synchronization
import Testing

@Suite("Languages read when first needed")
struct LanguageShelfTests {
    /// A language folder holding copies of the embedded files, `en.json` replaced by `english` when given.
    static func languageFolder(english: String? = nil) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for language in Language.allCases {
            try FileManager.default.copyItem(at: CatalogueFixture.languageURL.appendingPathComponent("\(language.rawValue).json"),
                                             to: folder.path("\(language.rawValue).json"))
        }
        if let english { try Data(english.utf8).write(to: folder.path("en.json")) }
        return folder
    }

    /// A kiosk's texts starting in French from `folder`, and what it reports.
    static func startingInFrench(_ folder: TemporaryFolder) throws -> (french: Strings, localization: Localization, reports: Reports) {
        let french = try Strings.load(.fr, from: folder.url)
        let reports = Reports()
        return (french, Localization.starting(with: french, from: folder.url, report: reports.add), reports)
    }

    @Test("the other language is read at the first switch, says what the eager read says, and names the catalogue's territory")
    func readWhenAsked() throws {
        let folder = try Self.languageFolder()
        let eager = try Localization.load(from: folder.url)
        let reports = Reports()
        let lazy = Localization.starting(with: eager[.fr], from: folder.url, report: reports.add)
        // Removed after the start: proof that it had not been read then, and is read at the switch.
        let english = try Data(contentsOf: folder.path("en.json"))
        try FileManager.default.removeItem(at: folder.path("en.json"))
        try english.write(to: folder.path("en.json"))
        for key in StringKey.allCases {
            #expect(lazy[.en].text(key) == eager[.en].text(key), "\(key.rawValue)")
        }
        #expect(lazy[.en].language == .en)
        let territory = Territory(network: LocalizedText(AnotherTerritory.network), name: LocalizedText(AnotherTerritory.territory))
        let placed = lazy.placing(territory)
        #expect(placed[.en].network == territory.network.en)
        #expect(placed[.en].territory == territory.name.en)
        #expect(placed[.fr].network == territory.network.fr)
        #expect(reports.all.isEmpty)
    }

    @Test("an English file lacking texts is reported with what it lacks, and English screens show the French texts, not keys")
    func incomplete() throws {
        let folder = try Self.languageFolder(english: "{ \"app.name\": \"Fabrique\", \"welcome.greeting\": \"Welcome!\" }")
        let (french, lazy, reports) = try Self.startingInFrench(folder)
        #expect(lazy[.en].text(.hintLanguageKey) == french.text(.hintLanguageKey))
        #expect(lazy[.en].text(.welcomeGreeting) == french.text(.welcomeGreeting))
        let said = reports.all
        #expect(said.count == 1)
        #expect(said.first?.contains("\(StringKey.allCases.count - 2) texts missing") == true, "\(said)")
        #expect(french.missingKeys.isEmpty)
    }

    @Test("an English file that cannot be read is reported once, and English screens show the French texts, not keys")
    func unreadable() throws {
        let folder = try Self.languageFolder(english: "{ \"app.name\": \"Fabrique\",\n  \"welcome.greeting\" }")
        let (french, lazy, reports) = try Self.startingInFrench(folder)
        #expect(reports.all.isEmpty)
        #expect(lazy[.en].text(.welcomeGreeting) == french.text(.welcomeGreeting))
        #expect(lazy[.en].text(.welcomeGreeting) != StringKey.welcomeGreeting.rawValue)
        _ = lazy[.en]
        let said = reports.all
        #expect(said.count == 1)
        #expect(said.first?.contains(folder.path("en.json").path) == true)
        #expect(said.first?.contains(folder.path("en.json").path + ":2:22: missingColon") == true, "\(said)")
    }
}

/// What a localization told its log.
final class Reports: Sendable {
    private let lines = Mutex<[String]>([])

    @Sendable func add(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }
}
