import FoundationEssentials

/// How one kiosk runs, read from `settings.json` in the data folder; each value can be overridden by a flag.
public struct KioskSettings: Sendable, Hashable, Codable {
    /// The place this terminal stands in (default: the first of the catalogue).
    public var site: String?
    /// The language the kiosk starts in and returns to after each visitor.
    public var language: Language
    /// Seconds without a key before the kiosk wipes the screen and returns to the welcome screen.
    public var idleTimeoutSeconds: Int
    /// A command that receives each ticket on its standard input (`lp`), or nil to only write the file.
    public var printCommand: String?
    /// Draw only with the Linux console font's characters: true forces it on any terminal, false turns
    /// it off, nil (the default) leaves it to the terminal type (`TERM=linux`).
    public var consoleGlyphs: Bool?
    /// The receipt printer's width in columns (32, 42 or 48: 58 and 80 mm rolls), or nil for tickets
    /// laid out for an ordinary printer or screen.
    public var ticketWidth: Int?
    /// Whether each printed ticket ends with the receipt printer's cut command (ESC/POS `GS V`).
    public var ticketCut: Bool?

    /// The widths of receipt printers' lines (58 mm: 32, 80 mm: 42 or 48).
    public static let ticketWidths = [32, 42, 48]

    /// Seconds accepted for the idle timeout: long enough to read a screen, short enough that a
    /// visitor's answers do not wait an hour for the next person.
    public static let idleTimeoutRange = 10...3600

    /// The settings of a kiosk with no settings file.
    public init(site: String? = nil, language: Language = .fr, idleTimeoutSeconds: Int = 90,
                printCommand: String? = nil, consoleGlyphs: Bool? = nil, ticketWidth: Int? = nil, ticketCut: Bool? = nil) {
        self.consoleGlyphs = consoleGlyphs
        self.ticketWidth = ticketWidth
        self.ticketCut = ticketCut
        self.site = site
        self.language = language
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.printCommand = printCommand
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case site, language, idleTimeoutSeconds, printCommand, consoleGlyphs, ticketWidth, ticketCut
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = KioskSettings()
        site = try container.decodeIfPresent(String.self, forKey: .site)
        language = try container.decodeIfPresent(Language.self, forKey: .language) ?? defaults.language
        idleTimeoutSeconds = try container.decodeIfPresent(Int.self, forKey: .idleTimeoutSeconds) ?? defaults.idleTimeoutSeconds
        printCommand = try container.decodeIfPresent(String.self, forKey: .printCommand)
        consoleGlyphs = try container.decodeIfPresent(Bool.self, forKey: .consoleGlyphs)
        ticketWidth = try container.decodeIfPresent(Int.self, forKey: .ticketWidth)
        ticketCut = try container.decodeIfPresent(Bool.self, forKey: .ticketCut)
        // The shell would receive the command cut at a NUL (the C string ends there), take a line break
        // for a second command and pass other control characters on unseen: refused, not cut (a tab is
        // a blank like a space).
        if let printCommand, printCommand.unicodeScalars.contains(where: { scalar in
            (scalar.value < 0x20 && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
        }) {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.printCommand],
                                      issue: .controlCharacter(TextSanitizer.visible(printCommand)))
        }
        if let ticketWidth, !Self.ticketWidths.contains(ticketWidth) {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.ticketWidth],
                                      issue: .notOneOf("\(ticketWidth)", allowed: Self.ticketWidths.map { "\($0)" }))
        }
        guard Self.idleTimeoutRange.contains(idleTimeoutSeconds) else {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.idleTimeoutSeconds],
                                      issue: .outOfRange(value: "\(idleTimeoutSeconds)", range: Self.idleTimeoutRange.description))
        }
    }

    /// Whether screens keep to the console font's characters on a terminal of type `term`.
    public func usesConsoleGlyphs(term: String) -> Bool {
        consoleGlyphs ?? (term == "linux" || term.hasPrefix("linux-"))
    }

    /// Reads `settings.json` of a data folder; defaults when there is none; problems located as for the catalogue.
    public static func load(from folder: DataFolder) -> (settings: KioskSettings?, problems: [Problem]) {
        let url = folder.url.appendingPathComponent("settings.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return FileManager.default.fileExists(atPath: url.path)
                ? (nil, [Problem(file: url.path, location: nil, issue: .unreadableFile("permission"))])
                : (KioskSettings(), [])
        }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data)
        } catch {
            return (nil, [Problem(file: url.path, location: error.location, issue: .syntax(error.issue))])
        }
        var problems: [Problem] = []
        if case .object(let members) = document.root.kind {
            let known = Set(CodingKeys.allCases.map(\.rawValue))
            for member in members where !known.contains(member.key) {
                problems.append(Problem(file: url.path, location: member.keyLocation, path: [.key(member.key)],
                                        issue: .unknownField(member.key)))
            }
        }
        do {
            let settings = try JSONNodeDecoder.decode(KioskSettings.self, from: document.root)
            return (problems.isEmpty ? settings : nil, problems)
        } catch {
            let all = problems + [CatalogueLoader.problem(decoding: error, file: url.path, document: document)]
            return (nil, all.sorted { ($0.location ?? TextPosition(line: 0, column: 0)) < ($1.location ?? TextPosition(line: 0, column: 0)) })
        }
    }
}

extension Language {
    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
}
