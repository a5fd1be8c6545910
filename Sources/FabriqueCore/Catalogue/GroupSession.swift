/// A dated information meeting or workshop with a number of seats.
public struct GroupSession: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let partner: String
    public let service: String
    public let site: String
    public let title: LocalizedText
    public let date: LocalDate
    public let start: LocalTime
    public let end: LocalTime
    public let capacity: Int
}
