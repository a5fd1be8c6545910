public import FabriqueCore
import FabriqueResources
public import Foundation

/// Data folders for tests: the embedded catalogue copied out, with a file replaced or edited.
public enum CatalogueFixture {
    /// A data folder holding a copy of the default catalogue.
    public static func dataFolder() throws -> (folder: TemporaryFolder, data: DataFolder) {
        let folder = try TemporaryFolder()
        let data = DataFolder(url: folder.url)
        _ = try data.installCatalogue(from: EmbeddedData.catalogueURL)
        return (folder, data)
    }

    /// The embedded catalogue folder.
    public static var embeddedCatalogueURL: URL { EmbeddedData.catalogueURL }

    /// The embedded language folder.
    public static var languageURL: URL { EmbeddedData.languageURL }

    /// The default catalogue, decoded (fails the caller when it has errors).
    public static func defaultCatalogue() throws -> Catalogue {
        let report = CatalogueLoader.load(from: EmbeddedData.catalogueURL)
        guard let catalogue = report.catalogue, report.isUsable else {
            throw FixtureError.invalidDefaultCatalogue(report.problems)
        }
        return catalogue
    }

    /// The first service a slot of the default catalogue offers (what `fabrique book --slot` needs named
    /// when the slot offers several); the slot id itself when it names no slot, for the command to refuse.
    public static func firstService(ofSlot id: String) throws -> String {
        Schedule(catalogue: try defaultCatalogue()).slot(id: id)?.services.first ?? id
    }

    /// Replaces the first occurrence of `original` in a catalogue file; throws when it is absent,
    /// so that a fixture never silently stops testing what it names.
    public static func edit(_ file: CatalogueFile, in data: DataFolder, replacing original: String, with replacement: String) throws {
        let url = data.catalogueURL.appendingPathComponent(file.fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        guard let range = text.range(of: original) else { throw FixtureError.textNotFound(original, file.fileName) }
        try text.replacingCharacters(in: range, with: replacement).write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes a whole catalogue file.
    public static func write(_ file: CatalogueFile, in data: DataFolder, _ text: String) throws {
        try text.write(to: data.catalogueURL.appendingPathComponent(file.fileName), atomically: true, encoding: .utf8)
    }

    /// What went wrong while preparing a fixture.
    public enum FixtureError: Error {
        case textNotFound(String, String)
        case invalidDefaultCatalogue([Problem])
    }
}
