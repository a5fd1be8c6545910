/// Something a visitor comes for: financing, premises, networking, coaching...
public struct Need: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    /// A short label (`Financement`).
    public let label: LocalizedText
    /// One plain sentence saying what the need covers.
    public let explanation: LocalizedText
}
