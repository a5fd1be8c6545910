public import FabriqueCore
public import FoundationEssentials

/// A day's agenda as plain text for the printer: the place and day, then two lines an appointment
/// (time, status, name, phone; then partner and service), at most 48 columns so that an 80 mm receipt
/// printer keeps it whole. The kiosk's P key and `fabrique agenda --print` send the same text.
public enum AgendaDocument {
    /// The widest line written, in columns.
    public static let width = 48

    /// The text of `day`'s agenda at `place` (a place's name, or "every place").
    public static func text(day: LocalDate, place: String, bookings: [Booking], catalogue: Catalogue, strings: Strings) -> String {
        let everyPlace = Set(bookings.map(\.site)).count > 1
        let language = strings.language
        var lines = [strings.text(.agendaPrintTitle, ["day": DateText.longDay(day, strings)]), place,
                     String(repeating: "=", count: width)]
        if bookings.isEmpty { lines.append(strings.text(.staffAgendaEmpty)) }
        for booking in bookings {
            let time = DateText.time(booking.start.instant, language)
            let phone = booking.phone.map(Contact.displayPhone) ?? ""
            let name = TextWidth.truncate("\(booking.firstName) \(booking.lastName)", to: width - 8 - 10 - TextWidth.of(phone) - 1)
            let head = "\(Columns.pad(time, 8))\(Columns.pad(booking.status.label(strings), 10))\(name)"
            lines.append(head + String(repeating: " ", count: max(1, width - TextWidth.of(head) - TextWidth.of(phone))) + phone)
            let partner = catalogue.partner(booking.partner)?.name ?? booking.partner
            let service = catalogue.service(booking.service)?.service.name.text(language) ?? booking.service
            // The service says what the appointment is for; the place only when the page covers every place.
            let site = everyPlace ? (catalogue.site(booking.site)?.name ?? booking.site) + " · " : ""
            lines.append(TextWidth.truncate("        \(site)\(service) — \(partner)", to: width))
        }
        lines += [String(repeating: "-", count: width),
                  strings.text(.agendaPrintCount, ["count": "\(bookings.filter(\.isActive).count)"])]
        // Records may have been edited by hand: nothing reaches the printer as a control sequence.
        return lines.map(TextSanitizer.neutralised).joined(separator: "\n") + "\n"
    }
}
