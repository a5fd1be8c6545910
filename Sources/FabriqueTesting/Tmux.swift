public import Foundation
import Glibc

/// A real terminal for end-to-end tests: a tmux server on a private socket running one command in
/// a pane of a given size, read back as plain text.
public final class TmuxPane: @unchecked Sendable {
    // @unchecked: the fields are written once in init and only read afterwards.
    /// The private socket name, so that tests never touch another tmux server.
    public let socket: String
    /// Where the wrapper script writes the command's exit status.
    public let statusFile: URL

    /// Starts `command` (argument list, run without a shell) in a new pane of `width`×`height`,
    /// with `environment` added to the pane's environment.
    public init(_ command: [String], width: Int = 80, height: Int = 24,
                environment: [String: String] = [:], folder: URL) throws {
        socket = "fabrique-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        statusFile = folder.appendingPathComponent("exit-status-\(socket)")
        let quoted = command.map(TmuxPane.shellQuote).joined(separator: " ")
        let exports = environment.sorted { $0.key < $1.key }
            .map { "export \($0.key)=\(TmuxPane.shellQuote($0.value));" }.joined(separator: " ")
        // The shell waits for the command and keeps its status; `exec sleep` keeps the pane readable.
        let script = "\(exports) \(quoted); echo $? > \(TmuxPane.shellQuote(statusFile.path)); exec sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Quotes a word for sh.
    public static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Runs a tmux command on this pane's server and returns its output.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        // Output goes through files: the tmux server inherits the client's descriptors, so a pipe
        // would stay open as long as the server runs.
        let result = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["tmux", "-L", socket] + arguments,
                                           unsetting: ["TMUX"])
        guard result.status == 0 else { throw TmuxError.failed(arguments, result.standardOutput + result.standardError) }
        return result.standardOutput
    }

    /// The pane's text now, one row a line, as a person sees it.
    public func capture() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "0"])
    }

    /// Waits until `predicate` holds for the screen text, polling; returns the last screen either way.
    @discardableResult
    public func waitFor(timeout: TimeInterval = 20, _ predicate: (String) -> Bool) throws -> (matched: Bool, screen: String) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = try capture()
        while !predicate(screen) {
            if Date() > deadline { return (false, screen) }
            Thread.sleep(forTimeInterval: 0.05)
            screen = try capture()
        }
        return (true, screen)
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 20) throws -> (matched: Bool, screen: String) {
        try waitFor(timeout: timeout) { $0.contains(text) }
    }

    /// Types keys: tmux key names (`Enter`, `Down`) or, with `literally`, text as it is.
    public func send(_ keys: String, literally: Bool = false) throws {
        try tmux(["send-keys", "-t", "0"] + (literally ? ["-l", keys] : [keys]))
    }

    /// Changes the window's size, as a person resizing their terminal would.
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "0", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The process ids of the pane's shell's children (the command under test).
    public func commandPIDs() throws -> [Int32] {
        let shell = try tmux(["display-message", "-p", "-t", "0", "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }
    }

    /// The command's exit status once it has ended, waiting up to `timeout` seconds.
    public func exitStatus(timeout: TimeInterval = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: statusFile, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// A tmux command that failed.
    public enum TmuxError: Error {
        case failed([String], String)
    }
}

/// Where the built `fabrique` program is: beside the test bundle in the build folder.
public enum BuiltProgram {
    /// The `fabrique-bench` executable of this build.
    public static var bench: URL {
        fabrique.deletingLastPathComponent().appendingPathComponent("fabrique-bench")
    }

    /// The `fabrique` executable of this build.
    public static var fabrique: URL {
        let exe = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0])
        var folder = exe.deletingLastPathComponent()
        // On Linux the test runner is `<build>/fabriquePackageTests.xctest`, a file in the build folder.
        if folder.lastPathComponent.hasSuffix(".xctest") { folder = folder.deletingLastPathComponent() }
        return folder.appendingPathComponent("fabrique")
    }
}
