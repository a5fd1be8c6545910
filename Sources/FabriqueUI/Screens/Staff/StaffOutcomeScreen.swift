public import FabriqueCore
import FoundationEssentials

/// Staff mode: what came of a seen appointment, asked one thing at a time (what happened, then what
/// that kind needs: a partner, a financing and its amount, a legal form and SIRET; then the date), then
/// recorded; or an outcome recorded before, corrected.
public struct StaffOutcomeScreen: KioskScreen, Equatable {
    /// One question of the form.
    enum Step: Equatable {
        case kind, partner, financing, amount, legalForm, siret, date, confirm
    }

    /// The appointment the outcome follows.
    public let booking: Booking
    /// The outcome being corrected, if any.
    public let correcting: Outcome?
    let back: StaffFlow.Back
    private(set) var step = Step.kind
    private(set) var kinds: ListState
    private(set) var partners: ListState
    private(set) var financings: ListState
    private(set) var forms: ListState
    private(set) var amount = TextField(limit: 14)
    private(set) var siret = TextField(limit: 20)
    private(set) var date = TextField(limit: 10)
    private(set) var error: ScreenMessage?
    private let partnerIds: [String]
    /// Whether the form was opened from the person's path (Esc at its first question goes back there) or
    /// straight from the agenda or the call-back list (Esc goes back to that).
    let fromPath: Bool

    init(booking: Booking, correcting: Outcome?, back: StaffFlow.Back, fromPath: Bool = false, env: ScreenEnvironment) {
        self.booking = booking
        self.correcting = correcting
        self.back = back
        self.fromPath = fromPath
        // Orientation is to another partner than the one just seen.
        partnerIds = env.context.catalogue.partners.map(\.id).filter { $0 != booking.partner }
        kinds = ListState(focus: correcting.flatMap { Outcome.Kind.allCases.firstIndex(of: $0.kind) } ?? 0, count: Outcome.Kind.allCases.count)
        partners = ListState(focus: correcting?.partner.flatMap { partner in env.context.catalogue.partners.map(\.id).filter { $0 != booking.partner }.firstIndex(of: partner) } ?? 0, count: partnerIds.count)
        financings = ListState(focus: correcting?.financing.flatMap { Outcome.Financing.allCases.firstIndex(of: $0) } ?? 0,
                               count: Outcome.Financing.allCases.count)
        forms = ListState(focus: correcting.map { outcome in outcome.legalForm.flatMap { Outcome.LegalForm.allCases.firstIndex(of: $0) }
                              ?? Outcome.LegalForm.allCases.count } ?? 0,
                          count: Outcome.LegalForm.allCases.count + 1)
        Self.fill(&date, with: DateText.shortDate(correcting?.date ?? LocalDate(env.now)))
        if let euros = correcting?.amountEuros { Self.fill(&amount, with: String(euros)) }
        if let number = correcting?.siret { Self.fill(&siret, with: number) }
    }

    private static func fill(_ field: inout TextField, with text: String) {
        for character in text { _ = field.handle(.character(character)) }
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: [.amount, .siret, .date].contains(step)) }
    var clicks: Clicks {
        switch step {
        case .kind: return .choose(kinds.focus)
        case .partner: return .choose(partners.focus)
        case .financing: return .choose(financings.focus)
        case .legalForm: return .choose(forms.focus)
        case .amount, .siret, .date, .confirm: return .none
        }
    }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { error }

    var kind: Outcome.Kind { Outcome.Kind.allCases[kinds.focus] }

    /// The questions for the kind chosen, in order.
    var steps: [Step] {
        switch kind {
        case .oriented: return [.kind, .partner, .date, .confirm]
        case .financing: return [.kind, .financing, .amount, .date, .confirm]
        case .businessCreated: return [.kind, .legalForm, .siret, .date, .confirm]
        case .followUp, .premises, .training, .activityTested, .paused, .abandoned: return [.kind, .date, .confirm]
        }
    }

    /// What the form says so far, or the problem with a field (and the step to go back to).
    func draft(_ env: ScreenEnvironment) -> Result<OutcomeDraft, Problem> {
        guard let day = Self.day(date.text) else {
            return .failure(Problem(step: .date, text: env.strings.text(.outcomeErrorDateInvalid, ["example": DateText.shortDate(LocalDate(env.now))])))
        }
        var draft = OutcomeDraft(kind: kind, date: day)
        switch kind {
        case .oriented:
            draft.partner = partnerIds.indices.contains(partners.focus) ? partnerIds[partners.focus] : nil
        case .financing:
            draft.financing = Outcome.Financing.allCases[financings.focus]
            let typed = String(Blank.trimmed(amount.text, keepingLineBreaks: true))
            if !typed.isEmpty {
                guard let euros = OutcomeAmount.parse(typed) else {
                    return .failure(Problem(step: .amount, text: env.strings.text(.outcomeErrorAmountInvalid, ["value": typed])))
                }
                if let error = OutcomeDraft.amountError(euros) {
                    // A negative amount is quoted as typed.
                    let text = error == .negativeAmount ? env.strings.text(.outcomeErrorNegativeAmount, ["value": typed])
                        : OutcomeText.refusal(error, catalogue: env.context.catalogue, strings: env.strings)
                    return .failure(Problem(step: .amount, text: text))
                }
                draft.amountEuros = euros
            }
        case .businessCreated:
            draft.legalForm = Outcome.LegalForm.allCases.indices.contains(forms.focus) ? Outcome.LegalForm.allCases[forms.focus] : nil
            let typed = String(Blank.trimmed(siret.text, keepingLineBreaks: true))
            if !typed.isEmpty {
                let result = Siret.check(typed)
                if let error = result.error {
                    return .failure(Problem(step: .siret, text: OutcomeText.refusal(error, catalogue: env.context.catalogue, strings: env.strings)))
                }
                if case .valid(let digits) = result { draft.siret = digits }
            }
        case .followUp, .premises, .training, .activityTested, .paused, .abandoned:
            break
        }
        return .success(draft)
    }

    /// A field's problem and the question it belongs to.
    struct Problem: Error, Equatable {
        let step: Step
        let text: String
    }

    /// A day typed as 28/11/2026, 28/11/26 or 2026-11-28.
    static func day(_ text: String) -> LocalDate? {
        let typed = String(Blank.trimmed(text, keepingLineBreaks: true))
        if let day = LocalDate(typed) { return day }
        let parts = typed.split(whereSeparator: { "/.-".contains($0) }).map(String.init)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), var year = Int(parts[2]) else { return nil }
        if parts[2].count == 2 { year += 2000 }
        return LocalDate(year: year, month: month, day: day)
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .outcomes(.recorded(.success)):
            return .go(StaffPersonScreen(code: booking.reference, back: back,
                                         note: ScreenMessage(text: env.strings.text(.outcomeFormSaved), style: .muted)),
                       .loadPath(code: booking.reference))
        case .outcomes(.recorded(.failure(let refusal))):
            error = ScreenMessage(text: OutcomeText.refusal(refusal, catalogue: env.context.catalogue, strings: env.strings))
            switch refusal {
            case .invalidSiret, .siretNotFourteenDigits, .siretNamesNoBusiness: step = .siret
            case .negativeAmount, .zeroAmount, .amountTooLarge: step = .amount
            case .dateInFuture, .dateBeforeAppointment: step = .date
            default: break
            }
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue,
             .staffPIN, .absences, .found, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        error = nil
        let order = steps
        let index = order.firstIndex(of: step) ?? 0
        if key == .escape {
            guard index > 0 else {
                guard fromPath else { return back.transition(env) }
                return .go(StaffPersonScreen(code: booking.reference, back: back), .loadPath(code: booking.reference))
            }
            step = order[index - 1]
            return .stay
        }
        switch step {
        case .kind: if kinds.handle(key, count: Outcome.Kind.allCases.count) { return .stay }
        case .partner: if partners.handle(key, count: partnerIds.count) { return .stay }
        case .financing: if financings.handle(key, count: Outcome.Financing.allCases.count) { return .stay }
        case .legalForm: if forms.handle(key, count: Outcome.LegalForm.allCases.count + 1) { return .stay }
        case .amount: if key != .enter && amount.handle(key) { return .stay }
        case .siret: if key != .enter && siret.handle(key) { return .stay }
        case .date: if key != .enter && date.handle(key) { return .stay }
        case .confirm: break
        }
        guard key == .enter else { return .stay }
        // A field is checked when it is left, so that its problem is told where it can be mended.
        if [.amount, .siret, .date].contains(step), case .failure(let problem) = draft(env), problem.step == step {
            error = ScreenMessage(text: problem.text)
            return .stay
        }
        if step == .confirm {
            switch draft(env) {
            case .success(let draft):
                return .run(.recordOutcome(reference: booking.reference, draft: draft, correcting: correcting?.id))
            case .failure(let problem):
                step = problem.step
                error = ScreenMessage(text: problem.text)
                return .stay
            }
        }
        step = order[min(index + 1, order.count - 1)]
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let name = "\(booking.firstName) \(booking.lastName)"
        let heading = correcting.map { strings.text(.outcomeFormCorrecting, ["id": $0.id, "name": name]) }
            ?? strings.text(.outcomeFormTitle, ["code": booking.reference, "name": name])
        let question: StringKey = switch step {
        case .kind: .outcomeFormKind
        case .partner: .outcomeFormPartner
        case .financing: .outcomeFormFinancing
        case .amount: .outcomeFormAmount
        case .legalForm: .outcomeFormLegalForm
        case .siret: .outcomeFormSiret
        case .date: .outcomeFormDate
        case .confirm: .outcomeFormConfirm
        }
        let hints = [Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(step == .confirm ? .outcomeFormHintSave : .hintEnterLabel)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.outcomeFormHintBack))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: strings.text(question), hints: hints)
        // The appointment it follows, and what is said so far.
        let seen = OutcomeText.line(.booking(booking), catalogue: context.catalogue, strings: strings)
        canvas.write(TextWidth.truncate(seen, to: body.width), x: body.x, y: body.y, style: .muted)
        if step != .kind, case .success(let draft) = draft(env) {
            let said = strings.text(.outcomeFormSummary, ["what": OutcomeText.describe(draft, catalogue: context.catalogue, strings: strings),
                                                          "date": DateText.shortDate(draft.date)])
            canvas.write(TextWidth.truncate(said, to: body.width), x: body.x, y: body.y + 1, style: .emphasis)
        }
        let frame = ListView.Frame(x: body.x, y: body.y + 3, width: body.width, height: max(1, body.height - 3))
        switch step {
        case .kind:
            let rows = Outcome.Kind.allCases.map { ListView.Row(text: $0.label(strings)) }
            canvas.cursor = ListView.draw(rows, state: kinds, on: &canvas, in: frame)
        case .partner:
            let rows = partnerIds.map { ListView.Row(text: context.catalogue.partner($0)?.name ?? $0) }
            canvas.cursor = ListView.draw(rows, state: partners, on: &canvas, in: frame)
        case .financing:
            let rows = Outcome.Financing.allCases.map { ListView.Row(text: $0.label(strings)) }
            canvas.cursor = ListView.draw(rows, state: financings, on: &canvas, in: frame)
        case .legalForm:
            let rows = Outcome.LegalForm.allCases.map { ListView.Row(text: $0.label(strings)) } + [ListView.Row(text: strings.text(.outcomeLegalUnknown))]
            canvas.cursor = ListView.draw(rows, state: forms, on: &canvas, in: frame)
        case .amount:
            canvas.cursor = amount.draw(on: &canvas, x: frame.x, y: frame.y, width: 16, focused: true)
        case .siret:
            canvas.cursor = siret.draw(on: &canvas, x: frame.x, y: frame.y, width: 22, focused: true)
        case .date:
            canvas.cursor = date.draw(on: &canvas, x: frame.x, y: frame.y, width: 12, focused: true)
        case .confirm:
            canvas.cursor = Point(x: body.x, y: body.y + 1)
        }
        return canvas
    }
}
