public import FabriqueCore
import FoundationEssentials

/// The funnel report as tables: the same cells on screen, in the printed text, in CSV and (with the
/// fields funders' tools read) in JSON.
public struct ReportTable: Sendable {
    /// One table: a title, its columns and its rows.
    public struct Section: Sendable {
        /// `funnel`, `bySite`, `byStage`, `byNeed`, `byPartner`, `byFinancing`.
        public let key: String
        public let title: String
        /// Each column's key (as in the JSON) and heading.
        public let columns: [(key: String, label: String)]
        public let rows: [Row]
    }

    /// One row: its key (a funnel field, a need, a partner…), its label and a whole number per column.
    public struct Row: Sendable {
        public let key: String
        public let label: String
        public let cells: [Int]
    }

    public let report: FunnelReport
    public let sections: [Section]
    let catalogue: Catalogue
    let strings: Strings

    /// The rows of the funnel, in order, with the JSON field each stands for.
    public static var funnelFields: [(field: String, label: StringKey, value: KeyPath<FunnelReport, FunnelReport.Breakdown>)] { [
        ("reached", .reportRowReached, \.reached), ("oriented", .reportRowOriented, \.oriented),
        ("received", .reportRowReceived, \.received), ("accompanied", .reportRowAccompanied, \.accompanied),
        ("businessesCreated", .reportRowBusinessesCreated, \.businessesCreated),
        ("financingObtained", .reportRowFinancingObtained, \.financingObtained),
        ("financingTotalEuros", .reportRowFinancingTotalEuros, \.financingTotalEuros),
    ] }

    /// The tables of `report`, labelled from the catalogue in `strings`' language.
    public init(report: FunnelReport, catalogue: Catalogue, strings: Strings) {
        self.report = report
        self.catalogue = catalogue
        self.strings = strings
        let language = strings.language
        let funnel = Self.funnelFields.map { (field: $0.field, label: strings.text($0.label), value: report[keyPath: $0.value]) }
        func section(_ key: String, _ title: StringKey, _ columns: [(String, String)], _ cells: (FunnelReport.Breakdown) -> [Int]) -> Section {
            Section(key: key, title: strings.text(title), columns: columns.map { (key: $0.0, label: $0.1) },
                    rows: funnel.map { Row(key: $0.field, label: $0.label, cells: cells($0.value)) })
        }
        let kinds = [("qpv", StringKey.reportColumnQpv), ("other", .reportColumnOther), ("unknown", .reportColumnUnknown)]
        let main = section("funnel", .reportSectionFunnel,
                           [("total", strings.text(.reportColumnTotal))] + kinds.map { ($0.0, strings.text($0.1)) }
                               + [("under26", strings.text(.reportColumnUnder26))]) { breakdown in
            [breakdown.total] + kinds.map { breakdown.byQuartierKind[$0.0] ?? 0 } + [breakdown.under26]
        }
        let sites = section("bySite", .reportSectionBySite, report.sites.map { ($0, catalogue.site($0)?.name ?? $0) }) { breakdown in
            report.sites.map { breakdown.bySite[$0] ?? 0 }
        }
        let stages = section("byStage", .reportSectionByStage, FunnelReport.stageKeys.map { ($0, Self.stageLabel($0, strings)) }) { breakdown in
            FunnelReport.stageKeys.map { breakdown.byStage[$0] ?? 0 }
        }
        let needs = Section(key: "byNeed", title: strings.text(.reportSectionByNeed),
                            columns: [("asked", strings.text(.reportColumnAsked)), ("oriented", strings.text(.reportColumnOriented)),
                                      ("unmet", strings.text(.reportColumnUnmet))],
                            rows: report.byNeed.map { row in
                                Row(key: row.need, label: catalogue.needs.first { $0.id == row.need }?.label.text(language) ?? row.need,
                                    cells: [row.asked, row.oriented, row.unmet])
                            })
        let partners = Section(key: "byPartner", title: strings.text(.reportSectionByPartner),
                               columns: [("oriented", strings.text(.reportColumnOriented)), ("received", strings.text(.reportColumnReceived)),
                                         ("accompanied", strings.text(.reportColumnAccompanied)),
                                         ("businessesCreated", strings.text(.reportColumnBusinesses)),
                                         ("financingObtained", strings.text(.reportColumnFinanced)),
                                         ("financingTotalEuros", strings.text(.reportColumnEuros))],
                               rows: report.byPartner.map { row in
                                   Row(key: row.partner, label: catalogue.partner(row.partner)?.name ?? row.partner,
                                       cells: [row.oriented, row.received, row.accompanied, row.businessesCreated, row.financingObtained,
                                               row.financingTotalEuros])
                               })
        let financing = Section(key: "byFinancing", title: strings.text(.reportSectionByFinancing),
                                columns: [("count", strings.text(.reportColumnCount)), ("euros", strings.text(.reportColumnEuros))],
                                rows: report.byFinancing.map { Row(key: $0.kind.rawValue, label: $0.kind.label(strings), cells: [$0.count, $0.euros]) })
        sections = [main, sites, stages, needs, partners, financing]
    }

    /// The words for a stage key of `byStage`.
    public static func stageLabel(_ key: String, _ strings: Strings) -> String {
        switch key {
        case ProjectStage.idea.rawValue: return strings.text(.reportStageIdea)
        case ProjectStage.project.rawValue: return strings.text(.reportStageProject)
        case ProjectStage.youngBusiness.rawValue: return strings.text(.reportStageYoungBusiness)
        case ProjectStage.establishedBusiness.rawValue: return strings.text(.reportStageEstablishedBusiness)
        case "prefer-not-to-say": return strings.text(.reportStagePreferNotToSay)
        default: return strings.text(.reportStageUnknown)
        }
    }

    /// The title line: the period and the place (or every place).
    public func title() -> String {
        let place = report.site.map { catalogue.site($0)?.name ?? $0 } ?? strings.text(.staffAllSites)
        return strings.text(.reportTitle, ["from": DateText.shortDate(report.from), "to": DateText.shortDate(report.to), "place": place])
    }

    /// The needs no service met, in one sentence.
    public func unmetSentence() -> String {
        let unmet = report.byNeed.filter { $0.unmet > 0 }
        guard !unmet.isEmpty else { return strings.text(.reportUnmetNone) }
        let language = strings.language
        let names = unmet.map { row in "\(catalogue.needs.first { $0.id == row.need }?.label.text(language) ?? row.need) (\(row.unmet))" }
        return strings.text(.reportUnmet, ["needs": names.joined(separator: ", ")])
    }

    /// One section as aligned lines no wider than `width`: a heading row, then a row each. Columns that
    /// do not fit go to a further block below (the labels repeated), so that no figure is cut; the
    /// funnel's rows of people get a bar when there is room for one.
    public func blocks(_ section: Section, bars: Bool, width: Int = Self.pageWidth) -> [[String]] {
        let header = [strings.text(.reportColumnLine)] + section.columns.map(\.label)
        // Long partner names are cut so that a table fits 80 columns; CSV and JSON keep them whole.
        let body = section.rows.map { [TextWidth.truncate($0.label, to: Self.labelWidth)] + $0.cells.map { OutcomeText.euros($0, strings.language) } }
        let all = [header] + body
        let widths = header.indices.map { column in all.map { TextWidth.of($0[column]) }.max() ?? 0 }
        var groups: [[Int]] = [[]]
        var used = widths[0]
        for column in header.indices.dropFirst() {
            if let last = groups.last, !last.isEmpty, used + 2 + widths[column] > width {
                groups.append([])
                used = widths[0]
            }
            groups[groups.count - 1].append(column)
            used += 2 + widths[column]
        }
        let largest = max(1, section.rows.first?.cells.first ?? 1)
        return groups.enumerated().map { group, columns in
            let lines = all.map { cells in
                ([0] + columns).map { column in
                    let pad = String(repeating: " ", count: widths[column] - TextWidth.of(cells[column]))
                    return column == 0 ? cells[column] + pad : pad + cells[column]
                }.joined(separator: "  ")
            }
            // Bars for the four stages of people (businesses and euros are other units), where they fit.
            let room = min(Self.barWidth, width - 2 - (lines.map { TextWidth.of($0) }.max() ?? 0))
            guard bars && group == 0 && section.key == "funnel" && room >= Self.barWidth / 2 else { return lines }
            return lines.enumerated().map { index, line in
                guard (1...4).contains(index) else { return line }
                return line + "  " + String(repeating: "█", count: (section.rows[index - 1].cells.first ?? 0) * room / largest)
            }
        }
    }

    /// The longest bar of the funnel, in columns.
    static let barWidth = 12

    /// The title of a section's block: its own, or « (suite) » after it for the columns that did not fit.
    public func title(_ section: Section, block: Int) -> String {
        block == 0 ? section.title : strings.text(.reportContinued, ["title": section.title])
    }

    /// The widest label a text table shows.
    static let labelWidth = 19
    /// The width the printed text's sentences are wrapped to.
    public static let pageWidth = 80

    /// The printable text: title, each table, the needs unmet and how people are counted.
    public func text() -> String {
        var lines = [title(), ""]
        for section in sections where !section.rows.isEmpty {
            for (index, block) in blocks(section, bars: true).enumerated() {
                lines += [title(section, block: index)] + block + [""]
            }
        }
        lines += TextWidth.wrap(unmetSentence(), width: Self.pageWidth) + [""] + TextWidth.wrap(strings.text(.reportNotes), width: Self.pageWidth)
        return lines.joined(separator: "\n")
    }

    /// The CSV: each table under its title, a blank line between tables.
    public func csv() -> String {
        var rows: [[String]] = []
        for section in sections where !section.rows.isEmpty {
            if !rows.isEmpty { rows.append([]) }
            rows.append([section.title] + section.columns.map(\.label))
            rows += section.rows.map { [$0.label] + $0.cells.map { String($0) } }
        }
        return CSV.document(header: [title()], rows: rows)
    }

    /// The JSON of `fabrique report --json`: each funnel field with its breakdowns, then the tables by
    /// need, partner and financing.
    public func json() -> [String: Any] {
        var object: [String: Any] = ["from": "\(report.from)", "to": "\(report.to)", "site": report.site.map { $0 as Any } ?? JSONNull()]
        for field in Self.funnelFields {
            let value = report[keyPath: field.value]
            object[field.field] = [
                "total": value.total, "under26": value.under26,
                "byQuartierKind": Dictionary(uniqueKeysWithValues: FunnelReport.quartierKinds.map { ($0, value.byQuartierKind[$0] ?? 0) }),
                "bySite": Dictionary(uniqueKeysWithValues: report.sites.map { ($0, value.bySite[$0] ?? 0) }),
                "byStage": Dictionary(uniqueKeysWithValues: FunnelReport.stageKeys.map { ($0, value.byStage[$0] ?? 0) }),
            ] as [String: Any]
        }
        let language = strings.language
        object["byNeed"] = report.byNeed.map { row -> [String: Any] in
            ["need": row.need, "label": catalogue.needs.first { $0.id == row.need }?.label.text(language) ?? row.need,
             "asked": row.asked, "oriented": row.oriented, "unmet": row.unmet]
        }
        object["byPartner"] = report.byPartner.map { row -> [String: Any] in
            ["partner": row.partner, "label": catalogue.partner(row.partner)?.name ?? row.partner, "oriented": row.oriented,
             "received": row.received, "accompanied": row.accompanied, "businessesCreated": row.businessesCreated,
             "financingObtained": row.financingObtained, "financingTotalEuros": row.financingTotalEuros]
        }
        object["byFinancing"] = report.byFinancing.map { ["kind": $0.kind.rawValue, "count": $0.count, "euros": $0.euros] as [String: Any] }
        object["unmetNeeds"] = report.byNeed.filter { $0.unmet > 0 }.map { ["need": $0.need, "count": $0.unmet] as [String: Any] }
        return object
    }
}
