import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The commands, run as a coordinator would run them, without a terminal.
@Suite("Commands: validate, init, errors before the terminal")
struct CommandLineTests {
    let fabrique = BuiltProgram.fabrique

    @Test("the program copied away from its resource folder, or beside an incomplete one, says where the folder should be, in both languages, and stops with 69")
    func withoutResources() throws {
        let folder = try TemporaryFolder()
        let copy = folder.path("fabrique")
        // Copied by `cp`, not by this process: a program still open for writing here could be inherited
        // by a child another test forks meanwhile, and running it would fail with "text file busy".
        let copied = try CommandResult.run(URL(fileURLWithPath: "/bin/cp"), [fabrique.path, copy.path])
        #expect(copied.status == 0)
        let expected = folder.path("fabrique_FabriqueResources.resources")
        // Absent, then present but empty, then with its language files but no catalogue.
        let partial: [(String, String)] = [("lang/fr.json", "{}"), ("lang/en.json", "{}")]
        for stage in 0..<3 {
            if stage == 1 { try FileManager.default.createDirectory(at: expected.appendingPathComponent("lang"), withIntermediateDirectories: true) }
            if stage == 2 { for (file, text) in partial { try Data(text.utf8).write(to: expected.appendingPathComponent(file)) } }
            for arguments in [["--help"], ["validate"], ["--data", folder.path("data").path]] {
                let result = try CommandResult.run(copy, arguments)
                #expect(result.status == 69, "\(stage) \(arguments)")
                #expect(result.standardError.contains("dossier de ressources introuvable ou incomplet : \(expected.path)"), "\(result.standardError)")
                #expect(result.standardError.contains("resource folder not found or incomplete: \(expected.path)"))
                #expect(!result.standardError.contains("Fatal error"))
            }
        }
    }

    @Test("no help text names a territory, in French or English; another territory's folder validates clean")
    func helpNamesNoTerritory() throws {
        for language in ["fr", "en"] {
            let top = try CommandResult.run(fabrique, ["--help"], environment: ["FABRIQUE_LANG": language])
            #expect(top.status == 0)
            let section = top.standardOutput.components(separatedBy: "SUBCOMMANDS:").last ?? ""
            let commands = section.split(separator: "\n").compactMap { line -> String? in
                let word = line.split(separator: " ").first.map(String.init) ?? ""
                return line.hasPrefix("  ") && !line.hasPrefix("   ") && !word.isEmpty ? word : nil
            }
            #expect(commands.count >= 20, "\(commands)")
            var texts = [top.standardOutput]
            for command in commands {
                let help = try CommandResult.run(fabrique, [command, "--help"], environment: ["FABRIQUE_LANG": language])
                #expect(help.status == 0, "\(command)")
                texts.append(help.standardOutput)
            }
            for (text, word) in texts.flatMap({ text in ["Angers", "Loire", "Belle-Beille", "Monplaisir", "Trélazé"].map { (text, $0) } }) {
                #expect(!text.contains(word), "\(word) in:\n\(text)")
            }
        }
        let (folder, data) = try AnotherTerritory.dataFolder()
        let validate = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(validate.status == 0, "\(validate.standardOutput)\(validate.standardError)")
        #expect(!validate.standardOutput.contains("Angers"))
        _ = folder
    }

    @Test("book refuses to run on a settings.json the kiosk would refuse (ticketWidth 40), before booking anything")
    func bookWithBadSettings() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try #"{"ticketWidth": 40}"#.write(to: data.url.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let result = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T10:00:00",
                                                      "--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--first-name", "Awa",
                                                      "--last-name", "Ba", "--consent"])
        #expect(result.status == 65, "\(result.standardError)")
        #expect(result.standardError.contains("settings.json:1:") && result.standardError.contains("40"))
        let december = try #require(LocalDate("2026-12-01"))
        #expect(try BookingStore(dataFolder: data).bookings(inMonthOf: december).isEmpty)
        // A NUL in the print command would reach the shell cut there: named, refused.
        try #"{"printCommand": "lp\u0000 -d accueil"}"#.write(to: data.url.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let validated = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(validated.status != 0 && validated.standardOutput.contains("settings.json:1:") && validated.standardOutput.contains("U+0000"),
                "\(validated.standardOutput)")
        // A line break would make the shell run a second command, unseen in the file's one line.
        try #"{"printCommand": "lp -d accueil\ntouch /tmp/second"}"#.write(to: data.url.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let broken = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(broken.status != 0 && broken.standardOutput.contains("settings.json:1:") && broken.standardOutput.contains("U+000A"),
                "\(broken.standardOutput)")
        _ = folder
    }

    @Test("validate is clean on the embedded default data")
    func validateDefault() throws {
        let folder = try TemporaryFolder()
        let result = try CommandResult.run(fabrique, ["validate", "--data", folder.path("empty").path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("catalogue intégré"))
        #expect(result.standardOutput.contains("Catalogue valide : 3 lieux"))
    }

    @Test("output that cannot be written (a full disk: /dev/full) ends with 74 and a sentence, never a crash; stderr full is no crash either")
    func fullOutput() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        // Before, FileHandle.write trapped: "Illegal instruction", status 132, nothing said.
        let full = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                         ["-c", "\"$0\" slots --data \"$1\" --now 2026-11-27T10:00:00 --json > /dev/full", fabrique.path, data])
        #expect(full.status == 74, "\(full.standardError)")
        #expect(full.standardError.contains("La sortie n'a pas pu être écrite"), "\(full.standardError)")
        let errorsLost = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"),
                                               ["-c", "\"$0\" show XXXXXX --data \"$1\" 2> /dev/full", fabrique.path, data])
        #expect(errorsLost.status == 66, "the refusal's own status, its sentence lost")
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
        #expect(result.standardOutput.contains("2 erreurs, 0 avertissement."))
        try #"{"idleTimeoutSeconds": "90", "staffPIN": "1"}"#.write(to: folder.path("settings.json"), atomically: true, encoding: .utf8)
        let withSettings = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(withSettings.standardOutput.contains("settings.json:1:30: erreur : staffPIN : champ inconnu « staffPIN »"), "\(withSettings.standardOutput)")
        #expect(withSettings.standardOutput.contains("settings.json:1:24: erreur : idleTimeoutSeconds : un nombre entier attendu ici"))
        #expect(withSettings.standardOutput.contains("4 erreurs"))
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

        // The kiosk's own options are read without the parser, as `--name value` or `--name=value`; anything
        // else goes to the parser, which answers as before.
        let equals = try CommandResult.run(fabrique, ["--site=angers-centre", "--data=\(folder.path("other").path)"])
        #expect(equals.status == 64 && equals.standardError.contains("Lieu inconnu : « angers-centre »"))
        let idle = try CommandResult.run(fabrique, ["--idle-timeout", "5", "--data", folder.path("other").path])
        #expect(idle.status == 64 && idle.standardError.contains("5 est hors limites"))
        let language = try CommandResult.run(fabrique, ["--language", "de", "--data", folder.path("other").path])
        #expect(language.status == 64 && language.standardError.contains("'de' is invalid for '--language <fr|en>'"))
        let twice = try CommandResult.run(fabrique, ["--site", "monplaisir", "--site", "belle-beille", "--data", folder.path("other").path])
        #expect(twice.status == 69, "the parser keeps the last one, as before: \(twice.standardError)")
        let help = try CommandResult.run(fabrique, ["--help"])
        #expect(help.status == 0 && help.standardOutput.contains("USAGE:") && help.standardOutput.contains("report"))
        let missing = try CommandResult.run(fabrique, ["--site"])
        #expect(missing.status == 64 && missing.standardError.contains("Missing value for '--site <ID>'"))
    }

    @Test("slots, book, show and cancel: JSON contract, French text, exit codes, next free slots")
    func bookingCommands() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let base = ["--data", data.url.path, "--now", "2026-11-27T10:00:00"]
        let slots = try CommandResult.run(fabrique, ["slots"] + base + ["--service", "adie-microcredit", "--from", "2026-11-30", "--days", "7", "--json"])
        #expect(slots.status == 0)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(slots.standardOutput.utf8)) as? [[String: Any]])
        #expect(list.map { $0["id"] as? String } == ["adie-belle-beille/2026-12-01T09:00", "adie-belle-beille/2026-12-01T10:30",
                                                     "adie-grand-bellevue/2026-12-03T14:00", "adie-grand-bellevue/2026-12-03T15:30"])
        #expect(list.first?["start"] as? String == "2026-12-01T09:00:00+01:00")
        #expect(list.first?["end"] as? String == "2026-12-01T10:30:00+01:00")
        #expect(list.first?["capacity"] as? Int == 1 && list.first?["remaining"] as? Int == 1)
        #expect(list.first?["partner"] as? String == "adie" && list.first?["service"] as? String == "adie-microcredit")

        let text = try CommandResult.run(fabrique, ["slots"] + base + ["--site", "monplaisir", "--days", "1"])
        #expect(text.standardOutput.contains("vendredi 27 novembre 2026 à 14 h · Aldev · Recherche de local · Monplaisir · 1/1 libre"))

        let booked = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit",
                                                                         "--first-name", "Zoé", "--last-name", "Œuvray-Nguyễn",
                                                                         "--phone", "06 12 34 56 78", "--needs", "financing,coaching",
                                                                         "--consent", "--json"])
        #expect(booked.status == 0, "\(booked.standardError)")
        let booking = try #require(try JSONSerialization.jsonObject(with: Data(booked.standardOutput.utf8)) as? [String: Any])
        let reference = try #require(booking["reference"] as? String)
        #expect(booking["start"] as? String == "2026-12-01T09:00:00+01:00")
        #expect(booking["needs"] as? [String] == ["financing", "coaching"])

        let full = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit",
                                                                       "--first-name", "Ali", "--last-name", "Ben", "--consent", "--json"])
        #expect(full.status == 75)
        #expect(full.standardError.contains("Créneau complet"))
        let refusal = try #require(try JSONSerialization.jsonObject(with: Data(full.standardOutput.utf8)) as? [String: Any])
        #expect(refusal["error"] as? String == "full")
        #expect((refusal["nextSlots"] as? [[String: Any]])?.first?["id"] as? String == "adie-belle-beille/2026-12-01T10:30")

        let again = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-grand-bellevue/2026-12-03T14:00", "--service", "adie-microcredit",
                                                                        "--first-name", "zoe", "--last-name", "OEUVRAY NGUYEN", "--consent"])
        #expect(again.status == 77)
        #expect(again.standardError.contains(reference))

        let noConsent = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-01T10:30", "--service", "adie-microcredit",
                                                                            "--first-name", "Ali", "--last-name", "Ben"])
        #expect(noConsent.status == 64)
        let unknown = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-25T09:00", "--service", "adie-microcredit",
                                                                          "--first-name", "Ali", "--last-name", "Ben", "--consent"])
        #expect(unknown.status == 66)
        // A slot offering several services is not booked for whichever comes first: the command asks which.
        let which = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-08T09:00",
                                                                        "--first-name", "Ali", "--last-name", "Quel-Service", "--consent"])
        #expect(which.status == 64)
        #expect(which.standardError.contains("adie-microcredit, adie-accompagnement"), "\(which.standardError)")
        let whichJSON = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-08T09:00", "--json",
                                                                            "--first-name", "Ali", "--last-name", "Quel-Service", "--consent"])
        let needed = try #require(try JSONSerialization.jsonObject(with: Data(whichJSON.standardOutput.utf8)) as? [String: Any])
        #expect(whichJSON.status == 64 && needed["error"] as? String == "service-needed")
        #expect(needed["services"] as? [String] == ["adie-microcredit", "adie-accompagnement"])
        let counts = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-08T09:00",
                                                                         "--slot", "adie-grand-bellevue/2026-12-17T14:00",
                                                                         "--slot", "bge-monplaisir/2026-11-30T09:30",
                                                                         "--service", "adie-microcredit", "--service", "adie-microcredit",
                                                                         "--first-name", "Ali", "--last-name", "Quel-Service", "--consent"])
        #expect(counts.status == 64)
        #expect(counts.standardError.contains("2") && counts.standardError.contains("3"), "\(counts.standardError)")
        let journal = (try? String(contentsOf: data.url.appendingPathComponent("records/bookings/2026-12.jsonl"), encoding: .utf8)) ?? ""
        #expect(!journal.contains("Quel-Service"))
        let tooSoon = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-12-01T08:30:00",
                                                       "--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--first-name", "Ali",
                                                       "--last-name", "Ben", "--consent"])
        #expect(tooSoon.status == 75)

        let shown = try CommandResult.run(fabrique, ["show", reference.lowercased()] + base)
        #expect(shown.status == 0)
        #expect(shown.standardOutput.contains("\(reference) · réservé · mardi 1 décembre 2026 à 9 h · Adie"))
        let cancelled = try CommandResult.run(fabrique, ["cancel", reference] + base + ["--json"])
        #expect(cancelled.status == 0)
        #expect(cancelled.standardOutput.contains("\"status\" : \"excused\""))
        #expect(try CommandResult.run(fabrique, ["show", "ZZZZZZ"] + base).status == 66)
        let freeAgain = try CommandResult.run(fabrique, ["slots"] + base + ["--service", "adie-microcredit", "--from", "2026-12-01", "--days", "1", "--json"])
        #expect(freeAgain.standardOutput.contains("\"remaining\" : 1"))

        // A damaged records file: bookings stop with its place, validate names it, nothing is overwritten.
        let month = folder.path("records/bookings/2026-12.jsonl")
        let damaged = try String(contentsOf: month, encoding: .utf8).replacingOccurrences(of: "\"status\":\"excused\"", with: "\"status\":excused")
        try damaged.write(to: month, atomically: true, encoding: .utf8)
        let blocked = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-01T10:30", "--service", "adie-microcredit",
                                                                          "--first-name", "Ali", "--last-name", "Ben", "--consent"])
        #expect(blocked.status == 74)
        #expect(blocked.standardError.range(of: #"records/bookings/2026-12\.jsonl:2:\d+: erreur"#, options: .regularExpression) != nil,
                "\(blocked.standardError)")
        #expect(try String(contentsOf: month, encoding: .utf8) == damaged)
        let validate = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
        #expect(validate.status == 65)
        #expect(validate.standardOutput.contains("2026-12.jsonl:2:"))
    }
}

/// The staff's commands: agenda, stats, export, purge.
@Suite("Commands: agenda, statistics, export, purge")
struct StaffCommandTests {
    let fabrique = BuiltProgram.fabrique

    /// Books three appointments in December and records two visits.
    func folderWithData() throws -> (TemporaryFolder, DataFolder, [String]) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var references: [String] = []
        for (index, person) in [("=HYPERLINK(\"x\")", "Ben"), ("Zoé", "Œuvray-Nguyễn"), ("Léa", "Martin")].enumerated() {
            let slot = ["adie-belle-beille/2026-12-01T09:00", "adie-belle-beille/2026-12-01T10:30", "mcte-belle-beille/2026-12-03T09:00"][index]
            let result = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T10:00:00", "--slot", slot,
                                                          "--service", try CatalogueFixture.firstService(ofSlot: slot),
                                                          "--first-name", person.0, "--last-name", person.1, "--phone", "06 12 34 56 7\(index)",
                                                          "--quartier", "monplaisir", "--needs", "financing", "--consent", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            references.append(try #require(object["reference"] as? String))
        }
        let visits = VisitStore(dataFolder: data)
        for under26 in [true, false] {
            try visits.record(Visit(site: "belle-beille", date: try #require(LocalDate("2026-12-01")),
                                    answers: VisitorAnswers(quartier: "monplaisir", under26: .given(under26), needs: ["financing"]),
                                    proposals: ["adie-microcredit"], bookedService: "adie-microcredit", bookedPartner: "adie"))
        }
        return (folder, data, references)
    }

    @Test("the figures agree exactly between text, JSON and CSV; status changes show in them")
    func statsAgree() throws {
        let (folder, data, references) = try folderWithData()
        let base = ["--data", data.url.path, "--now", "2026-12-05T10:00:00", "--from", "2026-12-01", "--to", "2026-12-31"]
        // Recorded once the appointments are over, as staff would.
        let after = try #require(InstantParser.parse("2026-12-31T18:00:00"))
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        _ = try BookingStore(dataFolder: data).setStatus(reference: references[0], to: .seen, schedule: schedule, now: after)
        _ = try BookingStore(dataFolder: data).setStatus(reference: references[1], to: .noShow, schedule: schedule, now: after)
        let json = try CommandResult.run(fabrique, ["stats"] + base + ["--by", "partner", "--json"])
        #expect(json.status == 0, "\(json.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["visits"] as? Int == 2 && totals["bookings"] as? Int == 3 && totals["seen"] as? Int == 1)
        #expect(totals["honouredRate"] as? Double == 50.0 && totals["qpvShare"] as? Double == 100.0)
        let csv = try CommandResult.run(fabrique, ["stats"] + base + ["--by", "partner", "--csv"])
        #expect(csv.standardOutputBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.standardOutput.hasPrefix("clé;libellé;accueillis;sans rdv;QPV %"))
        let lines = csv.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(lines.count == rows.count + 2)
        // Same numbers, cell by cell, in the same order as the JSON fields.
        let names = ["visits", "walkIns", "qpvShare", "under26", "bookings", "seen", "noShow", "excused", "revoked", "honouredRate", "noShowRate"]
        for (row, line) in zip(rows, lines.dropFirst()) {
            let cells = line.components(separatedBy: ";")
            #expect(cells[0] == row["key"] as? String)
            for (index, name) in names.enumerated() {
                let expected = (row[name] as? NSNumber).map { CSV.number($0.doubleValue) } ?? ""
                #expect(cells[index + 2] == expected, "\(name): \(line)")
            }
        }
        let text = try CommandResult.run(fabrique, ["stats"] + base + ["--by", "partner"])
        #expect(text.standardOutput.contains("Adie"))
        #expect(text.standardOutput.contains("TOTAL"))
        #expect(text.standardOutput.contains("█"))
        _ = folder
    }

    /// The cells of a CSV document as a spreadsheet reads them (quotes, doubled quotes, `;`, CRLF).
    static func parse(_ document: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var characters = Array(document.drop { $0 == "\u{FEFF}" })[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { cell.append("\""); characters.removeFirst() } else { quoted = false }
                } else {
                    cell.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == ";" {
                row.append(cell)
                cell = ""
            } else if character == "\r\n" || character == "\n" {
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return rows
    }

    @Test("export opens in a spreadsheet as a person expects: French headers, names for ids, phones as text, no formula; audited without names")
    func export() throws {
        let (folder, data, _) = try folderWithData()
        let base = ["--data", data.url.path, "--now", "2026-12-05T10:00:00", "--from", "2026-12-01", "--to", "2026-12-31"]
        let bookings = try CommandResult.run(fabrique, ["export", "bookings"] + base + ["--csv"])
        #expect(bookings.status == 0)
        #expect(bookings.standardOutputBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let sheet = Self.parse(bookings.standardOutput)
        let header = try #require(sheet.first)
        #expect(header == ["Code", "Date", "Heure", "Lieu", "Partenaire", "Service", "Statut", "Prénom", "Nom", "Téléphone", "E-mail",
                           "Quartier", "Besoins", "Pris à", "Pris le", "Arrivée", "Plan"])
        #expect(sheet.dropFirst().allSatisfy { $0.count == header.count })
        let position = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        func cell(_ row: [String], _ name: String) -> String { position[name].map { row[$0] } ?? "(no column \(name))" }
        let hostile = try #require(sheet.first { cell($0, "Nom") == "Ben" })
        // The formula is shown as text; the phone is written as a person writes it, with no quote before it.
        #expect(cell(hostile, "Prénom") == "'=HYPERLINK(\"x\")")
        #expect(cell(hostile, "Téléphone") == "06 12 34 56 70")
        #expect(cell(hostile, "Date") == "01/12/2026" && cell(hostile, "Heure") == "9 h")
        #expect(cell(hostile, "Lieu") == "Belle-Beille" && cell(hostile, "Statut") == "réservé")
        #expect(sheet.contains { cell($0, "Prénom") == "Zoé" && cell($0, "Nom") == "Œuvray-Nguyễn" })
        for row in sheet {
            for cell in row {
                #expect(!"=+-@".contains(cell.first ?? " "), "a cell a spreadsheet would compute: \(cell)")
            }
        }
        let visits = try CommandResult.run(fabrique, ["export", "visits"] + base + ["--csv"])
        let visitSheet = Self.parse(visits.standardOutput)
        #expect(visitSheet.first?.prefix(3) == ["Date", "Lieu", "Quartier"])
        #expect(visitSheet.contains { $0.prefix(3) == ["01/12/2026", "Belle-Beille", "Monplaisir"] && $0.contains("Microcrédit professionnel") })
        #expect(try CommandResult.run(fabrique, ["export", "visits"] + base).status == 64)
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"export-bookings\"") && audit.contains("\"action\":\"export-visits\""))
        #expect(!audit.contains("Zoé"))
    }

    @Test("purge anonymises old bookings, deletes their tickets and previous copies, and keeps the figures")
    func purge() throws {
        let (folder, data, references) = try folderWithData()
        let later = "2029-01-15T10:00:00"
        let statsArguments = ["stats", "--data", data.url.path, "--now", later, "--from", "2026-12-01", "--to", "2026-12-31", "--json"]
        let before = try CommandResult.run(fabrique, statsArguments).standardOutput
        try FileManager.default.createDirectory(at: folder.path("tickets"), withIntermediateDirectories: true)
        try "Pour : Zoé".write(to: folder.path("tickets/\(references[1]).txt"), atomically: true, encoding: .utf8)
        let recent = try CommandResult.run(fabrique, ["purge", "--data", data.url.path, "--now", later, "--older-than", "36", "--yes"])
        #expect(recent.standardOutput.contains("0 rendez-vous anonymisé et"))
        // Without a terminal, nothing goes unless the script says --yes.
        let unconfirmed = try CommandResult.run(fabrique, ["purge", "--data", data.url.path, "--now", later])
        #expect(unconfirmed.status == 64 && unconfirmed.standardError.contains("--yes"))
        let purge = try CommandResult.run(fabrique, ["purge", "--data", data.url.path, "--now", later, "--yes"])
        #expect(purge.status == 0, "\(purge.standardError)")
        #expect(purge.standardOutput.contains("3 rendez-vous anonymisés"))
        // One ticket for each booking made with `book`, the one written by hand among them.
        #expect(purge.standardOutput.contains("3 tickets effacés."))
        // The journal is folded into an anonymised snapshot; neither it nor the previous snapshot keeps the names.
        let records = try String(contentsOf: folder.path("records/bookings/2026-12.json"), encoding: .utf8)
        #expect(!records.contains("Zoé") && !records.contains("+3361234567") && records.contains("\"anonymised\" : true"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.jsonl").path))
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.json.prev").path))
        #expect(!FileManager.default.fileExists(atPath: folder.path("tickets/\(references[1]).txt").path))
        #expect(try CommandResult.run(fabrique, statsArguments).standardOutput == before)
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"purge\""))
    }

    @Test("the agenda command lists the day's appointments with names and phones")
    func agenda() throws {
        let (folder, data, references) = try folderWithData()
        let result = try CommandResult.run(fabrique, ["agenda", "--data", data.url.path, "--now", "2026-11-27T10:00:00",
                                                      "--date", "2026-12-01", "--site", "belle-beille", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
        #expect(list.map { $0["reference"] as? String } == [references[0], references[1]])
        let text = try CommandResult.run(fabrique, ["agenda", "--data", data.url.path, "--now", "2026-11-27T10:00:00", "--date", "2026-12-01"])
        #expect(text.standardOutput.contains("Zoé Œuvray-Nguyễn · 06 12 34 56 71"))
        _ = folder
    }

    @Test("a partner's absence revokes that day's appointments, lists whom to call, and takes the slots away")
    func absenceAndCallList() throws {
        let (folder, data, references) = try folderWithData()
        let base = ["--data", data.url.path, "--now", "2026-11-30T10:00:00"]
        let calls = try CommandResult.run(fabrique, ["call-list"] + base + ["--csv"])
        #expect(calls.standardOutput.contains("Zoé;Œuvray-Nguyễn;06 12 34 56 71"), "\(calls.standardOutput)")
        #expect(calls.standardOutput.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
        let absence = try CommandResult.run(fabrique, ["absence"] + base + ["--partner", "adie", "--date", "2026-12-01", "--site", "belle-beille"])
        #expect(absence.status == 0, "\(absence.standardError)")
        #expect(absence.standardOutput.contains("2 rendez-vous révoqués"))
        #expect(absence.standardOutput.contains("Zoé Œuvray-Nguyễn") && absence.standardOutput.contains("06 12 34 56 71"))
        let store = BookingStore(dataFolder: data)
        #expect(try store.find(reference: references[0])?.status == .revoked)
        #expect(try store.find(reference: references[2])?.status == .booked)
        let slots = try CommandResult.run(fabrique, ["slots"] + base + ["--partner", "adie", "--from", "2026-12-01", "--days", "1", "--json"])
        #expect(slots.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "[\n\n]" || !slots.standardOutput.contains("adie-belle-beille"))
        let book = try CommandResult.run(fabrique, ["book"] + base + ["--slot", "adie-belle-beille/2026-12-01T10:30", "--service", "adie-microcredit", "--first-name", "Ali",
                                                                       "--last-name", "Ben", "--consent"])
        #expect(book.status == 66)
        #expect(try CommandResult.run(fabrique, ["absence"] + base + ["--partner", "nobody", "--date", "2026-12-01"]).status == 64)
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"absence\"") && audit.contains("\"action\":\"status-revoked\""))
    }

    @Test("plan --json gives the kiosk's plan for the same answers, need by need; several --slot book all or none")
    func planCommand() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        // A minute before a slot's notice ends: the command's clock, running on from --now, sees what the test sees.
        let now = try #require(InstantParser.parse("2026-11-27T09:59:00"))
        let cases: [(arguments: [String], answers: VisitorAnswers)] = [
            (["--needs", "financing,premises,networking", "--stage", "idea", "--under26", "no"],
             VisitorAnswers(stage: .given(.idea), under26: .given(false), needs: ["financing", "premises", "networking"])),
            (["--needs", "coaching,formalities", "--quartier", "bedier-beauval-morellerie", "--stage", "project", "--situation", "job-seeker"],
             VisitorAnswers(quartier: "bedier-beauval-morellerie", stage: .given(.project), situation: .given(.jobSeeker),
                            needs: ["coaching", "formalities"])),
            (["--needs", "youth,test", "--under26", "no"], VisitorAnswers(under26: .given(false), needs: ["youth", "test"])),
        ]
        for (arguments, answers) in cases {
            let result = try CommandResult.run(fabrique, ["plan", "--data", data.url.path, "--now", "2026-11-27T09:59:00", "--json"] + arguments)
            #expect(result.status == 0, "\(result.standardError)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
            let entries = try #require(json["needs"] as? [[String: Any]])
            let plan = Planner.plan(schedule, for: answers, now: now, taken: [:], site: "belle-beille")
            #expect(entries.map { $0["need"] as? String ?? "" } == answers.needs.filter { plan.step(for: $0) != nil })
            for entry in entries {
                let need = try #require(entry["need"] as? String)
                let step = try #require(plan.step(for: need))
                #expect(entry["service"] as? String == step.proposal.service.id, "\(need)")
                #expect(entry["firstStep"] as? Bool == step.prepares.contains(need), "\(need)")
                #expect((entry["reason"] as? String ?? "").count > 10)
            }
            #expect(json["unmet"] as? [String] == plan.unmet)
        }
        // Two slots at the same time cannot be one person's plan: refused with 65, nothing written.
        let overlap = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T10:00:00",
                                                       "--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--slot", "adie-belle-beille/2026-12-01T09:00",
                                                       "--first-name", "Zoé", "--last-name", "Martin", "--consent", "--json"])
        #expect(overlap.status == 65)
        let booked = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T10:00:00",
                                                      "--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit",
                                                      "--slot", "bge-monplaisir/2026-11-30T09:30", "--service", "bge-conseiller",
                                                      "--first-name", "Zoé", "--last-name", "Martin", "--consent", "--json"])
        #expect(booked.status == 0, "\(booked.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(booked.standardOutput.utf8)) as? [String: Any])
        let code = try #require(object["plan"] as? String)
        #expect((object["bookings"] as? [[String: Any]])?.count == 2)
        let shown = try CommandResult.run(fabrique, ["show", code, "--data", data.url.path])
        #expect(shown.standardOutput.contains("Plan \(code) : 2 rendez-vous"))
        _ = folder
    }
}
