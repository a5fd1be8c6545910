/// One partner service proposed to a visitor, with why it fits or why it may not.
public struct Proposal: Sendable, Hashable {
    /// A condition of a service's audience.
    public enum Condition: String, Sendable, Hashable {
        case stage, situation, age, qpvResidence
    }

    /// Whether the visitor meets the service's conditions, as far as their answers tell.
    public enum Eligibility: Sendable, Hashable {
        /// Every condition is met (or the service has none).
        case eligible
        /// No condition is contradicted, but these could not be checked (questions skipped).
        case toCheck([Condition])
        /// These conditions are contradicted by the answers.
        case notEligible([Condition])
    }

    public let partner: Partner
    public let service: Service
    /// The visitor's needs this service answers, in the visitor's order.
    public let answeredNeeds: [String]
    public let eligibility: Eligibility

    /// Whether the service is open to the visitor as far as known.
    public var isOpen: Bool {
        if case .notEligible = eligibility { return false }
        return true
    }
}

/// Ranks the partner services that answer a visitor's needs. A pure function of catalogue and answers.
public enum Matcher {
    /// The services answering at least one of the visitor's needs, best first: services the visitor can
    /// use come first, chosen so that the first ones together cover every need the catalogue can answer;
    /// services whose conditions the visitor does not meet come last, with the reason.
    public static func proposals(_ catalogue: Catalogue, for answers: VisitorAnswers) -> [Proposal] {
        let needOrder = Dictionary(answers.needs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var candidates: [Proposal] = []
        for partner in catalogue.partners {
            for service in partner.services {
                let answered = service.needs.filter { needOrder[$0] != nil }.sorted { needOrder[$0, default: 0] < needOrder[$1, default: 0] }
                guard !answered.isEmpty else { continue }
                candidates.append(Proposal(partner: partner, service: service, answeredNeeds: answered,
                                           eligibility: eligibility(of: service.audience, for: answers, in: catalogue)))
            }
        }

        // Ties are broken the same way everywhere, so the order never depends on the file order alone.
        func firstNeed(_ p: Proposal) -> Int { p.answeredNeeds.compactMap { needOrder[$0] }.min() ?? Int.max }
        func openness(_ p: Proposal) -> Int {
            switch p.eligibility {
            case .eligible: return 0
            case .toCheck(let conditions): return conditions.count
            case .notEligible: return 100
            }
        }
        func comesBefore(_ a: Proposal, _ b: Proposal) -> Bool {
            (openness(a), -a.answeredNeeds.count, firstNeed(a), a.partner.name, a.service.id)
                < (openness(b), -b.answeredNeeds.count, firstNeed(b), b.partner.name, b.service.id)
        }

        var open = candidates.filter(\.isOpen).sorted(by: comesBefore)
        let closed = candidates.filter { !$0.isOpen }.sorted(by: comesBefore)

        // Greedy cover: take the open service that answers the most needs not yet covered.
        var ranked: [Proposal] = []
        var uncovered = Set(answers.needs)
        while !uncovered.isEmpty {
            let gains = open.map { Set($0.answeredNeeds).intersection(uncovered).count }
            guard let best = gains.indices.max(by: { gains[$0] < gains[$1] || (gains[$0] == gains[$1] && $0 > $1) }),
                  gains[best] > 0 else { break }
            let chosen = open.remove(at: best)
            uncovered.subtract(chosen.answeredNeeds)
            ranked.append(chosen)
        }
        return ranked + open + closed
    }

    /// Checks each condition of `audience` against the answers.
    public static func eligibility(of audience: Audience, for answers: VisitorAnswers, in catalogue: Catalogue) -> Proposal.Eligibility {
        var unmet: [Proposal.Condition] = []
        var unknown: [Proposal.Condition] = []
        func check(_ condition: Proposal.Condition, _ result: Bool?) {
            switch result {
            case .some(true): break
            case .some(false): unmet.append(condition)
            case .none: unknown.append(condition)
            }
        }
        if let stages = audience.stages {
            check(.stage, answers.stage.value.map { stages.contains($0) })
        }
        if let situations = audience.situations {
            check(.situation, answers.situation.value.map { situations.contains($0) })
        }
        if audience.under26 == true {
            check(.age, answers.under26.value)
        }
        if audience.qpvResident == true {
            let quartier = answers.quartier.flatMap { id in catalogue.quartiers.first { $0.id == id } }
            check(.qpvResidence, quartier.flatMap { $0.kind == .unknown ? nil : $0.qpv })
        }
        if !unmet.isEmpty { return .notEligible(unmet) }
        if !unknown.isEmpty { return .toCheck(unknown) }
        return .eligible
    }
}
