@testable import FabriqueCore
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

    @Test("once the files and the copy were found equal and have settled, their stat vouches for them; any edit of either, even in place with its size and times put back, is seen and the copy made again")
    func stamped() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let lastGood = LastGoodCatalogue(dataFolder: data, settled: 0)
        let stamp = data.url.appendingPathComponent("catalogue.last-good.stamp")
        try lastGood.keep(data.catalogueURL, of: data)
        // Just copied: compared at the next keep, which finds them equal and stamps them.
        #expect(!FileManager.default.fileExists(atPath: stamp.path))
        try lastGood.keep(data.catalogueURL, of: data)
        let stamped = try Data(contentsOf: stamp)
        try lastGood.keep(data.catalogueURL, of: data)
        #expect(try Data(contentsOf: stamp) == stamped)
        /// Overwrites a file in place with bytes of the same length, its modification time put back.
        func editInPlace(_ url: URL) throws {
            let before = try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date
            // A partner's name, in capitals: the same length, still a usable catalogue.
            let text = try String(contentsOf: url, encoding: .utf8)
            let bytes = Data(text.replacingOccurrences(of: "\"name\": \"Adie\"", with: "\"name\": \"ADIE\"").utf8)
            #expect(bytes != Data(text.utf8))
            let handle = try FileHandle(forWritingTo: url)
            try handle.write(contentsOf: bytes)
            try handle.close()
            try FileManager.default.setAttributes([.modificationDate: try #require(before)], ofItemAtPath: url.path)
        }
        let copied = lastGood.url.appendingPathComponent(CatalogueFile.partners.fileName)
        let source = data.catalogueURL.appendingPathComponent(CatalogueFile.partners.fileName)
        try editInPlace(copied)
        try lastGood.keep(data.catalogueURL, of: data)
        #expect(try Data(contentsOf: copied) == Data(contentsOf: source))
        try lastGood.keep(data.catalogueURL, of: data)
        try editInPlace(source)
        try lastGood.keep(data.catalogueURL, of: data)
        #expect(try Data(contentsOf: copied) == Data(contentsOf: source))
        // Files that changed within the settling time are compared, never stamped.
        try FileManager.default.removeItem(at: stamp)
        try LastGoodCatalogue(dataFolder: data).keep(data.catalogueURL, of: data)
        try LastGoodCatalogue(dataFolder: data).keep(data.catalogueURL, of: data)
        #expect(!FileManager.default.fileExists(atPath: stamp.path))
    }

    @Test("files saved broken after they were read and found usable (an editor saving during a start) never become the last good copy")
    func brokenSinceRead() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        defer { withExtendedLifetime(folder) {} }
        let lastGood = LastGoodCatalogue(dataFolder: data, settled: 0)
        try lastGood.keep(data.catalogueURL, of: data)
        let kept = try Data(contentsOf: lastGood.url.appendingPathComponent(CatalogueFile.permanences.fileName))
        // A comma lost, as if saved between the start's read and its copy.
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"capacity\": 1,", with: "\"capacity\": 1")
        #expect(throws: LastGoodCatalogue.Failure.self) { try lastGood.keep(data.catalogueURL, of: data) }
        #expect(try Data(contentsOf: lastGood.url.appendingPathComponent(CatalogueFile.permanences.fileName)) == kept)
        #expect(lastGood.load()?.isUsable == true)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: data.url.path).filter { $0.hasPrefix(".catalogue.last-good") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
