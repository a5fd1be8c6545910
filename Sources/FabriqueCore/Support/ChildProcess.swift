import Glibc

/// A program started with `posix_spawn` (Foundation's `Process` is not in FoundationEssentials): its
/// signals at their defaults and unblocked, descriptors above 2 closed, standard input from a file or
/// inherited, output inherited or discarded.
public struct ChildProcess: Sendable {
    /// The started program's process id.
    public let pid: Int32

    /// Starts `path` with `arguments` (the program's name first); the system's errno when it cannot.
    public static func spawn(_ path: String, arguments: [String], input: String? = nil,
                             discardingOutput: Bool = false) -> Result<ChildProcess, SpawnFailure> {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        if let input { posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0) }
        if discardingOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // The records' lock, the log and the terminal stay the kiosk's own (glibc ignores a descriptor
        // closed meanwhile).
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        // The kiosk ignores and blocks signals the child must not inherit (a printer command that
        // ignored SIGTERM would outlive its time limit).
        var all = sigset_t()
        var none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // A parent started with SIGCHLD ignored would have its children reaped by the system, and
        // their statuses lost (every print reported failed): children are waited for here.
        signal(SIGCHLD, SIG_DFL)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { return .failure(SpawnFailure(code: status)) }
        return .success(ChildProcess(pid: pid))
    }

    /// Waits for the program to end: its exit status, or the signal that ended it (as Foundation's
    /// `terminationStatus` gave).
    public func waitForExit() -> Int32 {
        waitForExit(beforeReaping: {})
    }

    /// Waits for the program to end, calls `beforeReaping` while its process id still names it (so
    /// that a signal sent by whoever checks under the same lock cannot reach a reused id), then reaps it.
    public func waitForExit(beforeReaping: () -> Void) -> Int32 {
        var information = siginfo_t()
        while waitid(P_PID, id_t(pid), &information, WEXITED | WNOWAIT) < 0 {
            guard errno == EINTR else { break }
        }
        beforeReaping()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : signal
    }
}

extension ChildProcess {
    /// Waits for the program on a thread of its own, then calls `ended` with its status (after
    /// `beforeReaping`, as `waitForExit(beforeReaping:)`); false when no thread could be started. A
    /// thread of its own: a hung program must not hold one of the shared queue's threads, which the
    /// time limits' timers run on (60 hung printers once delayed every stop by 26 s).
    public func whenEnded(beforeReaping: @escaping @Sendable () -> Void, _ ended: @escaping @Sendable (Int32) -> Void) -> Bool {
        let watch = Unmanaged.passRetained(ExitWatch(child: self, beforeReaping: beforeReaping, ended: ended)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        // It only waits: a small stack.
        pthread_attr_setstacksize(&attributes, 256 * 1024)
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            guard let context else { return nil }
            let watch = Unmanaged<ExitWatch>.fromOpaque(context).takeRetainedValue()
            watch.ended(watch.child.waitForExit(beforeReaping: watch.beforeReaping))
            return nil
        }, watch)
        guard status == 0 else {
            Unmanaged<ExitWatch>.fromOpaque(watch).release()
            return false
        }
        return true
    }
}

/// What a waiting thread needs: the child, and what to call before and after reaping it.
private final class ExitWatch: Sendable {
    let child: ChildProcess
    let beforeReaping: @Sendable () -> Void
    let ended: @Sendable (Int32) -> Void

    init(child: ChildProcess, beforeReaping: @escaping @Sendable () -> Void, ended: @escaping @Sendable (Int32) -> Void) {
        self.child = child
        self.beforeReaping = beforeReaping
        self.ended = ended
    }
}

/// The descriptors open in this process (from /proc/self/fd).
private func openDescriptors() -> [Int32] {
    guard let folder = opendir("/proc/self/fd") else { return [] }
    defer { closedir(folder) }
    let own = dirfd(folder)
    var found: [Int32] = []
    while let entry = readdir(folder) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if let descriptor = Int32(name), descriptor != own { found.append(descriptor) }
    }
    return found
}

/// Why a program could not be started: the system's error number, in words by `description`.
public struct SpawnFailure: Error, Sendable, CustomStringConvertible {
    /// The errno value `posix_spawn` returned.
    public let code: Int32
    /// The system's words for it.
    public var description: String { SystemText.words(errno: code) }
}
