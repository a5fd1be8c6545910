import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Strict JSON parsing with line and column")
struct JSONDocumentTests {
    func syntaxError(_ text: String) -> JSONSyntaxError? {
        do {
            _ = try JSONDocument(parsing: Data(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test("valid JSON keeps the place of every value")
    func locations() throws {
        let document = try JSONDocument(parsing: Data("{\n  \"a\": [1, {\"b\": \"é\"}],\n  \"c\": null\n}".utf8))
        #expect(document.location(of: [.key("a")]) == TextPosition(line: 2, column: 8))
        #expect(document.location(of: [.key("a"), .index(1), .key("b")]) == TextPosition(line: 2, column: 18))
        #expect(document.location(of: [.key("c")]) == TextPosition(line: 3, column: 8))
        // A missing field is placed at the object that should hold it.
        #expect(document.location(of: [.key("a"), .index(1), .key("missing")]) == TextPosition(line: 2, column: 12))
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() {
        let error = syntaxError("{\"nom\": \"Hélène — Ø\" x}")
        #expect(error == JSONSyntaxError(issue: .missingComma, location: TextPosition(line: 1, column: 22)))
    }

    @Test("each kind of hand-editing mistake is named at its place",
          arguments: [
            ("[1, 2,]", JSONSyntaxIssue.trailingComma, 1, 7),
            ("{\"a\": 1,\n}", .trailingComma, 2, 1),
            ("{\"a\": 1\n \"b\": 2}", .missingComma, 2, 2),
            ("{\"a\" 1}", .missingColon, 1, 6),
            ("{a: 1}", .expectedKey, 1, 2),
            ("{\"a\": \"open", .unterminatedString, 1, 12),
            ("{\"a\": [1, 2", .unexpectedEnd, 1, 12),
            ("{\"a\": tru}", .unexpectedCharacter("}"), 1, 10),
            ("{\"a\": 01}", .invalidNumber, 1, 7),
            ("{\"a\": \"x\\q\"}", .invalidEscape, 1, 9),
            ("{\"a\": \"line\nbreak\"}", .controlCharacterInString, 1, 12),
            ("{} {}", .trailingContent, 1, 4),
            ("{\"a\": 'x'}", .unexpectedCharacter("'"), 1, 7),
          ] as [(String, JSONSyntaxIssue, Int, Int)])
    func syntaxErrors(text: String, issue: JSONSyntaxIssue, line: Int, column: Int) {
        #expect(syntaxError(text) == JSONSyntaxError(issue: issue, location: TextPosition(line: line, column: column)))
    }

    @Test("invalid UTF-8 is reported where it starts")
    func invalidUTF8() {
        var bytes = Array("{\"a\":\n \"é".utf8)
        bytes.append(0xFF)
        bytes += Array("\"}".utf8)
        #expect(throws: JSONSyntaxError(issue: .invalidUTF8, location: TextPosition(line: 2, column: 4))) {
            try JSONDocument(parsing: Data(bytes))
        }
    }

    @Test("a byte-order mark is accepted, escapes and surrogate pairs are decoded")
    func bomAndEscapes() throws {
        let document = try JSONDocument(parsing: Data([0xEF, 0xBB, 0xBF] + Array("{\"a\": \"\\u00e9\\ud83d\\ude00\\n\"}".utf8)))
        guard case .string(let text)? = document.root.child(.key("a"))?.kind else {
            Issue.record("no string at a")
            return
        }
        #expect(text == "é😀\n")
    }

    @Test("deep nesting is refused, not a crash")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(syntaxError(deep) == JSONSyntaxError(issue: .tooDeep, location: TextPosition(line: 1, column: 513)))
        let fine = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(syntaxError(fine) == nil)
    }

    @Test("repeated keys are listed with their place")
    func duplicateKeys() throws {
        let document = try JSONDocument(parsing: Data("{\"a\": 1,\n \"a\": 2}".utf8))
        #expect(document.duplicateKeys.count == 1)
        #expect(document.duplicateKeys.first?.key == "a")
        #expect(document.duplicateKeys.first?.location == TextPosition(line: 2, column: 2))
    }
}

/// The tree decoder stands in for JSONDecoder on the way to the first frame: same values, and errors of
/// the same case at the same path (what the loaders turn into a line and column).
@Suite("Decoding from the parsed tree")
struct JSONNodeDecoderTests {
    struct Item: Codable, Equatable {
        var id: String
        var count: Int
        var share: Double?
        var open: Bool
        var tags: [String]
        var nested: [String: [Int]]?
        var note: String?
    }

    /// What a decoder gave: the value, or the error's case and path.
    enum Outcome: Equatable {
        case value([Item])
        case error(String, JSONPath)
    }

    static func outcome(_ decode: () throws -> [Item]) -> Outcome {
        do {
            return .value(try decode())
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context): return .error("keyNotFound \(key.stringValue)", context.codingPath.map(JSONPathComponent.init))
            case .typeMismatch(_, let context): return .error("typeMismatch", context.codingPath.map(JSONPathComponent.init))
            case .valueNotFound(_, let context): return .error("valueNotFound", context.codingPath.map(JSONPathComponent.init))
            case .dataCorrupted(let context): return .error("dataCorrupted", context.codingPath.map(JSONPathComponent.init))
            @unknown default: return .error("unknown", [])
            }
        } catch {
            return .error("other \(error)", [])
        }
    }

    @Test("values and errors are JSONDecoder's", arguments: [
        #"[{"id": "a", "count": 3, "share": 0.5, "open": true, "tags": ["x", "é"], "nested": {"k": [1, 2]}}]"#,
        #"[{"id": "a", "count": 3.0, "open": false, "tags": [], "note": null}, {"id": "b", "count": 1e2, "open": true, "tags": ["y"]}]"#,
        #"[{"id": "a", "count": 3, "open": true, "tags": []}, {"id": "b", "open": true, "tags": []}]"#,
        #"[{"id": "a", "count": "3", "open": true, "tags": []}]"#,
        #"[{"id": "a", "count": 3.5, "open": true, "tags": []}]"#,
        #"[{"id": "a", "count": 99999999999999999999, "open": true, "tags": []}]"#,
        #"[{"id": null, "count": 3, "open": true, "tags": []}]"#,
        #"[{"id": "a", "count": 3, "open": 1, "tags": []}]"#,
        #"[{"id": "a", "count": 3, "open": true, "tags": {"0": "x"}}]"#,
        #"[{"id": "a", "count": 3, "open": true, "tags": ["x", 2]}]"#,
        #"[{"id": "a", "count": 3, "open": true, "tags": [], "nested": {"k": [1, null]}}]"#,
        #"[{"id": "a", "count": 3, "open": true, "tags": [], "nested": []}]"#,
        #"{"id": "a"}"#,
        #"[[]]"#,
        #"[{"id": "a", "id": "b", "count": 3, "open": true, "tags": []}]"#,
    ])
    func sameAsJSONDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        let theirs = Self.outcome { try JSONDecoder().decode([Item].self, from: data) }
        let ours = Self.outcome { try JSONNodeDecoder.decode([Item].self, from: try JSONDocument(parsing: data).root) }
        // One difference, on purpose: a number that does not fit is placed at its field (JSONDecoder gives no path).
        if case .error("dataCorrupted", let path) = ours, theirs == .error("dataCorrupted", []) {
            #expect(path == [.index(0), .key("count")], "\(text)")
        } else {
            #expect(ours == theirs, "\(text)")
        }
    }

    @Test("the language files decode to the same tables as with JSONDecoder; the embedded catalogue loads through the tree")
    func embeddedFiles() throws {
        let languages = CatalogueFixture.languageURL
        for name in ["fr.json", "en.json"] {
            let data = try Data(contentsOf: languages.appendingPathComponent(name))
            #expect(try JSONNodeDecoder.decode([String: String].self, from: try JSONDocument(parsing: data).root)
                    == (try JSONDecoder().decode([String: String].self, from: data)))
        }
        let catalogue = try CatalogueFixture.defaultCatalogue()
        #expect(catalogue.partners.count > 5 && catalogue.permanences.count > 5)
    }
}

extension JSONNodeDecoderTests {
    @Test("a text of blanks only is empty, whatever Unicode blank it is made of; a --now value may be padded")
    func blankTexts() throws {
        func decode(_ text: String) -> LocalizedText? {
            try? JSONNodeDecoder.decode(LocalizedText.self, from: try JSONDocument(parsing: Data(text.utf8)).root)
        }
        #expect(decode(#"{"fr": "Bonjour", "en": "Hello"}"#) != nil)
        for blank in [#""  ""#, #""\n\t""#, #""\u00A0\u2003\u3000""#, #""\u2028""#] {
            let object = "{\"fr\": " + blank + ", \"en\": \"Hello\"}"
            #expect(decode(object) == nil, "\(object)")
            #expect(decode(blank) == nil, "\(blank)")
        }
        #expect(decode(#""\u200B""#) == nil, "a zero-width space is blank for Foundation too")
        #expect(decode(#""\u200C""#) != nil, "a zero-width non-joiner is not")
        #expect(InstantParser.parse(" \t2026-11-27T10:00:00+01:00 ") == InstantParser.parse("2026-11-27T10:00:00+01:00"))
        #expect(InstantParser.parse("2026-11-27T10:00:00+01:00") != nil && InstantParser.parse("\n2026-11-27T10:00:00") == nil)
    }
}

extension JSONNodeDecoderTests {
    @Test("Blank holds exactly the scalars Foundation's whitespacesAndNewlines holds, and trims as it does")
    func blankIsFoundations() {
        var differing: [UInt32] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if Blank.isBlank(scalar) != CharacterSet.whitespacesAndNewlines.contains(scalar) { differing.append(value) }
        }
        #expect(differing.isEmpty, "\(differing.map { String($0, radix: 16) })")
        for text in ["", " ", " a ", "\t\u{A0}a b\u{3000}", "\na\r\n", "\u{2028}x\u{2029}", "é ", " 😀 "] {
            #expect(String(Blank.trimmed(text)) == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(text.debugDescription)")
            #expect(String(Blank.trimmed(text, keepingLineBreaks: true)) == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
