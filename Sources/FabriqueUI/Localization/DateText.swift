public import FabriqueCore
public import Foundation

/// Dates written the way people read them, in Paris time: `vendredi 27 novembre 2026`.
public enum DateText {
    /// The day of `instant` in Paris, written in full in `language`.
    public static func longDay(_ instant: Date, _ language: Language) -> String {
        var style = Date.FormatStyle(date: .complete, time: .omitted,
                                     locale: locale(language), calendar: Paris.calendar, timeZone: Paris.timeZone)
        style = style.weekday(.wide).day(.defaultDigits).month(.wide).year(.defaultDigits)
        return instant.formatted(style)
    }

    /// A day in figures, as French and British readers write it and spreadsheets read it: `28/11/2026`.
    public static func shortDate(_ day: LocalDate) -> String {
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(day.day))/\(two(day.month))/\(day.year)"
    }

    /// The locale whose conventions a language's dates follow.
    public static func locale(_ language: Language) -> Locale {
        switch language {
        case .fr: return Locale(identifier: "fr_FR")
        case .en: return Locale(identifier: "en_GB")
        }
    }
}

extension DateText {
    /// The weekday, day and month without the year: `mardi 1 décembre`.
    public static func dayWithoutYear(_ instant: Date, _ language: Language) -> String {
        let style = Date.FormatStyle(date: .omitted, time: .omitted, locale: locale(language),
                                     calendar: Paris.calendar, timeZone: Paris.timeZone)
            .weekday(.wide).day(.defaultDigits).month(.wide)
        return instant.formatted(style)
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
        let parts = Paris.calendar.dateComponents([.hour, .minute], from: instant)
        return time(LocalTime(hour: parts.hour ?? 0, minute: parts.minute ?? 0) ?? LocalTime.midnight, language)
    }

    /// A time of day as spreadsheets read it: `09:05` (Paris time).
    public static func clock(_ instant: Date) -> String {
        let parts = Paris.calendar.dateComponents([.hour, .minute], from: instant)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0))"
    }

    /// An appointment's start in full: `mardi 7 mars 2017 à 9 h 30`.
    public static func appointment(_ instant: Date, _ strings: Strings) -> String {
        strings.text(.dateAppointment, ["day": longDay(instant, strings.language), "time": time(instant, strings.language)])
    }
}
