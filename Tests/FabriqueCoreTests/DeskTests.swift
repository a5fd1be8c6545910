import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The reception desk's work on the records: what a status change may do, moving across months
/// with the same code, and finding anyone.
@Suite("Reception desk: statuses, moves, search")
struct DeskTests {
    let now = InstantParser.parse("2026-11-27T10:00:00")!
    let december = LocalDate("2026-12-01")!

    func request(_ slot: String, first: String, last: String = "Martin", phone: String? = nil,
                 service: String = "adie-microcredit") -> BookingRequest {
        BookingRequest(slot: slot, service: service, firstName: first, lastName: last, phone: phone, consent: true, bookedAt: "belle-beille")
    }

    @Test("a status change follows the appointment: not seen before it begins, arrived only that day, a place taken back only if free")
    func statusRules() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let slot = "adie-belle-beille/2026-12-01T09:00"
        let booking = try store.book(request(slot, first: "Léa"), schedule: schedule, now: now)
        let during = booking.start.instant.addingTimeInterval(600)
        #expect(throws: BookingError.statusRefused(.notYet)) {
            try store.setStatus(reference: booking.reference, to: .seen, schedule: schedule, now: now)
        }
        #expect(throws: BookingError.statusRefused(.notYet)) {
            try store.setStatus(reference: booking.reference, to: .noShow, schedule: schedule, now: now)
        }
        #expect(throws: BookingError.statusRefused(.otherDay)) {
            try store.setStatus(reference: booking.reference, to: .arrived, schedule: schedule, now: now)
        }
        #expect(throws: BookingError.statusRefused(.already(.booked))) {
            try store.setStatus(reference: booking.reference, to: .booked, schedule: schedule, now: during)
        }
        let arrived = try #require(try store.setStatus(reference: booking.reference, to: .arrived, schedule: schedule, now: during))
        #expect(arrived.status == .arrived && arrived.arrivedAt != nil)
        // Back to booked (a mistaken A): the arrival time goes with it.
        let back = try #require(try store.setStatus(reference: booking.reference, to: .booked, schedule: schedule, now: during))
        #expect(back.status == .booked && back.arrivedAt == nil)
        // Cancelled, its place taken by someone else: B cannot overbook the slot.
        _ = try store.cancel(reference: booking.reference, now: now)
        let other = try store.book(request(slot, first: "Ali", last: "Ben"), schedule: schedule, now: now)
        #expect(throws: BookingError.full) {
            try store.setStatus(reference: booking.reference, to: .booked, schedule: schedule, now: now)
        }
        #expect(try store.activeCounts(from: december, days: 1)[slot] == 1)
        // Once the place is free again, B gives it back.
        _ = try store.cancel(reference: other.reference, now: now)
        #expect(try store.setStatus(reference: booking.reference, to: .booked, schedule: schedule, now: now)?.status == .booked)
        // Seen: a visitor's cancellation is refused, and says why.
        _ = try store.setStatus(reference: booking.reference, to: .seen, schedule: schedule, now: during)
        #expect(throws: BookingError.statusRefused(.closed(.seen))) {
            try store.cancel(reference: booking.reference, now: during)
        }
        _ = folder
    }

    @Test("a cancelled appointment is not booked again while the same person holds another for the service; a past one may be")
    func reviveKeepsOneBooking() throws {
        let (_, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Ana", phone: "06 12 12 12 12"),
                                   schedule: schedule, now: now)
        _ = try store.cancel(reference: first.reference, now: now)
        // Booked again, at another time: the same phone and, whatever the accents, the same name.
        let again = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ana", phone: "+33612121212"),
                                   schedule: schedule, now: now)
        #expect(throws: BookingError.alreadyBooked(again.reference)) {
            try store.setStatus(reference: first.reference, to: .booked, schedule: schedule, now: now)
        }
        #expect(try store.find(reference: first.reference)?.status == .excused)
        // Once the other is cancelled, the first can be booked again.
        _ = try store.cancel(reference: again.reference, now: now)
        #expect(try store.setStatus(reference: first.reference, to: .booked, schedule: schedule, now: now)?.status == .booked)
        // A missed appointment corrected afterwards is history, not a second booking: the rule looks ahead.
        let later = first.start.instant.addingTimeInterval(7200)
        _ = try store.setStatus(reference: first.reference, to: .noShow, schedule: schedule, now: later)
        let other = try store.book(request("adie-belle-beille/2026-12-08T09:00", first: "Ána"), schedule: schedule, now: later)
        #expect(try store.setStatus(reference: first.reference, to: .booked, schedule: schedule, now: later)?.status == .booked)
        // But moved to come, that past appointment would make two: refused, naming the other.
        #expect(throws: BookingError.alreadyBooked(other.reference)) {
            try store.move(reference: first.reference, to: "adie-belle-beille/2026-12-15T09:00", schedule: schedule, now: later)
        }
        // Moving the one to come itself is no second booking.
        #expect(try store.move(reference: other.reference, to: "adie-belle-beille/2026-12-15T09:00", schedule: schedule, now: later) != nil)
    }

    @Test("nothing can have happened at an appointment called off: no no-show, no cancellation, no visit after a revocation")
    func calledOff() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Léa"), schedule: schedule, now: now)
        let during = booking.start.instant.addingTimeInterval(600)
        _ = try store.setStatus(reference: booking.reference, to: .arrived, schedule: schedule, now: during)
        _ = try store.setStatus(reference: booking.reference, to: .revoked, schedule: schedule, now: during)
        for status in [Booking.Status.noShow, .excused, .seen, .arrived] {
            #expect(throws: BookingError.statusRefused(.closed(.revoked))) {
                try store.setStatus(reference: booking.reference, to: status, schedule: schedule, now: during)
            }
        }
        // Back to booked, then a mistaken A corrected to N: no arrival time stays on a no-show.
        _ = try store.setStatus(reference: booking.reference, to: .booked, schedule: schedule, now: during)
        _ = try store.setStatus(reference: booking.reference, to: .arrived, schedule: schedule, now: during)
        let missed = try #require(try store.setStatus(reference: booking.reference, to: .noShow, schedule: schedule, now: during))
        #expect(missed.status == .noShow && missed.arrivedAt == nil)
        // Seen or missed: the person can no longer have cancelled it.
        #expect(throws: BookingError.statusRefused(.closed(.noShow))) {
            try store.setStatus(reference: booking.reference, to: .excused, schedule: schedule, now: during)
        }
        _ = folder
    }

    @Test("a move keeps clear of the plan's other appointments, as booking the plan did")
    func moveKeepsPlanApart() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        // Léa's plan: Adie on Tuesday 1 December, and BGE's information meeting at Monplaisir on Thursday
        // 10 December, 14:00 to 16:00.
        let plan = try store.bookPlan([request("adie-belle-beille/2026-12-01T09:00", first: "Léa"),
                                       request("bge-ri-2026-12-10/2026-12-10T14:00", first: "Léa", service: "bge-reunion-info")],
                                      schedule: schedule, now: now)
        let adie = try #require(plan.bookings.first { $0.service == "adie-microcredit" })
        // Adie at Grand-Bellevue that Thursday at 14:00 or 15:30: same time, or too little time to get there.
        for slot in ["adie-grand-bellevue/2026-12-10T14:00", "adie-grand-bellevue/2026-12-10T15:30"] {
            #expect(throws: BookingError.overlap(slot, "bge-ri-2026-12-10/2026-12-10T14:00")) {
                try store.move(reference: adie.reference, to: slot, schedule: schedule, now: now)
            }
        }
        #expect(try store.find(reference: adie.reference)?.slot == "adie-belle-beille/2026-12-01T09:00")
        #expect(try store.move(reference: adie.reference, to: "adie-grand-bellevue/2026-12-03T14:00", schedule: schedule, now: now) != nil)
        _ = folder
    }

    @Test("an appointment revoked for an absence is not booked again while the partner is away that day")
    func revokedStaysRevoked() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let booking = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Léa"), schedule: Schedule(catalogue: catalogue), now: now)
        let revoked = try AbsenceStore(dataFolder: data).recordAbsence(partner: "adie", on: december, site: nil, bookings: store,
                                                                      audit: AuditLog(dataFolder: data), now: now)
        #expect(revoked.map(\.reference) == [booking.reference])
        let away = Schedule(catalogue: catalogue.adding(absences: try AbsenceStore(dataFolder: data).absences()))
        #expect(throws: BookingError.notBookable) {
            try store.setStatus(reference: booking.reference, to: .booked, schedule: away, now: now)
        }
        #expect(try store.find(reference: booking.reference)?.status == .revoked)
        _ = folder
    }

    @Test("moved to another month and back, the code keeps leading to the one live appointment; the old month frees its place")
    func moveAcrossMonths() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé", last: "Œuvray", phone: "06 12 34 56 78"),
                                     schedule: schedule, now: now)
        let january = try #require(try store.move(reference: booking.reference, to: "adie-grand-bellevue/2027-01-07T14:00",
                                                  schedule: schedule, now: now))
        #expect(january.reference == booking.reference && january.site == "grand-bellevue" && january.start.day == LocalDate("2027-01-07"))
        #expect(try store.find(reference: booking.reference) == january)
        #expect(throws: BookingError.statusRefused(.sameSlot)) {
            try store.move(reference: booking.reference, to: "adie-grand-bellevue/2027-01-07T14:00", schedule: schedule, now: now)
        }
        #expect(try store.bookings(inMonthOf: december).isEmpty)
        #expect(try store.activeCounts(from: december, days: 40) == ["adie-grand-bellevue/2027-01-07T14:00": 1])
        #expect(try store.bookings(forCode: booking.reference, horizonDays: 56) == [january])
        // The month the code names keeps no name, only where the appointment went.
        let decemberFile = try String(contentsOf: folder.path("records/bookings/2026-12.jsonl"), encoding: .utf8)
        let lastLine = try #require(decemberFile.split(separator: "\n").last)
        #expect(lastLine.contains("\"forwardedTo\":\"2027-01\"") && !lastLine.contains("Zoé") && !lastLine.contains("+33"))
        // The December slot is free again for someone else.
        _ = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Ali", last: "Ben"), schedule: schedule, now: now)
        // A status change and a cancellation reach the appointment where it is now.
        let during = january.start.instant.addingTimeInterval(60)
        #expect(try store.setStatus(reference: booking.reference, to: .arrived, schedule: schedule, now: during)?.status == .arrived)
        let back = try #require(try store.move(reference: booking.reference, to: "adie-belle-beille/2026-12-08T09:00", schedule: schedule, now: now))
        #expect(back.status == .booked && back.arrivedAt == nil && back.start.day == LocalDate("2026-12-08"))
        #expect(try store.find(reference: booking.reference) == back)
        #expect(try store.bookings(inMonthOf: LocalDate("2027-01-01")!).isEmpty)
        #expect(try store.bookings(inMonthOf: december).map(\.reference).sorted() == [back.reference, try #require(
            try store.bookings(inMonthOf: december).first { $0.firstName == "Ali" }?.reference)].sorted())
        #expect(try store.cancel(reference: booking.reference, now: now)?.status == .excused)
        _ = folder
    }

    @Test("a move whose writer died half-way is finished by the next writer, never left in two places")
    func interruptedMoveIsFinished() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Léa"), schedule: schedule, now: now)
        // What a writer killed after its pending file and the January record leaves: December not yet forwarded.
        var moved = booking
        moved.slot = "adie-belle-beille/2027-01-05T09:00"
        moved.start = AppointmentStart(try #require(schedule.slot(id: moved.slot)).startInstant)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let line = try encoder.encode(moved) + Data("\n".utf8)
        try line.write(to: folder.path("records/bookings/2027-01.jsonl"))
        var stub = booking
        stub.firstName = ""
        stub.lastName = ""
        stub.forwardedTo = "2027-01"
        let pending = ["writes": ["2027-01": moved, "2026-12": stub]]
        try encoder.encode(pending).write(to: folder.path("records/bookings/move-pending.json"))
        // Readers meanwhile see the move as done: the person is in one place only.
        #expect(try store.bookings(inMonthOf: december).allSatisfy { $0.reference != booking.reference })
        #expect(try store.activeCounts(from: december, days: 45)[booking.slot] == nil)
        #expect(try store.search(try #require(BookingQuery("lea")), now: now).bookings.map(\.slot) == [moved.slot])
        // The next writer, whatever it does, finishes the move first.
        _ = try store.book(request("adie-belle-beille/2026-12-15T09:00", first: "Ali"), schedule: schedule, now: now)
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/move-pending.json").path))
        #expect(try store.find(reference: booking.reference)?.slot == moved.slot)
        #expect(try store.bookings(inMonthOf: december).allSatisfy { $0.reference != booking.reference })
        #expect(try store.activeCounts(from: december, days: 45)[booking.slot] == nil)
    }

    @Test("anyone is found by part of a name without accents or case, by phone as written, or by code; to come first, then past")
    func search() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let later = try store.book(request("adie-belle-beille/2027-01-05T09:00", first: "Ahmed", last: "Haddad", phone: "+33 6 12 34 56 78"),
                                   schedule: schedule, now: now)
        let sooner = try store.book(request("adie-grand-bellevue/2026-12-03T14:00", first: "Samia", last: "Haddad-Élie"),
                                    schedule: schedule, now: now)
        let other = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé", last: "Œuvray-Haddad"), schedule: schedule, now: now)
        let afterwards = InstantParser.parse("2026-12-02T12:00:00")!
        func found(_ text: String, at instant: Date? = nil) throws -> [String] {
            try store.search(try #require(BookingQuery(text)), now: instant ?? now).bookings.map(\.reference)
        }
        #expect(try found("haddad") == [other.reference, sooner.reference, later.reference])
        #expect(try found("HADDAD elie") == [sooner.reference])
        #expect(try found("oeuvray") == [other.reference])
        #expect(try found("06 12 34") == [later.reference])
        #expect(try found("0033612345678") == [later.reference])
        #expect(try found("+33 6 12") == [later.reference] && found("0033 6 12 34") == [later.reference])
        #expect(try found(later.reference.lowercased()) == [later.reference])
        #expect(try found("martin").isEmpty)
        // Seen from after the first appointment: those to come first, then the past one.
        #expect(try found("haddad", at: afterwards) == [sooner.reference, later.reference, other.reference])
        #expect(BookingQuery("  ") == nil && BookingQuery("\u{1B}[2J") == nil)
        _ = folder
    }

    @Test("a dry run counts what a purge anonymises, and the purge then does exactly that")
    func purgeDryRun() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        _ = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Léa"), schedule: schedule, now: now)
        _ = try store.book(request("adie-belle-beille/2026-12-08T09:00", first: "Ali"), schedule: schedule, now: now)
        let cutoff = LocalDate("2027-01-01")!
        #expect(try store.purgeable(before: cutoff) == 2)
        #expect(try store.purgeable(before: december) == 0)
        #expect(try store.purge(before: cutoff) == 2)
        #expect(try store.purgeable(before: cutoff) == 0)
        _ = folder
    }
}
