public import FoundationEssentials
import Glibc

/// The staff actions' trail: when, which place, what, which booking code; never a visitor's data.
public struct AuditLog: Sendable {
    let url: URL

    /// The audit log of a data folder (`audit.log`, one JSON object a line, owner-only).
    public init(dataFolder: DataFolder) {
        url = dataFolder.url.appendingPathComponent("audit.log")
    }

    /// Appends one action; a failure is returned for the caller to report, never thrown into its work.
    @discardableResult
    public func append(at instant: Date, site: String?, action: String, reference: String? = nil, detail: String? = nil) -> Bool {
        var entry: [String: String] = ["at": RecordTime.string(instant), "action": action]
        if let site { entry["site"] = site }
        if let reference { entry["reference"] = reference }
        if let detail { entry["detail"] = detail }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard var data = try? encoder.encode(entry) else { return false }
        data.append(0x0A)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | safeOpenFlags, 0o600)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        // One write of a short line with O_APPEND: lines from several terminals never interleave.
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        return written == data.count && fsync(descriptor) == 0
    }
}
