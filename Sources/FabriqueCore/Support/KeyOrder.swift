/// The order Foundation's `JSONSerialization` gave to sorted keys (ICU's collation with numbers read as
/// numbers, case and accents after the letters themselves), kept so that `--json` outputs list a
/// catalogue's ids as before: `zone-B`, `zone9`, `Zone10`. Exact for keys of letters, accented Latin
/// letters, digits, blanks and ASCII punctuation (a test compares random keys with Foundation).
public enum KeyOrder {
    /// Whether `left` comes before `right`.
    public static func precedes(_ left: String, _ right: String) -> Bool {
        if left == right { return false }
        let (a, b) = (Key(left), Key(right))
        if a.primary != b.primary { return a.primary.lexicographicallyPrecedes(b.primary) }
        if a.accents != b.accents { return a.accents.lexicographicallyPrecedes(b.accents) }
        if a.cases != b.cases { return a.cases.lexicographicallyPrecedes(b.cases) }
        // Equal but for a number's leading zeros: the one with fewer first (1 before 01).
        let (leftCount, rightCount) = (left.unicodeScalars.count, right.unicodeScalars.count)
        if leftCount != rightCount { return leftCount < rightCount }
        return Array(left.unicodeScalars.map(\.value)).lexicographicallyPrecedes(right.unicodeScalars.map(\.value))
    }

    /// ICU's root order of ASCII punctuation and symbols, which all come before digits and letters.
    private static let punctuation = Array("\t\n\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$".unicodeScalars)

    /// A key's collation levels.
    private struct Key {
        var primary: [UInt64] = []
        var accents: [UInt32] = []
        var cases: [UInt8] = []

        init(_ text: String) {
            var scalars = Array(text.unicodeScalars)[...]
            while let scalar = scalars.first {
                if let digit = digitValue(scalar) {
                    // A run of digits is one number: its value, leading zeros left out.
                    var value: UInt64 = UInt64(digit)
                    scalars.removeFirst()
                    while let next = scalars.first, let more = digitValue(next) {
                        value = value &* 10 &+ UInt64(more)
                        scalars.removeFirst()
                    }
                    primary.append(1 << 60 | min(value, 1 << 59))
                    continue
                }
                scalars.removeFirst()
                if let rank = punctuation.firstIndex(of: scalar) {
                    primary.append(UInt64(rank))
                    continue
                }
                var folded: [Unicode.Scalar] = []
                if (0x41...0x5A).contains(scalar.value) {
                    folded = [Unicode.Scalar(UInt8(scalar.value + 32))]
                } else {
                    TextFolding.forEachFolded(scalar) { folded.append($0) }
                }
                for letter in folded {
                    primary.append(2 << 60 | UInt64(letter.value))
                }
                let lower = Array(String(scalar).lowercased().unicodeScalars)
                // Without an accent (e, E) before with one (é, É).
                accents.append(folded == lower ? 0 : lower.first?.value ?? 0)
                cases.append(scalar.properties.isUppercase ? 1 : 0)
            }
        }
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
    }
}
