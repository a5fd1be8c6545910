/// Who runs the places and where: the network's name and the territory's, as every screen's title
/// and every ticket show them (`La Fabrique à entreprendre — Angers Loire Métropole`).
public struct Territory: Sendable, Hashable, Decodable {
    /// The network the places belong to (`La Fabrique à entreprendre`).
    public let network: LocalizedText
    /// The territory they serve (`Angers Loire Métropole`).
    public let name: LocalizedText

    /// A territory with these names.
    public init(network: LocalizedText, name: LocalizedText) {
        self.network = network
        self.name = name
    }
}

/// `territory.json`: an optional note and the territory.
struct TerritoryFile: NotedFile {
    static let catalogueFile = CatalogueFile.territory
    let note: LocalizedText?
    let territory: Territory
}
