import FabriqueCore
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Testing

@Suite("Screens and widgets on their own")
struct ScreenTests {
    @Test("a text field inserts and deletes whole characters, limits its length and refuses control characters")
    func textField() {
        var field = TextField(limit: 8)
        for character in "Zoé\u{1B}[2J" { _ = field.handle(.character(character)) }
        #expect(field.text == "Zoé[2J")
        _ = field.handle(.backspace)
        _ = field.handle(.backspace)
        _ = field.handle(.backspace)
        #expect(field.text == "Zoé")
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "Zé" && field.cursor == 1)
        _ = field.handle(.character("e\u{301}"))  // e + combining accent: one character
        #expect(field.text == "Zéé")
        _ = field.handle(.end)
        for character in "Nguyễn李" { _ = field.handle(.character(character)) }
        #expect(field.text == "ZééNguyễ")
        #expect(field.text.count == 8)
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.text == "ééNguyễ")
        var code = TextField(limit: 6, content: .code)
        for character in "ab-c 1é" { _ = code.handle(.character(character)) }
        #expect(code.text == "ABC1")
        var phone = TextField(limit: 20, content: .phone)
        for character in "+33 6x12" { _ = phone.handle(.character(character)) }
        #expect(phone.text == "+33 612")
    }

    @Test("the quartier filter ignores accents, case and hyphens, and finds former names",
          arguments: [("bedier", "bedier-beauval-morellerie"), ("BÉDIER", "bedier-beauval-morellerie"),
                      ("saint exu", "saint-exupery"), ("savary", "savary-giran"), ("trélazé", "grand-bellevue"),
                      ("hauts de st", nil)])
    func quartierFilter(text: String, expected: String?) throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let rows = QuartierScreen.rows(catalogue, filter: text)
        let named = rows.filter { $0.kind == .quartier }.map(\.id)
        if let expected {
            #expect(named.first == expected, "\(named)")
        } else {
            #expect(named.isEmpty)
        }
        // The other answers are always offered.
        #expect(rows.suffix(3).map(\.kind) == [.otherInAgglomeration, .outsideAgglomeration, .unknown])
    }

    @Test("about you: each question can be skipped; Esc goes back a question")
    func aboutYou() {
        var screen = AboutYouScreen(answers: VisitorAnswers())
        var answers = VisitorAnswers()
        #expect(screen.handle(.character("5"), answers: &answers) == nil)
        #expect(answers.stage == .preferNotToSay)
        #expect(screen.handle(.character("1"), answers: &answers) == nil)
        #expect(answers.situation == .given(.jobSeeker))
        #expect(screen.handle(.escape, answers: &answers) == nil)
        #expect(screen.question == 1 && screen.selection == 0)
        #expect(screen.handle(.escape, answers: &answers) == nil)
        // Back on the first question, the highlight is on the answer given: "prefer not to say".
        #expect(screen.question == 0 && screen.selection == 4)
        #expect(screen.handle(.escape, answers: &answers) == .back)
    }

    @Test("slots: full ones are skipped by the arrows and cannot be chosen")
    func slotsSkipFull() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let localization = try Localization.load(from: CatalogueFixture.languageURL)
        let context = KioskContext(catalogue: catalogue, site: try #require(catalogue.site("belle-beille")),
                                   settings: KioskSettings(), localization: localization)
        let taken = ["adie-belle-beille/2026-12-01T09:00": 1, "adie-belle-beille/2026-12-01T10:30": 1]
        var screen = SlotScreen(context: context, service: "adie-microcredit", taken: taken, now: friday, chosen: nil)
        guard case .slot(let first) = screen.entries[screen.selection] else {
            Issue.record("no slot selected")
            return
        }
        #expect(first.slot.id == "adie-belle-beille/2026-12-08T09:00")
        _ = screen.handle(.up)
        #expect(screen.selection == 3)
        let canvas = screen.render(context: context, strings: localization[.fr], size: .minimum, now: friday)
        #expect(canvas.text.contains("mardi 1 décembre · 9 h – 10 h 30 · complet"))
    }

    @Test("clicks choose what is under them, as arrows and Enter would")
    func clicks() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try Pilot(dataFolder: data, now: friday)
        let canvas = pilot.app.render(now: friday)
        let agendaRow = try #require(canvas.targets.first { $0.value == 2 }?.key)
        pilot.send(.click(Point(x: 10, y: agendaRow)))
        pilot.send(.click(Point(x: 10, y: agendaRow)))
        #expect(pilot.screen.contains("Permanences et ateliers des 7 prochains jours"))
        pilot.press(.escape, .enter)
        let rows = pilot.app.render(now: friday).targets
        let roseraie = try #require(rows.first { $0.value == 2 }?.key)
        pilot.send(.click(Point(x: 5, y: roseraie)))
        pilot.send(.click(Point(x: 5, y: roseraie)))
        #expect(pilot.app.journey.answers.quartier == "la-roseraie")
        _ = folder
    }
}
