public import FoundationEssentials

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
    /// day; a time skipped by the spring change (02:30) is the same time after it (03:30).
    public func instant(at time: LocalTime) -> Date {
        Paris.instant(day: self, second: time.minutes * 60)
    }
}

/// The instants of one Paris day's wall-clock times, with the day's daytime UTC offset found once
/// (cutting a permanence into slots asks for many times of the same day).
struct DayClock {
    let day: LocalDate
    /// The offset in force from 04:00 to midnight: the clock changes at 02:00 or 03:00.
    private let daytimeOffset: Int

    init(_ day: LocalDate) {
        self.day = day
        let noon = Double(day.dayNumber) * 86_400 + 12 * 3600
        daytimeOffset = Paris.offset(at: Date(timeIntervalSince1970: noon - 3 * 3600))
    }

    /// The instant of `time` on the day.
    func instant(at time: LocalTime) -> Date {
        guard time.minutes >= 4 * 60 && time.minutes < 1440 else { return day.instant(at: time) }
        return Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + Double(time.minutes) * 60 - Double(daytimeOffset))
    }
}
