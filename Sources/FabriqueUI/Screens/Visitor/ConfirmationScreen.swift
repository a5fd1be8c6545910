public import FabriqueCore
public import Foundation

/// The end of the journey: the booking code and the appointment in full, as on the ticket.
public struct ConfirmationScreen: KioskScreen, Equatable {
    public let booking: Booking
    private let visit: Journey

    init(journey: Journey, booking: Booking) {
        visit = journey
        self.booking = booking
    }

    var traits: ScreenTraits { .visitor(help: .helpConfirmation, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { visit }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        ScreenMessage(text: env.strings.text(.confirmationDone), style: .emphasis)
    }

    /// Enter or Esc ends the visit; other keys are ignored, so that the code stays in view.
    func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        key == .enter || key == .escape ? .welcome : .stay
    }

    /// The recap of a booking: code, when, with whom, where, what to bring. The screen and the ticket
    /// show the same lines; only a first name appears.
    public static func recap(_ booking: Booking, context: KioskContext, strings: Strings) -> (code: String, when: String, with: String, place: String, bring: [String]) {
        let language = strings.language
        let owner = context.catalogue.service(booking.service)
        let site = context.catalogue.site(booking.site)
        let start = DateText.appointment(booking.start.instant, strings)
        return (code: booking.reference,
                when: start,
                with: strings.text(.confirmationWith, ["service": owner?.service.name.text(language) ?? booking.service,
                                                       "partner": owner?.partner.name ?? booking.partner]),
                place: strings.text(.confirmationWhere, ["site": site?.name ?? booking.site, "address": site?.address.oneLine ?? ""]),
                bring: owner?.service.bring.map { $0.text(language) } ?? [])
    }

    /// The ticket as plain UTF-8 text, in the visitor's language.
    public static func ticket(_ booking: Booking, context: KioskContext, strings: Strings) -> String {
        let recap = recap(booking, context: context, strings: strings)
        var lines = [strings.text(.ticketTitle), String(repeating: "=", count: 46), "",
                     strings.text(.ticketName, ["firstName": booking.firstName]),
                     strings.text(.ticketCode, ["code": recap.code]),
                     strings.text(.ticketWhen, ["when": recap.when]),
                     strings.text(.ticketWith, ["with": recap.with]),
                     strings.text(.ticketWhere, ["place": recap.place])]
        if !recap.bring.isEmpty {
            lines += ["", strings.text(.ticketBring)] + recap.bring.map { "  - \($0)" }
        }
        lines += ["", strings.text(.ticketFooter)]
        return lines.joined(separator: "\n") + "\n"
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        Chrome.titleBar(&canvas, strings: strings, now: now)
        let recap = ConfirmationScreen.recap(booking, context: context, strings: strings)
        canvas.write(strings.text(.stepConfirmationTitle), x: 2, y: 2, style: .accent)
        let boxWidth = min(size.width - 4, 76)
        let x = (size.width - boxWidth) / 2
        var lines: [(String, Style)] = [(strings.text(.confirmationCode, ["code": recap.code]), .selected), ("", .normal),
                                        (recap.when, .emphasis), (recap.with, .normal), (recap.place, .normal)]
        if !recap.bring.isEmpty {
            lines += [("", .normal), (strings.text(.confirmationBring), .emphasis)] + recap.bring.map { ("• \($0)", .normal) }
        }
        let height = min(size.height - 6, lines.count + 4)
        canvas.frame(x: x, y: 4, width: boxWidth, height: height)
        for (index, line) in lines.prefix(height - 4).enumerated() {
            canvas.write(TextWidth.truncate(line.0, to: boxWidth - 6), x: x + 3, y: 6 + index, style: line.1)
        }
        canvas.cursor = Point(x: x + 3, y: 6)
        Chrome.hintBar(&canvas, hints: [Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
                                        Chrome.Hint(key: strings.text(.hintHelpKey), label: strings.text(.hintHelpLabel))])
        return canvas
    }
}
