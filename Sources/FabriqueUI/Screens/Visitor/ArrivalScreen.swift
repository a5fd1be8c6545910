public import FabriqueCore
public import FoundationEssentials

/// The arrival of someone with an appointment, recorded: their first name, when and with whom, and
/// to take a seat. Nothing else of the booking is shown on the public screen.
public struct ArrivalScreen: KioskScreen, Equatable {
    public let booking: Booking
    /// The code as typed, still shown in its field.
    let code: TextField
    /// Whether the arrival had been recorded before (the visitor typed their code twice).
    let already: Bool

    init(booking: Booking, code: TextField, already: Bool) {
        self.booking = booking
        self.code = code
        self.already = already
    }

    var traits: ScreenTraits { .visitor(help: .helpCheckin, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    /// Enter or Esc ends the visit.
    func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        key == .enter || key == .escape ? .welcome : .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings) = (env.context, env.strings)
        var (canvas, body) = CheckInScreen.page(env, code: code, focused: false)
        body.y += 2
        let recap = ConfirmationScreen.recap(booking, catalogue: context.catalogue, strings: strings)
        let partner = context.catalogue.partner(booking.partner)?.name ?? booking.partner
        // Each text wrapped to the page, as the check-in screen's answers are: a long partner name or first
        // name goes on the next line instead of running into the right edge.
        var row = body.y
        for (text, style, after) in [(strings.text(already ? .checkinAlready : .checkinFound, ["firstName": booking.firstName]), Style.accent, 0),
                                     (strings.text(.checkinDetails, ["when": recap.when, "partner": partner]), .emphasis, 1),
                                     (strings.text(.checkinSit), .normal, 0)] {
            for line in TextWidth.wrap(text, width: body.width) {
                canvas.write(line, x: body.x, y: row, style: style)
                row += 1
            }
            row += after
        }
        canvas.cursor = Point(x: body.x, y: body.y)
        return canvas
    }
}
