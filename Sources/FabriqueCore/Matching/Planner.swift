public import FoundationEssentials

/// One step of a visitor's plan: a service to see, the ticked needs it answers, those it is the first
/// step towards, when it is next free, and what else would do.
public struct PlanStep: Sendable, Hashable {
    /// The service, with why it fits.
    public let proposal: Proposal
    /// The ticked needs this service answers, in the visitor's order.
    public let answers: [String]
    /// The ticked needs no service answers for this visitor yet, which this service prepares them for.
    public let prepares: [String]
    /// For each need prepared: the service that answers it and the conditions the visitor does not meet
    /// yet (nil when no service answers that need at all for anyone).
    public let blockedBy: [String: Proposal]
    /// Its first free slot, at this place first.
    public let next: OpenSlot?
    /// The other services that could take this step's place, best first.
    public let alternatives: [Proposal]

    /// Whether the step is a first step towards a need rather than its answer.
    public var isFirstStep: Bool { answers.isEmpty }

    /// Every ticked need this step is for.
    public var needs: [String] { answers + prepares }

    /// The same step with `alternative` in the place of its service (the visitor's choice), whose next
    /// free slot is `next`; the service it replaces becomes an alternative.
    public func replacing(with alternative: Proposal, next: OpenSlot?) -> PlanStep {
        let answered = needs.filter(alternative.answeredNeeds.contains)
        return PlanStep(proposal: alternative, answers: isFirstStep ? [] : answered,
                        prepares: isFirstStep ? prepares : prepares.filter { !answered.contains($0) },
                        blockedBy: blockedBy, next: next,
                        alternatives: [proposal] + alternatives.filter { $0.service.id != alternative.service.id })
    }
}

/// What the kiosk proposes for all of a visitor's needs at once.
public struct Plan: Sendable, Hashable {
    /// The steps, first steps first, then in the order of the visitor's needs.
    public let steps: [PlanStep]
    /// The ticked needs for which the catalogue has nothing this visitor can use, not even a first step.
    public let unmet: [String]

    /// The step that takes care of `need`, if any.
    public func step(for need: String) -> PlanStep? {
        steps.first { $0.needs.contains(need) }
    }
}

/// Builds a visitor's plan: for each ticked need, the best service they can use (eligible before
/// "to check", one that also covers other ticked needs before one that does not, the nearest free slot,
/// this place first), or else a service that prepares them for it. Pure: catalogue, answers, time and
/// availability in, plan out. Its cost grows with the slots of the services concerned, not the catalogue.
public enum Planner {
    /// The plan for `answers` at `now`, with the active bookings per slot in `taken`, for a kiosk at `site`.
    public static func plan(_ schedule: Schedule, for answers: VisitorAnswers, now: Date, taken: [String: Int],
                            site: String) -> Plan {
        let catalogue = schedule.catalogue
        let needs = unique(answers.needs)
        let wanted = Set(needs)
        // Candidates: the services answering a ticked need, and those preparing for one.
        var answering: [String: [Proposal]] = [:]
        var preparing: [String: [Proposal]] = [:]
        var services = Set<String>()
        let needOrder = Dictionary(needs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for partner in catalogue.partners {
            for service in partner.services {
                let answered = service.needs.filter(wanted.contains).sorted { needOrder[$0, default: 0] < needOrder[$1, default: 0] }
                let prepared = service.prepares.filter(wanted.contains)
                guard !answered.isEmpty || !prepared.isEmpty else { continue }
                let proposal = Proposal(partner: partner, service: service, answeredNeeds: answered,
                                        eligibility: Matcher.eligibility(of: service.audience, for: answers, in: catalogue))
                for need in answered { answering[need, default: []].append(proposal) }
                for need in prepared { preparing[need, default: []].append(proposal) }
                if proposal.isOpen { services.insert(service.id) }
            }
        }
        let next = schedule.nextFree(services: services, after: now, taken: taken, preferring: site)

        func rank(_ proposal: Proposal, covering uncovered: Set<String>) -> Rank {
            let slot = next[proposal.service.id]
            return Rank(openness: openness(proposal), missed: -Set(proposal.answeredNeeds).intersection(uncovered).count,
                        noSlot: slot == nil ? 1 : 0, elsewhere: slot.map { $0.slot.site == site ? 0 : 1 } ?? 1,
                        start: slot?.slot.startInstant ?? .distantFuture, partner: proposal.partner.name, id: proposal.service.id)
        }

        // Each rank is worked out once, not at every comparison of the sort.
        func byRank(_ proposals: [Proposal], covering uncovered: Set<String>) -> [Proposal] {
            proposals.map { ($0, rank($0, covering: uncovered)) }.sorted { $0.1 < $1.1 }.map(\.0)
        }

        var uncovered = Set(needs)
        var chosen: [(proposal: Proposal, answers: [String], prepares: [String], blockedBy: [String: Proposal], alternatives: [Proposal])] = []
        for need in needs where uncovered.contains(need) {
            let open = (answering[need] ?? []).filter(\.isOpen)
            if !open.isEmpty {
                let sorted = byRank(open, covering: uncovered)
                let best = sorted[0]
                let covered = best.answeredNeeds.filter(uncovered.contains)
                uncovered.subtract(covered)
                chosen.append((best, covered, [], [:], Array(sorted.dropFirst())))
                continue
            }
            // Nobody answers this need for this visitor yet: a service that prepares them for it.
            let blocked = byRank(answering[need] ?? [], covering: [need]).first
            let steps = byRank((preparing[need] ?? []).filter(\.isOpen), covering: [])
            guard let first = steps.first else { continue }
            uncovered.remove(need)
            if let index = chosen.firstIndex(where: { $0.proposal.service.id == first.service.id }) {
                // Already in the plan for another need: it prepares for this one too.
                chosen[index].prepares.append(need)
                if let blocked { chosen[index].blockedBy[need] = blocked }
            } else {
                chosen.append((first, [], [need], blocked.map { [need: $0] } ?? [:], Array(steps.dropFirst())))
            }
        }
        let steps = chosen.map {
            PlanStep(proposal: $0.proposal, answers: $0.answers, prepares: $0.prepares, blockedBy: $0.blockedBy,
                     next: next[$0.proposal.service.id], alternatives: $0.alternatives)
        }
        // First steps before what they prepare; otherwise the visitor's order (stable).
        let ordered = steps.filter(\.isFirstStep) + steps.filter { !$0.isFirstStep }
        return Plan(steps: ordered, unmet: needs.filter(uncovered.contains))
    }

    /// The visitors (every stage, situation, age and quartier kind) for whom `need` has neither a
    /// service they can use nor a first step towards one.
    public static func unreachable(_ need: String, in catalogue: Catalogue) -> [VisitorProfile] {
        VisitorProfile.all(in: catalogue).filter { profile in
            let answers = profile.answers(needs: [need], in: catalogue)
            return !catalogue.partners.contains { partner in
                partner.services.contains { service in
                    (service.needs.contains(need) || service.prepares.contains(need))
                        && Proposal(partner: partner, service: service, answeredNeeds: [],
                                    eligibility: Matcher.eligibility(of: service.audience, for: answers, in: catalogue)).isOpen
                }
            }
        }
    }

    /// 0 for a service the visitor meets every condition of, more for each condition left to check.
    static func openness(_ proposal: Proposal) -> Int {
        switch proposal.eligibility {
        case .eligible: return 0
        case .toCheck(let conditions): return conditions.count
        case .notEligible: return 100
        }
    }

    /// Needs in the order first ticked, each once.
    public static func unique(_ needs: [String]) -> [String] {
        var seen = Set<String>()
        return needs.filter { seen.insert($0).inserted }
    }

    /// How one service compares with another for a step; the fields compare in order.
    struct Rank: Comparable {
        let openness: Int
        let missed: Int
        let noSlot: Int
        let elsewhere: Int
        let start: Date
        let partner: String
        let id: String

        static func < (a: Rank, b: Rank) -> Bool {
            (a.openness, a.missed, a.noSlot, a.elsewhere) < (b.openness, b.missed, b.noSlot, b.elsewhere)
                || ((a.openness, a.missed, a.noSlot, a.elsewhere) == (b.openness, b.missed, b.noSlot, b.elsewhere)
                    && (a.start, a.partner, a.id) < (b.start, b.partner, b.id))
        }
    }
}

/// One kind of visitor, as the kiosk's questions tell them apart.
public struct VisitorProfile: Sendable, Hashable {
    public let stage: ProjectStage
    public let situation: Situation
    public let under26: Bool
    /// Whether they live in a priority neighbourhood.
    public let qpv: Bool

    /// Every profile the catalogue's quartiers allow (with and without a priority neighbourhood when it has both).
    public static func all(in catalogue: Catalogue) -> [VisitorProfile] {
        let kinds = [true, false].filter { qpv in catalogue.quartiers.contains { $0.qpv == qpv && $0.kind != .unknown } }
        return ProjectStage.allCases.flatMap { stage in
            Situation.allCases.flatMap { situation in
                [true, false].flatMap { under26 in
                    kinds.map { VisitorProfile(stage: stage, situation: situation, under26: under26, qpv: $0) }
                }
            }
        }
    }

    /// The answers of such a visitor ticking `needs`, with a quartier of the catalogue of their kind.
    public func answers(needs: [String], in catalogue: Catalogue) -> VisitorAnswers {
        let quartier = catalogue.quartiers.first { $0.qpv == qpv && $0.kind != .unknown }
        return VisitorAnswers(quartier: quartier?.id, stage: .given(stage), situation: .given(situation),
                              under26: .given(under26), needs: needs)
    }
}
