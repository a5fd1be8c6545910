public import FoundationEssentials
import Glibc

/// A copy of the data folder's catalogue as it was when last found usable (`catalogue.last-good/`), so
/// that a kiosk restarted on an edit with errors (a crash, a power cut, systemd) starts on what it ran
/// before instead of not at all; staff see the refused edit marked until it is fixed.
public struct LastGoodCatalogue: Sendable {
    /// The folder of the copy.
    public let url: URL

    /// The `stat` of the catalogue's files and of the copy's when they were last found equal
    /// (`catalogue.last-good.stamp`): while none of them changed, the copy is not read again.
    private let stamp: DerivedFile
    /// How long ago, in nanoseconds, a file must have last changed for its `stat` to vouch for its bytes
    /// (see `CompactCatalogue`).
    private let settled: Int64

    /// Why the copy was not made.
    public enum Failure: Error, CustomStringConvertible {
        /// The files had changed since they were read, and are no longer usable.
        case changedSinceRead(String)

        public var description: String {
            switch self {
            case .changedSinceRead(let path): "\(path) changed since it was read and has errors now"
            }
        }
    }

    /// The copy kept in `dataFolder`.
    public init(dataFolder: DataFolder) {
        self.init(dataFolder: dataFolder, settled: 3_000_000_000)
    }

    init(dataFolder: DataFolder, settled: Int64) {
        url = dataFolder.url.appendingPathComponent("catalogue.last-good")
        stamp = DerivedFile(path: dataFolder.url.appendingPathComponent("catalogue.last-good.stamp").path,
                            system: SystemFileSystem())
        self.settled = settled
    }

    /// Replaces the copy with the files of `folder`, all or nothing (written aside, then renamed); a
    /// catalogue that is not the data folder's own (the embedded one) is not copied.
    public func keep(_ folder: URL, of dataFolder: DataFolder) throws {
        guard dataFolder.isCatalogueFolder(folder) else { return }
        let manager = FileManager.default
        // Most starts find the copy already equal. While neither the files nor the copy changed since
        // they were last compared, their `stat` says so (reading both cost 9 ms of a 2,000-partner
        // start); else reading them costs far less than writing the copy again (20 ms at every start).
        let started = DerivedFile.wallClock()
        let identities = CompactCatalogue.identities(in: folder) + CompactCatalogue.identities(in: url)
        let vouched = identities.allSatisfy { $0?.hasSettled(settled, before: started) ?? true }
        let stamped = Self.stamp(of: identities)
        if vouched, stamp.contents() == stamped { return }
        let same = CatalogueFile.allCases.allSatisfy { file in
            manager.contents(atPath: folder.appendingPathComponent(file.fileName).path)
                == manager.contents(atPath: url.appendingPathComponent(file.fileName).path)
        }
        if same {
            // Files that changed while they were read, or could still change unseen, are compared again next time.
            if vouched, identities == CompactCatalogue.identities(in: folder) + CompactCatalogue.identities(in: url) {
                _ = stamp.replace(with: stamped)
            }
            return
        }
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
        // The files read and found usable may have been saved again, broken, since (an editor saving
        // during a start): only a copy that is itself usable becomes the last good one.
        guard CatalogueLoader.load(from: staging).isUsable else {
            try? manager.removeItem(at: staging)
            throw Failure.changedSinceRead(folder.path)
        }
        // rename(2) cannot replace a folder that holds files: the old copy goes aside first.
        let old = url.deletingLastPathComponent().appendingPathComponent(".catalogue.last-good.old.\(getpid())")
        try? manager.removeItem(at: old)
        if manager.fileExists(atPath: url.path) { try manager.moveItem(at: url, to: old) }
        try manager.moveItem(at: staging, to: url)
        try? manager.removeItem(at: old)
    }

    /// The stamp's bytes for files whose `stat` is `identities`.
    private static func stamp(of identities: [FileIdentity?]) -> [UInt8] {
        var writer = CompactWriter()
        writer.string("fabrique last good catalogue 1")
        for identity in identities { writer.identity(identity) }
        return writer.bytes
    }

    /// The copy, read and checked again, when there is one and it is usable.
    public func load() -> CatalogueReport? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let report = CatalogueLoader.load(from: url)
        return report.isUsable ? report : nil
    }
}
