public import FabriqueCore
public import Foundation

/// Step 1: where the visitor lives. Typing filters the list, regardless of accents and case; the
/// answers that are not a named quartier are always listed.
public struct QuartierScreen: Sendable, Equatable {
    public private(set) var filter = TextField(limit: 30)
    public private(set) var selection = 0

    /// What the visitor did.
    enum Outcome: Equatable {
        case chosen(String)
        case back
    }

    /// A screen with an empty filter, the highlight on `quartier` when one was chosen before.
    init(context: KioskContext, chosen quartier: String?) {
        if let quartier, let index = QuartierScreen.rows(context.catalogue, filter: "").firstIndex(where: { $0.id == quartier }) {
            selection = index
        }
    }

    /// Folds text for searching: no accents, no case, hyphens and apostrophes as spaces.
    static func fold(_ text: String) -> String { TextFolding.fold(text) }

    /// The quartiers matching `filter` (by name, former name or commune), then the other answers.
    static func rows(_ catalogue: Catalogue, filter: String) -> [Quartier] {
        let wanted = fold(filter)
        let named = catalogue.quartiers.filter { $0.kind == .quartier }.filter { quartier in
            wanted.isEmpty || ([quartier.name.fr, quartier.name.en, quartier.commune ?? ""] + quartier.formerNames)
                .contains { fold($0).contains(wanted) }
        }
        return named + catalogue.quartiers.filter { $0.kind != .quartier }
    }

    mutating func handle(_ key: Key, context: KioskContext) -> Outcome? {
        // Filtered only for the keys that move in the list: a typed character (a paste of thousands) does not refilter.
        var rows: [Quartier] { QuartierScreen.rows(context.catalogue, filter: filter.text) }
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(rows.count - 1, selection + 1)
        case .pageUp: selection = max(0, selection - 5)
        case .pageDown: selection = min(rows.count - 1, selection + 5)
        case .enter:
            if rows.indices.contains(selection) { return .chosen(rows[selection].id) }
        case .escape:
            if filter.text.isEmpty { return .back }
            filter = TextField(limit: filter.limit)
            selection = 0
        default:
            let before = filter.text
            if filter.handle(key), filter.text != before { selection = 0 }
        }
        return nil
    }

    private func listFrame(_ size: Size) -> Chrome.Body {
        Chrome.Body(x: 2, y: 8, width: size.width - 4, height: size.height - 10)
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
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
        let frame = listFrame(size)
        ListView.draw(listRows, selected: selection, on: &canvas, x: frame.x, y: frame.y, width: frame.width, height: frame.height)
        if !filter.text.isEmpty, !rows.contains(where: { $0.kind == .quartier }) {
            canvas.write(strings.text(.quartierNoMatch, ["text": filter.text]), x: body.x, y: body.y + 1, style: .alert)
        }
        canvas.cursor = fieldCursor
        return canvas
    }
}
