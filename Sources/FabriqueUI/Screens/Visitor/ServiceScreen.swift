public import FabriqueCore
public import FoundationEssentials

/// Everything about the service of one step of the plan, nothing cut off: what it is, for whom, how
/// long, what to bring, when it is next free, who runs it; and the other services that could take its
/// place, chosen by their number.
public struct ServiceScreen: KioskScreen, Equatable {
    /// The step of the plan shown.
    let step: Int
    /// The first line shown.
    private(set) var top = 0
    private let taken: [String: Int]
    private let visit: Journey

    init(journey: Journey, step: Int, taken: [String: Int]) {
        visit = journey
        self.step = step
        self.taken = taken
    }

    var traits: ScreenTraits { visit.traits(help: .helpDetails, typing: false) }
    var clicks: Clicks { .none }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    /// The step's service as chosen, and its alternatives.
    private var choice: PlanChoice? { visit.choices.indices.contains(step) ? visit.choices[step] : nil }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let body = ServiceScreen.body(env)
        let count = lines(env, width: body.width).count
        let page = max(1, body.height - 1)
        switch key {
        case .up: top = max(0, top - 1)
        case .down: top = min(max(0, count - body.height), top + 1)
        case .pageUp: top = max(0, top - page)
        case .pageDown: top = min(max(0, count - body.height), top + page)
        case .escape, .enter, .left:
            return .go(VisitorFlow.planScreen(visit, taken: taken, focus: step))
        case .character(let c):
            guard let number = c.wholeNumberValue, let choice, choice.step.alternatives.indices.contains(number - 1) else { return .stay }
            let alternative = choice.step.alternatives[number - 1]
            var journey = visit
            let next = env.context.schedule.nextFree(service: alternative.service.id, after: env.now, taken: taken,
                                                     preferring: env.context.site.id)
            journey.choices[step] = PlanChoice(step: choice.step.replacing(with: alternative, next: next))
            return .go(VisitorFlow.planScreen(journey, taken: taken, focus: step))
        default: break
        }
        return .stay
    }

    /// Where the text goes (the same page as `render` draws).
    private static func body(_ env: ScreenEnvironment) -> Chrome.Body {
        Chrome.body(size: env.size, question: env.strings.text(.detailsQuestion))
    }

    /// Every line of the page, wrapped to `width`.
    private func lines(_ env: ScreenEnvironment, width: Int) -> [ScreenMessage] {
        guard let choice else { return [] }
        let (context, strings) = (env.context, env.strings)
        let language = strings.language
        let proposal = choice.step.proposal
        let service = proposal.service
        var lines: [ScreenMessage] = []
        func add(_ text: String, _ style: Style = .normal, indent: String = "") {
            lines += TextWidth.wrap(text, width: max(10, width - TextWidth.of(indent))).map { ScreenMessage(text: indent + $0, style: style) }
        }
        add(service.pitch.text(language))
        add(PlanText.reason(choice.step, catalogue: context.catalogue, strings: strings), .accent)
        add(strings.text(.detailsFor, ["audience": service.audience.description.text(language)]))
        switch proposal.eligibility {
        case .eligible: break
        case .toCheck(let list): add(strings.text(.proposalsToCheck, ["conditions": PlanText.conditions(list, strings)]), .alert)
        case .notEligible(let list): add(strings.text(.proposalsNotEligible, ["conditions": PlanText.conditions(list, strings)]), .alert)
        }
        add(strings.text(.detailsDuration, ["duration": PlanText.duration(service.durationMinutes, strings: strings)]))
        if let next = PlanText.nextFree(step: step, of: visit, taken: taken, env) {
            add(strings.text(.proposalsNext, ["when": PlanText.when(next.slot, strings: strings),
                                              "site": PlanText.place(next.slot, context: context, strings: strings)]))
        } else {
            add(strings.text(.proposalsNoSlot), .muted)
        }
        if !service.bring.isEmpty {
            lines.append(ScreenMessage(text: "", style: .normal))
            add(strings.text(.confirmationBring), .emphasis)
            for item in service.bring { add("• " + item.text(language), indent: "") }
        }
        lines.append(ScreenMessage(text: "", style: .normal))
        add(strings.text(.detailsAbout, ["partner": proposal.partner.name]), .emphasis)
        add(proposal.partner.description.text(language))
        if !choice.step.alternatives.isEmpty {
            lines.append(ScreenMessage(text: "", style: .normal))
            add(strings.text(.detailsAlternatives), .emphasis)
            for (index, alternative) in choice.step.alternatives.enumerated() {
                add("\(index + 1)  \(alternative.partner.name) — \(alternative.service.name.text(language))")
                add(alternative.service.pitch.text(language), .muted, indent: "   ")
            }
        }
        return lines
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let strings = env.strings
        var canvas = Canvas(size: env.size)
        let heading = choice.map { "\($0.step.proposal.partner.name) — \($0.step.proposal.service.name.text(strings.language))" } ?? ""
        let hints = [Chrome.languageHint(strings, typing: false),
                     Chrome.Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintDetailsLabel)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.hintEscapeLabel)),
                     Chrome.Hint(key: strings.text(.hintHelpKey), label: strings.text(.hintHelpLabel))]
        let body = Chrome.page(&canvas, strings: strings, now: env.now, heading: heading, question: strings.text(.detailsQuestion), hints: hints)
        let all = lines(env, width: body.width)
        let first = min(top, max(0, all.count - body.height))
        for (offset, line) in all.dropFirst(first).prefix(body.height).enumerated() {
            canvas.write(line.text, x: body.x, y: body.y + offset, style: line.style)
        }
        ListView.scrollMarks(on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height),
                             above: first > 0, below: first + body.height < all.count)
        canvas.cursor = Point(x: body.x, y: body.y)
        return canvas
    }
}
