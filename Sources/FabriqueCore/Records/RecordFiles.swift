import FoundationEssentials
import Glibc

/// Why a records file could not be read or written, apart from any refusal of the domain (a full
/// slot): every store reports it the same way, and every screen says which records it was.
public enum RecordError: Error, Sendable, Equatable {
    /// A file cannot be read: named with its line and column; changes stop, nothing is overwritten.
    case unreadable(Problem)
    /// A write failed; nothing of the change is on disk.
    case writeFailed(String)
    /// A write failed and could not be undone: the change may be on disk or not.
    case uncertainWrite(String)
    /// A record file or folder is a symbolic link: refused, never followed (the path).
    case symbolicLink(String)
    /// Another writer held the records' lock for longer than a change waits: nothing was written (the
    /// lock file's path).
    case busy(String)
    /// The wait for the records' lock, held by another writer, was given up (the kiosk was asked to stop):
    /// nothing was written (the lock file's path).
    case abandoned(String)

    /// Any error of the record files as a `RecordError`.
    static func from(_ error: any Error) -> RecordError {
        switch error {
        case let error as RecordError: return error
        case RecordFiles.Failure.unreadable(let problem): return .unreadable(problem)
        case RecordFiles.Failure.io(let path, let code): return .writeFailed("\(path): \(SystemText.words(errno: code))")
        case RecordFiles.Failure.uncertain(let path, let code): return .uncertainWrite("\(path): \(SystemText.words(errno: code))")
        case RecordFiles.Failure.symbolicLink(let path): return .symbolicLink(path)
        case RecordFiles.Failure.busy(let path): return .busy(path)
        case RecordFiles.Failure.abandoned(let path): return .abandoned(path)
        default: return .writeFailed(String(describing: error))
        }
    }

    /// Runs `body`, reporting any failure as a `RecordError`.
    static func catching<T>(_ body: () throws -> T) throws(RecordError) -> T {
        do {
            return try body()
        } catch {
            throw from(error)
        }
    }
}

/// Durable, locked access to the JSON record files of a data folder.
/// A change takes an exclusive lock on a separate lock file, re-reads under it, then appends a line to
/// the month's journal and fsyncs it (see `MonthJournal.swift`). A snapshot is replaced by writing a
/// temporary file in the same folder, fsyncing it, keeping the previous version beside it (`.prev`),
/// renaming the new one over the old and fsyncing the folder. A file that cannot be read is never
/// overwritten.
struct RecordFiles: Sendable {
    let folder: URL
    /// Every write, sync, rename and unlink goes through it (a test injects faults there).
    let system: any FileSystem

    /// The folder's path, made once: `URL.appendingPathComponent` costs microseconds each time, and a
    /// booking names several files.
    let folderPath: String
    /// Seconds a change waits for the folder's lock, held by another writer, before it gives up with
    /// nothing written: a lock held forever (a stopped process, a hand-run `flock`) must not freeze a
    /// kiosk in front of its visitor.
    let lockWait: Double

    /// How long a change waits for the lock by default: far more than any change holds it.
    static let defaultLockWait: Double = 20

    init(folder: URL, system: any FileSystem = SystemFileSystem(), lockWait: Double = Self.defaultLockWait) {
        self.folder = folder
        self.system = system
        self.lockWait = lockWait
        folderPath = folder.path
    }

    /// The path of the file `name` in the folder.
    func path(_ name: String) -> String { folderPath + "/" + name }

    /// Why a record file could not be used.
    enum Failure: Error, Sendable {
        case unreadable(Problem)
        case io(path: String, code: Int32)
        /// A record, lock or folder is a symbolic link: refused, never followed.
        case symbolicLink(path: String)
        /// A write failed and could not be undone: the change may or may not be on disk.
        case uncertain(path: String, code: Int32)
        /// The lock at `path` stayed held by another writer for longer than `lockWait`.
        case busy(path: String)
        /// The wait for the lock at `path` was given up (`LockWaiter.givesUp`).
        case abandoned(path: String)
    }

    /// The failure for an `open` that returned -1: a symbolic link is named as such.
    static func openFailure(_ path: String, _ code: Int32) -> Failure {
        code == ELOOP ? .symbolicLink(path: path) : .io(path: path, code: code)
    }

    /// The months (`2026-12`) with records that ended before `cutoff`, in order.
    func months(endedBefore cutoff: LocalDate) -> [String] {
        months().filter { month in LocalDate(month + "-01").map { $0.nextMonth <= cutoff } ?? false }
    }

    /// Runs `body` while holding the folder's exclusive lock, waiting `lockWait` seconds at most for it
    /// (then it fails as `busy`, naming the lock file, and nothing is written).
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try createFolder()
        let (lockPath, descriptor) = openLockFile()
        guard descriptor >= 0 else { throw Self.openFailure(lockPath, errno) }
        defer { close(descriptor) }  // closing releases the lock
        var started: Double?
        var pause: UInt32 = 500
        var told = false
        while system.flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw Failure.io(path: lockPath, code: errno) }
            let now = Self.monotonicSeconds()
            if now - (started ?? now) >= lockWait { throw Failure.busy(path: lockPath) }
            started = started ?? now
            if let waiter = LockWaiter.current {
                if waiter.givesUp() { throw Failure.abandoned(path: lockPath) }
                if !told && now - (started ?? now) >= LockWaiter.noticeAfter {
                    told = true
                    waiter.began()
                }
            }
            // Short at first (another writer holds it for milliseconds), then at most 50 ms apart.
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        return try body()
    }

    /// The folder's lock file, opened (created if missing, never through a link): its path and descriptor (-1 on failure).
    private func openLockFile() -> (path: String, descriptor: Int32) {
        let lockPath = folder.appendingPathComponent(".lock").path
        return (lockPath, system.open(lockPath, O_RDWR | O_CREAT | safeOpenFlags, 0o600))
    }

    /// Seconds of the system's monotonic clock (never set back).
    static func monotonicSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// Runs `body` holding the folder's exclusive lock if no one holds it now (this process included);
    /// false, without running it, otherwise: for work that may as well be left to the next writer.
    @discardableResult
    func withLockIfFree(_ body: () -> Void) -> Bool {
        let descriptor = openLockFile().descriptor
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }  // closing releases the lock
        while system.flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EINTR else { return false }
        }
        body()
        return true
    }

    /// Creates the folder (owner-only) when missing; a folder that is a symbolic link is refused.
    func createFolder() throws {
        var status = stat()
        if lstat(folder.path, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK { throw Failure.symbolicLink(path: folder.path) }
            return
        }
        try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        if system.mkdir(folder.path, 0o700) != 0 && errno != EEXIST { throw Failure.io(path: folder.path, code: errno) }
    }

    /// Rewrites a month with `anonymise` applied to its records, then removes every other copy of them
    /// (journal, previous snapshot, temporary files): run again after an interruption, it finishes what
    /// the first run left. Returns how many records `anonymise` changed.
    func purge<Record: MonthRecord>(_ month: String, as type: Record.Type,
                                    _ anonymise: (inout [Record]) -> Int) throws -> Int {
        try withLock {
            var records = try self.month(month, as: type).records
            let changed = anonymise(&records)
            let journal = folder.appendingPathComponent(month + ".jsonl").path
            if changed > 0 || access(journal, F_OK) == 0 { try replace(month, with: records) }
            // The previous snapshot still holds the names, a digest their hashes, and the bytes cut from
            // the journal perhaps a booking: they go too.
            for copy in [month + ".json.prev", month + ".digest", month + Self.cutSuffix] {
                let path = folder.appendingPathComponent(copy).path
                if system.unlink(path) != 0 && errno != ENOENT { throw Failure.io(path: path, code: errno) }
            }
            removeLeftoverTemporaries(of: month + ".json")
            removeLeftoverTemporaries(of: month + ".digest")
            try syncFolder()
            return changed
        }
    }

    /// The files of months that ended before `cutoff` still holding personal data: a month with a
    /// record `isPersonal` says so, and any previous snapshot, digest (hashes of names and phones), bytes
    /// cut from the journal or temporary file counts (for `validate`).
    func personalData<Record: MonthRecord>(endedBefore cutoff: LocalDate, as type: Record.Type,
                                           isPersonal: (Record) -> Bool) -> [String] {
        var found: [String] = []
        let names = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        for month in months(endedBefore: cutoff) {
            if let records = try? self.month(month, as: type).records, records.contains(where: isPersonal) {
                for suffix in [".json", ".jsonl"] where names.contains(month + suffix) {
                    found.append(folder.appendingPathComponent(month + suffix).path)
                }
            }
            for name in names.sorted() where name == month + ".json.prev" || name == month + ".digest" || name == month + Self.cutSuffix
                || ((name.hasPrefix(".\(month).json.") || name.hasPrefix(".\(month).digest.")) && name.hasSuffix(".tmp")) {
                found.append(folder.appendingPathComponent(name).path)
            }
        }
        return found
    }

    /// Reads and decodes a file; nil when it does not exist.
    func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T? {
        try readWithIdentity(name, as: type)?.value
    }

    /// Reads and decodes a file (never through a symbolic link), with the identity of the version read;
    /// nil when it does not exist.
    func readWithIdentity<T: Decodable>(_ name: String, as type: T.Type,
                                        unlessStill known: FileIdentity? = nil) throws -> (value: T?, identity: FileIdentity)? {
        let path = folder.appendingPathComponent(name).path
        let descriptor = try openIfPresent(path)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let identity = FileIdentity(descriptor: descriptor) else { throw Failure.io(path: path, code: errno) }
        // The caller already holds this very version: nothing to read.
        if let known, known == identity { return (nil, identity) }
        return (try Self.decode(T.self, from: readAll(descriptor, from: 0, path: path), path: path), identity)
    }

    /// Decodes a record file's bytes; a failure is thrown as `unreadable`, placed at its line and column.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw Failure.unreadable(locate(error, in: data, path: path))
        }
    }

    /// Places a decoding failure at its line and column, as validation does for the catalogue.
    static func locate(_ error: any Error, in data: Data, path: String) -> Problem {
        do {
            let document = try JSONDocument(parsing: data)
            return CatalogueLoader.problem(decoding: error, file: path, document: document)
        } catch {
            return Problem(file: path, location: error.location, issue: .syntax(error.issue))
        }
    }

    /// Replaces a file durably; the caller holds the lock. On any failure the file is as it was, except
    /// a failed folder sync after the rename, which is reported (the new version may not survive a crash).
    func write<T: Encodable>(_ value: T, to name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(value) + Data("\n".utf8)
        let target = folder.appendingPathComponent(name).path
        removeLeftoverTemporaries(of: name)
        let temporary = folder.appendingPathComponent(".\(name).\(getpid()).tmp").path
        // Created afresh (the leftovers were just removed): a hard link planted at this name is not written through.
        let descriptor = system.open(temporary, O_WRONLY | O_CREAT | O_EXCL | safeOpenFlags, 0o600)
        guard descriptor >= 0 else { throw Self.openFailure(temporary, errno) }
        do {
            try writeAll(data, to: descriptor, path: temporary)
            guard system.fsync(descriptor) == 0 else { throw Failure.io(path: temporary, code: errno) }
        } catch {
            close(descriptor)
            _ = system.unlink(temporary)
            throw error
        }
        close(descriptor)
        // The version being replaced stays beside the new one as the last good copy.
        let previous = target + ".prev"
        var status = stat()
        if lstat(target, &status) == 0 {
            if (status.st_mode & S_IFMT) == S_IFLNK {
                _ = system.unlink(temporary)
                throw Failure.symbolicLink(path: target)
            }
            if system.unlink(previous) != 0 && errno != ENOENT {
                let code = errno
                _ = system.unlink(temporary)
                throw Failure.io(path: previous, code: code)
            }
            if system.link(target, previous) != 0 {
                let code = errno
                _ = system.unlink(temporary)
                throw Failure.io(path: previous, code: code)
            }
        }
        guard system.rename(temporary, target) == 0 else {
            let code = errno
            _ = system.unlink(temporary)
            throw Failure.io(path: target, code: code)
        }
        try syncFolder()
    }

    /// Removes temporary files of writers killed mid-write (they may hold names): holding the lock,
    /// nobody else is writing.
    func removeLeftoverTemporaries(of name: String) {
        let prefix = ".\(name)."
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where leftover.hasPrefix(prefix) && leftover.hasSuffix(".tmp") {
            _ = system.unlink(folder.appendingPathComponent(leftover).path)
        }
    }

    /// Writes every byte of `data`, going on after interruptions.
    func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        var written = 0
        let result: Int32 = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = system.write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[written...]))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if n == 0 { return EIO }
                written += n
            }
            return 0
        }
        guard result == 0 else { throw Failure.io(path: path, code: result) }
    }

    /// Makes the folder's entries (a rename, a new or removed file) durable.
    func syncFolder() throws {
        let directory = system.open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        guard directory >= 0 else { throw Failure.io(path: folder.path, code: errno) }
        defer { close(directory) }
        guard system.fsync(directory) == 0 else { throw Failure.io(path: folder.path, code: errno) }
    }
}
