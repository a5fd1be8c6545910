import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("The last good copy of the catalogue")
struct LastGoodCatalogueTests {
    @Test("a copy that cannot be finished leaves the previous copy and no half copy behind")
    func failedCopy() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let lastGood = LastGoodCatalogue(dataFolder: data)
        try lastGood.keep(data.catalogueURL, of: data)
        let kept = try Data(contentsOf: lastGood.url.appendingPathComponent(CatalogueFile.sites.fileName))
        // A file that cannot be read (here a folder in its place) stops the copy midway.
        let rules = data.catalogueURL.appendingPathComponent(CatalogueFile.rules.fileName)
        try FileManager.default.removeItem(at: rules)
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: false)
        #expect(throws: (any Error).self) { try lastGood.keep(data.catalogueURL, of: data) }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.url.path).filter { $0.hasPrefix(".catalogue.last-good") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        #expect(try Data(contentsOf: lastGood.url.appendingPathComponent(CatalogueFile.sites.fileName)) == kept)
        #expect(lastGood.load()?.isUsable == true)
    }
}
