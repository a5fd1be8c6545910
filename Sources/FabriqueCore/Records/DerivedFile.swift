import Glibc

/// A file the program derives from others and can always make again (`catalogue.compact`, a month's
/// `.digest`): written beside its place and renamed there without fsync (a copy cut short fails its own
/// checks and is made again), read without following a link, and only while it is a regular file of
/// reasonable size.
struct DerivedFile: Sendable {
    /// The file's path.
    let path: String
    /// Every write, rename and unlink goes through it (a test injects faults there).
    let system: any FileSystem
    /// Whether every writer holds a lock while it writes: the temporary file then needs no process id.
    let underLock: Bool

    init(path: String, system: any FileSystem, underLock: Bool = false) {
        self.path = path
        self.system = system
        self.underLock = underLock
    }

    /// The largest file read: a catalogue of 2,000 partners makes 4.7 MB, a month of 1,600 bookings
    /// 90 KB of digest; anything far larger was not written by the program, and is not loaded.
    static let largest = 256 << 20

    /// The bytes of the regular file, read without following a link (and without waiting on a pipe
    /// planted there); nil when it cannot be read or is larger than `largest`.
    func contents() -> [UInt8]? {
        guard let head = head(Self.largest), head.bytes.count == Int(head.identity.size) else { return nil }
        return head.bytes
    }

    /// The file's first `limit` bytes (all of a shorter file) and its identity then, read as `contents`
    /// reads; nil when it cannot be read or is larger than `largest`.
    func head(_ limit: Int) -> (bytes: [UInt8], identity: FileIdentity)? {
        withOpenFile { descriptor, identity in
            Self.read(descriptor, min(limit, Int(identity.size)), at: 0).map { ($0, identity) }
        }
    }

    /// The bytes of `range` of the file, while it is still the file `identity` names (the same inode,
    /// size and times: a form replaced or written over since is not read); nil otherwise.
    func bytes(_ range: Range<Int>, of identity: FileIdentity) -> [UInt8]? {
        withOpenFile { descriptor, found in
            guard found == identity, range.upperBound <= Int(found.size) else { return nil }
            return Self.read(descriptor, range.count, at: range.lowerBound)
        }
    }

    /// Runs `body` on the file opened for reading (no link followed, no wait on a pipe) while it is a
    /// regular file no larger than `largest`, with its identity; nil otherwise.
    private func withOpenFile<T>(_ body: (Int32, FileIdentity) -> T?) -> T? {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | safeOpenFlags)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              status.st_size <= Self.largest else { return nil }
        return body(descriptor, FileIdentity(status))
    }

    /// `count` bytes from `offset`, read straight into the array's room without filling it with zeros
    /// first (4.7 MB for a 2,000-partner catalogue's form); nil when the file ends before them.
    private static func read(_ descriptor: Int32, _ count: Int, at offset: Int) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            while initialized < count {
                let read = pread(descriptor, buffer.baseAddress.map { $0 + initialized }, count - initialized,
                                 off_t(offset + initialized))
                if read < 0 && errno == EINTR { continue }
                guard read > 0 else {
                    complete = false
                    return
                }
                initialized += read
            }
        }
        return complete ? bytes : nil
    }

    /// The temporary file this process writes before renaming it into place.
    private var temporary: String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        return String(path[..<slash]) + "." + String(path[slash...]) + (underLock ? ".tmp" : ".\(getpid()).tmp")
    }

    /// Writes the file beside its place and renames it there, so that another process reads the old
    /// version or the new one, never half of one; false (nothing left behind) when that fails.
    func replace(with bytes: [UInt8]) -> Bool { replacing(with: bytes) == 0 }

    /// `replace(with:)`, answering 0 or the `errno` of the call that failed.
    func replacing(with bytes: [UInt8]) -> Int32 {
        let temporary = temporary
        // Created afresh, never opened where it stands: a hard link planted at this name would otherwise
        // have its target (a journal, say) overwritten.
        if system.unlink(temporary) != 0 && errno != ENOENT { return errno }
        let descriptor = system.open(temporary, O_WRONLY | O_CREAT | O_EXCL | safeOpenFlags, 0o600)
        guard descriptor >= 0 else { return errno }
        var written = 0
        let failure: Int32 = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = system.write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[written...]))
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return count < 0 ? errno : EIO }
                written += count
            }
            return 0
        }
        close(descriptor)
        let code = failure != 0 ? failure : (system.rename(temporary, path) == 0 ? 0 : errno)
        if code != 0 { _ = system.unlink(temporary) }
        return code
    }

    /// Removes the temporary files of writers that died before renaming theirs (a kill, a power cut):
    /// only those whose process is gone, so that another process writing at this moment keeps its own.
    func removeLeftovers(among names: [String]) {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let folder = String(path[..<slash])
        let prefix = "." + String(path[slash...]) + "."
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            guard let pid = pid_t(name.dropFirst(prefix.count).dropLast(".tmp".count)), pid != getpid(),
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            _ = system.unlink(folder + name)
        }
    }

    /// The wall clock, in nanoseconds since 1970, as file times are.
    static func wallClock() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
