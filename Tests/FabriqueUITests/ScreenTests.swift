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

    /// What the screens are given, on the default catalogue at Belle-Beille, in French, at 80×24.
    static func environment(now: Date = friday) throws -> ScreenEnvironment {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let localization = try Localization.load(from: CatalogueFixture.languageURL)
        let context = KioskContext(catalogue: catalogue, site: try #require(catalogue.site("belle-beille")),
                                   settings: KioskSettings(), localization: localization)
        return ScreenEnvironment(context: context, strings: localization[.fr], size: .minimum, now: now,
                                 checkInWait: 0, staffAccess: .noPIN)
    }

    @Test("a move refused says why: the person's other appointment of the service, a plan's overlap, or that it failed")
    func moveRefusals() throws {
        let env = try Self.environment()
        let slot = try #require(env.context.schedule.slots(from: LocalDate(friday), days: 14).first)
        let booking = Booking(reference: "FXABCD", slot: slot.id, partner: slot.partner, service: slot.services[0], site: slot.site,
                              start: AppointmentStart(slot.startInstant), firstName: "Léa", lastName: "Martin", phone: nil, email: nil,
                              quartier: nil, needs: [], bookedAt: "belle-beille", createdAt: "2026-11-27T10:00:00+01:00",
                              consentAt: "2026-11-27T10:00:00+01:00", status: .booked, arrivedAt: nil, anonymised: nil)
        var screen = StaffMoveScreen(booking: booking, taken: [:], env: env)
        #expect(screen.receive(.moved(.failure(.alreadyBooked("FXEFGH"))), env).notice == .staffMoveAlreadyBooked)
        #expect(screen.receive(.moved(.failure(.overlap("a", "b"))), env).notice == .staffMoveOverlap)
        #expect(screen.receive(.moved(.failure(.noConsent)), env).notice == .staffChangeFailed)
    }

    @Test("about you: each question can be skipped; Esc goes back a question, then to step 1")
    func aboutYou() throws {
        let env = try Self.environment()
        var screen = AboutYouScreen(journey: Journey())
        #expect(screen.handle(.character("5"), env).isStay)
        #expect(screen.journey?.answers.stage == .preferNotToSay)
        #expect(screen.handle(.character("1"), env).isStay)
        #expect(screen.journey?.answers.situation == .given(.jobSeeker))
        #expect(screen.handle(.escape, env).isStay)
        #expect(screen.question == 1 && screen.clicks.highlighted == 0)
        #expect(screen.handle(.escape, env).isStay)
        // Back on the first question, the highlight is on the answer given: "prefer not to say".
        #expect(screen.question == 0 && screen.clicks.highlighted == 4)
        let back = screen.handle(.escape, env)
        #expect(back.shows(QuartierScreen.self))
        // The third answer goes on to the needs, with every answer in the journey.
        var again = AboutYouScreen(journey: Journey())
        _ = again.handle(.character("1"), env)
        _ = again.handle(.character("1"), env)
        let next = again.handle(.character("1"), env)
        #expect(next.shows(NeedsScreen.self))
        if case .screen(let needs) = next.destination {
            #expect(needs.journey?.answers.under26 == .given(true))
        }
    }

    @Test("slots: full ones are skipped by the arrows and cannot be chosen")
    func slotsSkipFull() throws {
        let env = try Self.environment()
        let taken = ["adie-belle-beille/2026-12-01T09:00": 1, "adie-belle-beille/2026-12-01T10:30": 1]
        var journey = Journey()
        journey.answers.needs = ["financing"]
        journey.answers.stage = .given(.project)
        journey.answers.situation = .given(.jobSeeker)
        journey.answers.quartier = "bedier-beauval-morellerie"
        let plan = Planner.plan(env.context.schedule, for: journey.answers, now: friday, taken: taken, site: "belle-beille")
        journey.plan = plan
        // Adie's first two slots are taken, so the plan puts another financing service first: Adie is chosen instead.
        let step = try #require(plan.steps.first)
        let adie = try #require(([step.proposal] + step.alternatives).first { $0.service.id == "adie-microcredit" })
        journey.choices = [PlanChoice(step: step.replacing(with: adie, next: nil))]
        var screen = SlotScreen(journey: journey, step: 0, taken: taken, env: env)
        let entries = screen.slots.entries
        guard let focus = screen.clicks.highlighted, case .slot(let first) = entries[focus] else {
            Issue.record("no slot selected")
            return
        }
        #expect(first.slot.id == "adie-belle-beille/2026-12-08T09:00")
        _ = screen.handle(.up, env)
        #expect(screen.clicks.highlighted == 3)
        #expect(screen.render(env).text.contains("mardi 1 décembre · 9 h – 10 h 30 · complet"))
    }

    @Test("the list widget moves over the rows that can be chosen, pages, and stays put at the ends")
    func listState() {
        // A heading, two full slots, then free ones: the shape of the slot list.
        let selectable = [false, false, true, true, false, true, false, true, true, true, true, true, true]
        var list = ListState(focus: 0, selectable: selectable)
        #expect(list.focus == 2)
        #expect(list.handle(.up, selectable: selectable) && list.focus == 2)
        #expect(list.handle(.down, selectable: selectable) && list.focus == 3)
        #expect(list.handle(.down, selectable: selectable) && list.focus == 5)
        #expect(list.handle(.pageDown, selectable: selectable) && list.focus == 11)
        #expect(list.handle(.pageDown, selectable: selectable) && list.focus == 12)
        #expect(list.handle(.home, selectable: selectable) && list.focus == 2)
        #expect(list.handle(.end, selectable: selectable) && list.focus == 12)
        #expect(list.handle(.pageUp, selectable: selectable) && list.focus == 7)
        #expect(!list.handle(.enter, selectable: selectable) && list.focus == 7)
        list.focus(on: 4, selectable: selectable)
        #expect(list.focus == 7)
        list.clamp(to: 3)
        #expect(list.focus == 2)
        // Nothing can be chosen: the focus does not move.
        var none = ListState(focus: 0, selectable: [false, false])
        #expect(none.handle(.down, selectable: [false, false]) && none.focus == 0)
        // Drawn in 5 rows out of 13: the focus in view, ▲ and ▼, targets only on rows that can be chosen.
        let rows = selectable.enumerated().map { ListView.Row(text: "row \($0.offset)", selectable: $0.element) }
        var canvas = Canvas(size: Size(width: 20, height: 7))
        let cursor = ListView.draw(rows, state: ListState(focus: 7, selectable: selectable), on: &canvas,
                                   in: ListView.Frame(x: 0, y: 1, width: 20, height: 5))
        #expect(cursor == Point(x: 0, y: 3))
        #expect(canvas.lines ==
                ["", "  row 5            ▲", "  row 6", "▶ row 7", "  row 8", "  row 9            ▼", ""])
        #expect(canvas.targets == [1: 5, 3: 7, 4: 8, 5: 9])
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

extension Transition {
    /// Whether nothing changes screen and nothing is asked.
    var isStay: Bool {
        if case .stay = destination { return effects.isEmpty }
        return false
    }

    /// Whether the transition shows a screen of type `type`.
    func shows<S: KioskScreen>(_ type: S.Type) -> Bool {
        if case .screen(let next) = destination { return next is S }
        return false
    }
}
