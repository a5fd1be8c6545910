import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Data folder and text cleaning")
struct SupportTests {
    @Test("folding one scalar at a time gives what folding the whole text gives",
          arguments: ["Œuvray-Nguyễn", "ZOÉ", "Zoe\u{301}", "Mæl Ærøe", "Straße", "İlkay Şahin", "Çağla Öztürk",
                      "محمد بن عبد الله", "Ωμέγα Σίσυφος", "Jean-Étienne d'Orléans", "  --  ", "Bellevue-Savary (Trélazé)",
                      "Ｆｕｌｌｗｉｄｔｈ", "ǅemal", "Ñúñez", "Ŀuís", "", "A\u{0}B\u{1B}[31m"])
    func foldingByScalar(_ text: String) {
        let whole = UnicodeTables.foldedByFoundation(text)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
        #expect(TextFolding.fold(text) == whole)
    }

    @Test("width is folded too: letters typed full width find their names, half-width katakana the full-width ones")
    func widthFolded() {
        #expect(TextFolding.fold("ＳＡＩＮＴ－ＡＵＢＩＮ") == TextFolding.fold("Saint-Aubin"))
        #expect(TextFolding.fold("Ｅｃｏｌｅ ２") == "ecole 2")
        #expect(TextFolding.fold("ｶﾀｶﾅ") == TextFolding.fold("カタカナ"))
        #expect(TextFolding.holds(TextFolding.fold("Hauts-de-Saint-Aubin"), TextFolding.fold("ｓａｉｎｔ")))
    }

    @Test("--data wins, then FABRIQUE_DATA, then XDG_DATA_HOME, then ~/.local/share")
    func dataFolderPrecedence() {
        let environment = ["FABRIQUE_DATA": "/srv/env", "XDG_DATA_HOME": "/xdg", "HOME": "/home/accueil"]
        #expect(DataFolder.resolve(option: "/srv/option", environment: environment).url.path == "/srv/option")
        #expect(DataFolder.resolve(option: nil, environment: environment).url.path == "/srv/env")
        var noData = environment
        noData["FABRIQUE_DATA"] = nil
        #expect(DataFolder.resolve(option: nil, environment: noData).url.path == "/xdg/fabrique")
        noData["XDG_DATA_HOME"] = "relative/ignored"
        #expect(DataFolder.resolve(option: nil, environment: noData).url.path == "/home/accueil/.local/share/fabrique")
        noData["XDG_DATA_HOME"] = nil
        #expect(DataFolder.resolve(option: "", environment: noData).url.path == "/home/accueil/.local/share/fabrique")
    }

    @Test("escape sequences and control characters are removed, letters kept")
    func sanitizer() {
        #expect(TextSanitizer.clean("Zoé\u{1B}[2J\u{1B}[31m N'Diaye") == "Zoé N'Diaye")
        #expect(TextSanitizer.clean("  Ali\tBen\u{0}\u{7}  ") == "Ali Ben")
        #expect(TextSanitizer.clean("\u{1B}]0;title\u{07}Léa") == "Léa")
        #expect(TextSanitizer.clean("abc\u{202E}def") == "abcdef")
        #expect(TextSanitizer.clean("RTL\u{061C}x\u{200F}\u{2066}y") == "RTLxy")
        #expect(TextSanitizer.clean("\u{2028}Ana\u{2028}\u{2029}Lou\u{2029}") == "Ana Lou")
        #expect(TextSanitizer.clean("Ŝtefan 李 Øyvind") == "Ŝtefan 李 Øyvind")
        #expect(TextSanitizer.visible("\u{1B}") == "U+001B")
    }
}
