@testable import FabriqueResources
import Foundation
import Testing

@Suite("The embedded data's folder")
struct EmbeddedDataTests {
    @Test("found beside the program is the folder Bundle.module finds")
    func besideProgram() throws {
        let beside = try #require(EmbeddedData.besideProgram())
        #expect(beside.standardizedFileURL.resolvingSymlinksInPath().path
            == EmbeddedData.bundled.standardizedFileURL.resolvingSymlinksInPath().path)
        #expect(EmbeddedData.root == beside)
        #expect(FileManager.default.fileExists(atPath: EmbeddedData.catalogueURL.appendingPathComponent("sites.json").path))
    }
}
