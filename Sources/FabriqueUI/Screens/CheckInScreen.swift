public import FabriqueCore
public import Foundation

/// "J'ai déjà un rendez-vous": the visitor types their code; the arrival is recorded and the
/// appointment shown with a first name only.
public struct CheckInScreen: Sendable, Equatable {
    public private(set) var code = TextField(limit: BookingStore.referenceLength, content: .code)
    /// The result of the last look-up: the booking found, or nil when none matched.
    private(set) var result: Booking??

    enum Outcome: Equatable {
        case lookUp(String)
        case back
        case done
    }

    init() {}

    mutating func handle(_ key: Key) -> Outcome? {
        if case .some(.some) = result {
            // Once the arrival is shown, any confirming key ends the visit.
            return key == .enter || key == .escape ? .done : nil
        }
        switch key {
        case .enter:
            let reference = BookingStore.normalizedReference(code.text)
            return reference.isEmpty ? nil : .lookUp(reference)
        case .escape:
            return .back
        default:
            if code.handle(key) { result = nil }
        }
        return nil
    }

    /// Shows what the store answered; after a wrong code the field is emptied for the next try.
    mutating func show(_ booking: Booking?) {
        result = .some(booking)
        if booking == nil { code = TextField(limit: code.limit, content: .code) }
    }

    /// Draws the screen; `wait` is the seconds left before another code may be tried (0: none).
    func render(context: KioskContext, strings: Strings, size: Size, now: Date, wait: Int = 0) -> Canvas {
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.stepCheckinTitle),
                               question: strings.text(.checkinQuestion), hints: Chrome.hints(strings, typing: true))
        let label = strings.text(.checkinCode)
        let end = canvas.write(label, x: body.x, y: body.y, style: .emphasis) + 2
        let cursor = code.draw(on: &canvas, x: end, y: body.y, width: 10, focused: true)
        canvas.cursor = cursor
        switch result {
        case .some(.some(let booking)):
            let recap = ConfirmationScreen.recap(booking, context: context, strings: strings)
            let partner = context.catalogue.partner(booking.partner)?.name ?? booking.partner
            canvas.write(strings.text(.checkinFound, ["firstName": booking.firstName]), x: body.x, y: body.y + 2, style: .accent)
            canvas.write(strings.text(.checkinDetails, ["when": recap.when, "partner": partner]), x: body.x, y: body.y + 3, style: .emphasis)
            canvas.write(strings.text(.checkinSit), x: body.x, y: body.y + 5)
            canvas.cursor = Point(x: body.x, y: body.y + 2)
        case .some(.none):
            for (index, line) in TextWidth.wrap(strings.text(.checkinNotFound), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: body.y + 2 + index, style: .alert)
            }
        case .none:
            break
        }
        let notFound = result == .some(.none)
        if wait > 0, result == nil || notFound {
            let row = body.y + 2 + (notFound ? TextWidth.wrap(strings.text(.checkinNotFound), width: body.width).count + 1 : 0)
            for (index, line) in TextWidth.wrap(strings.text(.checkinWait, ["seconds": "\(wait)"]), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: row + index, style: .alert)
            }
        }
        return canvas
    }
}
