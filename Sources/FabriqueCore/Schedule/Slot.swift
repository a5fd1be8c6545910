public import Foundation

/// One bookable time: a part of a permanence on a given day, or a dated group session.
public struct Slot: Sendable, Hashable, Identifiable {
    /// Where a slot comes from.
    public enum Source: Sendable, Hashable {
        case permanence(String)
        case session(String)
    }

    /// Stable id derived from the rule and the local start: `adie-belle-beille/2026-12-01T09:00`.
    public let id: String
    public let source: Source
    public let partner: String
    /// The services that can be booked in this slot.
    public let services: [String]
    public let site: String
    /// The Paris day and wall-clock times, as the catalogue states them.
    public let date: LocalDate
    public let start: LocalTime
    public let end: LocalTime
    /// The same times as instants, through the calendar (daylight-saving aware).
    public let startInstant: Date
    public let endInstant: Date
    /// People the slot takes: 1 for a one-to-one appointment.
    public let capacity: Int

    /// Whether the slot is for a group (several people at once).
    public var isGroup: Bool { capacity > 1 }

    /// The stable id of the slot of rule `ruleID` starting at `start` on `date`.
    public static func makeID(rule ruleID: String, date: LocalDate, start: LocalTime) -> String {
        "\(ruleID)/\(date)T\(start)"
    }
}

extension LocalDate {
    /// The instant at wall-clock `time` on this day in Paris. `24:00` is midnight starting the next
    /// day; a time skipped by the spring change (02:30) becomes the first valid time after it.
    public func instant(at time: LocalTime) -> Date {
        let day = time.minutes == 1440 ? adding(days: 1) : self
        var components = DateComponents()
        components.year = day.year
        components.month = day.month
        components.day = day.day
        components.hour = time.minutes == 1440 ? 0 : time.hour
        components.minute = time.minutes == 1440 ? 0 : time.minute
        // A Gregorian calendar always resolves these components; the fallback is never reached.
        return Paris.calendar.date(from: components) ?? Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400)
    }
}
