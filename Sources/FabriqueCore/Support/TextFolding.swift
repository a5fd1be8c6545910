/// Text as compared for searching and for "same person": no case, accents, ligatures, width or punctuation.
public enum TextFolding {
    /// `Œuvray-Nguyễn` → `oeuvray nguyen`.
    public static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        var separated = false
        var lastKept = false
        // Words are letters and digits; a mark goes with the letter before it, as in a Character.
        func add(_ scalar: Unicode.Scalar) {
            let isWordPart: Bool
            if scalar.isASCII {
                // Unicode property lookups are searches in tables; ASCII needs none.
                let value = scalar.value
                isWordPart = (0x61...0x7A).contains(value) || (0x30...0x39).contains(value)
            } else {
                isWordPart = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            }
            if isWordPart {
                if separated && !folded.isEmpty { folded.append(" ") }
                separated = false
                folded.append(scalar)
                lastKept = true
            } else if lastKept && !scalar.isASCII && isMark(scalar.properties.generalCategory) {
                folded.append(scalar)
            } else {
                separated = true
                lastKept = false
            }
        }
        // Folded one scalar at a time: ASCII by hand, the rest from Foundation's own folding kept in
        // `FoldingTable` (folding a whole name through Foundation cost microseconds, and ICU's pages).
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                add((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
                continue
            }
            forEachFolded(scalar, add)
        }
        return String(folded)
    }

    /// Whether `text` holds `part`, Character by Character as `String.contains` compares (`"aeiouy"` holds `"ae"`).
    public static func holds(_ text: String, _ part: String) -> Bool {
        // By hand: the standard library's substring search is in `_StringProcessing`, whose code (three
        // 64 KB stretches of the kiosk's binary) a visit would otherwise keep resident for this one use.
        let part = Array(part)
        guard let head = part.first else { return true }
        let text = Array(text)
        guard text.count >= part.count else { return false }
        for start in 0...(text.count - part.count) where text[start] == head {
            if text[start..<(start + part.count)].elementsEqual(part) { return true }
        }
        return false
    }

    private static func isMark(_ category: Unicode.GeneralCategory) -> Bool {
        category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
    }

    /// Calls `body` with each scalar `scalar` folds to (none, one, or a few for ligatures like ﬃ), as
    /// Foundation folds it within a text; a combining mark is folded as it is on a base letter.
    public static func forEachFolded(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        if !table.forEach(scalar, body) { body(scalar) }
    }

    /// Foundation's folding of every scalar that does not fold to itself (`FoldingTable`, generated).
    static let table = ScalarMapping(scalars: FoldingTable.scalars, values: FoldingTable.values,
                                     expansions: FoldingTable.expansions)
}
