public import FabriqueCore
public import FoundationEssentials

/// Staff mode: this month's anonymous figures as a table with bars, by place, quartier, need, partner
/// or status (the same figures as `fabrique stats`).
public struct StaffStatsScreen: KioskScreen, Equatable {
    public let from: LocalDate
    public let to: LocalDate
    public private(set) var dimension: Statistics.Dimension = .site
    var data: StatisticsData?
    var failed = false
    public private(set) var top = 0

    init(from: LocalDate, to: LocalDate) {
        self.from = from
        self.to = to
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .statistics(.success(let data)): self.data = data
        case .statistics(.failure): failed = true
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .moved, .walkIns, .staffCredential, .catalogue, .staffPIN, .absences, .found, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    /// ← → change the breakdown, ↑ ↓ scroll; Enter or Esc go back to the menu.
    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let all = Statistics.Dimension.allCases
        let index = all.firstIndex(of: dimension) ?? 0
        switch key {
        case .right: dimension = all[(index + 1) % all.count]; top = 0
        case .left: dimension = all[(index + all.count - 1) % all.count]; top = 0
        case .down:
            // No further than the last row in view: ↑ comes back at once.
            let rows = data.map { Statistics(visits: $0.visits, bookings: $0.bookings, walkIns: $0.walkIns, catalogue: env.context.catalogue,
                                             by: dimension).rows.count } ?? 0
            let visible = max(0, Chrome.body(size: env.size, question: env.strings.text(.staffStatsKeys)).height - 3)
            top = min(top + 1, max(0, rows - visible))
        case .up: top = max(0, top - 1)
        case .escape, .enter: return .go(StaffFlow.menu())
        default: break
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let heading = strings.text(.staffStatsTitle, ["from": DateText.shortDate(from), "to": DateText.shortDate(to),
                                                      "by": strings.text(StaffStatsScreen.dimensionName(dimension))])
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: strings.text(.staffStatsKeys),
                               hints: [Chrome.Hint(key: "←→", label: strings.text(.staffHintBreakdown)),
                                       Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))])
        guard let data, !failed else {
            if failed { canvas.write(strings.text(.staffStatsUnreadable), x: body.x, y: body.y, style: .alert) }
            return canvas
        }
        let stats = Statistics(visits: data.visits, bookings: data.bookings, walkIns: data.walkIns, catalogue: context.catalogue, by: dimension)
        let table = StatsTable(stats: stats, catalogue: context.catalogue, strings: strings)
        // The screen shows the main columns, leaving room for the bars at 80 columns (the honoured rate
        // stands for seen and no-shows); `fabrique stats` gives them all.
        let columns: [(StringKey, (Statistics.Figures) -> String)] = [
            (.statsVisits, { "\($0.visits)" }), (.statsWalkIns, { "\($0.walkIns)" }), (.statsQpvShare, { CSV.number($0.qpvShare) }),
            (.statsBookings, { "\($0.bookings)" }), (.statsHonouredRate, { CSV.number($0.honouredRate) }),
        ]
        let labelWidth = 16
        let widths = columns.map { max(3, TextWidth.of(strings.text($0.0))) }
        func line(_ label: String, _ cells: [String]) -> String {
            let shown = TextWidth.truncate(label, to: labelWidth - 1)
            var text = shown + String(repeating: " ", count: labelWidth - TextWidth.of(shown))
            for (cell, width) in zip(cells, widths) { text += String(repeating: " ", count: max(1, width + 1 - TextWidth.of(cell))) + cell }
            return text
        }
        canvas.write(line(strings.text(.statsLabel), columns.map { strings.text($0.0) }), x: body.x, y: body.y, style: .emphasis)
        let measure = StatsTable.barMeasure(dimension)
        let largest = max(1, stats.rows.map { $0.figures[keyPath: measure] }.max() ?? 1)
        let rows = stats.rows.map { row -> String in
            let value = row.figures[keyPath: measure]
            let text = line(table.label(row.key), columns.map { $0.1(row.figures) })
            let room = max(0, body.width - TextWidth.of(text) - 2)
            return text + "  " + String(repeating: "█", count: value * room / largest)
        }
        let visible = max(0, body.height - 3)
        for (offset, text) in rows.dropFirst(min(top, max(0, rows.count - visible))).prefix(visible).enumerated() {
            canvas.write(text, x: body.x, y: body.y + 1 + offset)
        }
        canvas.write(line(strings.text(.statsTotal), columns.map { $0.1(stats.totals) }), x: body.x,
                     y: body.y + 1 + min(visible, rows.count) + 1, style: .emphasis)
        canvas.cursor = Point(x: body.x, y: body.y)
        return canvas
    }

    /// The words for a breakdown (« par lieu »'s « lieu »).
    public static func dimensionName(_ dimension: Statistics.Dimension) -> StringKey {
        switch dimension {
        case .site: return .staffBySite
        case .quartier: return .staffByQuartier
        case .need: return .staffByNeed
        case .partner: return .staffByPartner
        case .status: return .staffByStatus
        }
    }
}
