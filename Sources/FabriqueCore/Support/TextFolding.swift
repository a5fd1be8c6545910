import Foundation
import Synchronization

/// Text as compared for searching and for "same person": no case, accents, ligatures or punctuation.
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
        // Folded one scalar at a time, each non-ASCII scalar through Foundation once per process:
        // folding a whole name through Foundation costs microseconds, and a booking compares hundreds.
        scalars.withLock { known in
            for scalar in text.unicodeScalars {
                if scalar.isASCII {
                    add((0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
                    continue
                }
                let mapped = known[scalar] ?? foldedAlone(scalar)
                known[scalar] = mapped
                for folded in mapped.unicodeScalars { add(folded) }
            }
        }
        return String(folded)
    }

    private static func isMark(_ category: Unicode.GeneralCategory) -> Bool {
        category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
    }

    /// The reference folding, applied to a whole text (and, by `fold`, to single scalars).
    public static func foldedByFoundation(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// A scalar folded as Foundation folds it within a text; a combining mark is folded on a base
    /// letter, since alone it is not taken for an accent.
    private static func foldedAlone(_ scalar: Unicode.Scalar) -> String {
        if isMark(scalar.properties.generalCategory) {
            var folded = foldedByFoundation("a" + String(scalar)).unicodeScalars
            if folded.first == "a" { folded.removeFirst() }
            return String(folded)
        }
        return foldedByFoundation(String(scalar))
    }

    private static let scalars = Mutex<[Unicode.Scalar: String]>([:])
}
