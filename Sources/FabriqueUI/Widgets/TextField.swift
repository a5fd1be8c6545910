import FabriqueCore

/// A one-line text entry: whole characters are inserted and deleted, control characters and escape
/// sequences refused, the length limited.
public struct TextField: Sendable, Hashable {
    /// What the field holds, which decides the characters it takes.
    public enum Content: Sendable, Hashable {
        /// Names and free text: any printable character.
        case text
        /// A phone number: digits, spaces and + . - ( ) /.
        case phone
        /// An e-mail address: printable characters without spaces.
        case email
        /// A booking code or PIN: letters and digits, shown in capitals.
        case code
    }

    public private(set) var text: String = ""
    /// Cursor position, in characters from the start.
    public private(set) var cursor: Int = 0
    public let limit: Int
    public let content: Content

    /// An empty field.
    public init(limit: Int, content: Content = .text) {
        self.limit = limit
        self.content = content
    }

    func accepts(_ character: Character) -> Bool {
        switch content {
        case .text: return true
        case .phone: return character.isASCII && (character.isNumber || " +.-()/".contains(character))
        case .email: return character != " "
        case .code: return character.isASCII && (character.isLetter || character.isNumber)
        }
    }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(var character):
            let single = String(character)
            // Control characters and escape sequences never enter a field.
            guard TextWidth.of(character) > 0, TextSanitizer.clean(single) == single || character == " " else { return true }
            guard accepts(character), text.count < limit else { return true }
            if content == .code { character = Character(single.uppercased()) }
            text.insert(character, at: text.index(text.startIndex, offsetBy: cursor))
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
        case .delete:
            guard cursor < text.count else { return true }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        default: return false
        }
        return true
    }

    /// Draws the field in `width` columns at (x, y), scrolled so the cursor shows; returns the cursor cell.
    public func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int, focused: Bool, masked: Bool = false) -> Point {
        let characters = Array(masked ? String(repeating: "•", count: text.count) : text)
        var first = 0
        while first < cursor, TextWidth.of(String(characters[first..<cursor])) > width - 1 { first += 1 }
        var shown = ""
        var used = 0
        for character in characters[first...] {
            let w = TextWidth.of(character)
            if used + w > width { break }
            shown.append(character)
            used += w
        }
        let style: Style = focused ? .field : .fieldIdle
        canvas.fill(x: x, y: y, width: width, height: 1, style: style)
        canvas.write(shown, x: x, y: y, style: style)
        return Point(x: x + TextWidth.of(String(characters[first..<cursor])), y: y)
    }
}
