import FoundationEssentials
import Glibc
import Synchronization

/// A record kept in month files: a snapshot (`2026-12.json`) and an append-only journal
/// (`2026-12.jsonl`, one record per line) whose later lines replace earlier versions of the same record.
protocol MonthRecord: Codable, Sendable {
    /// The field holding the list in the snapshot file (`bookings`).
    static var snapshotField: String { get }
    /// What identifies a record across journal lines; nil for records that are never changed.
    var journalKey: String? { get }
    /// Whether a long journal is folded into the snapshot. Only for keyed records: a crash between
    /// writing the snapshot and removing the journal makes the next read fold it twice, which replaces
    /// keyed records by themselves but would count unkeyed ones twice.
    static var foldsIntoSnapshot: Bool { get }
}

/// The records of one month: the snapshot's, then the journal's, each record in its latest version.
struct FoldedMonth<Record: MonthRecord>: Sendable {
    var records: [Record] = []
    /// Where each keyed record sits in `records`.
    var positions: [String: Int] = [:]
    /// Complete lines read from the journal (blank ones included), for line numbers and compaction.
    var journalLines = 0

    /// Adds a record, or replaces the earlier version of the same record in place.
    mutating func apply(_ record: Record) {
        if let key = record.journalKey {
            if let position = positions[key] {
                records[position] = record
                return
            }
            positions[key] = records.count
        }
        records.append(record)
    }

    init() {}

    /// The records of a snapshot, taken as they are when no key comes twice (a month's bookings are not
    /// copied into a second list), else folded one by one as a journal is.
    init(_ records: consuming [Record]) {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(records.count)
        for (index, record) in records.enumerated() {
            if let key = record.journalKey, positions.updateValue(index, forKey: key) != nil {
                for record in records { apply(record) }
                return
            }
        }
        self.records = records
        self.positions = positions
    }
}

/// The snapshot file's shape: one object with one list under the record's field name.
struct MonthSnapshot<Record: MonthRecord>: Codable {
    var records: [Record]

    init(records: [Record]) { self.records = records }

    init(from decoder: any Decoder) throws {
        records = try decoder.container(keyedBy: NamedKey.self).decode([Record].self, forKey: NamedKey(Record.snapshotField))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NamedKey.self)
        try container.encode(records, forKey: NamedKey(Record.snapshotField))
    }
}

/// What distinguishes one version of a file from another without reading it.
struct FileIdentity: Sendable, Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    /// An identity as recorded earlier.
    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }

    /// The identity of an open file.
    init?(descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The identity of the file at `path` (links followed), nil when there is none.
    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    /// The identity of the file a `stat` or `fstat` described.
    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modified = Int64(status.st_mtim.tv_sec) * 1_000_000_000 + Int64(status.st_mtim.tv_nsec)
        changed = Int64(status.st_ctim.tv_sec) * 1_000_000_000 + Int64(status.st_ctim.tv_nsec)
    }

    /// Whether `other` is the same file, possibly grown by appends.
    func isSameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }

    /// Whether the file was last changed at least `settled` nanoseconds before `moment`, so that its
    /// `stat` vouches for its bytes: a file system's clock moves by ticks (a nanosecond on ext4 with large
    /// inodes, a second with small ones, two seconds on FAT), and two writes of the same size within one
    /// tick leave the same `stat` (git's "racily clean" files). A file dated after `moment` (a clock set
    /// back) is never vouched for.
    func hasSettled(_ settled: Int64, before moment: Int64) -> Bool { moment - max(modified, changed) >= settled }
}

/// Folded months already read by this process, so that a booking reads only what was appended since.
/// Keyed by the snapshot's path; an entry is used only while the snapshot is the very same file and the
/// journal the same file, grown or not (checked with `fstat` on every read). Each data folder keeps its
/// own months: one folder's reads (or its forgetting) never push out another's, as the tests' folders,
/// read side by side in one process, would.
final class MonthCache: Sendable {
    struct Entry: Sendable {
        var snapshot: FileIdentity?
        var journal: FileIdentity?
        /// Bytes of the journal already folded (complete lines only).
        var journalOffset: Int64
        /// FNV-1a of the bytes folded, compared with the file's first `journalOffset` bytes before reading
        /// on: a journal rewritten in place (by an editor), even then appended to, is read afresh rather
        /// than taken for one that grew.
        var journalHash: UInt64
        /// Whether the journal's last line has no newline (left so by an editor); the next writer adds it.
        var unterminated: Bool
        var month: any Sendable
        var lastUse: UInt64
    }

    /// Months kept per data folder: the booking horizon's few months, several kinds of records, with room to spare.
    static let capacity = 12
    static let shared = MonthCache()

    private let entries = Mutex<(clock: UInt64, byPath: [String: Entry])>((0, [:]))

    func entry(_ path: String) -> Entry? {
        entries.withLock { state in
            guard var entry = state.byPath[path] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.byPath[path] = entry
            return entry
        }
    }

    func store(_ entry: Entry, at path: String) {
        entries.withLock { state in
            state.clock += 1
            var entry = entry
            entry.lastUse = state.clock
            state.byPath[path] = entry
            let folder = Self.dataFolder(of: path)
            let neighbours = state.byPath.filter { Self.dataFolder(of: $0.key) == folder }
            if neighbours.count > Self.capacity, let oldest = neighbours.min(by: { $0.value.lastUse < $1.value.lastUse }) {
                state.byPath[oldest.key] = nil
            }
        }
    }

    /// The data folder a record file belongs to: `…/data` for `…/data/records/bookings/2026-12.json`.
    static func dataFolder(of path: String) -> Substring {
        var end = path.endIndex
        for _ in 0..<3 {
            guard let slash = path[..<end].lastIndex(of: "/") else { return path[..<end] }
            end = slash
        }
        return path[..<end]
    }

    func forget(_ path: String) {
        entries.withLock { $0.byPath[path] = nil }
    }

    /// Forgets every month read in the data folder at `folder`.
    func forgetAll(in folder: String) {
        entries.withLock { state in
            state.byPath = state.byPath.filter { Self.dataFolder(of: $0.key) != folder }
        }
    }
}

extension RecordFiles {
    /// How many journal lines a month may gather before it is folded into its snapshot: enough that
    /// the occasional rewrite is rare, few enough that a cold read stays short.
    static let journalLimit = 500

    /// The name of the month of `date` (`2026-12`): its snapshot is `2026-12.json`, its journal `2026-12.jsonl`.
    static func monthName(of date: LocalDate) -> String {
        String(date.description.prefix(7))
    }

    /// Every month that cannot be read, with the file, line and column of the problem (for `validate`).
    func unreadableMonths<Record: MonthRecord>(of type: Record.Type) -> [Problem] {
        months().compactMap { unreadable($0, as: type) }
    }

    /// The problem of a records file (`2026-12`, `outcomes`) that cannot be read, with its file, line and column; nil when it reads.
    func unreadable<Record: MonthRecord>(_ name: String, as type: Record.Type) -> Problem? {
        do {
            _ = try load(name, as: type)
            return nil
        } catch Failure.unreadable(let problem) {
            return problem
        } catch Failure.symbolicLink(let link) {
            // The file at fault (the journal, perhaps), and why in the system's words.
            return Problem(file: link, location: nil, issue: .unreadableFile(SystemText.words(errno: ELOOP)))
        } catch Failure.io(let failed, let code) {
            return Problem(file: failed, location: nil, issue: .unreadableFile(SystemText.words(errno: code)))
        } catch {
            return Problem(file: path(name + ".json"), location: nil, issue: .unreadableFile(String(describing: error)))
        }
    }

    /// The months (`2026-12`) that have a snapshot, a journal or a digest, in order.
    func months() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let months = names.compactMap { name -> String? in
            // A digest left without its month's files is a month too, for `validate` and `purge` to see.
            guard name.hasSuffix(".json") || name.hasSuffix(".jsonl") || name.hasSuffix(".digest"), !name.hasPrefix("."),
                  LocalDate(String(name.prefix(7)) + "-01") != nil else { return nil }
            return String(name.prefix(7))
        }
        return Array(Set(months)).sorted()
    }

    /// The records of a month (`2026-12`), each in its latest version; empty when it has no file yet.
    func month<Record: MonthRecord>(_ month: String, as type: Record.Type) throws -> FoldedMonth<Record> {
        try load(month, as: type).month
    }

    /// Whether this process holds the month in memory (read earlier, to be brought up to date by a `load`).
    func isCached<Record: MonthRecord>(_ month: String, as type: Record.Type) -> Bool {
        MonthCache.shared.entry(path(month + ".json"))?.month is FoldedMonth<Record>
    }

    /// Appends records to a month's journal and fsyncs it; the caller holds the lock. `read` is the
    /// month as the caller read it under that lock (read again when not given). The change is
    /// acknowledged (returned) only once durable; when it cannot be made durable its bytes are cut off
    /// again, so that a change reported as failed is not on disk (or `uncertain` is thrown when even
    /// that fails). A journal grown past `journalLimit` lines is then folded into the snapshot; a fold
    /// that fails leaves the journal as it is, for the next change to fold.
    @discardableResult
    func append<Record: MonthRecord>(_ records: [Record], to month: String,
                                     read: consuming LoadedMonth<Record>? = nil) throws -> FoldedMonth<Record> {
        var loaded = try (consume read) ?? load(month, as: Record.self)
        let lines = try Self.journalLines(records, afterUnterminated: loaded.unterminated)
        let written = try writeJournal(lines, month: month, after: loaded.journalOffset, torn: loaded.tornBytes,
                                       existed: loaded.journal != nil)
        // The cache lets go of the month first, so that adding to it does not copy a month of records.
        let snapshotPath = path(month + ".json")
        MonthCache.shared.forget(snapshotPath)
        for record in records { loaded.month.apply(record) }
        loaded.month.journalLines += records.count
        MonthCache.shared.store(MonthCache.Entry(snapshot: loaded.snapshot, journal: written,
                                                 journalOffset: loaded.journalOffset + Int64(lines.count),
                                                 journalHash: fnv1a64(lines, from: loaded.journalHash), unterminated: false,
                                                 month: loaded.month, lastUse: 0), at: snapshotPath)
        if Record.foldsIntoSnapshot && loaded.month.journalLines >= Self.journalLimit {
            // The change is durable in the journal already: a fold that fails (a full disk) is no failure of
            // the change, and the next change tries again.
            do {
                try replace(month, with: loaded.month.records)
            } catch {
                MonthCache.shared.forget(snapshotPath)
            }
        }
        return loaded.month
    }

    /// The journal lines of `records`, after the newline a last line left open by an editor needs.
    static func journalLines<Record: MonthRecord>(_ records: [Record], afterUnterminated unterminated: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines = Data()
        // A last line left without its end by an editor is a record like the others: it gets its newline.
        if unterminated { lines.append(0x0A) }
        for record in records { lines += try encoder.encode(record) + Data("\n".utf8) }
        return lines
    }

    /// Writes `lines` at `offset` of a month's journal (cutting `torn` bytes a killed writer left there)
    /// and fsyncs them; the caller holds the lock. Returns the journal's identity once the lines are
    /// durable; when they cannot be made durable they are cut off again, so that a change reported as
    /// failed is not on disk (or `uncertain` is thrown when even that fails).
    func writeJournal(_ lines: Data, month: String, after offset: Int64, torn: Int64, existed: Bool) throws -> FileIdentity? {
        let path = path(month + ".jsonl")
        try createFolder()
        let descriptor = system.open(path, O_WRONLY | O_APPEND | O_CREAT | safeOpenFlags, 0o600)
        guard descriptor >= 0 else { throw Self.openFailure(path, errno) }
        defer { close(descriptor) }
        let before = off_t(offset)
        // A line without its end is what a writer killed mid-line left: holding the lock, nobody else is
        // writing, so it goes before the new lines are added after it. It may also be a whole line cut
        // short by a damaged disk or an editor, which no reader can tell apart: its bytes are kept first.
        if torn > 0 {
            try keepCut(month, of: path, from: offset, count: torn)
            guard system.ftruncate(descriptor, before) == 0 else { throw Failure.io(path: path, code: errno) }
        }
        do {
            try writeAll(lines, to: descriptor, path: path)
            guard system.fsync(descriptor) == 0 else { throw Failure.io(path: path, code: errno) }
            if !existed { try syncFolder() }
        } catch {
            MonthCache.shared.forget(self.path(month + ".json"))
            // Not durable, so not acknowledged: what was written goes again, durably.
            guard system.ftruncate(descriptor, before) == 0, system.fsync(descriptor) == 0 else {
                throw Failure.uncertain(path: path, code: errno)
            }
            throw error
        }
        return FileIdentity(descriptor: descriptor)
    }

    /// Appends the `count` bytes at `offset` of a journal, which a writer is about to cut, as one line to
    /// `<month>.jsonl.cut` and fsyncs them: nothing written to a journal is lost without a trace (`validate`
    /// names the file, `purge` removes it with its month). Throws when they cannot be kept: then nothing is cut.
    func keepCut(_ month: String, of journal: String, from offset: Int64, count: Int64) throws {
        let reader = try openIfPresent(journal)
        guard reader >= 0 else { return }
        let bytes = try { defer { close(reader) }; return try read(reader, from: offset, count: Int(count), path: journal) }()
        let path = path(month + Self.cutSuffix)
        let existed = access(path, F_OK) == 0
        // Without waiting: a pipe planted at this name would hold the writer, and the lock, for ever.
        let descriptor = system.open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | safeOpenFlags, 0o600)
        guard descriptor >= 0 else { throw Self.openFailure(path, errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure.unreadable(Problem(file: path, location: nil, issue: .unreadableFile(SystemText.words(errno: EINVAL))))
        }
        // A cut that could not all be written is taken back, so that each kept line is one whole cut.
        let before = off_t(status.st_size)
        do {
            try writeAll(bytes + Data("\n".utf8), to: descriptor, path: path)
            guard system.fsync(descriptor) == 0 else { throw Failure.io(path: path, code: errno) }
        } catch {
            _ = system.ftruncate(descriptor, before)
            throw error
        }
        if !existed { try syncFolder() }
    }

    /// The end of the name of a month's file of cut journal bytes (`2026-12.jsonl.cut`).
    static let cutSuffix = ".jsonl.cut"

    /// The files of bytes cut from journals in this folder, with how many cuts each keeps.
    func keptCuts() -> [Problem] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(Self.cutSuffix) && !$0.hasPrefix(".") }.sorted().compactMap { name in
            let file = path(name)
            let descriptor = (try? openIfPresent(file)) ?? -1
            let bytes = descriptor >= 0 ? (try? readAll(descriptor, from: 0, path: file)) ?? Data() : Data()
            if descriptor >= 0 { close(descriptor) }
            let cuts = bytes.count { $0 == 0x0A }
            // An empty file (a cut that could not be written, taken back) keeps nothing to look at.
            guard descriptor >= 0, cuts > 0 else {
                return descriptor >= 0 ? nil : Problem(file: file, location: nil, issue: .unreadableFile(SystemText.words(errno: EINVAL)))
            }
            return Problem(file: file, location: nil, issue: .journalBytesKept(count: cuts))
        }
    }

    /// Writes a month's snapshot with `records` and removes its journal; the caller holds the lock.
    /// The snapshot is durable before the journal goes, and folding a journal twice changes nothing.
    func replace<Record: MonthRecord>(_ month: String, with records: [Record]) throws {
        let snapshotPath = path(month + ".json")
        MonthCache.shared.forget(snapshotPath)
        try write(MonthSnapshot(records: records), to: month + ".json")
        let journal = path(month + ".jsonl")
        if system.unlink(journal) == 0 {
            try syncFolder()
        } else if errno != ENOENT {
            throw Failure.io(path: journal, code: errno)
        }
        let descriptor = open(snapshotPath, O_RDONLY | safeOpenFlags)
        guard descriptor >= 0 else { return MonthCache.shared.forget(snapshotPath) }
        defer { close(descriptor) }
        MonthCache.shared.store(MonthCache.Entry(snapshot: FileIdentity(descriptor: descriptor), journal: nil, journalOffset: 0,
                                                 journalHash: fnvBasis, unterminated: false, month: FoldedMonth(records),
                                                 lastUse: 0), at: snapshotPath)
    }

    /// A month as read now, with what a writer needs to append to it.
    struct LoadedMonth<Record: MonthRecord> {
        var month: FoldedMonth<Record>
        var snapshot: FileIdentity?
        var journal: FileIdentity?
        var journalOffset: Int64
        /// FNV-1a of the journal's first `journalOffset` bytes.
        var journalHash: UInt64
        /// Bytes after the journal's last complete line that are no record (a writer killed mid-line).
        var tornBytes: Int64
        /// Whether the journal's last line is a whole record without its newline.
        var unterminated: Bool
    }

    /// The hash of a journal's folded bytes carried on over what `read` folded (and the newline it
    /// consumed before them, given to a line an editor had left open).
    static func hash<Record>(_ read: JournalRead<Record>, from hash: UInt64) -> UInt64 {
        let newline = read.consumed > Int64(read.folded.count) ? fnv1a64([0x0A], from: hash) : hash
        return fnv1a64(read.folded, from: newline)
    }

    /// Reads a month for one look: a month this process did not hold before is not kept (a kiosk holds
    /// its months' digests instead).
    func loadOnce<Record: MonthRecord>(_ month: String, as type: Record.Type) throws -> LoadedMonth<Record> {
        let held = isCached(month, as: type)
        let loaded = try load(month, as: type)
        if !held { MonthCache.shared.forget(path(month + ".json")) }
        return loaded
    }

    /// A month's files as `fold` read them: what a writer needs to append, without the records.
    struct FoldedFiles {
        var snapshot: FileIdentity?
        var journal: FileIdentity?
        var journalOffset: Int64 = 0
        var journalHash = fnvBasis
        var journalLines = 0
        var tornBytes: Int64 = 0
        var unterminated = false
    }

    /// How much of a snapshot `fold` reads at a time.
    static let pieceSize = 1 << 16

    /// Hands each record of a month to `apply`, the snapshot's one at a time, then the journal's, without
    /// holding the month or its file whole (a month decoded at once held four times its file's bytes). Nil when the
    /// snapshot is not in the shape this program writes or a record of it cannot be decoded: `apply` may
    /// have seen some records, and the caller reads the month whole, which decodes it or names the damage.
    func fold<Record: MonthRecord>(_ month: String, as type: Record.Type,
                                   into apply: (Record) -> Void) throws -> FoldedFiles? {
        try withOpenMonth(month) { files throws -> FoldedFiles? in
            try fold(files, as: type, into: apply)
        }
    }

    private func fold<Record: MonthRecord>(_ files: OpenMonth, as type: Record.Type,
                                           into apply: (Record) -> Void) throws -> FoldedFiles? {
        let (snapshotPath, snapshotDescriptor, journalPath, journalDescriptor) =
            (files.snapshotPath, files.snapshotDescriptor, files.journalPath, files.journalDescriptor)
        var folded = FoldedFiles(snapshot: files.snapshot, journal: files.journal)
        if snapshotDescriptor >= 0 {
            let decoder = JSONDecoder()
            var offset: Int64 = 0
            let decoded = try SnapshotRecords.forEach(field: Record.snapshotField, reading: {
                let piece = try read(snapshotDescriptor, from: offset, count: Self.pieceSize, path: snapshotPath)
                offset += Int64(piece.count)
                return [UInt8](piece)
            }, { bytes in
                guard let record: Record = try? Self.decodeAlone(bytes, with: decoder) else { return false }
                apply(record)
                return true
            })
            guard decoded else { return nil }
        }
        if journalDescriptor >= 0, let journal = folded.journal, journal.size > 0 {
            let lines = try readJournal(journalDescriptor, path: journalPath, from: 0, unterminated: false, firstLine: 1,
                                        as: Record.self)
            for record in lines.records { apply(record) }
            folded.journalLines = lines.lines
            folded.journalOffset = lines.consumed
            folded.journalHash = Self.hash(lines, from: fnvBasis)
            folded.unterminated = lines.unterminated
            folded.tornBytes = lines.torn
        }
        return folded
    }

    /// A record's bytes decoded on their own, as a part of a file: an object in plain UTF-8 only. Alone,
    /// the decoder would take a text for another encoding (it skips a byte-order mark, and reads UTF-16 or
    /// UTF-32 from the pattern of zero bytes), none of which a file of records may hold.
    static func decodeAlone<Record: Decodable>(_ bytes: some Collection<UInt8>, with decoder: JSONDecoder) throws -> Record {
        guard bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) == 0x7B, !bytes.contains(0) else {
            throw DecodingError.dataCorrupted(DecodingError.Context(codingPath: [], debugDescription: "not an object in UTF-8"))
        }
        return try decoder.decode(Record.self, from: Data(bytes))
    }

    /// A month's snapshot and journal opened for reading (a descriptor of -1 for an absent file), with
    /// their paths and identities as opened.
    struct OpenMonth {
        let snapshotPath: String
        let snapshotDescriptor: Int32
        let snapshot: FileIdentity?
        let journalPath: String
        let journalDescriptor: Int32
        let journal: FileIdentity?
    }

    /// Runs `body` with the month's files open, both opened before either is read, closed after.
    func withOpenMonth<T>(_ month: String, _ body: (OpenMonth) throws -> T) throws -> T {
        let snapshotPath = path(month + ".json")
        let journalPath = path(month + ".jsonl")
        let snapshotDescriptor = try openIfPresent(snapshotPath)
        defer { if snapshotDescriptor >= 0 { close(snapshotDescriptor) } }
        let journalDescriptor = try openIfPresent(journalPath)
        defer { if journalDescriptor >= 0 { close(journalDescriptor) } }
        return try body(OpenMonth(snapshotPath: snapshotPath, snapshotDescriptor: snapshotDescriptor,
                                  snapshot: snapshotDescriptor >= 0 ? FileIdentity(descriptor: snapshotDescriptor) : nil,
                                  journalPath: journalPath, journalDescriptor: journalDescriptor,
                                  journal: journalDescriptor >= 0 ? FileIdentity(descriptor: journalDescriptor) : nil))
    }

    /// Reads a month: from the cache plus what the journal gained since, or from both files afresh.
    func load<Record: MonthRecord>(_ month: String, as type: Record.Type) throws -> LoadedMonth<Record> {
        try withOpenMonth(month) { files in try load(files, as: type) }
    }

    private func load<Record: MonthRecord>(_ files: OpenMonth, as type: Record.Type) throws -> LoadedMonth<Record> {
        let (snapshotPath, snapshotDescriptor, snapshot) = (files.snapshotPath, files.snapshotDescriptor, files.snapshot)
        let (journalPath, journalDescriptor, journal) = (files.journalPath, files.journalDescriptor, files.journal)

        var folded: FoldedMonth<Record>
        var offset: Int64 = 0
        var hash = fnvBasis
        var unterminated = false
        if let entry = MonthCache.shared.entry(snapshotPath), entry.snapshot == snapshot,
           let cached = entry.month as? FoldedMonth<Record>,
           try journalContinues(entry, journal, journalDescriptor, path: journalPath) {
            folded = cached
            offset = entry.journalOffset
            hash = entry.journalHash
            unterminated = entry.unterminated
            if journal == entry.journal {
                return LoadedMonth(month: folded, snapshot: snapshot, journal: journal, journalOffset: offset,
                                   journalHash: hash, tornBytes: (journal?.size ?? 0) - offset, unterminated: unterminated)
            }
            // Lines to add: the cache lets go of the month first, so that adding does not copy it.
            MonthCache.shared.forget(snapshotPath)
        } else if snapshotDescriptor >= 0 {
            let data = try readAll(snapshotDescriptor, from: 0, path: snapshotPath)
            folded = FoldedMonth(try Self.decode(MonthSnapshot<Record>.self, from: data, path: snapshotPath).records)
        } else {
            folded = FoldedMonth()
        }
        var torn: Int64 = 0
        if journalDescriptor >= 0, let journal, journal.size > offset {
            let read = try readJournal(journalDescriptor, path: journalPath, from: offset, unterminated: unterminated,
                                       firstLine: folded.journalLines + 1, as: Record.self)
            for record in read.records { folded.apply(record) }
            folded.journalLines += read.lines
            offset += read.consumed
            hash = Self.hash(read, from: hash)
            unterminated = read.unterminated
            torn = read.torn
        }
        MonthCache.shared.store(MonthCache.Entry(snapshot: snapshot, journal: journal, journalOffset: offset,
                                                 journalHash: hash, unterminated: unterminated, month: folded, lastUse: 0),
                                at: snapshotPath)
        return LoadedMonth(month: folded, snapshot: snapshot, journal: journal, journalOffset: offset,
                           journalHash: hash, tornBytes: torn, unterminated: unterminated)
    }

    /// What a journal holds after an offset: its records, and how far they go.
    struct JournalRead<Record> {
        var records: [Record] = []
        /// Lines read (blank ones included), for line numbers and compaction.
        var lines = 0
        /// Bytes consumed from the offset: the lines read, and a newline a writer added to a line left open.
        var consumed: Int64 = 0
        /// The bytes of the lines read (what a reader compares or hashes).
        var folded = Data()
        /// Whether the last line read is a whole record without its newline.
        var unterminated = false
        /// Bytes after the last line that are no record (a writer killed mid-line).
        var torn: Int64 = 0
    }

    /// Reads a journal from `offset` to its end. `unterminated` says the line before `offset` was left
    /// without its newline; `firstLine` is the number of the first line read, for messages.
    func readJournal<Record: MonthRecord>(_ descriptor: Int32, path: String, from offset: Int64, unterminated: Bool,
                                          firstLine: Int, as type: Record.Type) throws -> JournalRead<Record> {
        var result = JournalRead<Record>()
        result.unterminated = unterminated
        var data = try readAll(descriptor, from: offset, path: path)
        if unterminated, data.first == 0x0A {
            // The newline a writer added to the line an editor left open: that line was counted already.
            result.consumed = 1
            result.unterminated = false
            data = data.dropFirst()
        }
        let complete = (data.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex) - data.startIndex
        var lines = data.prefix(complete).split(separator: 0x0A, omittingEmptySubsequences: false)
        if !lines.isEmpty { lines.removeLast() }  // what follows the last newline is not a line here
        result.records = try Self.decodeLines(lines, as: Record.self, path: path, firstLine: firstLine)
        result.lines = lines.count
        let rest = data.dropFirst(complete)
        var folding = complete
        switch try Self.lastLine(rest, as: Record.self, path: path, line: firstLine + lines.count) {
        case .record(let record):
            result.records.append(record)
            result.lines += 1
            folding += rest.count
            result.unterminated = true
        case .torn:
            result.torn = Int64(rest.count)
        }
        result.consumed += Int64(folding)
        result.folded = Data(data.prefix(folding))
        return result
    }

    /// What follows a journal's last newline.
    enum LastLine<Record> {
        /// A whole record whose newline is missing (an editor removed it): kept.
        case record(Record)
        /// Nothing, or the start of a line a killed writer did not finish: ignored, cut by the next writer.
        case torn
    }

    /// Reads what follows the last newline. A damaged line that is no unfinished record stops reading,
    /// named with its line and column, as a damaged line anywhere else does.
    static func lastLine<Record: MonthRecord>(_ rest: Data.SubSequence, as type: Record.Type, path: String,
                                              line: Int) throws -> LastLine<Record> {
        guard !rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return .torn }
        let data = Data(rest)
        let decodingError: any Error
        do {
            return .record(try Self.decodeAlone(data, with: JSONDecoder()))
        } catch {
            decodingError = error
        }
        // A line cut short by a killed writer ends inside its value, perhaps inside a UTF-8 sequence.
        var cut = data
        while let last = cut.last, last & 0xC0 == 0x80 || last >= 0xC0 { cut.removeLast(); if last >= 0xC0 { break } }
        do {
            _ = try JSONDocument(parsing: cut)
        } catch {
            switch error.issue {
            case .unexpectedEnd, .unterminatedString: return .torn
            default: break
            }
        }
        var problem = locate(decodingError, in: data, path: path)
        problem.location = TextPosition(line: line, column: problem.location?.column ?? 1)
        throw Failure.unreadable(problem)
    }

    /// Whether the journal is the one the cache folded, unchanged or grown by appends: the same file,
    /// longer, beginning with the very bytes folded (their hash: an edit anywhere before, even followed
    /// by an append, is seen). A file written again without growing (an editor saving in place, same
    /// length) is read afresh: appends always make it longer. Unchanged (the same `stat`), nothing is read.
    func journalContinues(_ entry: MonthCache.Entry, _ journal: FileIdentity?, _ descriptor: Int32,
                          path: String) throws -> Bool {
        guard let old = entry.journal else { return true }
        guard let journal, old.isSameFile(as: journal), journal.size >= entry.journalOffset else { return false }
        if journal == old { return true }
        guard journal.size > old.size,
              try journalBegins(descriptor, count: entry.journalOffset, hash: entry.journalHash, path: path) else { return false }
        return !(try extendsLastLine(descriptor, unterminated: entry.unterminated, at: entry.journalOffset, path: path))
    }

    /// Whether the journal's first `count` bytes are the ones folded, by their FNV-1a `hash`.
    func journalBegins(_ descriptor: Int32, count: Int64, hash: UInt64, path: String) throws -> Bool {
        let folded = try read(descriptor, from: 0, count: Int(count), path: path)
        return folded.count == Int(count) && fnv1a64(folded) == hash
    }

    /// Whether bytes were added to a last line that had no newline when it was folded (an append made
    /// without the lock, `echo >>`): that line is no longer the record read, and the journal must be read
    /// afresh, as a whole read sees it (a damaged line, named). A writer adds the newline first.
    func extendsLastLine(_ descriptor: Int32, unterminated: Bool, at offset: Int64, path: String) throws -> Bool {
        guard unterminated else { return false }
        let next = try read(descriptor, from: offset, count: 1, path: path)
        return !next.isEmpty && next.first != 0x0A
    }

    /// Decodes journal lines in one pass; when that fails, line by line to name the first bad one.
    static func decodeLines<Record: MonthRecord>(_ lines: [Data.SubSequence], as type: Record.Type, path: String,
                                                 firstLine: Int) throws -> [Record] {
        let filled = lines.enumerated().filter { !$0.element.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } }
        guard !filled.isEmpty else { return [] }
        var joined = Data("[".utf8)
        for (index, line) in filled.enumerated() {
            if index > 0 { joined.append(0x2C) }
            joined.append(contentsOf: line.element)
        }
        joined.append(0x5D)
        let decoder = JSONDecoder()
        if let records = try? decoder.decode([Record].self, from: joined), records.count == filled.count { return records }
        var records: [Record] = []
        for (index, line) in filled {
            let data = Data(line)
            do {
                records.append(try Self.decodeAlone(data, with: decoder))
            } catch {
                var problem = locate(error, in: data, path: path)
                problem.location = TextPosition(line: firstLine + index, column: problem.location?.column ?? 1)
                throw Failure.unreadable(problem)
            }
        }
        // Every line decodes alone but not together: two values share a line.
        throw Failure.unreadable(Problem(file: path, location: TextPosition(line: firstLine, column: 1),
                                         issue: .syntax(.trailingContent)))
    }

    /// Opens a record file for reading (never through a link); -1 when there is none.
    func openIfPresent(_ path: String) throws -> Int32 {
        // Without waiting: a pipe planted at a record's name would block the open for ever (a kiosk that
        // ignores its keys and its stop signal); it is refused as no regular file instead.
        let descriptor = system.open(path, O_RDONLY | O_NONBLOCK | safeOpenFlags, 0)
        if descriptor < 0 && errno != ENOENT { throw Self.openFailure(path, errno) }
        guard descriptor >= 0 else { return descriptor }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFIFO || (status.st_mode & S_IFMT) == S_IFSOCK
            || (status.st_mode & S_IFMT) == S_IFCHR || (status.st_mode & S_IFMT) == S_IFBLK {
            close(descriptor)
            throw Failure.unreadable(Problem(file: path, location: nil, issue: .unreadableFile("fifo")))
        }
        return descriptor
    }

    func readAll(_ descriptor: Int32, from offset: Int64, path: String) throws -> Data {
        try read(descriptor, from: offset, count: .max, path: path)
    }

    /// Reads up to `count` bytes from `offset` (fewer at the end of the file).
    func read(_ descriptor: Int32, from offset: Int64, count limit: Int, path: String) throws -> Data {
        var data = Data()
        // Room for the whole file at once: growing by doubling held up to twice a month's bytes.
        var status = stat()
        if fstat(descriptor, &status) == 0, Int64(status.st_size) > offset {
            data.reserveCapacity(min(limit, Int(Int64(status.st_size) - offset)))
        }
        var buffer = [UInt8](repeating: 0, count: min(limit, 1 << 16))
        var position = off_t(offset)
        while data.count < limit {
            let wanted = min(buffer.count, limit - data.count)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, position) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure.io(path: path, code: errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
            position += off_t(count)
        }
        return data
    }
}

extension DataFolder {
    /// Every file of bytes a writer cut from the end of a journal, in every records folder, with how
    /// many cuts it keeps (for `validate`: staff check what they hold, then delete them).
    public func keptJournalCuts() -> [Problem] {
        ["records", "records/bookings", "records/walkins", "records/visits", "records/people", "records/outcomes"].flatMap {
            RecordFiles(folder: url.appendingPathComponent($0)).keptCuts()
        }
    }
}
