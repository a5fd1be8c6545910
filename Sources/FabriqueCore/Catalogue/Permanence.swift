/// How a permanence repeats.
public enum Recurrence: Sendable, Hashable, Codable {
    /// Every `interval` weeks on the given weekdays, weeks counted from the week of the first valid day.
    case weekly(interval: Int, weekdays: [Weekday])
    /// The `nth` given weekday of each month (1 to 5; -1 for the last).
    case monthly(nth: Int, weekday: Weekday)

    private enum Frequency: String, CaseIterable, Codable {
        case weekly, monthly
        init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
    }

    private enum CodingKeys: String, CodingKey { case frequency, interval, weekdays, nth, weekday }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Frequency.self, forKey: .frequency) {
        case .weekly:
            self = .weekly(interval: try container.decodeIfPresent(Int.self, forKey: .interval) ?? 1,
                           weekdays: try container.decode([Weekday].self, forKey: .weekdays))
        case .monthly:
            self = .monthly(nth: try container.decode(Int.self, forKey: .nth),
                            weekday: try container.decode(Weekday.self, forKey: .weekday))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .weekly(let interval, let weekdays):
            try container.encode(Frequency.weekly, forKey: .frequency)
            try container.encode(interval, forKey: .interval)
            try container.encode(weekdays, forKey: .weekdays)
        case .monthly(let nth, let weekday):
            try container.encode(Frequency.monthly, forKey: .frequency)
            try container.encode(nth, forKey: .nth)
            try container.encode(weekday, forKey: .weekday)
        }
    }

    /// Whether the rule falls on `date`, for a rule whose weeks are counted from `anchor`.
    public func falls(on date: LocalDate, anchor: LocalDate) -> Bool {
        switch self {
        case .weekly(let interval, let weekdays):
            guard weekdays.contains(date.weekday), interval >= 1 else { return false }
            let mondayOfAnchor = anchor.adding(days: -anchor.weekday.index)
            let weeks = (date.dayNumber - mondayOfAnchor.dayNumber).floorDivided(by: 7)
            return weeks.modulo(interval) == 0
        case .monthly(let nth, let weekday):
            guard date.weekday == weekday else { return false }
            if nth == -1 {
                return date.day + 7 > LocalDate.daysIn(month: date.month, year: date.year)
            }
            return (date.day - 1) / 7 + 1 == nth
        }
    }
}

extension Weekday {
    /// 0 for Monday through 6 for Sunday.
    public var index: Int { Weekday.allCases.firstIndex(of: self) ?? 0 }
}

extension Int {
    /// Division rounding towards minus infinity.
    func floorDivided(by divisor: Int) -> Int {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    /// The remainder that is never negative for a positive divisor.
    func modulo(_ divisor: Int) -> Int {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}

/// A partner's recurring office hours at a place, cut into bookable slots.
public struct Permanence: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let partner: String
    /// The services that can be booked in it (ids of the partner's services).
    public let services: [String]
    public let site: String
    public let recurrence: Recurrence
    /// Wall-clock start in Paris.
    public let start: LocalTime
    /// Wall-clock end in Paris (`24:00` for midnight).
    public let end: LocalTime
    public let slotMinutes: Int
    /// People per slot: 1 for a one-to-one appointment, more for a group.
    public let capacity: Int
    public let validFrom: LocalDate
    /// The last day it runs, or nil when open-ended.
    public let validUntil: LocalDate?
    /// Days it does not take place although the rule says it would.
    public let cancelled: [LocalDate]

    private enum CodingKeys: String, CodingKey {
        case id, partner, services, site, recurrence, start, end, slotMinutes, capacity
        case validFrom, validUntil, cancelled
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        partner = try container.decode(String.self, forKey: .partner)
        services = try container.decode([String].self, forKey: .services)
        site = try container.decode(String.self, forKey: .site)
        recurrence = try container.decode(Recurrence.self, forKey: .recurrence)
        start = try container.decode(LocalTime.self, forKey: .start)
        end = try container.decode(LocalTime.self, forKey: .end)
        slotMinutes = try container.decode(Int.self, forKey: .slotMinutes)
        capacity = try container.decode(Int.self, forKey: .capacity)
        validFrom = try container.decode(LocalDate.self, forKey: .validFrom)
        validUntil = try container.decodeIfPresent(LocalDate.self, forKey: .validUntil)
        cancelled = try container.decodeIfPresent([LocalDate].self, forKey: .cancelled) ?? []
    }

    /// Whether the permanence takes place on `date` (validity, rule and cancellations; not closures).
    public func takesPlace(on date: LocalDate) -> Bool {
        guard date >= validFrom, validUntil.map({ date <= $0 }) ?? true else { return false }
        return recurrence.falls(on: date, anchor: validFrom) && !cancelled.contains(date)
    }
}
