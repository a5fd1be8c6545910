public import Foundation

/// A slot with the places still free in it.
public struct OpenSlot: Sendable, Hashable {
    public let slot: Slot
    public let remaining: Int

    /// Whether nobody more can book it.
    public var isFull: Bool { remaining <= 0 }
}

extension Schedule {
    /// How many weeks ahead the kiosk offers slots.
    public static let defaultHorizonDays = 42

    /// The slots of `service` that start after `now`, within `days`, with their free places given the
    /// active bookings per slot in `taken`; this place's slots first, then the others, each in time order.
    public func openSlots(service: String, after now: Date, days: Int = defaultHorizonDays,
                          taken: [String: Int], preferring site: String) -> [OpenSlot] {
        let all = slots(from: LocalDate(now), days: days, service: service)
            .filter { $0.startInstant > now }
            .map { OpenSlot(slot: $0, remaining: $0.capacity - taken[$0.id, default: 0]) }
        return all.filter { $0.slot.site == site } + all.filter { $0.slot.site != site }
    }

    /// The first slot of `service` with a free place: at `site` if it has one, else anywhere.
    public func nextFree(service: String, after now: Date, days: Int = defaultHorizonDays,
                         taken: [String: Int], preferring site: String) -> OpenSlot? {
        openSlots(service: service, after: now, days: days, taken: taken, preferring: site).first { !$0.isFull }
    }
}
