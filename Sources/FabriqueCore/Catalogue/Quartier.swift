/// A neighbourhood a visitor can say they live in, including the answers that are not a named quartier.
public struct Quartier: Sendable, Hashable, Codable, Identifiable {
    /// Whether this is a named neighbourhood or one of the other answers.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A named neighbourhood of the agglomeration.
        case quartier
        /// Another neighbourhood of Angers Loire Métropole.
        case otherInAgglomeration = "other-in-agglomeration"
        /// A place outside the agglomeration.
        case outsideAgglomeration = "outside-agglomeration"
        /// The visitor does not know.
        case unknown

        public init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
    }

    public let id: String
    public let name: LocalizedText
    public let kind: Kind
    /// The commune, for a named quartier.
    public let commune: String?
    /// Whether the quartier is a quartier prioritaire de la politique de la ville today.
    public let qpv: Bool
    /// The years of the QPV lists the quartier is on (2015: décret 2014-1750; 2024: décret 2023-1314).
    public let qpvLists: [Int]
    /// The official QPV code, left empty until confirmed.
    public let qpvCode: String?
    /// Earlier names, so that a visitor typing one still finds the quartier.
    public let formerNames: [String]

    private enum CodingKeys: String, CodingKey {
        case id, name, kind, commune, qpv, qpvLists, qpvCode, formerNames
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LocalizedText.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .kind)
        commune = try container.decodeIfPresent(String.self, forKey: .commune)
        qpv = try container.decode(Bool.self, forKey: .qpv)
        qpvLists = try container.decodeIfPresent([Int].self, forKey: .qpvLists) ?? []
        qpvCode = try container.decodeIfPresent(String.self, forKey: .qpvCode)
        formerNames = try container.decodeIfPresent([String].self, forKey: .formerNames) ?? []
    }
}
