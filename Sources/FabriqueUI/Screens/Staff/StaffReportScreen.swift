public import FabriqueCore
import FoundationEssentials

/// Staff mode: the funders' report for a month, a quarter or a year, at every place or this one, with
/// bars (the same tables as `fabrique report`); P prints it.
public struct StaffReportScreen: KioskScreen, Equatable {
    /// How long the period is.
    public enum Length: CaseIterable, Sendable {
        case month, quarter, year
    }

    public private(set) var length: Length
    /// The period's first day.
    public private(set) var first: LocalDate
    public private(set) var allSites: Bool
    private(set) var report: FunnelReport?
    private(set) var failed = false
    private(set) var top = 0
    private(set) var note: ScreenMessage?

    init(length: Length = .month, first: LocalDate, allSites: Bool = true) {
        self.length = length
        self.first = first
        self.allSites = allSites
    }

    /// The screen for the period of `length` that holds `today`, and what it has read.
    static func opening(today: LocalDate, length: Length = .month, allSites: Bool = true, _ env: ScreenEnvironment) -> Transition {
        let screen = StaffReportScreen(length: length, first: start(of: length, holding: today), allSites: allSites)
        return .go(screen, screen.load(env))
    }

    /// The first day of the period of `length` that holds `day`.
    static func start(of length: Length, holding day: LocalDate) -> LocalDate {
        switch length {
        case .month: return day.firstOfMonth
        case .quarter: return LocalDate(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1) ?? day.firstOfMonth
        case .year: return LocalDate(year: day.year, month: 1, day: 1) ?? day.firstOfMonth
        }
    }

    /// The first day after the period starting on `first`.
    static func end(of length: Length, from first: LocalDate) -> LocalDate {
        let months = length == .month ? 1 : length == .quarter ? 3 : 12
        var next = first
        for _ in 0..<months { next = next.nextMonth }
        return next
    }

    /// The period's last day: its end, or today while it runs.
    func last(_ env: ScreenEnvironment) -> LocalDate {
        min(Self.end(of: length, from: first).adding(days: -1), LocalDate(env.now))
    }

    func load(_ env: ScreenEnvironment) -> KioskEffect {
        .loadReport(from: first, to: last(env), site: allSites ? nil : env.context.site.id)
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        failed ? ScreenMessage(text: env.strings.text(.staffRecordsUnreadable)) : note
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .outcomes(.report(.success(let read))):
            report = read
            failed = false
        case .outcomes(.report(.failure)):
            failed = true
        case .printed(.success(true)): note = ScreenMessage(text: env.strings.text(.reportPrinted), style: .muted)
        case .printed(.success(false)): note = ScreenMessage(text: env.strings.text(.staffNoPrinter))
        case .printed(.failure): note = ScreenMessage(text: env.strings.text(.staffChangeFailed))
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue,
             .staffPIN, .absences, .found, .code, .outcomes:
            break
        }
        return .stay
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        note = nil
        let today = LocalDate(env.now)
        switch key {
        case .left:
            first = Self.start(of: length, holding: first.adding(days: -1))
        case .right:
            let next = Self.end(of: length, from: first)
            guard next <= today else { return .stay }
            first = next
        case .tab:
            // The new period holds the last day shown, so that from a year back to a month is this month.
            let shown = last(env)
            let all = Length.allCases
            length = all[((all.firstIndex(of: length) ?? 0) + 1) % all.count]
            first = Self.start(of: length, holding: shown)
        case .character(let c) where c.lowercased() == "t":
            allSites.toggle()
        case .character(let c) where c.lowercased() == "p":
            guard let report else { return .stay }
            let text = ReportTable(report: report, catalogue: env.context.catalogue, strings: env.strings).text() + "\n"
            return .run(.printDocument(name: "report-\(report.from)-\(report.to)", text: text))
        case .up: top = max(0, top - 1); return .stay
        case .down: top = min(top + 1, max(0, lines(env).count - visible(env))); return .stay
        case .pageUp: top = max(0, top - ListState.page); return .stay
        case .pageDown: top = min(top + ListState.page, max(0, lines(env).count - visible(env))); return .stay
        case .escape, .enter: return .go(StaffFlow.menu())
        default: return .stay
        }
        top = 0
        report = nil
        return .run(load(env))
    }

    /// The report's lines as the screen shows them: each table under its title, then the needs unmet.
    func lines(_ env: ScreenEnvironment) -> [(text: String, style: Style)] {
        guard let report else { return [] }
        let table = ReportTable(report: report, catalogue: env.context.catalogue, strings: env.strings)
        var lines: [(text: String, style: Style)] = []
        // One column is left for the scroll marks.
        let width = max(20, env.size.width - 5)
        for section in table.sections where !section.rows.isEmpty {
            for (block, rows) in table.blocks(section, bars: true, width: width).enumerated() {
                lines.append((table.title(section, block: block), .accent))
                for (index, line) in rows.enumerated() { lines.append((line, index == 0 ? .emphasis : .normal)) }
                lines.append(("", .normal))
            }
        }
        lines += TextWidth.wrap(table.unmetSentence(), width: max(20, env.size.width - 4)).map { ($0, .muted) }
        lines += [("", .normal)] + TextWidth.wrap(env.strings.text(.reportNotes), width: max(20, env.size.width - 4)).map { ($0, .muted) }
        return lines
    }

    func visible(_ env: ScreenEnvironment) -> Int {
        Chrome.body(size: env.size, question: env.strings.text(.reportKeys)).height
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let place = allSites ? strings.text(.staffAllSites) : context.site.name
        let heading = strings.text(.reportTitle, ["from": DateText.shortDate(first), "to": DateText.shortDate(last(env)), "place": place])
        let hints = [Chrome.Hint(key: "←→", label: strings.text(.reportHintPeriod)), Chrome.Hint(key: "Tab", label: strings.text(.reportHintLength)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: strings.text(.reportKeys), hints: hints)
        let all = lines(env)
        let shown = all.dropFirst(min(top, max(0, all.count - body.height))).prefix(body.height)
        for (offset, line) in shown.enumerated() {
            canvas.write(TextWidth.truncate(line.text, to: body.width), x: body.x, y: body.y + offset, style: line.style)
        }
        ListView.scrollMarks(on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height),
                             above: top > 0, below: top + body.height < all.count)
        canvas.cursor = Point(x: body.x, y: body.y)
        return canvas
    }
}
