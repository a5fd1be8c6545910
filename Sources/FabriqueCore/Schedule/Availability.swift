public import Foundation

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

    /// The first slot with a free place of each of `services` (at `site` if it has one, else anywhere),
    /// from one pass over the schedule.
    public func nextFree(services: Set<String>, after now: Date, taken: [String: Int], preferring site: String) -> [String: OpenSlot] {
        guard !services.isEmpty else { return [:] }
        var here: [String: OpenSlot] = [:]
        var anywhere: [String: OpenSlot] = [:]
        for slot in slots(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, services: services) where isBookable(slot, at: now) {
            let open = OpenSlot(slot: slot, remaining: slot.capacity - taken[slot.id, default: 0])
            guard !open.isFull else { continue }
            for service in slot.services where services.contains(service) {
                if anywhere[service] == nil { anywhere[service] = open }
                if slot.site == site, here[service] == nil { here[service] = open }
            }
        }
        return anywhere.merging(here) { _, atThisPlace in atThisPlace }
    }
}
