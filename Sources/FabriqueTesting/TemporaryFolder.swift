public import Foundation

/// A folder under the system's temporary directory, removed when the value is released.
public final class TemporaryFolder: Sendable {
    /// The folder.
    public let url: URL

    /// Creates a new, empty folder.
    public init(prefix: String = "fabrique-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// A path inside the folder.
    public func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }
}
