public import FabriqueCore
public import FoundationEssentials

/// Step 1: where the visitor lives. Typing filters the list, regardless of accents and case; the
/// answers that are not a named quartier are always listed.
public struct QuartierScreen: KioskScreen, Equatable {
    public private(set) var filter = TextField(limit: 30)
    private(set) var list = ListState()
    private var visit: Journey

    /// A screen with an empty filter, the highlight on the quartier chosen before, if any.
    init(journey: Journey, context: KioskContext) {
        visit = journey
        if let quartier = journey.answers.quartier,
           let index = QuartierScreen.rows(context.catalogue, filter: "").firstIndex(where: { $0.id == quartier }) {
            list = ListState(focus: index)
        }
    }

    var traits: ScreenTraits { visit.traits(help: .helpQuartier, typing: true) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    /// Folds text for searching: no accents, no case, hyphens and apostrophes as spaces.
    static func fold(_ text: String) -> String { TextFolding.fold(text) }

    /// The quartiers matching `filter` (by name, former name or commune), then the other answers.
    static func rows(_ catalogue: Catalogue, filter: String) -> [Quartier] {
        let wanted = fold(filter)
        let names = wanted.isEmpty ? [] : catalogue.foldedQuartierNames
        let named = catalogue.quartiers.indices.filter { index in
            catalogue.quartiers[index].kind == .quartier && (wanted.isEmpty || names[index].contains { TextFolding.holds($0, wanted) })
        }.map { catalogue.quartiers[$0] }
        return named + catalogue.quartiers.filter { $0.kind != .quartier }
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        // Filtered only for the keys that move in the list: a typed character (a paste of thousands) does not refilter.
        var rows: [Quartier] { QuartierScreen.rows(env.context.catalogue, filter: filter.text) }
        switch key {
        case .up, .down, .pageUp, .pageDown:
            _ = list.handle(key, count: rows.count)
        case .enter:
            let rows = rows
            guard rows.indices.contains(list.focus) else { return .stay }
            visit.answers.quartier = rows[list.focus].id
            return .go(VisitorFlow.aboutYou(visit))
        case .escape:
            if filter.text.isEmpty { return VisitorFlow.leave(visit) }
            filter = TextField(limit: filter.limit)
            list = ListState()
        default:
            let before = filter.text
            if filter.handle(key), filter.text != before { list = ListState() }
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(1, .stepQuartierTitle, strings),
                               question: strings.text(.stepQuartierQuestion), hints: Chrome.hints(strings, typing: true))
        let label = strings.text(.quartierSearch)
        let labelEnd = canvas.write(label, x: body.x, y: body.y, style: .emphasis) + 1
        let fieldCursor = filter.draw(on: &canvas, x: labelEnd, y: body.y, width: min(32, body.width - labelEnd), focused: true)
        let rows = QuartierScreen.rows(context.catalogue, filter: filter.text)
        let language = strings.language
        let listRows = rows.map { quartier in
            ListView.Row(text: quartier.commune.map { "\(quartier.name.text(language)) — \($0)" } ?? quartier.name.text(language),
                         style: quartier.kind == .quartier ? .normal : .emphasis)
        }
        ListView.draw(listRows, state: list, on: &canvas, in: ListView.Frame(x: 2, y: 8, width: size.width - 4, height: size.height - 10))
        if !filter.text.isEmpty, !rows.contains(where: { $0.kind == .quartier }) {
            // The typed text cut to the room the sentence leaves, so that its closing quote still shows.
            let room = body.width - TextWidth.of(strings.text(.quartierNoMatch, ["text": ""]))
            let shown = TextWidth.truncate(filter.text, to: max(1, room))
            canvas.write(TextWidth.truncate(strings.text(.quartierNoMatch, ["text": shown]), to: body.width), x: body.x, y: body.y + 1, style: .alert)
        }
        canvas.cursor = fieldCursor
        return canvas
    }
}
