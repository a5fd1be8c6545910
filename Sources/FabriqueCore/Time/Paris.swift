public import Foundation

/// The time zone and calendar every place of the Fabrique lives by.
public enum Paris {
    /// Europe/Paris; the fixed offset is only a fallback for a system without time-zone data.
    public static let timeZone: TimeZone =
        TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? TimeZone.current

    /// A Gregorian calendar in Europe/Paris, weeks starting on Monday.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }()
}
