
/// The reference data a coordinator edits: places, quartiers, needs, partners and their schedule.
public struct Catalogue: Sendable {
    public let sites: [Site]
    public let quartiers: [Quartier]
    public let needs: [Need]
    public let partners: [Partner]
    public let permanences: [Permanence]
    public let sessions: [GroupSession]
    public let closures: [Closure]
    /// Partners' absences (optional file).
    public let absences: [PartnerAbsence]
    /// The booking rules (optional file).
    public let rules: BookingRules
    /// The network's and the territory's names (optional file: without it, the screens name the
    /// network only, from the language files).
    public let territory: Territory?
    /// The remark at the top of each file that has one (the example-schedule warning, for instance).
    public let notes: [CatalogueFile: LocalizedText]

    private let sitesByID: [String: Site]
    private let partnersByID: [String: Partner]
    private let servicesByID: [String: (partner: Partner, service: Service)]

    /// Assembles a catalogue; the first entry wins where an id is repeated (validation reports it).
    public init(sites: [Site], quartiers: [Quartier], needs: [Need], partners: [Partner],
                permanences: [Permanence], sessions: [GroupSession], closures: [Closure],
                absences: [PartnerAbsence] = [], rules: BookingRules = .standard, territory: Territory? = nil,
                notes: [CatalogueFile: LocalizedText] = [:]) {
        self.sites = sites
        self.quartiers = quartiers
        self.needs = needs
        self.partners = partners
        self.permanences = permanences
        self.sessions = sessions
        self.closures = closures
        self.absences = absences
        self.rules = rules
        self.territory = territory
        self.notes = notes
        sitesByID = Dictionary(sites.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        partnersByID = Dictionary(partners.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        servicesByID = Dictionary(
            partners.flatMap { partner in partner.services.map { ($0.id, (partner: partner, service: $0)) } },
            uniquingKeysWith: { first, _ in first })
    }

    /// The place with this id.
    public func site(_ id: String) -> Site? { sitesByID[id] }

    /// The partner with this id.
    public func partner(_ id: String) -> Partner? { partnersByID[id] }

    /// The service with this id and the partner that offers it.
    public func service(_ id: String) -> (partner: Partner, service: Service)? { servicesByID[id] }
}

/// The files a catalogue is made of, each a JSON object holding one list.
public enum CatalogueFile: String, Sendable, Hashable, CaseIterable {
    case sites, quartiers, needs, partners, permanences, sessions, closures, absences, rules, territory

    /// Files a catalogue may leave out (defaults apply); the others are required.
    public var isOptional: Bool { self == .absences || self == .rules || self == .territory }

    /// The file's name in the catalogue folder.
    public var fileName: String { "\(rawValue).json" }

    /// The key of the list inside the file.
    public var listKey: String { rawValue }
}
