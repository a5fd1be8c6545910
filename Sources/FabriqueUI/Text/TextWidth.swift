/// How many terminal columns text takes, as ncurses lays it out with glibc's `wcwidth`: each scalar
/// of a character (grapheme cluster) takes its own width, combining marks and joiners none, East Asian
/// wide characters and emoji two, everything else one. A flag (two regional indicators) is therefore
/// two columns and 👍🏽 four: that is what the terminal is told, so no row is ever overrun.
public enum TextWidth {
    /// Columns taken by one character (grapheme cluster): the sum of its scalars' widths.
    public static func of(_ character: Character) -> Int {
        var width = 0
        for scalar in character.unicodeScalars { width += of(scalar) }
        return width
    }

    /// The cells a character is drawn in: each scalar of width 1 or 2 starts a cell, and the
    /// zero-width scalars after it ride on it (at most four, as ncurses' `cchar_t` holds). Joiners,
    /// variation selectors and control characters are not drawn: a terminal may widen or join what
    /// follows them, and the screen must be exactly what ncurses believes it is.
    public static func cells(of character: Character) -> [(glyph: Character, width: Int)] {
        var cells: [(glyph: String.UnicodeScalarView, width: Int)] = []
        for scalar in character.unicodeScalars {
            let width = of(scalar)
            if width > 0 {
                var glyph = String.UnicodeScalarView()
                glyph.append(scalar)
                cells.append((glyph, width))
            } else if !cells.isEmpty, cells[cells.count - 1].glyph.count < 5, ridesOnBase(scalar) {
                cells[cells.count - 1].glyph.append(scalar)
            }
        }
        return cells.map { (Character(String($0.glyph)), $0.width) }
    }

    /// Whether a character begins with a combining mark, that is, has no base of its own.
    public static func startsWithMark(_ character: Character) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Whether a zero-width scalar is drawn with the cell before it (marks, Hangul vowels), rather than dropped.
    private static func ridesOnBase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0xA0 || (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) { return false }
        return scalar.properties.generalCategory != .format
    }

    /// Columns taken by a string.
    public static func of(_ text: some StringProtocol) -> Int {
        if let columns = plainColumns(text) { return columns }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The columns of a text made only of plain scalars (printable ASCII and Latin up to U+02FF, the soft
    /// hyphen aside; dashes, quotes and other punctuation; currency signs; arrows; box drawing and geometric
    /// shapes), where each scalar is a character of its own one column wide; nil for any other text.
    /// Most screen texts are French or English: their width and drawing then skip the grapheme breaking
    /// that walking their characters costs, at every key (a test holds this to the character walk).
    public static func plainColumns(_ text: some StringProtocol) -> Int? {
        var count = 0
        for scalar in text.unicodeScalars {
            guard isPlain(scalar) else { return nil }
            count += 1
        }
        return count
    }

    /// Whether a scalar is a character on its own, one column wide, whatever plain scalar is around it: none
    /// of these is a control, a format character, a mark, a joiner or a Hangul jamo, which alone join scalars
    /// into one character (combining marks start at U+0300; the spaces and format characters of U+2000–U+200F,
    /// U+2028–U+202F and U+205F–U+206F are left out).
    @inline(__always)
    static func isPlain(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20..<0x7F, 0xA0..<0xAD, 0xAE..<0x300, 0x2010...0x2027, 0x2030...0x205E, 0x20A0...0x20C0, 0x2190...0x21FF,
             0x2500...0x25FC:
            return true
        default:
            return false
        }
    }

    /// Columns taken by one scalar.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        // Most text is ASCII and Latin: answered without looking up the scalar's properties.
        if value < 0x7F { return value < 0x20 ? 0 : 1 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return value == 0xAD ? 0 : 1 }  // the soft hyphen is a format character
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }
        return value >= 0x1100 && isWide(value) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges, and the emoji presentation blocks.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3,
             0x25FD...0x25FE, 0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB,
             0x26BD...0x26BE, 0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA,
             0x26FD, 0x2705, 0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757,
             0x2795...0x2797, 0x27B0, 0x27BF, 0x2B1B...0x2B1C, 0x2B50, 0x2B55,
             0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F,
             0x1F680...0x1F6FF, 0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `width` columns, ending with `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// Breaks `text` into lines of at most `width` columns (`following` for the lines after the first,
    /// when they are indented), at spaces where possible; a word longer than a line is cut. Explicit line
    /// breaks are kept.
    public static func wrap(_ text: String, width first: Int, following: Int? = nil) -> [String] {
        let following = following ?? first
        guard first > 0, following > 0 else { return [] }
        var lines: [String] = []
        /// The columns of the line being filled.
        var width: Int { lines.isEmpty ? first : following }
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                var word = String(word)
                var wordWidth = of(word)
                if lineWidth > 0 && lineWidth + 1 + wordWidth <= width {
                    line += " " + word
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 {
                    lines.append(line)
                    line = ""
                    lineWidth = 0
                }
                while wordWidth > width {
                    var head = ""
                    var headWidth = 0
                    var rest = Substring(word)
                    while let first = rest.first, headWidth + of(first) <= width {
                        head.append(first)
                        headWidth += of(first)
                        rest = rest.dropFirst()
                    }
                    if head.isEmpty { break }  // a single character wider than the line
                    lines.append(head)
                    word = String(rest)
                    wordWidth = of(word)
                }
                line = word
                lineWidth = wordWidth
            }
            lines.append(line)
        }
        return lines
    }
}
