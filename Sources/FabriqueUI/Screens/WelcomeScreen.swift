public import FabriqueCore
public import Foundation

/// The first screen a visitor sees: the place, the date, a welcoming line and three ways in.
public struct WelcomeScreen: Sendable, Equatable {
    /// The three ways in.
    public enum Choice: Int, Sendable, CaseIterable {
        case book, checkIn, agenda
    }

    /// The highlighted way in.
    public private(set) var selection: Choice = .book

    /// A welcome screen with the first choice highlighted.
    public init() {}

    /// Moves the highlight, or returns the choice made (Enter, or its number).
    mutating func handle(_ key: Key) -> Choice? {
        switch key {
        case .up: selection = Choice(rawValue: max(0, selection.rawValue - 1)) ?? selection
        case .down: selection = Choice(rawValue: min(Choice.allCases.count - 1, selection.rawValue + 1)) ?? selection
        case .enter: return selection
        case .character(let character):
            if let number = character.wholeNumberValue, let choice = Choice(rawValue: number - 1) { return choice }
        default: break
        }
        return nil
    }

    private struct Layout {
        var lines: [(text: String, style: Style, centered: Bool)]
        var boxX: Int, boxY: Int, boxWidth: Int, boxHeight: Int
        var menuRows: [Int]
    }

    private func layout(context: KioskContext, strings: Strings, size: Size) -> Layout {
        let language = strings.language
        let site = context.site
        let boxWidth = min(size.width - 4, 76)
        let inner = boxWidth - 6
        var lines: [(text: String, style: Style, centered: Bool)] = []
        lines.append((strings.text(.welcomeGreeting), .accent, true))
        lines.append(("", .normal, true))
        lines.append((strings.text(.welcomePlace, ["site": site.name]), .emphasis, true))
        let venue = site.venue.text(language)
        let whereLine = strings.text(.welcomeWhere, ["venue": (venue.first.map { $0.uppercased() } ?? "") + venue.dropFirst(),
                                                     "address": site.address.oneLine])
        lines += TextWidth.wrap(whereLine, width: inner).map { ($0, .normal, true) }
        lines.append(("", .normal, true))
        lines += TextWidth.wrap(strings.text(.welcomePitch), width: inner).map { ($0, .normal, false) }
        lines.append(("", .normal, true))
        lines.append((strings.text(.welcomeMenuPrompt), .emphasis, false))
        let menuStart = lines.count
        for choice in Choice.allCases {
            let key: StringKey = [.welcomeMenuBook, .welcomeMenuCheckin, .welcomeMenuAgenda][choice.rawValue]
            lines.append(("\(choice.rawValue + 1)  \(strings.text(key))", choice == selection ? .selected : .normal, false))
        }
        lines.append(("", .normal, true))
        lines.append((strings.text(.welcomeFree), .normal, true))
        // What the place offers, when the terminal is tall enough to show all of it.
        let offers = site.offers.flatMap { offer in
            TextWidth.wrap(offer.text(language), width: inner - 2).enumerated().map { ($0.offset == 0 ? "• " : "  ") + $0.element }
        }
        if lines.count + 4 + offers.count + 2 <= size.height - 2 {
            lines.insert(("", .normal, true), at: lines.count - 2)
            lines.insert((strings.text(.welcomeOffers), .emphasis, false), at: lines.count - 2)
            for offer in offers { lines.insert((offer, .normal, false), at: lines.count - 2) }
        }
        let available = size.height - 2
        let boxHeight = min(available, lines.count + 4)
        let boxX = (size.width - boxWidth) / 2
        let boxY = 1 + max(0, (available - boxHeight) / 2)
        return Layout(lines: lines, boxX: boxX, boxY: boxY, boxWidth: boxWidth, boxHeight: boxHeight,
                      menuRows: (0..<3).map { boxY + 2 + menuStart + $0 })
    }

    /// Draws the screen for `size`, in `strings`' language, on the day of `now`.
    public func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        Chrome.titleBar(&canvas, strings: strings, now: now)
        let layout = layout(context: context, strings: strings, size: size)
        let inner = layout.boxWidth - 6
        canvas.frame(x: layout.boxX, y: layout.boxY, width: layout.boxWidth, height: layout.boxHeight)
        for (index, line) in layout.lines.prefix(layout.boxHeight - 4).enumerated() {
            let y = layout.boxY + 2 + index
            if line.centered {
                canvas.writeCentered(line.text, x: layout.boxX + 3, y: y, width: inner, style: line.style)
            } else {
                if line.style == .selected { canvas.fill(x: layout.boxX + 3, y: y, width: inner, height: 1, style: .selected) }
                canvas.write(TextWidth.truncate(line.text, to: inner), x: layout.boxX + 3, y: y, style: line.style)
            }
        }
        canvas.cursor = Point(x: layout.boxX + 3, y: layout.menuRows[selection.rawValue])
        for choice in Choice.allCases { canvas.targets[layout.menuRows[choice.rawValue]] = choice.rawValue }
        Chrome.hintBar(&canvas, hints: [
            Chrome.languageHint(strings, typing: false),
            Chrome.Hint(key: "1 2 3", label: strings.text(.hintArrowsLabel)),
            Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
            Chrome.Hint(key: strings.text(.hintHelpKey), label: strings.text(.hintHelpLabel)),
        ])
        return canvas
    }
}
