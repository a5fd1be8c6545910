import FabriqueCore
import FabriqueUI
import FoundationEssentials

/// A column of an exported sheet: the header a person reads (from the language file), the JSON field
/// it stands for (documented in the README), and its cell.
struct Column<Row> {
    let header: StringKey
    let field: String
    let cell: (Row) -> String
}

/// The columns of the sheets staff open in a spreadsheet: names and labels rather than ids, dates
/// as French spreadsheets read them, phones as a person writes them.
enum Sheet {
    /// A phone as people write it, which a spreadsheet keeps as text: `06 12 34 56 78`, or `00 44…`
    /// for another country (never a leading `+`, which a spreadsheet would compute).
    static func phone(_ e164: String?) -> String {
        guard let e164 else { return "" }
        let shown = Contact.displayPhone(e164)
        return shown.hasPrefix("+") ? "00 " + shown.dropFirst() : shown
    }

    /// A recorded moment as a spreadsheet reads it: `28/11/2026 10:05` (Paris time).
    static func moment(_ text: String) -> String {
        guard let instant = InstantParser.parse(text) else { return text }
        return DateText.shortDate(LocalDate(instant)) + " " + DateText.clock(instant)
    }

    /// The columns of an appointment.
    static func bookings(_ catalogue: Catalogue, _ strings: Strings) -> [Column<Booking>] {
        let language = strings.language
        return [
            Column(header: .csvCode, field: "reference") { $0.reference },
            Column(header: .csvDate, field: "start") { DateText.shortDate($0.start.day) },
            Column(header: .csvTime, field: "start") { DateText.time($0.start.instant, language) },
            Column(header: .csvPlace, field: "site") { catalogue.site($0.site)?.name ?? $0.site },
            Column(header: .csvPartner, field: "partner") { catalogue.partner($0.partner)?.name ?? $0.partner },
            Column(header: .csvService, field: "service") { catalogue.service($0.service)?.service.name.text(language) ?? $0.service },
            Column(header: .csvStatus, field: "status") { $0.status.label(strings) },
            Column(header: .csvFirstName, field: "firstName") { $0.firstName },
            Column(header: .csvLastName, field: "lastName") { $0.lastName },
            Column(header: .csvPhone, field: "phone") { phone($0.phone) },
            Column(header: .csvEmail, field: "email") { $0.email ?? "" },
            Column(header: .csvQuartier, field: "quartier") { booking in
                booking.quartier.map { id in catalogue.quartiers.first { $0.id == id }?.name.text(language) ?? id } ?? ""
            },
            Column(header: .csvNeeds, field: "needs") { booking in
                booking.needs.map { id in catalogue.needs.first { $0.id == id }?.label.text(language) ?? id }.joined(separator: ", ")
            },
            Column(header: .csvBookedAt, field: "bookedAt") { catalogue.site($0.bookedAt)?.name ?? $0.bookedAt },
            Column(header: .csvCreatedAt, field: "createdAt") { moment($0.createdAt) },
            Column(header: .csvArrivedAt, field: "arrivedAt") { $0.arrivedAt.map(moment) ?? "" },
            Column(header: .csvPlan, field: "plan") { $0.plan ?? "" },
        ]
    }

    /// The columns of an anonymous visit.
    static func visits(_ catalogue: Catalogue, _ strings: Strings) -> [Column<Visit>] {
        let language = strings.language
        func needs(_ ids: [String]) -> String {
            ids.map { id in catalogue.needs.first { $0.id == id }?.label.text(language) ?? id }.joined(separator: ", ")
        }
        func services(_ ids: [String]) -> String {
            ids.map { catalogue.service($0)?.service.name.text(language) ?? $0 }.joined(separator: ", ")
        }
        return [
            Column(header: .csvDate, field: "date") { DateText.shortDate($0.date) },
            Column(header: .csvPlace, field: "site") { catalogue.site($0.site)?.name ?? $0.site },
            Column(header: .csvQuartier, field: "quartier") { visit in
                visit.quartier.map { id in catalogue.quartiers.first { $0.id == id }?.name.text(language) ?? id } ?? ""
            },
            Column(header: .csvStage, field: "stage") { $0.stage ?? "" },
            Column(header: .csvSituation, field: "situation") { $0.situation ?? "" },
            Column(header: .csvUnder26, field: "under26") { $0.under26 ?? "" },
            Column(header: .csvNeeds, field: "needs") { needs($0.needs) },
            Column(header: .csvProposals, field: "proposals") { services($0.proposals) },
            Column(header: .csvBookedService, field: "bookedService") { $0.bookedService.map { services([$0]) } ?? "" },
            Column(header: .csvBookedPartner, field: "bookedPartner") { visit in
                visit.bookedPartner.map { catalogue.partner($0)?.name ?? $0 } ?? ""
            },
        ]
    }

    /// A whole sheet of `rows` with `columns`.
    static func document<Row>(_ rows: [Row], _ columns: [Column<Row>], _ strings: Strings) -> String {
        // Rows come in the order given: callers sort them by date.
        CSV.document(header: columns.map { strings.text($0.header) }, rows: rows.map { row in columns.map { $0.cell(row) } })
    }
}
