import Foundation

/// Writes the Unicode tables the program carries in place of Foundation's text functions
/// (`FoldingTable`, `BaseLetterTable`), from Foundation itself; the tests hold the tables to these.
public enum UnicodeTables {
    /// Foundation's folding as the program uses it: lower case, œ and æ written out, case, accents and
    /// width folded (`folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
    /// locale: nil)`: « ＳＡＩＮＴ » typed on a phone's or an East Asian keyboard finds « Saint »).
    public static func foldedByFoundation(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
            .folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// A scalar folded as Foundation folds it within a text; a combining mark is folded on a base
    /// letter, since alone it is not taken for an accent.
    public static func foldedAlone(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .spacingMark || category == .enclosingMark {
            var folded = Array(foldedByFoundation("a" + String(scalar)).unicodeScalars)
            if folded.first == "a" { folded.removeFirst() }
            return folded
        }
        return Array(foldedByFoundation(String(scalar)).unicodeScalars)
    }

    /// The letters and signs of a scalar's compatibility decomposition (NFKD), its marks left out
    /// (`ễ` → `e`, `ﬁ` → `f i`, `Ǳ` → `D Z`).
    public static func baseLetters(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        String(scalar).decomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isGraphemeExtend }
    }

    /// The base letters `BaseLetterTable` keeps: those below U+3000 (Latin, Greek, Cyrillic, signs and
    /// box drawing: what a console font can have), not Hangul jamo (U+1100–U+11FF, which the 11,172
    /// syllables decompose to) nor CJK ideographs; ㈀ keeps its parentheses, ㋀ its 1.
    public static func baseLettersKept(_ letters: [Unicode.Scalar]) -> [Unicode.Scalar] {
        letters.filter { $0.value < 0x3000 && !(0x1100...0x11FF).contains($0.value) }
    }

    /// Every scalar above ASCII.
    public static var allNonASCII: [Unicode.Scalar] { (0x80...0x10FFFF).compactMap(Unicode.Scalar.init) }

    /// The source of `FoldingTable.swift`.
    public static func foldingSource() -> String {
        let entries = allNonASCII.compactMap { scalar -> (Unicode.Scalar, [Unicode.Scalar])? in
            let folded = foldedAlone(scalar)
            return folded == [scalar] ? nil : (scalar, folded)
        }
        return source(name: "FoldingTable", generator: "foldingTable", entries: entries, summary: """
            /// How each non-ASCII scalar folds (Foundation's case- and diacritic-insensitive folding, with œ and æ
            /// written out), for the scalars that do not fold to themselves.
            """)
    }

    /// The source of `BaseLetterTable.swift`.
    public static func baseLetterSource() -> String {
        let entries = allNonASCII.compactMap { scalar -> (Unicode.Scalar, [Unicode.Scalar])? in
            let letters = baseLettersKept(baseLetters(scalar))
            return letters == [scalar] || letters.isEmpty ? nil : (scalar, letters)
        }
        return source(name: "BaseLetterTable", generator: "baseLetterTable", entries: entries, summary: """
            /// The letters and signs of each scalar's compatibility decomposition without its marks (Foundation's
            /// `decomposedStringWithCompatibilityMapping`), those below U+3000 but Hangul jamo, where they differ from the scalar.
            """)
    }

    private static func source(name: String, generator: String, entries: [(Unicode.Scalar, [Unicode.Scalar])], summary: String) -> String {
        var expansions: [[Unicode.Scalar]] = []
        let values = entries.map { entry -> UInt32 in
            switch entry.1.count {
            case 0: return 0
            case 1: return entry.1[0].value
            default:
                expansions.append(entry.1)
                return 0x8000_0000 | UInt32(expansions.count - 1)
            }
        }
        func rows(_ numbers: [UInt32]) -> String {
            stride(from: 0, to: numbers.count, by: 10).map { start in
                "        " + numbers[start..<min(start + 10, numbers.count)].map { "0x" + String($0, radix: 16, uppercase: true) }
                    .joined(separator: ", ") + ","
            }.joined(separator: "\n")
        }
        let expansionRows = expansions.map { list in
            "        [" + list.map { "0x" + String($0.value, radix: 16, uppercase: true) }.joined(separator: ", ") + "],"
        }.joined(separator: "\n")
        return """
            // Generated from Foundation by `FABRIQUE_WRITE_TABLES=1 swift test --filter \(generator)`, which also
            // holds this table to Foundation for every scalar. Do not edit.

            \(summary)
            enum \(name) {
                /// The scalars, ascending.
                static let scalars: [UInt32] = [
            \(rows(entries.map(\.0.value)))
                ]
                /// What each becomes: a scalar; 0 for nothing; 0x8000_0000 + n for `expansions[n]`.
                static let values: [UInt32] = [
            \(rows(values))
                ]
                /// The results of more than one scalar.
                static let expansions: [[UInt32]] = [
            \(expansionRows)
                ]
            }

            """
    }
}
