@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Calendar days, times of day and the --now clock")
struct TimeTests {
    @Test("day numbers round-trip over four centuries and weekdays are right")
    func dayNumbers() throws {
        let start = try #require(LocalDate("1900-01-01")).dayNumber
        for number in stride(from: start, to: start + 146_097 + 10, by: 1) {
            let date = LocalDate(dayNumber: number)
            #expect(date.dayNumber == number)
            #expect(LocalDate(year: date.year, month: date.month, day: date.day) == date)
        }
        #expect(LocalDate("2026-11-27")?.weekday == .friday)
        #expect(LocalDate("2017-03-07")?.weekday == .tuesday)
        #expect(LocalDate("2000-02-29")?.weekday == .tuesday)
        #expect(LocalDate("1970-01-01")?.dayNumber == 0)
    }

    @Test("only days that exist, in the strict form, are dates",
          arguments: ["2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "0999-10-09", "9999-12-31"])
    func validDates(text: String) {
        #expect(LocalDate(text)?.description == text)
        #expect(LocalDate(text).map { RecordFiles.monthName(of: $0) } == String(text.prefix(7)))
    }

    @Test("malformed or impossible dates are refused",
          arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-04-31", "2026-1-05", "26-01-05", "2026/01/05", "", "2026-01-0x",
                     "２０２６-01-05", "2026-01-05 ", " 2026-01-05", "2026-01-5Z", "+026-01-05", "2026-00-10", "2026-01-00", "2026-١-05", "0000-01-01"])
    func invalidDates(text: String) {
        #expect(LocalDate(text) == nil)
    }

    @Test("months step over year ends and February")
    func months() throws {
        #expect(try #require(LocalDate("2026-12-31")).nextMonth == LocalDate("2027-01-01"))
        #expect(try #require(LocalDate("2024-02-10")).nextMonth == LocalDate("2024-03-01"))
        let list = LocalDate.months(from: try #require(LocalDate("2026-11-27")), through: try #require(LocalDate("2027-02-01")))
        #expect(list.map(\.description) == ["2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"])
        #expect(LocalDate.months(from: try #require(LocalDate("2027-02-01")), through: try #require(LocalDate("2027-01-31"))).isEmpty)
    }

    @Test("times of day: HH:MM up to 24:00")
    func times() {
        #expect(LocalTime("09:30")?.minutes == 570)
        #expect(LocalTime("24:00")?.minutes == 1440)
        #expect(LocalTime("24:01") == nil)
        #expect(LocalTime("25:00") == nil)
        #expect(LocalTime("9:30") == nil)
        #expect(LocalTime("09:60") == nil)
        #expect(LocalTime("00:00")?.description == "00:00")
    }

    @Test("weekly rules with an interval count weeks from the first valid week")
    func weeklyRecurrence() throws {
        let anchor = try #require(LocalDate("2026-11-04"))  // a Wednesday
        let rule = Recurrence.weekly(interval: 2, weekdays: [.monday, .thursday])
        // Week of 2026-11-02 is week 0: Thursday 5th falls, the week after does not.
        #expect(rule.falls(on: try #require(LocalDate("2026-11-02")), anchor: anchor))
        #expect(rule.falls(on: try #require(LocalDate("2026-11-05")), anchor: anchor))
        #expect(!rule.falls(on: try #require(LocalDate("2026-11-12")), anchor: anchor))
        #expect(rule.falls(on: try #require(LocalDate("2026-11-19")), anchor: anchor))
        #expect(!rule.falls(on: try #require(LocalDate("2026-11-20")), anchor: anchor))
        // Across a year boundary the count goes on.
        #expect(rule.falls(on: try #require(LocalDate("2026-12-31")), anchor: anchor))
        #expect(!rule.falls(on: try #require(LocalDate("2027-01-07")), anchor: anchor))
    }

    @Test("monthly rules: nth weekday and last weekday of the month")
    func monthlyRecurrence() throws {
        let anchor = try #require(LocalDate("2017-03-01"))
        let first = Recurrence.monthly(nth: 1, weekday: .tuesday)
        let last = Recurrence.monthly(nth: -1, weekday: .friday)
        let fifth = Recurrence.monthly(nth: 5, weekday: .sunday)
        #expect(first.falls(on: try #require(LocalDate("2026-12-01")), anchor: anchor))
        #expect(!first.falls(on: try #require(LocalDate("2026-12-08")), anchor: anchor))
        #expect(last.falls(on: try #require(LocalDate("2026-11-27")), anchor: anchor))
        #expect(!last.falls(on: try #require(LocalDate("2026-11-20")), anchor: anchor))
        #expect(last.falls(on: try #require(LocalDate("2024-02-23")), anchor: anchor))
        #expect(fifth.falls(on: try #require(LocalDate("2026-11-29")), anchor: anchor))
        #expect(!fifth.falls(on: try #require(LocalDate("2026-11-22")), anchor: anchor))
    }

    @Test("--now accepts an offset, Z, or Paris wall-clock time")
    func instants() throws {
        let withOffset = try #require(InstantParser.parse("2017-03-07T09:30:00+01:00"))
        #expect(withOffset.timeIntervalSince1970 == 1_488_875_400)
        #expect(InstantParser.parse("2017-03-07T08:30:00Z") == withOffset)
        // Without an offset: Paris, winter (UTC+1) and summer (UTC+2).
        #expect(InstantParser.parse("2017-03-07T09:30:00") == withOffset)
        #expect(InstantParser.parse("2017-03-07T09:30") == withOffset)
        let summer = try #require(InstantParser.parse("2026-07-01T12:00:00"))
        #expect(summer == InstantParser.parse("2026-07-01T10:00:00Z"))
    }

    @Test("malformed instants are refused",
          arguments: ["2017-03-07", "2017-03-07T25:00:00", "2017-03-07T09:30:00+1", "07/03/2017 09:30", "now", "2017-02-30T10:00:00"])
    func invalidInstants(text: String) {
        #expect(InstantParser.parse(text) == nil)
    }

    @Test("a clock started with --now runs forward from it")
    func startedClock() throws {
        let start = try #require(InstantParser.parse("2026-11-27T10:00:00"))
        let clock = Clock.starting(at: start)
        let first = clock.now()
        #expect(first >= start)
        #expect(first.timeIntervalSince(start) < 60)
        #expect(clock.now() >= first)
        #expect(LocalDate(first) == LocalDate("2026-11-27"))
    }

    @Test("the day of an instant is the Paris day")
    func parisDay() throws {
        let lateUTC = try #require(InstantParser.parse("2026-11-27T23:30:00Z"))
        #expect(LocalDate(lateUTC) == LocalDate("2026-11-28"))
    }

    @Test("Paris time from the summer-time rule equals the system's Europe/Paris: every quarter hour of 1996–2060, each minute of the change days")
    func parisAgainstTimeZoneData() throws {
        let zone = ICUParis.timeZone
        let calendar = ICUParis.calendar
        var offsets = 0
        var walls = 0
        var instants = 0
        var differences: [String] = []
        func differ(_ text: String) { if differences.count < 10 { differences.append(text) } }
        let first = try #require(LocalDate("1996-01-01")).dayNumber * 86_400
        let last = try #require(LocalDate("2061-01-01")).dayNumber * 86_400
        // Offsets every quarter hour; the day and time of day every 97 minutes (crossing every minute
        // of the day over the years) and at every 15 minutes around each change.
        for second in stride(from: first, to: last, by: 900) {
            let instant = Date(timeIntervalSince1970: Double(second) + 0.75)
            if Paris.offset(at: instant) != zone.secondsFromGMT(for: instant) { differ("offset \(instant)") }
            offsets += 1
        }
        for second in stride(from: first, to: last, by: 97 * 60 + 13) {
            let instant = Date(timeIntervalSince1970: Double(second) + 0.5)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
            let wall = Paris.wall(instant)
            if wall.day.year != parts.year || wall.day.month != parts.month || wall.day.day != parts.day
                || wall.hour != parts.hour || wall.minute != parts.minute || wall.second % 60 != parts.second {
                differ("wall \(instant): \(wall) \(parts)")
            }
            walls += 1
        }
        // Wall-clock times to instants, each minute of the days the clock changes and of the days
        // around them: skipped times (02:30 in March) and repeated ones (02:30 in October) included.
        for year in 1996...2060 {
            for month in [3, 10] {
                let lastDay = try #require(LocalDate(year: year, month: month, day: 31))
                let sunday = lastDay.adding(days: -(((Weekday.allCases.firstIndex(of: lastDay.weekday) ?? 0) + 1) % 7))
                for day in [sunday.adding(days: -1), sunday, sunday.adding(days: 1)] {
                    for minute in 0...1440 {
                        var components = DateComponents()
                        components.year = day.year
                        components.month = day.month
                        components.day = day.day
                        components.hour = minute / 60
                        components.minute = minute % 60
                        let expected = try #require(calendar.date(from: components))
                        let got = Paris.instant(day: day, second: minute * 60)
                        if got != expected { differ("instant \(day) \(minute / 60):\(minute % 60): \(got) \(expected)") }
                        instants += 1
                    }
                }
            }
        }
        #expect(differences.isEmpty, "\(differences)")
        #expect(offsets == 2_279_232)
        print("Paris: \(offsets) offsets, \(walls) wall-clock readings and \(instants) wall-clock instants equal Foundation's Europe/Paris")
    }

    @Test("records stamp times as Foundation's ISO 8601 in Paris did, and logs in UTC")
    func recordStrings() throws {
        var style = Date.ISO8601FormatStyle(timeZone: ICUParis.timeZone)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        var random = SplitMix64(state: 15)
        for _ in 0..<20_000 {
            // 1996 to 2060, fractions of a second included.
            let seconds = 820_454_400 + Double(random.next() % 2_019_686_400) + Double(random.next() % 1000) / 1000
            let instant = Date(timeIntervalSince1970: seconds)
            #expect(Paris.recordString(instant) == instant.formatted(style))
            #expect(Paris.utcString(instant) == instant.formatted(.iso8601))
        }
        #expect(Paris.recordString(Date(timeIntervalSince1970: 1_488_875_400)) == "2017-03-07T09:30:00+01:00")
        // Instants no record holds do not trap.
        for extreme in [Date.distantPast, Date.distantFuture, Date(timeIntervalSince1970: .infinity), Date(timeIntervalSince1970: -.infinity)] {
            _ = Paris.recordString(extreme)
            _ = Paris.wall(extreme)
        }
    }
}
