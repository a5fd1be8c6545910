/// The characters Foundation's `.whitespacesAndNewlines` holds (Unicode's White_Space, and the
/// zero-width space U+200B), checked scalar by scalar against their fixed list, so that no NSString
/// is made on the kiosk's way to its first frame (a test holds the list to Foundation's).
public enum Blank {
    /// Whether `scalar` is one of Foundation's 26 blanks (White_Space's 25 code points and U+200B).
    public static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// Whether `text` holds nothing but white space (or nothing at all).
    public static func isBlank(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.allSatisfy(isBlank)
    }

    /// `text` without the white space at either end; line breaks (U+000A to U+000D, U+0085, U+2028,
    /// U+2029) are kept when `keepingLineBreaks`, as Foundation's `.whitespaces` does.
    public static func trimmed(_ text: String, keepingLineBreaks: Bool = false) -> Substring {
        func trims(_ scalar: Unicode.Scalar) -> Bool {
            guard isBlank(scalar) else { return false }
            guard keepingLineBreaks else { return true }
            return !((0x0A...0x0D).contains(scalar.value) || [0x85, 0x2028, 0x2029].contains(scalar.value))
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !trims($0) }), let last = scalars.lastIndex(where: { !trims($0) }) else { return "" }
        return Substring(scalars[first...last])
    }
}
