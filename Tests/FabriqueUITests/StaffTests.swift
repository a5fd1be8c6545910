import FabriqueCore
import FabriqueServices
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Testing

/// A PIN hash made quickly for tests (the product uses 600,000 rounds).
let testCredential: StaffCredential = {
    do {
        return try StaffCredential.make(pin: "2468", rounds: 1000)
    } catch {
        fatalError("cannot hash a test PIN: \(error)")
    }
}()

@Suite("Staff mode")
struct StaffTests {
    /// A data folder with a booking today at 14:00 (Aldev, Monplaisir) and one at Belle-Beille on Tuesday.
    func folderWithBookings() throws -> (TemporaryFolder, DataFolder, [Booking]) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let store = BookingStore(dataFolder: data)
        let a = try store.book(BookingRequest(slot: "initiative-belle-beille/2026-11-27T11:00", service: "initiative-pret-honneur",
                                              firstName: "Zoé", lastName: "Œuvray-Nguyễn", phone: "0612345678", consent: true,
                                              bookedAt: "belle-beille"), schedule: schedule, now: friday)
        let b = try store.book(BookingRequest(slot: "aldev-monplaisir/2026-11-27T14:00", service: "aldev-local",
                                              firstName: "Ali", lastName: "Ben", consent: true, bookedAt: "monplaisir"),
                               schedule: schedule, now: friday)
        return (folder, data, [a, b])
    }

    @Test("the PIN is stored only as a salted hash and checked in constant time")
    func credential() throws {
        let one = try StaffCredential.make(pin: "2468", rounds: 1000)
        let two = try StaffCredential.make(pin: "2468", rounds: 1000)
        #expect(one.salt != two.salt && one.hash != two.hash)
        #expect(one.matches("2468") && !one.matches("2469") && !one.matches(""))
        #expect(!one.hash.contains("2468"))
        #expect(StaffCredential.isValidPIN("2468") && !StaffCredential.isValidPIN("12a4") && !StaffCredential.isValidPIN("123"))
    }

    @Test("a staff.json written before swift-crypto 4 still opens: PBKDF2-SHA256 as RFC 7914 and Python's hashlib compute it")
    func credentialKnownAnswers() throws {
        func credential(rounds: Int, salt: String, hash: String) throws -> StaffCredential {
            let json = #"{"algorithm": "pbkdf2-sha256", "rounds": \#(rounds), "salt": "\#(salt)", "hash": "\#(hash)"}"#
            return try JSONDecoder().decode(StaffCredential.self, from: Data(json.utf8))
        }
        // RFC 7914, section 11: P = "passwd", S = "salt", c = 1 (the first 32 bytes of its 64).
        let rfc = try credential(rounds: 1, salt: "c2FsdA==", hash: "VawEblbjCJ/sFpHCJUS2BflBhSFt3gRl5oudV8INrLw=")
        #expect(rfc.matches("passwd") && !rfc.matches("passwe"))
        // A PIN at the default rounds, from hashlib.pbkdf2_hmac("sha256", b"2468", b"fabrique-salt-16", 600000, 32).
        let pin = try credential(rounds: 600_000, salt: "ZmFicmlxdWUtc2FsdC0xNg==", hash: "uu3v4CuV+EzAlKmyT2SF8+yfgTS2vhmv3xhNHakwnqI=")
        #expect(pin.matches("2468") && !pin.matches("2469"))
    }

    @Test("wrong PINs slow the next tries down, even across visitors, but never lock staff out")
    func wrongPINsSlowDown() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        for _ in 0..<3 {
            pilot.type("1111")
            pilot.press(.enter)
            #expect(pilot.screen.contains("Code incorrect."))
            #expect(!pilot.screen.contains("patientez"))
        }
        pilot.type("1111")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Trop d'essais : patientez 2 s"))
        // During the wait even the right PIN is not checked.
        pilot.type("2468")
        pilot.press(.enter)
        #expect(!pilot.screen.contains("Que voulez-vous faire ?"))
        // Not checked, so not counted or logged as a wrong PIN either.
        #expect(pilot.log.entries.filter { $0.hasPrefix("wrong staff PIN") }.count == 4)
        // A new visitor does not start afresh.
        pilot.press(.escape, .function(12))
        #expect(pilot.screen.contains("Trop d'essais : patientez"))
        // Someone guessing on and on is held at the ceiling, no more.
        var longest = 0
        for _ in 0..<20 {
            pilot.jump(seconds: Double(pilot.app.staffAccess.throttle.wait(at: pilot.now)))
            // After a long wait the visitors' idle reset has brought the welcome screen back.
            pilot.press(.function(12))
            pilot.type("1111")
            pilot.press(.enter)
            longest = max(longest, pilot.app.staffAccess.throttle.wait(at: pilot.now))
        }
        #expect(longest == 180)
        pilot.jump(seconds: 180)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Que voulez-vous faire ?"))
        #expect(pilot.app.staffAccess.throttle.mistakes == 0)
        _ = folder
    }

    @Test("a PIN set while the kiosk runs is used at the next F12")
    func pinSetAfterStart() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday)
        pilot.press(.function(12))
        #expect(pilot.screen.contains("Aucun code n'est enregistré"))
        pilot.press(.escape)
        try StaffFile.save(testCredential, in: data)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Que voulez-vous faire ?"))
        // A staff.json damaged meanwhile does not lock staff out: the PIN read before stays in force.
        pilot.press(.character("8"))
        try "{\"pin\": ".write(to: folder.path("staff.json"), atomically: true, encoding: .utf8)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Que voulez-vous faire ?"), "\(pilot.screen)")
        #expect(pilot.log.entries.contains { $0.hasPrefix("staff.json unreadable, previous PIN kept") })
        _ = folder
    }

    @Test("the day's agenda shows names and phones to staff, and statuses are set with one key")
    func agenda() throws {
        let (folder, data, bookings) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter)
        #expect(pilot.screen.contains("Agenda du vendredi 27 novembre 2026 — Belle-Beille"))
        #expect(pilot.screen.contains("11 h"))
        #expect(pilot.screen.contains("Zoé Œuvray-Nguyễn"))
        #expect(pilot.screen.contains("06 12 34 56 78"))
        #expect(!pilot.screen.contains("Ali Ben"))
        pilot.press(.character("a"))
        #expect(pilot.screen.contains("arrivé"))
        pilot.press(.character("v"))
        let store = BookingStore(dataFolder: data)
        #expect(try store.find(reference: bookings[0].reference)?.status == .seen)
        #expect(try store.find(reference: bookings[0].reference)?.arrivedAt != nil)
        pilot.press(.character("t"))
        #expect(pilot.screen.contains("tous les lieux") && pilot.screen.contains("Ali Ben") && pilot.screen.contains("Monplaisir"))
        // Search by name, without accents or case, then check the person in.
        pilot.press(.character("/"))
        pilot.type("ben")
        #expect(pilot.screen.contains("Ali Ben") && !pilot.screen.contains("Zoé Œuvray"))
        pilot.press(.escape, .character("/"))
        pilot.type("oeuvray NGUYEN")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Zoé Œuvray-Nguyễn") && !pilot.screen.contains("Ali Ben"))
        // Enter looks in every month and place; Enter again opens the person's day, highlighted.
        pilot.press(.escape, .character("/"))
        pilot.type("ben")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Recherche : « ben »") && pilot.screen.contains("27/11/2026") && pilot.screen.contains("Ali Ben"))
        pilot.press(.enter, .character("a"))
        #expect(try store.find(reference: bookings[1].reference)?.status == .arrived)
        pilot.press(.right)
        #expect(pilot.screen.contains("samedi 28 novembre 2026") && pilot.screen.contains("Aucun rendez-vous ce jour-là."))
        pilot.press(.escape, .character("8"))
        #expect(pilot.screen.contains("Bienvenue !"))
        #expect(!pilot.screen.contains("Zoé"))
        _ = folder
    }

    @Test("an appointment moves to another free slot of its service, in another month too, keeping its code")
    func move() throws {
        let (folder, data, bookings) = try folderWithBookings()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let december = try store.book(BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit",
                                                     firstName: "Léa", lastName: "Martin", consent: true, bookedAt: "belle-beille"),
                                      schedule: schedule, now: friday)
        let blocker = try store.book(BookingRequest(slot: "adie-belle-beille/2026-12-08T09:00", service: "adie-microcredit",
                                                    firstName: "Ali", lastName: "Ben", consent: true, bookedAt: "belle-beille"),
                                     schedule: schedule, now: friday)
        #expect(throws: BookingError.full) {
            try store.move(reference: december.reference, to: "adie-belle-beille/2026-12-08T09:00", schedule: schedule, now: friday)
        }
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter)
        for _ in 0..<4 { pilot.press(.right) }
        #expect(pilot.screen.contains("mardi 1 décembre 2026") && pilot.screen.contains("Léa Martin"))
        pilot.press(.character("d"))
        #expect(pilot.screen.contains("Déplacer le rendez-vous \(december.reference) de Léa Martin"))
        #expect(pilot.screen.contains("mardi 8 décembre · 9 h – 10 h 30 · complet"))
        pilot.press(.down, .enter)
        let moved = try #require(try store.find(reference: december.reference))
        #expect(moved.slot != "adie-belle-beille/2026-12-01T09:00" && moved.reference == december.reference)
        #expect(moved.slot != blocker.slot)
        #expect(pilot.screen.contains("Agenda du"))
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"move\"") && audit.contains(december.reference))
        _ = bookings
    }

    @Test("a walk-in that could not be written (another writer held the queue's lock) says so plainly and keeps the name typed")
    func walkInBusy() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let lock = try #require(RecordsLockHolder(folder.url, kind: "walkins"))
        defer { lock.release() }
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("2"), .character("n"))
        pilot.type("Mina")
        // The wait given up at once, as a kiosk asked to stop would (the lock's own wait is 20 s).
        var app = pilot.app
        _ = pilot.runtime.carryOut(.key(.enter), on: &app, now: { friday }, waiter: { _ in LockWaiter(began: {}, givesUp: { true }) })
        let screen = app.render(now: friday).text
        #expect(screen.contains("Rien n'a été enregistré : une autre borne écrivait trop longtemps."), "\(screen)")
        #expect(!screen.contains("fabrique validate"))
        #expect(screen.contains("Prénom") && screen.contains("Mina"), "\(screen)")
        // Each line is one thing: the message is not drawn over the queue or the form.
        #expect(!screen.contains("moment. lue"))
    }

    @Test("walk-ins wait for a permanence of the day and are served in order")
    func walkIns() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("2"))
        #expect(pilot.screen.contains("Personne n'attend pour le moment."))
        pilot.press(.character("n"))
        #expect(pilot.screen.contains("Accueil de la Fabrique (information, orientation)"))
        #expect(pilot.screen.contains("Initiative France (plateforme de Maine-et-Loire) (9 h–12 h)"))
        pilot.type("Awa")
        pilot.press(.down, .enter)
        pilot.press(.character("N"))
        pilot.type("Léo \u{1B}[2J")
        pilot.press(.down, .enter)
        #expect(pilot.screen.contains("Awa — en attente · 1re dans la file — Initiative France"))
        #expect(pilot.screen.contains("Léo [2J — en attente · 2e dans la file — Initiative France"))
        pilot.press(.character("v"))
        #expect(pilot.screen.contains("Awa — vu — Initiative France"))
        #expect(pilot.screen.contains("Léo [2J — en attente · 1re dans la file — Initiative France"))
        let queue = try WalkInStore(dataFolder: data).queue(on: try #require(LocalDate("2026-11-27")), site: "belle-beille")
        #expect(queue.map(\.status) == [.seen, .waiting] && queue.map(\.firstName) == ["Awa", "Léo [2J"])
        _ = folder
    }

    @Test("on a day without any permanence, a walk-in is welcomed at the general reception and counted in the figures")
    func receptionWalkIn() throws {
        let (folder, data, _) = try folderWithBookings()
        // Saturday 28 November: no permanence anywhere.
        var pilot = try Pilot(dataFolder: data, now: friday.addingTimeInterval(86_400), staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("2"), .character("n"))
        #expect(pilot.screen.contains("▶ Accueil de la Fabrique (information, orientation)"))
        pilot.type("Samir")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Samir — en attente · 1re dans la file — Accueil de la Fabrique"))
        let saturday = try #require(LocalDate("2026-11-28"))
        let walkIns = try WalkInStore(dataFolder: data).walkIns(from: saturday, to: saturday)
        #expect(walkIns.count == 1 && walkIns[0].permanence == nil && walkIns[0].site == "belle-beille")
        let stats = Statistics(visits: [], bookings: [], walkIns: walkIns, catalogue: try CatalogueFixture.defaultCatalogue(), by: .site)
        #expect(stats.totals.walkIns == 1 && stats.rows.first { $0.key == "belle-beille" }?.figures.walkIns == 1)
        // The staff's figures screen shows the column.
        pilot.press(.escape, .character("3"))
        #expect(pilot.screen.contains("sans rdv"))
        _ = folder
    }

    @Test("a partner's absence recorded from the agenda revokes its appointments and its slots are no longer offered")
    func absence() throws {
        let (folder, data, bookings) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter, .character("x"))
        #expect(pilot.screen.contains("X pour confirmer (rendez-vous révoqués) : absence d'Initiative France"))
        pilot.press(.character("x"))
        #expect(try BookingStore(dataFolder: data).find(reference: bookings[0].reference)?.status == .revoked)
        #expect(pilot.screen.contains("Absence enregistrée : 1 rendez-vous révoqué, à prévenir."))
        #expect(pilot.screen.contains("révoqué") && pilot.screen.contains("06 12 34 56 78"))
        // A visitor now finds that permanence's slots of the day full, and cannot book them.
        pilot.press(.escape, .character("8"), .enter)
        pilot.type("roseraie")
        pilot.press(.enter, .character("2"), .character("1"), .character("2"), .character("1"), .enter)
        // Initiative France has no free slot left: the plan puts it among the alternatives; the visitor picks it.
        let alternatives = pilot.app.journey.plan?.steps.first?.alternatives ?? []
        let initiative = try #require(alternatives.firstIndex { $0.service.id == "initiative-pret-honneur" }) + 1
        pilot.press(.character("d"), .character(Character("\(initiative)")), .enter)
        // Its only slot in the horizon was today's 11:00 (Christmas Day is closed): nothing is left to book.
        #expect(pilot.screen.contains("Prêt d'honneur à taux zéro"))
        #expect(pilot.screen.contains("Aucun créneau libre pour ce service"))
        let audit = try String(contentsOf: folder.path("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"action\":\"absence\""))
    }

    @Test("past appointments still booked are counted as a backlog")
    func backlog() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday.addingTimeInterval(6 * 3600), staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter)
        // Belle-Beille's 11:00 is past and still booked; Monplaisir's 14:00 counts only with every place shown.
        #expect(pilot.screen.contains("À compléter : 1 rendez-vous passé encore"))
        pilot.press(.character("t"))
        #expect(pilot.screen.contains("À compléter : 2 rendez-vous passés"))
        _ = folder
    }

    @Test("staff mode closes itself after three idle minutes; leaving the kiosk is a staff action")
    func idleAndQuit() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter)
        pilot.wait(seconds: 150)
        #expect(pilot.screen.contains("Zoé"))
        pilot.wait(seconds: 31)
        #expect(pilot.screen.contains("Bienvenue !") && !pilot.screen.contains("Zoé"))
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        let quits = pilot.send(.key(.character("9")))
        #expect(quits)
        let (otherFolder, otherData) = try CatalogueFixture.dataFolder()
        var noPIN = try Pilot(dataFolder: otherData, now: friday)
        noPIN.press(.function(12))
        #expect(noPIN.screen.contains("fabrique set-pin"))
        _ = (folder, otherFolder)
    }

    @Test("each store's failure says which records: figures, agenda, queue; never 'booking failed'")
    func typedFailures() throws {
        let (folder, data, _) = try folderWithBookings()
        // A damaged visits month: the figures cannot be read, the agenda still can.
        try FileManager.default.createDirectory(at: folder.path("records/visits"), withIntermediateDirectories: true)
        try "{\"visits\": [}".write(to: folder.path("records/visits/2026-11.json"), atomically: true, encoding: .utf8)
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("3"))
        #expect(pilot.screen.contains("Les chiffres n'ont pas pu être lus"), "\(pilot.screen)")
        #expect(!pilot.screen.contains("réservation"))
        pilot.press(.escape, .character("1"))
        #expect(pilot.screen.contains("Zoé"), "\(pilot.screen)")
        // A damaged bookings month: the agenda says so.
        try "{\"bookings\": [}".write(to: folder.path("records/bookings/2026-11.json"), atomically: true, encoding: .utf8)
        BookingStore.forgetReadMonths(in: data)
        pilot.press(.right, .left)
        #expect(pilot.screen.contains("L'agenda n'a pas pu être lu"), "\(pilot.screen)")
    }

    @Test("this month's figures on the staff screen match fabrique stats", arguments: [Statistics.Dimension.site, .partner, .status])
    func statistics(dimension: Statistics.Dimension) throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.character("1"))
        pilot.type("roseraie")
        pilot.press(.enter, .character("5"), .character("6"), .character("1"), .character("2"), .enter)
        pilot.jump(seconds: 1)
        pilot.press(.escape, .escape, .escape, .escape, .escape, .escape)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("3"))
        for _ in 0..<(Statistics.Dimension.allCases.firstIndex(of: dimension) ?? 0) { pilot.press(.right) }
        let screen = pilot.screen
        let stats = Statistics(visits: try VisitStore(dataFolder: data).visits(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-11-27"))),
                               bookings: try BookingStore(dataFolder: data).bookings(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-11-27"))),
                               catalogue: try CatalogueFixture.defaultCatalogue(), by: dimension)
        #expect(stats.totals.visits == 1 && stats.totals.bookings == 2)
        let total = try #require(screen.components(separatedBy: "\n").first { $0.contains("TOTAL") })
        #expect(total.split(separator: " ").map(String.init) == ["TOTAL", "1", "0", "100", "2"], "\(screen)")
        #expect(screen.contains("█"))
        _ = folder
    }

    @Test("while the window is too small, no key acts on the hidden agenda; a refusal and a change are said in words")
    func hiddenScreenIgnoresKeys() throws {
        let (folder, data, bookings) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter)
        _ = pilot.send(.resize(Size(width: 60, height: 20)))
        pilot.press(.character("e"), .character("x"), .character("x"))
        _ = pilot.send(.resize(Size(width: 80, height: 24)))
        let store = BookingStore(dataFolder: data)
        #expect(try store.find(reference: bookings[0].reference)?.status == .booked)
        // Seen before the 11:00 appointment, without an arrival: refused, and said so.
        pilot.press(.character("v"))
        #expect(pilot.screen.contains("Pas encore commencé"), "\(pilot.screen)")
        pilot.press(.character("a"))
        #expect(pilot.screen.contains("Zoé Œuvray-Nguyễn : arrivé (B pour revenir à « réservé »)"))
        // A cancelled appointment has no ticket to print and cannot be moved: said so.
        pilot.press(.character("b"), .character("e"), .character("i"))
        #expect(pilot.screen.contains("« excusé » : il ne peut plus être annulé ni déplacé"), "\(pilot.screen)")
        _ = folder
    }

    @Test("help names the keys and the idle time that really apply: F2 where letters are typed, staff's own time in staff mode")
    func helpTellsTheTruth() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(1))
        #expect(pilot.screen.contains("L : changer de langue"))
        pilot.press(.enter, .enter, .function(1))
        // The quartier screen takes typing: L is a letter there.
        #expect(pilot.screen.contains("F2 : changer de langue") && !pilot.screen.contains("L : changer de langue"), "\(pilot.screen)")
        pilot.press(.escape, .escape, .escape, .function(12))
        pilot.type("2468")
        pilot.press(.enter, .function(1))
        #expect(pilot.screen.contains("3 minutes") && !pilot.screen.contains("secondes"), "\(pilot.screen)")
        _ = folder
    }

    @Test("staff book a caller's two-need plan: the visitor's steps, the booking marked as by phone, no kiosk visit, back to the menu")
    func callerBooking() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("4"))
        #expect(pilot.screen.contains("Votre quartier"))
        pilot.type("roseraie")
        // Skip the three questions; financing and premises.
        pilot.press(.enter, .enter, .enter, .enter, .character("1"), .character("2"), .enter)
        #expect(pilot.app.journey.plan?.steps.count == 2)
        // A slot for each step, then the contact form: staff type what the caller says.
        pilot.press(.enter, .enter, .enter, .enter)
        #expect(pilot.screen.contains("Pour réserver vos 2 rendez-vous"), "\(pilot.screen)")
        pilot.type("Samira")
        pilot.press(.tab)
        pilot.type("Benali")
        pilot.press(.tab)
        pilot.type("0611223344")
        pilot.press(.tab, .tab, .character(" "), .tab, .enter)
        #expect(pilot.screen.contains("Votre code pour tous vos rendez-vous"), "\(pilot.screen)")
        let booked = try BookingStore(dataFolder: data).search(try #require(BookingQuery("benali")), now: friday).bookings
        #expect(booked.count == 2 && booked.allSatisfy { $0.channel == .phone && $0.plan != nil })
        pilot.jump(seconds: 1)
        // Its end asks for the PIN again: steps left open must not lead a visitor to the staff menu.
        pilot.press(.enter)
        #expect(pilot.screen.contains("Code du personnel"))
        pilot.type("2468")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Que voulez-vous faire ?"))
        // The same person again, for the same service: staff are told which booking they hold.
        pilot.press(.character("4"))
        pilot.type("roseraie")
        pilot.press(.enter, .enter, .enter, .enter, .character("1"), .character("2"), .enter, .enter, .enter, .enter, .enter)
        pilot.type("Samira")
        pilot.press(.tab)
        pilot.type("Benali")
        pilot.press(.tab)
        pilot.type("0611223344")
        pilot.press(.tab, .tab, .character(" "), .tab, .enter)
        #expect(pilot.screen.contains("Cette personne a déjà le rendez-vous"), "\(pilot.screen)")
        // Phone bookings are counted as bookings, not as people welcomed at the kiosk.
        #expect(try VisitStore(dataFolder: data).visits(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-11-30"))).isEmpty)
        _ = folder
    }

    @Test("a walk-in at the desk gets an appointment without their first name typed again")
    func walkInBooking() throws {
        let (folder, data, _) = try folderWithBookings()
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("2"), .character("n"))
        pilot.type("Awa")
        pilot.press(.enter, .character("r"))
        #expect(pilot.screen.contains("Votre quartier"))
        pilot.type("roseraie")
        pilot.press(.enter, .enter, .enter, .enter, .character("2"), .enter, .enter, .enter)
        #expect(pilot.screen.contains("Awa"), "\(pilot.screen)")
        pilot.press(.tab)
        pilot.type("Diallo")
        giveConsent(&pilot)
        pilot.press(.enter)
        let booked = try BookingStore(dataFolder: data).search(try #require(BookingQuery("awa diallo")), now: friday).bookings
        #expect(booked.count == 1 && booked.first?.channel == .desk && booked.first?.firstName == "Awa")
        // The booking names the walk-in it was made for: one person in the report.
        let walkIn = try WalkInStore(dataFolder: data).queue(on: LocalDate(friday), site: "belle-beille").first
        #expect(walkIn != nil && booked.first?.walkIn == walkIn?.id)
        _ = folder
    }

    @Test("a report too wide for the screen goes on below its table: no figure is cut at 80 columns")
    func wideReport() throws {
        var (folder, data, bookings) = try folderWithBookings()
        bookings[0].status = .seen
        try BookingStore(dataFolder: data).replaceMonth(of: bookings[0].start.day, with: bookings)
        let catalogue = try CatalogueFixture.defaultCatalogue()
        _ = try OutcomeStore(dataFolder: data).record(OutcomeDraft(kind: .financing, date: bookings[0].start.day, financing: .honourLoan,
                                                                   amountEuros: 9_999_999),
                                                      for: bookings[0], catalogue: catalogue, now: friday)
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .character("6"))
        var seen: [String] = []
        for _ in 0..<60 {
            seen += pilot.screen.split(separator: "\n").map(String.init)
            pilot.press(.down)
        }
        #expect(seen.contains { $0.contains("9 999 999") })
        #expect(seen.contains { $0.contains("Par étape du projet au premier contact (suite)") }, "\(seen)")
        // Table rows are never cut (a cut line ends in « … »), and stay inside the frame.
        #expect(!seen.contains { $0.hasSuffix("…") && $0.contains("  ") }, "\(seen.filter { $0.hasSuffix("…") })")
        // Tab: this quarter, this year, and back to this month (not January).
        for period in ["du 01/10/2026 au 27/11/2026", "du 01/01/2026 au 27/11/2026", "du 01/11/2026 au 27/11/2026"] {
            pilot.press(.tab)
            #expect(pilot.screen.contains(period), "\(pilot.screen)")
        }

        // The printed text holds to 80 columns the same way, and its blocks put together are the CSV's cells.
        let report = try PersonDirectory(dataFolder: data).report(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-11-30")),
                                                                  site: nil, catalogue: catalogue, visits: VisitStore(dataFolder: data))
        let table = ReportTable(report: report, catalogue: catalogue, strings: try Localization.load(from: CatalogueFixture.languageURL)[.fr])
        #expect(table.text().split(separator: "\n").allSatisfy { TextWidth.of($0) <= 80 })
        for section in table.sections where !section.rows.isEmpty {
            for width in [40, 60, 80] {
                let blocks = table.blocks(section, bars: true, width: width)
                #expect(blocks.joined().allSatisfy { TextWidth.of($0) <= width }, "\(section.key) at \(width)")
                let cells = section.rows.indices.map { row in
                    blocks.flatMap { block in
                        block[row + 1].replacingOccurrences(of: " █+$", with: "", options: .regularExpression)
                            .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.dropFirst()
                    }.map { $0.replacingOccurrences(of: " ", with: "") }
                }
                #expect(cells == section.rows.map { $0.cells.map(String.init) }, "\(section.key) at \(width)")
            }
        }
        _ = folder
    }

    @Test("staff screens match their snapshots", arguments: ["login", "menu", "agenda", "stats", "search", "free-slots", "walk-ins",
                                                            "report", "follow-up", "path", "outcome"],
          Language.allCases)
    func snapshots(step: String, language: Language) throws {
        var (folder, data, bookings) = try folderWithBookings()
        if step == "path" || step == "outcome" {
            // Zoé was seen, and an honour loan recorded for her.
            bookings[0].status = .seen
            try BookingStore(dataFolder: data).replaceMonth(of: bookings[0].start.day, with: bookings)
            if step == "path" {
                _ = try OutcomeStore(dataFolder: data).record(OutcomeDraft(kind: .financing, date: bookings[0].start.day, financing: .honourLoan,
                                                                           amountEuros: 8000),
                                                              for: bookings[0], catalogue: try CatalogueFixture.defaultCatalogue(), now: friday)
            }
        }
        var pilot = try Pilot(settings: KioskSettings(language: language), dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        if step != "login" {
            pilot.type("2468")
            pilot.press(.enter)
        }
        if step == "agenda" { pilot.press(.enter, .character("t")) }
        if step == "stats" { pilot.press(.character("3"), .right, .right, .right) }
        if step == "search" {
            pilot.press(.enter, .character("/"))
            pilot.type("o")
            pilot.press(.enter)
        }
        if step == "free-slots" { pilot.press(.character("5")) }
        if step == "report" { pilot.press(.character("6")) }
        if step == "follow-up" { pilot.press(.character("7")) }
        if step == "path" { pilot.press(.enter, .character("h")) }
        if step == "outcome" {
            pilot.press(.enter, .character("o"), .down, .down, .enter, .down, .enter)
            pilot.type("8000")
        }
        if step == "walk-ins" {
            pilot.press(.character("2"), .character("n"))
            pilot.type("Awa")
            pilot.press(.enter)
        }
        var text = pilot.screen
        for booking in bookings { text = text.replacingOccurrences(of: booking.reference, with: "XXXXXX") }
        // Outcome ids are random too.
        text = text.replacingOccurrences(of: "· O[A-Z0-9]{5}", with: "· OXXXXX", options: .regularExpression)
        let mismatch = Snapshot.mismatch(text, named: "staff-\(step)-\(language.rawValue)-80x24")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        _ = folder
    }
}
