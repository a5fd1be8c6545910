public import FabriqueCore
public import FoundationEssentials

/// The end of the journey: the code and every appointment in full, as on the ticket.
public struct ConfirmationScreen: KioskScreen, Equatable {
    public let booked: BookedPlan
    private let visit: Journey

    init(journey: Journey, booked: BookedPlan) {
        visit = journey
        self.booked = booked
    }

    var traits: ScreenTraits { visit.traits(help: .helpConfirmation, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { visit }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        ScreenMessage(text: env.strings.text(.confirmationDone), style: .emphasis)
    }

    /// Enter or Esc ends the visit (staff booking for someone go back to their menu); other keys are
    /// ignored, so that the code stays in view.
    func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        key == .enter || key == .escape ? VisitorFlow.leave(visit) : .stay
    }

    /// The recap of a booking: code, when, with whom, where, what to bring. The screen and the ticket
    /// show the same lines; only a first name appears.
    public static func recap(_ booking: Booking, catalogue: Catalogue, strings: Strings) -> (code: String, when: String, with: String, place: String, bring: [String]) {
        let language = strings.language
        let owner = catalogue.service(booking.service)
        let site = catalogue.site(booking.site)
        let start = DateText.appointment(booking.start.instant, strings)
        return (code: booking.reference,
                when: start,
                with: strings.text(.confirmationWith, ["service": owner?.service.name.text(language) ?? booking.service,
                                                       "partner": owner?.partner.name ?? booking.partner]),
                place: strings.text(.confirmationWhere, ["site": site?.name ?? booking.site, "address": site?.address.oneLine ?? ""]),
                bring: owner?.service.bring.map { $0.text(language) } ?? [])
    }

    /// The ticket as plain UTF-8 text, in the visitor's language: every appointment in time order,
    /// under one code.
    /// With `width` (a receipt printer's 32, 42 or 48 columns), every line is wrapped to it and the code
    /// stands alone, spaced out between rules, so that it reads at arm's length.
    /// Control characters a record may hold (a hand edit) are written out, as every command prints them:
    /// a ticket is read with `cat` and sent to a printer.
    public static func ticket(_ booked: BookedPlan, catalogue: Catalogue, strings given: Strings, width: Int? = nil) -> String {
        TextSanitizer.neutralised(layOutTicket(booked, catalogue: catalogue, strings: given, width: width))
    }

    /// The ticket's text as the records hold it.
    private static func layOutTicket(_ booked: BookedPlan, catalogue: Catalogue, strings given: Strings, width: Int?) -> String {
        // The catalogue's network heads the ticket whoever writes it: the kiosk, or `book` and `move`.
        let strings = given.placing(catalogue.territory)
        if let width { return receipt(booked, catalogue: catalogue, strings: strings, width: width) }
        let recaps = booked.bookings.map { recap($0, catalogue: catalogue, strings: strings) }
        let several = recaps.count > 1
        var lines = [strings.text(several ? .ticketTitlePlan : .ticketTitle), String(repeating: "=", count: 46), "",
                     strings.text(.ticketName, ["firstName": booked.bookings.first?.firstName ?? ""]),
                     strings.text(.ticketCode, ["code": booked.code])]
        for (index, recap) in recaps.enumerated() {
            if several {
                lines += ["", strings.text(.ticketAppointment, ["number": "\(index + 1)", "when": recap.when]),
                          "   " + strings.text(.ticketWith, ["with": recap.with]),
                          "   " + strings.text(.ticketWhere, ["place": recap.place])]
            } else {
                lines += [strings.text(.ticketWhen, ["when": recap.when]), strings.text(.ticketWith, ["with": recap.with]),
                          strings.text(.ticketWhere, ["place": recap.place])]
            }
        }
        let bring = unique(recaps.flatMap(\.bring))
        if !bring.isEmpty {
            lines += ["", strings.text(.ticketBring)] + bring.map { "  - \($0)" }
        }
        lines += ["", strings.text(.ticketFooter)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The ticket laid out for a receipt printer of `width` columns.
    private static func receipt(_ booked: BookedPlan, catalogue: Catalogue, strings: Strings, width: Int) -> String {
        let recaps = booked.bookings.map { recap($0, catalogue: catalogue, strings: strings) }
        let several = recaps.count > 1
        var lines: [String] = []
        /// `text` wrapped to the width at spaces, a word too long for a line cut between characters (never
        /// changed), the lines after the first indented by `indent`.
        func add(_ text: String, indent: Int = 0) {
            // The text's own leading spaces (a plan's sub-lines) stay on its first line.
            let lead = String(text.prefix { $0 == " " })
            let wrapped = TextWidth.wrap(String(text.dropFirst(lead.count)), width: width - lead.count, following: width - indent)
            let margin = String(repeating: " ", count: indent)
            lines += wrapped.enumerated().map { $0.offset == 0 ? lead + $0.element : margin + $0.element }
        }
        let rule = String(repeating: "=", count: width)
        add(strings.text(several ? .ticketTitlePlan : .ticketTitle))
        lines.append(rule)
        add(strings.text(.ticketName, ["firstName": booked.bookings.first?.firstName ?? ""]), indent: 2)
        // The code on its own line, one space between its characters, centred: it is what the visitor
        // reads out or types at check-in.
        let spaced = booked.code.map(String.init).joined(separator: " ")
        add(strings.text(.ticketCodeLabel))
        lines.append(String(repeating: " ", count: max(0, (width - TextWidth.of(spaced)) / 2)) + spaced)
        lines.append(rule)
        for (index, recap) in recaps.enumerated() {
            if several {
                lines.append("")
                add(strings.text(.ticketAppointment, ["number": "\(index + 1)", "when": recap.when]), indent: 3)
                add("   " + strings.text(.ticketWith, ["with": recap.with]), indent: 3)
                add("   " + strings.text(.ticketWhere, ["place": recap.place]), indent: 3)
            } else {
                add(strings.text(.ticketWhen, ["when": recap.when]), indent: 2)
                add(strings.text(.ticketWith, ["with": recap.with]), indent: 2)
                add(strings.text(.ticketWhere, ["place": recap.place]), indent: 2)
            }
        }
        let bring = unique(recaps.flatMap(\.bring))
        if !bring.isEmpty {
            lines.append("")
            add(strings.text(.ticketBring))
            for item in bring { add("- \(item)", indent: 2) }
        }
        lines.append("")
        add(strings.text(.ticketFooter))
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each text once, in first-seen order (two appointments may ask for the same document).
    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        Chrome.titleBar(&canvas, strings: strings, now: now)
        let recaps = booked.bookings.map { ConfirmationScreen.recap($0, catalogue: context.catalogue, strings: strings) }
        canvas.write(strings.text(.stepConfirmationTitle), x: 2, y: 2, style: .accent)
        let boxWidth = min(size.width - 4, 76)
        let x = (size.width - boxWidth) / 2
        let several = recaps.count > 1
        var lines: [(String, Style)] = [(strings.text(several ? .confirmationCodePlan : .confirmationCode, ["code": booked.code]), .selected)]
        if several {
            // Three lines an appointment; what to bring only when it fits whole (the ticket has it all).
            lines.append(("", .normal))
            for (index, recap) in recaps.enumerated() {
                lines += [("\(index + 1). \(recap.when)", .emphasis), ("   " + recap.with, .normal), ("   " + recap.place, .normal)]
            }
        } else if let recap = recaps.first {
            lines += [("", .normal), (recap.when, .emphasis), (recap.with, .normal), (recap.place, .normal)]
        }
        let bring = ConfirmationScreen.unique(recaps.flatMap(\.bring))
        let room = size.height - 10
        if !bring.isEmpty && (!several || lines.count + 2 + bring.count <= room) {
            lines += [("", .normal), (strings.text(.confirmationBring), .emphasis)] + bring.map { ("• \($0)", .normal) }
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
