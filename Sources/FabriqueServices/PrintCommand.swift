public import FoundationEssentials
import Dispatch
import FabriqueCore
import Glibc
import Synchronization

/// Sends a ticket to the print command off the kiosk's input loop: the screen goes on answering keys
/// while the command runs, and a command still running after `timeLimit` is stopped (SIGTERM, then
/// SIGKILL) and logged. Its output is discarded (it would carry the ticket into the log); only its exit
/// status and duration are logged.
public struct PrintCommand: Sendable {
    /// The shell command line, which receives the ticket on its standard input.
    public let command: String
    /// How long a command may run before it is stopped.
    public let timeLimit: TimeInterval
    let log: @Sendable (String) -> Void

    /// A print command with its time limit (30 s by default: a printer that answers at all does so well before).
    public init(command: String, timeLimit: TimeInterval = 30, log: @escaping @Sendable (String) -> Void) {
        self.command = command
        self.timeLimit = timeLimit
        self.log = log
    }

    /// Starts the command on the ticket file and returns at once; `finished` is called (on another
    /// thread) with the command's exit status, or nil when it could not run, once it has ended.
    @discardableResult
    public func start(ticket: URL, reference: String, finished: @escaping @Sendable (Int32?) -> Void = { _ in }) -> Bool {
        let started = Clock.system.now()
        let child: ChildProcess
        switch ChildProcess.spawn("/bin/sh", arguments: ["sh", "-c", command], input: ticket.path, discardingOutput: true) {
        case .success(let started): child = started
        case .failure(let failure):
            log("print command failed for \(reference): \(failure)")
            finished(nil)
            return false
        }
        let ended = Mutex(false)
        let log = self.log
        let report: @Sendable (Int32) -> Void = { status in
            let seconds = SystemText.fixed(Clock.system.now().timeIntervalSince(started), digits: 2)
            log("ticket \(reference) sent to print command, status \(status), \(seconds) s")
            finished(status)
        }
        let markEnded: @Sendable () -> Void = { ended.withLock { $0 = true } }
        if !child.whenEnded(beforeReaping: markEnded, report) {
            // No thread to spare: the shared queue waits instead, as before.
            DispatchQueue.global().async { report(child.waitForExit(beforeReaping: markEnded)) }
        }
        let pid = child.pid
        let limit = timeLimit
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
            // The flag is read under the lock that the handler sets it in, so a pid is never signalled once reaped.
            // The shell does not always exec the command: what it started is stopped with it, or a hung
            // printer's process would outlive the limit (and `doctor --test-page` wait for it).
            let stopped = ended.withLock { done -> [pid_t]? in
                guard !done else { return nil }
                let tree = [pid] + PrintCommand.descendants(of: pid)
                for member in tree { kill(member, SIGTERM) }
                return tree
            }
            guard let stopped else { return }
            log("print command for \(reference) still running after \(Int(limit)) s: stopped")
            DispatchQueue.global().asyncAfter(deadline: .now() + 2) {
                ended.withLock { done in
                    for member in stopped.dropFirst() { kill(member, SIGKILL) }
                    if !done { kill(pid, SIGKILL) }
                }
            }
        }
        return true
    }

    /// Every process started, directly or not, by `root` (read from /proc: the shell's children, theirs…).
    static func descendants(of root: pid_t) -> [pid_t] {
        var parents: [pid_t: [pid_t]] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (name) state ": the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[parent, default: []].append(pid) }
        }
        var found: [pid_t] = []
        var queue = parents[root] ?? []
        while let next = queue.popLast() {
            found.append(next)
            queue += parents[next] ?? []
        }
        return found
    }
}
