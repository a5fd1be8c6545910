/// An organisation that holds permanences, meetings or workshops at the places.
public struct Partner: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: String
    /// What the partner does, in one or two plain sentences.
    public let description: LocalizedText
    public let website: String?
    /// A remark for whoever edits the catalogue (never shown to visitors).
    public let note: String?
    public let services: [Service]
}

/// Where a would-be entrepreneur stands with their project.
public enum ProjectStage: String, Sendable, Hashable, Codable, CaseIterable {
    case idea
    case project
    case youngBusiness = "young-business"
    case establishedBusiness = "established-business"

    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
}

/// A visitor's situation, as asked at the desk.
public enum Situation: String, Sendable, Hashable, Codable, CaseIterable {
    case jobSeeker = "job-seeker"
    case minimumBenefits = "minimum-benefits"
    case employed
    case student
    case other

    public init(from decoder: any Decoder) throws { self = try Self.decodeWord(from: decoder) }
}

/// Who a service is for. An absent condition means anyone.
public struct Audience: Sendable, Hashable, Codable {
    /// Project stages the service takes, or nil for all.
    public let stages: [ProjectStage]?
    /// Situations the service takes, or nil for all.
    public let situations: [Situation]?
    /// True when the service is only for people under 26.
    public let under26: Bool?
    /// True when the service is only for people living in a QPV.
    public let qpvResident: Bool?
    /// Who it is for, in one plain phrase (`pour qui n'a pas accès au prêt bancaire`).
    public let description: LocalizedText
}

/// One thing a partner offers: a kind of appointment, meeting or workshop.
public struct Service: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: LocalizedText
    /// What the visitor gets, in one plain sentence.
    public let pitch: LocalizedText
    /// The needs the service answers (ids from needs.json).
    public let needs: [String]
    public let audience: Audience
    /// What to bring to the appointment.
    public let bring: [LocalizedText]
    /// How long one appointment lasts.
    public let durationMinutes: Int
    /// The needs this service is a first step towards, for visitors who cannot use the services that
    /// answer them yet (a business-plan adviser before an honour loan).
    public let prepares: [String]

    private enum CodingKeys: String, CodingKey {
        case id, name, pitch, needs, audience, bring, durationMinutes, prepares
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        name = try container.decode(LocalizedText.self, forKey: .name)
        pitch = try container.decode(LocalizedText.self, forKey: .pitch)
        needs = try container.decode([String].self, forKey: .needs)
        audience = try container.decode(Audience.self, forKey: .audience)
        bring = try container.decodeIfPresent([LocalizedText].self, forKey: .bring) ?? []
        durationMinutes = try container.decode(Int.self, forKey: .durationMinutes)
        prepares = try container.decodeIfPresent([String].self, forKey: .prepares) ?? []
    }
}
