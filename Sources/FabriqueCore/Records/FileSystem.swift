public import Glibc

/// The file-system calls through which records, logs and tickets are written, so that a test can make
/// any one of them fail ("no space", an I/O error) or stop everything after it (a killed process), as
/// SQLite's test VFS does. Each call follows its POSIX namesake: -1 (or a short count) with `errno` set.
public protocol FileSystem: Sendable {
    /// `open(2)`.
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    /// `write(2)`.
    func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int
    /// `fsync(2)`.
    func fsync(_ descriptor: Int32) -> Int32
    /// `ftruncate(2)`.
    func ftruncate(_ descriptor: Int32, _ length: off_t) -> Int32
    /// `rename(2)`.
    func rename(_ from: String, _ to: String) -> Int32
    /// `unlink(2)`.
    func unlink(_ path: String) -> Int32
    /// `link(2)`.
    func link(_ from: String, _ to: String) -> Int32
    /// `flock(2)`.
    func flock(_ descriptor: Int32, _ operation: Int32) -> Int32
    /// `mkdir(2)`.
    func mkdir(_ path: String, _ mode: mode_t) -> Int32
}

/// The real file system.
public struct SystemFileSystem: FileSystem {
    /// The real file system.
    public init() {}

    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    public func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        Glibc.write(descriptor, buffer.baseAddress, buffer.count)
    }
    public func fsync(_ descriptor: Int32) -> Int32 { Glibc.fsync(descriptor) }
    public func ftruncate(_ descriptor: Int32, _ length: off_t) -> Int32 { Glibc.ftruncate(descriptor, length) }
    public func rename(_ from: String, _ to: String) -> Int32 { Glibc.rename(from, to) }
    public func unlink(_ path: String) -> Int32 { Glibc.unlink(path) }
    public func link(_ from: String, _ to: String) -> Int32 { Glibc.link(from, to) }
    public func flock(_ descriptor: Int32, _ operation: Int32) -> Int32 { lockFile(descriptor, operation) }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { Glibc.mkdir(path, mode) }
}

/// Flags every record, log, lock and ticket file is opened with: never through a symbolic link (a link
/// planted in the data folder would send names and phones wherever it points), never inherited.
public let safeOpenFlags: Int32 = O_NOFOLLOW | O_CLOEXEC

/// `flock(2)` by another name: inside a type with a `flock` method, Glibc's function and struct of that name cannot be told apart.
private func lockFile(_ descriptor: Int32, _ operation: Int32) -> Int32 { flock(descriptor, operation) }
