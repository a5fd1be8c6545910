/// Cleans text that comes from outside (a keyboard, a file) before it is shown or stored.
public enum TextSanitizer {
    /// `text` without terminal escape sequences, control characters or bidirectional overrides;
    /// runs of white space (line and paragraph separators included) become one space and the ends are trimmed.
    public static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pendingSpace = false
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x9B:
                skipControlSequenceBody(&scalars)
            case 0x09, 0x0A, 0x0D, 0x20, 0xA0, 0x2028, 0x2029:
                // The line and paragraph separators too: kept, they broke a record's line for readers of
                // JSON lines that split at them (Python's `splitlines`, JavaScript).
                pendingSpace = !result.isEmpty
            case _ where isControl(scalar):
                // The same set every check and message uses (its own list here had left out U+061C).
                continue
            default:
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether a scalar must never reach a terminal or a spreadsheet raw: C0 and C1 controls, DEL
    /// (escape sequences start with one), and the bidirectional controls that reorder what follows them.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return value < 0x20 || (0x7F..<0xA0).contains(value) || (0x202A...0x202E).contains(value)
            || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
    }

    /// Whether `text` holds a control character (see `isControl`).
    public static func hasControl(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.contains(where: isControl)
    }

    /// `text` as it may be printed whatever its source (a record, the catalogue, a hand edit): every
    /// control character is written out as `U+001B`, so that nothing can move the cursor, change
    /// colours, retitle the window or reorder the line. Line breaks are kept.
    public static func neutralised(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && isControl($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { visible(String($0)) }.joined(separator: "\n")
    }

    /// A text made readable in a message: control characters as `U+001B`.
    public static func visible(_ text: String) -> String {
        text.unicodeScalars.map { scalar in
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            }
            return String(scalar)
        }.joined()
    }

    /// Skips what follows an ESC: a CSI (`ESC [ … final`), an OSC or string (`ESC ] … BEL/ST`),
    /// or a single character.
    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[":
            skipControlSequenceBody(&scalars)
        case "]", "P", "X", "^", "_":
            while let scalar = scalars.next() {
                if scalar.value == 0x07 || scalar.value == 0x9C { return }
                if scalar.value == 0x1B { _ = scalars.next(); return }
            }
        default:
            return
        }
    }

    /// Skips parameter and intermediate bytes up to and including the final byte (0x40–0x7E).
    private static func skipControlSequenceBody(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
        }
    }
}
