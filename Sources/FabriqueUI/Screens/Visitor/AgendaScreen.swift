public import FabriqueCore
public import FoundationEssentials

/// "Voir les permanences et ateliers": what is on in the next seven days, here first, then at the
/// other places. Read-only; no personal data.
public struct AgendaScreen: KioskScreen, Equatable {
    let lines: [ListView.Row]
    public private(set) var top = 0

    /// Lists the permanences and sessions of the next 7 days from `now`, without those of a partner
    /// absent that day (in the catalogue, or in `absences` staff recorded).
    init(context: KioskContext, strings: Strings, now: Date, absences: [PartnerAbsence]) {
        let schedule = Schedule(catalogue: context.catalogue.adding(absences: absences))
        let language = strings.language
        let from = LocalDate(now)
        var lines: [ListView.Row] = []
        let sites = [context.site] + context.catalogue.sites.filter { $0.id != context.site.id }
        for site in sites {
            lines.append(ListView.Row(text: site.id == context.site.id ? strings.text(.agendaHere, ["site": site.name])
                                          : strings.text(.agendaElsewhere, ["site": site.name, "address": site.address.oneLine]),
                                      style: .accent, selectable: false))
            var entries: [(Date, String)] = []
            for offset in 0..<7 {
                let day = from.adding(days: offset)
                guard !schedule.isClosed(site: site.id, on: day) else { continue }
                for permanence in context.catalogue.permanences where permanence.site == site.id && permanence.takesPlace(on: day)
                    && !schedule.isAbsent(partner: permanence.partner, site: site.id, on: day) {
                    let partner = context.catalogue.partner(permanence.partner)?.name ?? permanence.partner
                    let services = permanence.services.compactMap { context.catalogue.service($0)?.service.name.text(language) }
                    entries.append((day.instant(at: permanence.start),
                                    AgendaScreen.line(day, permanence.start, permanence.end, "\(partner) · \(services.joined(separator: ", "))", strings)))
                }
                for session in context.catalogue.sessions where session.site == site.id && session.date == day
                    && !schedule.isAbsent(partner: session.partner, site: site.id, on: day) {
                    let partner = context.catalogue.partner(session.partner)?.name ?? session.partner
                    entries.append((day.instant(at: session.start),
                                    AgendaScreen.line(day, session.start, session.end, "\(partner) · \(session.title.text(language))", strings)))
                }
            }
            if entries.isEmpty {
                lines.append(ListView.Row(text: "  " + strings.text(.agendaEmpty), style: .muted, selectable: false))
            }
            lines += entries.sorted { $0.0 < $1.0 }.map { ListView.Row(text: "  " + $0.1, selectable: false) }
            lines.append(ListView.Row(text: "", selectable: false))
        }
        self.lines = lines
    }

    static func line(_ day: LocalDate, _ start: LocalTime, _ end: LocalTime, _ what: String, _ strings: Strings) -> String {
        let language = strings.language
        return "\(DateText.dayWithoutYear(day.instant(at: start), strings)), \(DateText.time(start, language))–\(DateText.time(end, language)) : \(what)"
    }

    var traits: ScreenTraits { .visitor(help: .helpAgenda, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    /// The absences staff recorded: the agenda is made again without them.
    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .absences(.success(let absences)) = reply, !absences.isEmpty else { return .stay }
        let top = self.top
        self = AgendaScreen(context: env.context, strings: env.strings, now: env.now, absences: absences)
        self.top = min(top, max(0, lines.count - 1))
        return .stay
    }

    /// Scrolls; Enter or Esc goes back to the welcome screen.
    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let page = max(1, env.size.height - 8)
        switch key {
        case .up: top = max(0, top - 1)
        case .down: top = min(max(0, lines.count - page), top + 1)
        case .pageUp: top = max(0, top - page)
        case .pageDown: top = min(max(0, lines.count - page), top + page)
        case .escape, .enter: return .welcome
        default: break
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (strings, size, now) = (env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.stepAgendaTitle),
                               question: "", hints: Chrome.hints(strings))
        for (offset, line) in lines.dropFirst(top).prefix(body.height).enumerated() {
            canvas.write(TextWidth.truncate(line.text, to: body.width), x: body.x, y: body.y + offset, style: line.style)
        }
        ListView.scrollMarks(on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height),
                             above: top > 0, below: top + body.height < lines.count)
        canvas.cursor = Point(x: body.x, y: body.y)
        return canvas
    }
}
