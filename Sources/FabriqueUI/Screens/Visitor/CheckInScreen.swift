public import FabriqueCore
public import FoundationEssentials

/// "J'ai déjà un rendez-vous": the visitor types their code (a booking's or a plan's). A wrong one
/// empties the field and reveals nothing; a right one for another day or place says when and where;
/// the right one here today goes on to the arrival (`ArrivalScreen`).
public struct CheckInScreen: KioskScreen, Equatable {
    public private(set) var code = TextField(limit: BookingStore.referenceLength, content: .code)
    /// What the last code looked up turned out to be, when it was not an arrival here.
    private(set) var answer: Answer?

    /// What the screen says about the last code.
    enum Answer: Sendable, Equatable {
        case notFound
        case otherDay(Booking, past: Bool)
        case otherPlace(Booking)
        case notActive
    }

    init() {}

    var traits: ScreenTraits { .visitor(help: .helpCheckin, typing: true) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        switch key {
        case .enter:
            let reference = BookingStore.normalizedReference(code.text)
            // While the wait after wrong codes runs, nothing is looked up; the screen shows the wait.
            guard !reference.isEmpty, env.checkInWait == 0 else { return .stay }
            return .run(.checkIn(code: reference, day: LocalDate(env.now)))
        case .escape:
            return .welcome
        default:
            if code.handle(key) { answer = nil }
            return .stay
        }
    }

    /// The store's answer; the kiosk has already counted a wrong code (see `KioskApp.deliver`).
    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .checkedIn(let result) = reply else { return .stay }
        // Keys typed while the arrival was written (a lock held elsewhere: up to 20 s) were meant for the
        // screen before: an Enter among them would close the confirmation unseen.
        let outcome: CheckInOutcome
        switch result {
        case .success(let found): outcome = found
        case .failure: return Transition.say(.checkinFailed).droppingTypeAhead()
        }
        switch outcome {
        case .arrived(let booking): return Transition.go(VisitorFlow.arrival(booking, code: code, already: false)).droppingTypeAhead()
        case .alreadyArrived(let booking): return Transition.go(VisitorFlow.arrival(booking, code: code, already: true)).droppingTypeAhead()
        case .otherDay(let booking): answer = .otherDay(booking, past: booking.start.day < LocalDate(env.now))
        case .otherPlace(let booking): answer = .otherPlace(booking)
        case .notActive: answer = .notActive
        case .unknown: answer = .notFound
        }
        code = TextField(limit: code.limit, content: .code)
        return .stay
    }

    /// The sentence for the last code, when there is one.
    private func answerText(_ env: ScreenEnvironment) -> String? {
        let (context, strings) = (env.context, env.strings)
        switch answer {
        case nil: return nil
        case .notFound: return strings.text(.checkinNotFound)
        case .otherDay(let booking, let past):
            return strings.text(past ? .checkinPastDay : .checkinOtherDay, ["when": DateText.appointment(booking.start.instant, strings)])
        case .otherPlace(let booking):
            let site = context.catalogue.site(booking.site)
            return strings.text(.checkinOtherPlace, ["site": site?.name ?? booking.site, "address": site?.address.oneLine ?? ""])
        case .notActive: return strings.text(.checkinNotActive)
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        var (canvas, body) = CheckInScreen.page(env, code: code, focused: true)
        var row = body.y + 2
        if let text = answerText(env) {
            for line in TextWidth.wrap(text, width: body.width) {
                canvas.write(line, x: body.x, y: row, style: .alert)
                row += 1
            }
            row += 1
        }
        if env.checkInWait > 0 {
            for line in TextWidth.wrap(env.strings.text(.checkinWait, ["seconds": "\(env.checkInWait)"]), width: body.width) {
                canvas.write(line, x: body.x, y: row, style: .alert)
                row += 1
            }
        }
        return canvas
    }

    /// The page both check-in screens share: heading, question, hints and the code field, the cursor
    /// in the field; the answer goes two rows below it, in the body returned.
    static func page(_ env: ScreenEnvironment, code: TextField, focused: Bool) -> (canvas: Canvas, body: Chrome.Body) {
        let strings = env.strings
        var canvas = Canvas(size: env.size)
        let body = Chrome.page(&canvas, strings: strings, now: env.now, heading: strings.text(.stepCheckinTitle),
                               question: strings.text(.checkinQuestion), hints: Chrome.hints(strings, typing: focused, arrows: false))
        let end = canvas.write(strings.text(.checkinCode), x: body.x, y: body.y, style: .emphasis) + 2
        canvas.cursor = code.draw(on: &canvas, x: end, y: body.y, width: 10, focused: focused)
        return (canvas, body)
    }
}
