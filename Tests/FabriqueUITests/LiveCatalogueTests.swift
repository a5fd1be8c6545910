import FabriqueCore
import FabriqueServices
import FabriqueTesting
import FabriqueUI
import Foundation
import Synchronization
import Testing

@Suite("A running kiosk and an edited catalogue")
struct LiveCatalogueTests {
    /// The end of Adie's Tuesday permanence at Belle-Beille in the kiosk's catalogue.
    func adieEnd(_ pilot: Pilot) -> String {
        pilot.app.context.catalogue.permanences.first { $0.id == "adie-belle-beille" }.map { "\($0.end)" } ?? "none"
    }

    @Test("an edit is taken on the welcome screen at the next idle look, during a journey only when it ends; a broken edit keeps the last good catalogue, marked for staff, until fixed")
    func editsWhileRunning() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let report = CatalogueLoader.load(from: data.catalogueURL)
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential,
                              catalogue: try #require(report.catalogue), watchCatalogue: true)
        let permanences = data.catalogueURL.appendingPathComponent("permanences.json")
        let original = try String(contentsOf: permanences, encoding: .utf8)
        func save(_ text: String) throws { try text.write(to: permanences, atomically: true, encoding: .utf8) }
        func moveAdieEnd(to end: String) throws {
            try save(original.replacingOccurrences(of: "\"end\": \"12:00\",\n      \"slotMinutes\": 90", with: "\"end\": \"\(end)\",\n      \"slotMinutes\": 90"))
        }
        #expect(adieEnd(pilot) == "12:00")

        // On the untouched welcome screen: switched at the next look (ticks, every 5 s at most).
        try moveAdieEnd(to: "13:30")
        pilot.wait(seconds: 1)
        #expect(adieEnd(pilot) == "13:30")
        #expect(pilot.app.context.catalogueGeneration == 1)
        #expect(pilot.log.entries.contains { $0.contains("catalogue edited") })

        // A visitor in the middle of a journey keeps the catalogue they started with; the next one gets the edit.
        pilot.press(.enter)
        pilot.type("bedier")
        try moveAdieEnd(to: "15:00")
        pilot.wait(seconds: 6)
        #expect(adieEnd(pilot) == "13:30")
        pilot.press(.escape, .escape, .escape)
        #expect(adieEnd(pilot) == "15:00", "\(pilot.screen)")

        // A broken edit: refused, logged with file, line and column; the kiosk runs on; staff see a mark.
        try save(original.replacingOccurrences(of: "\"end\": \"12:00\",\n      \"slotMinutes\": 90", with: "\"end\": \"12:00\"\n      \"slotMinutes\": 90"))
        pilot.wait(seconds: 6)
        #expect(adieEnd(pilot) == "15:00")
        #expect(pilot.app.catalogueRefused)
        let refusal = pilot.log.entries.last { $0.contains("catalogue edit refused") } ?? ""
        #expect(refusal.contains("permanences.json:24:"), "\(pilot.log.entries)")
        #expect(!pilot.screen.contains("catalogue"), "visitors see nothing of it")
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Catalogue modifié refusé"), "\(pilot.screen)")

        // Fixed: the mark goes, the fixed catalogue is used once staff are back on the welcome screen.
        try save(original)
        pilot.wait(seconds: 6)
        #expect(!pilot.app.catalogueRefused)
        #expect(!pilot.screen.contains("Catalogue modifié refusé"))
        pilot.press(.escape)
        pilot.wait(seconds: 1)
        #expect(adieEnd(pilot) == "12:00", "\(pilot.screen)")

        // An edit that removes this kiosk's place is refused too.
        let sites = data.catalogueURL.appendingPathComponent("sites.json")
        let sitesText = try String(contentsOf: sites, encoding: .utf8)
        let quartiers = try String(contentsOf: data.catalogueURL.appendingPathComponent("quartiers.json"), encoding: .utf8)
        _ = quartiers
        try sitesText.replacingOccurrences(of: "\"id\": \"belle-beille\"", with: "\"id\": \"belle-beille-est\"")
            .write(to: sites, atomically: true, encoding: .utf8)
        pilot.wait(seconds: 6)
        #expect(pilot.app.catalogueRefused)
        #expect(pilot.app.context.site.id == "belle-beille")

        // The folder itself moved away: no switch to the embedded catalogue, the last good one stays.
        try sitesText.write(to: sites, atomically: true, encoding: .utf8)
        pilot.wait(seconds: 6)
        #expect(!pilot.app.catalogueRefused)
        let generation = pilot.app.context.catalogueGeneration
        try FileManager.default.moveItem(at: data.catalogueURL, to: folder.url.appendingPathComponent("moved-away"))
        pilot.wait(seconds: 6)
        #expect(pilot.app.catalogueRefused)
        #expect(pilot.app.context.catalogueGeneration == generation)
        #expect(pilot.log.entries.last { $0.contains("refused") }?.contains("is missing") == true, "\(pilot.log.entries)")
        _ = folder
    }

    @Test("a catalogue folder gone between the kiosk's first look and its watcher's start is refused, never taken for the embedded catalogue")
    func folderGoneBeforeTheWatcher() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let stamp = CatalogueStamp(dataFolder: data, embedded: CatalogueFixture.embeddedCatalogueURL)
        try FileManager.default.moveItem(at: data.catalogueURL, to: folder.url.appendingPathComponent("moved-away"))
        let log = Mutex<[String]>([])
        let source = CatalogueSource(dataFolder: data, embedded: CatalogueFixture.embeddedCatalogueURL, site: "belle-beille",
                                     stamp: stamp, describe: { "\($0.issue)" }, log: { line in log.withLock { $0.append(line) } })
        let edit = try #require(source.editIfChanged())
        #expect(edit.catalogue == nil)
        #expect(log.withLock { $0 }.contains { $0.contains("is missing") }, "\(log.withLock { $0 })")
    }

    @Test("a slot the coordinator removes while a visitor fills in the form is refused when they book, said as no longer offered; nothing is recorded")
    func slotRemovedMidJourney() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data, watchCatalogue: true)
        let chosen = try #require(pilot.app.journey.plan?.steps.first).proposal.service.id
        let permanences = data.catalogueURL.appendingPathComponent("permanences.json")
        let original = try String(contentsOf: permanences, encoding: .utf8)
        // Adie's Tuesday permanence at Belle-Beille now begins at 10:30: the 9:00 slot chosen is gone.
        let edited = original.replacingOccurrences(of: "\"start\": \"09:00\",\n      \"end\": \"12:00\",\n      \"slotMinutes\": 90",
                                                   with: "\"start\": \"10:30\",\n      \"end\": \"12:00\",\n      \"slotMinutes\": 90")
        #expect(edited != original)
        try edited.write(to: permanences, atomically: true, encoding: .utf8)
        pilot.wait(seconds: 6)
        #expect(pilot.app.context.catalogueGeneration == 0, "not under the visitor's feet")
        fillContact(&pilot)
        #expect(pilot.screen.contains("Ce créneau n'est plus proposé"), "\(pilot.screen)")
        let today = LocalDate(friday)
        #expect(try BookingStore(dataFolder: data).bookings(from: today, to: today.adding(days: 60)).isEmpty)
        _ = (folder, chosen)
    }

    @Test("a good edit waiting for the journey to end is not lost when a broken one follows it: the kiosk switches to it, marked")
    func goodThenBrokenDuringAJourney() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try Pilot(dataFolder: data, now: friday, catalogue: try #require(CatalogueLoader.load(from: data.catalogueURL).catalogue),
                              watchCatalogue: true)
        let permanences = data.catalogueURL.appendingPathComponent("permanences.json")
        let original = try String(contentsOf: permanences, encoding: .utf8)
        let block = "\"end\": \"12:00\",\n      \"slotMinutes\": 90"
        pilot.press(.enter)
        try original.replacingOccurrences(of: block, with: "\"end\": \"13:30\",\n      \"slotMinutes\": 90")
            .write(to: permanences, atomically: true, encoding: .utf8)
        pilot.wait(seconds: 6)
        try original.replacingOccurrences(of: block, with: "\"end\": \"13:30\"\n      \"slotMinutes\": 90")
            .write(to: permanences, atomically: true, encoding: .utf8)
        pilot.wait(seconds: 6)
        #expect(adieEnd(pilot) == "12:00", "the visitor's journey keeps its catalogue")
        pilot.press(.escape, .escape)
        #expect(adieEnd(pilot) == "13:30")
        #expect(pilot.app.catalogueRefused)
        _ = folder
    }
}
