public import Foundation
import Glibc

/// Runs a command to its end and collects what it printed.
public struct CommandResult: Sendable {
    public let status: Int32
    /// Standard output as text (a UTF-8 byte-order mark is dropped by the decoding).
    public let standardOutput: String
    /// Standard output exactly as written.
    public let standardOutputBytes: Data
    public let standardError: String

    /// Runs `executable` with `arguments`, `environment` added and `unsetting` removed, no terminal attached.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                           unsetting: Set<String> = []) throws -> CommandResult {
        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            .filter { !unsetting.contains($0.key) }
        // Files rather than pipes: a child that fills one pipe while we read the other cannot block.
        let folder = try TemporaryFolder(prefix: "fabrique-command")
        let outputURL = folder.path("stdout")
        let errorURL = folder.path("stderr")
        let status = try spawnAndWait([executable.path] + arguments, environment: environment,
                                      standardOutput: outputURL.path, standardError: errorURL.path)
        let bytes = try Data(contentsOf: outputURL)
        return CommandResult(status: status,
                             standardOutput: try String(contentsOf: outputURL, encoding: .utf8),
                             standardOutputBytes: bytes,
                             standardError: try String(contentsOf: errorURL, encoding: .utf8))
    }
}

/// Starts a program with posix_spawn and waits for it with waitpid. Foundation's `Process` is not
/// used: on Linux it notices a child's end through a descriptor the child inherits, so a child that
/// leaves a daemon behind (tmux starting its server) is never seen to end.
func spawnAndWait(_ arguments: [String], environment: [String: String],
                  standardOutput: String, standardError: String) throws -> Int32 {
    try waitForExit(spawn(arguments, environment: environment, standardOutput: standardOutput, standardError: standardError))
}

/// Starts a program with posix_spawn, its output and errors in files; returns its process id.
public func spawn(_ arguments: [String], environment: [String: String],
                  standardOutput: String, standardError: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, standardOutput, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
    guard spawned == 0 else { throw SpawnError(program: arguments[0], code: spawned) }
    return pid
}

/// Waits for a spawned program; returns its exit status as a shell reports it.
public func waitForExit(_ pid: pid_t) throws -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw SpawnError(program: "\(pid)", code: errno) }
    }
    // Exit status as a shell reports it: the code, or 128 + the signal that ended the program.
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
}

/// A program that could not be started or waited for.
struct SpawnError: Error {
    let program: String
    let code: Int32
}
