import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The JSON Schema files in docs/schema are part of the documented format: the default data must
/// satisfy them, and they must refuse what validation refuses at the level of a single file.
@Suite("JSON Schema files")
struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Checks `document` against the schema of `file` with Python's jsonschema; returns its messages.
    func schemaErrors(_ file: CatalogueFile, document: URL) throws -> [String] {
        let schema = Self.repository.appendingPathComponent("docs/schema/\(file.rawValue).schema.json")
        let script = """
        import json, sys
        import jsonschema
        schema = json.load(open(sys.argv[1], encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        data = json.load(open(sys.argv[2], encoding="utf-8"))
        for error in jsonschema.Draft202012Validator(schema).iter_errors(data):
            print(error.json_path, error.message)
        """
        let result = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["python3", "-c", script, schema.path, document.path])
        // A missing python3 or jsonschema is a broken test set-up, not a pass (.ci/run installs both).
        try #require(result.status == 0, "python3 with jsonschema is needed: \(result.standardError)")
        return result.standardOutput.split(separator: "\n").map(String.init)
    }

    @Test("every default catalogue file satisfies its schema", arguments: CatalogueFile.allCases)
    func defaultData(file: CatalogueFile) throws {
        let errors = try schemaErrors(file, document: CatalogueFixture.embeddedCatalogueURL.appendingPathComponent(file.fileName))
        #expect(errors.isEmpty, "\(errors)")
    }

    @Test("the schemas refuse a bad time, a bad weekday and an unknown field")
    func refusals() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"start\": \"09:30\"", with: "\"start\": \"25:00\"")
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"monday\"", with: "\"lundi\"")
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"capacity\": 15,", with: "\"capacity\": 15, \"capacite\": 3,")
        let errors = try schemaErrors(.permanences, document: data.catalogueURL.appendingPathComponent("permanences.json"))
        #expect(errors.contains { $0.hasPrefix("$.permanences[2].start") })
        #expect(errors.contains { $0.hasPrefix("$.permanences[2].recurrence") })
        #expect(errors.contains { $0.hasPrefix("$.permanences[11]") && $0.contains("capacite") })
        _ = folder
    }
}
