/// Checks and normalises what a visitor types about themselves.
public enum Contact {
    /// Longest name kept, in characters.
    public static let nameLimit = 40

    /// A cleaned name (no control characters or escape sequences, spaces folded), or nil when
    /// nothing that looks like a name is left.
    public static func name(_ text: String) -> String? {
        let cleaned = String(TextSanitizer.clean(text).prefix(nameLimit))
        return cleaned.contains(where: \.isLetter) ? cleaned : nil
    }

    /// A French or international phone number in E.164 form (`+33612345678`), or nil.
    /// Accepts `06 12 34 56 78`, `06.12.34.56.78`, `+33 6 12 34 56 78`, `0033 6…`, `+44 20 …`;
    /// an international number has 10 to 15 digits with its country code.
    public static func phone(_ text: String) -> String? {
        let cleaned = TextSanitizer.clean(text)
        guard !cleaned.isEmpty, !cleaned.dropFirst().contains("+"),
              cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || " .-()+/".contains($0)) }) else { return nil }
        var digits = cleaned.filter(\.isNumber)
        if !cleaned.hasPrefix("+") {
            if digits.hasPrefix("00") {
                digits.removeFirst(2)
            } else {
                // A national French number: ten digits, a leading zero, then not a zero.
                guard digits.count == 10, digits.hasPrefix("0"), digits.dropFirst().first != "0" else { return nil }
                return "+33" + digits.dropFirst()
            }
        }
        if digits.hasPrefix("33") {
            // Written +33 (0)6…: the trunk zero is dropped.
            var national = digits.dropFirst(2)
            if national.first == "0" { national = national.dropFirst() }
            guard national.count == 9, national.first != "0" else { return nil }
            return "+33" + national
        }
        guard (10...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }

    /// A French phone number for reading: `06 12 34 56 78`; other countries stay in E.164.
    public static func displayPhone(_ e164: String) -> String {
        guard e164.hasPrefix("+33"), e164.count == 12 else { return e164 }
        let national = Array("0" + e164.dropFirst(3))
        return stride(from: 0, to: national.count, by: 2).map { String(national[$0..<min($0 + 2, national.count)]) }
            .joined(separator: " ")
    }

    /// A plausible e-mail address, trimmed and lower-cased in its domain, or nil.
    public static func email(_ text: String) -> String? {
        let cleaned = TextSanitizer.clean(text)
        let parts = cleaned.split(separator: "@", omittingEmptySubsequences: false)
        guard cleaned.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              !cleaned.contains(" "), !cleaned.contains(where: { $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }) else { return nil }
        let domain = parts[1].lowercased()
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
              (labels.last?.count ?? 0) >= 2 else { return nil }
        return parts[0] + "@" + domain
    }
}
