public import Foundation

/// An appointment taken in a slot: who, what, when and where. Personal fields are kept only with consent.
public struct Booking: Sendable, Hashable, Codable, Identifiable {
    /// Where the appointment stands.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case booked, arrived, seen, noShow = "no-show", excused, revoked
    }

    /// The short code the visitor keeps (`K7M4QX`).
    public let reference: String
    public let slot: String
    public let partner: String
    public let service: String
    public let site: String
    /// Local start with its UTC offset: `2017-03-07T09:30:00+01:00`.
    public let start: String
    public let firstName: String
    public let lastName: String
    public let phone: String?
    public let email: String?
    public let quartier: String?
    public let needs: [String]
    /// The place whose kiosk took the booking.
    public let bookedAt: String
    public let createdAt: String
    /// When the visitor accepted the consent text.
    public let consentAt: String
    public var status: Status
    public var arrivedAt: String?

    public var id: String { reference }

    /// Whether the booking still holds its place in the slot.
    public var isActive: Bool { status == .booked || status == .arrived || status == .seen }
}

/// Instants written the way the records store them: ISO 8601 with the Paris offset.
public enum RecordTime {
    /// `2017-03-07T09:30:00+01:00` for an instant, in Paris.
    public static func string(_ instant: Date) -> String {
        var style = Date.ISO8601FormatStyle(timeZone: Paris.timeZone)
        style = style.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .colon)
        return instant.formatted(style)
    }
}
