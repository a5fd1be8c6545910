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

    /// The locale whose conventions a language's dates follow.
    public static func locale(_ language: Language) -> Locale {
        switch language {
        case .fr: return Locale(identifier: "fr_FR")
        case .en: return Locale(identifier: "en_GB")
        }
    }
}
