public import FabriqueCore
public import FoundationEssentials
import Synchronization

/// The texts of one language, read from its language file (`lang/fr.json`).
public struct Strings: Sendable {
    /// The language these texts are in.
    public let language: Language
    let table: [String: String]
    /// Values any text may name whatever the screen: `{network}` and `{territory}`, from the catalogue
    /// (`placing`); until then the language file's network name (`app.name`) and no territory.
    private var common: [String: String]

    /// Creates a table from its entries (used by tests and by `load`).
    public init(language: Language, table: [String: String]) {
        self.language = language
        self.table = table
        common = ["network": table[StringKey.appName.rawValue] ?? "", "territory": ""]
    }

    /// The same texts naming the catalogue's network and territory (nil: the network's name from the
    /// language file, no territory).
    public func placing(_ territory: Territory?) -> Strings {
        var placed = self
        placed.common = ["network": territory?.network.text(language) ?? table[StringKey.appName.rawValue] ?? "",
                         "territory": territory?.name.text(language) ?? ""]
        return placed
    }

    /// The network's name, as the title bar and tickets say it.
    public var network: String { common["network"] ?? "" }

    /// The territory's name, empty when the catalogue names none.
    public var territory: String { common["territory"] ?? "" }

    /// Reads `<folder>/<language>.json`.
    public static func load(_ language: Language, from folder: URL) throws -> Strings {
        let data = try Data(contentsOf: folder.appendingPathComponent("\(language.rawValue).json"))
        // The project's own reader: JSONDecoder is not needed on the way to the first frame.
        return Strings(language: language, table: try table(from: JSONDocument(parsing: data).root))
    }

    /// The entries of a language file's object. Read straight from the tree: through `Decodable`, each of
    /// the thousand entries went through a generic container (9 % of the kiosk's start, issue 15); a file
    /// that is not an object of strings is handed to the decoder, whose error names the entry.
    public static func table(from root: JSONNode) throws -> [String: String] {
        guard case .object(let members) = root.kind else { return try JSONNodeDecoder.decode([String: String].self, from: root) }
        var table = [String: String](minimumCapacity: members.count)
        for member in members where table[member.key] == nil {
            guard case .string(let text) = member.value.kind else { return try JSONNodeDecoder.decode([String: String].self, from: root) }
            table[member.key] = text
        }
        return table
    }

    /// The text for `key` with `{name}` placeholders filled from `values`; a missing entry shows its key,
    /// so that the gap is visible rather than silent (a test keeps the files complete).
    public func text(_ key: StringKey, _ values: [String: String] = [:]) -> String {
        let template = table[key.rawValue] ?? key.rawValue
        // The caller's values first, then the common ones (a text is made at every key: no merged copy).
        return Strings.fill(template, with: values, then: common, language: language)
    }

    /// Replaces each `{name}` in `template` with `values[name]`, or else `common[name]`; unknown names are
    /// left as they are.
    static func fill(_ template: String, with values: [String: String], then common: [String: String] = [:],
                     language: Language) -> String {
        let braces = (open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
        let bytes = template.utf8
        // Braces are ASCII: found among the bytes, their indices are the text's own (no grapheme breaking).
        guard var open = bytes.firstIndex(of: braces.open), !(values.isEmpty && common.isEmpty) else { return template }
        var result = ""
        var rest = template.startIndex
        while true {
            guard let close = bytes[open...].firstIndex(of: braces.close) else { break }
            result += template[rest..<open]
            let name = String(template[bytes.index(after: open)..<close])
            if let value = Grammar.value(of: name, values, language) ?? Grammar.value(of: name, common, language) {
                result += value
            } else {
                result += template[open...close]
            }
            rest = bytes.index(after: close)
            guard let next = bytes[rest...].firstIndex(of: braces.open) else { break }
            open = next
        }
        return result + template[rest...]
    }

    /// The placeholder names used by an entry (for the completeness test).
    public func placeholders(of key: StringKey) -> Set<String> {
        guard let template = table[key.rawValue] else { return [] }
        var names = Set<String>()
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(Grammar.variable(in: String(rest[rest.index(after: open)..<close])))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The keys present in the file, including any the program does not know.
    public var keys: Set<String> { Set(table.keys) }

    /// Why the language file at `path` could not be read, placed as an editor wants it: `file:line:column: issue`.
    public static func failure(_ error: any Error, reading path: String) -> String {
        (error as? JSONSyntaxError).map { "\(path):\($0.location): \($0.issue)" } ?? "\(path): \(error)"
    }

    /// Whether no entry was read (a language file that could not be read gives an empty table).
    public var isEmpty: Bool { table.isEmpty }

    /// The texts the program uses that the file lacks (a screen would show their keys).
    public var missingKeys: [StringKey] { StringKey.allCases.filter { table[$0.rawValue] == nil } }

    /// What the file lacks, said for a log or an error (`746 texts missing: welcome.greeting, …`); nil
    /// when it has every text.
    public var missingTexts: String? {
        let missing = missingKeys
        guard !missing.isEmpty else { return nil }
        return "\(missing.count) texts missing: " + missing.prefix(5).map(\.rawValue).joined(separator: ", ")
    }
}

/// The texts of every language, so that a screen can switch language at once.
public struct Localization: Sendable {
    private let tables: [Language: Strings]
    /// The languages not read yet, read when a screen first asks for one (nil: all were read at once).
    private let shelf: LanguageShelf?
    /// The catalogue's names, for the texts the shelf reads later (see `placing`).
    private let territory: Territory?
    /// Whether `placing` was called, so that texts read later name the catalogue's network too.
    private let placed: Bool

    /// Reads every language file in `folder`, except the one `loaded` already holds.
    public static func load(from folder: URL, reusing loaded: Strings? = nil) throws -> Localization {
        var tables: [Language: Strings] = [:]
        for language in Language.allCases {
            if let loaded, loaded.language == language, !loaded.table.isEmpty {
                tables[language] = loaded
            } else {
                tables[language] = try Strings.load(language, from: folder)
            }
        }
        return Localization(tables: tables)
    }

    /// The kiosk's texts: `start`, the language it starts in, already read; every other language read
    /// from `folder` when a visitor first switches to it (a language file is a millisecond of the start
    /// that most visitors never need). A file that cannot be read then is told to `report`, and that
    /// language shows `start`'s texts rather than keys.
    public static func starting(with start: Strings, from folder: URL,
                                report: @escaping @Sendable (String) -> Void) -> Localization {
        Localization(tables: [start.language: start], shelf: LanguageShelf(folder: folder, report: report), territory: nil, placed: false)
    }

    /// Creates a localization from tables already read.
    public init(tables: [Language: Strings]) {
        self.init(tables: tables, shelf: nil, territory: nil, placed: false)
    }

    private init(tables: [Language: Strings], shelf: LanguageShelf?, territory: Territory?, placed: Bool) {
        self.tables = tables
        self.shelf = shelf
        self.territory = territory
        self.placed = placed
    }

    /// Every language's texts naming the catalogue's network and territory (see `Strings.placing`).
    public func placing(_ territory: Territory?) -> Localization {
        Localization(tables: tables.mapValues { $0.placing(territory) }, shelf: shelf, territory: territory, placed: true)
    }

    /// The texts of `language`: read at start, or from the shelf; the start language's when that file
    /// cannot be read; an empty table, showing keys, if no language was loaded at all.
    public subscript(language: Language) -> Strings {
        if let table = tables[language] { return table }
        if let shelf {
            if let read = shelf.strings(language) { return placed ? read.placing(territory) : read }
            if let start = tables.values.first { return start }
        }
        return Strings(language: language, table: [:])
    }
}

/// The language files a kiosk did not read at start, each read once, when first asked for.
final class LanguageShelf: Sendable {
    private let folder: URL
    private let report: @Sendable (String) -> Void
    /// What each language asked for gave: its texts, or nil when its file could not be read.
    private let read = Mutex<[Language: Strings?]>([:])

    init(folder: URL, report: @escaping @Sendable (String) -> Void) {
        self.folder = folder
        self.report = report
    }

    /// The texts of `language`, nil when its file cannot be read (said once to `report`).
    func strings(_ language: Language) -> Strings? {
        read.withLock { read in
            if let known = read[language] { return known }
            var loaded: Strings?
            let path = folder.appendingPathComponent("\(language.rawValue).json").path
            do {
                let strings = try Strings.load(language, from: folder)
                if let missing = strings.missingTexts {
                    // Keys on a visitor's screen (even on the key that switches back) are worse than French.
                    report("language file incomplete, its screens show the start language instead: \(path): \(missing)")
                } else {
                    loaded = strings
                }
            } catch {
                report("language file unreadable, its screens show the start language instead: \(Strings.failure(error, reading: path))")
            }
            read[language] = .some(loaded)
            return loaded
        }
    }
}
