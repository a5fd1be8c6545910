import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Contact details")
struct ContactTests {
    @Test("French and international phone numbers are normalised to E.164",
          arguments: [("06 12 34 56 78", "+33612345678"), ("06.12.34.56.78", "+33612345678"), ("0612345678", "+33612345678"),
                      ("+33 6 12 34 56 78", "+33612345678"), ("+33 (0)6 12 34 56 78", "+33612345678"),
                      ("0033 6 12 34 56 78", "+33612345678"), ("02 41 00 00 00", "+33241000000"),
                      ("+44 20 7946 0958", "+442079460958"), ("06 12 34 56 78\u{1B}[2J", "+33612345678")])
    func phones(text: String, expected: String) {
        #expect(Contact.phone(text) == expected)
    }

    @Test("what is not a phone number is refused",
          arguments: ["", "12345", "06 12 34 56", "00 12 34 56 78", "06-12-34-56-7a", "+33 6 12 34 56 78 9", "6+12345678", "+1 234 5678"])
    func badPhones(text: String) {
        #expect(Contact.phone(text) == nil)
    }

    @Test("phones read back the French way")
    func display() {
        #expect(Contact.displayPhone("+33612345678") == "06 12 34 56 78")
        #expect(Contact.displayPhone("+442079460958") == "+442079460958")
    }

    @Test("e-mail addresses are checked")
    func emails() {
        #expect(Contact.email("zoe.nguyen@Exemple.FR") == "zoe.nguyen@exemple.fr")
        for bad in ["zoe", "zoe@", "@exemple.fr", "zoe@exemple", "zoe@@exemple.fr", "zo e@exemple.fr", "zoe@-x.fr", "zoe@exemple.f"] {
            #expect(Contact.email(bad) == nil, "\(bad)")
        }
    }

    @Test("names keep accents, lose control characters and escape sequences, and are limited")
    func names() {
        #expect(Contact.name("Zoé Œuvray-Nguyễn") == "Zoé Œuvray-Nguyễn")
        #expect(Contact.name("\u{1B}[31mAli\u{7}") == "Ali")
        #expect(Contact.name("   ") == nil)
        #expect(Contact.name("1234") == nil)
        #expect(Contact.name(String(repeating: "é", count: 80))?.count == Contact.nameLimit)
    }
}

@Suite("Booking store")
struct BookingStoreTests {
    let now = InstantParser.parse("2026-11-27T10:00:00")!
    let slotID = "adie-belle-beille/2026-12-01T09:00"

    func request(_ slot: String? = nil, first: String = "Zoé", phone: String? = "06 12 34 56 78", consent: Bool = true) -> BookingRequest {
        BookingRequest(slot: slot ?? slotID, service: "adie-microcredit", firstName: first, lastName: "Œuvray-Nguyễn",
                       phone: phone, email: nil, quartier: "monplaisir", needs: ["financing"],
                       consent: consent, bookedAt: "belle-beille")
    }

    @Test("a slot holding more bookings than places (a line copied by hand) is named for validate; a full slot is not")
    func overbooked() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let slot = try #require(schedule.slot(id: slotID))
        #expect(slot.capacity == 1)
        let booking = try store.book(request(), schedule: schedule, now: now)
        let today = LocalDate(now)
        #expect(store.overbooked(schedule: schedule, from: today, days: 57).isEmpty)
        // The line copied under another reference, as a hand edit would.
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let line = try String(contentsOf: journal, encoding: .utf8)
        try (line + line.replacingOccurrences(of: booking.reference, with: "FYZZZZ")).write(to: journal, atomically: false, encoding: .utf8)
        let found = BookingStore(dataFolder: data).overbooked(schedule: schedule, from: today, days: 57)
        #expect(found.count == 1)
        #expect(found.first?.file.hasSuffix("records/bookings/2026-12.jsonl") == true, "the journal: the month has no snapshot yet")
        #expect(found.first?.severity == .warning)
        guard case .overbooked(let id, let start, let bookings, let places) = found.first?.issue else {
            Issue.record("\(found)")
            return
        }
        #expect(id == slotID && start == "2026-12-01T09:00:00+01:00" && bookings == 2 && places == 1)
        // Outside the days looked at, nothing.
        #expect(BookingStore(dataFolder: data).overbooked(schedule: schedule, from: today, days: 3).isEmpty)
    }

    @Test("a booking is written to the month of its slot, durably, with a readable reference")
    func book() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request(), schedule: schedule, now: now)
        #expect(booking.reference.count == 6)
        #expect(booking.reference.allSatisfy { "ACDEFGHJKMNPQRTUVWXY34679".contains($0) })
        #expect(booking.start.text == "2026-12-01T09:00:00+01:00")
        #expect(booking.phone == "+33612345678")
        #expect(booking.status == .booked)
        // One line appended to the month's journal, fsynced; no snapshot rewritten.
        let file = folder.path("records/bookings/2026-12.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.hasSuffix("\n") && text.split(separator: "\n").count == 1)
        #expect(text.contains("\"reference\":\"\(booking.reference)\""))
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.json").path))
        #expect(text.contains("Œuvray-Nguyễn"))
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try store.bookings(inMonthOf: try #require(LocalDate("2026-12-15"))) == [booking])
        #expect(try store.activeCounts(from: try #require(LocalDate("2026-11-30")), days: 14) == [slotID: 1])
    }

    @Test("a full slot, a past slot, a wrong service and no consent are refused")
    func refusals() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        _ = try store.book(request(), schedule: schedule, now: now)
        #expect(throws: BookingError.full) { try store.book(request(first: "Ali"), schedule: schedule, now: now) }
        #expect(throws: BookingError.notBookable) {
            try store.book(request("adie-belle-beille/2026-11-24T09:00"), schedule: schedule, now: now)
        }
        #expect(throws: BookingError.unknownSlot) {
            try store.book(request("adie-belle-beille/2026-12-25T09:00"), schedule: schedule, now: now)
        }
        var other = request("mcte-belle-beille/2026-12-03T09:00")
        #expect(throws: BookingError.serviceNotInSlot) { try store.book(other, schedule: schedule, now: now) }
        other.service = "mcte-information"
        other.consent = false
        #expect(throws: BookingError.noConsent) { try store.book(other, schedule: schedule, now: now) }
        #expect(throws: BookingError.invalidName) { try store.book(request(first: "\u{1B}[2J"), schedule: schedule, now: now) }
        _ = folder
    }

    @Test("group sessions take as many bookings as seats")
    func groupCapacity() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        func session(_ number: Int) -> BookingRequest {
            var session = request("bge-jeunes-2026-12-09/2026-12-09T14:00", first: "Personne \(number)", phone: nil)
            session.service = "bge-atelier-jeunes"
            return session
        }
        let references = try (0..<10).map { try store.book(session($0), schedule: schedule, now: now).reference }
        #expect(Set(references).count == 10)
        #expect(throws: BookingError.full) { try store.book(session(10), schedule: schedule, now: now) }
        _ = folder
    }

    @Test("booking rules: minimum notice, horizon, one active booking per person and service")
    func rules() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let early = try #require(InstantParser.parse("2026-12-01T08:30:00"))
        #expect(throws: BookingError.notBookable) { try store.book(request(), schedule: schedule, now: early) }
        // Eight weeks ahead at most: 2027-01-26 is 60 days after 2026-11-27.
        #expect(throws: BookingError.notBookable) {
            try store.book(request("adie-belle-beille/2027-01-26T09:00"), schedule: schedule, now: now)
        }
        let first = try store.book(request(), schedule: schedule, now: now)
        // Same phone, other name; then same name written differently, no phone.
        #expect(throws: BookingError.alreadyBooked(first.reference)) {
            try store.book(request("adie-belle-beille/2026-12-08T09:00", first: "Z."), schedule: schedule, now: now)
        }
        var sameName = request("adie-grand-bellevue/2026-12-03T14:00", first: "ZOE", phone: nil)
        sameName.lastName = "oeuvray nguyen"
        #expect(throws: BookingError.alreadyBooked(first.reference)) { try store.book(sameName, schedule: schedule, now: now) }
        // Another service is fine; once the first is cancelled, the same service is too.
        var other = request("adie-belle-beille/2026-12-08T10:30")
        other.service = "adie-accompagnement"
        _ = try store.book(other, schedule: schedule, now: now)
        #expect(try store.cancel(reference: first.reference, now: now)?.status == .excused)
        _ = try store.book(request("adie-belle-beille/2026-12-08T09:00"), schedule: schedule, now: now)
        _ = folder
    }

    @Test("references name their month, so show and cancel read one file")
    func references() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let december = try store.book(request(), schedule: schedule, now: now)
        let january = try store.book(request("adie-belle-beille/2027-01-05T09:00", first: "Ali", phone: nil), schedule: schedule, now: now)
        #expect(december.reference.prefix(2) != january.reference.prefix(2))
        #expect(try store.find(reference: december.reference.lowercased()) == december)
        #expect(try store.find(reference: january.reference) == january)
        #expect(try store.find(reference: "AAAAAA") == nil)
        #expect(try store.find(reference: "0OIL") == nil)
        #expect(try store.cancel(reference: "ZZZZZZ", now: now) == nil)
        // A cancelled place is free again.
        _ = try store.cancel(reference: december.reference, now: now)
        #expect(try store.activeCounts(from: try #require(LocalDate("2026-12-01")), days: 1)[december.slot] == nil)
        _ = folder
    }

    @Test("booking reads only the months it needs: ten years of other months, even unreadable ones, do not matter")
    func historyIsNotRead() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let records = folder.path("records/bookings")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        // 2016 to 2025: if any of these were read, the booking would stop on its syntax error.
        for year in 2016...2025 {
            for month in 1...12 {
                try "{ not json".write(to: records.appendingPathComponent(String(format: "%04d-%02d.json", year, month)),
                                       atomically: true, encoding: .utf8)
            }
        }
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request(), schedule: schedule, now: now)
        #expect(try store.find(reference: booking.reference) == booking)
        #expect(try store.activeCounts(from: try #require(LocalDate("2026-11-27")), days: 57)[booking.slot] == 1)
        #expect(store.unreadableFiles().count == 120)
    }

    @Test("an unreadable records file stops bookings, is named with line and column, and is left untouched")
    func unreadable() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        try FileManager.default.createDirectory(at: folder.path("records/bookings"), withIntermediateDirectories: true)
        let file = folder.path("records/bookings/2026-12.json")
        let broken = "{\n  \"bookings\": [\n    {\"reference\": \"AAAAAA\",}\n  ]\n}\n"
        try broken.write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: BookingError.records(.unreadable(Problem(file: file.path, location: TextPosition(line: 3, column: 28),
                                                               issue: .syntax(.trailingComma))))) {
            try store.book(request(), schedule: schedule, now: now)
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == broken)
    }

    @Test("one damaged month stops only what needs that month: bookings, counts and codes of the others go on")
    func damageStaysInItsMonth() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let held = try store.book(request(), schedule: schedule, now: now)
        // January's journal gets a line an editor broke, after a booking of the same person there.
        let january = try store.book(request("adie-belle-beille/2027-01-05T09:00", first: "Ali", phone: nil), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2027-01.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"reference\": \"BROKEN\",\n".utf8))
        try handle.close()
        BookingStore.forgetReadMonths(in: data)
        // December goes on: a booking there (its one-booking rule checked where it can be), its counts, its codes.
        let other = try store.book(request("adie-belle-beille/2026-12-08T09:00", first: "Léa", phone: "07 00 00 00 09"),
                                   schedule: schedule, now: now)
        #expect(try store.bookings(forCode: held.reference, horizonDays: 56).map(\.reference) == [held.reference])
        let read = store.activeCountsByMonth(from: try #require(LocalDate("2026-11-27")), days: 57)
        #expect(read.counts[held.slot] == 1 && read.counts[other.slot] == 1)
        #expect(read.counts[january.slot] == nil)
        #expect(read.unreadable.map(\.month) == [try #require(LocalDate("2027-01-01"))])
        // A list of free slots offers none of January's (they may be taken), and December's as booked.
        let places = store.placesTaken(from: try #require(LocalDate("2026-11-27")), days: 57, schedule: schedule).counts
        let januarySlots = schedule.slots(from: try #require(LocalDate("2027-01-01")), days: 22)
        #expect(!januarySlots.isEmpty && januarySlots.allSatisfy { places[$0.id] == $0.capacity })
        #expect(places[held.slot] == 1 && places[other.slot] == 1)
        // What needs January says it cannot read it, naming the file: counting every month, its codes, booking there.
        #expect(throws: RecordError.self) { try store.activeCounts(from: try #require(LocalDate("2026-11-27")), days: 57) }
        #expect(throws: RecordError.self) { try store.find(reference: january.reference) }
        #expect(throws: BookingError.self) {
            try store.book(request("adie-belle-beille/2027-01-12T09:00", first: "Noé", phone: nil), schedule: schedule, now: now)
        }
        #expect(try String(contentsOf: journal, encoding: .utf8).hasSuffix("\"BROKEN\",\n"))
        // Nor does a month file that cannot even be opened (a symbolic link, a folder) stop December.
        try FileManager.default.removeItem(at: journal)
        try FileManager.default.createSymbolicLink(at: journal, withDestinationURL: folder.path("catalogue/partners.json"))
        BookingStore.forgetReadMonths(in: data)
        // validate names the link itself, in the system's words.
        let named = store.unreadableFiles().first { $0.file.hasSuffix("2027-01.jsonl") }
        #expect(named?.issue == .unreadableFile(String(cString: strerror(ELOOP))), "\(store.unreadableFiles())")
        _ = try store.book(request("adie-belle-beille/2026-12-15T09:00", first: "Noé", phone: nil), schedule: schedule, now: now)
    }

    @Test("folding the journal keeps the previous snapshot beside it; check-in records the arrival once")
    func previousAndCheckIn() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let december = try #require(LocalDate("2026-12-01"))
        let first = try store.book(request(), schedule: schedule, now: now)
        try store.compact(monthOf: december)
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.jsonl").path))
        _ = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali", phone: nil), schedule: schedule, now: now)
        try store.compact(monthOf: december)
        #expect(try store.bookings(inMonthOf: december).map(\.firstName) == ["Zoé", "Ali"])
        let previous = try String(contentsOf: folder.path("records/bookings/2026-12.json.prev"), encoding: .utf8)
        #expect(previous.contains(first.reference) && !previous.contains("Ali"))
        let day = try #require(LocalDate("2026-12-01"))
        let typed = first.reference.lowercased().enumerated().map { $0.offset == 3 ? "-\($0.element)" : "\($0.element)" }.joined()
        let arrived = try store.checkIn(reference: typed, on: day, now: now)
        #expect(arrived?.status == .arrived)
        #expect(try store.checkIn(reference: first.reference, on: day, now: now.addingTimeInterval(60))?.arrivedAt == arrived?.arrivedAt)
        #expect(try store.checkIn(reference: first.reference, on: try #require(LocalDate("2026-12-02")), now: now) == nil)
        #expect(try store.checkIn(reference: "ZZZZZZ", on: day, now: now) == nil)
    }
}
