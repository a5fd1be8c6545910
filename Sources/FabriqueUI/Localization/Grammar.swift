public import FabriqueCore

/// Forms that depend on a number or on the next word, chosen in the language layer so that templates
/// say them once: `{de:partner}` (French elision: « d'Aldev », « de BGE »), `{count|form for one|form
/// for several}` (`#` in a form is the number), `{ordinal:n}` and `{ordinalf:n}` (« 1er », « 1re », « 2e »; "1st", "2nd").
public enum Grammar {
    /// Whether `number` takes the singular: 0 and 1 in French, only 1 in English.
    public static func isSingular(_ number: Int, _ language: Language) -> Bool {
        switch language {
        case .fr: return abs(number) < 2
        case .en: return abs(number) == 1
        }
    }

    /// `number` as an ordinal: « 1er »/« 1re » then « 2e » in French, "1st", "2nd", "3rd", "4th", "11th" in English.
    public static func ordinal(_ number: Int, _ language: Language, feminine: Bool = false) -> String {
        switch language {
        case .fr:
            return number == 1 ? (feminine ? "1re" : "1er") : "\(number)e"
        case .en:
            let suffix: String
            switch (number % 10, number % 100) {
            case (_, 11...13): suffix = "th"
            case (1, _): suffix = "st"
            case (2, _): suffix = "nd"
            case (3, _): suffix = "rd"
            default: suffix = "th"
            }
            return "\(number)\(suffix)"
        }
    }

    /// "of `word`": in French « d' » before a vowel sound (a name beginning with a vowel, accented or not), else « de ».
    public static func of(_ word: String, _ language: Language) -> String {
        switch language {
        case .fr:
            // A name that starts with its article contracts with « de »: « des Tanneries », « du Lac ».
            for (article, contracted) in [("Les ", "des "), ("Le ", "du "), ("La ", "de la "), ("L'", "de l'"), ("L’", "de l’")]
            where word.hasPrefix(article) && word.count > article.count {
                return contracted + word.dropFirst(article.count)
            }
            // The first letter folded, then its first character: Œ folds to "oe", Æ to "ae".
            let first = TextFolding.fold(String(word.prefix(1))).first
            return (first.map { "aeiouyø".contains($0) } == true ? "d'" : "de ") + word
        case .en:
            return "of " + word
        }
    }

    /// The value of one placeholder: `name`, `de:name`, `ordinal:name`, `ordinalf:name` or `name|one|several`;
    /// nil when `values` has no value for its name.
    static func value(of placeholder: String, _ values: [String: String], _ language: Language) -> String? {
        // A plain name (most placeholders): nothing to split.
        if !placeholder.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: ":") }) { return values[placeholder] }
        let forms = placeholder.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        let name = variable(in: placeholder)
        guard let value = values[name] else { return nil }
        if forms.count == 3 {
            // `#` in a form stands for the number, as in ICU's plural messages: « plus de # semaines ».
            let number = Int(value) ?? 0
            return (isSingular(number, language) ? forms[1] : forms[2]).split(separator: "#", omittingEmptySubsequences: false).joined(separator: value)
        }
        if placeholder.hasPrefix("de:") { return of(value, language) }
        if placeholder.hasPrefix("ordinal:") || placeholder.hasPrefix("ordinalf:") {
            guard let number = Int(value) else { return value }
            return ordinal(number, language, feminine: placeholder.hasPrefix("ordinalf:"))
        }
        return value
    }

    /// The variable a placeholder reads (`partner` in `de:partner`, `count` in `count|one|several`).
    static func variable(in placeholder: String) -> String {
        var name = Substring(placeholder.split(separator: "|", omittingEmptySubsequences: false).first ?? "")
        for prefix in ["de:", "ordinal:", "ordinalf:"] where name.hasPrefix(prefix) {
            name = name.dropFirst(prefix.count)
        }
        return String(name)
    }
}
