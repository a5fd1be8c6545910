/// A wall-clock time of day in Paris, as written in the catalogue (`09:30`); `24:00` ends a day.
public struct LocalTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Minutes since midnight, 0 through 1440.
    public let minutes: Int

    /// Creates a time from hours and minutes; 24:00 is allowed, nothing later.
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0...59).contains(minute), hour * 60 + minute <= 1440 else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// Parses the strict `HH:MM` form.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]) else { return nil }
        self.init(hour: hour, minute: minute)
    }

    /// 00:00.
    public static let midnight = LocalTime(minutes: 0)

    private init(minutes: Int) {
        self.minutes = minutes
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutes < b.minutes }

    public var description: String {
        "\(SystemText.padded(hour, width: 2)):\(SystemText.padded(minute, width: 2))"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = LocalTime(text) else {
            throw CatalogueValueError(path: decoder.codingPath, issue: .invalidTime(text))
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
