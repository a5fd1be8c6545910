@testable import FabriqueCore
@testable import FabriqueUI
import FabriqueResources
import FabriqueTesting
import Foundation
import Testing

/// The tables that stand in for Foundation's text functions, held to Foundation for every scalar.
/// `FABRIQUE_WRITE_TABLES=1 swift test --filter UnicodeTableTests` writes them again from Foundation
/// (after a Swift update that changed its Unicode data, say) before checking them.
@Suite("Unicode tables against Foundation")
struct UnicodeTableTests {
    /// The package's folder, from this file's path.
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func regenerate(_ source: String, _ path: String) throws {
        guard ProcessInfo.processInfo.environment["FABRIQUE_WRITE_TABLES"] == "1" else { return }
        try source.write(to: package.appendingPathComponent(path), atomically: true, encoding: .utf8)
    }

    /// Regenerates the table when asked, then holds `actual` to `expected` for every scalar and the
    /// committed file to `source`.
    static func check(_ source: String, _ path: String, actual: (Unicode.Scalar) -> [Unicode.Scalar],
                      expected: (Unicode.Scalar) -> [Unicode.Scalar]) throws {
        try regenerate(source, path)
        var mismatches: [String] = []
        for scalar in UnicodeTables.allNonASCII {
            let (found, wanted) = (actual(scalar), expected(scalar))
            if found != wanted, mismatches.count < 20 { mismatches.append("U+\(String(scalar.value, radix: 16)): \(found) ≠ \(wanted)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        let committed = try String(contentsOf: package.appendingPathComponent(path), encoding: .utf8)
        #expect(committed == source, "\(path) differs from what Foundation gives: run with FABRIQUE_WRITE_TABLES=1")
    }

    @Test("foldingTable: every scalar folds as Foundation folds it, and the committed table is the generated one")
    func foldingTable() throws {
        try Self.check(UnicodeTables.foldingSource(), "Sources/FabriqueCore/Support/FoldingTable.swift", actual: { scalar in
            var folded: [Unicode.Scalar] = []
            TextFolding.forEachFolded(scalar) { folded.append($0) }
            return folded
        }, expected: UnicodeTables.foldedAlone)
    }

    @Test("baseLetterTable: every scalar's letters are Foundation's compatibility decomposition without marks, those below U+3000 but jamo")
    func baseLetterTable() throws {
        try Self.check(UnicodeTables.baseLetterSource(), "Sources/FabriqueUI/Canvas/BaseLetterTable.swift",
                       actual: GlyphSet.baseLetters.mapped, expected: { scalar in
            let letters = UnicodeTables.baseLettersKept(UnicodeTables.baseLetters(scalar))
            return letters.isEmpty ? [scalar] : letters
        })
    }

    @Test("the console font's nearest glyph is the one Foundation's normalisation gave, for every character of its scripts")
    func nearestAsFoundation() throws {
        let glyphs = try GlyphSet.load(from: EmbeddedData.consoleGlyphsURL)
        func byFoundation(_ character: Character) -> Character {
            if character.isASCII || glyphs.shows(character) { return character }
            let text = String(character)
            let composed = text.precomposedStringWithCanonicalMapping
            if let single = composed.first, composed.count == 1, glyphs.shows(single) { return single }
            if let symbol = GlyphSet.substitutes[character], glyphs.shows(symbol) || symbol.isASCII { return symbol }
            for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars
            where !scalar.properties.isGraphemeExtend && glyphs.shows(Character(scalar)) {
                return Character(scalar)
            }
            return "?"
        }
        // Every scalar of the Basic Multilingual Plane alone, and each letter of the Latin, Greek and Cyrillic blocks with
        // each combining mark of U+0300–U+036F after it.
        var characters = (0x80..<0x10000).compactMap(Unicode.Scalar.init).map(Character.init)
        for base in (0x41...0x24F).compactMap(Unicode.Scalar.init) + (0x391...0x3C9).compactMap(Unicode.Scalar.init)
            + (0x410...0x44F).compactMap(Unicode.Scalar.init) where base.properties.isAlphabetic {
            for mark in (0x300...0x36F).compactMap(Unicode.Scalar.init) {
                characters.append(Character(String(base) + String(mark)))
            }
        }
        var mismatches: [String] = []
        for character in characters where glyphs.nearest(character) != byFoundation(character) {
            if mismatches.count < 20 { mismatches.append("\(character.unicodeScalars.map { String($0.value, radix: 16) }): \(glyphs.nearest(character)) ≠ \(byFoundation(character))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
