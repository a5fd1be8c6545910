/// The checks that need the whole catalogue: ids, references between files, times, overlaps.
public enum CatalogueValidator {
    /// A problem found in one file of a decoded catalogue, before its location in the text is known.
    public struct Finding: Sendable, Hashable {
        public var file: CatalogueFile
        public var path: JSONPath
        public var issue: Problem.Issue
        /// Another value the issue is about (the first use of a repeated id).
        public var related: JSONPath?
    }

    /// How far ahead two open-ended rules are compared when looking for a shared day: six years
    /// covers every combination of week intervals and month positions that a coordinator writes.
    static let overlapHorizonDays = 6 * 366

    /// The needs some kinds of visitor can never be helped with: no service they can use and no first
    /// step (for `validate`, which the coordinator runs; the kiosk does not repeat it at each start).
    public static func gaps(_ catalogue: Catalogue) -> [Finding] {
        let profiles = VisitorProfile.all(in: catalogue).count
        return catalogue.needs.enumerated().compactMap { index, need in
            let unreachable = Planner.unreachable(need.id, in: catalogue)
            guard let example = unreachable.first else { return nil }
            return Finding(file: .needs, path: [.key(CatalogueFile.needs.listKey), .index(index), .key("id")],
                           issue: .needUnreachable(need: need.id, count: unreachable.count, of: profiles, example: example))
        }
    }

    /// The ids each file declares, as its text says (even items that could not be decoded name their
    /// id), and the services the permanences and sessions offer; nil for a file that could not be read
    /// at all, whose references are then not checked.
    public struct DeclaredIDs: Sendable {
        public var sites: Set<String>?
        public var partners: Set<String>?
        public var services: Set<String>?
        public var needs: Set<String>?
        public var offered: Set<String>?

        /// The ids of a catalogue read whole.
        public init(_ catalogue: Catalogue) {
            sites = Set(catalogue.sites.map(\.id))
            partners = Set(catalogue.partners.map(\.id))
            services = Set(catalogue.partners.flatMap { $0.services.map(\.id) })
            needs = Set(catalogue.needs.map(\.id))
            offered = Set(catalogue.permanences.flatMap(\.services) + catalogue.sessions.map(\.service))
        }

        /// Ids given one by one.
        public init(sites: Set<String>?, partners: Set<String>?, services: Set<String>?, needs: Set<String>?, offered: Set<String>?) {
            self.sites = sites
            self.partners = partners
            self.services = services
            self.needs = needs
            self.offered = offered
        }

        func ids(_ kind: Problem.ReferenceKind) -> Set<String>? {
            switch kind {
            case .site: return sites
            case .partner: return partners
            case .service: return services
            case .need: return needs
            // Appointments are records, not catalogue entries.
            case .booking: return nil
            }
        }
    }

    /// Every semantic problem of `catalogue`. References are checked against `declared` (by default
    /// the catalogue's own ids): a catalogue read in part still has every reference checked against
    /// what its files declare, and none into a file that could not be read at all. `overlaps: false`
    /// leaves out the comparison of every two permanences of a partner (most of the time this takes for
    /// a large catalogue, and the only check that cannot find a value the program would fail on).
    public static func check(_ catalogue: Catalogue, declared: DeclaredIDs? = nil, overlaps: Bool = true) -> [Finding] {
        var findings: [Finding] = []
        let declared = declared ?? DeclaredIDs(catalogue)
        func add(_ file: CatalogueFile, _ path: JSONPath, _ issue: Problem.Issue, related: JSONPath? = nil) {
            findings.append(Finding(file: file, path: path, issue: issue, related: related))
        }
        /// Reports `id` when it is not among the declared ids of its kind (and those are known). The path
        /// is built only for a finding: a large catalogue checks tens of thousands of references.
        func reference(_ kind: Problem.ReferenceKind, _ id: String, _ file: CatalogueFile, _ path: @autoclosure () -> JSONPath) -> Bool {
            guard let known = declared.ids(kind) else { return true }
            guard known.contains(id) else {
                add(file, path(), .unknownReference(kind, id: id, known: known.sorted()))
                return false
            }
            return true
        }
        func item(_ file: CatalogueFile, _ index: Int, _ rest: JSONPathComponent...) -> JSONPath {
            [.key(file.listKey), .index(index)] + rest
        }

        // MARK: Ids
        /// Reports each repeated id; `path` gives the place of the n-th id, built only for a finding.
        func checkUnique(_ file: CatalogueFile, _ ids: [String], path: (Int) -> JSONPath) {
            var first: [String: Int] = [:]
            for (index, id) in ids.enumerated() {
                if let earlier = first[id] {
                    // The line of the first use is filled in once the file's text positions are known.
                    add(file, path(index), .duplicateID(id, firstLine: 0), related: path(earlier))
                } else {
                    first[id] = index
                }
            }
        }
        checkUnique(.sites, catalogue.sites.map(\.id)) { item(.sites, $0, .key("id")) }
        checkUnique(.quartiers, catalogue.quartiers.map(\.id)) { item(.quartiers, $0, .key("id")) }
        checkUnique(.needs, catalogue.needs.map(\.id)) { item(.needs, $0, .key("id")) }
        checkUnique(.partners, catalogue.partners.map(\.id)) { item(.partners, $0, .key("id")) }
        let servicePlaces = catalogue.partners.enumerated().flatMap { p, partner in partner.services.indices.map { (partner: p, service: $0) } }
        checkUnique(.partners, catalogue.partners.flatMap { $0.services.map(\.id) }) { index in
            item(.partners, servicePlaces[index].partner, .key("services"), .index(servicePlaces[index].service), .key("id"))
        }
        checkUnique(.permanences, catalogue.permanences.map(\.id)) { item(.permanences, $0, .key("id")) }
        checkUnique(.sessions, catalogue.sessions.map(\.id)) { item(.sessions, $0, .key("id")) }

        // Slot ids are made from permanence and session ids, so the two lists share one namespace.
        let permanenceIDs = Set(catalogue.permanences.map(\.id))
        for (index, session) in catalogue.sessions.enumerated() where permanenceIDs.contains(session.id) {
            add(.sessions, item(.sessions, index, .key("id")), .idUsedByPermanence(session.id))
        }

        if declared.sites?.isEmpty == true { add(.sites, [.key(CatalogueFile.sites.listKey)], .noSites) }

        // MARK: Partners and services
        for (p, partner) in catalogue.partners.enumerated() {
            for (s, service) in partner.services.enumerated() {
                func servicePath() -> JSONPath { item(.partners, p, .key("services"), .index(s)) }
                for (n, need) in service.needs.enumerated() {
                    _ = reference(.need, need, .partners, servicePath() + [.key("needs"), .index(n)])
                }
                if service.needs.isEmpty { add(.partners, servicePath() + [.key("needs")], .emptyList) }
                for (n, need) in service.prepares.enumerated() {
                    _ = reference(.need, need, .partners, servicePath() + [.key("prepares"), .index(n)])
                }
                if service.durationMinutes <= 0 {
                    add(.partners, servicePath() + [.key("durationMinutes")], .notPositive(service.durationMinutes))
                }
            }
        }

        // MARK: References shared by permanences and sessions
        /// `servicePath` gives the place of the n-th of `services`, built only for a finding.
        func checkPlace(_ file: CatalogueFile, _ index: Int, partner: String, site: String,
                        services: [String], servicePath: (Int) -> JSONPath) {
            _ = reference(.site, site, file, item(file, index, .key("site")))
            guard reference(.partner, partner, file, item(file, index, .key("partner"))) else { return }
            for (n, service) in services.enumerated() {
                guard reference(.service, service, file, servicePath(n)) else { continue }
                // A service of a partner that could not be decoded: its owner is not known for sure.
                guard let owner = catalogue.partnerID(offering: service) else { continue }
                if owner != partner {
                    add(file, servicePath(n), .serviceOfAnotherPartner(service: service, partner: partner))
                }
            }
        }
        func checkHours(_ file: CatalogueFile, _ index: Int, start: LocalTime, end: LocalTime) -> Bool {
            guard start < end else {
                add(file, item(file, index, .key("end")), .endNotAfterStart(start: start, end: end))
                return false
            }
            return true
        }
        func checkCapacity(_ file: CatalogueFile, _ index: Int, _ capacity: Int) {
            if capacity < 1 { add(file, item(file, index, .key("capacity")), .notPositive(capacity)) }
        }

        // MARK: Permanences
        for (index, permanence) in catalogue.permanences.enumerated() {
            if permanence.services.isEmpty { add(.permanences, item(.permanences, index, .key("services")), .emptyList) }
            checkPlace(.permanences, index, partner: permanence.partner, site: permanence.site, services: permanence.services) {
                item(.permanences, index, .key("services"), .index($0))
            }
            checkCapacity(.permanences, index, permanence.capacity)
            let window = permanence.end.minutes - permanence.start.minutes
            if checkHours(.permanences, index, start: permanence.start, end: permanence.end) {
                func slotPath() -> JSONPath { item(.permanences, index, .key("slotMinutes")) }
                if permanence.slotMinutes <= 0 {
                    add(.permanences, slotPath(), .notPositive(permanence.slotMinutes))
                } else if permanence.slotMinutes > window {
                    add(.permanences, slotPath(), .slotLongerThanWindow(slotMinutes: permanence.slotMinutes, windowMinutes: window))
                } else if window % permanence.slotMinutes != 0 {
                    add(.permanences, slotPath(), .slotsLeaveTimeUnused(slotMinutes: permanence.slotMinutes, windowMinutes: window))
                }
            }
            if let until = permanence.validUntil, until < permanence.validFrom {
                add(.permanences, item(.permanences, index, .key("validUntil")),
                    .periodReversed(from: permanence.validFrom, to: until))
            }
            func recurrencePath() -> JSONPath { item(.permanences, index, .key("recurrence")) }
            switch permanence.recurrence {
            case .weekly(let interval, let weekdays):
                if interval < 1 { add(.permanences, recurrencePath() + [.key("interval")], .notPositive(interval)) }
                if weekdays.isEmpty { add(.permanences, recurrencePath() + [.key("weekdays")], .emptyList) }
            case .monthly(let nth, _):
                if !((1...5).contains(nth) || nth == -1) {
                    add(.permanences, recurrencePath() + [.key("nth")], .invalidNth(nth))
                }
            }
            for (c, day) in permanence.cancelled.enumerated()
            where day < permanence.validFrom || permanence.validUntil.map({ day > $0 }) ?? false {
                add(.permanences, item(.permanences, index, .key("cancelled"), .index(c)), .cancelledOutsidePeriod(day))
            }
        }
        if overlaps { findings += Self.overlaps(in: catalogue.permanences) }

        // MARK: Sessions
        for (index, session) in catalogue.sessions.enumerated() {
            checkPlace(.sessions, index, partner: session.partner, site: session.site,
                       services: [session.service]) { _ in item(.sessions, index, .key("service")) }
            _ = checkHours(.sessions, index, start: session.start, end: session.end)
            checkCapacity(.sessions, index, session.capacity)
        }

        // MARK: Closures
        for (index, closure) in catalogue.closures.enumerated() {
            if closure.to < closure.from {
                add(.closures, item(.closures, index, .key("to")), .periodReversed(from: closure.from, to: closure.to))
            }
            for (s, site) in (closure.sites ?? []).enumerated() {
                _ = reference(.site, site, .closures, item(.closures, index, .key("sites"), .index(s)))
            }
        }
        // MARK: Absences
        for (index, absence) in catalogue.absences.enumerated() {
            _ = reference(.partner, absence.partner, .absences, item(.absences, index, .key("partner")))
            if absence.to < absence.from {
                add(.absences, item(.absences, index, .key("to")), .periodReversed(from: absence.from, to: absence.to))
            }
            for (s, site) in (absence.sites ?? []).enumerated() {
                _ = reference(.site, site, .absences, item(.absences, index, .key("sites"), .index(s)))
            }
        }
        // MARK: Services nobody can book
        if let offered = declared.offered {
            for (p, partner) in catalogue.partners.enumerated() {
                for (s, service) in partner.services.enumerated() where !offered.contains(service.id) {
                    add(.partners, item(.partners, p, .key("services"), .index(s), .key("id")), .serviceNeverOffered(service.id))
                }
            }
        }
        return findings
    }

    /// Permanences of one partner whose hours cross on a day both take place; reported on the later one.
    static func overlaps(in permanences: [Permanence]) -> [Finding] {
        var findings: [Finding] = []
        for (i, first) in permanences.enumerated() {
            for (j, second) in permanences.enumerated() where j > i && second.partner == first.partner {
                guard first.start < second.end, second.start < first.end,
                      first.start < first.end, second.start < second.end else { continue }
                let from = max(first.validFrom, second.validFrom)
                let horizon = from.adding(days: overlapHorizonDays)
                let to = [first.validUntil, second.validUntil, horizon].compactMap { $0 }.min() ?? horizon
                guard from <= to else { continue }
                var day = from
                while day <= to {
                    if first.takesPlace(on: day) && second.takesPlace(on: day) {
                        findings.append(Finding(file: .permanences, path: [.key("permanences"), .index(j), .key("start")],
                                                issue: .overlappingPermanence(other: first.id, firstDate: day),
                                                related: nil))
                        break
                    }
                    day = day.adding(days: 1)
                }
            }
        }
        return findings
    }
}
