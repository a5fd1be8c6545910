import FoundationEssentials
import Glibc

/// What taking a booking needs to know of one month of bookings, kept beside it (`2026-12.digest`) so
/// that a booking in a fresh process (`fabrique book`) reads a small binary file instead of decoding the
/// month's bookings: for each booking its reference, slot and service, whether it holds a place, its
/// start, and 64-bit hashes of its phone and folded name (the one-booking rule's keys: a match is
/// checked again on the bookings themselves, so a hash never decides alone). It is valid while the
/// snapshot is the very file it was made from and the journal still begins with the very bytes it
/// folded (their hash); what the journal gained since is read and added. Deleting it is always safe.
struct BookingDigest: Sendable {
    /// One booking, as the checks of a new booking see it.
    struct Entry: Sendable, Equatable {
        var reference: String
        /// The slot's and the service's ids, as positions in `texts`.
        var slot: Int
        var service: Int
        /// Whether the booking holds its place (`Booking.isActive`).
        var holdsPlace: Bool
        /// The appointment's start, in seconds since 1970.
        var start: Double
        /// `BookingDigest.key` of the phone (0 without one) and of the folded first and last name.
        var phone: UInt64
        var person: UInt64
    }

    /// The bookings, each in its latest version (a test may change a field, never a reference). No index
    /// of their references is kept: a fresh booking reads three digests and looks up a reference or two,
    /// and building the index cost more than the digests' decoding without it.
    var entries: [Entry] = []
    /// The slot and service ids the entries name, each once.
    private(set) var texts: [String] = []
    private var textPositions: [String: Int] = [:]
    /// The plan codes the month's bookings carry: a new booking's reference must not be one of them.
    private(set) var plans: Set<String> = []

    /// The snapshot the digest was made from (nil: the month had none).
    var snapshot: FileIdentity?
    /// Bytes of the journal folded in, their FNV-1a hash, and the lines they hold.
    var journalOffset: Int64 = 0
    var journalHash = fnvBasis
    var journalLines = 0
    /// Whether the journal's last folded line is a whole record without its newline.
    var unterminated = false
    /// As read now, not kept: the journal's identity (nil: no journal) and the bytes after the last line
    /// that are no record (a writer killed mid-line, cut by the next writer).
    var journal: FileIdentity?
    var tornBytes: Int64 = 0
    /// As this process knows it, not kept: the journal lines the digest file covers (nil: no file known).
    var fileLines: Int?

    /// The digest of a month read whole.
    init(_ loaded: RecordFiles.LoadedMonth<Booking>) {
        // A month read whole holds each booking once, in its latest version.
        entries.reserveCapacity(loaded.month.records.count)
        for booking in loaded.month.records { entries.append(entry(booking)) }
        snapshot = loaded.snapshot
        journal = loaded.journal
        journalOffset = loaded.journalOffset
        journalLines = loaded.month.journalLines
        unterminated = loaded.unterminated
        tornBytes = loaded.tornBytes
        journalHash = loaded.journalHash
    }

    /// The digest of a month taken in one booking at a time (see `RecordFiles.fold`); nil when the month
    /// must be read whole: this process holds it whole already, or its snapshot is not as this program
    /// writes it.
    init?(folding month: String, of files: RecordFiles) throws {
        guard !files.isCached(month, as: Booking.self) else { return nil }
        var digest = BookingDigest()
        var index: [String: Int] = [:]
        guard let read = try files.fold(month, as: Booking.self, into: { digest.apply($0, index: &index) }) else { return nil }
        self = digest
        snapshot = read.snapshot
        journal = read.journal
        journalOffset = read.journalOffset
        journalHash = read.journalHash
        journalLines = read.journalLines
        unterminated = read.unterminated
        tornBytes = read.tornBytes
    }

    private init() {}

    /// The key of a phone or a folded name: FNV-1a of its UTF-8 bytes, never 0 (which stands for none).
    static func key(_ text: String) -> UInt64 {
        max(1, fnv1a64(text.utf8))
    }

    /// Adds a booking, or replaces the earlier version of the same booking.
    mutating func apply(_ booking: Booking) {
        let entry = entry(booking)
        if let index = entries.firstIndex(where: { $0.reference == booking.reference }) {
            entries[index] = entry
        } else {
            entries.append(entry)
        }
    }

    /// Adds bookings in order, as `apply` does each: through an index of the references for more than a
    /// few (a journal read after the digest may hold up to 500 lines).
    mutating func apply(contentsOf bookings: [Booking]) {
        guard bookings.count > 16 else { return bookings.forEach { apply($0) } }
        var index = Dictionary(entries.indices.map { (entries[$0].reference, $0) }, uniquingKeysWith: { $1 })
        for booking in bookings { apply(booking, index: &index) }
    }

    /// `apply`, finding the earlier version through `index` (reference → position), which it keeps up.
    private mutating func apply(_ booking: Booking, index: inout [String: Int]) {
        let entry = entry(booking)
        if let position = index[booking.reference] {
            entries[position] = entry
        } else {
            index[booking.reference] = entries.count
            entries.append(entry)
        }
    }

    /// A booking's entry; its plan code, slot and service are noted.
    private mutating func entry(_ booking: Booking) -> Entry {
        if let plan = booking.plan { plans.insert(plan) }
        return Entry(reference: booking.reference, slot: position(of: booking.slot), service: position(of: booking.service),
                     holdsPlace: booking.isActive, start: booking.start.instant.timeIntervalSince1970,
                     phone: booking.phone.map(Self.key) ?? 0,
                     person: Self.key(TextFolding.fold(booking.firstName + " " + booking.lastName)))
    }

    private mutating func position(of text: String) -> Int {
        if let index = textPositions[text] { return index }
        textPositions[text] = texts.count
        texts.append(text)
        return texts.count - 1
    }

    /// Bookings of the month holding a place in `slot`.
    func taken(slot: String) -> Int {
        guard let index = textPositions[slot] else { return 0 }
        return entries.count { $0.slot == index && $0.holdsPlace }
    }

    /// Adds the month's places held, slot by slot, to `counts`.
    func countPlaces(into counts: inout [String: Int]) {
        // Counted by the slot's position first: a slot id hashed once, not once per booking.
        var perText = [Int](repeating: 0, count: texts.count)
        for entry in entries where entry.holdsPlace { perText[entry.slot] += 1 }
        for (index, count) in perText.enumerated() where count > 0 { counts[texts[index], default: 0] += count }
    }

    /// Whether a booking of the month has `reference`, or a plan of the month that code.
    func holds(reference: String) -> Bool { plans.contains(reference) || entries.contains { $0.reference == reference } }

    /// Whether the month may hold an active booking for `service` starting after `now` by the same
    /// person (same phone key, or same folded-name key): false is certain, true is to be checked on the
    /// bookings themselves.
    func mayHold(service: String, phone: String?, person: String, after now: Date) -> Bool {
        guard let index = textPositions[service] else { return false }
        let phoneKey = phone.map(Self.key) ?? 0
        let personKey = Self.key(person)
        let moment = now.timeIntervalSince1970
        return entries.contains { entry in
            entry.service == index && entry.holdsPlace && entry.start > moment
                && ((phoneKey != 0 && entry.phone == phoneKey) || entry.person == personKey)
        }
    }

    /// Whether no two entries share a reference: their FNV-1a hashes placed in an open-addressed table,
    /// the references themselves compared only when two hashes meet (a set of the references hashes each
    /// with SipHash, and sorting the hashes cost as much as decoding the entries).
    private static func referencesAreUnique(_ entries: [Entry]) -> Bool {
        let size = 1 << (Int.bitWidth - (max(8, entries.count) * 2 - 1).leadingZeroBitCount)
        var table = [UInt64](repeating: 0, count: size)  // 0: a free place
        for entry in entries {
            let hash = Self.key(entry.reference)
            var place = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (size - 1)
            while table[place] != 0 {
                guard table[place] != hash else { return Set(entries.map(\.reference)).count == entries.count }
                place = (place + 1) & (size - 1)
            }
            table[place] = hash
        }
        return true
    }

    /// Changes whenever the layout does, so that a digest of an older layout is never misread.
    private static let magic = Array("fabrique booking digest 3\n".utf8)

    /// The digest's bytes, as `program` writes them.
    func bytes(program: String) -> [UInt8] {
        var writer = CompactWriter()
        writer.string(program)
        var payload = CompactWriter()
        payload.identity(snapshot)
        payload.int(Int(journalOffset))
        payload.uint64(journalHash)
        payload.int(journalLines)
        payload.bool(unterminated)
        payload.strings(texts)
        payload.strings(plans.sorted())
        payload.int(entries.count)
        for entry in entries {
            payload.string(entry.reference)
            payload.int(entry.slot)
            payload.int(entry.service)
            payload.bool(entry.holdsPlace)
            payload.uint64(entry.start.bitPattern)
            payload.uint64(entry.phone)
            payload.uint64(entry.person)
        }
        writer.blob(payload.bytes)
        writer.uint64(checksum64(payload.bytes[...]))
        return Self.magic + writer.bytes
    }

    /// The digest `bytes` hold when `program` wrote them whole; nil for anything else (another program,
    /// a damaged or truncated file, an entry naming a text that is not there).
    init?(bytes: [UInt8], program: String) {
        guard bytes.starts(with: Self.magic) else { return nil }
        var reader = CompactReader(bytes, at: Self.magic.count)
        do {
            guard try reader.string() == program else { return nil }
            let payload = try reader.blobRange()
            guard try reader.uint64() == checksum64(bytes[payload]), reader.isAtEnd else { return nil }
            var content = CompactReader(bytes, at: payload.lowerBound)
            snapshot = try content.identity()
            journalOffset = Int64(try content.int())
            journalHash = try content.uint64()
            journalLines = try content.int()
            unterminated = try content.bool()
            texts = try content.strings()
            plans = Set(try content.strings())
            for (index, text) in texts.enumerated() {
                guard textPositions.updateValue(index, forKey: text) == nil else { return nil }
            }
            let count = try content.count()
            // Room for the journal's lines read after it and a booking: growing past the exact count
            // would copy every entry.
            entries.reserveCapacity(count + 2 * BookingDigests.rewriteAfter)
            for _ in 0..<count {
                let entry = Entry(reference: try content.reference(), slot: try content.int(), service: try content.int(),
                                  holdsPlace: try content.bool(), start: Double(bitPattern: try content.uint64()),
                                  phone: try content.uint64(), person: try content.uint64())
                guard texts.indices.contains(entry.slot), texts.indices.contains(entry.service), entry.start.isFinite else {
                    return nil
                }
                entries.append(entry)
            }
            guard content.offset == payload.upperBound, journalOffset >= 0, journalLines >= 0,
                  Self.referencesAreUnique(entries) else { return nil }
        } catch {
            return nil
        }
    }
}

/// The digests of a data folder's booking months: read and brought up to date with the journal, made
/// from a month read whole, and written under the records' lock.
struct BookingDigests: Sendable {
    let files: RecordFiles
    /// Who may read a digest: the program that wrote it (a new version may fold or hash differently).
    let program: String?
    /// How long ago, in nanoseconds, a snapshot must have last changed for its `stat` to vouch for its
    /// bytes (see `CompactCatalogue`: two same-size writes within one tick of the file system's clock
    /// leave the same `stat`).
    let settled: Int64

    /// The digest file of a month (`2026-12` → `2026-12.digest`), written under the records' lock: its
    /// temporary file has one name (`.2026-12.digest.tmp`), so a writer killed before renaming it leaves
    /// one that the next writer replaces.
    func file(_ month: String) -> DerivedFile {
        DerivedFile(path: files.path(month + ".digest"), system: files.system, underLock: true)
    }

    /// The month's digest, brought up to date with what its journal gained since it was made: the one
    /// this process holds when the files are still the ones it folded (the kiosk), else the digest file;
    /// nil when there is none, or it is not of these files (the month is then read whole).
    func read(_ month: String) throws -> BookingDigest? {
        guard let program else { return nil }
        let snapshotPath = files.path(month + ".json")
        let snapshotDescriptor = try files.openIfPresent(snapshotPath)
        let snapshot = snapshotDescriptor >= 0 ? FileIdentity(descriptor: snapshotDescriptor) : nil
        if snapshotDescriptor >= 0 { close(snapshotDescriptor) }
        let journalPath = files.path(month + ".jsonl")
        let descriptor = try files.openIfPresent(journalPath)
        defer { if descriptor >= 0 { close(descriptor) } }
        let journal = descriptor >= 0 ? FileIdentity(descriptor: descriptor) : nil
        var digest: BookingDigest
        if let entry = MonthCache.shared.entry(memoryKey(month)), entry.snapshot == snapshot,
           let held = entry.month as? BookingDigest,
           try files.journalContinues(entry, journal, descriptor, path: journalPath) {
            digest = held
        } else {
            guard let bytes = file(month).contents(), let stored = BookingDigest(bytes: bytes, program: program) else {
                return nil
            }
            digest = consume stored  // one owner: the lines added below do not copy the entries
            guard digest.snapshot == snapshot else { return nil }
            digest.fileLines = digest.journalLines
            if descriptor < 0 {
                guard digest.journalOffset == 0 else { return nil }
            } else {
                guard let journal, journal.size >= digest.journalOffset,
                      try files.journalBegins(descriptor, count: digest.journalOffset, hash: digest.journalHash,
                                              path: journalPath) else { return nil }
            }
        }
        digest.journal = journal
        digest.tornBytes = 0
        if let journal, journal.size > digest.journalOffset {
            // Remembered again below: held meanwhile, the entries would be copied when lines are added.
            forget(month)
            guard !(try files.extendsLastLine(descriptor, unterminated: digest.unterminated, at: digest.journalOffset,
                                              path: journalPath)) else { return nil }
            let read = try files.readJournal(descriptor, path: journalPath, from: digest.journalOffset,
                                             unterminated: digest.unterminated, firstLine: digest.journalLines + 1, as: Booking.self)
            digest.apply(contentsOf: read.records)
            digest.journalHash = RecordFiles.hash(read, from: digest.journalHash)
            digest.journalOffset += read.consumed
            digest.journalLines += read.lines
            digest.unterminated = read.unterminated
            digest.tornBytes = read.torn
        }
        remember(digest, of: month)
        return digest
    }

    /// The digest of a month read now (none usable on disk), one booking at a time when it can be, held in
    /// memory instead of the month's bookings: the kiosk counts places from it, and its next booking reads only the journal's new lines.
    /// Its file is written too when the records' lock is free, so that the next start need not read the
    /// month whole again.
    func made(_ month: String) throws -> BookingDigest {
        let started = DerivedFile.wallClock()
        var digest = try BookingDigest(folding: month, of: files) ?? BookingDigest(try files.loadOnce(month, as: Booking.self))
        _ = files.withLockIfFree {
            if keep(digest, of: month, started: started) { digest.fileLines = digest.journalLines }
        }
        remember(digest, of: month)
        return digest
    }

    /// Journal lines a digest file may leave uncovered before a booking writes it again: each booking
    /// would otherwise rewrite the whole file (80–100 KB for a month of 1,500 bookings) and the next
    /// fsync carry its rename, where a fresh process decodes at most these few lines after the file.
    static let rewriteAfter = 8

    /// Whether the digest file must be written again for `digest`: none is known, or it leaves
    /// `rewriteAfter` journal lines or more uncovered.
    func isBehind(_ digest: BookingDigest) -> Bool {
        digest.fileLines.map { digest.journalLines - $0 >= Self.rewriteAfter } ?? true
    }

    /// Lets go of the month's digest held in memory, before the one in hand is added to (the entries are
    /// then changed in place, not copied: 100 KB for a month of 1,500 bookings).
    func forget(_ month: String) {
        MonthCache.shared.forget(memoryKey(month))
    }

    /// Holds `digest` in this process's memory, for the next `read` to add only what the journal gained.
    func remember(_ digest: BookingDigest, of month: String) {
        guard program != nil else { return }
        MonthCache.shared.store(MonthCache.Entry(snapshot: digest.snapshot, journal: digest.journal,
                                                 journalOffset: digest.journalOffset, journalHash: digest.journalHash,
                                                 unterminated: digest.unterminated, month: digest, lastUse: 0),
                                at: memoryKey(month))
    }

    /// The key of a month's digest in `MonthCache` (the digest file's path; months are kept by snapshot path).
    private func memoryKey(_ month: String) -> String { files.path(month + ".digest") }

    /// Writes a digest made from files read after `started` (the wall clock taken before their `stat`);
    /// the caller holds the lock. Not written when the snapshot changed too shortly before, or when the
    /// journal is no longer the one read; a digest that cannot be written is simply not there next time.
    /// Answers whether the file now holds `digest`.
    @discardableResult
    func keep(_ digest: BookingDigest, of month: String, started: Int64) -> Bool {
        // A month without files costs nothing to read: no digest is made for it.
        guard let program, digest.snapshot != nil || digest.journal != nil else { return false }
        if let snapshot = digest.snapshot, !snapshot.hasSettled(settled, before: started) { return false }
        // Its hash is of the journal's bytes as read (a month read whole carries it too): only the
        // journal's identity is checked again here.
        if digest.journal != nil {
            guard let descriptor = try? files.openIfPresent(files.path(month + ".jsonl")), descriptor >= 0 else { return false }
            defer { close(descriptor) }
            guard FileIdentity(descriptor: descriptor) == digest.journal else { return false }
        } else {
            guard digest.journalOffset == 0 else { return false }
        }
        return file(month).replace(with: digest.bytes(program: program))
    }
}
