import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Testing

/// The journal behind each month of records: one line per change, read by every terminal, robust to
/// a writer killed mid-line and to a fold interrupted by a crash.
@Suite("Month journal")
struct MonthJournalTests {
    let now = InstantParser.parse("2026-11-27T10:00:00")!
    let december = LocalDate("2026-12-01")!

    func request(_ slot: String, first: String) -> BookingRequest {
        BookingRequest(slot: slot, service: "adie-microcredit", firstName: first, lastName: "Martin",
                       consent: true, bookedAt: "belle-beille")
    }

    /// Adds `text` at the end of `journal`, as a writer killed mid-line or `echo -n >>` leaves it.
    func append(_ text: String, to journal: URL) throws {
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    @Test("a line cut short by a crash is ignored by readers, kept aside and removed before the next line is added; validate names what was kept, purge removes it")
    func tornLine() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let cutFile = folder.path("records/bookings/2026-12.jsonl.cut")
        let torn = #"{"reference":"ACXXXX","slot":"adie-bel"#
        try append(torn, to: journal)
        #expect(try store.bookings(inMonthOf: december).map(\.reference) == [first.reference])
        #expect(data.keptJournalCuts().isEmpty)
        let second = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[1].contains(second.reference) && !lines[1].contains("ACXXXX"))
        #expect(try store.bookings(inMonthOf: december).map(\.reference) == [first.reference, second.reference])
        // A whole line cut short by a damaged disk looks the same: its bytes are kept, one line a cut.
        #expect(try String(contentsOf: cutFile, encoding: .utf8) == torn + "\n")
        let kept = data.keptJournalCuts()
        #expect(kept.map(\.file) == [cutFile.path] && kept.first?.issue == .journalBytesKept(count: 1) && kept.first?.severity == .warning)
        #expect(store.personalDataFiles(endedBefore: LocalDate("2027-01-01")!).contains(cutFile.path))
        _ = try store.purge(before: LocalDate("2027-01-01")!)
        #expect(!FileManager.default.fileExists(atPath: cutFile.path) && data.keptJournalCuts().isEmpty)
    }

    @Test("no space at any step of a write that cuts a line: the kept file holds whole cuts only, and the next writer cuts it")
    func cutUnderFaults() throws {
        let torn = #"{"reference":"ACXXXX","slot":"adie-bel"#
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        var step = 1
        while step < 200 {
            let (folder, data) = try CatalogueFixture.dataFolder()
            _ = try BookingStore(dataFolder: data).book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
            let journal = folder.path("records/bookings/2026-12.jsonl")
            try append(torn, to: journal)
            BookingStore.forgetReadMonths(in: data)
            let faulty = FaultyFileSystem(faultAt: step, fault: .noSpace)
            _ = try? BookingStore(dataFolder: data, fileSystem: faulty)
                .book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
            // Whatever failed, the next writer finds the journal readable and keeps what it cuts whole.
            BookingStore.forgetReadMonths(in: data)
            _ = try BookingStore(dataFolder: data).book(request("adie-belle-beille/2026-12-08T09:00", first: "Léo"), schedule: schedule, now: now)
            let kept = (try? String(contentsOf: folder.path("records/bookings/2026-12.jsonl.cut"), encoding: .utf8)) ?? ""
            // A cut kept by a write that then failed before cutting is kept again by the next: never a fragment.
            let lines = kept.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(kept.hasSuffix("\n") && lines.count >= 2 && lines.dropLast().allSatisfy { $0 == torn },
                    "fault at call \(step) (\(faulty.fired ?? "none")): \(kept)")
            guard faulty.fired != nil else { break }
            step += 1
        }
        #expect(step > 3)
    }

    @Test("a pipe planted where cut bytes are kept refuses the write at once, the journal untouched; validate names it as an error")
    func cutFileIsAPipe() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        _ = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        try append(#"{"reference":"ACXXXX","slot":"adie-bel"#, to: journal)
        let before = try Data(contentsOf: journal)
        let cutPath = folder.path("records/bookings/2026-12.jsonl.cut").path
        try #require(mkfifo(cutPath, 0o600) == 0)
        // Opening a pipe for writing waits for a reader: that writer would hold the lock of every month.
        #expect(throws: BookingError.self) {
            try store.book(self.request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: self.now)
        }
        #expect(try Data(contentsOf: journal) == before)
        #expect(data.keptJournalCuts().map(\.severity) == [.error])
    }

    @Test("a damaged journal line stops bookings with its line and column and is left untouched; validate names it")
    func damagedLine() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        _ = try store.cancel(reference: first.reference, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let damaged = try String(contentsOf: journal, encoding: .utf8)
            .replacingOccurrences(of: #""status":"excused""#, with: #""status": excused "#)
        // Written in place and to the same size, as an editor would: the same file, changed where this
        // process had already read it.
        try Data(damaged.utf8).write(to: journal)
        do {
            _ = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
            Issue.record("a booking went through a damaged journal")
        } catch .records(.unreadable(let problem)) {
            #expect(problem.file == journal.path)
            #expect(problem.location?.line == 2)
            let line = damaged.split(separator: "\n")[1]
            let expected = line.distance(from: line.startIndex, to: try #require(line.range(of: "excused")).lowerBound) + 1
            #expect(problem.location?.column == expected)
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(try String(contentsOf: journal, encoding: .utf8) == damaged)
        #expect(store.unreadableFiles().map(\.location?.line) == [2])
    }

    @Test("what another terminal appends or folds is seen by the next read")
    func otherTerminal() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        #expect(try store.activeCounts(from: december, days: 1) == ["adie-belle-beille/2026-12-01T09:00": 1])
        // Another process appends the cancellation: a line this process did not write.
        let journal = folder.path("records/bookings/2026-12.jsonl")
        var cancelled = first
        cancelled.status = .excused
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: try encoder.encode(cancelled) + Data("\n".utf8))
        try handle.close()
        #expect(try store.activeCounts(from: december, days: 1) == [:])
        // Another process folds the month into a new snapshot and a new journal begins.
        let snapshot = folder.path("records/bookings/2026-12.json")
        try Data(#"{"bookings":[]}"#.utf8).write(to: snapshot, options: .atomic)
        try FileManager.default.removeItem(at: journal)
        #expect(try store.bookings(inMonthOf: december).isEmpty)
        let second = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Ali"), schedule: schedule, now: now)
        #expect(try store.bookings(inMonthOf: december).map(\.reference) == [second.reference])
    }

    @Test("a fold interrupted after the snapshot is written leaves the same bookings, not twice as many")
    func interruptedFold() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        // Arrived on the appointment's day, as staff record it.
        _ = try store.setStatus(reference: first.reference, to: .arrived, schedule: schedule, now: first.start.instant)
        _ = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let lines = try Data(contentsOf: journal)
        let before = try store.bookings(inMonthOf: december)
        try store.compact(monthOf: december)
        // The crash: the journal the fold had just removed is still there.
        try lines.write(to: journal)
        #expect(try store.bookings(inMonthOf: december) == before)
        #expect(before.count == 2 && before[0].status == .arrived)
        #expect(try store.activeCounts(from: december, days: 1).values.reduce(0, +) == 2)
    }

    @Test("a journal grown long is folded into the snapshot by the change that reaches the limit")
    func foldedWhenLong() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        var changes = 1
        while FileManager.default.fileExists(atPath: journal.path) {
            _ = try store.setStatus(reference: booking.reference, to: changes % 2 == 0 ? .booked : .arrived, schedule: schedule,
                                    now: booking.start.instant)
            changes += 1
            try #require(changes <= 10_000, "the journal is never folded")
        }
        #expect(changes == 500)
        let snapshot = try String(contentsOf: folder.path("records/bookings/2026-12.json"), encoding: .utf8)
        #expect(snapshot.components(separatedBy: booking.reference).count == 2)
        #expect(try store.find(reference: booking.reference)?.status == .arrived)
    }
}
