public import FabriqueCore
public import FoundationEssentials

/// Step 4: the visitor's plan, need by need: who can help and why, the next free slot or the one
/// chosen; Enter picks a slot for a step, D reads all about it, Space skips it; at the bottom, one
/// button books every chosen slot at once.
public struct PlanScreen: KioskScreen, Equatable {
    private(set) var list: ListState
    /// Active bookings per slot, as read before this screen was shown.
    private let taken: [String: Int]
    private var visit: Journey

    /// The journey's plan (computed by `VisitorFlow.plan`), focused on `focus` or on the first step
    /// still to decide (the button when every step is decided).
    init(journey: Journey, taken: [String: Int], focus: Int? = nil) {
        visit = journey
        self.taken = taken
        let undecided = journey.choices.firstIndex { !$0.skipped && $0.slot == nil }
        list = ListState(focus: focus ?? undecided ?? journey.choices.count + (journey.plan?.unmet.count ?? 0),
                         selectable: PlanScreen.selectable(journey))
    }

    /// The rows: a step each, then the needs nothing answers (not to choose), then the button.
    private static func selectable(_ journey: Journey) -> [Bool] {
        Array(repeating: true, count: journey.choices.count) + Array(repeating: false, count: journey.plan?.unmet.count ?? 0)
            + (journey.choices.isEmpty ? [] : [true])
    }

    /// The row of the button.
    private var bookRow: Int { visit.choices.count + (visit.plan?.unmet.count ?? 0) }

    var traits: ScreenTraits { visit.traits(help: .helpPlan, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let selectable = PlanScreen.selectable(visit)
        if list.handle(key, selectable: selectable) { return .stay }
        let step = visit.choices.indices.contains(list.focus) ? list.focus : nil
        switch key {
        case .enter:
            if let step {
                visit.choices[step].skipped = false
                return .go(VisitorFlow.slots(visit, step: step, taken: taken, env))
            }
            guard list.focus == bookRow else { return .stay }
            guard !visit.chosen.isEmpty else { return .say(.planBookNone) }
            return .go(VisitorFlow.contact(visit, taken: taken))
        case .character(" "):
            guard let step else { return .stay }
            visit.choices[step].skipped.toggle()
            if visit.choices[step].skipped { visit.choices[step].slot = nil }
        case .right, .character(env.strings.text(.hintDetailsKey).lowercased().first ?? "d"),
             .character(env.strings.text(.hintDetailsKey).uppercased().first ?? "D"):
            guard let step else { return .stay }
            return .go(VisitorFlow.details(visit, step: step, taken: taken))
        case .escape:
            return .go(VisitorFlow.needs(visit))
        default: break
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings) = (env.context, env.strings)
        var canvas = Canvas(size: env.size)
        // Space (skip) is said in the question: the bar keeps room for F1 at 80 columns.
        let hints = Chrome.hints(strings, extra: [Chrome.Hint(key: strings.text(.hintDetailsKey), label: strings.text(.hintDetailsLabel))],
                                 arrows: false)
        let body = Chrome.page(&canvas, strings: strings, now: env.now, heading: Chrome.step(4, .stepPlanTitle, strings),
                               question: strings.text(.stepPlanQuestion), hints: hints)
        guard let plan = visit.plan, !(visit.choices.isEmpty && plan.unmet.isEmpty) else {
            for (index, line) in TextWidth.wrap(strings.text(.proposalsEmpty), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: body.y + index, style: .alert)
            }
            return canvas
        }
        let selectable = PlanScreen.selectable(visit)
        canvas.cursor = ListView.drawItems(count: selectable.count, linesEach: PlanScreen.linesPerRow, gap: true, state: list, on: &canvas,
                                           in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height),
                                           selectable: { selectable[$0] }) { index, y, focused, canvas in
            for (row, line) in lines(index, plan: plan, env).enumerated() {
                let text = (row == 0 ? (focused ? "▶ " : "  ") : "    ") + line.text
                canvas.write(TextWidth.truncate(text, to: body.width), x: body.x, y: y + row, style: row == 0 && focused ? .selected : line.style)
            }
        }
        return canvas
    }

    /// Lines a row takes: title, when, why on up to two lines, and a blank line.
    static let linesPerRow = 5

    /// The lines of one row: a step (title, when, why), a need nothing answers, or the button.
    private func lines(_ index: Int, plan: Plan, _ env: ScreenEnvironment) -> [ScreenMessage] {
        let (context, strings) = (env.context, env.strings)
        if visit.choices.indices.contains(index) {
            let choice = visit.choices[index]
            let step = choice.step
            let status: ScreenMessage
            if choice.skipped {
                status = ScreenMessage(text: strings.text(.planSkipped), style: .muted)
            } else if let slot = choice.slot {
                status = ScreenMessage(text: strings.text(.planChosen, ["when": PlanText.when(slot, strings: strings),
                                                                        "site": PlanText.place(slot, context: context, strings: strings)]),
                                       style: .accent)
            } else if let next = PlanText.nextFree(step: index, of: visit, taken: taken, env) {
                status = ScreenMessage(text: strings.text(.planNext, ["when": PlanText.when(next.slot, strings: strings),
                                                                           "site": PlanText.place(next.slot, context: context, strings: strings)]),
                                       style: .normal)
            } else {
                status = ScreenMessage(text: strings.text(.proposalsNoSlot), style: .muted)
            }
            let style: Style = choice.skipped ? .muted : .emphasis
            // Why, in full where two lines allow it: the service screen (D) has everything.
            let why = TextWidth.wrap(PlanText.reason(step, catalogue: context.catalogue, strings: strings), width: max(10, env.size.width - 8))
            let reason = why.count > 2 ? [why[0], TextWidth.truncate(why[1...].joined(separator: " "), to: max(10, env.size.width - 8))] : why
            return [ScreenMessage(text: PlanText.title(step, catalogue: context.catalogue, strings: strings), style: style), status]
                + reason.map { ScreenMessage(text: $0, style: choice.skipped ? .muted : .normal) }
        }
        let unmet = index - visit.choices.count
        if plan.unmet.indices.contains(unmet) {
            let need = PlanText.needs([plan.unmet[unmet]], catalogue: context.catalogue, strings: strings)
            return TextWidth.wrap(strings.text(.planUnmet, ["need": need]), width: max(10, env.size.width - 8)).prefix(3)
                .map { ScreenMessage(text: $0, style: .alert) }
        }
        return [ScreenMessage(text: strings.text(.planBook, ["count": "\(visit.chosen.count)"]), style: .accent)]
    }
}
