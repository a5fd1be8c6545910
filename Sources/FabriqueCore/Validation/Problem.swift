/// Something wrong (or suspicious) in a data file, with the place it was found.
public struct Problem: Sendable, Hashable {
    /// Errors stop every command; warnings are reported and let the kiosk run.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    /// The JSON type a field was expected to hold.
    public enum ValueType: String, Sendable, Hashable {
        case text, integer, number, boolean, list, object
    }

    /// The kinds of thing one catalogue entry can name in another.
    public enum ReferenceKind: String, Sendable, Hashable {
        case site, partner, service, need
        /// An appointment's code (an outcome or a link names one).
        case booking
    }

    /// What is wrong, with the values needed to say so.
    public enum Issue: Sendable, Hashable {
        case syntax(JSONSyntaxIssue)
        case missingFile
        case unreadableFile(String)
        case missingField(String)
        case unknownField(String)
        case wrongType(expected: ValueType)
        case nullValue
        case invalidDate(String)
        case invalidTime(String)
        case notOneOf(String, allowed: [String])
        case emptyText
        case emptyList
        case invalidValue
        case duplicateKey(String)
        case duplicateID(String, firstLine: Int)
        case idUsedByPermanence(String)
        /// An id that names nothing of its kind, with the ids that would (when they are known).
        case unknownReference(ReferenceKind, id: String, known: [String])
        case serviceOfAnotherPartner(service: String, partner: String)
        case endNotAfterStart(start: LocalTime, end: LocalTime)
        case notPositive(Int)
        case slotLongerThanWindow(slotMinutes: Int, windowMinutes: Int)
        case slotsLeaveTimeUnused(slotMinutes: Int, windowMinutes: Int)
        case periodReversed(from: LocalDate, to: LocalDate)
        case invalidNth(Int)
        case overlappingPermanence(other: String, firstDate: LocalDate)
        case cancelledOutsidePeriod(LocalDate)
        case noSites
        /// A text holds a control character or an escape sequence (shown made visible).
        case controlCharacter(String)
        /// A number outside what the program accepts.
        case outOfRange(value: String, range: String)
        /// The data folder path names a file, not a folder.
        case notAFolder
        /// The data folder can be written by other users (who could plant links or read records).
        case writableByOthers(mode: String)
        /// Personal data older than the retention is still on disk (a month file, a copy, tickets).
        case personalDataPastRetention(months: Int)
        /// Some visitors can never be helped with this need: no service they can use, no first step
        /// (how many kinds of visitor, out of how many, and one of them).
        case needUnreachable(need: String, count: Int, of: Int, example: VisitorProfile)
        /// A text visitors read given once (a plain string) where the kiosk offers two languages.
        case oneLanguageOnly
        /// The catalogue has no `territory.json`: the screens name the network only.
        case territoryMissing
        /// A service no permanence or session offers: nobody can book it.
        case serviceNeverOffered(String)
        /// An outcome that tells the same event as an earlier one (its id) for the same appointment.
        case duplicateOutcome(String)
        /// A slot to come holds more active bookings than it has places (a capacity lowered after
        /// bookings were taken, a record edited by hand): its slot id, day and time, bookings and places.
        case overbooked(slot: String, start: String, bookings: Int, places: Int)
        /// Bytes a writer cut from the end of a journal (a line without its end) and kept in this file,
        /// one line each time: a write interrupted, or a whole line damaged (how many were kept).
        case journalBytesKept(count: Int)

        /// How serious the issue is.
        public var severity: Severity {
            switch self {
            case .slotsLeaveTimeUnused, .cancelledOutsidePeriod, .personalDataPastRetention, .needUnreachable, .serviceNeverOffered, .territoryMissing,
                 .overbooked, .journalBytesKept:
                return .warning
            default: return .error
            }
        }
    }

    /// The file's path as the user should open it.
    public var file: String
    /// Where in the file, when the problem is inside it.
    public var location: TextPosition?
    /// Which value, as a path from the root of the file (`permanences[3].start`).
    public var path: JSONPath
    public var issue: Issue

    /// Creates a problem.
    public init(file: String, location: TextPosition?, path: JSONPath = [], issue: Issue) {
        self.file = file
        self.location = location
        self.path = path
        self.issue = issue
    }

    public var severity: Severity { issue.severity }

    /// The path written the way a person reads it: `permanences[3].start`.
    public var pathText: String {
        var text = ""
        for component in path {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}

/// A problem can be thrown where a file cannot be used.
extension Problem: Error {}
