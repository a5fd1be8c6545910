import Foundation

/// Compares text with a snapshot file kept beside the tests (`__Snapshots__/NAME.txt`).
/// A missing snapshot is written and reported as a failure, so that it is looked at before it is
/// trusted; `FABRIQUE_RECORD_SNAPSHOTS=1` rewrites every snapshot on purpose.
public enum Snapshot {
    /// nil when `actual` matches the snapshot, else a message with a line-by-line difference.
    public static func mismatch(_ actual: String, named name: String, testFile: String = #filePath) -> String? {
        let folder = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        let url = folder.appendingPathComponent("\(name).txt")
        let recording = ProcessInfo.processInfo.environment["FABRIQUE_RECORD_SNAPSHOTS"] == "1"
        let content = actual + "\n"
        guard !recording, let expected = try? String(contentsOf: url, encoding: .utf8) else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try content.write(to: url, atomically: true, encoding: .utf8)
            } catch {
                return "could not write snapshot \(url.path): \(error)"
            }
            return recording ? nil : "no snapshot yet: recorded \(url.path); review it and run the tests again"
        }
        if expected == content { return nil }
        return "snapshot \(url.path) differs:\n" + difference(expected: expected, actual: content)
    }

    /// The lines that differ, each with its number, the expected text and the actual text.
    public static func difference(expected: String, actual: String) -> String {
        let left = expected.components(separatedBy: "\n")
        let right = actual.components(separatedBy: "\n")
        var report: [String] = []
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? left[index] : "<no line>"
            let r = index < right.count ? right[index] : "<no line>"
            if l != r {
                report.append("line \(index + 1):\n  expected: |\(l)|\n  actual:   |\(r)|")
            }
        }
        return report.joined(separator: "\n")
    }
}
