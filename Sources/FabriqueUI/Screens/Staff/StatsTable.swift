public import FabriqueCore
public import FoundationEssentials

/// The statistics as a table: the same figures for the screen, JSON and CSV.
public struct StatsTable: Sendable {
    public let stats: Statistics
    let catalogue: Catalogue
    let strings: Strings

    /// A table of `stats`, with labels from the catalogue in `strings`' language.
    public init(stats: Statistics, catalogue: Catalogue, strings: Strings) {
        self.stats = stats
        self.catalogue = catalogue
        self.strings = strings
    }

    /// The readable name of a row's key.
    public func label(_ key: String) -> String {
        let language = strings.language
        switch stats.dimension {
        case .site: return catalogue.site(key)?.name ?? key
        case .quartier:
            if key == Statistics.unanswered { return strings.text(.statsUnanswered) }
            return catalogue.quartiers.first { $0.id == key }?.name.text(language) ?? key
        case .need: return catalogue.needs.first { $0.id == key }?.label.text(language) ?? key
        case .partner: return catalogue.partner(key)?.name ?? key
        case .status: return Booking.Status(rawValue: key).map { $0.label(strings) } ?? key
        }
    }

    static let columns: [StringKey] = [.statsVisits, .statsWalkIns, .statsQpvShare, .statsUnder26, .statsBookings, .statsSeen, .statsNoShow,
                                       .statsExcused, .statsRevoked, .statsHonouredRate, .statsNoShowRate]

    /// The values of one row, in column order (rates as percents, nil when undefined).
    static func values(_ figures: Statistics.Figures) -> [Double?] {
        [Double(figures.visits), Double(figures.walkIns), figures.qpvShare, Double(figures.under26), Double(figures.bookings), Double(figures.seen),
         Double(figures.noShow), Double(figures.excused), Double(figures.revoked), figures.honouredRate, figures.noShowRate]
    }

    static let jsonNames = ["visits", "walkIns", "qpvShare", "under26", "bookings", "seen", "noShow", "excused", "revoked",
                            "honouredRate", "noShowRate"]

    private func jsonRow(_ figures: Statistics.Figures) -> [String: Any] {
        var object: [String: Any] = [:]
        for (name, value) in zip(StatsTable.jsonNames, StatsTable.values(figures)) {
            if let value {
                object[name] = value == value.rounded() && !name.hasSuffix("Rate") && name != "qpvShare" ? Int(value) as Any : value as Any
            } else {
                object[name] = JSONNull()
            }
        }
        return object
    }

    /// The JSON object printed by `fabrique stats --json`.
    public func json(from: LocalDate, to: LocalDate) -> [String: Any] {
        ["from": "\(from)", "to": "\(to)", "by": stats.dimension.rawValue, "totals": jsonRow(stats.totals),
         "rows": stats.rows.map { jsonRow($0.figures).merging(["key": $0.key, "label": label($0.key)]) { $1 } }]
    }

    /// The CSV of `fabrique stats --csv`, the total as the last row.
    public func csv() -> String {
        let header = [strings.text(.statsKey), strings.text(.statsLabel)] + StatsTable.columns.map { strings.text($0) }
        // An unanswered quartier has no id: its cell stays empty, never a "-" a spreadsheet would compute.
        let rows = stats.rows.map { [$0.key == Statistics.unanswered ? "" : $0.key, label($0.key)] + StatsTable.values($0.figures).map(CSV.number) }
            + [["", strings.text(.statsTotal)] + StatsTable.values(stats.totals).map(CSV.number)]
        return CSV.document(header: header, rows: rows)
    }

    /// What the bars show: appointments by partner and by status (referrals), people welcomed otherwise.
    public static func barMeasure(_ dimension: Statistics.Dimension) -> KeyPath<Statistics.Figures, Int> {
        dimension == .status || dimension == .partner ? \Statistics.Figures.bookings : \Statistics.Figures.visits
    }

    /// The table as aligned text with a bar for the people welcomed (or bookings, by status).
    public func text() -> String {
        let header = [strings.text(.statsLabel)] + StatsTable.columns.map { strings.text($0) }
        func format(_ value: Double?) -> String { value.map { CSV.number($0) } ?? "—" }
        var lines = [header] + stats.rows.map { [label($0.key)] + StatsTable.values($0.figures).map(format) }
        lines.append([strings.text(.statsTotal)] + StatsTable.values(stats.totals).map(format))
        let widths = header.indices.map { column in lines.map { TextWidth.of($0[column]) }.max() ?? 0 }
        let barSource = StatsTable.barMeasure(stats.dimension)
        let largest = max(1, stats.rows.map { $0.figures[keyPath: barSource] }.max() ?? 1)
        return lines.enumerated().map { index, cells in
            var line = cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - TextWidth.of(cell))
                return column == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ")
            if index > 0 && index <= stats.rows.count {
                let value = stats.rows[index - 1].figures[keyPath: barSource]
                line += "  " + String(repeating: "█", count: value * 20 / largest)
            }
            return line
        }.joined(separator: "\n")
    }
}
