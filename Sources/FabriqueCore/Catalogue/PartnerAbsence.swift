/// Days when a partner does not hold its permanences (at one place or all of them).
public struct PartnerAbsence: Sendable, Hashable, Codable {
    public let partner: String
    public let from: LocalDate
    /// The last day of absence; the same as `from` for a single day.
    public let to: LocalDate
    /// The places concerned, or nil for all of them.
    public let sites: [String]?

    private enum CodingKeys: String, CodingKey { case partner, from, to, sites }

    /// Reads an absence from the catalogue file.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        partner = try container.decode(String.self, forKey: .partner)
        from = try container.decode(LocalDate.self, forKey: .from)
        to = try container.decodeIfPresent(LocalDate.self, forKey: .to) ?? from
        sites = try container.decodeIfPresent([String].self, forKey: .sites)
    }

    /// Whether the absence covers `partner` at `site` on `date`.
    public func covers(partner: String, site: String, on date: LocalDate) -> Bool {
        partner == self.partner && date >= from && date <= to && (sites?.contains(site) ?? true)
    }
}

/// The booking rules every terminal applies, from `rules.json` (defaults when the file is absent).
public struct BookingRules: Sendable, Hashable, Codable {
    /// No booking of a slot that starts in less than this many minutes.
    public let minimumNoticeMinutes: Int
    /// No booking of a slot more than this many weeks ahead.
    public let horizonWeeks: Int
    /// A person (same phone, or same first and last name) holds at most one active booking per service.
    public let oneActiveBookingPerService: Bool
    /// Minutes to allow between two appointments of one plan at different places (going from one to the other).
    public let travelMinutes: Int

    /// The rules of a catalogue without `rules.json`.
    public static let standard = BookingRules(minimumNoticeMinutes: 60, horizonWeeks: 8, oneActiveBookingPerService: true,
                                              travelMinutes: 30)

    /// Creates rules.
    public init(minimumNoticeMinutes: Int, horizonWeeks: Int, oneActiveBookingPerService: Bool, travelMinutes: Int) {
        self.minimumNoticeMinutes = minimumNoticeMinutes
        self.horizonWeeks = horizonWeeks
        self.oneActiveBookingPerService = oneActiveBookingPerService
        self.travelMinutes = travelMinutes
    }

    private enum CodingKeys: String, CodingKey { case minimumNoticeMinutes, horizonWeeks, oneActiveBookingPerService, travelMinutes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let standard = BookingRules.standard
        minimumNoticeMinutes = try container.decodeIfPresent(Int.self, forKey: .minimumNoticeMinutes) ?? standard.minimumNoticeMinutes
        horizonWeeks = try container.decodeIfPresent(Int.self, forKey: .horizonWeeks) ?? standard.horizonWeeks
        oneActiveBookingPerService = try container.decodeIfPresent(Bool.self, forKey: .oneActiveBookingPerService)
            ?? standard.oneActiveBookingPerService
        travelMinutes = try container.decodeIfPresent(Int.self, forKey: .travelMinutes) ?? standard.travelMinutes
        if !Self.travelRange.contains(travelMinutes) {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.travelMinutes], issue: .outOfRange(value: "\(travelMinutes)", range: "0–1440"))
        }
        if minimumNoticeMinutes < 0 {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.minimumNoticeMinutes], issue: .notPositive(minimumNoticeMinutes))
        }
        if !Self.horizonRange.contains(horizonWeeks) {
            throw CatalogueValueError(path: decoder.codingPath + [CodingKeys.horizonWeeks], issue: .outOfRange(value: "\(horizonWeeks)", range: "1–104"))
        }
    }

    /// The minutes allowed between two places.
    static let travelRange = 0...(24 * 60)
    /// The weeks ahead a catalogue may open to booking.
    static let horizonRange = 1...104

    /// Whether every rule is within what `rules.json` may say.
    var isInRange: Bool {
        Self.travelRange.contains(travelMinutes) && minimumNoticeMinutes >= 0 && Self.horizonRange.contains(horizonWeeks)
    }

    /// The number of days ahead slots are offered and may be booked.
    public var horizonDays: Int { horizonWeeks * 7 }
}
