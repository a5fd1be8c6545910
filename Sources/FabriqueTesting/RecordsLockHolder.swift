public import FoundationEssentials
import Glibc

/// Another writer holding a records folder's lock (`records/<kind>/.lock`), as a stopped process or a
/// hand-run `flock` would: a separate open file of it, so that it conflicts within this process too.
public final class RecordsLockHolder: Sendable {
    private let descriptor: Int32

    /// Takes the lock of `records/<kind>` in the data folder at `folder` (the folder made if missing);
    /// nil when it cannot be taken.
    public init?(_ folder: URL, kind: String) {
        let records = folder.appendingPathComponent("records/\(kind)")
        try? FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        // Close-on-exec: a program another test starts meanwhile would otherwise inherit the descriptor
        // and hold the lock after `release`, for as long as it runs.
        descriptor = open(records.appendingPathComponent(".lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX) == 0 else {
            close(descriptor)
            return nil
        }
    }

    /// Lets the lock go (closing the file releases it).
    public func release() {
        close(descriptor)
    }
}
