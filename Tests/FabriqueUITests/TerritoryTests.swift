import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

/// What belongs to Angers and must not show anywhere on another territory's kiosk.
let angersWords = ["Angers", "Loire", "Belle-Beille", "Monplaisir", "Bellevue", "Trélazé", "Aldev", "Adie", "49000"]

@Suite("Another territory's catalogue")
struct TerritoryTests {
    @Test("a second Fabrique's kiosk names its own network and territory on every screen, and nothing of Angers",
          arguments: Language.allCases)
    func noTraceOfAngers(language: Language) throws {
        let (folder, data) = try AnotherTerritory.dataFolder()
        let report = CatalogueLoader.load(from: data.catalogueURL)
        let catalogue = try #require(report.catalogue)
        #expect(report.problems.isEmpty, "\(report.problems)")
        var pilot = try Pilot(site: "les-tanneries", settings: KioskSettings(language: language), dataFolder: data, now: friday,
                              staffCredential: testCredential, catalogue: catalogue)
        var screens: [String] = []
        func look(_ keys: Key...) {
            for key in keys { pilot.press(key) }
            screens.append(pilot.screen)
        }
        screens.append(pilot.screen)
        look(.function(1))
        look(.escape)
        // The visitor's journey, as far as the ticket.
        look(.enter)
        pilot.type("tanneries")
        look(.enter)
        look(.character("2"))
        look(.character("1"))
        look(.character("2"))
        look(.character("1"))
        look(.enter)
        look(.character("d"))
        look(.escape)
        look(.enter)
        look(.enter)
        pilot.type("Zoé")
        pilot.press(.tab)
        pilot.type("Œuvray-Nguyễn")
        pilot.press(.tab)
        pilot.type("06 12 34 56 78")
        look(.tab, .tab, .character(" "), .tab)
        look(.enter)
        let today = LocalDate(friday)
        let booked = try BookingStore(dataFolder: data).bookings(from: today, to: today.adding(days: 60))
        #expect(booked.count == 1, "no booking made: \(screens.suffix(4).joined(separator: "\n----\n"))")
        look(.enter)
        // The other visitor screens: check-in, permanences.
        look(.character("2"))
        look(.escape)
        look(.character("3"))
        look(.escape)
        // Staff screens.
        look(.function(12))
        pilot.type("2468")
        look(.enter)
        for key in ["1", "2", "3", "4", "5", "6", "7"] {
            look(.character(Character(key)))
            look(.escape)
        }
        let network = AnotherTerritory.network
        // At 80 columns the date keeps its place and the territory's name is shortened; on a wider screen it is whole.
        #expect(screens.first?.hasPrefix(" \(network) — Valmont") == true, "\(screens.first ?? "")")
        let wide = try Pilot(site: "les-tanneries", settings: KioskSettings(language: language), dataFolder: data, now: friday,
                             size: Size(width: 120, height: 30), catalogue: catalogue)
        #expect(wide.screen.contains("\(network) — \(AnotherTerritory.territory)"))
        #expect(screens.first?.contains(language == .fr ? "« \(network) » des Tanneries" : "“\(network)” in Les Tanneries") == true)
        #expect(screens.contains { $0.contains(network) && $0.contains("Les Tanneries") })
        for (index, screen) in screens.enumerated() {
            for word in angersWords {
                #expect(!screen.contains(word), "screen \(index) shows \(word):\n\(screen)")
            }
        }
        // The ticket too.
        let tickets = try FileManager.default.contentsOfDirectory(at: data.url.appendingPathComponent("tickets"), includingPropertiesForKeys: nil)
        #expect(!tickets.isEmpty)
        for ticket in tickets {
            let text = try String(contentsOf: ticket, encoding: .utf8)
            #expect(text.contains(network))
            for word in angersWords { #expect(!text.contains(word), "ticket shows \(word):\n\(text)") }
        }
        _ = folder
    }

    @Test("without territory.json the screens name the network only, and validation says what to add")
    func withoutTerritoryFile() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try FileManager.default.removeItem(at: data.catalogueURL.appendingPathComponent("territory.json"))
        let report = CatalogueLoader.load(from: data.catalogueURL)
        #expect(report.isUsable)
        #expect(report.problems.map(\.issue) == [.territoryMissing])
        #expect(report.problems.first?.severity == .warning)
        let pilot = try Pilot(dataFolder: data, now: friday, catalogue: try #require(report.catalogue))
        let title = pilot.screen.split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.contains("La Fabrique à entreprendre") && !title.contains("—") && !title.contains("Angers"), "\(title)")
        _ = folder
    }
}
