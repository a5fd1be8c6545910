public import FoundationEssentials

/// A slot with the places still free in it.
public struct OpenSlot: Sendable, Hashable {
    public let slot: Slot
    public let remaining: Int

    /// A slot with `remaining` free places.
    public init(slot: Slot, remaining: Int) {
        self.slot = slot
        self.remaining = remaining
    }

    /// Whether nobody more can book it.
    public var isFull: Bool { remaining <= 0 }
}

extension Schedule {
    /// Whether the rules let a slot be booked at `now`: it starts after the minimum notice and within the horizon.
    public func isBookable(_ slot: Slot, at now: Date) -> Bool {
        let rules = catalogue.rules
        return slot.startInstant >= now.addingTimeInterval(Double(rules.minimumNoticeMinutes) * 60)
            && slot.date <= LocalDate(now).adding(days: rules.horizonDays)
    }

    /// The slots of `service` the rules let a visitor book at `now`, with their free places given the
    /// active bookings per slot in `taken`; this place's slots first, then the others, each in time order.
    public func openSlots(service: String, after now: Date, taken: [String: Int], preferring site: String) -> [OpenSlot] {
        let all = slots(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, service: service)
            .filter { isBookable($0, at: now) }
            .map { OpenSlot(slot: $0, remaining: $0.capacity - taken[$0.id, default: 0]) }
        return all.filter { $0.slot.site == site } + all.filter { $0.slot.site != site }
    }

    /// The first slot of `service` with a free place: at `site` if it has one, else anywhere.
    public func nextFree(service: String, after now: Date, taken: [String: Int], preferring site: String) -> OpenSlot? {
        nextFree(services: [service], after: now, taken: taken, preferring: site)[service]
    }

    /// The first slot with a free place of each of `services` (at `site` if it has one, else anywhere).
    /// Each permanence is read day by day only until its first free slot, so the cost grows with the
    /// services asked about and the days looked at, not with the whole horizon of the catalogue.
    public func nextFree(services: Set<String>, after now: Date, taken: [String: Int], preferring site: String) -> [String: OpenSlot] {
        guard !services.isEmpty else { return [:] }
        let from = LocalDate(now)
        let last = from.adding(days: catalogue.rules.horizonDays)
        let closures = catalogue.closures.filter { $0.to >= from && $0.from <= last }
        func isOpen(partner: String, site: String, on day: LocalDate) -> Bool {
            self.isOpen(partner: partner, site: site, on: day, closures: closures)
        }
        var here: [String: OpenSlot] = [:]
        var anywhere: [String: OpenSlot] = [:]
        func offer(_ slot: Slot) -> Bool {
            guard isBookable(slot, at: now) else { return false }
            let open = OpenSlot(slot: slot, remaining: slot.capacity - taken[slot.id, default: 0])
            guard !open.isFull else { return false }
            func earlier(_ other: OpenSlot?) -> Bool {
                guard let other else { return true }
                return (slot.startInstant, slot.site, slot.id) < (other.slot.startInstant, other.slot.site, other.slot.id)
            }
            for service in slot.services where services.contains(service) {
                if earlier(anywhere[service]) { anywhere[service] = open }
                if slot.site == site, earlier(here[service]) { here[service] = open }
            }
            return true
        }
        for permanence in catalogue.permanences where permanence.services.contains(where: services.contains) {
            guard permanence.slotMinutes > 0, permanence.start < permanence.end else { continue }
            var day = max(from, permanence.validFrom)
            let end = min(last, permanence.validUntil ?? last)
            search: while day <= end {
                if permanence.takesPlace(on: day) && isOpen(partner: permanence.partner, site: permanence.site, on: day) {
                    for slot in cut(permanence, on: day) where offer(slot) { break search }
                }
                day = day.adding(days: 1)
            }
        }
        for session in catalogue.sessions where services.contains(session.service) && session.date >= from && session.date <= last
            && session.start < session.end && isOpen(partner: session.partner, site: session.site, on: session.date) {
            _ = offer(slot(of: session))
        }
        return anywhere.merging(here) { _, atThisPlace in atThisPlace }
    }
}
