public import FabriqueCore
public import Foundation

/// The staff's way out of kiosk mode: a PIN, asked behind a key that no visitor screen shows.
public struct ExitScreen: Sendable, Equatable {
    public private(set) var pin = TextField(limit: 12, content: .code)
    private(set) var wrong = false

    enum Outcome: Equatable {
        case quit
        case cancel
    }

    init() {}

    mutating func handle(_ key: Key, expected: String?) -> Outcome? {
        switch key {
        case .escape: return .cancel
        case .enter:
            guard let expected, !expected.isEmpty else { return nil }
            if pin.text == expected.uppercased() { return .quit }
            wrong = true
            pin = TextField(limit: pin.limit, content: .code)
        default:
            if pin.handle(key) { wrong = false }
        }
        return nil
    }

    func render(strings: Strings, size: Size, now: Date, configured: Bool) -> Canvas {
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.exitTitle),
                               question: strings.text(configured ? .exitPrompt : .exitNone), hints: [])
        if configured {
            canvas.cursor = pin.draw(on: &canvas, x: body.x, y: body.y, width: 14, focused: true, masked: true)
            if wrong { canvas.write(strings.text(.exitWrong), x: body.x, y: body.y + 2, style: .alert) }
        }
        return canvas
    }
}
