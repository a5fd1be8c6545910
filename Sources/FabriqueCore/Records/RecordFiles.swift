import Foundation
import Glibc

/// Durable, locked access to the JSON record files of a data folder.
/// A change takes an exclusive lock on a separate lock file, re-reads under it, then appends a line to
/// the month's journal and fsyncs it (see `MonthJournal.swift`). A snapshot is replaced by writing a
/// temporary file in the same folder, fsyncing it, keeping the previous version beside it (`.prev`),
/// renaming the new one over the old and fsyncing the folder. A file that cannot be read is never
/// overwritten.
struct RecordFiles: Sendable {
    let folder: URL

    /// Why a record file could not be used.
    enum Failure: Error, Sendable {
        case unreadable(Problem)
        case io(path: String, code: Int32)
    }

    /// The months (`2026-12`) with records that ended before `cutoff`, in order.
    func months(endedBefore cutoff: LocalDate) -> [String] {
        months().filter { month in LocalDate(month + "-01").map { $0.nextMonth <= cutoff } ?? false }
    }

    /// Runs `body` while holding the folder's exclusive lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        try createFolder()
        let lockPath = folder.appendingPathComponent(".lock").path
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.io(path: lockPath, code: errno) }
        defer { close(descriptor) }  // closing releases the lock
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw Failure.io(path: lockPath, code: errno) }
        }
        return try body()
    }

    func createFolder() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Reads and decodes a file; nil when it does not exist.
    func read<T: Decodable>(_ name: String, as type: T.Type) throws -> T? {
        let url = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            if FileManager.default.fileExists(atPath: url.path) { throw Failure.io(path: url.path, code: EACCES) }
            return nil
        }
        return try Self.decode(T.self, from: data, path: url.path)
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

    /// Replaces a file durably; the caller holds the lock.
    func write<T: Encodable>(_ value: T, to name: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(value) + Data("\n".utf8)
        let target = folder.appendingPathComponent(name).path
        // Temporary files of writers killed mid-write are removed: holding the lock, nobody else is writing.
        let prefix = ".\(name)."
        for leftover in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where leftover.hasPrefix(prefix) && leftover.hasSuffix(".tmp") {
            unlink(folder.appendingPathComponent(leftover).path)
        }
        let temporary = folder.appendingPathComponent(".\(name).\(getpid()).tmp").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.io(path: temporary, code: errno) }
        do {
            try writeAll(data, to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw Failure.io(path: temporary, code: errno) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        // The version being replaced stays beside the new one as the last good copy.
        let previous = target + ".prev"
        if access(target, F_OK) == 0 {
            unlink(previous)
            if link(target, previous) != 0 { throw Failure.io(path: previous, code: errno) }
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw Failure.io(path: target, code: code)
        }
        syncFolder()
    }

    /// Writes every byte of `data`, going on after interruptions.
    func writeAll(_ data: Data, to descriptor: Int32, path: String) throws {
        var written = 0
        let result: Int32 = data.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(descriptor, buffer.baseAddress?.advanced(by: written), buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return 0
        }
        guard result == 0 else { throw Failure.io(path: path, code: result) }
    }

    /// Makes the folder's entries (a rename, a new or removed file) durable.
    func syncFolder() {
        let directory = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
