/// The funnel funders ask for over a period, optionally at one place: people reached, oriented to a
/// partner, received by one, accompanied; businesses created; financing obtained and its total; each
/// broken down by kind of quartier (priority neighbourhood or not), place, under 26 and stage of the
/// project at first contact; with figures by need and by partner, and the needs no service met.
///
/// People, not rows: a person's records are linked (`People`), a kiosk visit that ended in a booking is
/// that booking's person, and an anonymous visit or a walk-in not linked to a booking is one person.
/// The stages are cumulative: a person counts at the furthest stage an event of the period put them in,
/// and at every stage before it, so the funnel never widens. Events: a visit or walk-in on its day; a
/// booking on the day it was taken (reached, oriented to its partner) and on its appointment's day
/// (reached; received when seen); a walk-in for a permanence (oriented; received when seen); an outcome
/// on its date (oriented to another partner; accompanied for a follow-up, financing, premises, training,
/// a test or a business), while its appointment is marked seen. A person's place is that of their first event in the period; their quartier the
/// latest they gave; under 26 and stage are what they said at their earliest booking known.
public struct FunnelReport: Sendable, Equatable {
    /// A stage of the funnel, in order.
    public enum Stage: Int, Sendable, CaseIterable, Comparable {
        case reached, oriented, received, accompanied

        public static func < (left: Stage, right: Stage) -> Bool { left.rawValue < right.rawValue }
    }

    /// A figure and how it divides.
    public struct Breakdown: Sendable, Equatable {
        public var total = 0
        /// `qpv`, `other` or `unknown` (quartier not said, "does not know", or not in the catalogue).
        public var byQuartierKind: [String: Int] = [:]
        public var bySite: [String: Int] = [:]
        public var under26 = 0
        /// A stage word (`idea`, …, `prefer-not-to-say`) or `unknown`.
        public var byStage: [String: Int] = [:]

        mutating func add(_ value: Int, _ person: PersonFacts) {
            total += value
            byQuartierKind[person.quartierKind, default: 0] += value
            bySite[person.site, default: 0] += value
            if person.under26 { under26 += value }
            byStage[person.stage, default: 0] += value
        }
    }

    /// What was asked for one need.
    public struct NeedRow: Sendable, Equatable {
        public let need: String
        /// People reached in the period who asked for it.
        public var asked = 0
        /// Of them, people oriented to a partner (or further).
        public var oriented = 0
        /// Kiosk journeys where it was ticked and no service proposed met it.
        public var unmet = 0
    }

    /// What one partner did.
    public struct PartnerRow: Sendable, Equatable {
        public let partner: String
        public var oriented = 0
        public var received = 0
        public var accompanied = 0
        public var businessesCreated = 0
        public var financingObtained = 0
        public var financingTotalEuros = 0
    }

    /// One kind of financing: how many were obtained and their total.
    public struct FinancingRow: Sendable, Equatable {
        public let kind: Outcome.Financing
        public var count = 0
        public var euros = 0
    }

    /// The keys of `byQuartierKind`, in order.
    public static let quartierKinds = ["qpv", "other", "unknown"]
    /// The keys of `byStage`, in order.
    public static let stageKeys = ProjectStage.allCases.map(\.rawValue) + ["prefer-not-to-say", "unknown"]

    public let from: LocalDate
    public let to: LocalDate
    public let site: String?
    public private(set) var reached = Breakdown()
    public private(set) var oriented = Breakdown()
    public private(set) var received = Breakdown()
    public private(set) var accompanied = Breakdown()
    public private(set) var businessesCreated = Breakdown()
    public private(set) var financingObtained = Breakdown()
    public private(set) var financingTotalEuros = Breakdown()
    public private(set) var byNeed: [NeedRow] = []
    public private(set) var byPartner: [PartnerRow] = []
    public private(set) var byFinancing: [FinancingRow] = []
    /// The places of the columns: the catalogue's, then any other a record names.
    public private(set) var sites: [String] = []

    /// The breakdown of a stage of the funnel.
    public func breakdown(_ stage: Stage) -> Breakdown {
        switch stage {
        case .reached: return reached
        case .oriented: return oriented
        case .received: return received
        case .accompanied: return accompanied
        }
    }

    /// What the report knows of one person.
    struct PersonFacts {
        var site = ""
        var firstDay: LocalDate?
        var quartierKind = "unknown"
        var under26 = false
        var stage = "unknown"
        var furthest = Stage.reached
        var needs = Set<String>()
        var partners: [Stage: Set<String>] = [:]
    }

    /// Computes the report from the records read around the period: `bookings` (the period's and those
    /// before it, to link people and find their first contact; those the outcomes follow), the period's
    /// `visits` and `walkIns` (others are ignored), every `outcome` and staff's `links`.
    public init(from: LocalDate, to: LocalDate, site: String? = nil, bookings: [Booking], visits: [Visit], walkIns: [WalkIn],
                outcomes: [Outcome], links: [PersonLink], catalogue: Catalogue) {
        self.from = from
        self.to = to
        self.site = site
        let period = from...to
        func here(_ place: String) -> Bool { site == nil || site == place }
        let walkInsHere = walkIns.filter { period.contains($0.date) && here($0.site) }
        let people = People(bookings: bookings, walkIns: walkInsHere, links: links)
        let qpv = Set(catalogue.quartiers.filter(\.qpv).map(\.id))
        // "Does not know" is no answer about the neighbourhood.
        let known = Set(catalogue.quartiers.filter { $0.kind != .unknown }.map(\.id))
        func kind(_ quartier: String?) -> String {
            guard let quartier, known.contains(quartier) else { return "unknown" }
            return qpv.contains(quartier) ? "qpv" : "other"
        }

        var facts: [String: PersonFacts] = [:]
        // What a person's bookings say about them (earliest first: `People` keeps that order).
        func describe(_ person: String) -> PersonFacts {
            var described = PersonFacts()
            let own = people.bookings[person] ?? []
            described.quartierKind = kind(own.last { $0.quartier != nil }?.quartier)
            described.under26 = own.first { $0.under26 != nil }?.under26 == "yes"
            described.stage = own.first { $0.stage != nil }?.stage ?? "unknown"
            return described
        }
        func event(_ person: String, _ stage: Stage, day: LocalDate, site place: String, partner: String? = nil,
                   needs: [String] = [], describe facts0: () -> PersonFacts) {
            var person0 = facts[person] ?? facts0()
            if person0.firstDay.map({ day < $0 }) ?? true {
                person0.firstDay = day
                person0.site = place
            }
            person0.furthest = max(person0.furthest, stage)
            person0.needs.formUnion(needs)
            if let partner { person0.partners[stage, default: []].insert(partner) }
            facts[person] = person0
        }

        // Kiosk journeys: one anonymous person each, unless the journey booked (its booking stands for it).
        let visitsHere = visits.filter { period.contains($0.date) && here($0.site) }
        for (index, visit) in visitsHere.enumerated() where visit.bookedService == nil {
            event("V\(index)", .reached, day: visit.date, site: visit.site, needs: visit.needs) {
                var anonymous = PersonFacts()
                anonymous.quartierKind = kind(visit.quartier)
                anonymous.under26 = visit.under26 == "yes"
                anonymous.stage = visit.stage ?? "unknown"
                return anonymous
            }
        }
        for walkIn in walkInsHere {
            let person = people.ofWalkIn[walkIn.id] ?? "W" + walkIn.id
            let stage: Stage = walkIn.partner == nil ? .reached : walkIn.status == .seen ? .received : .oriented
            event(person, stage, day: walkIn.date, site: walkIn.site, partner: walkIn.partner) { describe(person) }
            if stage == .received, let partner = walkIn.partner {
                facts[person]?.partners[.oriented, default: []].insert(partner)
            }
        }
        for booking in bookings where !booking.isForwarding && here(booking.site) {
            let person = people.ofBooking[booking.reference] ?? "P" + booking.reference
            if let taken = LocalDate(String(booking.createdAt.prefix(10))), period.contains(taken) {
                event(person, .oriented, day: taken, site: booking.site, partner: booking.partner, needs: booking.needs) { describe(person) }
            }
            if period.contains(booking.start.day) {
                let stage: Stage = booking.status == .seen ? .received : .reached
                event(person, stage, day: booking.start.day, site: booking.site, partner: stage == .received ? booking.partner : nil) {
                    describe(person)
                }
            }
        }
        var businesses: [(String, Outcome)] = []
        var financed: [(String, Outcome)] = []
        // An outcome follows a meeting: when its appointment is no longer marked seen (a status set by
        // mistake and corrected), it leaves the figures until the appointment is seen again.
        let notSeen = Set(bookings.filter { $0.status != .seen }.map(\.reference))
        for outcome in outcomes where outcome.counts && !notSeen.contains(outcome.booking) && period.contains(outcome.date) && here(outcome.site) {
            let person = people.ofBooking[outcome.booking] ?? "P" + outcome.booking
            switch outcome.kind {
            case .oriented:
                event(person, .oriented, day: outcome.date, site: outcome.site, partner: outcome.partner) { describe(person) }
            case _ where outcome.kind.isAccompaniment:
                event(person, .accompanied, day: outcome.date, site: outcome.site, partner: outcome.bookingPartner) { describe(person) }
            default:
                event(person, .reached, day: outcome.date, site: outcome.site) { describe(person) }
            }
            if outcome.kind == .businessCreated { businesses.append((person, outcome)) }
            if outcome.kind == .financing { financed.append((person, outcome)) }
        }

        // The funnel: each person at every stage up to the furthest reached.
        for person in facts.values {
            reached.add(1, person)
            if person.furthest >= .oriented { oriented.add(1, person) }
            if person.furthest >= .received { received.add(1, person) }
            if person.furthest >= .accompanied { accompanied.add(1, person) }
        }
        for (person, _) in businesses { if let described = facts[person] { businessesCreated.add(1, described) } }
        for person in Set(financed.map(\.0)) { if let described = facts[person] { financingObtained.add(1, described) } }
        for (person, outcome) in financed {
            if let described = facts[person] { financingTotalEuros.add(outcome.amountEuros ?? 0, described) }
        }

        // By need: people who asked, those oriented, journeys no service met.
        var needRows = catalogue.needs.map { NeedRow(need: $0.id) }
        func needRow(_ need: String) -> Int { Self.row(need, in: &needRows, id: \.need) { NeedRow(need: $0) } }
        for person in facts.values {
            for need in person.needs {
                let index = needRow(need)
                needRows[index].asked += 1
                if person.furthest >= .oriented { needRows[index].oriented += 1 }
            }
        }
        for visit in visitsHere {
            for need in visit.needs where !visit.proposals.contains(where: { catalogue.service($0)?.service.needs.contains(need) ?? false }) {
                needRows[needRow(need)].unmet += 1
            }
        }
        byNeed = needRows.filter { $0.asked > 0 || $0.unmet > 0 }

        // By partner: people oriented to it, received and accompanied by it; its businesses and financing.
        var partnerRows = catalogue.partners.map { PartnerRow(partner: $0.id) }
        func partnerRow(_ partner: String) -> Int { Self.row(partner, in: &partnerRows, id: \.partner) { PartnerRow(partner: $0) } }
        for person in facts.values {
            // Received or accompanied by a partner means oriented to it first.
            let accompaniedBy = person.partners[.accompanied] ?? []
            let receivedBy = (person.partners[.received] ?? []).union(accompaniedBy)
            let orientedTo = (person.partners[.oriented] ?? []).union(receivedBy)
            for partner in orientedTo { partnerRows[partnerRow(partner)].oriented += 1 }
            for partner in receivedBy { partnerRows[partnerRow(partner)].received += 1 }
            for partner in accompaniedBy { partnerRows[partnerRow(partner)].accompanied += 1 }
        }
        for (_, outcome) in businesses { partnerRows[partnerRow(outcome.bookingPartner)].businessesCreated += 1 }
        for (partner, persons) in Dictionary(grouping: financed, by: { $0.1.bookingPartner }) {
            let index = partnerRow(partner)
            partnerRows[index].financingObtained = Set(persons.map(\.0)).count
            partnerRows[index].financingTotalEuros = persons.reduce(0) { $0 + ($1.1.amountEuros ?? 0) }
        }
        byPartner = partnerRows.filter { $0.oriented > 0 || $0.businessesCreated > 0 || $0.financingObtained > 0 }

        byFinancing = Outcome.Financing.allCases.map { financing in
            let these = financed.filter { $0.1.financing == financing }
            return FinancingRow(kind: financing, count: these.count, euros: these.reduce(0) { $0 + ($1.1.amountEuros ?? 0) })
        }
        let catalogueSites = catalogue.sites.map(\.id)
        sites = catalogueSites + Set(reached.bySite.keys).subtracting(catalogueSites).sorted()
    }

    /// The index of the row for `key`, added at the end when the catalogue has no such id (a removed one).
    static func row<Row>(_ key: String, in rows: inout [Row], id: KeyPath<Row, String>, make: (String) -> Row) -> Int {
        if let index = rows.firstIndex(where: { $0[keyPath: id] == key }) { return index }
        rows.append(make(key))
        return rows.count - 1
    }
}
