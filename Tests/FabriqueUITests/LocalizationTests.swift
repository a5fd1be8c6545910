import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

@Suite("Language files")
struct LocalizationTests {
    @Test("every key the program uses is in every language file, with the same placeholders, and no other key")
    func complete() throws {
        let localization = try Localization.load(from: CatalogueFixture.languageURL)
        let french = localization[.fr]
        let english = localization[.en]
        let known = Set(StringKey.allCases.map(\.rawValue))
        #expect(french.keys == known, "\(french.keys.symmetricDifference(known))")
        #expect(english.keys == known, "\(english.keys.symmetricDifference(known))")
        for key in StringKey.allCases {
            #expect(french.placeholders(of: key) == english.placeholders(of: key), "\(key.rawValue)")
            #expect(!french.text(key).isEmpty && !english.text(key).isEmpty)
        }
    }

    @Test("placeholders are filled and unknown ones left visible")
    func placeholders() {
        let strings = Strings(language: .fr, table: ["toosmall.current": "Taille : {width} × {height} {other}"])
        #expect(strings.text(.toosmallCurrent, ["width": "60", "height": "20"]) == "Taille : 60 × 20 {other}")
        #expect(strings.text(.toosmallTitle) == "toosmall.title")
    }

    @Test("dates are written in full in French and English")
    func dates() {
        #expect(DateText.longDay(friday, .fr) == "vendredi 27 novembre 2026")
        #expect(DateText.longDay(friday, .en).contains("27 November 2026"))
        #expect(DateText.longDay(friday, .en).contains("Friday"))
    }

    @Test("problems read as file:line:column: severity : path : message")
    func problemLines() throws {
        let localization = try Localization.load(from: CatalogueFixture.languageURL)
        let problem = Problem(file: "/data/catalogue/permanences.json", location: TextPosition(line: 42, column: 16),
                              path: [.key("permanences"), .index(3), .key("start")], issue: .invalidTime("25:00"))
        #expect(ProblemText(strings: localization[.fr]).line(problem)
                == "/data/catalogue/permanences.json:42:16: erreur : permanences[3].start : heure invalide « 25:00 » (attendu HH:MM, de 00:00 à 24:00)")
        #expect(ProblemText(strings: localization[.en]).line(problem)
                == "/data/catalogue/permanences.json:42:16: error: permanences[3].start: invalid time “25:00” (expected HH:MM, from 00:00 to 24:00)")
        let missing = Problem(file: "/data/catalogue/needs.json", location: nil, issue: .missingFile)
        #expect(ProblemText(strings: localization[.fr]).line(missing) == "/data/catalogue/needs.json: erreur : fichier manquant")
        let control = Problem(file: "f.json", location: TextPosition(line: 1, column: 2), issue: .syntax(.unexpectedCharacter("\u{1B}")))
        #expect(ProblemText(strings: localization[.fr]).line(control) == "f.json:1:2: erreur : caractère inattendu « U+001B »")
    }
}
