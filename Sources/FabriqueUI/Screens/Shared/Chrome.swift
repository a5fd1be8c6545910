public import FabriqueCore
public import FoundationEssentials

/// The parts every screen shares: the title bar, the heading, the message line and the key hints.
enum Chrome {
    /// One key and what it does, as shown in the hint bar.
    struct Hint {
        var key: String
        var label: String
    }

    /// The hints of a list: arrows to choose, Enter to do `enter`, Esc to go to `escape`.
    static func listHints(_ strings: Strings, enter: StringKey, escape: StringKey) -> [Hint] {
        [Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintArrowsLabel)),
         Hint(key: strings.text(.hintEnterKey), label: strings.text(enter)),
         Hint(key: strings.text(.hintEscapeKey), label: strings.text(escape))]
    }

    /// The rows between the heading and the message line, where a screen draws its content.
    struct Body {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    /// Draws the title bar: the network's and territory's names on the left, the date on the right.
    static func titleBar(_ canvas: inout Canvas, strings: Strings, now: Date) {
        let left = strings.text(strings.territory.isEmpty ? .appTitleNetwork : .appTitle)
        let right = DateText.longDay(now, strings)
        let width = canvas.size.width
        canvas.fill(x: 0, y: 0, width: width, height: 1, style: .title)
        let rightWidth = TextWidth.of(right)
        let room = max(0, width - rightWidth - 3)
        canvas.write(TextWidth.truncate(left, to: room), x: 1, y: 0, style: .title)
        if rightWidth + 2 <= width { canvas.write(right, x: width - rightWidth - 1, y: 0, style: .title) }
    }

    /// Draws the hint bar on the last row.
    static func hintBar(_ canvas: inout Canvas, hints: [Hint]) {
        let y = canvas.size.height - 1
        canvas.fill(x: 0, y: y, width: canvas.size.width, height: 1, style: .hint)
        var x = 1
        for hint in hints {
            guard x + TextWidth.of(hint.key) + TextWidth.of(hint.label) + 3 < canvas.size.width else { break }
            x = canvas.write(" \(hint.key) ", x: x, y: y, style: .hintKey)
            x = canvas.write(" \(hint.label)", x: x, y: y, style: .hint) + 2
        }
    }

    /// The usual hints of a journey screen, with the language key that works on it.
    /// The language key comes first, so that a visitor who does not read French always finds it.
    static func hints(_ strings: Strings, extra: [Hint] = [], typing: Bool = false, arrows: Bool = true) -> [Hint] {
        [languageHint(strings, typing: typing)]
            + (arrows ? [Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintArrowsLabel))] : [])
            + extra + [
                Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
                Hint(key: strings.text(.hintEscapeKey), label: strings.text(.hintEscapeLabel)),
                Hint(key: strings.text(.hintHelpKey), label: strings.text(.hintHelpLabel)),
            ]
    }

    /// The key that switches language: `L`, or `F2` where letters are typed into a field.
    static func languageHint(_ strings: Strings, typing: Bool) -> Hint {
        Hint(key: typing ? "F2" : strings.text(.hintLanguageKey), label: strings.text(.hintLanguageLabel))
    }

    /// The body area of a page whose question is `question`, for a terminal of `size`.
    static func body(size: Size, question: String) -> Body {
        body(size: size, questionLines: TextWidth.wrap(question, width: size.width - 4).prefix(2).count)
    }

    /// The body area below a question of `questionLines` lines (at most two are shown).
    private static func body(size: Size, questionLines: Int) -> Body {
        let top = 4 + questionLines
        return Body(x: 2, y: top, width: size.width - 4, height: size.height - 2 - top)
    }

    /// Draws a journey page: title bar, heading, question, hints; returns the body area.
    static func page(_ canvas: inout Canvas, strings: Strings, now: Date, heading: String, question: String,
                     hints: [Hint]) -> Body {
        let width = canvas.size.width
        titleBar(&canvas, strings: strings, now: now)
        canvas.write(TextWidth.truncate(heading, to: width - 4), x: 2, y: 2, style: .accent)
        let questionLines = TextWidth.wrap(question, width: width - 4).prefix(2)
        for (index, line) in questionLines.enumerated() {
            canvas.write(line, x: 2, y: 3 + index, style: .emphasis)
        }
        hintBar(&canvas, hints: hints)
        return body(size: canvas.size, questionLines: questionLines.count)
    }

    /// The heading of a numbered step.
    static func step(_ number: Int, _ title: StringKey, _ strings: Strings) -> String {
        strings.text(.stepHeading, ["step": "\(number)", "total": "6", "title": strings.text(title)])
    }
}
