public import FoundationEssentials

/// Where every part of the program reads the time from, so that tests and demonstrations can fix it.
public struct Clock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock reading `read` each time.
    public init(_ read: @escaping @Sendable () -> Date) {
        self.read = read
    }

    /// The current instant.
    public func now() -> Date { read() }

    /// The system clock.
    public static let system = Clock { Date() }

    /// A clock that reads `start` now and then runs forward in real time.
    public static func starting(at start: Date) -> Clock {
        let origin = ContinuousClock.now
        return Clock {
            let elapsed = ContinuousClock.now - origin
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return start.addingTimeInterval(seconds)
        }
    }

    /// A clock that always reads `instant` (for tests).
    public static func fixed(_ instant: Date) -> Clock {
        Clock { instant }
    }
}

/// Reads the `--now` / `FABRIQUE_NOW` forms: ISO 8601 with a UTC offset or `Z`, or without one
/// (then Paris wall-clock time); seconds may be left out.
public enum InstantParser {
    /// The instant written in `text`, or nil when it is not of an accepted form.
    public static func parse(_ text: String) -> Date? {
        // Blanks around the value, line breaks kept (Foundation's .whitespaces, without NSString).
        let trimmed = Blank.trimmed(text, keepingLineBreaks: true)
        guard let tIndex = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }),
              let date = LocalDate(String(trimmed[..<tIndex])) else { return nil }
        var rest = Substring(trimmed[trimmed.index(after: tIndex)...])

        var offsetSeconds: Int?
        if rest.hasSuffix("Z") {
            offsetSeconds = 0
            rest = rest.dropLast()
        } else if let signIndex = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[rest.index(after: signIndex)...].split(separator: ":", omittingEmptySubsequences: false)
            guard zone.count == 2, zone.allSatisfy({ $0.count == 2 }),
                  let hours = Int(zone[0]), let minutes = Int(zone[1]), hours <= 14, minutes < 60 else { return nil }
            let sign = rest[signIndex] == "-" ? -1 : 1
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            rest = rest[..<signIndex]
        }

        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2 || clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]),
              hour < 24, minute < 60 else { return nil }
        let second = clock.count == 3 ? Int(clock[2]) : 0
        guard let second, second < 60 else { return nil }

        let wallSecond = hour * 3600 + minute * 60 + second
        guard let offsetSeconds else { return Paris.instant(day: date, second: wallSecond) }
        return Date(timeIntervalSince1970: Double(date.dayNumber * 86_400 + wallSecond - offsetSeconds))
    }
}
