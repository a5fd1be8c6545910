import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

/// The app as the kiosk builds it, on the default catalogue.
func makeApp(site: String = "belle-beille", size: Size = .minimum, settings: KioskSettings = KioskSettings()) throws -> KioskApp {
    let catalogue = try CatalogueFixture.defaultCatalogue()
    let localization = try Localization.load(from: CatalogueFixture.languageURL)
    let place = try #require(catalogue.site(site))
    return KioskApp(context: KioskContext(catalogue: catalogue, site: place, settings: settings, localization: localization), size: size)
}

/// Friday 27 November 2026, 10:00 in Angers.
let friday = Date(timeIntervalSince1970: 1_795_770_000)

@Suite("Welcome screen, in memory")
struct WelcomeScreenTests {
    @Test("the reference instant is Friday 27 November 2026 at 10:00 in Paris")
    func referenceInstant() {
        #expect(InstantParser.parse("2026-11-27T10:00:00") == friday)
    }

    @Test("French at 80×24", arguments: ["belle-beille", "monplaisir", "grand-bellevue"])
    func frenchSnapshots(site: String) throws {
        let canvas = try makeApp(site: site).render(now: friday)
        let mismatch = Snapshot.mismatch(canvas.text, named: "welcome-\(site)-fr-80x24")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("English at 80×24 after pressing L")
    func englishSnapshot() throws {
        var app = try makeApp()
        _ = app.update(.key(.character("L")), now: friday)
        #expect(app.language == .en)
        let mismatch = Snapshot.mismatch(app.render(now: friday).text, named: "welcome-belle-beille-en-80x24")
        #expect(mismatch == nil, "\(mismatch ?? "")")
    }

    @Test("a larger terminal centres the same content", arguments: [Size(width: 120, height: 40), Size(width: 100, height: 30)])
    func largerSizes(size: Size) throws {
        var app = try makeApp()
        _ = app.update(.resize(size), now: friday)
        let canvas = app.render(now: friday)
        let mismatch = Snapshot.mismatch(canvas.text, named: "welcome-belle-beille-fr-\(size.width)x\(size.height)")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        #expect(canvas.size == size)
    }

    @Test("what a visitor needs is on the screen: place, address, date, welcome, keys")
    func content() throws {
        let text = try makeApp(site: "grand-bellevue").render(now: friday).text
        #expect(text.contains("vendredi 27 novembre 2026"))
        #expect(text.contains("« La Fabrique à entreprendre » de Grand-Bellevue"))
        #expect(text.contains("56 rue Albert-Camus, 49800 Trélazé"))
        #expect(text.contains("Bienvenue !"))
        #expect(try makeApp().render(now: friday).lines.last?.hasPrefix("  L  English") == true)
    }

    @Test("the date follows the Paris day, not UTC")
    func dateAtMidnight() throws {
        let lateEvening = try #require(InstantParser.parse("2026-11-27T23:59:00"))
        let afterMidnight = try #require(InstantParser.parse("2026-11-28T00:00:30"))
        let app = try makeApp()
        #expect(app.render(now: lateEvening).line(0).hasSuffix("vendredi 27 novembre 2026"))
        #expect(app.render(now: afterMidnight).line(0).hasSuffix("samedi 28 novembre 2026"))
    }

    @Test("below 80×24 a short message replaces the layout, and the layout comes back")
    func tooSmall() throws {
        var app = try makeApp()
        _ = app.update(.resize(Size(width: 60, height: 20)), now: friday)
        let small = app.render(now: friday)
        let mismatch = Snapshot.mismatch(small.text, named: "toosmall-fr-60x20")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        _ = app.update(.resize(Size(width: 79, height: 24)), now: friday)
        #expect(app.render(now: friday).text.contains("Fenêtre trop petite"))
        _ = app.update(.resize(Size(width: 80, height: 23)), now: friday)
        #expect(app.render(now: friday).text.contains("Taille actuelle : 80 × 23"))
        _ = app.update(.resize(Size(width: 20, height: 5)), now: friday)
        #expect(app.render(now: friday).size == Size(width: 20, height: 5))
        _ = app.update(.resize(.minimum), now: friday)
        #expect(app.render(now: friday).text.contains("Bienvenue !"))
    }

    @Test("keys without a meaning here (Ctrl-C among them) change nothing")
    func otherKeys() throws {
        var app = try makeApp()
        let before = app.render(now: friday)
        for key: Key in [.character("x"), .escape, .unknown, .character("é"), .character("\u{3}")] {
            _ = app.update(.key(key), now: friday)
        }
        _ = app.update(.tick, now: friday)
        #expect(app.render(now: friday) == before)
    }
}
