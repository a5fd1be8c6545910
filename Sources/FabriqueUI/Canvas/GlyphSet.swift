public import FabriqueCore
public import Foundation

/// The characters a terminal can show, when it cannot show them all: the Linux console's font has 528
/// (`Resources/console/Lat15-Fixed16.json`). A screen drawn for it keeps every character the font has
/// and shows any other with the nearest one it has — « Nguyễn » as « Nguyen », ► as ▶ — or `?`. Only what
/// is shown changes: records keep what was typed.
public struct GlyphSet: Sendable {
    private let scalars: Set<UInt32>
    /// The name of the font the set comes from.
    public let font: String

    /// A set of characters (tests, other fonts).
    public init(font: String, characters: String) {
        self.font = font
        scalars = Set(characters.unicodeScalars.map(\.value))
    }

    /// Reads a glyph file: `{"font": …, "glyphs": "<every character>"}`.
    public static func load(from url: URL) throws -> GlyphSet {
        let root = try JSONDocument(parsing: Data(contentsOf: url)).root
        guard case .object(let members) = root.kind,
              case .string(let font)? = members.first(where: { $0.key == "font" })?.value.kind,
              case .string(let glyphs)? = members.first(where: { $0.key == "glyphs" })?.value.kind else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return GlyphSet(font: font, characters: glyphs)
    }

    /// Whether the font shows `character` as it is (one scalar it has).
    public func shows(_ character: Character) -> Bool {
        let units = character.unicodeScalars
        return units.count == 1 && units.first.map { scalars.contains($0.value) } == true
    }

    /// Symbols the screens use that the console font lacks, and the glyph it has for each.
    private static let substitutes: [Character: Character] = [
        "►": "▶", "◄": "◀", "▸": "▶", "◂": "◀", "▀": "■", "▄": "■", "▌": "█", "▐": "█",
        "✓": "√", "✔": "√", "✕": "×", "✖": "×", "❯": "›", "❮": "‹", "⚠": "!", "★": "*", "☆": "*",
    ]

    /// The character shown in place of `character`: itself when the font has it; else its composed
    /// form, a like symbol, or its base letters without their accents; else `?`.
    public func nearest(_ character: Character) -> Character {
        if character.isASCII || shows(character) { return character }
        let text = String(character)
        let composed = text.precomposedStringWithCanonicalMapping
        if let single = composed.first, composed.count == 1, shows(single) { return single }
        if let symbol = Self.substitutes[character], shows(symbol) || symbol.isASCII { return symbol }
        // Letters without the marks the font lacks (ễ → e, Ǳ → D): the first scalar of the decomposition it has.
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars
        where !scalar.properties.isGraphemeExtend && scalars.contains(scalar.value) {
            return Character(scalar)
        }
        return "?"
    }
}
