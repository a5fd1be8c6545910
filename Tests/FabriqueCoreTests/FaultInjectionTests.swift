@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Glibc
import Synchronization
import Testing

/// Every write step of every change, made to fail in turn: what the store reports must be what the
/// disk holds, every file must still parse, and nothing acknowledged before may be lost.
@Suite("Injected file-system faults")
struct FaultInjectionTests {
    static let now = InstantParser.parse("2026-11-27T10:00:00")!
    static let december = LocalDate("2026-12-01")!
    static let schedule: Schedule = {
        do { return Schedule(catalogue: try CatalogueFixture.defaultCatalogue()) } catch { fatalError("\(error)") }
    }()

    /// The changes under test.
    enum Operation: String, CaseIterable {
        case book, bookAtFoldThreshold, bookFromDigest, bookInKiosk, cancel, setStatus, fold, purge
    }

    /// The program name the digests of `bookFromDigest` and `bookInKiosk` are written and read under.
    static let digestProgram = "fault-injection"

    /// What a run of one operation reported.
    enum Reported {
        case done, failed, uncertain
    }

    static func request(_ slot: String, first: String) -> BookingRequest {
        BookingRequest(slot: slot, service: "adie-microcredit", firstName: first, lastName: "Fautif \(first)",
                       phone: nil, consent: true, bookedAt: "belle-beille")
    }

    /// A data folder holding two bookings of December (one of them in the snapshot, one in the journal),
    /// and, for the fold threshold, a journal one line short of being folded.
    static func template(for operation: Operation) throws -> (TemporaryFolder, DataFolder, [Booking]) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let first = try store.book(request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        try store.compact(monthOf: december)
        if operation == .bookFromDigest || operation == .bookInKiosk {
            // The month's digest as a fresh process leaves it, made before the second booking: the run
            // reads it, adds the journal's new line, books, and writes it again.
            let fresh = BookingStore(dataFolder: data, program: digestProgram, settled: 0)
            BookingStore.forgetReadMonths(in: data)
            _ = try fresh.files.withLock { try fresh.bookingMonth("2026-12") }
            #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("records/bookings/2026-12.digest").path))
        }
        let second = try store.book(request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
        if operation == .bookAtFoldThreshold {
            // Filler lines up to one short of the fold, written as a journal holds them.
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var lines = Data()
            for index in 0..<498 {
                var filler = second
                filler = Booking(reference: String(format: "FXF%03d", index), slot: "filler/\(index)", partner: filler.partner,
                                 service: "filler", site: filler.site, start: filler.start, firstName: "F", lastName: "F",
                                 phone: nil, email: nil, quartier: nil, needs: [], bookedAt: filler.bookedAt,
                                 createdAt: filler.createdAt, consentAt: filler.consentAt, status: .excused, arrivedAt: nil,
                                 anonymised: nil)
                lines += try encoder.encode(filler) + Data("\n".utf8)
            }
            let handle = try FileHandle(forWritingTo: folder.url.appendingPathComponent("records/bookings/2026-12.jsonl"))
            try handle.seekToEnd()
            try handle.write(contentsOf: lines)
            try handle.close()
        }
        return (folder, data, [first, second])
    }

    /// Runs one operation against `system`; the reported result.
    static func run(_ operation: Operation, on data: DataFolder, system: any FileSystem, bookings: [Booking],
                    purgeNow: Date) -> (Reported, Booking?) {
        let store = operation == .bookFromDigest || operation == .bookInKiosk
            ? BookingStore(dataFolder: data, fileSystem: system, program: digestProgram, settled: 0)
            : BookingStore(dataFolder: data, fileSystem: system)
        // As a fresh process: nothing in memory, the month taken from its digest.
        if operation == .bookFromDigest || operation == .bookInKiosk { BookingStore.forgetReadMonths(in: data) }
        // As the kiosk: the slots shown first, counted from the digest it then holds in memory.
        if operation == .bookInKiosk { _ = store.placesTaken(from: december, days: 31, schedule: schedule, digests: true) }
        do {
            switch operation {
            case .book, .bookAtFoldThreshold, .bookFromDigest, .bookInKiosk:
                let booking = try store.book(request("adie-belle-beille/2026-12-08T09:00", first: "Léa"), schedule: schedule, now: now)
                return (.done, booking)
            case .cancel:
                return (.done, try store.cancel(reference: bookings[1].reference, now: now))
            case .setStatus:
                return (.done, try store.setStatus(reference: bookings[0].reference, to: .revoked, schedule: schedule, now: now))
            case .fold:
                try store.compact(monthOf: december)
                return (.done, nil)
            case .purge:
                _ = try store.purge(before: LocalDate(purgeNow).firstOfMonth)
                return (.done, nil)
            }
        } catch BookingError.records(.uncertainWrite), RecordError.uncertainWrite {
            return (.uncertain, nil)
        } catch {
            return (.failed, nil)
        }
    }

    /// Every byte of every file of the bookings folder, as text (to look for names).
    static func everything(in data: DataFolder) throws -> String {
        let folder = data.url.appendingPathComponent("records/bookings")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).map { name in
            String(decoding: (try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test("a fault at every step of book, cancel, status change, fold and purge: the report matches the disk",
          arguments: Operation.allCases)
    func everyStep(_ operation: Operation) throws {
        var injected = 0
        var outcomes: [String: Int] = [:]
        var steps = 0
        let purgeNow = InstantParser.parse("2029-02-01T10:00:00")!
        for fault in FaultyFileSystem.Fault.allCases {
            var step = 1
            while true {
                let (folder, data, bookings) = try Self.template(for: operation)
                let system = FaultyFileSystem(faultAt: step, fault: fault)
                let (reported, result) = Self.run(operation, on: data, system: system, bookings: bookings, purgeNow: purgeNow)
                guard let call = system.fired else {
                    // The fault was past the last call: the operation ran whole, and must have succeeded.
                    #expect(reported == .done, "\(operation) without a fault")
                    steps = max(steps, step - 1)
                    break
                }
                injected += 1
                outcomes["\(reported)", default: 0] += 1
                let label = "\(operation) \(fault) at step \(step) (\(call)): \(reported)"
                // A kiosk that lived through the fault counts from the digest it holds as a fresh read does.
                var kioskCounts: [String: Int]?
                if operation == .bookInKiosk && fault != .kill {
                    kioskCounts = BookingStore(dataFolder: data, program: Self.digestProgram, settled: 0)
                        .placesTaken(from: Self.december, days: 31, schedule: Self.schedule, digests: true).counts
                }
                BookingStore.forgetReadMonths(in: data)
                let store = BookingStore(dataFolder: data)
                if let kioskCounts {
                    #expect(kioskCounts == (try store.activeCounts(from: Self.december, days: 31)), "\(label): kiosk's counts")
                    BookingStore.forgetReadMonths(in: data)
                }
                // Every file still parses, and nothing acknowledged before is lost.
                #expect(store.unreadableFiles().isEmpty, "\(label)")
                let onDisk = try store.bookings(inMonthOf: Self.december)
                for booking in bookings {
                    #expect(onDisk.contains { $0.reference == booking.reference }, "\(label): \(booking.reference) lost")
                }
                let killed = fault == .kill
                // A digest left on disk says what the month holds, whatever step failed.
                let checker = BookingStore(dataFolder: data, program: Self.digestProgram, settled: 0)
                if let digest = try checker.digests.read("2026-12") {
                    let records = try checker.records(inMonth: "2026-12")
                    #expect(Set(digest.entries.map(\.reference)) == Set(records.map(\.reference)), "\(label): digest")
                    for slot in Set(records.map(\.slot)) {
                        #expect(digest.taken(slot: slot) == records.count { $0.slot == slot && $0.isActive }, "\(label): digest")
                    }
                }
                switch operation {
                case .book, .bookAtFoldThreshold, .bookFromDigest, .bookInKiosk:
                    let made = onDisk.filter { $0.firstName == "Léa" }
                    if reported == .done, let result { #expect(made.map(\.reference) == [result.reference], "\(label)") }
                    if reported == .failed && !killed { #expect(made.isEmpty, "\(label): a booking reported as failed is on disk") }
                case .cancel:
                    let status = onDisk.first { $0.reference == bookings[1].reference }?.status
                    if reported == .done { #expect(status == .excused, "\(label)") }
                    if reported == .failed && !killed { #expect(status == .booked, "\(label)") }
                case .setStatus:
                    let status = onDisk.first { $0.reference == bookings[0].reference }?.status
                    if reported == .done { #expect(status == .revoked, "\(label)") }
                    if reported == .failed && !killed { #expect(status == .booked, "\(label)") }
                case .fold:
                    #expect(Set(onDisk.map { "\($0.reference) \($0.status)" }) == Set(bookings.map { "\($0.reference) \($0.status)" }),
                            "\(label)")
                case .purge:
                    if reported == .done { #expect(!(try Self.everything(in: data)).contains("Fautif"), "\(label)") }
                    // Whatever the first run left, a second one finishes it.
                    _ = try BookingStore(dataFolder: data).purge(before: LocalDate(purgeNow).firstOfMonth)
                    #expect(!(try Self.everything(in: data)).contains("Fautif"), "\(label): names left after a second purge")
                }
                // The store goes on working: a new booking after the fault is acknowledged and on disk.
                if operation != .purge {
                    let next = try store.book(Self.request("adie-belle-beille/2026-12-15T09:00", first: "Noé"), schedule: Self.schedule,
                                              now: Self.now)
                    BookingStore.forgetReadMonths(in: data)
                    #expect(try BookingStore(dataFolder: data).find(reference: next.reference) != nil, "\(label)")
                }
                _ = folder
                step += 1
            }
        }
        let summary = outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print("faults: \(operation.rawValue): \(injected) faults injected over \(steps) steps × 3 kinds; reported \(summary)")
    }
}

/// Records as a hand edit or an interrupted run leaves them.
@Suite("Hand-edited and interrupted records")
struct HandEditedRecordTests {
    let now = InstantParser.parse("2026-11-27T10:00:00")!
    let december = LocalDate("2026-12-01")!

    @Test("a fault at every step of writing a ticket leaves the previous ticket or the new one, whole, never an empty or cut one")
    func ticketAtEveryStep() throws {
        var injected = 0
        for fault in FaultyFileSystem.Fault.allCases {
            var step = 1
            while true {
                let (folder, data) = try CatalogueFixture.dataFolder()
                let old = "FXACDE · Zoé · ancien\n"
                _ = try TicketStore(dataFolder: data).write(old, reference: "FXACDE")
                let new = String(repeating: "FXACDE · Zoé · lundi 30 novembre à 9 h 30\n", count: 200)
                let system = FaultyFileSystem(faultAt: step, fault: fault)
                let result = Result { () throws(RecordError) -> URL in
                    try TicketStore(dataFolder: data, fileSystem: system).write(new, reference: "FXACDE")
                }
                let text = try String(contentsOf: folder.path("tickets/FXACDE.txt"), encoding: .utf8)
                guard let call = system.fired else {
                    #expect(text == new, "\(fault) without a fault")
                    break
                }
                injected += 1
                let label = "\(fault) at step \(step) (\(call))"
                switch result {
                case .success: #expect(text == new, "\(label)")
                case .failure: #expect(text == old, "\(label): the ticket is neither the old one nor the new one")
                }
                let left = try FileManager.default.contentsOfDirectory(atPath: folder.path("tickets").path).filter { $0.hasSuffix(".tmp") }
                if fault == .kill {
                    // What a killed writer left holds a first name: the purge of its month takes it.
                    let purged = TicketStore(dataFolder: data).tickets(endedBefore: try #require(LocalDate("2030-01-01"))).map(\.lastPathComponent)
                    #expect(left.allSatisfy(purged.contains), "\(label): \(left)")
                } else {
                    #expect(left.isEmpty, "\(label): \(left)")
                }
                _ = folder
                step += 1
            }
        }
        #expect(injected >= 9)
    }

    @Test("a last line without its newline is a record: kept, and the next writer adds the newline")
    func unterminatedLastLine() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        var text = try String(contentsOf: journal, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        text.removeLast()
        try text.write(to: journal, atomically: false, encoding: .utf8)
        BookingStore.forgetReadMonths(in: data)
        #expect(try store.bookings(inMonthOf: december).map(\.reference) == [first.reference])
        // Its slot (capacity 1) stays taken.
        #expect(throws: BookingError.full) {
            try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T09:00", first: "Ali"), schedule: schedule, now: now)
        }
        let second = try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T10:30", first: "Ali"), schedule: schedule, now: now)
        let lines = try String(contentsOf: journal, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[0].contains(first.reference) && lines[1].contains(second.reference) && lines[2].isEmpty)
        BookingStore.forgetReadMonths(in: data)
        #expect(try store.bookings(inMonthOf: december).map(\.reference) == [first.reference, second.reference])
    }

    @Test("a line cut at any byte by a killed writer is ignored, never taken for a damaged line or a record")
    func everyTornPrefix() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let first = try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        let second = try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T10:30", first: "Anaïs-Nguyễn"),
                                    schedule: schedule, now: now)
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let whole = try Data(contentsOf: journal)
        let lines = whole.split(separator: 0x0A)
        let kept = Data(lines[0]) + Data([0x0A])
        let torn = Data(lines[1])
        // Every cut short of the whole line: inside keys, strings, numbers, literals and UTF-8 sequences.
        for length in 1..<torn.count {
            try (kept + torn.prefix(length)).write(to: journal)
            BookingStore.forgetReadMonths(in: data)
            #expect(try store.bookings(inMonthOf: december).map(\.reference) == [first.reference], "cut at byte \(length)")
        }
        print("torn lines: \(torn.count - 1) cuts of one journal line, each ignored")
        _ = second
    }

    @Test("absences are read again only when their file changed, and never through a symbolic link")
    func absencesFollowTheFile() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let kiosk = AbsenceStore(dataFolder: data)
        #expect(try kiosk.absences().isEmpty)
        // Another terminal records an absence: the kiosk's store sees it at its next read.
        try AbsenceStore(dataFolder: data).record(partner: "adie", date: december, site: "belle-beille")
        #expect(try kiosk.absences().map(\.partner) == ["adie"])
        #expect(try kiosk.absences().map(\.partner) == ["adie"])
        try AbsenceStore(dataFolder: data).record(partner: "bge", date: december, site: nil)
        #expect(try kiosk.absences().map(\.partner) == ["adie", "bge"])
        let file = folder.path("records/absences.json")
        try FileManager.default.removeItem(at: file)
        #expect(try kiosk.absences().isEmpty)
        try FileManager.default.createSymbolicLink(at: file, withDestinationURL: folder.path("catalogue/partners.json"))
        #expect(throws: RecordError.symbolicLink(file.path)) { try kiosk.absences() }
    }

    @Test("a purge killed before removing the previous copy is finished by the next one; validate warns meanwhile")
    func interruptedPurge() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try store.book(FaultInjectionTests.request("adie-belle-beille/2026-12-01T09:00", first: "Zoé"), schedule: schedule, now: now)
        try store.compact(monthOf: december)
        try store.compact(monthOf: december)  // a .prev copy with the name now stands beside the snapshot
        let ticket = folder.path("tickets/\(booking.reference).txt")
        try FileManager.default.createDirectory(at: folder.path("tickets"), withIntermediateDirectories: true)
        try "Zoé".write(to: ticket, atomically: true, encoding: .utf8)
        let later = LocalDate("2029-06-01")!
        // The purge dies just before its last unlink (the previous copy): every step before it is done.
        #expect(throws: RecordError.self) {
            try BookingStore(dataFolder: data, fileSystem: DiesAtLastCopyRemoval()).purge(before: Retention.cutoff(today: later, months: 24))
        }
        let prev = folder.path("records/bookings/2026-12.json.prev")
        #expect(FileManager.default.fileExists(atPath: prev.path))
        let warnings = Retention.leftovers(in: data, today: later)
        #expect(warnings.map(\.file).contains(prev.path), "\(warnings)")
        #expect(warnings.map(\.file).contains(ticket.path))
        #expect(warnings.allSatisfy { $0.severity == .warning })
        BookingStore.forgetReadMonths(in: data)
        #expect(try BookingStore(dataFolder: data).purge(before: Retention.cutoff(today: later, months: 24)) == 0)
        #expect(!FileManager.default.fileExists(atPath: prev.path))
        #expect(Retention.leftovers(in: data, today: later).map(\.file) == [ticket.path])
    }
}

/// The real file system, except that the second removal of a month's previous copy (the purge's last
/// step) fails: what a purge killed just there leaves on disk.
final class DiesAtLastCopyRemoval: FileSystem {
    private let system = SystemFileSystem()
    private let removals = Mutex(0)

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { system.open(path, flags, mode) }
    func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int { system.write(descriptor, buffer) }
    func fsync(_ descriptor: Int32) -> Int32 { system.fsync(descriptor) }
    func ftruncate(_ descriptor: Int32, _ length: off_t) -> Int32 { system.ftruncate(descriptor, length) }
    func rename(_ from: String, _ to: String) -> Int32 { system.rename(from, to) }
    func link(_ from: String, _ to: String) -> Int32 { system.link(from, to) }
    func flock(_ descriptor: Int32, _ operation: Int32) -> Int32 { system.flock(descriptor, operation) }
    func mkdir(_ path: String, _ mode: mode_t) -> Int32 { system.mkdir(path, mode) }
    func unlink(_ path: String) -> Int32 {
        if path.hasSuffix(".json.prev"), removals.withLock({ count in count += 1; return count }) == 2 {
            errno = EIO
            return -1
        }
        return system.unlink(path)
    }
}
