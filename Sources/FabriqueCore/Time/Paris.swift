public import FoundationEssentials

/// The clock every place of the Fabrique lives by: Europe/Paris, computed from the European Union's
/// summer-time rule instead of the system's time-zone database.
///
/// Foundation's `TimeZone(identifier:)` loads ICU's zone data: 2 ms of every start and 5 MB of memory
/// (issue 15), for a rule France has kept since 1996 — UTC+1, and UTC+2 from 01:00 UTC on the last
/// Sunday of March to 01:00 UTC on the last Sunday of October. A test holds this to Foundation's
/// Europe/Paris for every quarter of an hour of 1996–2060. Before 1996 France ended summer time in
/// September; no record of the Fabrique is that old.
public enum Paris {
    /// A Paris wall-clock reading: the day and the seconds since its midnight.
    public struct Wall: Sendable, Hashable {
        /// The Paris day.
        public let day: LocalDate
        /// Seconds since the day's midnight, 0 to 86,399.
        public let second: Int
        /// The hour, 0 to 23.
        public var hour: Int { second / 3600 }
        /// The minute within the hour.
        public var minute: Int { second / 60 % 60 }
    }

    /// Seconds east of UTC in Paris at `instant`: 3,600 in winter, 7,200 in summer.
    public static func offset(at instant: Date) -> Int {
        offset(atUTCSecond: utcSecond(instant))
    }

    /// The Paris day and time of day at `instant` (fractions of a second dropped).
    public static func wall(_ instant: Date) -> Wall {
        let local = utcSecond(instant) + offset(at: instant)
        let day = floorDivision(local, 86_400)
        return Wall(day: LocalDate(dayNumber: day), second: local - day * 86_400)
    }

    /// The instant of the wall-clock `second` of `day` in Paris. A time the spring change skips
    /// (02:30) is taken at the winter offset, so it becomes the same time after the change (03:30);
    /// a time the autumn change repeats is its first occurrence, in summer time — as Foundation's
    /// calendar does.
    public static func instant(day: LocalDate, second: Int) -> Date {
        let wall = day.dayNumber * 86_400 + second
        let summer = wall - 7_200
        let utc = offset(atUTCSecond: summer) == 7_200 ? summer : wall - 3_600
        return Date(timeIntervalSince1970: Double(utc))
    }

    /// `2017-03-07T09:30:00+01:00`: the instant in Paris with its offset, as records store it.
    public static func recordString(_ instant: Date) -> String {
        let wall = wall(instant)
        let hours = offset(at: instant) / 3600
        return "\(wall.day)T\(twoDigits(wall.hour)):\(twoDigits(wall.minute)):\(twoDigits(wall.second % 60))+0\(hours):00"
    }

    /// `2017-03-07T08:30:00Z`: the instant in UTC, as log lines are stamped.
    public static func utcString(_ instant: Date) -> String {
        let utc = utcSecond(instant)
        let day = floorDivision(utc, 86_400)
        let second = utc - day * 86_400
        let time = "\(twoDigits(second / 3600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))"
        return "\(LocalDate(dayNumber: day))T\(time)Z"
    }

    private static func offset(atUTCSecond utc: Int) -> Int {
        let year = LocalDate(dayNumber: floorDivision(utc, 86_400)).year
        let summerStarts = lastSunday(month: 3, year: year) * 86_400 + 3_600
        let summerEnds = lastSunday(month: 10, year: year) * 86_400 + 3_600
        return utc >= summerStarts && utc < summerEnds ? 7_200 : 3_600
    }

    /// The day number of the last Sunday of a 31-day month.
    private static func lastSunday(month: Int, year: Int) -> Int {
        let last = (LocalDate(year: year, month: month, day: 31) ?? LocalDate(dayNumber: 0)).dayNumber
        // Day 0, 1970-01-01, was a Thursday: four days after a Sunday.
        return last - ((last % 7 + 7 + 4) % 7)
    }

    private static func utcSecond(_ instant: Date) -> Int {
        // Within years 1 to 9999 either way, so that no instant can trap the conversion.
        let seconds = instant.timeIntervalSince1970
        guard seconds.isFinite else { return 0 }
        return Int(min(max(seconds, -62_135_596_800), 253_402_300_799).rounded(.down))
    }

    private static func floorDivision(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    private static func twoDigits(_ n: Int) -> String { SystemText.padded(n, width: 2) }
}
