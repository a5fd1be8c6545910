import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Testing

/// What became of a visitor, through the built program: outcomes recorded at the staff desk in tmux,
/// the report on screen and in JSON; the outcome command's refusals; the report's three formats.
@Suite("Outcomes and the funders' report through the built program", .serialized)
struct OutcomeTerminalTests {
    let desk = DeskTerminalTests()

    func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], "\(result.standardError)")
    }

    /// A kiosk at Belle-Beille, once its first screen is up (keys typed before it are dropped).
    func kiosk(_ folder: TemporaryFolder, now: String) throws -> TmuxPane {
        let pane = try TmuxPane([BuiltProgram.fabrique.path, "kiosk", "--data", folder.path("data").path, "--now", now, "--site", "belle-beille"],
                                environment: ["TERM": "tmux-256color", "LANG": "C.UTF-8"], folder: folder.url)
        try desk.step(pane, [], until: "Bienvenue !")
        return pane
    }

    func leave(_ pane: TmuxPane) throws {
        try desk.step(pane, ["Escape"], until: "Que voulez-vous faire ?")
        try pane.send("9")
        #expect(pane.exitStatus() == 0)
    }

    @Test("a visitor books at the kiosk; staff mark them seen, record an honour loan of 8 000 € and later a business; the report shows it")
    func visitorToBusiness() throws {
        let folder = try TemporaryFolder()
        let data = folder.path("data").path
        try desk.setPIN(data: data)
        // The visitor, from Bédier-Beauval-Morellerie (a QPV), books the plan's first step: Tuesday 1 December, 9 h.
        let visitor = try kiosk(folder, now: "2026-11-27T10:00:00")
        try JourneyTerminalTests().book(visitor)
        try desk.step(visitor, ["Enter"], until: "Bienvenue !")
        for pid in try visitor.commandPIDs() { kill(pid, SIGTERM) }
        #expect(visitor.exitStatus() == 0)
        // The answers the report counts by are kept with the booking (stage "project", not under 26).
        let found = try desk.fabrique(["find", "oeuvray", "--json"], data: data)
        let booked = try #require(try JSONSerialization.jsonObject(with: Data(found.standardOutput.utf8)) as? [[String: Any]])
        #expect(booked.first?["stage"] as? String == "project" && booked.first?["under26"] as? String == "no", "\(booked)")

        // That day, after the appointment: seen, then the financing obtained.
        let staff = try kiosk(folder, now: "2026-12-01T11:00:00")
        try desk.step(staff, ["F12"], until: "Code du personnel")
        try desk.step(staff, ["2468"], literally: true, until: "••••")
        try desk.step(staff, ["Enter"], until: "Que voulez-vous faire ?")
        try desk.step(staff, ["1"], until: "Zoé Œuvray-Nguyễn")
        try desk.step(staff, ["o"], until: "n'est pas marqué vu")
        try desk.step(staff, ["v"], until: "vu       Zoé")
        try desk.step(staff, ["o"], until: "Qu'est-il arrivé depuis ce rendez-vous ?")
        try desk.step(staff, ["Down", "Down", "Enter"], until: "Quel financement ?")
        try desk.step(staff, ["Down", "Enter"], until: "Montant en euros")
        try desk.step(staff, ["8 000"], literally: true, until: "prêt d'honneur · 8 000 €")
        try desk.step(staff, ["Enter"], until: "Date à laquelle")
        try desk.step(staff, ["Enter"], until: "Entrée enregistre ce résultat")
        try desk.step(staff, ["Enter"], until: "Résultat enregistré.")
        let path = try staff.capture()
        #expect(path.contains("Parcours de Zoé Œuvray-Nguyễn") && path.contains("Financement obtenu · prêt d'honneur · 8 000 €"), "\(path)")
        try desk.step(staff, ["Escape"], until: "Agenda du mardi 1 décembre 2026")
        try leave(staff)

        // Two months later: found by name, the business created, then the year's report.
        let later = try kiosk(folder, now: "2027-02-15T10:00:00")
        try desk.step(later, ["F12"], until: "Code du personnel")
        try desk.step(later, ["2468"], literally: true, until: "••••")
        try desk.step(later, ["Enter"], until: "Que voulez-vous faire ?")
        try desk.step(later, ["1"], until: "Agenda du lundi 15 février 2027")
        try desk.step(later, ["/"], until: "Chercher")
        try desk.step(later, ["oeuvray"], literally: true, until: "oeuvray")
        try desk.step(later, ["Enter"], until: "1 rendez-vous trouvé")
        try desk.step(later, ["Enter"], until: "Agenda du mardi 1 décembre 2026")
        try desk.step(later, ["o"], until: "Qu'est-il arrivé depuis ce rendez-vous ?")
        for _ in 0..<6 { try later.send("Down") }
        try desk.step(later, ["Enter"], until: "Quelle forme juridique ?")
        try desk.step(later, ["Enter"], until: "SIRET")
        try desk.step(later, ["73282932000075", "Enter"], literally: false, until: "Ce SIRET n'existe pas")
        for _ in 0..<14 { try later.send("BSpace") }
        try desk.step(later, ["73282932000074"], literally: true, until: "SIRET 73282932000074")
        try desk.step(later, ["Enter"], until: "Date à laquelle")
        try desk.step(later, ["Enter"], until: "Entrée enregistre ce résultat")
        try desk.step(later, ["Enter"], until: "Entreprise créée · micro-entreprise")
        try desk.step(later, ["Escape"], until: "Agenda du mardi 1 décembre 2026")
        try desk.step(later, ["Escape"], until: "Que voulez-vous faire ?")
        try desk.step(later, ["6"], until: "Rapport d'activité du 01/02/2027 au 15/02/2027")
        // The financing was in December, the business in February: the last twelve months as a year from January 2026? No:
        // Tab twice gives this year so far; ← gives 2026, where the booking, the visit and the loan fall.
        try desk.step(later, ["Tab", "Tab"], until: "du 01/01/2027 au 15/02/2027")
        // A row's cells, as the screen aligns them (two spaces apart at least).
        func cells(_ screen: String, _ label: String) -> [String] {
            let line = screen.components(separatedBy: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) } ?? ""
            return line.replacingOccurrences(of: " █+$", with: "", options: .regularExpression).components(separatedBy: "  ")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.dropFirst().map { $0 }
        }
        let thisYear = try later.waitFor("Montant (€)").screen
        // This year: the business, at Belle-Beille, from a QPV ("Total  QPV  Hors QPV  Non dit  -26 ans").
        #expect(cells(thisYear, "Entreprises créées") == ["1", "1", "0", "0", "0"], "\(thisYear)")
        #expect(cells(thisYear, "Montant (€)").first == "0")
        try desk.step(later, ["Left"], until: "du 01/01/2026 au 31/12/2026")
        let lastYear = try later.waitFor("Montant (€)").screen
        #expect(cells(lastYear, "Accueillies") == ["1", "1", "0", "0", "0"] && cells(lastYear, "Reçues") == ["1", "1", "0", "0", "0"], "\(lastYear)")
        #expect(cells(lastYear, "Financées") == ["1", "1", "0", "0", "0"] && cells(lastYear, "Montant (€)") == ["8 000", "8 000", "0", "0", "0"])
        try desk.step(later, ["Escape"], until: "Que voulez-vous faire ?")
        try later.send("9")
        #expect(later.exitStatus() == 0)

        // The same in JSON, over the whole story (November 2026 to February 2027).
        let report = try json(try desk.fabrique(["report", "--from", "2026-11-01", "--to", "2027-02-15", "--json"], data: data,
                                                now: "2027-02-15T12:00:00"))
        func field(_ name: String) -> [String: Any] { report[name] as? [String: Any] ?? [:] }
        #expect(field("reached")["total"] as? Int == 1 && field("received")["total"] as? Int == 1)
        #expect(field("businessesCreated")["total"] as? Int == 1 && field("financingObtained")["total"] as? Int == 1)
        #expect(field("financingTotalEuros")["total"] as? Int == 8000)
        #expect((field("reached")["byQuartierKind"] as? [String: Int])?["qpv"] == 1)
        #expect((field("financingTotalEuros")["byQuartierKind"] as? [String: Int])?["qpv"] == 8000)
        #expect((field("reached")["bySite"] as? [String: Int])?["belle-beille"] == 1)
        #expect((field("reached")["byStage"] as? [String: Int])?["project"] == 1 && field("reached")["under26"] as? Int == 0)
        // Every change is in the audit log, without the person's name.
        let audit = try String(contentsOf: folder.path("data/audit.log"), encoding: .utf8)
        #expect(audit.components(separatedBy: "\"outcome-add\"").count == 3 && !audit.contains("Zoé"))
    }

    @Test("an unknown code, an appointment not seen, a wrong SIRET, a negative amount: each refused with its own status, nothing written")
    func refusals() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let path = data.url.path
        func book(_ slot: String, _ first: String) throws -> String {
            let booked = try desk.fabrique(["book", "--slot", slot, "--service", try CatalogueFixture.firstService(ofSlot: slot), "--first-name", first, "--last-name", "Diallo", "--phone", "06 11 22 33 44",
                                            "--consent", "--json"], data: path, now: "2026-11-27T08:00:00")
            return try #require(try json(booked)["reference"] as? String)
        }
        let seen = try book("adie-belle-beille/2026-12-01T09:00", "Awa")
        let notSeen = try book("bge-monplaisir/2026-11-30T09:30", "Ali")
        #expect(try desk.fabrique(["status", seen, "seen"], data: path, now: "2026-12-01T10:00:00").status == 0)
        // (The data folder here is the temporary folder itself.)
        let outcomes = data.url.appendingPathComponent("records/outcomes")
        func refused(_ arguments: [String], _ status: Int32, _ words: String) throws {
            let result = try desk.fabrique(["outcome"] + arguments, data: path, now: "2026-12-02T10:00:00")
            #expect(result.status == status, "\(arguments): \(result.standardError)")
            #expect(result.standardError.contains(words), "\(arguments): \(result.standardError)")
            #expect(!FileManager.default.fileExists(atPath: outcomes.appendingPathComponent("outcomes.jsonl").path))
        }
        try refused(["XXXXXX", "--kind", "premises"], 66, "Aucun rendez-vous ni résultat n'a le code « XXXXXX »")
        try refused([notSeen, "--kind", "premises"], 77, "n'est pas marqué vu (il est « réservé »)")
        try refused([seen, "--kind", "business-created", "--siret", "732 829 320 00075"], 65, "Ce SIRET n'existe pas")
        try refused([seen, "--kind", "honour-loan", "--amount", "-8000"], 64, "Un montant ne peut pas être négatif : « -8000 »")
        try refused([seen, "--kind", "honour-loan", "--amount", "8000,50"], 64, "en euros entiers")
        try refused([seen, "--kind", "premises", "--amount", "10"], 64, "« --amount » ne va pas avec ce résultat")
        try refused([seen, "--kind", "premises", "--date", "2026-12-03"], 64, "Cette date est à venir")
        try refused([seen, "--kind", "oriented", "--partner", "nobody"], 64, "Partenaire inconnu")
        try refused([seen, "--kind", "unknown-kind"], 64, "Résultat inconnu « unknown-kind »")
        try refused(["--withdraw", "OAAAAA"], 66, "Aucun rendez-vous ni résultat n'a le code « OAAAAA »")
        try refused(["--withdraw", seen], 64, "n'est pas le code d'un résultat : --withdraw prend un code O…")
        try refused([seen, "--kind", "business-created", "--siret", "732 829 320"], 65, "Un SIRET a 14 chiffres")
        try refused([seen, "--kind", "grant", "--amount", "0"], 64, "Un montant de 0 € ne dit rien")
        try refused([seen, "--kind", "grant", "--amount", "99999999999999"], 64, "sûrement une erreur de frappe")
        try refused([seen, "--kind", "oriented", "--partner", "adie"], 64, "La personne a vu Adie à ce rendez-vous")
        try refused([seen, "--kind", "business-created", "--siret", "00000000000000"], 65, "aucune entreprise n'a le SIREN 000 000 000")
        try refused([seen, "--kind", "microloan", "--financing", "guarantee"], 64, "se contredisent")
        try refused(["OAAAAA", "--kind", "paused"], 64, "« OAAAAA » est le code d'un résultat : --correct OAAAAA")
        // JSON keeps a code for scripts.
        let scripted = try desk.fabrique(["outcome", seen, "--kind", "business-created", "--siret", "73282932000075", "--json"], data: path,
                                         now: "2026-12-02T10:00:00")
        #expect(try json(scripted)["error"] as? String == "invalid-siret")

        // Then right: recorded, corrected, withdrawn; the figures follow.
        let recorded = try json(try desk.fabrique(["outcome", seen, "--kind", "honour-loan", "--amount", "8 000", "--date", "2026-12-02",
                                                   "--json"], data: path, now: "2026-12-02T10:00:00"))
        let id = try #require(recorded["id"] as? String)
        #expect(recorded["amountEuros"] as? Int == 8000 && recorded["financing"] as? String == "honour-loan")
        // The same loan typed again (say by a colleague at another terminal): refused, the first one named.
        let again = try desk.fabrique(["outcome", seen, "--kind", "honour-loan", "--amount", "8000", "--json"], data: path, now: "2026-12-02T11:00:00")
        #expect(again.status == 77 && again.standardError.contains("Déjà enregistré pour ce rendez-vous (\(id))"), "\(again.standardError)")
        #expect(try json(again)["error"] as? String == "duplicate")
        #expect(try OutcomeStore(dataFolder: data).all().count == 1, "nothing written")
        // A person is not linked to their own appointment.
        #expect(try desk.fabrique(["person", seen, "--same-as", seen], data: path, now: "2026-12-02T11:00:00").status == 64)
        #expect(try desk.fabrique(["person", seen, "--same-as", notSeen, "--not-same-as", notSeen], data: path,
                                  now: "2026-12-02T11:00:00").status == 64)
        #expect(try PersonLinkStore(dataFolder: data).links().isEmpty)
        let corrected = try desk.fabrique(["outcome", "--correct", id, "--amount", "9000"], data: path, now: "2026-12-03T10:00:00")
        #expect(corrected.status == 0 && corrected.standardOutput.contains("Résultat \(id) corrigé : Financement obtenu · prêt d'honneur · 9 000 €"),
                "\(corrected.standardError)")
        func euros() throws -> Int? {
            let report = try json(try desk.fabrique(["report", "--from", "2026-12-01", "--to", "2026-12-31", "--json"], data: path,
                                                    now: "2026-12-31T12:00:00"))
            return (report["financingTotalEuros"] as? [String: Any])?["total"] as? Int
        }
        #expect(try euros() == 9000)
        #expect(try desk.fabrique(["outcome", "--withdraw", id], data: path, now: "2026-12-03T10:00:00").status == 0)
        #expect(try euros() == 0)
        #expect(try desk.fabrique(["outcome", "--withdraw", id], data: path, now: "2026-12-03T10:00:00").status == 77)
        let person = try desk.fabrique(["person", "06 11 22 33 44"], data: path, now: "2026-12-03T10:00:00")
        #expect(person.standardOutput.contains("Parcours d'Awa Diallo") && person.standardOutput.contains("(retiré)"), "\(person.standardOutput)")
        #expect(person.standardOutput.contains(notSeen), "one phone, one person: both appointments")

        // A hand edit that the program would have refused: validate names each field, the file is left as it is.
        #expect(try desk.fabrique(["validate"], data: path, now: "2026-12-03T10:00:00").status == 0)
        let journal = outcomes.appendingPathComponent("outcomes.jsonl")
        let first = try #require(try OutcomeStore(dataFolder: data).all().first)
        var edited = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(first)) as? [String: Any])
        edited["id"] = "OTTTTT"
        edited["booking"] = "FXXXXX"
        edited["kind"] = "oriented"
        edited["partner"] = "nobody"
        edited["siret"] = "7328\u{1B}[2J"
        edited.removeValue(forKey: "withdrawn")
        var lines: [String] = []
        func add(_ record: [String: Any]) throws {
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self))
        }
        try add(edited)
        // The same event again under another id, and an orientation to the appointment's own partner.
        edited["id"] = "OTTTTU"
        try add(edited)
        edited["id"] = "OTTTTV"
        edited["booking"] = seen
        edited["partner"] = "adie"
        edited.removeValue(forKey: "siret")
        edited.removeValue(forKey: "financing")
        edited.removeValue(forKey: "amountEuros")
        try add(edited)
        let existing = (try? Data(contentsOf: journal)) ?? Data()
        try (existing + Data((lines.joined(separator: "\n") + "\n").utf8)).write(to: journal)
        let before = try Data(contentsOf: journal)
        let validated = try desk.fabrique(["validate"], data: path, now: "2026-12-03T10:00:00")
        #expect(validated.status == 65, "\(validated.standardOutput)")
        for expected in ["outcomes[1].booking", "rendez-vous inconnu : « FXXXXX »", "outcomes[1].partner", "partenaire inconnu : « nobody »",
                         "outcomes[1].siret", "outcomes[1].financing",
                         "outcomes[2].kind", "même événement que le résultat OTTTTT", "outcomes[3].partner : valeur invalide"] {
            #expect(validated.standardOutput.contains(expected), "\(expected): \(validated.standardOutput)")
        }
        #expect(!validated.standardOutput.contains("\u{1B}"), "an escape in a record is never printed raw")
        #expect(try Data(contentsOf: journal) == before)
        // Marked missed after all: the path says its outcome no longer counts.
        #expect(try desk.fabrique(["status", seen, "no-show"], data: path, now: "2026-12-03T10:00:00").status == 0)
        let missed = try desk.fabrique(["person", seen], data: path, now: "2026-12-03T10:00:00").standardOutput
        #expect(missed.contains("OTTTTV (pas compté : rendez-vous plus marqué vu)"), "\(missed)")
    }

    @Test("the report's text, CSV and JSON agree cell by cell")
    func formatsAgree() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let path = data.url.path
        var codes: [String] = []
        for (slot, first, phone, quartier) in [("adie-belle-beille/2026-12-01T09:00", "Awa", "06 11 22 33 44", "belle-beille"),
                                              ("bge-monplaisir/2026-11-30T09:30", "Ali", "06 55 66 77 88", "hors-agglomeration"),
                                              ("mcte-belle-beille/2026-12-03T09:00", "Awa", "06 11 22 33 44", "belle-beille")] {
            let booked = try desk.fabrique(["book", "--slot", slot, "--service", try CatalogueFixture.firstService(ofSlot: slot), "--first-name", first, "--last-name", "X", "--phone", phone,
                                            "--quartier", quartier, "--needs", "financing", "--consent", "--json"], data: path,
                                           now: "2026-11-27T08:00:00")
            codes.append(try #require(try json(booked)["reference"] as? String, "\(booked.standardError)"))
        }
        for code in codes { _ = try desk.fabrique(["status", code, "seen"], data: path, now: "2026-12-05T10:00:00") }
        _ = try desk.fabrique(["outcome", codes[2], "--kind", "honour-loan", "--amount", "1250000"], data: path, now: "2026-12-10T10:00:00")
        _ = try desk.fabrique(["outcome", codes[0], "--kind", "business-created", "--legal-form", "ei"], data: path, now: "2026-12-11T10:00:00")
        _ = try desk.fabrique(["outcome", codes[1], "--kind", "oriented", "--partner", "cci"], data: path, now: "2026-12-11T10:00:00")
        let arguments = ["report", "--from", "2026-11-01", "--to", "2026-12-31"]
        let text = try desk.fabrique(arguments, data: path, now: "2027-01-02T10:00:00").standardOutput
        let csv = try desk.fabrique(arguments + ["--csv"], data: path, now: "2027-01-02T10:00:00").standardOutput
        let report = try json(try desk.fabrique(arguments + ["--json"], data: path, now: "2027-01-02T10:00:00"))
        #expect((report["reached"] as? [String: Any])?["total"] as? Int == 2)

        // Tables from the text (columns are two spaces apart; thousands take one) and from the CSV (one blank row between).
        func tables(_ blocks: [[[String]]]) -> [[[String]]] { blocks.filter { !$0.isEmpty } }
        // A table too wide for the page goes on below under « … (suite) »: its columns join the rows above.
        var textBlocks: [[[String]]] = []
        for block in text.components(separatedBy: "\n\n").dropFirst() {
            let lines = block.split(separator: "\n")
            let rows = lines.dropFirst().map { line in
                line.replacingOccurrences(of: " █+$", with: "", options: .regularExpression)
                    .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            guard (rows.first?.count ?? 0) > 1 else { continue }
            if lines.first?.hasSuffix("(suite)") == true, let previous = textBlocks.popLast() {
                #expect(previous.map { $0.first } == rows.map { $0.first }, "a continuation repeats the rows' labels")
                textBlocks.append(zip(previous, rows).map { $0 + $1.dropFirst() })
            } else {
                textBlocks.append(rows)
            }
        }
        let csvLines = csv.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").dropFirst()
        var csvBlocks: [[[String]]] = [[]]
        for line in csvLines {
            if line.isEmpty { csvBlocks.append([]) } else { csvBlocks[csvBlocks.count - 1].append(line.components(separatedBy: ";")) }
        }
        csvBlocks = tables(csvBlocks)
        #expect(textBlocks.count == 6 && csvBlocks.count == 6, "\(text)\n\(csv)")
        var cells = 0
        for (textTable, csvTable) in zip(textBlocks, csvBlocks) {
            #expect(textTable.count == csvTable.count)
            for (textRow, csvRow) in zip(textTable.dropFirst(), csvTable.dropFirst()) {
                let fromText = textRow.dropFirst().map { $0.replacingOccurrences(of: " ", with: "") }
                #expect(fromText == Array(csvRow.dropFirst()), "\(textRow) vs \(csvRow)")
                cells += fromText.count
            }
        }
        // JSON: each funnel cell of the CSV is the field's total, kind of quartier, under 26, place and stage.
        let fields = ["reached", "oriented", "received", "accompanied", "businessesCreated", "financingObtained", "financingTotalEuros"]
        let sites = ["belle-beille", "monplaisir", "grand-bellevue"]
        for (row, name) in fields.enumerated() {
            let object = try #require(report[name] as? [String: Any])
            let kinds = try #require(object["byQuartierKind"] as? [String: Int])
            let expected = [object["total"] as? Int, kinds["qpv"], kinds["other"], kinds["unknown"], object["under26"] as? Int].map { "\($0 ?? -1)" }
            #expect(Array(csvBlocks[0][row + 1].dropFirst()) == expected, "\(name)")
            let bySite = try #require(object["bySite"] as? [String: Int])
            #expect(Array(csvBlocks[1][row + 1].dropFirst()) == sites.map { "\(bySite[$0] ?? -1)" }, "\(name) by site")
            let byStage = try #require(object["byStage"] as? [String: Int])
            #expect(Array(csvBlocks[2][row + 1].dropFirst()) == FunnelReport.stageKeys.map { "\(byStage[$0] ?? -1)" }, "\(name) by stage")
        }
        let needs = try #require(report["byNeed"] as? [[String: Any]])
        #expect(needs.map { need in ["asked", "oriented", "unmet"].map { "\(need[$0] as? Int ?? -1)" } } == csvBlocks[3].dropFirst().map { Array($0.dropFirst()) })
        let partners = try #require(report["byPartner"] as? [[String: Any]])
        let partnerKeys = ["oriented", "received", "accompanied", "businessesCreated", "financingObtained", "financingTotalEuros"]
        #expect(partners.map { partner in partnerKeys.map { "\(partner[$0] as? Int ?? -1)" } } == csvBlocks[4].dropFirst().map { Array($0.dropFirst()) })
        #expect(partners.map { $0["partner"] as? String ?? "" } == ["adie", "bge", "mcte", "cci"])
        let financing = try #require(report["byFinancing"] as? [[String: Any]])
        #expect(financing.map { row in ["count", "euros"].map { "\(row[$0] as? Int ?? -1)" } } == csvBlocks[5].dropFirst().map { Array($0.dropFirst()) })
        print("report formats: \(cells) cells of text and CSV agree, the funnel's 7×13 and the by-need, by-partner and financing tables match JSON")
        _ = folder
    }
}
