public import FoundationEssentials

/// An appointment taken in a slot: who, what, when and where. Personal fields are kept only with consent.
public struct Booking: Sendable, Hashable, Codable, Identifiable {
    /// How the booking was taken: by the visitor at a kiosk, by staff for someone on the phone, or by
    /// staff for someone at the desk.
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        case kiosk, phone, desk
    }

    /// Where the appointment stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case booked, arrived, seen, noShow = "no-show", excused, revoked

        /// Whether an appointment with this status keeps its place in the slot.
        public var holdsPlace: Bool { self == .booked || self == .arrived || self == .seen }
    }

    /// The short code the visitor keeps (`K7M4QX`).
    public let reference: String
    public var slot: String
    public let partner: String
    public let service: String
    public var site: String
    /// When the appointment starts, decoded once from the record (`2017-03-07T09:30:00+01:00`).
    public var start: AppointmentStart
    public var firstName: String
    public var lastName: String
    public var phone: String?
    public var email: String?
    public let quartier: String?
    public let needs: [String]
    /// The place whose kiosk took the booking.
    public let bookedAt: String
    public let createdAt: String
    /// When the visitor accepted the consent text.
    public let consentAt: String
    public var status: Status
    public var arrivedAt: String?
    /// True once the personal fields were erased by a purge (the figures stay).
    public var anonymised: Bool?
    /// The code of another active booking for the same service that seems to be the same person's
    /// (same phone or name), when the kiosk booked anyway: flagged to staff, never told to the visitor.
    public var possibleDuplicateOf: String?
    /// The code of the plan this booking was made in with others (all booked at once); nil for a booking made alone.
    public var plan: String?
    /// Set on the record left in the month its code names when the appointment was moved to another
    /// month (`2027-01`): the code leads there. Such a record holds no name and takes no place.
    public var forwardedTo: String?
    /// How it was taken, when staff took it (`phone`, `desk`); absent when the visitor booked at a kiosk.
    public var channel: Channel?
    /// The project's stage the person gave (`idea`, `project`, …, `prefer-not-to-say`); nil when not asked.
    public var stage: String?
    /// Whether the person said they are under 26 (`yes`, `no`, `prefer-not-to-say`); nil when not asked.
    public var under26: String?
    /// The walk-in this booking was made for at the desk (R), linking both to one person.
    public var walkIn: String?
    /// The person this record belongs to, written by a purge before it erases the names and phones that
    /// linked the person's records (`P…`), so that the figures keep counting people, not rows.
    public var person: String?

    public var id: String { reference }

    /// Creates a booking record (the store makes them; tests and tools may too).
    public init(reference: String, slot: String, partner: String, service: String, site: String, start: AppointmentStart,
                firstName: String, lastName: String, phone: String?, email: String?, quartier: String?, needs: [String],
                bookedAt: String, createdAt: String, consentAt: String, status: Status, arrivedAt: String?, anonymised: Bool?,
                possibleDuplicateOf: String? = nil, plan: String? = nil, forwardedTo: String? = nil, channel: Channel? = nil,
                stage: String? = nil, under26: String? = nil, walkIn: String? = nil, person: String? = nil) {
        self.reference = reference
        self.slot = slot
        self.partner = partner
        self.service = service
        self.site = site
        self.start = start
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.quartier = quartier
        self.needs = needs
        self.bookedAt = bookedAt
        self.createdAt = createdAt
        self.consentAt = consentAt
        self.status = status
        self.arrivedAt = arrivedAt
        self.anonymised = anonymised
        self.possibleDuplicateOf = possibleDuplicateOf
        self.plan = plan
        self.forwardedTo = forwardedTo
        self.channel = channel
        self.stage = stage
        self.under26 = under26
        self.walkIn = walkIn
        self.person = person
    }

    /// Whether the booking still holds its place in the slot.
    public var isActive: Bool { forwardedTo == nil && status.holdsPlace }

    /// Whether the record is the forwarding left behind by a move to another month.
    public var isForwarding: Bool { forwardedTo != nil }
}

/// When an appointment starts: the instant and its day in Paris, decoded once from the text the records
/// hold (local time with its UTC offset), so that nobody re-parses or compares that text again (text
/// compares correctly only while both sides have the same offset).
public struct AppointmentStart: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The instant.
    public let instant: Date
    /// The day in Paris.
    public let day: LocalDate
    /// As the records store it: `2026-12-01T09:00:00+01:00`.
    public let text: String

    /// The start at `instant`.
    public init(_ instant: Date) {
        self.instant = instant
        day = LocalDate(instant)
        text = RecordTime.string(instant)
    }

    /// The start a record's text names, or nil when it names no instant.
    public init?(text: String) {
        guard let instant = InstantParser.parse(text) else { return nil }
        self.instant = instant
        day = LocalDate(instant)
        self.text = text
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let start = AppointmentStart(text: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a date and time: \(text)")
        }
        self = start
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public static func < (left: AppointmentStart, right: AppointmentStart) -> Bool { left.instant < right.instant }

    public var description: String { text }
}

/// Instants written the way the records store them: ISO 8601 with the Paris offset.
public enum RecordTime {
    /// `2017-03-07T09:30:00+01:00` for an instant, in Paris.
    public static func string(_ instant: Date) -> String {
        Paris.recordString(instant)
    }
}
