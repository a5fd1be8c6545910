public import FoundationEssentials

/// The result of reading a catalogue folder: the catalogue when every file could be read, and
/// every problem found, errors first.
public struct CatalogueReport: Sendable {
    /// The catalogue, when every file parsed and decoded (it may still have semantic errors).
    public let catalogue: Catalogue?
    /// Every problem, sorted by file, then by place in the file.
    public let problems: [Problem]
    /// The folder that was read.
    public let folder: URL

    /// True when nothing stops the program from using the catalogue.
    public var isUsable: Bool { catalogue != nil && !problems.contains { $0.severity == .error } }

    /// The errors only.
    public var errors: [Problem] { problems.filter { $0.severity == .error } }
}

/// Reads and checks a catalogue folder.
public enum CatalogueLoader {
    /// Reads every catalogue file in `folder`, reporting syntax, type and reference problems (and, with
    /// `gaps`, the needs some visitors can never be helped with).
    public static func load(from folder: URL, gaps: Bool = false) -> CatalogueReport {
        var problems: [Problem] = []
        var documents: [CatalogueFile: (path: String, document: JSONDocument)] = [:]
        var notes: [CatalogueFile: LocalizedText] = [:]

        /// The file's bytes and parsed text; nil after reporting why not (or, for an absent optional file, silently).
        func document(_ file: CatalogueFile) -> (document: JSONDocument, path: String)?? {
            let url = folder.appendingPathComponent(file.fileName)
            let path = url.path
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                let missing = !FileManager.default.fileExists(atPath: path)
                if missing && file.isOptional { return .some(nil) }
                problems.append(Problem(file: path, location: nil,
                                        issue: missing ? .missingFile : .unreadableFile(SystemText.reason(error))))
                return nil
            }
            let parsed: JSONDocument
            do {
                parsed = try JSONDocument(parsing: data)
            } catch {
                problems.append(Problem(file: path, location: error.location, issue: .syntax(error.issue)))
                return nil
            }
            documents[file] = (path, parsed)
            for field in KnownFields.unknown(in: parsed, of: file) {
                problems.append(Problem(file: path, location: field.location, path: field.path,
                                        issue: .unknownField(field.key)))
            }
            // A text with a control character would reach the staff's terminal or a spreadsheet as a command.
            for node in Self.texts(in: parsed.root) where TextSanitizer.hasControl(node.text) {
                problems.append(Problem(file: path, location: node.location, path: node.path,
                                        issue: .controlCharacter(TextSanitizer.visible(node.text))))
            }
            for duplicate in parsed.duplicateKeys {
                problems.append(Problem(file: path, location: duplicate.location,
                                        path: duplicate.path + [.key(duplicate.key)],
                                        issue: .duplicateKey(duplicate.key)))
            }
            return .some((parsed, path))
        }

        // Files that could not be read whole: their problems are all reported, and what the rest of the
        // catalogue says of them is not checked (its ids are not all known). With any, the catalogue
        // is not used.
        var incomplete: Set<CatalogueFile> = []
        // For each file, the position in the file of each item kept: a finding on the n-th item kept is
        // placed on the item it came from.
        var positions: [CatalogueFile: [Int]] = [:]

        func read<Item: CatalogueEntry>(_ type: Item.Type) -> [Item] {
            let file = Item.catalogueFile
            guard let found = document(file) else {
                incomplete.insert(file)
                return []
            }
            guard let (document, path) = found else { return [] }
            do {
                // Item by item: every broken item is reported in this one run, and the others are kept.
                // Decoded from the tree just parsed: one parse per file, no JSONDecoder at start.
                let list = try JSONNodeDecoder.decode(ListFile<Item>.self, from: document.root)
                if let note = list.note { notes[file] = note }
                var items: [Item] = []
                for (index, attempt) in list.attempts.enumerated() {
                    switch attempt.result {
                    case .success(let item):
                        items.append(item)
                        positions[file, default: []].append(index)
                    case .failure(let error):
                        problems.append(problem(decoding: error, file: path, document: document))
                        incomplete.insert(file)
                    }
                }
                return items
            } catch {
                problems.append(problem(decoding: error, file: path, document: document))
                incomplete.insert(file)
                return []
            }
        }

        let sites = read(Site.self)
        let quartiers = read(Quartier.self)
        let needs = read(Need.self)
        let partners = read(Partner.self)
        let permanences = read(Permanence.self)
        let sessions = read(GroupSession.self)
        let closures = read(Closure.self)
        let absences = read(PartnerAbsence.self)
        /// The one object of an optional file, with its note: `.absent` when there is no such file; nil
        /// (the file then incomplete, its problem reported) when it cannot be read.
        func single<File: NotedFile>(_ type: File.Type) -> Single<File>? {
            let file = File.catalogueFile
            switch document(file) {
            case .some(.some(let found)):
                do {
                    let decoded = try JSONNodeDecoder.decode(File.self, from: found.document.root)
                    if let note = decoded.note { notes[file] = note }
                    return .found(decoded)
                } catch {
                    problems.append(problem(decoding: error, file: found.path, document: found.document))
                    incomplete.insert(file)
                    return nil
                }
            case .some(.none): return .absent
            case .none:
                incomplete.insert(file)
                return nil
            }
        }
        var rules = BookingRules.standard
        if case .found(let file) = single(RulesFile.self) { rules = file.rules }
        var territory: Territory?
        switch single(TerritoryFile.self) {
        case .found(let file): territory = file.territory
        case .absent:
            // Older catalogues have no such file: the kiosk runs, and says whose screens these are not.
            problems.append(Problem(file: folder.appendingPathComponent(CatalogueFile.territory.fileName).path,
                                    location: nil, issue: .territoryMissing))
        case nil: break
        }

        // Texts visitors read must exist in both languages the kiosk offers.
        for (file, entry) in documents {
            for node in Self.singleLanguageTexts(in: entry.document.root, of: file) {
                problems.append(Problem(file: entry.path, location: node.location, path: node.path, issue: .oneLanguageOnly))
            }
        }

        let built = Catalogue(sites: sites, quartiers: quartiers, needs: needs, partners: partners,
                              permanences: permanences, sessions: sessions, closures: closures,
                              absences: absences, rules: rules, territory: territory, notes: notes)
        /// `path` with the index of a kept item replaced by its index in the file.
        func placed(_ path: JSONPath, in file: CatalogueFile) -> JSONPath {
            guard path.count > 1, case .index(let kept) = path[1], let found = positions[file], found.indices.contains(kept) else { return path }
            var moved = path
            moved[1] = .index(found[kept])
            return moved
        }
        /// The strings a file's text holds at `pattern`; nil when the file could not be parsed at all.
        func declared(_ file: CatalogueFile, _ patterns: [String]...) -> Set<String>? {
            guard let entry = documents[file] else {
                let absent = !FileManager.default.fileExists(atPath: folder.appendingPathComponent(file.fileName).path)
                return absent && file.isOptional ? [] : nil
            }
            // Without its list, a file declares nothing that can be trusted: its references go unchecked.
            guard case .array = entry.document.root.child(.key(file.listKey))?.kind else { return nil }
            return Set(patterns.flatMap { Self.nodes(in: entry.document.root, at: $0).compactMap(\.text) })
        }
        let ids = CatalogueValidator.DeclaredIDs(
            sites: declared(.sites, ["sites", "*", "id"]), partners: declared(.partners, ["partners", "*", "id"]),
            services: declared(.partners, ["partners", "*", "services", "*", "id"]), needs: declared(.needs, ["needs", "*", "id"]),
            offered: declared(.permanences, ["permanences", "*", "services", "*"])
                .flatMap { permanences in declared(.sessions, ["sessions", "*", "service"]).map { permanences.union($0) } })
        for finding in CatalogueValidator.check(built, declared: ids) + (gaps && incomplete.isEmpty ? CatalogueValidator.gaps(built) : []) {
            let entry = documents[finding.file]
            let path = placed(finding.path, in: finding.file)
            var issue = finding.issue
            if case .duplicateID(let id, _) = issue, let related = finding.related, let entry {
                issue = .duplicateID(id, firstLine: entry.document.location(of: placed(related, in: finding.file)).line)
            }
            problems.append(Problem(file: entry?.path ?? folder.appendingPathComponent(finding.file.fileName).path,
                                    location: entry?.document.location(of: path),
                                    path: path, issue: issue))
        }
        let catalogue: Catalogue? = incomplete.isEmpty ? built : nil
        return CatalogueReport(catalogue: catalogue, problems: sortProblems(problems), folder: folder)
    }

    static func sortProblems(_ problems: [Problem]) -> [Problem] {
        let order = Dictionary(uniqueKeysWithValues: CatalogueFile.allCases.enumerated().map { ($1.fileName, $0) })
        func rank(_ problem: Problem) -> Int {
            order[URL(fileURLWithPath: problem.file).lastPathComponent] ?? order.count
        }
        return problems.enumerated().sorted { a, b in
            let left = a.element, right = b.element
            if rank(left) != rank(right) { return rank(left) < rank(right) }
            if left.file != right.file { return left.file < right.file }
            switch (left.location, right.location) {
            case let (l?, r?) where l != r: return l < r
            case (nil, _?): return true
            case (_?, nil): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)
    }

    /// Every text of a document (member names and string values), with where it stands.
    static func texts(in root: JSONNode) -> [(text: String, location: TextPosition, path: JSONPath)] {
        var found: [(text: String, location: TextPosition, path: JSONPath)] = []
        func walk(_ node: JSONNode, _ path: JSONPath) {
            switch node.kind {
            case .object(let members):
                for member in members {
                    found.append((member.key, member.keyLocation, path))
                    walk(member.value, path + [.key(member.key)])
                }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, path + [.index(index)]) }
            case .string(let text):
                found.append((text, node.location, path))
            case .number, .bool, .null:
                break
            }
        }
        walk(root, [])
        return found
    }

    /// Turns a decoding error into a problem placed at the value it concerns.
    static func problem(decoding error: any Error, file: String, document: JSONDocument) -> Problem {
        switch error {
        case let error as CatalogueValueError:
            return Problem(file: file, location: document.location(of: error.path), path: error.path, issue: error.issue)
        case let DecodingError.keyNotFound(key, context):
            let path = context.codingPath.map(JSONPathComponent.init)
            return Problem(file: file, location: document.location(of: path), path: path + [.key(key.stringValue)],
                           issue: .missingField(key.stringValue))
        case let DecodingError.typeMismatch(type, context):
            let path = context.codingPath.map(JSONPathComponent.init)
            return Problem(file: file, location: document.location(of: path), path: path,
                           issue: .wrongType(expected: valueType(of: type)))
        case let DecodingError.valueNotFound(type, context):
            let path = context.codingPath.map(JSONPathComponent.init)
            let isNull = document.root.descendant(path).map { if case .null = $0.kind { true } else { false } } ?? false
            return Problem(file: file, location: document.location(of: path), path: path,
                           issue: isNull ? .nullValue : .wrongType(expected: valueType(of: type)))
        case let DecodingError.dataCorrupted(context):
            let path = context.codingPath.map(JSONPathComponent.init)
            return Problem(file: file, location: document.location(of: path), path: path, issue: .invalidValue)
        default:
            return Problem(file: file, location: nil, issue: .unreadableFile(String(describing: error)))
        }
    }

    static func valueType(of type: Any.Type) -> Problem.ValueType {
        switch type {
        case is String.Type, is Substring.Type: return .text
        case is Int.Type: return .integer
        case is Double.Type, is Float.Type: return .number
        case is Bool.Type: return .boolean
        default:
            // Decoders name containers by their Swift type: `Array<Any>` for a list, a dictionary otherwise.
            return String(describing: type).hasPrefix("Array") ? .list : .object
        }
    }
}

extension JSONNode {
    /// The node at `path`, if every step exists.
    func descendant(_ path: JSONPath) -> JSONNode? {
        var node = self
        for component in path {
            guard let next = node.child(component) else { return nil }
            node = next
        }
        return node
    }
}

/// A type whose values make up the list of one catalogue file.
protocol CatalogueEntry: Decodable, Sendable {
    static var catalogueFile: CatalogueFile { get }
}

extension Site: CatalogueEntry { static var catalogueFile: CatalogueFile { .sites } }
extension Quartier: CatalogueEntry { static var catalogueFile: CatalogueFile { .quartiers } }
extension Need: CatalogueEntry { static var catalogueFile: CatalogueFile { .needs } }
extension Partner: CatalogueEntry { static var catalogueFile: CatalogueFile { .partners } }
extension Permanence: CatalogueEntry { static var catalogueFile: CatalogueFile { .permanences } }
extension GroupSession: CatalogueEntry { static var catalogueFile: CatalogueFile { .sessions } }
extension Closure: CatalogueEntry { static var catalogueFile: CatalogueFile { .closures } }
extension PartnerAbsence: CatalogueEntry { static var catalogueFile: CatalogueFile { .absences } }

/// `rules.json`: the booking rules as one object, with an optional note.
/// A file holding one object and an optional note (`rules.json`, `territory.json`).
protocol NotedFile: Decodable {
    static var catalogueFile: CatalogueFile { get }
    var note: LocalizedText? { get }
}

/// What an optional single-object file gave.
enum Single<File> {
    case found(File)
    case absent
}

struct RulesFile: NotedFile {
    static let catalogueFile = CatalogueFile.rules
    let note: LocalizedText?
    let rules: BookingRules

    private enum CodingKeys: String, CodingKey { case note, rules }
}

/// The shape shared by every catalogue file: an optional note and one named list, each item decoded
/// on its own so that one broken item does not hide the problems of the next.
struct ListFile<Item: CatalogueEntry>: Decodable {
    let note: LocalizedText?
    let attempts: [Attempt<Item>]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NamedKey.self)
        note = try container.decodeIfPresent(LocalizedText.self, forKey: NamedKey("note"))
        attempts = try container.decode([Attempt<Item>].self, forKey: NamedKey(Item.catalogueFile.listKey))
    }
}

/// One item of a list, or why it could not be decoded.
struct Attempt<Item: Decodable>: Decodable {
    let result: Result<Item, any Error>

    init(from decoder: any Decoder) throws {
        do {
            result = .success(try Item(from: decoder))
        } catch let error as DecodingError {
            result = .failure(error)
        } catch let error as CatalogueValueError {
            result = .failure(error)
        }
        // Anything else goes up, where the decoder names its place.
    }
}

extension CatalogueLoader {
    /// Where each text visitors read sits in a file: the paths, with `*` for any position in a list.
    static let visitorTexts: [CatalogueFile: [[String]]] = [
        .partners: [["partners", "*", "description"], ["partners", "*", "services", "*", "name"],
                    ["partners", "*", "services", "*", "pitch"], ["partners", "*", "services", "*", "bring", "*"],
                    ["partners", "*", "services", "*", "audience", "description"]],
        .needs: [["needs", "*", "label"], ["needs", "*", "explanation"]],
        .sessions: [["sessions", "*", "title"]],
        .closures: [["closures", "*", "name"]],
    ]

    /// The texts visitors read that a file gives as one plain string (one language) rather than
    /// `{"fr": …, "en": …}`. Names of places and quartiers are the same in both languages and are not among them.
    static func singleLanguageTexts(in root: JSONNode, of file: CatalogueFile) -> [(location: TextPosition, path: JSONPath)] {
        (visitorTexts[file] ?? []).flatMap { nodes(in: root, at: $0) }.filter { $0.text != nil }
            .map { ($0.location, $0.path) }.sorted { $0.0 < $1.0 }
    }

    /// The values at `pattern` (`*` for any position in a list), with their text when they are strings.
    static func nodes(in root: JSONNode, at pattern: [String]) -> [(location: TextPosition, path: JSONPath, text: String?)] {
        var found: [(location: TextPosition, path: JSONPath, text: String?)] = []
        func walk(_ node: JSONNode, _ pattern: ArraySlice<String>, _ path: JSONPath) {
            guard let step = pattern.first else {
                if case .string(let text) = node.kind { found.append((node.location, path, text)) } else { found.append((node.location, path, nil)) }
                return
            }
            switch node.kind {
            case .array(let items) where step == "*":
                for (index, item) in items.enumerated() { walk(item, pattern.dropFirst(), path + [.index(index)]) }
            case .object(let members):
                for member in members where member.key == step { walk(member.value, pattern.dropFirst(), path + [.key(step)]) }
            default:
                break
            }
        }
        walk(root, pattern[...], [])
        return found
    }
}
