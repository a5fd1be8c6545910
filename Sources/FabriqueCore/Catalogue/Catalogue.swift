import Synchronization

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

    // Positions rather than copies: a copy of a partner is a retain of each of its texts and lists, and
    // a catalogue of 2,000 partners made (and the validator looked up) tens of thousands of them.
    private let sitePositions: [String: Int]
    private let partnerPositions: [String: Int]
    /// Each service's partner, by position, and the service's position among that partner's.
    private let servicePositions: [String: (partner: Int, service: Int)]
    /// The quartiers' names folded for the visitor's search, made when first asked for.
    private let quartierSearch = FoldedQuartierNames()

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
        var sitePositions: [String: Int] = [:]
        for (index, site) in sites.enumerated() where sitePositions[site.id] == nil { sitePositions[site.id] = index }
        var partnerPositions: [String: Int] = [:]
        var servicePositions: [String: (partner: Int, service: Int)] = [:]
        partnerPositions.reserveCapacity(partners.count)
        for (p, partner) in partners.enumerated() {
            if partnerPositions[partner.id] == nil { partnerPositions[partner.id] = p }
            for (s, service) in partner.services.enumerated() where servicePositions[service.id] == nil {
                servicePositions[service.id] = (p, s)
            }
        }
        self.sitePositions = sitePositions
        self.partnerPositions = partnerPositions
        self.servicePositions = servicePositions
    }

    /// The place with this id.
    public func site(_ id: String) -> Site? { sitePositions[id].map { sites[$0] } }

    /// The partner with this id.
    public func partner(_ id: String) -> Partner? { partnerPositions[id].map { partners[$0] } }

    /// The service with this id and the partner that offers it.
    public func service(_ id: String) -> (partner: Partner, service: Service)? {
        servicePositions[id].map { (partners[$0.partner], partners[$0.partner].services[$0.service]) }
    }

    /// The id of the partner offering the service with this id.
    public func partnerID(offering service: String) -> String? { servicePositions[service].map { partners[$0.partner].id } }

    /// Each quartier's names (French, English, commune, former names) folded for searching
    /// (`TextFolding.fold`), in the quartiers' order: folded once for the catalogue, not at every key typed
    /// into the quartier filter.
    public var foldedQuartierNames: [[String]] { quartierSearch.names(of: quartiers) }
}

/// The folded names of a catalogue's quartiers, kept by the catalogue once made (a class: the catalogue
/// is a value, and its copies share what one of them worked out).
private final class FoldedQuartierNames: Sendable {
    private let made = Mutex<[[String]]?>(nil)

    func names(of quartiers: [Quartier]) -> [[String]] {
        made.withLock { made in
            if let made { return made }
            let names = quartiers.map { quartier in
                ([quartier.name.fr, quartier.name.en, quartier.commune ?? ""] + quartier.formerNames).map(TextFolding.fold)
            }
            made = names
            return names
        }
    }
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
