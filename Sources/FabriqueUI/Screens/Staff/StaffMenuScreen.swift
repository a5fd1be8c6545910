public import FabriqueCore
public import FoundationEssentials

/// Staff mode's menu: the day's agenda, walk-ins, figures, a booking for a caller, today's free slots,
/// the funders' report, the people to call back, back to the visitors, or leave the kiosk.
public struct StaffMenuScreen: KioskScreen, Equatable {
    /// What staff can do from here, in the menu's order.
    enum Item: Int, CaseIterable {
        case agenda, walkIns, statistics, caller, freeSlots, report, followUp, visitors, quit

        /// The menu line of this item.
        var label: StringKey {
            switch self {
            case .agenda: return .staffMenuAgenda
            case .walkIns: return .staffMenuWalkins
            case .statistics: return .staffMenuStatistics
            case .caller: return .staffMenuCaller
            case .freeSlots: return .staffMenuFreeSlots
            case .report: return .staffMenuReport
            case .followUp: return .staffMenuFollowUp
            case .visitors: return .staffMenuVisitors
            case .quit: return .staffMenuQuit
            }
        }
    }

    private(set) var list = ListState()

    init() {}

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        if list.handle(key, count: Item.allCases.count) { return .stay }
        switch key {
        case .escape: return .welcome
        case .enter: return Item(rawValue: list.focus).map { choose($0, env) } ?? .stay
        case .character(let c):
            if let number = c.wholeNumberValue, let item = Item(rawValue: number - 1) { return choose(item, env) }
        default: break
        }
        return .stay
    }

    private func choose(_ item: Item, _ env: ScreenEnvironment) -> Transition {
        switch item {
        case .agenda: return StaffFlow.agenda(day: LocalDate(env.now), env)
        case .walkIns: return StaffFlow.walkIns(env)
        case .statistics: return StaffFlow.statistics(env)
        case .caller: return .go(VisitorFlow.startBooking(env, channel: .phone))
        case .freeSlots: return StaffFlow.freeSlots(env)
        case .report: return StaffFlow.report(env)
        case .followUp: return StaffFlow.followUp()
        case .visitors: return .welcome
        case .quit: return .quit
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (strings, size, now) = (env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.staffTitle),
                               question: strings.text(.staffMenuQuestion),
                               hints: [Chrome.Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintArrowsLabel)),
                                       Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel))])
        let rows = Item.allCases.map { ListView.Row(text: "\($0.rawValue + 1)  " + strings.text($0.label)) }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: rows.count))
        return canvas
    }
}
