/// The `null` of a JSON object built as `[String: Any]` for `JSONOutput`.
public struct JSONNull: Sendable, Equatable {
    /// The null value.
    public init() {}
}

/// Writes the JSON the commands print (`--json`): keys sorted (`KeyOrder`), two-space indents, slashes as they are,
/// as Foundation's `JSONSerialization` wrote it with `.sortedKeys, .prettyPrinted,
/// .withoutEscapingSlashes` before the program left Foundation.
public enum JSONOutput {
    /// `value` (a `[String: Any]`, an array, a string, a number, a Boolean or `JSONNull`) as JSON text;
    /// nil when it holds something else.
    public static func text(_ value: Any, pretty: Bool = true) -> String? {
        var output = ""
        guard write(value, into: &output, indent: pretty ? 0 : nil) else { return nil }
        return output
    }

    private static func write(_ value: Any, into output: inout String, indent: Int?) -> Bool {
        switch value {
        case let flag as Bool: output += flag ? "true" : "false"
        case let number as Int: output += String(number)
        case let number as any BinaryInteger: output += "\(number)"
        case let number as Float: return write(Double(number), into: &output, indent: indent)
        case let number as Double:
            guard number.isFinite else { return false }
            // Whole numbers without a fraction, as JSONSerialization writes them.
            output += number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case let text as String: quote(text, into: &output)
        case is JSONNull: output += "null"
        case let object as [String: Any]:
            return writeContainer(object.sorted { KeyOrder.precedes($0.key, $1.key) }, open: "{", close: "}", into: &output, indent: indent) { member, output in
                quote(member.key, into: &output)
                output += indent == nil ? ":" : " : "
                return write(member.value, into: &output, indent: indent.map { $0 + 2 })
            }
        case let array as [Any]:
            return writeContainer(array, open: "[", close: "]", into: &output, indent: indent) { element, output in
                write(element, into: &output, indent: indent.map { $0 + 2 })
            }
        default: return false
        }
        return true
    }

    private static func writeContainer<Element>(_ elements: [Element], open: String, close: String, into output: inout String,
                                                indent: Int?, element: (Element, inout String) -> Bool) -> Bool {
        output += open
        guard !elements.isEmpty else {
            // An empty pretty container is an empty line between its brackets, as Foundation wrote it.
            output += indent.map { "\n\n" + String(repeating: " ", count: $0) } ?? ""
            output += close
            return true
        }
        let inner = indent.map { "\n" + String(repeating: " ", count: $0 + 2) } ?? ""
        for (index, item) in elements.enumerated() {
            if index > 0 { output += "," }
            output += inner
            guard element(item, &output) else { return false }
        }
        output += indent.map { "\n" + String(repeating: " ", count: $0) } ?? ""
        output += close
        return true
    }

    private static func quote(_ text: String, into output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
