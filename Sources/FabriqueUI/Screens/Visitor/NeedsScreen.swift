public import FabriqueCore
public import FoundationEssentials

/// Step 3: what the visitor needs; several can be ticked, at least one.
public struct NeedsScreen: KioskScreen, Equatable {
    private(set) var list = ListState()
    /// The needs ticked, in the order they were ticked.
    public private(set) var ticked: [String]
    /// True after Enter with nothing ticked, to say so.
    private(set) var showMissing = false
    private var visit: Journey

    init(journey: Journey) {
        visit = journey
        ticked = journey.answers.needs
    }

    var traits: ScreenTraits { visit.traits(help: .helpNeeds, typing: false) }
    /// A need is ticked by clicking it, like a check box.
    var clicks: Clicks { .toggle(list.focus) }
    var journey: Journey? { visit }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        showMissing ? ScreenMessage(text: env.strings.text(.needsNone)) : nil
    }

    private mutating func toggle(_ id: String) {
        if let index = ticked.firstIndex(of: id) { ticked.remove(at: index) } else { ticked.append(id) }
        showMissing = false
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let needs = env.context.catalogue.needs
        if list.handle(key, count: needs.count) { return .stay }
        switch key {
        case .character(" "):
            if needs.indices.contains(list.focus) { toggle(needs[list.focus].id) }
        case .character(let character):
            if let number = character.wholeNumberValue, needs.indices.contains(number - 1) {
                list = ListState(focus: number - 1)
                toggle(needs[number - 1].id)
            }
        case .enter:
            guard !ticked.isEmpty else {
                showMissing = true
                return .stay
            }
            visit.answers.needs = ticked
            return .run(.availability(env))
        case .escape:
            visit.answers.needs = ticked
            return .go(VisitorFlow.aboutYou(visit, question: AboutYouScreen.prompts.count - 1))
        default: break
        }
        return .stay
    }

    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .availability(let result) = reply else { return .stay }
        return VisitorFlow.plan(visit, availability: result, env)
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let spaceHint = Chrome.Hint(key: strings.text(.hintSpaceKey), label: strings.text(.hintSpaceLabel))
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(3, .stepNeedsTitle, strings),
                               question: strings.text(.stepNeedsQuestion), hints: Chrome.hints(strings, extra: [spaceHint]))
        let language = strings.language
        let needs = context.catalogue.needs
        // Two lines a need: the label with its box, then its explanation.
        let perNeed = body.height >= needs.count * 2 ? 2 : 1
        let cursor = ListView.drawItems(count: needs.count, linesEach: perNeed, state: list, on: &canvas,
                                        in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height)) { index, y, focused, canvas in
            let need = needs[index]
            let box = ticked.contains(need.id) ? "[x]" : "[ ]"
            canvas.write("\(box) \(index + 1)  \(need.label.text(language))", x: body.x, y: y, style: focused ? .selected : .emphasis)
            if perNeed == 2 {
                canvas.write(TextWidth.truncate(need.explanation.text(language), to: body.width - 4), x: body.x + 4, y: y + 1)
            }
        }
        canvas.cursor = cursor.map { Point(x: $0.x + 1, y: $0.y) }
        return canvas
    }
}
