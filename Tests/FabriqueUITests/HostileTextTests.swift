import FabriqueCore
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Testing

/// Text a visitor's keyboard (or a paste) can produce that trips software counting scalars: every
/// string is typed one scalar at a time, as the terminal delivers it.
let hardTexts: [String] = [
    "\u{1F1EB}\u{1F1F7}",                                 // a flag: two regional indicators, one character
    "\u{1F1EB}\u{1F1F7}\u{1F1E9}\u{1F1EA}\u{1F1EB}",      // flags and a lone indicator
    "👍\u{1F3FD}", "👋🏿 ok",                                // skin tones
    "👨\u{200D}👩\u{200D}👧\u{200D}👦", "🏳️\u{200D}🌈",       // ZWJ sequences
    "❤️", "☺︎",                                           // variation selectors
    "कि", "नमस्ते दुनिया", "ক্ষ",                             // Devanagari, Bengali conjuncts
    "e\u{301}te\u{301}", "a" + String(repeating: "\u{301}", count: 40),  // combining marks, stacked
    "\u{1100}\u{1161}\u{11A8}", "한국어",                   // Hangul jamo and syllables
    "ที่นี่ กำ",                                              // Thai with stacked marks
    "مرحبا بكم", "שָׁלוֹם",                                   // Arabic, Hebrew with points
    "\u{202E}evil\u{202C}", "\u{2066}x\u{2069}\u{200F}",   // bidi overrides and marks
    "ＡＢＣ漢字", "ｶﾀｶﾅ",                                     // full-width and half-width
    "\u{200B}\u{200C}\u{FEFF}\u{2060}",                    // zero-width characters
    "\t", "\u{1B}[31mred\u{1B}[0m", "\u{9B}2J", "\u{7}\u{8}\u{0}", // tab, escape sequences, C0/C1
    "\u{301}", "\u{200D}",                                 // a mark or joiner with nothing before it
    String(repeating: "ab", count: 5_000),                 // a 10,000-character paste
]

/// The free-text fields of every screen, each reached as a person would, ready for typing.
let textFields: [(name: String, open: @Sendable (DataFolder) throws -> Pilot)] = [
    ("quartier search", { try pilot(to: "quartier", folder: $0) }),
    ("first name", { try pilot(to: "contact", folder: $0) }),
    ("last name", { folder in var pilot = try pilot(to: "contact", folder: folder); pilot.press(.tab); return pilot }),
    ("e-mail", { folder in var pilot = try pilot(to: "contact", folder: folder); pilot.press(.tab, .tab, .tab); return pilot }),
    ("check-in code", { try pilot(to: "checkin", folder: $0) }),
    ("staff PIN", { folder in
        var pilot = try Pilot(dataFolder: folder, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        return pilot
    }),
    ("staff search", { folder in
        var pilot = try Pilot(dataFolder: folder, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter, .character("/"))
        return pilot
    }),
    ("walk-in first name", { folder in
        var pilot = try Pilot(dataFolder: folder, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .down, .enter, .character("n"))
        return pilot
    }),
]

@Suite("Hostile text")
struct HostileTextTests {
    @Test("a long search that matches no quartier is cut inside its quotes: the sentence ends on the screen, closing quote and all")
    func longSearchWithoutMatch() throws {
        let (_, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "quartier", folder: data)
        pilot.type("Zoë-क्षि👍🏽é李م가🇫🇷👨‍👩‍👧" + String(repeating: "李", count: 20))
        let line = pilot.screen.split(separator: "\n").first { $0.contains("Aucun quartier") }.map(String.init) ?? ""
        #expect(line.hasSuffix("… ».") && TextWidth.of(line) <= Size.minimum.width, "\(line)")
    }

    @Test("a flag typed as two scalars is one character: no crash, one backspace removes it")
    func flag() {
        var field = Self.field(limit: 40, typing: "\u{1F1EB}\u{1F1F7}")
        #expect(field.text == "🇫🇷" && field.text.count == 1 && field.cursor == 1)
        var canvas = Canvas(size: Size(width: 20, height: 1))
        let cursor = field.draw(on: &canvas, x: 0, y: 0, width: 10, focused: true)
        #expect(cursor.x == 2)  // two regional indicators, one column each, as ncurses counts them
        _ = field.handle(.backspace)
        #expect(field.text.isEmpty && field.cursor == 0)
    }

    @Test("a vowel sign joins the consonant before it, a skin tone the emoji before it")
    func joiningScalars() {
        var field = Self.field(limit: 40, typing: "aकि👍\u{1F3FD}b")
        #expect(Array(field.text) == ["a", "कि", "👍🏽", "b"])
        #expect(field.cursor == 4)
        _ = field.handle(.left)
        _ = field.handle(.backspace)
        #expect(field.text == "aकिb" && field.cursor == 2)
        // Typed in the middle, a mark joins the character before the cursor, and the cursor follows it.
        _ = field.handle(.left)
        _ = field.handle(.character("\u{301}"))
        #expect(field.text == "aक\u{301}िb" || field.text.count == 3)
        #expect(field.cursor <= field.text.count)
    }

    /// Types `text` into `field` one scalar at a time, as a terminal delivers a paste.
    static func typeScalars(_ text: String, into field: inout TextField) {
        for scalar in text.unicodeScalars { _ = field.handle(.character(Character(scalar))) }
    }

    /// A field of `limit` characters with `text` typed into it one scalar at a time.
    static func field(limit: Int, typing text: String) -> TextField {
        var field = TextField(limit: limit)
        typeScalars(text, into: &field)
        return field
    }

    @Test("a paste overflowing a full field leaves no skin tone or joiner on its last letter; emoji and Indic joins still work")
    func overflowingEmojiPaste() {
        let paste = String(repeating: "é", count: 8) + String(repeating: "👩🏽\u{200D}💻", count: 4)
        let field = Self.field(limit: 5, typing: paste)
        #expect(field.text == "ééééé")
        #expect(field.text.unicodeScalars.count == 5)
        // With room, the same scalars make the emoji, and a ZWJ after a virama (Devanagari) is kept.
        let roomy = Self.field(limit: 40, typing: "👩🏽\u{200D}💻 👍🏿 क्\u{200D}ष")
        #expect(roomy.text == "👩🏽\u{200D}💻 👍🏿 क्\u{200D}ष")
        // A skin tone or a joiner typed after a letter or a space is refused: it would ride on it.
        let letter = Self.field(limit: 40, typing: "a\u{1F3FD} \u{1F3FD}b\u{200D}")
        #expect(letter.text == "a b")
    }

    @Test("a paste cut at a full field leaves no mark or vowel sign from its rest on the field's last letter; a mark typed on a letter with room, or after a backspace, still joins it")
    func overflowingMarks() {
        let paste = "عبدالله किशोर e\u{301}\u{301}"
        let field = Self.field(limit: 5, typing: paste)
        #expect(field.text == "عبدال")
        #expect(field.text.unicodeScalars.count == 5)
        // The field full from typing, not from a refusal: an accent typed next joins the last letter.
        let typed = Self.field(limit: 5, typing: "abcde\u{301}")
        #expect(typed.text == "abcd\u{E9}")
        // After a refusal, a backspace makes room again, and a mark may join what is left.
        var again = Self.field(limit: 5, typing: "abcdex")
        _ = again.handle(.backspace)
        Self.typeScalars("\u{301}", into: &again)
        #expect(again.text == "abc\u{64}\u{301}")
    }

    @Test("every hard text typed into every text field of every screen: no crash, nothing past the field or the screen")
    func everyFieldEveryText() throws {
        var typed = 0
        for field in textFields {
            for text in hardTexts {
                let (folder, data) = try CatalogueFixture.dataFolder()
                var pilot = try field.open(data)
                let before = pilot.app.render(now: pilot.now)
                pilot.typeScalars(text)
                typed += 1
                let canvas = pilot.app.render(now: pilot.now)
                for line in canvas.lines { #expect(TextWidth.of(line) <= canvas.size.width, "\(field.name): \(line)") }
                if let cursor = canvas.cursor {
                    #expect(cursor.x >= 0 && cursor.x < canvas.size.width, "\(field.name) cursor \(cursor)")
                }
                // The frame around the body is intact: nothing drawn through it.
                #expect(canvas.line(1) == before.line(1), "\(field.name) with \(text.unicodeScalars.count) scalars")
                #expect(!canvas.text.contains("\u{1B}") && !canvas.text.contains("\u{202E}"))
                // Backspace until empty, then the screen is as it was.
                for _ in 0..<(text.count + 2) { pilot.press(.backspace) }
                _ = folder
            }
        }
        print("hostile text: \(hardTexts.count) strings × \(textFields.count) fields = \(typed) typed, one scalar a key")
    }

    @Test("thousands of random scalar sequences keep every field's invariants", arguments: [20261128])
    func randomScalars(seed: UInt64) {
        var generator = SplitMix64(state: seed)
        // Scalars from the ranges that matter: ASCII, Latin, marks, joiners, Indic, Hangul, CJK, emoji, controls.
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x24F, 0x300...0x36F, 0x900...0x97F, 0xE00...0xE7F,
                                             0x1100...0x11FF, 0x200B...0x206F, 0x3000...0x30FF, 0xAC00...0xAC40,
                                             0xFE00...0xFE0F, 0xFF00...0xFF60, 0x1F1E6...0x1F1FF, 0x1F300...0x1F6FF]
        let keys: [Key] = [.backspace, .delete, .left, .right, .home, .end]
        var sequences = 0
        var scalars = 0
        for _ in 0..<3_000 {
            var field = TextField(limit: Int.random(in: 1...40, using: &generator))
            for _ in 0..<Int.random(in: 1...30, using: &generator) {
                if Int.random(in: 0..<5, using: &generator) == 0 {
                    _ = field.handle(keys[Int.random(in: 0..<keys.count, using: &generator)])
                    continue
                }
                let range = ranges[Int.random(in: 0..<ranges.count, using: &generator)]
                guard let scalar = Unicode.Scalar(UInt32.random(in: range, using: &generator)) else { continue }
                _ = field.handle(.character(Character(scalar)))
                scalars += 1
            }
            sequences += 1
            #expect(field.cursor >= 0 && field.cursor <= field.text.count)
            #expect(field.text.count <= field.limit)
            #expect(field.text.allSatisfy { TextWidth.of($0) > 0 })
            #expect(field.text.unicodeScalars.allSatisfy { scalar in
                scalar.value >= 0x20 && !(0x7F..<0xA0).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value)
                    && !(0x2066...0x2069).contains(scalar.value)
            })
            let width = Int.random(in: 1...20, using: &generator)
            var canvas = Canvas(size: Size(width: 30, height: 1))
            canvas.write(String(repeating: "#", count: 30), x: 0, y: 0)
            let cursor = field.draw(on: &canvas, x: 5, y: 0, width: width, focused: true)
            // Cells outside the field are untouched (compared cell by cell: joined as a string, a mark
            // would merge with the "#" before it).
            for x in Array(0..<5) + Array((5 + width)..<30) { #expect(canvas[x, 0].character == "#", "column \(x)") }
            #expect(cursor.x >= 5 && cursor.x < 5 + width)
        }
        print("hostile text: \(sequences) random sequences, \(scalars) scalars typed (seed \(seed))")
    }

    @Test("a storm of 11,000 random keys, clicks, resizes down to 1×1 and idle jumps never ends the kiosk", arguments: [20261129])
    func eventStorm(seed: UInt64) throws {
        var generator = SplitMix64(state: seed)
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try Pilot(dataFolder: data, now: friday)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .tab, .backTab, .backspace, .delete, .home, .end,
                           .pageUp, .pageDown, .unknown] + (1...12).map { .function($0) }
        var counts = (keys: 0, clicks: 0, resizes: 0, characters: 0)
        for _ in 0..<11_000 {
            switch Int.random(in: 0..<20, using: &generator) {
            case 0:
                pilot.send(.resize(Size(width: Int.random(in: 1...200, using: &generator), height: Int.random(in: 1...60, using: &generator))))
                counts.resizes += 1
            case 1:
                pilot.send(.click(Point(x: Int.random(in: -2...200, using: &generator), y: Int.random(in: -2...60, using: &generator))))
                counts.clicks += 1
            case 2:
                pilot.jump(seconds: Double(Int.random(in: 0...200, using: &generator)))
                pilot.send(.tick)
            case 3...9:
                pilot.press(keys[Int.random(in: 0..<keys.count, using: &generator)])
                counts.keys += 1
            default:
                let value = UInt32.random(in: 0x20...0x1F9FF, using: &generator)
                if let scalar = Unicode.Scalar(value) { pilot.press(.character(Character(scalar))) }
                counts.characters += 1
            }
            if Int.random(in: 0..<50, using: &generator) == 0 {
                let canvas = pilot.app.render(now: pilot.now)
                for line in canvas.lines { #expect(TextWidth.of(line) <= canvas.size.width) }
                if let cursor = canvas.cursor { #expect(cursor.x < canvas.size.width && cursor.y < canvas.size.height) }
            }
        }
        print("hostile text: storm of \(counts.keys) keys, \(counts.characters) characters, \(counts.clicks) clicks, \(counts.resizes) resizes (seed \(seed)): the kiosk still runs")
        _ = folder
    }
}
