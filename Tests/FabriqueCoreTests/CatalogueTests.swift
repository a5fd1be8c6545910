import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("The default catalogue")
struct DefaultCatalogueTests {
    @Test("loads with no error and no warning")
    func loadsCleanly() throws {
        let report = CatalogueLoader.load(from: CatalogueFixture.embeddedCatalogueURL)
        #expect(report.problems.isEmpty, "\(report.problems)")
        #expect(report.isUsable)
    }

    @Test("holds the three places, the ten QPVs and the answers that are not a quartier")
    func content() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        #expect(catalogue.sites.map(\.id) == ["belle-beille", "monplaisir", "grand-bellevue"])
        #expect(catalogue.site("grand-bellevue")?.address.commune == "Trélazé")
        let qpvs = catalogue.quartiers.filter(\.qpv)
        #expect(qpvs.count == 10)
        #expect(qpvs.filter { $0.qpvLists.contains(2015) }.count == 8)
        #expect(Set(qpvs.filter { !$0.qpvLists.contains(2015) }.map(\.id)) == ["saint-exupery", "gide-colomb"])
        #expect(qpvs.allSatisfy { $0.qpvCode == nil })
        #expect(Set(catalogue.quartiers.map(\.kind)) == Set(Quartier.Kind.allCases))
        let needs = Set(catalogue.needs.map(\.id))
        #expect(needs.isSuperset(of: ["financing", "premises", "networking", "coaching", "formalities", "training", "youth"]))
        // Every need is answered by at least one service.
        let answered = Set(catalogue.partners.flatMap(\.services).flatMap(\.needs))
        #expect(answered == needs)
    }

    @Test("says that the schedule is an example")
    func exampleSchedule() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        #expect(catalogue.notes[.permanences]?.fr.contains("EXEMPLE") == true)
        #expect(catalogue.notes[.permanences]?.en.contains("EXAMPLE") == true)
        #expect(catalogue.notes[.sessions]?.fr.contains("EXEMPLE") == true)
    }

    @Test("has the French public holidays as data, Easter-based ones included")
    func holidays() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let holidays = Set(catalogue.closures.filter { $0.kind == .publicHoliday }.map(\.from.description))
        for day in ["2026-04-06", "2026-05-14", "2026-05-25", "2027-03-29", "2027-05-06", "2027-05-17", "2017-04-17", "2026-12-25"] {
            #expect(holidays.contains(day), "\(day)")
        }
        #expect(!holidays.contains("2026-04-05"))
    }
}

@Suite("Validation names the file, line and column of each problem")
struct ValidationTests {
    /// Line and column of the first occurrence of `needle` in a file, counting characters.
    func position(of needle: String, in data: DataFolder, _ file: CatalogueFile) throws -> TextPosition {
        let text = try String(contentsOf: data.catalogueURL.appendingPathComponent(file.fileName), encoding: .utf8)
        let range = try #require(text.range(of: needle))
        let before = text[..<range.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
        return TextPosition(line: line, column: before[lineStart...].unicodeScalars.count + 1)
    }

    func problems(_ data: DataFolder) -> [Problem] {
        CatalogueLoader.load(from: data.catalogueURL).problems
    }

    @Test("a copied default catalogue is valid")
    func copiedIsValid() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        #expect(problems(data).isEmpty)
        _ = folder
    }

    @Test("a syntax error stops that file and is placed exactly")
    func syntax() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"capacity\": 1,", with: "\"capacity\": 1,,")
        let found = problems(data)
        let place = try position(of: ",,", in: data, .permanences)
        #expect(found.count == 1)
        #expect(found.first?.file.hasSuffix("catalogue/permanences.json") == true)
        #expect(found.first?.issue == .syntax(.expectedKey))
        #expect(found.first?.location == TextPosition(line: place.line, column: place.column + 1))
        _ = folder
    }

    @Test("a value of the wrong type is placed at the value")
    func wrongType() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"capacity\": 15", with: "\"capacity\": \"15\"")
        let found = problems(data)
        #expect(found.map(\.issue) == [.wrongType(expected: .integer)])
        #expect(found.first?.location == (try position(of: "\"15\"", in: data, .permanences)))
        #expect(found.first?.pathText == "permanences[11].capacity")
        _ = folder
    }

    @Test("a missing field is placed at the object that lacks it")
    func missingField() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.sites, in: data, replacing: "\"name\": \"Monplaisir\",", with: "")
        let found = problems(data)
        #expect(found.map(\.issue) == [.missingField("name")])
        #expect(found.first?.pathText == "sites[1].name")
        let objectStart = try position(of: "\"id\": \"monplaisir\"", in: data, .sites)
        #expect(found.first?.location == TextPosition(line: objectStart.line - 1, column: 5))
        _ = folder
    }

    @Test("a misspelt field is reported at its name instead of being ignored")
    func unknownField() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"validUntil\": null", with: "\"validUntill\": \"2027-06-30\"")
        try CatalogueFixture.edit(.partners, in: data, replacing: "\"under26\": true", with: "\"under26\": true, \"maxAge\": 25")
        let found = problems(data)
        #expect(found.map(\.issue) == [.unknownField("maxAge"), .unknownField("validUntill")])
        #expect(found.last?.pathText == "permanences[0].validUntill")
        #expect(found.last?.location == (try position(of: "\"validUntill\"", in: data, .permanences)))
        #expect(found.first?.location == (try position(of: "\"maxAge\"", in: data, .partners)))
        _ = folder
    }

    @Test("invalid times, dates and words are named with their value")
    func invalidValues() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"start\": \"09:30\"", with: "\"start\": \"25:00\"")
        try CatalogueFixture.edit(.sessions, in: data, replacing: "\"2026-12-03\"", with: "\"2026-02-30\"")
        try CatalogueFixture.edit(.closures, in: data, replacing: "\"kind\": \"closure\"", with: "\"kind\": \"fermeture\"")
        let found = problems(data)
        #expect(found.map(\.issue) == [
            .invalidTime("25:00"),
            .invalidDate("2026-02-30"),
            .notOneOf("fermeture", allowed: ["public-holiday", "closure"]),
        ])
        #expect(found[0].location == (try position(of: "\"25:00\"", in: data, .permanences)))
        #expect(found[1].location == (try position(of: "\"2026-02-30\"", in: data, .sessions)))
        #expect(found[2].location == (try position(of: "\"fermeture\"", in: data, .closures)))
        _ = folder
    }

    @Test("unknown references, foreign services, bad hours and overlaps are all reported")
    func semantic() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"partner\": \"fondes\"", with: "\"partner\": \"fondes49\"")
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"services\": [\n        \"cdp49-cape\"",
                                  with: "\"services\": [\n        \"bge-conseiller\"")
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"end\": \"16:15\"", with: "\"end\": \"13:00\"")
        // Moves ADIE's Grand-Bellevue permanence onto its Belle-Beille one (Tuesday morning).
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"thursday\"\n        ]\n      },\n      \"start\": \"14:00\",\n      \"end\": \"17:00\",\n      \"slotMinutes\": 90",
                                  with: "\"tuesday\"\n        ]\n      },\n      \"start\": \"11:00\",\n      \"end\": \"13:00\",\n      \"slotMinutes\": 60")
        let found = problems(data)
        let partners = try CatalogueFixture.defaultCatalogue().partners.map(\.id).sorted()
        #expect(found.contains {
            $0.issue == .unknownReference(.partner, id: "fondes49", known: partners) && $0.pathText == "permanences[5].partner"
        })
        #expect(found.contains { $0.issue == .serviceOfAnotherPartner(service: "bge-conseiller", partner: "cdp49") })
        #expect(found.contains {
            $0.issue == .endNotAfterStart(start: LocalTime("14:00")!, end: LocalTime("13:00")!) && $0.pathText == "permanences[10].end"
        })
        let overlap = found.first { if case .overlappingPermanence = $0.issue { true } else { false } }
        #expect(overlap?.issue == .overlappingPermanence(other: "adie-belle-beille", firstDate: LocalDate("2017-03-07")!))
        #expect(overlap?.pathText == "permanences[1].start")
        #expect(found.allSatisfy { $0.location != nil })
        // CAPE's only permanence now offers another service: nobody can book it, which is a warning.
        #expect(found.filter { $0.severity == .warning }.map(\.issue) == [.serviceNeverOffered("cdp49-cape")])
        _ = folder
    }

    @Test("a repeated id names the line of its first use")
    func duplicateID() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.needs, in: data, replacing: "\"id\": \"premises\"", with: "\"id\": \"financing\"")
        let found = problems(data)
        let first = try position(of: "\"id\": \"financing\"", in: data, .needs)
        // The services that answer or prepare for "premises" now name a need that no longer exists.
        let needs = try CatalogueFixture.defaultCatalogue().needs.map(\.id).filter { $0 != "premises" }.sorted()
        #expect(found.map(\.issue) == [.duplicateID("financing", firstLine: first.line)]
                + Array(repeating: .unknownReference(.need, id: "premises", known: needs), count: 3))
        #expect(found.first?.location?.line ?? 0 > first.line)
        _ = folder
    }

    @Test("five mistakes in three files, decoding and references alike, are all reported in one run, each at its line and column")
    func oneRun() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        // sites.json: a site without its name (the file cannot be decoded whole).
        try CatalogueFixture.edit(.sites, in: data, replacing: "\"name\": \"Monplaisir\",", with: "")
        // permanences.json: a misspelt place, then an impossible hour in another permanence.
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"site\": \"belle-beille\"", with: "\"site\": \"belle-beile\"")
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"end\": \"16:15\"", with: "\"end\": \"25:00\"")
        // partners.json: a service name in one language only, and a service with no permanence or session.
        try CatalogueFixture.edit(.partners, in: data, replacing: "\"name\": {\n            \"fr\": \"Microcrédit professionnel\",\n            \"en\": \"Professional microloan\"\n          }",
                                  with: "\"name\": \"Microcrédit professionnel\"")
        try CatalogueFixture.edit(.partners, in: data, replacing: "\"id\": \"bge-couveuse\"", with: "\"id\": \"bge-couveuse-2027\"")
        let report = CatalogueLoader.load(from: data.catalogueURL)
        let files = Set(report.problems.map { URL(fileURLWithPath: $0.file).lastPathComponent })
        #expect(files == ["sites.json", "permanences.json", "partners.json"])
        #expect(report.problems.allSatisfy { $0.location != nil }, "\(report.problems)")
        let issues = report.problems.map(\.issue)
        #expect(issues.contains(.missingField("name")))
        #expect(issues.contains(.unknownReference(.site, id: "belle-beile", known: ["belle-beille", "grand-bellevue", "monplaisir"])))
        #expect(issues.contains(.invalidTime("25:00")))
        #expect(issues.contains(.oneLanguageOnly))
        #expect(issues.contains(.serviceNeverOffered("bge-couveuse-2027")))
        // The permanence that still offers the old id names a service that no longer exists.
        #expect(issues.contains { if case .unknownReference(.service, "bge-couveuse", _) = $0 { true } else { false } })
        #expect(report.catalogue == nil)
        _ = folder
    }

    @Test("a missing file is reported and the other files are still checked")
    func missingFile() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try FileManager.default.removeItem(at: data.catalogueURL.appendingPathComponent("needs.json"))
        try CatalogueFixture.edit(.sites, in: data, replacing: "\"postalCode\": \"49800\"", with: "\"postalCode\": 49800")
        let report = CatalogueLoader.load(from: data.catalogueURL)
        #expect(report.catalogue == nil)
        #expect(report.problems.map(\.issue) == [.wrongType(expected: .text), .missingFile])
        #expect(report.problems.last?.location == nil)
        _ = folder
    }

    @Test("suspicious but workable data gives warnings, not errors")
    func warnings() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"end\": \"16:15\"", with: "\"end\": \"16:30\"")
        let report = CatalogueLoader.load(from: data.catalogueURL)
        #expect(report.problems.map(\.issue) == [.slotsLeaveTimeUnused(slotMinutes: 45, windowMinutes: 150)])
        #expect(report.isUsable)
        _ = folder
    }
}
