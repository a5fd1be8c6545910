public import FabriqueCore
public import Foundation

/// "J'ai déjà un rendez-vous": the visitor types their code; a wrong one empties the field and says
/// so (the same words whatever was wrong); a right one goes on to the arrival (`ArrivalScreen`).
public struct CheckInScreen: KioskScreen, Equatable {
    public private(set) var code = TextField(limit: BookingStore.referenceLength, content: .code)
    /// Whether the last code looked up matched nothing here today.
    private(set) var notFound = false

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
            return .run(.checkIn(reference: reference, day: LocalDate(env.now)))
        case .escape:
            return .welcome
        default:
            if code.handle(key) { notFound = false }
            return .stay
        }
    }

    /// The store's answer; the kiosk has already counted a wrong code (see `KioskApp.observe`).
    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .checkedIn(let result) = reply else { return .stay }
        switch result {
        case .success(let booking?):
            return .go(VisitorFlow.arrival(booking, code: code))
        case .success(nil):
            notFound = true
            code = TextField(limit: code.limit, content: .code)
            return .stay
        case .failure:
            return .say(.checkinFailed)
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        var (canvas, body) = CheckInScreen.page(env, code: code, focused: true)
        var row = body.y + 2
        if notFound {
            for line in TextWidth.wrap(env.strings.text(.checkinNotFound), width: body.width) {
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
