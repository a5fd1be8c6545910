public import FabriqueCore
public import Foundation

/// Step 3: what the visitor needs; several can be ticked, at least one.
public struct NeedsScreen: Sendable, Equatable {
    public private(set) var selection = 0
    /// The needs ticked, in the order they were ticked.
    public private(set) var ticked: [String]
    /// True after Enter with nothing ticked, to say so.
    private(set) var showMissing = false

    enum Outcome: Equatable {
        case done([String])
        case back
    }

    init(ticked: [String]) {
        self.ticked = ticked
    }

    private mutating func toggle(_ id: String) {
        if let index = ticked.firstIndex(of: id) { ticked.remove(at: index) } else { ticked.append(id) }
        showMissing = false
    }

    mutating func handle(_ key: Key, context: KioskContext) -> Outcome? {
        let needs = context.catalogue.needs
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(needs.count - 1, selection + 1)
        case .character(" "):
            if needs.indices.contains(selection) { toggle(needs[selection].id) }
        case .character(let character):
            if let number = character.wholeNumberValue, needs.indices.contains(number - 1) {
                selection = number - 1
                toggle(needs[number - 1].id)
            }
        case .enter:
            guard !ticked.isEmpty else {
                showMissing = true
                return nil
            }
            return .done(ticked)
        case .escape: return .back
        default: break
        }
        return nil
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let spaceHint = Chrome.Hint(key: strings.text(.hintSpaceKey), label: strings.text(.hintSpaceLabel))
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(3, .stepNeedsTitle, strings),
                               question: strings.text(.stepNeedsQuestion), hints: Chrome.hints(strings, extra: [spaceHint]))
        let language = strings.language
        let needs = context.catalogue.needs
        // Two lines a need: the label with its box, then its explanation.
        let perNeed = body.height >= needs.count * 2 ? 2 : 1
        let visible = max(1, body.height / perNeed)
        let top = ListView.top(selected: selection, count: needs.count, height: visible)
        for (offset, need) in needs.dropFirst(top).prefix(visible).enumerated() {
            let index = top + offset
            let y = body.y + offset * perNeed
            let box = ticked.contains(need.id) ? "[x]" : "[ ]"
            let isSelected = index == selection
            for row in y..<(y + perNeed) { canvas.targets[row] = index }
            if isSelected {
                canvas.fill(x: body.x, y: y, width: body.width, height: 1, style: .selected)
                canvas.cursor = Point(x: body.x + 1, y: y)
            }
            canvas.write("\(box) \(index + 1)  \(need.label.text(language))", x: body.x, y: y, style: isSelected ? .selected : .emphasis)
            if perNeed == 2 {
                canvas.write(TextWidth.truncate(need.explanation.text(language), to: body.width - 4), x: body.x + 4, y: y + 1)
            }
        }
        if showMissing {
            canvas.write(strings.text(.needsNone), x: 2, y: size.height - 2, style: .alert)
        }
        return canvas
    }
}
