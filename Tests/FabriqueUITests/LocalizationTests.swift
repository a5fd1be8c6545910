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
        // A brace never closed is kept once, with what came before it (it was doubled).
        let open = Strings(language: .fr, table: ["toosmall.current": "Taille : {width} × {height"])
        #expect(open.text(.toosmallCurrent, ["width": "60", "height": "20"]) == "Taille : 60 × {height")
        // The catalogue's network name fills a text that names it; a value given by the screen wins.
        let network = Strings(language: .fr, table: ["app.name": "Fabrique", "toosmall.current": "{network} {width}"])
        #expect(network.text(.toosmallCurrent, ["width": "60"]) == "Fabrique 60")
        #expect(network.text(.toosmallCurrent, ["network": "Autre", "width": "60"]) == "Autre 60")
    }

    @Test("language files read straight from the tree hold what the decoder reads, and a bad entry is named as before")
    func tableFromTree() throws {
        for language in Language.allCases {
            let data = try Data(contentsOf: CatalogueFixture.languageURL.appendingPathComponent("\(language.rawValue).json"))
            let root = try JSONDocument(parsing: data).root
            let table = try Strings.table(from: root)
            #expect(table.count > 600)
            #expect(table == (try JSONNodeDecoder.decode([String: String].self, from: root)))
        }
        let first = try Strings.table(from: JSONDocument(parsing: Data(#"{"a": "un", "b": "deux", "a": "trois"}"#.utf8)).root)
        #expect(first == ["a": "un", "b": "deux"])
        for broken in [#"{"a": "un", "b": 2}"#, #"["a"]"#, #"{"a": null}"#] {
            let root = try JSONDocument(parsing: Data(broken.utf8)).root
            var fast = ""
            var decoder = ""
            do { _ = try Strings.table(from: root) } catch { fast = "\(error)" }
            do { _ = try JSONNodeDecoder.decode([String: String].self, from: root) } catch { decoder = "\(error)" }
            #expect(!fast.isEmpty && fast == decoder, "\(broken)")
        }
    }

    @Test("dates are written in full in French and English, the same strings as ICU's for every day of 2017–2030")
    func dates() throws {
        let localization = try Localization.load(from: CatalogueFixture.languageURL)
        #expect(DateText.longDay(friday, localization[.fr]) == "vendredi 27 novembre 2026")
        #expect(DateText.longDay(friday, localization[.en]) == "Friday, 27 November 2026")
        // What the kiosk wrote before through Foundation's FormatStyle (ICU), now only here to compare with.
        let locales: [Language: Locale] = [.fr: Locale(identifier: "fr_FR"), .en: Locale(identifier: "en_GB")]
        var compared = 0
        var day = try #require(LocalDate("2017-01-01"))
        while day.year <= 2030 {
            // Noon: the Paris day whatever the offset.
            let instant = day.instant(at: try #require(LocalTime(hour: 12, minute: 0)))
            for language in Language.allCases {
                let base = Date.FormatStyle(date: .omitted, time: .omitted, locale: locales[language] ?? Locale(identifier: "fr_FR"),
                                            calendar: ICUParis.calendar, timeZone: ICUParis.timeZone)
                let long = Date.FormatStyle(date: .complete, time: .omitted, locale: base.locale, calendar: ICUParis.calendar, timeZone: ICUParis.timeZone)
                    .weekday(.wide).day(.defaultDigits).month(.wide).year(.defaultDigits)
                let short = base.weekday(.wide).day(.defaultDigits).month(.wide)
                let strings = localization[language]
                #expect(DateText.longDay(day, strings) == instant.formatted(long), "\(day) \(language)")
                #expect(DateText.dayWithoutYear(instant, strings) == instant.formatted(short), "\(day) \(language)")
                compared += 2
            }
            day = day.adding(days: 1)
        }
        #expect(compared == 5113 * 4)
        print("dates: \(compared) dates of 2017–2030 written from the language files equal ICU's, in French and English")
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

@Suite("Grammar in the language layer")
struct GrammarTests {
    @Test("ordinals, plurals and French elision come from one function each")
    func forms() {
        #expect(Grammar.ordinal(1, .fr) == "1er" && Grammar.ordinal(1, .fr, feminine: true) == "1re" && Grammar.ordinal(2, .fr) == "2e")
        #expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map { Grammar.ordinal($0, .en) }
            == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"])
        #expect(Grammar.isSingular(0, .fr) && Grammar.isSingular(1, .fr) && !Grammar.isSingular(2, .fr))
        #expect(!Grammar.isSingular(0, .en) && Grammar.isSingular(1, .en) && !Grammar.isSingular(2, .en))
        #expect(Grammar.of("Aldev", .fr) == "d'Aldev" && Grammar.of("Initiative Anjou", .fr) == "d'Initiative Anjou")
        #expect(Grammar.of("Émilie", .fr) == "d'Émilie" && Grammar.of("BGE", .fr) == "de BGE" && Grammar.of("Ahmed", .fr) == "d'Ahmed")
        #expect(Grammar.of("Yasmine", .fr) == "d'Yasmine" && Grammar.of("Hugo", .fr) == "de Hugo")
        #expect(Grammar.of("Œuvre d'Orient", .fr) == "d'Œuvre d'Orient" && Grammar.of("Ørsted", .fr) == "d'Ørsted")
        #expect(Grammar.of("Ｅcole", .fr) == "d'Ｅcole")
        #expect(Grammar.of("Æsa", .fr) == "d'Æsa" && Grammar.of("😀 Café", .fr) == "de 😀 Café" && Grammar.of("", .fr) == "de ")
        #expect(Grammar.of("Les Tanneries", .fr) == "des Tanneries" && Grammar.of("Le Lac", .fr) == "du Lac")
        #expect(Grammar.of("La Roseraie", .fr) == "de la Roseraie" && Grammar.of("L'Écluse", .fr) == "de l'Écluse")
        #expect(Grammar.of("Lesage", .fr) == "de Lesage" && Grammar.of("Les", .fr) == "de Les")
        let strings = Strings(language: .fr, table: ["staff.backlog": "{count} {count|rendez-vous passé|rendez-vous passés} {de:who} {ordinalf:n}"])
        #expect(strings.text(.staffBacklog, ["count": "1", "who": "Aldev", "n": "1"]) == "1 rendez-vous passé d'Aldev 1re")
        #expect(strings.text(.staffBacklog, ["count": "3", "who": "BGE", "n": "2"]) == "3 rendez-vous passés de BGE 2e")
        #expect(strings.placeholders(of: .staffBacklog) == ["count", "who", "n"])
    }

    /// Every template of a language file, by key.
    static func templates(_ language: Language) throws -> [String: String] {
        let data = try Data(contentsOf: CatalogueFixture.languageURL.appendingPathComponent("\(language.rawValue).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test("no template writes a grammar form by hand: « de {x} » before a name, « {n}e », « (s) », a count before a noun without its plural")
    func noHandMadeForms() throws {
        // Numbers and dates never take « d' », « rendez-vous » is the same in the plural, and a count
        // may be followed by a preposition ("3 of 10").
        let numeric: Set<String> = ["count", "slot", "window", "months", "number", "position", "of", "from", "to", "cutoff",
                                    "date", "day", "when", "width", "height", "minutes", "hours", "value", "step", "total", "seconds", "weeks"]
        for language in Language.allCases {
            for (key, template) in try Self.templates(language) {
                #expect(!template.contains("(s)"), "\(language) \(key): \(template)")
                var rest = Substring(template)
                while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                    let name = String(rest[rest.index(after: open)..<close])
                    let before = rest[..<open]
                    let after = rest[rest.index(after: close)...]
                    if language == .fr {
                        #expect(!(before.hasSuffix(" de ") || before.hasSuffix("'de ")) || numeric.contains(name),
                                "\(key): « de {\(name)} » takes {de:\(name)}")
                        #expect(!after.hasPrefix("e "), "\(key): an ordinal takes {ordinal:\(name)}")
                    }
                    // A count followed by a word: that word must come from a plural form.
                    if ["count", "walkIns", "tickets", "errors", "warnings", "remaining"].contains(name), after.hasPrefix(" "),
                       let word = after.dropFirst().split(separator: " ").first, word.first?.isLetter == true,
                       !word.hasPrefix("rendez-vous"), !["of", "out", "sur", "on"].contains(String(word)) {
                        Issue.record("\(language) \(key): « {\(name)} \(word) » takes {\(name)|one|several}")
                    }
                    rest = after
                }
            }
        }
    }
}
