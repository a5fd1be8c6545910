public import FabriqueCore
public import FoundationEssentials

/// The characters a terminal can show, when it cannot show them all: the Linux console's font has 528
/// (`Resources/console/Lat15-Fixed16.json`). A screen drawn for it keeps every character the font has
/// and shows any other with the nearest one it has — « Nguyễn » as « Nguyen », ► as ▶ — or `?`. Only what
/// is shown changes: records keep what was typed.
public struct GlyphSet: Sendable {
    private let scalars: Set<UInt32>
    /// Each glyph by itself as a `Character`: a character made of several scalars (e and U+0301) finds
    /// the composed glyph it equals (é), since characters compare by canonical equivalence.
    private let composed: [Character: Character]
    /// The name of the font the set comes from.
    public let font: String

    /// A set of characters (tests, other fonts).
    public init(font: String, characters: String) {
        self.font = font
        scalars = Set(characters.unicodeScalars.map(\.value))
        composed = Dictionary(characters.unicodeScalars.map { (Character($0), Character($0)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads a glyph file: `{"font": …, "glyphs": "<every character>"}`.
    public static func load(from url: URL) throws -> GlyphSet {
        let root = try JSONDocument(parsing: Data(contentsOf: url)).root
        guard case .object(let members) = root.kind,
              case .string(let font)? = members.first(where: { $0.key == "font" })?.value.kind,
              case .string(let glyphs)? = members.first(where: { $0.key == "glyphs" })?.value.kind else {
            throw CocoaError(.fileReadCorruptFile, userInfo: ["NSFilePath": url.path])
        }
        return GlyphSet(font: font, characters: glyphs)
    }

    /// Whether the font shows `character` as it is (one scalar it has).
    public func shows(_ character: Character) -> Bool {
        let units = character.unicodeScalars
        return units.count == 1 && units.first.map { scalars.contains($0.value) } == true
    }

    /// Each scalar's compatibility decomposition without its marks (`BaseLetterTable`, generated).
    static let baseLetters = ScalarMapping(scalars: BaseLetterTable.scalars, values: BaseLetterTable.values,
                                           expansions: BaseLetterTable.expansions)

    /// Symbols the screens use that the console font lacks, and the glyph it has for each.
    static let substitutes: [Character: Character] = [
        "►": "▶", "◄": "◀", "▸": "▶", "◂": "◀", "▀": "■", "▄": "■", "▌": "█", "▐": "█",
        "✓": "√", "✔": "√", "✕": "×", "✖": "×", "❯": "›", "❮": "‹", "⚠": "!", "★": "*", "☆": "*",
    ]

    /// The character shown in place of `character`: itself when the font has it; else its composed
    /// form, a like symbol, or its base letters without their accents; else `?`.
    public func nearest(_ character: Character) -> Character {
        if character.isASCII || shows(character) { return character }
        if let single = composed[character] { return single }
        if let symbol = Self.substitutes[character], shows(symbol) || symbol.isASCII { return symbol }
        // Letters without the marks the font lacks (ễ → e, Ǳ → D): the first scalar of the compatibility
        // decomposition it has.
        for scalar in character.unicodeScalars {
            for letter in Self.baseLetters.mapped(scalar) where !letter.properties.isGraphemeExtend && scalars.contains(letter.value) {
                return Character(letter)
            }
        }
        return "?"
    }
}
