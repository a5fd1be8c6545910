public import FoundationEssentials

/// What the catalogue files of a data folder are right now, as `stat` sees them (device, inode, size,
/// modification and change times): two stamps differ when a coordinator has saved, replaced, added or
/// removed a file, or created the folder's own catalogue. Taking one costs a dozen `stat` calls, so a
/// running kiosk can look for edits whenever it is idle without reading anything.
public struct CatalogueStamp: Sendable, Equatable {
    /// The folder the catalogue is read from (the data folder's, or the embedded one when it has none).
    public let folder: URL
    private let files: [FileIdentity?]

    /// The stamp of the catalogue `dataFolder` would be read from now.
    public init(dataFolder: DataFolder, embedded: URL) {
        folder = dataFolder.catalogueToRead(embedded: embedded)
        let folder = self.folder
        files = [FileIdentity(path: folder.path)] + CatalogueFile.allCases.map { FileIdentity(path: folder.appendingPathComponent($0.fileName).path) }
    }
}
