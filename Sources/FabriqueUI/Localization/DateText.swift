public import FabriqueCore
public import FoundationEssentials

/// Dates written the way people read them, in Paris time: `vendredi 27 novembre 2026`.
public enum DateText {
    /// A day written in full from the language file's names and order: `vendredi 27 novembre 2026`,
    /// "Friday, 27 November 2026" (the same strings ICU's `fr_FR` and `en_GB` give; a test compares every
    /// day of 2017–2030), without loading ICU's locale data.
    public static func longDay(_ day: LocalDate, _ strings: Strings) -> String {
        strings.text(.dateLong, names(day, strings))
    }

    /// The Paris day of `instant`, written in full.
    public static func longDay(_ instant: Date, _ strings: Strings) -> String {
        longDay(LocalDate(instant), strings)
    }

    /// The words and numbers a date template takes.
    static func names(_ day: LocalDate, _ strings: Strings) -> [String: String] {
        ["weekday": strings.text(weekdayKeys[Weekday.allCases.firstIndex(of: day.weekday) ?? 0]), "day": "\(day.day)", "month": strings.text(monthKeys[day.month - 1]),
         "year": "\(day.year)"]
    }

    static let weekdayKeys: [StringKey] = [.dateWeekdayMonday, .dateWeekdayTuesday, .dateWeekdayWednesday, .dateWeekdayThursday,
                                           .dateWeekdayFriday, .dateWeekdaySaturday, .dateWeekdaySunday]
    static let monthKeys: [StringKey] = [.dateMonthM1, .dateMonthM2, .dateMonthM3, .dateMonthM4, .dateMonthM5, .dateMonthM6,
                                         .dateMonthM7, .dateMonthM8, .dateMonthM9, .dateMonthM10, .dateMonthM11, .dateMonthM12]

    /// A day in figures, as French and British readers write it and spreadsheets read it: `28/11/2026`.
    public static func shortDate(_ day: LocalDate) -> String {
        "\(SystemText.padded(day.day, width: 2))/\(SystemText.padded(day.month, width: 2))/\(day.year)"
    }
}

extension DateText {
    /// The weekday, day and month without the year: `mardi 1 décembre`, "Tuesday 1 December".
    public static func dayWithoutYear(_ instant: Date, _ strings: Strings) -> String {
        strings.text(.dateWithoutYear, names(LocalDate(instant), strings))
    }

    /// A wall-clock time the way each language says it: `9 h 30`, `14 h` in French; `9:30` in English.
    public static func time(_ time: LocalTime, _ language: Language) -> String {
        switch language {
        case .fr:
            return time.minute == 0 ? "\(time.hour) h" : "\(time.hour) h \(time.minute < 10 ? "0" : "")\(time.minute)"
        case .en:
            return "\(time.hour):\(time.minute < 10 ? "0" : "")\(time.minute)"
        }
    }

    /// The wall-clock time of an instant in Paris.
    public static func time(_ instant: Date, _ language: Language) -> String {
        let wall = Paris.wall(instant)
        return time(LocalTime(hour: wall.hour, minute: wall.minute) ?? LocalTime.midnight, language)
    }

    /// A time of day as spreadsheets read it: `09:05` (Paris time).
    public static func clock(_ instant: Date) -> String {
        let wall = Paris.wall(instant)
        return "\(SystemText.padded(wall.hour, width: 2)):\(SystemText.padded(wall.minute, width: 2))"
    }

    /// An appointment's start in full: `mardi 7 mars 2017 à 9 h 30`.
    public static func appointment(_ instant: Date, _ strings: Strings) -> String {
        strings.text(.dateAppointment, ["day": longDay(instant, strings), "time": time(instant, strings.language)])
    }
}
