@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Synchronization
import Testing

/// A month's digest lets a booking in a fresh process skip decoding the month: it must decide exactly
/// as a whole read does, and never be used for files it was not made from.
@Suite("Booking digests")
struct BookingDigestTests {
    let now = InstantParser.parse("2026-11-27T10:00:00")!
    static let program = "digest-tests"

    func request(_ slot: String, service: String, first: String, phone: String? = nil) -> BookingRequest {
        BookingRequest(slot: slot, service: service, firstName: first, lastName: "Digest", phone: phone,
                       consent: true, bookedAt: "belle-beille")
    }

    /// A store as a fresh process of this program sees it: digests vouched for at once.
    func fresh(_ data: DataFolder, settled: Int64 = 0) -> BookingStore {
        BookingStore.forgetReadMonths(in: data)
        return BookingStore(dataFolder: data, program: Self.program, settled: settled)
    }

    /// A data folder with the default catalogue, its schedule and a slot of December with room for six or more.
    func roomyDecember() throws -> (TemporaryFolder, DataFolder, Schedule, Slot) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        return (folder, data, schedule, try roomySlots(schedule)[0])
    }

    /// A booking as a journal line holds it (keys sorted, one line), what `echo >>` would add.
    func journalLine(_ booking: Booking) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(booking) + Data("\n".utf8)
    }

    /// Two bookings of December in `slot`, the first with a phone, made by fresh processes (a digest kept).
    func twoBookings(_ data: DataFolder, _ schedule: Schedule, _ slot: Slot) throws {
        _ = try fresh(data).book(request(slot.id, service: slot.services[0], first: "Un", phone: "06 12 34 56 78"),
                                 schedule: schedule, now: now)
        _ = try fresh(data).book(request(slot.id, service: slot.services[0], first: "Deux"), schedule: schedule, now: now)
    }

    /// What a whole read of the month says, in the digest's terms.
    func wholeView(_ store: BookingStore, _ month: String) throws -> (references: Set<String>, taken: [String: Int]) {
        let records = try store.records(inMonth: month)
        var taken: [String: Int] = [:]
        for record in records where record.isActive { taken[record.slot, default: 0] += 1 }
        return (Set(records.map(\.reference)), taken)
    }

    /// The slots of December 2026 with room for six or more, and a service of each.
    func roomySlots(_ schedule: Schedule) throws -> [Slot] {
        let slots = schedule.slots(from: try #require(LocalDate("2026-12-01")), days: 31)
            .filter { $0.capacity >= 6 && schedule.isBookable($0, at: now) }
        try #require(slots.count >= 2)
        return slots
    }

    @Test("bookings in fresh processes read the digest, fill a slot exactly, and keep references unique")
    func fillsFromDigest() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        // A month with a snapshot and a journal, as it is after a fold.
        var made: [Booking] = []
        made.append(try fresh(data).book(request(slot.id, service: service, first: "Un"), schedule: schedule, now: now))
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        let digestPath = folder.path("records/bookings/2026-12.digest").path
        // The first fresh booking finds no digest: it reads the month whole and leaves one.
        try? FileManager.default.removeItem(atPath: digestPath)
        made.append(try fresh(data).book(request(slot.id, service: service, first: "Deux"), schedule: schedule, now: now))
        #expect(FileManager.default.fileExists(atPath: digestPath))
        for index in made.count..<slot.capacity {
            let store = fresh(data)
            guard case .digest = try store.files.withLock({ try store.bookingMonth("2026-12") }) else {
                Issue.record("booking \(index) did not read the digest")
                return
            }
            made.append(try fresh(data).book(request(slot.id, service: service, first: "N\(index)"), schedule: schedule, now: now))
        }
        #expect(throws: BookingError.full) {
            try fresh(data).book(request(slot.id, service: service, first: "Trop"), schedule: schedule, now: now)
        }
        #expect(Set(made.map(\.reference)).count == slot.capacity)
        let store = fresh(data)
        let whole = try wholeView(store, "2026-12")
        let digest = try #require(try store.digests.read("2026-12"))
        #expect(Set(digest.entries.map(\.reference)) == whole.references)
        #expect(digest.taken(slot: slot.id) == slot.capacity && whole.taken[slot.id] == slot.capacity)
        // A cancellation written by a kiosk (whole path) frees the place for the next fresh booking.
        BookingStore.forgetReadMonths(in: data)
        _ = try BookingStore(dataFolder: data).cancel(reference: made[1].reference, now: now)
        let again = try fresh(data).book(request(slot.id, service: service, first: "Remplace"), schedule: schedule, now: now)
        #expect(again.slot == slot.id)
        #expect(try wholeView(fresh(data), "2026-12").taken[slot.id] == slot.capacity)
        // A command's counts from the digests are the whole read's.
        let from = try #require(LocalDate("2026-11-27"))
        let fromDigests = try fresh(data).activeCounts(from: from, days: 57, digests: true)
        #expect(fromDigests == (try fresh(data).activeCounts(from: from, days: 57)))
        #expect(fromDigests[slot.id] == slot.capacity)
    }

    @Test("the kiosk counts and books from digests it holds in memory, never the month's bookings, and sees what other terminals append, rewrite or fold")
    func kioskHoldsDigests() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        let from = try #require(LocalDate("2026-11-27"))
        try twoBookings(data, schedule, slot)
        BookingStore.forgetReadMonths(in: data)
        let kiosk = BookingStore(dataFolder: data, program: Self.program, settled: 0)
        /// The kiosk's counts, checked against a whole read made afterwards (and let go of again).
        func countsAgreeWithWholeRead(_ note: Comment) throws -> [String: Int] {
            let counts = kiosk.placesTaken(from: from, days: 57, schedule: schedule, digests: true)
            #expect(counts.unreadable.isEmpty, note)
            #expect(!kiosk.files.isCached("2026-12", as: Booking.self), note)
            let whole = try wholeView(kiosk, "2026-12").taken
            MonthCache.shared.forget(folder.path("records/bookings/2026-12.json").path)
            #expect(counts.counts.filter { $0.key.contains("2026-12") } == whole, note)
            return counts.counts
        }
        #expect(try countsAgreeWithWholeRead("from the digest file")[slot.id] == 2)
        // With no digest on disk (none written yet, or a kiosk started on old files) the month is read
        // whole once, and only its digest stays.
        try FileManager.default.removeItem(at: folder.path("records/bookings/2026-12.digest"))
        BookingStore.forgetReadMonths(in: data)
        #expect(try countsAgreeWithWholeRead("made from a whole read")[slot.id] == 2)
        #expect(FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.digest").path),
                "the digest made is written for the next start, the lock being free")
        let third = try kiosk.book(request(slot.id, service: service, first: "Trois"), schedule: schedule, now: now)
        #expect(!kiosk.files.isCached("2026-12", as: Booking.self))
        #expect(try countsAgreeWithWholeRead("after the kiosk's booking")[slot.id] == 3)
        // Another terminal cancels the third booking by appending a line.
        var cancelled = third
        cancelled.status = .excused
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: try journalLine(cancelled))
        try handle.close()
        #expect(try countsAgreeWithWholeRead("after another terminal's append")[slot.id] == 2)
        // An editor rewrites the journal in place, to the same length: the cancellation undone.
        let edited = try String(contentsOf: journal, encoding: .utf8).replacingOccurrences(of: #""status":"excused""#,
                                                                                           with: #""status":"booked" "#)
        try Data(edited.utf8).write(to: journal)
        #expect(try countsAgreeWithWholeRead("after an edit in place")[slot.id] == 3)
        // Another terminal folds the month: a new snapshot, no journal.
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        MonthCache.shared.forget(folder.path("records/bookings/2026-12.json").path)
        #expect(try countsAgreeWithWholeRead("after another terminal's fold")[slot.id] == 3)
        // The kiosk fills the slot through its digest, and the next is refused as full.
        for index in 3..<slot.capacity {
            _ = try kiosk.book(request(slot.id, service: service, first: "K\(index)"), schedule: schedule, now: now)
        }
        #expect(throws: BookingError.full) {
            try kiosk.book(request(slot.id, service: service, first: "Trop"), schedule: schedule, now: now)
        }
        #expect(try countsAgreeWithWholeRead("slot filled by the kiosk")[slot.id] == slot.capacity)
    }

    @Test("an early line of a long journal edited in place, appended to after or not, is seen by the kiosk's digest and by a month held whole; a damaged one is named, never folded over")
    func earlyEditInPlace() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let slots = try roomySlots(schedule)
        BookingStore.forgetReadMonths(in: data)
        let kiosk = BookingStore(dataFolder: data, program: Self.program, settled: 0)
        // A journal of several kilobytes, its first line far from its end.
        var made: [Booking] = []
        for index in 0..<16 {
            let slot = slots[index % slots.count]
            made.append(try kiosk.book(request(slot.id, service: slot.services[0], first: "Long\(index)"), schedule: schedule, now: now))
        }
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let snapshotKey = folder.path("records/bookings/2026-12.json").path
        try #require(try Data(contentsOf: journal).count > 5000)
        let from = try #require(LocalDate("2026-12-01"))
        /// An editor's change to the first line, written in place (same file, same length).
        func rewriteFirstLine(_ change: (String) -> String) throws {
            let before = try Data(contentsOf: journal)
            var lines = String(decoding: before, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[0] = change(lines[0])
            let edited = Data(lines.joined(separator: "\n").utf8)
            try #require(edited.count == before.count)
            let handle = try FileHandle(forWritingTo: journal)
            try handle.write(contentsOf: edited)
            try handle.close()
        }
        /// Another terminal's line, appended.
        func append(_ booking: Booking) throws {
            let handle = try FileHandle(forWritingTo: journal)
            try handle.seekToEnd()
            try handle.write(contentsOf: try journalLine(booking))
            try handle.close()
        }
        /// What a fresh whole read counts (this process's whole copy let go of before and after).
        func truth() throws -> [String: Int] {
            MonthCache.shared.forget(snapshotKey)
            defer { MonthCache.shared.forget(snapshotKey) }
            return try BookingStore(dataFolder: data).activeCounts(from: from, days: 31)
        }
        let first = made[0].slot
        let counted = kiosk.placesTaken(from: from, days: 31, schedule: schedule, digests: true).counts
        // The first booking cancelled in place: one letter of its name less.
        try rewriteFirstLine {
            $0.replacingOccurrences(of: #""status":"booked""#, with: #""status":"excused""#).replacingOccurrences(of: "Long0", with: "Lon0")
        }
        var after = kiosk.placesTaken(from: from, days: 31, schedule: schedule, digests: true).counts
        #expect(after[first, default: 0] == counted[first, default: 0] - 1)
        #expect(after == (try truth()))
        // Put back in place, then another terminal appends a cancellation: the file grew, the edit is seen.
        try rewriteFirstLine {
            $0.replacingOccurrences(of: #""status":"excused""#, with: #""status":"booked""#).replacingOccurrences(of: "Lon0", with: "Long0")
        }
        var cancelled = made[1]
        cancelled.status = .excused
        try append(cancelled)
        after = kiosk.placesTaken(from: from, days: 31, schedule: schedule, digests: true).counts
        #expect(after[first, default: 0] == counted[first, default: 0])
        #expect(after == (try truth()))
        // A month held whole (staff's agenda), then its first line damaged in place and a line appended:
        // a booking names the damage and writes nothing, where it used to fold its stale copy over the journal.
        let staff = BookingStore(dataFolder: data)
        _ = try staff.bookings(inMonthOf: from)
        try rewriteFirstLine { "#" + $0.dropFirst() }
        cancelled = made[2]
        cancelled.status = .excused
        try append(cancelled)
        let damaged = try Data(contentsOf: journal)
        #expect {
            try staff.book(request(slots[3].id, service: slots[3].services[0], first: "Après"), schedule: schedule, now: now)
        } throws: { error in
            guard case BookingError.records(.unreadable(let problem)) = error else { return false }
            return problem.file.hasSuffix("2026-12.jsonl") && problem.location?.line == 1
        }
        #expect(kiosk.placesTaken(from: from, days: 31, schedule: schedule, digests: true).unreadable.count == 1)
        #expect(try Data(contentsOf: journal) == damaged)
    }

    @Test("a lock held and never released (a stopped writer, a hand-run flock): the booking gives up after its wait, names the lock file and writes nothing")
    func lockHeldForever() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let bookings = folder.path("records/bookings")
        try FileManager.default.createDirectory(at: bookings, withIntermediateDirectories: true)
        // Close-on-exec, as the kiosk opens it: a program another test starts meanwhile would otherwise
        // inherit the descriptor and hold the lock after `close` (this test failed so once in CI).
        let holder = open(bookings.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(holder >= 0 && flock(holder, LOCK_EX) == 0)
        let kiosk = BookingStore(dataFolder: data, program: Self.program, settled: 0, lockWait: 0.3)
        let started = RecordFiles.monotonicSeconds()
        #expect {
            try kiosk.book(request(slot.id, service: slot.services[0], first: "Patiente"), schedule: schedule, now: now)
        } throws: { error in
            guard case BookingError.records(.busy(let path)) = error else { return false }
            return path.hasSuffix("records/bookings/.lock")
        }
        let waited = RecordFiles.monotonicSeconds() - started
        #expect(waited >= 0.3 && waited < 15, "waited \(waited) s")
        #expect(!FileManager.default.fileExists(atPath: bookings.appendingPathComponent("2026-12.jsonl").path))
        // Once the lock is let go, the same booking goes through.
        close(holder)
        let booked = try kiosk.book(request(slot.id, service: slot.services[0], first: "Patiente"), schedule: schedule, now: now)
        #expect(try kiosk.find(reference: booked.reference) != nil)
    }

    @Test("the one-booking rule through digests gives the answers of a whole read, and a hash alone never refuses")
    func oneBookingRule() throws {
        let (_, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let slots = try roomySlots(schedule)
        let first = slots[0]
        let service = first.services[0]
        let other = try #require(slots.dropFirst().first { $0.services.contains(service) && $0.id != first.id })
        let held = try fresh(data).book(request(first.id, service: service, first: "Zoé", phone: "06 12 34 56 78"),
                                        schedule: schedule, now: now)
        // Same phone, other name; same name with accents and case changed, no phone: refused, naming the booking.
        for (name, phone) in [("Autre", "06 12 34 56 78"), ("ZOE", nil)] as [(String, String?)] {
            let attempt = request(other.id, service: service, first: name, phone: phone)
            #expect(throws: BookingError.alreadyBooked(held.reference)) { try fresh(data).book(attempt, schedule: schedule, now: now) }
        }
        // Another person books.
        _ = try fresh(data).book(request(other.id, service: service, first: "Ali", phone: "07 00 00 00 01"), schedule: schedule, now: now)
        // A digest whose person keys all match (as a hash collision would) still lets a different person book:
        // the bookings themselves are looked at.
        let store = fresh(data)
        var digest = try #require(try store.digests.read("2026-12"))
        #expect(digest.mayHold(service: service, phone: nil, person: TextFolding.fold("Zoé Digest"), after: now))
        #expect(!digest.mayHold(service: service, phone: nil, person: TextFolding.fold("Personne Digest"), after: now))
        digest.collideEveryPerson(with: TextFolding.fold("Personne Digest"))
        store.digests.keep(digest, of: "2026-12", started: DerivedFile.wallClock())
        let booked = try fresh(data).book(request(other.id, service: service, first: "Personne"), schedule: schedule, now: now)
        #expect(booked.possibleDuplicateOf == nil)
    }

    @Test("a booking through the digest writes its file again only once it leaves eight journal lines uncovered; a fresh process reads the lines after it")
    func rewrittenWhenBehind() throws {
        let (folder, data, schedule, _) = try roomyDecember()
        let slots = try roomySlots(schedule)
        let digestURL = folder.path("records/bookings/2026-12.digest")
        func linesCovered() throws -> Int? {
            BookingDigest(bytes: [UInt8](try Data(contentsOf: digestURL)), program: Self.program)?.journalLines
        }
        // The month's first booking finds no file: no digest. The second reads the month whole and keeps one.
        for (index, first) in ["Un", "Deux"].enumerated() {
            _ = try fresh(data).book(request(slots[index % 2].id, service: slots[index % 2].services[0], first: first),
                                     schedule: schedule, now: now)
        }
        #expect(try linesCovered() == 1)
        var covered = 1
        for index in 2...(2 + BookingDigests.rewriteAfter) {
            let slot = slots[index % 2]
            _ = try fresh(data).book(request(slot.id, service: slot.services[0], first: "N\(index)"), schedule: schedule, now: now)
            let journalLines = index + 1
            if journalLines - covered >= BookingDigests.rewriteAfter { covered = journalLines }
            #expect(try linesCovered() == covered, "after line \(journalLines)")
            // Whatever the file covers, what a fresh process reads is the month.
            let digest = try #require(try fresh(data).digests.read("2026-12"))
            let whole = try wholeView(fresh(data), "2026-12")
            #expect(Set(digest.entries.map(\.reference)) == whole.references && digest.journalLines == journalLines)
            #expect(slots.allSatisfy { digest.taken(slot: $0.id) == whole.taken[$0.id, default: 0] })
        }
        #expect(covered == 1 + BookingDigests.rewriteAfter)
    }

    @Test("a month whose codes are used up refuses a booking or a plan with its own error and releases the lock, instead of drawing codes for ever")
    func codesUsedUp() throws {
        let (_, data, schedule, _) = try roomyDecember()
        let slots = try roomySlots(schedule)
        let other = try #require(slots.first { $0.date != slots[0].date })
        // Every draw gives the same code: once the month holds it, no draw finds a free one.
        let same: @Sendable () -> UInt64 = { 0 }
        let first = try fresh(data).book(request(slots[0].id, service: slots[0].services[0], first: "Un"),
                                         schedule: schedule, now: now, random: same)
        let second = request(other.id, service: other.services[0], first: "Deux")
        // Through the month's digest, through the month read whole, and for a plan's code.
        #expect(throws: BookingError.noFreeReference) { try fresh(data).book(second, schedule: schedule, now: now, random: same) }
        let whole = BookingStore(dataFolder: data, program: nil, settled: 0)
        #expect(throws: BookingError.noFreeReference) { try whole.book(second, schedule: schedule, now: now, random: same) }
        let plan = [request(slots[0].id, service: slots[0].services[0], first: "Trois"), second]
        #expect(throws: BookingError.noFreeReference) { try whole.bookPlan(plan, schedule: schedule, now: now, random: same) }
        // Nothing was written, and the lock is free for the next booking.
        #expect(try fresh(data).records(inMonth: "2026-12").map(\.reference) == [first.reference])
        _ = try fresh(data).book(second, schedule: schedule, now: now)
    }

    @Test("a digest is not used for files it was not made from, nor when it is damaged or another program's")
    func refusedWhenChanged() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        _ = try fresh(data).book(request(slot.id, service: service, first: "Un"), schedule: schedule, now: now)
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        _ = try fresh(data).book(request(slot.id, service: service, first: "Deux"), schedule: schedule, now: now)
        // Booked from the digest, which leaves the file behind by one line; made again, it covers both.
        _ = try fresh(data).book(request(slot.id, service: service, first: "Bis"), schedule: schedule, now: now)
        #expect(try fresh(data).digests.made("2026-12").fileLines == 2)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let digestURL = folder.path("records/bookings/2026-12.digest")
        let sound = try Data(contentsOf: digestURL)
        #expect(try fresh(data).digests.read("2026-12") != nil)

        // The journal edited in place, same size: its folded bytes no longer hash the same.
        let text = try String(contentsOf: journal, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"Deux\"", with: "\"Dxux\"").utf8).write(to: journal)
        #expect(try fresh(data).digests.read("2026-12") == nil)
        // The next fresh booking reads the month whole and sees the edit.
        _ = try fresh(data).book(request(slot.id, service: service, first: "Trois"), schedule: schedule, now: now)
        let names = try fresh(data).records(inMonth: "2026-12").map(\.firstName)
        #expect(names.contains("Dxux") && !names.contains("Deux"))
        #expect(try fresh(data).digests.read("2026-12") != nil)

        // A new snapshot (a fold) makes it another month.
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        #expect(try fresh(data).digests.read("2026-12") == nil)
        _ = try fresh(data).book(request(slot.id, service: service, first: "Quatre"), schedule: schedule, now: now)
        let current = try Data(contentsOf: digestURL)
        #expect(current != sound)

        // Another program's digest, and damaged copies: flipped bytes and truncations.
        #expect(try BookingStore(dataFolder: data, program: "another", settled: 0).digests.read("2026-12") == nil)
        let bytes = [UInt8](current)
        for place in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
            var flipped = bytes
            flipped[place] ^= 0x20
            try Data(flipped).write(to: digestURL)
            #expect(try fresh(data).digests.read("2026-12") == nil, "byte \(place) flipped")
            try Data(bytes.prefix(place)).write(to: digestURL)
            #expect(try fresh(data).digests.read("2026-12") == nil, "cut at \(place)")
        }
        // Whatever the digest, a booking decides from the files.
        let whole = try wholeView(fresh(data), "2026-12")
        _ = try fresh(data).book(request(slot.id, service: service, first: "Cinq"), schedule: schedule, now: now)
        #expect(try wholeView(fresh(data), "2026-12").taken[slot.id] == (whole.taken[slot.id] ?? 0) + 1)
        // A planted link is not followed.
        try FileManager.default.removeItem(at: digestURL)
        try FileManager.default.createSymbolicLink(atPath: digestURL.path, withDestinationPath: "/etc/passwd")
        #expect(try fresh(data).digests.read("2026-12") == nil)
    }

    @Test("no digest vouches for a snapshot changed within the settling time")
    func settling() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        _ = try fresh(data).book(request(slot.id, service: slot.services[0], first: "Un"), schedule: schedule, now: now)
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        try? FileManager.default.removeItem(at: folder.path("records/bookings/2026-12.digest"))
        _ = try fresh(data, settled: 3_600_000_000_000).book(request(slot.id, service: slot.services[0], first: "Deux"),
                                                             schedule: schedule, now: now)
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/2026-12.digest").path))
    }

    @Test("a purge removes the digests of the months it purges, and validate counts them as personal data")
    func purged() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        try twoBookings(data, schedule, slot)
        let digest = folder.path("records/bookings/2026-12.digest").path
        #expect(FileManager.default.fileExists(atPath: digest))
        let cutoff = try #require(LocalDate("2027-06-01"))
        #expect(fresh(data).personalDataFiles(endedBefore: cutoff).contains(digest))
        _ = try fresh(data).purge(before: cutoff)
        #expect(!FileManager.default.fileExists(atPath: digest))
        #expect(fresh(data).personalDataFiles(endedBefore: cutoff).isEmpty)
    }

    @Test("text appended without the lock to a last line left open: the digest is not used, the line is damaged as a whole read says")
    func appendedToOpenLastLine() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        let alice = try fresh(data).book(request(slot.id, service: service, first: "Alice"), schedule: schedule, now: now)
        _ = try fresh(data).book(request(slot.id, service: service, first: "Zed"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        // An editor saves the journal without its last newline; a fresh booking refused as a duplicate
        // reads the month and keeps its digest so, ending on the open line.
        var text = try String(contentsOf: journal, encoding: .utf8)
        text.removeLast()
        try Data(text.utf8).write(to: journal)
        try? FileManager.default.removeItem(at: folder.path("records/bookings/2026-12.digest"))
        #expect(throws: BookingError.self) {
            try fresh(data).book(request(slot.id, service: service, first: "Alice"), schedule: schedule, now: now)
        }
        #expect(try fresh(data).digests.read("2026-12")?.unterminated == true)
        // A kiosk has the month in memory, open line included.
        BookingStore.forgetReadMonths(in: data)
        let kiosk = BookingStore(dataFolder: data)
        #expect(try kiosk.records(inMonth: "2026-12").count == 2)
        // Someone appends Alice's cancellation with `echo >>`: it lands on the open line.
        var cancelled = alice
        cancelled.status = .excused
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: try journalLine(cancelled))
        try handle.close()
        let before = try Data(contentsOf: journal)
        // The kiosk does not take the added text for a line of its own either.
        #expect(throws: RecordError.self) { try kiosk.records(inMonth: "2026-12") }
        #expect(try fresh(data).digests.read("2026-12") == nil)
        // A whole read and a fresh booking say the same: the file is damaged, and nothing is written.
        #expect(throws: RecordError.self) { try fresh(data).records(inMonth: "2026-12") }
        #expect(throws: BookingError.self) {
            try fresh(data).book(request(slot.id, service: service, first: "Bob"), schedule: schedule, now: now)
        }
        #expect(try Data(contentsOf: journal) == before)
    }

    @Test("a line appended without the lock while a fresh booking writes: the digest left on disk still says what the month holds")
    func appendedDuringBooking() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        let alice = try fresh(data).book(request(slot.id, service: service, first: "Alice"), schedule: schedule, now: now)
        _ = try fresh(data).book(request(slot.id, service: service, first: "Zed"), schedule: schedule, now: now)
        #expect(try fresh(data).digests.read("2026-12") != nil)
        var cancelled = alice
        cancelled.status = .excused
        let line = try journalLine(cancelled)
        // Alice's cancellation is appended by another hand just before the booking's own line.
        let racing = AppendingBeforeWrite(journal: folder.path("records/bookings/2026-12.jsonl").path, line: line)
        BookingStore.forgetReadMonths(in: data)
        let bob = try BookingStore(dataFolder: data, fileSystem: racing, program: Self.program, settled: 0)
            .book(request(slot.id, service: service, first: "Bob"), schedule: schedule, now: now)
        #expect(racing.appended)
        let store = fresh(data)
        let whole = try wholeView(store, "2026-12")
        let digest = try #require(try store.digests.read("2026-12"))
        #expect(Set(digest.entries.map(\.reference)) == whole.references && whole.references.contains(bob.reference))
        #expect(digest.taken(slot: slot.id) == whole.taken[slot.id] && whole.taken[slot.id] == 2)
        // And the next fresh booking goes through it.
        _ = try fresh(data).book(request(slot.id, service: service, first: "Carl"), schedule: schedule, now: now)
        #expect(try wholeView(fresh(data), "2026-12").taken[slot.id] == 3)
    }

    @Test("a hard link planted at the digest's temporary name is not written through")
    func plantedHardLink() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        _ = try fresh(data).book(request(slot.id, service: slot.services[0], first: "Un"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let planted = folder.path("records/bookings/.2026-12.digest.tmp")
        try FileManager.default.linkItem(at: journal, to: planted)
        let before = try Data(contentsOf: journal)
        let booked = try fresh(data).book(request(slot.id, service: slot.services[0], first: "Deux"), schedule: schedule, now: now)
        let after = try Data(contentsOf: journal)
        #expect(after.starts(with: before) && after.count > before.count)
        #expect(try fresh(data).find(reference: booked.reference) != nil)
        #expect(try fresh(data).digests.read("2026-12") != nil)
    }

    @Test("a digest left without its month's files is listed by validate and removed by purge")
    func orphanDigest() throws {
        let (folder, data, schedule, slot) = try roomyDecember()
        try twoBookings(data, schedule, slot)
        try FileManager.default.removeItem(at: folder.path("records/bookings/2026-12.jsonl"))
        let digest = folder.path("records/bookings/2026-12.digest").path
        let cutoff = try #require(LocalDate("2027-06-01"))
        #expect(fresh(data).personalDataFiles(endedBefore: cutoff).contains(digest))
        _ = try fresh(data).purge(before: cutoff)
        #expect(!FileManager.default.fileExists(atPath: digest))
    }
}

/// The real file system, but the first write to the month's journal is preceded by `line` appended by
/// "someone else" (as `echo >>` would, without the lock).
final class AppendingBeforeWrite: FileSystem, Sendable {
    let journal: String
    let line: Data
    private let done = Mutex(false)
    private let system = SystemFileSystem()

    init(journal: String, line: Data) {
        self.journal = journal
        self.line = line
    }

    /// Whether the line was appended.
    var appended: Bool { done.withLock { $0 } }

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { system.open(path, flags, mode) }
    func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) ?? ""
        let first = done.withLock { done in
            defer { done = done || target == journal }
            return !done && target == journal
        }
        if first, let handle = FileHandle(forWritingAtPath: journal) {
            handle.seekToEndOfFile()
            handle.write(line)
            handle.closeFile()
        }
        return system.write(descriptor, buffer)
    }
    func fsync(_ descriptor: Int32) -> Int32 { system.fsync(descriptor) }
    func ftruncate(_ descriptor: Int32, _ length: off_t) -> Int32 { system.ftruncate(descriptor, length) }
    func rename(_ from: String, _ to: String) -> Int32 { system.rename(from, to) }
    func unlink(_ path: String) -> Int32 { system.unlink(path) }
    func link(_ from: String, _ to: String) -> Int32 { system.link(from, to) }
    func flock(_ descriptor: Int32, _ operation: Int32) -> Int32 { system.flock(descriptor, operation) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { system.mkdir(path, mode) }
}

extension BookingDigest {
    /// Gives every entry the person key of `person`, as if every name hashed alike.
    mutating func collideEveryPerson(with person: String) {
        let key = Self.key(person)
        for index in entries.indices { entries[index].person = key }
    }
}
