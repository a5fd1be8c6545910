public import FoundationEssentials

/// A position in a text file, both counted from 1; columns count characters, not bytes.
public struct TextPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Line number, from 1.
    public var line: Int
    /// Column number in Unicode scalars, from 1.
    public var column: Int

    /// Creates a location.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: TextPosition, b: TextPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// One step in a path through a JSON document: an object key or an array index.
public enum JSONPathComponent: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case index(Int)

    /// The component named by a `CodingKey` from a decoding error or a decoder's coding path.
    public init(_ key: any CodingKey) {
        if let index = key.intValue { self = .index(index) } else { self = .key(key.stringValue) }
    }

    public var description: String {
        switch self {
        case .key(let key): return key
        case .index(let index): return "[\(index)]"
        }
    }
}

/// A path through a JSON document, from its root.
public typealias JSONPath = [JSONPathComponent]

/// A parsed JSON value that remembers where each part of it stands in the source text.
public struct JSONNode: Sendable {
    /// An object member with the location of its key.
    public struct Member: Sendable {
        public var key: String
        public var keyLocation: TextPosition
        public var value: JSONNode
    }

    /// What kind of value the node holds.
    public enum Kind: Sendable {
        case object([Member])
        case array([JSONNode])
        case string(String)
        case number(String)
        case bool(Bool)
        case null
    }

    /// Where the value starts.
    public var location: TextPosition
    /// The value.
    public var kind: Kind

    /// The child reached by one path component, if there is one.
    public func child(_ component: JSONPathComponent) -> JSONNode? {
        switch (kind, component) {
        case (.object(let members), .key(let key)):
            return members.last(where: { $0.key == key })?.value
        case (.array(let items), .index(let index)):
            return items.indices.contains(index) ? items[index] : nil
        default:
            return nil
        }
    }

    /// The location of the deepest node along `path`: the value itself when it exists, else the
    /// nearest enclosing value (where a missing field would have to be added).
    public func location(of path: JSONPath) -> TextPosition {
        var node = self
        for component in path {
            guard let next = node.child(component) else { break }
            node = next
        }
        return node.location
    }
}

/// Why a JSON text could not be parsed.
public enum JSONSyntaxIssue: Sendable, Hashable {
    case unexpectedEnd
    case unexpectedCharacter(String)
    case unterminatedString
    case controlCharacterInString
    case invalidEscape
    case invalidNumber
    case trailingComma
    case missingComma
    case missingColon
    case expectedKey
    case trailingContent
    case invalidUTF8
    /// More than `JSONDocument.maximumDepth` nested arrays and objects.
    case tooDeep
}

/// A syntax error with the place it was found.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    public var issue: JSONSyntaxIssue
    public var location: TextPosition

    /// Creates the error.
    public init(issue: JSONSyntaxIssue, location: TextPosition) {
        self.issue = issue
        self.location = location
    }
}

/// A parsed JSON file: its root value and the keys that were given twice in one object.
public struct JSONDocument: Sendable {
    /// The root value.
    public var root: JSONNode
    /// Keys that appear more than once in one object, with the location of each repeat.
    public var duplicateKeys: [(path: JSONPath, key: String, location: TextPosition)]

    /// How deeply arrays and objects may nest (as Foundation's decoder allows); deeper is refused, not a crash.
    public static let maximumDepth = 512

    /// Parses strict JSON (RFC 8259), tracking line and column of every value.
    public init(parsing data: Data) throws(JSONSyntaxError) {
        var parser = Parser(bytes: [UInt8](data))
        self = try parser.parseDocument()
    }

    fileprivate init(root: JSONNode, duplicateKeys: [(path: JSONPath, key: String, location: TextPosition)]) {
        self.root = root
        self.duplicateKeys = duplicateKeys
    }

    /// The location of the value at `path`, or of its nearest existing parent.
    public func location(of path: JSONPath) -> TextPosition {
        root.location(of: path)
    }
}

// MARK: - Parser

private struct Parser {
    let bytes: [UInt8]
    var index = 0
    var line = 1
    var column = 1
    var duplicates: [(path: JSONPath, key: String, location: TextPosition)] = []
    var path: JSONPath = []
    var depth = 0

    /// The number of members up to which an object's keys are checked for repeats one by one.
    static let smallObject = 16

    init(bytes: [UInt8]) {
        self.bytes = bytes
        // A byte-order mark from a Windows editor is not part of the JSON text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    var location: TextPosition { TextPosition(line: line, column: column) }
    var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes do not start a character: the column counts characters.
            column += 1
        }
    }

    func fail(_ issue: JSONSyntaxIssue, at location: TextPosition? = nil) -> JSONSyntaxError {
        JSONSyntaxError(issue: issue, location: location ?? self.location)
    }

    mutating func skipWhitespace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            advance()
        }
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONDocument {
        guard String(validating: bytes[index...], as: UTF8.self) != nil else {
            throw invalidUTF8Location()
        }
        skipWhitespace()
        let root = try parseValue()
        skipWhitespace()
        if current != nil { throw fail(.trailingContent) }
        return JSONDocument(root: root, duplicateKeys: duplicates)
    }

    /// Finds where the first invalid UTF-8 sequence starts, for the error message.
    mutating func invalidUTF8Location() -> JSONSyntaxError {
        var decoder = UTF8()
        var iterator = bytes[index...].makeIterator()
        var line = self.line
        var column = self.column
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput, .error:
                break loop
            }
        }
        return JSONSyntaxError(issue: .invalidUTF8, location: TextPosition(line: line, column: column))
    }

    mutating func parseValue() throws(JSONSyntaxError) -> JSONNode {
        guard let byte = current else { throw fail(.unexpectedEnd) }
        let start = location
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return JSONNode(location: start, kind: .string(try parseString()))
        case UInt8(ascii: "t"): try expectWord("true"); return JSONNode(location: start, kind: .bool(true))
        case UInt8(ascii: "f"): try expectWord("false"); return JSONNode(location: start, kind: .bool(false))
        case UInt8(ascii: "n"): try expectWord("null"); return JSONNode(location: start, kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONNode(location: start, kind: .number(try parseNumber()))
        default:
            throw fail(.unexpectedCharacter(characterAtIndex()))
        }
    }

    func characterAtIndex() -> String {
        var end = index + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: bytes[index..<min(end, bytes.count)], as: UTF8.self)
    }

    mutating func expectWord(_ word: String) throws(JSONSyntaxError) {
        for expected in word.utf8 {
            guard let byte = current else { throw fail(.unexpectedEnd) }
            guard byte == expected else { throw fail(.unexpectedCharacter(characterAtIndex())) }
            advance()
        }
    }

    mutating func parseObject() throws(JSONSyntaxError) -> JSONNode {
        let start = location
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONDocument.maximumDepth else { throw fail(.tooDeep) }
        advance()  // {
        var members: [JSONNode.Member] = []
        var seen = Set<String>()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return JSONNode(location: start, kind: .object(members))
        }
        while true {
            skipWhitespace()
            guard let byte = current else { throw fail(.unexpectedEnd) }
            guard byte == UInt8(ascii: "\"") else {
                throw fail(byte == UInt8(ascii: "}") && !members.isEmpty ? .trailingComma : .expectedKey)
            }
            let keyLocation = location
            let key = try parseString()
            // Most objects have a few members: comparing with each is cheaper than hashing; a large one
            // (a language file) gets a set.
            if members.count == Self.smallObject { seen = Set(members.map(\.key)) }
            let repeated = members.count < Self.smallObject ? members.contains { $0.key == key } : !seen.insert(key).inserted
            if repeated {
                duplicates.append((path: path, key: key, location: keyLocation))
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw fail(current == nil ? .unexpectedEnd : .missingColon)
            }
            advance()
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            members.append(JSONNode.Member(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "}"): advance(); return JSONNode(location: start, kind: .object(members))
            case nil: throw fail(.unexpectedEnd)
            default: throw fail(.missingComma)
            }
        }
    }

    mutating func parseArray() throws(JSONSyntaxError) -> JSONNode {
        let start = location
        depth += 1
        defer { depth -= 1 }
        guard depth <= JSONDocument.maximumDepth else { throw fail(.tooDeep) }
        advance()  // [
        var items: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return JSONNode(location: start, kind: .array(items))
        }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") { throw fail(.trailingComma) }
            path.append(.index(items.count))
            items.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): advance()
            case UInt8(ascii: "]"): advance(); return JSONNode(location: start, kind: .array(items))
            case nil: throw fail(.unexpectedEnd)
            default: throw fail(.missingComma)
            }
        }
    }

    mutating func parseString() throws(JSONSyntaxError) -> String {
        advance()  // opening quote
        var run = index  // start of the current run of plain bytes
        var text = ""
        func flush(_ parser: Parser, upTo end: Int, into text: inout String) {
            if end > run { text += String(decoding: parser.bytes[run..<end], as: UTF8.self) }
        }
        while true {
            guard let byte = current else { throw fail(.unterminatedString) }
            switch byte {
            case UInt8(ascii: "\""):
                flush(self, upTo: index, into: &text)
                advance()
                return text
            case UInt8(ascii: "\\"):
                flush(self, upTo: index, into: &text)
                let escapeStart = location
                advance()
                guard let escaped = current else { throw fail(.unterminatedString) }
                advance()
                switch escaped {
                case UInt8(ascii: "\""): text += "\""
                case UInt8(ascii: "\\"): text += "\\"
                case UInt8(ascii: "/"): text += "/"
                case UInt8(ascii: "b"): text += "\u{08}"
                case UInt8(ascii: "f"): text += "\u{0C}"
                case UInt8(ascii: "n"): text += "\n"
                case UInt8(ascii: "r"): text += "\r"
                case UInt8(ascii: "t"): text += "\t"
                case UInt8(ascii: "u"):
                    var unit = try parseHex4(escapeStart)
                    if (0xD800...0xDBFF).contains(unit) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard current == UInt8(ascii: "\\") else { throw fail(.invalidEscape, at: escapeStart) }
                        advance()
                        guard current == UInt8(ascii: "u") else { throw fail(.invalidEscape, at: escapeStart) }
                        advance()
                        let low = try parseHex4(escapeStart)
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail(.invalidEscape, at: escapeStart) }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(unit) else { throw fail(.invalidEscape, at: escapeStart) }
                    text.unicodeScalars.append(scalar)
                default:
                    throw fail(.invalidEscape, at: escapeStart)
                }
                run = index
            case 0x00..<0x20:
                throw fail(.controlCharacterInString)
            default:
                // The plain bytes up to the next quote, backslash or control character, in one go: a string
                // holds no line break, so only the column moves, by one a character (not a byte).
                var end = index
                var characters = 0
                while end < bytes.count {
                    let plain = bytes[end]
                    if plain == UInt8(ascii: "\"") || plain == UInt8(ascii: "\\") || plain < 0x20 { break }
                    if plain & 0xC0 != 0x80 { characters += 1 }
                    end += 1
                }
                index = end
                column += characters
            }
        }
    }

    mutating func parseHex4(_ escapeStart: TextPosition) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw fail(.unterminatedString) }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(.invalidEscape, at: escapeStart)
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let startIndex = index
        let start = location
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { (0x30...0x39).contains($0) } ?? false }
        if current == UInt8(ascii: "-") { advance() }
        guard isDigit(current) else { throw fail(.invalidNumber, at: start) }
        if current == UInt8(ascii: "0") {
            advance()
            if isDigit(current) { throw fail(.invalidNumber, at: start) }
        } else {
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: ".") {
            advance()
            guard isDigit(current) else { throw fail(.invalidNumber, at: start) }
            while isDigit(current) { advance() }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard isDigit(current) else { throw fail(.invalidNumber, at: start) }
            while isDigit(current) { advance() }
        }
        return String(decoding: bytes[startIndex..<index], as: UTF8.self)
    }
}
