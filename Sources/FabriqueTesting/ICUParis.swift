public import Foundation

/// Foundation's Europe/Paris (ICU's zone data), the reference the kiosk's own `Paris` is held to.
public enum ICUParis {
    /// Europe/Paris from the system's time-zone data.
    public static let timeZone: TimeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(secondsFromGMT: 3600) ?? .gmt

    /// A Gregorian calendar in Europe/Paris, weeks starting on Monday.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.firstWeekday = 2
        return calendar
    }()
}
