/// Days when one place, or all of them, is closed: public holidays and closures.
public struct Closure: Sendable, Hashable, Codable {
    /// Why the place is closed.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case publicHoliday = "public-holiday"
        case closure

        public init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
    }

    public let from: LocalDate
    /// The last closed day; the same as `from` for a single day.
    public let to: LocalDate
    public let kind: Kind
    public let name: LocalizedText
    /// The places concerned, or nil for all of them.
    public let sites: [String]?

    private enum CodingKeys: String, CodingKey { case from, to, kind, name, sites }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(LocalDate.self, forKey: .from)
        to = try container.decodeIfPresent(LocalDate.self, forKey: .to) ?? from
        kind = try container.decode(Kind.self, forKey: .kind)
        name = try container.decode(LocalizedText.self, forKey: .name)
        sites = try container.decodeIfPresent([String].self, forKey: .sites)
    }

    /// Whether the closure covers `site` on `date`.
    public func covers(site: String, on date: LocalDate) -> Bool {
        date >= from && date <= to && (sites?.contains(site) ?? true)
    }
}
