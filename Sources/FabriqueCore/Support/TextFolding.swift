import Foundation

/// Text as compared for searching and for "same person": no case, accents, ligatures or punctuation.
public enum TextFolding {
    /// `Œuvray-Nguyễn` → `oeuvray nguyen`.
    public static func fold(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) }).joined(separator: " ")
    }
}
