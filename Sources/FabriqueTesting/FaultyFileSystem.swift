public import FabriqueCore
public import Glibc
import Synchronization

/// A file system that fails at one chosen call, as SQLite's test VFS does: "no space" (a write then
/// stores half its bytes), an I/O error, or a kill (that call and every later one do nothing, as if
/// the process had died there). Calls are counted, so a test can walk the fault through every step.
public final class FaultyFileSystem: FileSystem {
    /// What goes wrong at the chosen call.
    public enum Fault: String, Sendable, CaseIterable {
        case noSpace, ioError, kill
    }

    private let system = SystemFileSystem()
    private let faultAt: Int
    private let fault: Fault
    private let state = Mutex<(calls: Int, dead: Bool, fired: String?)>((0, false, nil))

    /// Fails call number `faultAt` (1 is the first) with `fault`.
    public init(faultAt: Int, fault: Fault) {
        self.faultAt = faultAt
        self.fault = fault
    }

    /// The call that failed, if the fault was reached.
    public var fired: String? { state.withLock { $0.fired } }

    /// Counts a call; returns the fault to apply to it, if any.
    private func next(_ call: @autoclosure () -> String) -> Fault? {
        state.withLock { state in
            state.calls += 1
            if state.dead { return .kill }
            guard state.calls == faultAt else { return nil }
            state.fired = call()
            if fault == .kill { state.dead = true }
            return fault
        }
    }

    private func fail(_ fault: Fault) -> Int32 {
        errno = fault == .noSpace ? ENOSPC : EIO
        return -1
    }

    /// Runs a call unless the fault is due for it.
    private func call(_ name: @autoclosure () -> String, _ body: () -> Int32) -> Int32 {
        if let fault = next(name()) { return fail(fault) }
        return body()
    }

    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        call("open \(path)") { system.open(path, flags, mode) }
    }

    public func write(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        guard let fault = next("write \(buffer.count) bytes") else { return system.write(descriptor, buffer) }
        // A full disk, or a process killed mid-write, leaves part of what was being written.
        if fault != .ioError, buffer.count > 1 {
            _ = system.write(descriptor, UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count / 2)]))
        }
        return Int(fail(fault))
    }

    public func fsync(_ descriptor: Int32) -> Int32 { call("fsync") { system.fsync(descriptor) } }
    public func ftruncate(_ descriptor: Int32, _ length: off_t) -> Int32 { call("ftruncate") { system.ftruncate(descriptor, length) } }
    public func rename(_ from: String, _ to: String) -> Int32 { call("rename \(to)") { system.rename(from, to) } }
    public func unlink(_ path: String) -> Int32 { call("unlink \(path)") { system.unlink(path) } }
    public func link(_ from: String, _ to: String) -> Int32 { call("link \(to)") { system.link(from, to) } }
    public func flock(_ descriptor: Int32, _ operation: Int32) -> Int32 { call("flock") { system.flock(descriptor, operation) } }
    public func mkdir(_ path: String, _ mode: mode_t) -> Int32 { call("mkdir \(path)") { system.mkdir(path, mode) } }
}
