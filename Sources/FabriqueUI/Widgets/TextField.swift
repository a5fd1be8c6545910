import FabriqueCore

/// A one-line text entry edited by whole characters (grapheme clusters): a scalar that joins the
/// character before it (a skin tone, a second regional indicator, an Indic vowel sign) becomes part of
/// it, one backspace removes one character as a person sees it, and control characters and escape
/// sequences are refused. Drawn by display columns, it never goes past its width.
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
    /// Cursor position, in characters (grapheme clusters) from the start.
    public private(set) var cursor: Int = 0
    /// The most characters the field holds.
    public let limit: Int
    public let content: Content
    /// Whether the last character typed or pasted was refused because the field was full: the marks and
    /// signs that followed it (a paste cut at the limit) would otherwise join the field's last letter.
    private var overflowed = false

    /// The most scalars one character may gather: the longest emoji sequences in use (a couple with
    /// two skin tones) have ten; beyond that, stacked marks only make the text unreadable.
    static let scalarsPerCharacter = 10

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
        if case .character = key {} else { overflowed = false }
        switch key {
        case .character(var character):
            let single = String(character)
            // Control characters, escape sequences and bidirectional overrides never enter a field.
            guard character == " " || TextSanitizer.clean(single) == single else { return true }
            guard accepts(character) else { return true }
            if content == .code { character = Character(single.uppercased()) }
            insert(character)
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

    /// Inserts at the cursor. The new scalars may join the character before the cursor or the one after
    /// it into one grapheme, so the cursor is placed again from the scalar offset, never assumed to move by one.
    private mutating func insert(_ character: Character) {
        let split = text.index(text.startIndex, offsetBy: cursor)
        let before = text[..<split]
        let after = text[split...]
        let joined = String(before) + String(character) + String(after)
        let endOfInsertion = before.unicodeScalars.count + character.unicodeScalars.count
        // Too many characters, or one character swollen past what a person could type; after a character
        // refused for want of room, what would only join a character already there is refused with it.
        guard joined.count <= limit else {
            overflowed = true
            return
        }
        guard !(overflowed && joined.count == text.count) else { return }
        overflowed = false
        guard joined.allSatisfy({ $0.unicodeScalars.count <= Self.scalarsPerCharacter }) else { return }
        // A mark with nothing to ride on (typed first) would show alone, or not at all: refused.
        guard joined.allSatisfy({ TextWidth.of($0) > 0 && !TextWidth.startsWithMark($0) }) else { return }
        // Pieces of an emoji whose emoji was refused (a full field) would ride on the letter before.
        guard Self.emojiPiecesFollowEmoji(String(character), after: before.unicodeScalars.last) else { return }
        text = joined
        var scalars = 0
        var position = 0
        for piece in text {
            if scalars >= endOfInsertion { break }
            scalars += piece.unicodeScalars.count
            position += 1
        }
        cursor = position
    }

    /// Whether the skin tones and joiners among `scalars` each follow what they can join: a skin tone an
    /// emoji that takes one, a zero-width joiner an emoji or a mark (Indic scripts join after a virama).
    /// A paste that overflows a field drops its emoji but still delivers their tones and joiners.
    static func emojiPiecesFollowEmoji(_ scalars: String, after previous: Unicode.Scalar?) -> Bool {
        var previous = previous
        for scalar in scalars.unicodeScalars {
            if let before = previous, scalar.properties.isEmojiModifier, !before.properties.isEmojiModifierBase {
                return false
            }
            if let before = previous, scalar == "\u{200D}" {
                let category = before.properties.generalCategory
                let joins = before.properties.isEmoji || before.properties.isEmojiModifier || before == "\u{FE0F}"
                    || category == .nonspacingMark || category == .spacingMark
                guard joins else { return false }
            }
            previous = scalar
        }
        return true
    }

    /// Draws the field in `width` columns at (x, y), scrolled so the cursor shows; returns the cursor cell.
    public func draw(on canvas: inout Canvas, x: Int, y: Int, width: Int, focused: Bool, masked: Bool = false) -> Point {
        let characters = Array(masked ? String(repeating: "•", count: text.count) : text)
        let cursor = min(self.cursor, characters.count)
        let widths = characters.map(TextWidth.of)
        // The first character shown: as far left as possible while the cursor still fits in the field.
        var first = 0
        var beforeCursor = widths[0..<cursor].reduce(0, +)
        while first < cursor, beforeCursor > width - 1 {
            beforeCursor -= widths[first]
            first += 1
        }
        var shown = ""
        var used = 0
        for index in first..<characters.count {
            if used + widths[index] > width { break }
            shown.append(characters[index])
            used += widths[index]
        }
        let style: Style = focused ? .field : .fieldIdle
        canvas.fill(x: x, y: y, width: width, height: 1, style: style)
        canvas.write(shown, x: x, y: y, style: style)
        return Point(x: x + min(max(0, width - 1), beforeCursor), y: y)
    }
}
