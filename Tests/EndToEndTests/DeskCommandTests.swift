import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The reception desk's commands: find, move, status, agenda --print, purge --dry-run, default days.
@Suite("Commands: find, move, status, print, purge dry run")
struct DeskCommandTests {
    let fabrique = BuiltProgram.fabrique

    /// A data folder with Zoé booked on Tuesday 1 December and Ali today at Monplaisir.
    func folderWithBookings() throws -> (TemporaryFolder, DataFolder, zoe: String, ali: String) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        func book(_ slot: String, _ first: String, _ last: String, _ phone: String) throws -> String {
            let result = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T08:00:00", "--slot", slot, "--service", try CatalogueFixture.firstService(ofSlot: slot),
                                                          "--first-name", first, "--last-name", last, "--phone", phone, "--consent", "--json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
                                      "\(result.standardError)")
            return try #require(object["reference"] as? String)
        }
        let zoe = try book("adie-belle-beille/2026-12-01T09:00", "Zoé", "Œuvray-Nguyễn", "06 12 34 56 78")
        let ali = try book("aldev-monplaisir/2026-11-27T14:00", "Ali", "Ben", "07 00 00 00 01")
        return (folder, data, zoe, ali)
    }

    func run(_ arguments: [String], _ data: DataFolder, now: String = "2026-11-27T10:00:00") throws -> CommandResult {
        try CommandResult.run(fabrique, arguments + ["--data", data.url.path, "--now", now])
    }

    @Test("find looks in every month and place by name, phone or code; nothing found exits 66")
    func find() throws {
        let (folder, data, zoe, ali) = try folderWithBookings()
        let byName = try run(["find", "oeuvray"], data)
        #expect(byName.status == 0 && byName.standardOutput.contains("\(zoe) · réservé · mardi 1 décembre 2026 à 9 h"))
        #expect(byName.standardOutput.contains("06 12 34 56 78") && !byName.standardOutput.contains("Ali"))
        let byPhone = try run(["find", "07 00 00", "--json"], data)
        let found = try #require(try JSONSerialization.jsonObject(with: Data(byPhone.standardOutput.utf8)) as? [[String: Any]])
        #expect(found.map { $0["reference"] as? String } == [ali])
        #expect(try run(["find", zoe.lowercased()], data).standardOutput.contains(zoe))
        let none = try run(["find", "personne"], data)
        #expect(none.status == 66 && none.standardOutput.contains("Aucun rendez-vous ne correspond à « personne »"))
        #expect(try run(["find", " "], data).status == 64)
        _ = folder
    }

    @Test("a ticket that cannot be written is said on stderr, the booking stands, and a move removes the ticket it could not correct")
    func ticketNotWritten() throws {
        let (folder, data, zoe, _) = try folderWithBookings()
        // The ticket's place is a symbolic link: refused, so the old ticket of Zoé's code is not corrected by the move.
        let victim = folder.path("victim.txt")
        try "untouched".write(to: victim, atomically: true, encoding: .utf8)
        let ticket = folder.path("tickets/\(zoe).txt")
        try FileManager.default.removeItem(at: ticket)
        try FileManager.default.createSymbolicLink(at: ticket, withDestinationURL: victim)
        let moved = try run(["move", zoe, "--slot", "adie-grand-bellevue/2027-01-07T14:00"], data)
        #expect(moved.status == 0 && moved.standardError.contains("n'a pas pu être écrit"), "\(moved.standardError)")
        #expect(!FileManager.default.fileExists(atPath: ticket.path) && (try? FileManager.default.destinationOfSymbolicLink(atPath: ticket.path)) == nil)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "untouched")
        // The tickets folder itself is a link: the booking is made and said, nothing is written or removed there.
        let tickets = folder.path("tickets")
        let elsewhere = folder.path("elsewhere")
        try FileManager.default.moveItem(at: tickets, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: tickets, withDestinationURL: elsewhere)
        let before = try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).sorted()
        let booked = try run(["book", "--slot", "mcte-belle-beille/2026-12-03T09:00", "--first-name", "Léa", "--last-name", "Sy",
                              "--consent", "--json"], data)
        #expect(booked.status == 0 && booked.standardError.contains("n'a pas pu être écrit"), "\(booked.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(booked.standardOutput.utf8)) as? [String: Any])
        #expect(object["reference"] is String && object["ticket"] == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).sorted() == before)
    }

    @Test("book by service and date on a day whose month cannot be read says so (74, the file named), not that the day is full")
    func bookByDateInDamagedMonth() throws {
        let (folder, data, _, _) = try folderWithBookings()
        let january = folder.path("records/bookings/2027-01.json")
        try "{ not json\n".write(to: january, atomically: true, encoding: .utf8)
        let refused = try run(["book", "--service", "adie-microcredit", "--date", "2027-01-05", "--first-name", "Léa",
                               "--last-name", "Sy", "--consent"], data)
        #expect(refused.status == 74 && refused.standardError.contains("2027-01.json:1:3"), "\(refused.standardError)")
        #expect(!refused.standardError.contains("Aucun créneau libre"))
        #expect(try String(contentsOf: january, encoding: .utf8) == "{ not json\n")
        // Another month's day is booked as usual.
        #expect(try run(["book", "--service", "adie-microcredit", "--date", "2026-12-08", "--first-name", "Léa",
                         "--last-name", "Sy", "--consent"], data).status == 0)
    }

    @Test("move goes to another month keeping the code; show agrees and the ticket has the new date; a full slot exits 75")
    func move() throws {
        let (folder, data, zoe, _) = try folderWithBookings()
        let moved = try run(["move", zoe, "--slot", "adie-grand-bellevue/2027-01-07T14:00"], data)
        #expect(moved.status == 0, "\(moved.standardError)")
        #expect(moved.standardOutput.contains("\(zoe) · réservé · jeudi 7 janvier 2027 à 14 h · Adie"))
        let shown = try run(["show", zoe, "--json"], data)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.standardOutput.utf8)) as? [String: Any])
        #expect(object["slot"] as? String == "adie-grand-bellevue/2027-01-07T14:00" && object["site"] as? String == "grand-bellevue")
        let ticket = try String(contentsOf: folder.path("tickets/\(zoe).txt"), encoding: .utf8)
        #expect(ticket.contains("jeudi 7 janvier 2027") && ticket.contains(zoe) && !ticket.contains("décembre"))
        // The December agenda no longer has her; January's has her.
        #expect(!(try run(["agenda", "--date", "2026-12-01"], data).standardOutput.contains("Zoé")))
        #expect(try run(["agenda", "--date", "2027-01-07"], data).standardOutput.contains("Zoé"))
        // Someone else takes December's slot; moving back there is refused with the next free slots.
        _ = try run(["book", "--slot", "adie-belle-beille/2026-12-01T09:00", "--service", "adie-microcredit", "--first-name", "Léa", "--last-name", "Martin", "--consent"], data)
        let full = try run(["move", zoe, "--slot", "adie-belle-beille/2026-12-01T09:00"], data)
        #expect(full.status == 75 && full.standardError.contains("Prochains créneaux"))
        #expect(try run(["move", "ZZZZZZ", "--slot", "adie-belle-beille/2026-12-08T09:00"], data).status == 66)
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"move\""))
    }

    @Test("status records what happened under the desk's rules; cancel refuses a closed appointment with exit 77")
    func status() throws {
        let (folder, data, zoe, ali) = try folderWithBookings()
        let tooEarly = try run(["status", zoe, "seen"], data)
        #expect(tooEarly.status == 77 && tooEarly.standardError.contains("Pas encore commencé"))
        let otherDay = try run(["status", zoe, "arrived"], data)
        #expect(otherDay.status == 77 && otherDay.standardError.contains("pas aujourd'hui"))
        #expect(try run(["status", ali, "arrived"], data).standardOutput.contains("\(ali) · arrivé"))
        let again = try run(["status", ali, "arrived"], data)
        #expect(again.status == 77 && again.standardError.contains("déjà « arrivé »"))
        let seen = try run(["status", ali, "seen", "--json"], data, now: "2026-11-27T14:30:00")
        #expect(seen.status == 0 && seen.standardOutput.contains("\"status\" : \"seen\""))
        let cancel = try run(["cancel", ali], data, now: "2026-11-27T15:00:00")
        #expect(cancel.status == 77 && cancel.standardError.contains("« vu » : il ne peut plus être annulé"))
        #expect(try run(["status", ali, "lost"], data).status == 64)
        // A plan's code (the one on the ticket) is named as such, with its appointments' codes.
        let plan = try run(["book", "--slot", "adie-belle-beille/2026-12-08T09:00", "--service", "adie-accompagnement",
                            "--slot", "adie-grand-bellevue/2026-12-17T14:00", "--service", "adie-microcredit",
                            "--first-name", "Léa", "--last-name", "Martin", "--consent", "--json"], data)
        let planObject = try #require(try JSONSerialization.jsonObject(with: Data(plan.standardOutput.utf8)) as? [String: Any])
        let planCode = try #require(planObject["plan"] as? String)
        let byPlan = try run(["status", planCode, "excused"], data)
        #expect(byPlan.status == 66 && byPlan.standardError.contains("est le code d'un plan"), "\(byPlan.standardError)")
        // Another service's slot is not a place this appointment can move to.
        let other = try run(["move", zoe, "--slot", "mcte-belle-beille/2026-12-03T09:00"], data)
        #expect(other.status == 64 && other.standardError.contains("ne propose pas le service de ce rendez-vous"))
        let english = try CommandResult.run(fabrique, ["show", ali, "--data", data.url.path], environment: ["FABRIQUE_LANG": "en"])
        #expect(english.standardOutput.contains("\(ali) · seen ·"))
        _ = folder
    }

    @Test("agenda and call-list default to the day --now names; agenda --print sends the day's page to the print command")
    func agendaDays() throws {
        let (folder, data, zoe, ali) = try folderWithBookings()
        let today = try run(["agenda"], data)
        #expect(today.standardOutput.contains(ali) && !today.standardOutput.contains(zoe))
        let tuesday = try run(["call-list"], data, now: "2026-11-30T10:00:00")
        #expect(tuesday.standardOutput.contains(zoe) && !tuesday.standardOutput.contains(ali))
        let page = folder.path("printed.txt")
        let printed = try run(["agenda", "--site", "monplaisir", "--print", "--print-command", "cat > '\(page.path)'"], data)
        #expect(printed.status == 0 && printed.standardOutput.contains("Envoyé à l'imprimante"), "\(printed.standardError)")
        let text = try String(contentsOf: page, encoding: .utf8)
        #expect(text.contains("Agenda du vendredi 27 novembre 2026") && text.contains("Monplaisir") && text.contains("Ali Ben"))
        #expect(text.contains("07 00 00 00 01") && text.split(separator: "\n").allSatisfy { $0.count <= 48 })
        // The page held names: it is not left in the data folder.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path("prints").path))?.isEmpty ?? true)
        let nowhere = try run(["agenda", "--print"], data)
        #expect(nowhere.status == 69 && nowhere.standardError.contains("Aucune commande d'impression"))
        let failing = try run(["agenda", "--print", "--print-command", "exit 3"], data)
        #expect(failing.status == 69 && failing.standardError.contains("code 3"))
        // Started with SIGCHLD ignored (a supervisor may leave it so; exec keeps it): the system would
        // reap the command itself and its status be lost, every print reported failed.
        let ignoring = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "trap '' CHLD; exec \"$0\" \"$@\"", fabrique.path,
                                                                             "agenda", "--print", "--print-command", "cat > /dev/null",
                                                                             "--data", data.url.path, "--now", "2026-11-27T10:00:00"])
        #expect(ignoring.status == 0 && ignoring.standardOutput.contains("Envoyé à l'imprimante"), "\(ignoring.standardError)")
        let ignoringFailure = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "trap '' CHLD; exec \"$0\" \"$@\"", fabrique.path,
                                                                                    "agenda", "--print", "--print-command", "exit 3",
                                                                                    "--data", data.url.path, "--now", "2026-11-27T10:00:00"])
        #expect(ignoringFailure.status == 69 && ignoringFailure.standardError.contains("code 3"))
    }

    @Test("book by service and day for a caller: the first free slot that day (or at a time), the ticket written, the channel kept")
    func bookByDay() throws {
        let (folder, data, _, _) = try folderWithBookings()
        let booked = try run(["book", "--service", "adie-microcredit", "--date", "2026-12-08", "--first-name", "Léa", "--last-name", "Martin",
                              "--phone", "06 99 88 77 66", "--channel", "phone", "--consent", "--json"], data)
        #expect(booked.status == 0, "\(booked.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(booked.standardOutput.utf8)) as? [String: Any])
        #expect(object["slot"] as? String == "adie-belle-beille/2026-12-08T09:00" && object["channel"] as? String == "phone")
        let code = try #require(object["reference"] as? String)
        let ticket = try String(contentsOf: folder.path("tickets/\(code).txt"), encoding: .utf8)
        #expect(ticket.contains("mardi 8 décembre 2026 à 9 h") && ticket.contains("Léa") && !ticket.contains("Martin"))
        let atTime = try run(["book", "--service", "adie-microcredit", "--date", "2026-12-08", "--time", "10:30", "--first-name", "Ali",
                              "--last-name", "Ben", "--consent"], data)
        #expect(atTime.standardOutput.contains("mardi 8 décembre 2026 à 10 h 30") && atTime.standardOutput.contains("Ticket écrit"))
        let full = try run(["book", "--service", "adie-microcredit", "--date", "2026-12-08", "--first-name", "Awa", "--last-name", "Sy",
                            "--consent"], data)
        #expect(full.status == 75 && full.standardError.contains("Aucun créneau libre") && full.standardError.contains("Prochains créneaux"))
        #expect(try run(["book", "--service", "adie-microcredit", "--first-name", "Awa", "--last-name", "Sy", "--consent"], data).status == 64)
    }

    @Test("purge --dry-run says what would go and changes nothing")
    func purgeDryRun() throws {
        let (folder, data, _, _) = try folderWithBookings()
        let months = try FileManager.default.contentsOfDirectory(atPath: folder.path("records/bookings").path).sorted()
        let dry = try run(["purge", "--dry-run"], data, now: "2029-06-01T10:00:00")
        #expect(dry.status == 0 && dry.standardOutput.contains("Seraient anonymisés : 2 rendez-vous"))
        #expect(dry.standardOutput.contains("Rien n'a été modifié"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path("records/bookings").path).sorted() == months)
        #expect(try run(["find", "oeuvray"], data).status == 0)
        // Not on a terminal, an answer piped in is no confirmation; a script says --yes.
        #expect(try run(["purge"], data, now: "2029-06-01T10:00:00").status == 64)
        #expect(try run(["find", "oeuvray"], data).status == 0)
        #expect(try run(["purge", "--yes"], data, now: "2029-06-01T10:00:00").standardOutput.contains("2 rendez-vous anonymisés"))
        #expect(try run(["find", "oeuvray"], data).status == 66)
    }
}
