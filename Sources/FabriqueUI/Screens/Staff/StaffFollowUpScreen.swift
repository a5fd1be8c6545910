public import FabriqueCore
public import FoundationEssentials

/// Staff mode: the people to call back, seen more than some weeks ago with nothing recorded or booked
/// since, the longest waiting first; Enter opens a person's path, O records an outcome at once.
public struct StaffFollowUpScreen: KioskScreen, Equatable {
    public private(set) var weeks: Int
    private(set) var entries: [FollowUpEntry] = []
    private(set) var loaded = false
    private(set) var failed = false
    private(set) var list = ListState()

    /// The weeks the list starts with, and how far ←/→ go.
    public static let defaultWeeks = 6
    static let weeksRange = 1...52

    init(weeks: Int = StaffFollowUpScreen.defaultWeeks) {
        self.weeks = weeks
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { nil }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        if failed { return ScreenMessage(text: env.strings.text(.staffRecordsUnreadable)) }
        if loaded && entries.isEmpty { return ScreenMessage(text: env.strings.text(.followupNone, ["weeks": "\(weeks)"]), style: .muted) }
        return nil
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .outcomes(.followUp(.success(let found))):
            entries = found
            loaded = true
            list = ListState(focus: list.focus, count: found.count)
        case .outcomes(.followUp(.failure)):
            failed = true
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue,
             .staffPIN, .absences, .found, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        if list.handle(key, count: entries.count) { return .stay }
        let focused = entries.indices.contains(list.focus) ? entries[list.focus] : nil
        switch key {
        case .left, .right:
            let next = min(Self.weeksRange.upperBound, max(Self.weeksRange.lowerBound, weeks + (key == .left ? -1 : 1)))
            guard next != weeks else { return .stay }
            weeks = next
            loaded = false
            return .run(.loadFollowUp(weeks: weeks))
        case .enter:
            guard let focused else { return .stay }
            return .go(StaffPersonScreen(code: focused.lastSeen.reference, back: .followUp(weeks: weeks)), .loadPath(code: focused.lastSeen.reference))
        case .character(let c) where c.lowercased() == "o":
            guard let focused else { return .stay }
            return .go(StaffOutcomeScreen(booking: focused.lastSeen, correcting: nil, back: .followUp(weeks: weeks), env: env))
        case .escape:
            return .go(StaffFlow.menu())
        default:
            return .stay
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let hints = [Chrome.Hint(key: "←→", label: strings.text(.followupHintWeeks)),
                     Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.staffHintPath)),
                     Chrome.Hint(key: "O", label: strings.text(.staffHintOutcome)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.followupTitle, ["weeks": "\(weeks)"]),
                               question: strings.text(.followupKeys), hints: hints)
        let rows = entries.map { ListView.Row(text: OutcomeText.followUp($0, catalogue: context.catalogue, strings: strings)) }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}
