import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The commands, run as a coordinator would run them, without a terminal.
@Suite("Commands: validate, init, errors before the terminal")
struct CommandLineTests {
    let fabrique = BuiltProgram.fabrique

    @Test("validate is clean on the embedded default data")
    func validateDefault() throws {
        let folder = try TemporaryFolder()
        let result = try CommandResult.run(fabrique, ["validate", "--data", folder.path("empty").path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("catalogue intégré"))
        #expect(result.standardOutput.contains("Catalogue valide : 3 lieux"))
    }

    @Test("init copies the catalogue, keeps edited files, and validate then reads the folder")
    func initThenValidate() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        let first = try CommandResult.run(fabrique, ["init", "--data", data])
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.components(separatedBy: "Copié : ").count - 1 == CatalogueFile.allCases.count)
        let sites = folder.path("data/catalogue/sites.json")
        let edited = try String(contentsOf: sites, encoding: .utf8).replacingOccurrences(of: "Belle-Beille\",", with: "Belle-Beille (Technopole)\",")
        try edited.write(to: sites, atomically: true, encoding: .utf8)
        let second = try CommandResult.run(fabrique, ["init", "--data", data])
        #expect(second.status == 0)
        #expect(second.standardOutput.contains("Déjà présent, conservé tel quel : \(sites.path)"))
        #expect(try String(contentsOf: sites, encoding: .utf8) == edited)
        let validate = try CommandResult.run(fabrique, ["validate"], environment: ["FABRIQUE_DATA": data])
        #expect(validate.status == 0)
        #expect(validate.standardOutput.contains("Catalogue lu : \(folder.path("data/catalogue").path)"))
    }

    @Test("validate lists every problem with file, line and column, and exits 65")
    func validateBroken() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"start\": \"09:30\"", with: "\"start\": \"9h30\"")
        try CatalogueFixture.edit(.closures, in: data, replacing: "\"kind\": \"closure\"", with: "\"kind\": \"fermeture\"")
        let result = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(result.status == 65)
        let lines = result.standardOutput.components(separatedBy: "\n")
        #expect(lines.contains { $0.range(of: #"catalogue/permanences\.json:\d+:\d+: erreur : permanences\[2\]\.start : heure invalide « 9h30 »"#, options: .regularExpression) != nil },
                "\(result.standardOutput)")
        #expect(lines.contains { $0.range(of: #"catalogue/closures\.json:\d+:\d+: erreur : closures\[\d+\]\.kind : « fermeture » n'est pas une valeur permise"#, options: .regularExpression) != nil },
                "\(result.standardOutput)")
        #expect(result.standardOutput.contains("2 erreur(s), 0 avertissement(s)."))
        try #"{"idleTimeoutSeconds": "90", "staffPIN": "1"}"#.write(to: folder.path("settings.json"), atomically: true, encoding: .utf8)
        let withSettings = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(withSettings.standardOutput.contains("settings.json:1:30: erreur : staffPIN : champ inconnu « staffPIN »"), "\(withSettings.standardOutput)")
        #expect(withSettings.standardOutput.contains("settings.json:1:24: erreur : idleTimeoutSeconds : un nombre entier attendu ici"))
        #expect(withSettings.standardOutput.contains("4 erreur(s)"))
        let english = try CommandResult.run(fabrique, ["validate", "--data", data.url.path], environment: ["FABRIQUE_LANG": "en"])
        #expect(english.standardOutput.contains(": error: permanences[2].start: invalid time “9h30”"))
    }

    @Test("the kiosk checks data and options before the terminal, with a clear message and no crash trace")
    func kioskRefusesEarly() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try CatalogueFixture.edit(.permanences, in: data, replacing: "\"partner\": \"fondes\"", with: "\"partner\": \"fondes49\"")
        let broken = try CommandResult.run(fabrique, ["--data", data.url.path])
        #expect(broken.status == 65)
        #expect(broken.standardError.contains("partenaire inconnu : « fondes49 »"))
        #expect(!broken.standardError.contains("Fatal error"))

        let badNow = try CommandResult.run(fabrique, ["kiosk", "--now", "demain", "--data", folder.path("other").path])
        #expect(badNow.status == 64)
        #expect(badNow.standardError.contains("« demain » n'est pas une date et heure ISO 8601"))

        let badSite = try CommandResult.run(fabrique, ["kiosk", "--site", "angers-centre", "--data", folder.path("other").path])
        #expect(badSite.status == 64)
        #expect(badSite.standardError.contains("Lieu inconnu : « angers-centre »"))

        // Standard input is not a terminal here.
        let noTerminal = try CommandResult.run(fabrique, ["--data", folder.path("other").path])
        #expect(noTerminal.status == 69)
        #expect(noTerminal.standardError.contains("doit être lancé dans un terminal"))
    }
}
