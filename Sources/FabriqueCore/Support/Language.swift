import FoundationEssentials

/// A language the kiosk speaks; French first.
public enum Language: String, Sendable, Hashable, Codable, CaseIterable {
    case fr, en

    /// The language named by a `LANG`-style value (`en_GB.UTF-8` is English); French otherwise.
    public static func from(environmentValue value: String?) -> Language {
        guard let value, value.lowercased().hasPrefix("en") else { return .fr }
        return .en
    }
}

/// A text written in every language the kiosk speaks. In the files it is either one string (a proper
/// name, the same everywhere) or an object with one string per language.
public struct LocalizedText: Sendable, Hashable, Codable {
    public let fr: String
    public let en: String

    /// Creates a text from its French and English versions.
    public init(fr: String, en: String) {
        self.fr = fr
        self.en = en
    }

    /// A text that reads the same in every language.
    public init(_ text: String) {
        self.init(fr: text, en: text)
    }

    /// The text in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .fr: return fr
        case .en: return en
        }
    }

    private enum CodingKeys: String, CodingKey { case fr, en }

    public init(from decoder: any Decoder) throws {
        // Most texts are objects: trying that form first spares a thrown (and costly) decoding error each.
        if let container = try? decoder.container(keyedBy: CodingKeys.self) {
            self.init(fr: try container.decode(String.self, forKey: .fr),
                      en: try container.decode(String.self, forKey: .en))
        } else {
            self.init(try decoder.singleValueContainer().decode(String.self))
        }
        // Without NSString for each of the catalogue's texts (`Blank`).
        if Blank.isBlank(fr) || Blank.isBlank(en) {
            throw CatalogueValueError(path: decoder.codingPath, issue: .emptyText)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        if fr == en {
            var container = encoder.singleValueContainer()
            try container.encode(fr)
        } else {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(fr, forKey: .fr)
            try container.encode(en, forKey: .en)
        }
    }
}
