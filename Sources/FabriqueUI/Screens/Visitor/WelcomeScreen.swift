public import FabriqueCore
public import FoundationEssentials

/// The first screen a visitor sees: the place, the date, a welcoming line and three ways in.
public struct WelcomeScreen: KioskScreen, Equatable {
    /// The ways in.
    public enum Choice: Int, Sendable, CaseIterable {
        case book, checkIn, agenda

        /// The menu line of this way in.
        var label: StringKey {
            switch self {
            case .book: return .welcomeMenuBook
            case .checkIn: return .welcomeMenuCheckin
            case .agenda: return .welcomeMenuAgenda
            }
        }
    }

    /// The highlighted way in.
    public private(set) var selection: Choice = .book

    /// A welcome screen with the first choice highlighted.
    public init() {}

    var traits: ScreenTraits { .visitor(help: .helpWelcome, typing: false) }
    var clicks: Clicks { .choose(selection.rawValue) }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    /// Moves the highlight, or goes the way chosen (Enter, or its number).
    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        var list = ListState(focus: selection.rawValue, count: Choice.allCases.count)
        if list.handle(key, count: Choice.allCases.count) {
            selection = Choice(rawValue: list.focus) ?? selection
            return .stay
        }
        switch key {
        case .enter: return choose(selection, env)
        case .character(let character):
            if let number = character.wholeNumberValue, let choice = Choice(rawValue: number - 1) { return choose(choice, env) }
        default: break
        }
        return .stay
    }

    private func choose(_ choice: Choice, _ env: ScreenEnvironment) -> Transition {
        switch choice {
        case .book: return .go(VisitorFlow.startBooking(env))
        case .checkIn: return .go(VisitorFlow.checkIn())
        case .agenda: return VisitorFlow.agenda(env)
        }
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
            lines.append(("\(choice.rawValue + 1)  \(strings.text(choice.label))", choice == selection ? .selected : .normal, false))
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
                      menuRows: Choice.allCases.map { boxY + 2 + menuStart + $0.rawValue })
    }

    /// Draws the screen for the terminal's size, in the visitor's language, on today's date.
    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
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
            Chrome.Hint(key: Choice.allCases.map { "\($0.rawValue + 1)" }.joined(separator: " "), label: strings.text(.hintArrowsLabel)),
            Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
            Chrome.Hint(key: strings.text(.hintHelpKey), label: strings.text(.hintHelpLabel)),
        ])
        return canvas
    }
}
