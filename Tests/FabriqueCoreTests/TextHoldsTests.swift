import FabriqueCore
import Testing

// No Foundation here: `contains` is then the standard library's (`_StringProcessing`), the one
// `TextFolding.holds` stands in for on the kiosk's path; Foundation's compares otherwise.
@Suite("Substring search")
struct TextHoldsTests {
    @Test("a text holds a part as the standard library's String.contains finds it, Character by Character")
    func holdsAsContains() {
        let texts = ["aeiouy", "bellevue savary", "", "e\u{301}cole", "école", "👩🏽‍💻 code", "ab", "aab", "abab",
                     "monplaisir", "hauts de saint aubin", "नमस्ते", "한국어", "مرحبا", "ﬁn", "a\u{0}b"]
        let parts = ["", "a", "ae", "ea", "e", "é", "e\u{301}", "\u{301}", "👩🏽", "👩🏽‍💻", "ab", "aba", "bab", "saint",
                     "aint au", "स्ते", "국", "حب", "ﬁ", "fi", "\u{0}", "aeiouyz", "bellevue savary"]
        for text in texts {
            for part in parts {
                #expect(TextFolding.holds(text, part) == text.contains(part), "\(text) / \(part)")
            }
        }
    }
}
