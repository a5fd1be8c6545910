/// A lieu totem: one of the walk-in places where the kiosk stands.
public struct Site: Sendable, Hashable, Codable, Identifiable {
    /// A postal address.
    public struct Address: Sendable, Hashable, Codable {
        public let street: String
        public let postalCode: String
        public let commune: String

        /// The address on one line: `8 rue André-Le Nôtre, 49000 Angers`.
        public var oneLine: String { "\(street), \(postalCode) \(commune)" }
    }

    public let id: String
    /// The place's short name, usually its neighbourhood (`Belle-Beille`).
    public let name: String
    /// The building or host the place is in (`à la Technopole`).
    public let venue: LocalizedText
    public let address: Address
    /// What a visitor finds there, one short line each.
    public let offers: [LocalizedText]
}
