public import FoundationEssentials
import Glibc

/// A copy of the data folder's catalogue as it was when last found usable (`catalogue.last-good/`), so
/// that a kiosk restarted on an edit with errors (a crash, a power cut, systemd) starts on what it ran
/// before instead of not at all; staff see the refused edit marked until it is fixed.
public struct LastGoodCatalogue: Sendable {
    /// The folder of the copy.
    public let url: URL

    /// The copy kept in `dataFolder`.
    public init(dataFolder: DataFolder) {
        url = dataFolder.url.appendingPathComponent("catalogue.last-good")
    }

    /// Replaces the copy with the files of `folder`, all or nothing (written aside, then renamed); a
    /// catalogue that is not the data folder's own (the embedded one) is not copied.
    public func keep(_ folder: URL, of dataFolder: DataFolder) throws {
        guard folder.standardizedFileURL == dataFolder.catalogueURL.standardizedFileURL else { return }
        let manager = FileManager.default
        // Most starts find the copy already equal: reading 60 KB costs far less than writing it again
        // (a copy at every start added 20 ms to the first frame).
        let same = CatalogueFile.allCases.allSatisfy { file in
            manager.contents(atPath: folder.appendingPathComponent(file.fileName).path)
                == manager.contents(atPath: url.appendingPathComponent(file.fileName).path)
        }
        if same { return }
        let staging = url.deletingLastPathComponent().appendingPathComponent(".catalogue.last-good.\(getpid())")
        try? manager.removeItem(at: staging)
        try manager.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        do {
            for file in CatalogueFile.allCases {
                let source = folder.appendingPathComponent(file.fileName)
                guard manager.fileExists(atPath: source.path) else { continue }
                try Data(contentsOf: source).write(to: staging.appendingPathComponent(file.fileName))
            }
        } catch {
            // A full disk, an unreadable file: the copy stays as it was, and no half copy is left behind.
            try? manager.removeItem(at: staging)
            throw error
        }
        // rename(2) cannot replace a folder that holds files: the old copy goes aside first.
        let old = url.deletingLastPathComponent().appendingPathComponent(".catalogue.last-good.old.\(getpid())")
        try? manager.removeItem(at: old)
        if manager.fileExists(atPath: url.path) { try manager.moveItem(at: url, to: old) }
        try manager.moveItem(at: staging, to: url)
        try? manager.removeItem(at: old)
    }

    /// The copy, read and checked again, when there is one and it is usable.
    public func load() -> CatalogueReport? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let report = CatalogueLoader.load(from: url)
        return report.isUsable ? report : nil
    }
}
