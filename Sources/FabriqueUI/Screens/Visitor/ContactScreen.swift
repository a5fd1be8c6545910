public import FabriqueCore
public import FoundationEssentials

/// Step 6: first name, last name, optional phone and e-mail, and the consent that booking requires;
/// then the booking itself, and its confirmation or the slots again when it was taken meanwhile.
public struct ContactScreen: KioskScreen, Equatable {
    /// What was typed; kept in the journey, so that going back to the slots and returning keeps it.
    private var visit: Journey
    /// Active bookings per slot, as read before the slots were shown.
    private let taken: [String: Int]
    /// The step whose slot was taken meanwhile, while the slots are read again, and what to tell the visitor.
    private var retaking: Retake?
    /// Why staff's booking was refused, when the person already holds one for the service.
    private var refusal: ScreenMessage?

    /// A step to choose a slot for again.
    private struct Retake: Sendable, Equatable {
        let step: Int
        let message: ScreenMessage
    }

    init(journey: Journey, taken: [String: Int]) {
        visit = journey
        self.taken = taken
    }

    var traits: ScreenTraits { visit.traits(help: .helpContact, typing: true) }
    var journey: Journey? { visit }

    /// A click on a field focuses it; a second click ticks the consent or books.
    var clicks: Clicks {
        .form(visit.contact.focus.rawValue, secondClick: [ContactForm.Focus.consent.rawValue: .character(" "),
                                                          ContactForm.Focus.book.rawValue: .enter])
    }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        refusal ?? visit.contact.error.map { ScreenMessage(text: env.strings.text($0)) }
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        refusal = nil
        switch visit.contact.handle(key) {
        case .book(let details):
            let requests = visit.chosen.map { entry in
                BookingRequest(slot: entry.slot.id, service: entry.choice.step.proposal.service.id, firstName: details.firstName,
                               lastName: details.lastName, phone: details.phone, email: details.email,
                               quartier: visit.answers.quartier, needs: entry.choice.step.needs,
                               consent: true, bookedAt: env.context.site.id,
                               // Staff may be told that the person already holds a booking; a visitor is not
                               // (anyone could type a name), and the booking is flagged to staff instead.
                               whenAlreadyHeld: visit.byStaff ? .refuse : .flagForStaff, channel: visit.channel,
                               stage: visit.answers.stageWord, under26: visit.answers.under26Word, walkIn: visit.walkIn)
            }
            guard !requests.isEmpty else { return .stay }
            return .run(.book(requests))
        case .back:
            return .go(VisitorFlow.planScreen(visit, taken: taken))
        case nil:
            return .stay
        }
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .booked(.success(let booked)):
            visit.booked = booked.bookings
            return VisitorFlow.confirmation(visit, booked: booked, env)
        case .booked(.failure(let error)):
            // Keys typed while the booking was tried (up to 20 s when another writer holds the records'
            // lock) were meant for the form before the answer: dropped, as after a confirmation.
            return answer(to: error, env).droppingTypeAhead()
        case .availability(let result):
            guard let retaking else { return .stay }
            var fresh: [String: Int] = taken
            if case .success(let counts) = result { fresh = counts }
            return .go(SlotScreen(journey: visit, step: retaking.step, taken: fresh, env: env, notice: retaking.message))
        case .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue, .staffPIN, .absences, .found, .code, .printed, .outcomes:
            return .stay
        }
    }

    /// What a refused or failed booking leads to: the refusal said, or a slot taken meanwhile chosen again.
    private mutating func answer(to error: BookingError, _ env: ScreenEnvironment) -> Transition {
        if case .alreadyBooked(let held) = error {
            refusal = ScreenMessage(text: env.strings.text(.staffAlreadyBooked, ["code": held]))
            return .stay
        }
        if case .inPlan(_, .alreadyBooked(let held)) = error {
            refusal = ScreenMessage(text: env.strings.text(.staffAlreadyBooked, ["code": held]))
            return .stay
        }
        guard let refused = refusedSlot(error) else {
            if case .records(.uncertainWrite) = error { return .say(.bookingUncertain) }
            return .say(.bookingFailed)
        }
        // Taken meanwhile: that step's slot is chosen again, read afresh; nothing else is retyped.
        guard let entry = visit.chosen.first(where: { $0.slot.id == refused }) else { return .say(.bookingFailed) }
        visit.choices[entry.index].slot = nil
        // Taken by someone else, or no longer offered (the catalogue was edited meanwhile): said as it is.
        let gone: Bool
        switch error {
        case .unknownSlot, .notBookable, .inPlan(_, .unknownSlot), .inPlan(_, .notBookable): gone = true
        default: gone = false
        }
        retaking = Retake(step: entry.index, message: ScreenMessage(text: env.strings.text(gone ? .planSlotGone : .planSlotTaken, [
            "service": entry.choice.step.proposal.service.name.text(env.language),
            "when": PlanText.when(entry.slot, strings: env.strings)])))
        return .run(.availability(env))
    }

    /// The slot a refusal is about, when it is one that another slot would fix (taken, no longer bookable).
    private func refusedSlot(_ error: BookingError) -> String? {
        switch error {
        case .inPlan(let slot, .full), .inPlan(let slot, .notBookable), .inPlan(let slot, .unknownSlot): return slot
        case .full, .notBookable, .unknownSlot: return visit.chosen.first?.slot.id
        default: return nil
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        visit.contact.render(env, slots: visit.chosen.map(\.slot))
    }
}

/// The contact form's fields, focus and consent.
struct ContactForm: Sendable, Equatable {
    /// What has the focus.
    enum Focus: Int, Sendable, CaseIterable {
        case firstName, lastName, phone, email, consent, book
    }

    private(set) var firstName = TextField(limit: Contact.nameLimit)
    /// A form with the first name already known (a walk-in booked at the desk: nothing is typed twice).
    init(firstName known: String? = nil) {
        // Typed in as characters, so that the field cleans and limits it as it would what staff type.
        for character in known ?? "" { _ = firstName.handle(.character(character)) }
    }

    private(set) var lastName = TextField(limit: Contact.nameLimit)
    private(set) var phone = TextField(limit: 20, content: .phone)
    private(set) var email = TextField(limit: 80, content: .email)
    private(set) var consent = false
    private(set) var focus = Focus.firstName
    /// The problem to show after a refused attempt.
    private(set) var error: StringKey?

    /// What the visitor gave, once every check passed.
    struct Details: Equatable {
        var firstName: String
        var lastName: String
        var phone: String?
        var email: String?
    }

    enum Outcome: Equatable {
        case book(Details)
        case back
    }

    private mutating func move(_ step: Int) {
        focus = Focus(rawValue: min(Focus.allCases.count - 1, max(0, focus.rawValue + step))) ?? focus
    }

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .tab, .down: move(1)
        case .backTab, .up: move(-1)
        case .escape: return .back
        case .enter where focus == .book:
            return submit()
        case .character(" ") where focus == .consent:
            consent.toggle()
        case .enter where focus == .consent:
            // Enter ticks the consent, never unticks it: pressed again, it goes on to the button.
            if consent { move(1) } else { consent = true }
        case .enter:
            move(1)
        default:
            switch focus {
            case .firstName: _ = firstName.handle(key)
            case .lastName: _ = lastName.handle(key)
            case .phone: _ = phone.handle(key)
            case .email: _ = email.handle(key)
            case .consent, .book: break
            }
        }
        if let error, isFixed(error) { self.error = nil }
        return nil
    }

    /// Whether the field a message is about is now right, so that the message goes.
    private func isFixed(_ message: StringKey) -> Bool {
        switch message {
        case .contactErrorFirstName: return Contact.name(firstName.text) != nil
        case .contactErrorLastName: return Contact.name(lastName.text) != nil
        case .contactErrorPhone: return String(Blank.trimmed(phone.text, keepingLineBreaks: true)).isEmpty || Contact.phone(phone.text) != nil
        case .contactErrorEmail: return String(Blank.trimmed(email.text, keepingLineBreaks: true)).isEmpty || Contact.email(email.text) != nil
        case .contactErrorConsent: return consent
        default: return false
        }
    }

    /// Checks every field; on the first problem, focuses it and says what is wrong.
    private mutating func submit() -> Outcome? {
        func refuse(_ field: Focus, _ message: StringKey) -> Outcome? {
            focus = field
            error = message
            return nil
        }
        guard let first = Contact.name(firstName.text) else { return refuse(.firstName, .contactErrorFirstName) }
        guard let last = Contact.name(lastName.text) else { return refuse(.lastName, .contactErrorLastName) }
        let phoneText = String(Blank.trimmed(phone.text, keepingLineBreaks: true))
        let phoneValue = phoneText.isEmpty ? nil : Contact.phone(phoneText)
        if !phoneText.isEmpty && phoneValue == nil { return refuse(.phone, .contactErrorPhone) }
        let emailText = String(Blank.trimmed(email.text, keepingLineBreaks: true))
        let emailValue = emailText.isEmpty ? nil : Contact.email(emailText)
        if !emailText.isEmpty && emailValue == nil { return refuse(.email, .contactErrorEmail) }
        guard consent else { return refuse(.consent, .contactErrorConsent) }
        error = nil
        return .book(Details(firstName: first, lastName: last, phone: phoneValue, email: emailValue))
    }

    func render(_ env: ScreenEnvironment, slots: [Slot]) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        var question = ""
        if slots.count == 1, let slot = slots.first {
            question = strings.text(.stepContactQuestion, ["when": PlanText.when(slot, strings: strings),
                                                           "site": PlanText.place(slot, context: context, strings: strings)])
        } else if let first = slots.min(by: { $0.startInstant < $1.startInstant }) {
            question = strings.text(.stepContactQuestionPlan, ["count": "\(slots.count)", "when": PlanText.when(first, strings: strings)])
        }
        let tab = Chrome.Hint(key: strings.text(.hintTabKey), label: strings.text(.hintTabLabel))
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(6, .stepContactTitle, strings),
                               question: question, hints: Chrome.hints(strings, extra: [tab], typing: true, arrows: false))
        let labelWidth = 26
        let fields: [(StringKey, TextField, Focus)] = [(.contactFirstName, firstName, .firstName), (.contactLastName, lastName, .lastName),
                                                      (.contactPhone, phone, .phone), (.contactEmail, email, .email)]
        var cursor: Point?
        for (index, field) in fields.enumerated() {
            let y = body.y + index
            canvas.targets[y] = field.2.rawValue
            canvas.write(strings.text(field.0), x: body.x, y: y, style: focus == field.2 ? .emphasis : .normal)
            let point = field.1.draw(on: &canvas, x: body.x + labelWidth, y: y, width: min(44, body.width - labelWidth),
                                     focused: focus == field.2)
            if focus == field.2 { cursor = point }
        }
        var y = body.y + fields.count + 1
        for line in TextWidth.wrap(strings.text(.contactConsentText), width: body.width) {
            canvas.write(line, x: body.x, y: y, style: .muted)
            y += 1
        }
        canvas.targets[y] = Focus.consent.rawValue
        canvas.targets[y + 2] = Focus.book.rawValue
        let box = "[\(consent ? "x" : " ")] \(strings.text(.contactConsent))"
        canvas.write(box, x: body.x, y: y, style: focus == .consent ? .selected : .emphasis)
        if focus == .consent { cursor = Point(x: body.x + 1, y: y) }
        let button = "[ \(strings.text(.contactBook)) ]"
        canvas.write(button, x: body.x, y: y + 2, style: focus == .book ? .selected : .accent)
        if focus == .book { cursor = Point(x: body.x + 2, y: y + 2) }
        canvas.cursor = cursor
        return canvas
    }
}
