import FoundationEssentials

/// CSV that opens in LibreOffice Calc and Excel with French text: UTF-8 with a byte-order mark,
/// `;` between fields, CRLF line ends, and cells that a spreadsheet would run as a formula neutralised.
public enum CSV {
    /// The separator: `;`, as French spreadsheets expect (`,` is their decimal sign).
    public static let separator = ";"

    /// One cell: quoted when needed; a value starting with `=`, `+`, `-`, `@`, tab or carriage return
    /// is prefixed with `'` so that it is shown as text, never computed.
    public static func cell(_ value: String) -> String {
        // Whatever reached the records (a hand edit, a restore), no control character reaches the sheet.
        var text = TextSanitizer.neutralised(value)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        if text.contains(separator) || text.contains("\"") || text.contains("\n") || text.contains("\r") {
            return "\"" + text.replacing("\"", with: "\"\"") + "\""
        }
        return text
    }

    /// A number as French spreadsheets read it: `75,5`.
    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        let text = value == value.rounded() ? String(Int(value)) : SystemText.fixed(value, digits: 1)
        return text.replacing(".", with: ",")
    }

    /// A whole document from a header and rows.
    public static func document(header: [String], rows: [[String]]) -> String {
        "\u{FEFF}" + ([header] + rows).map { $0.map(cell).joined(separator: separator) }.joined(separator: "\r\n") + "\r\n"
    }
}
