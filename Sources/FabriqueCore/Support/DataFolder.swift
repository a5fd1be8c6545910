public import FoundationEssentials
import Glibc

/// The folder holding a kiosk's catalogue, records, tickets and log.
public struct DataFolder: Sendable {
    /// The folder itself.
    public let url: URL

    /// Creates the value for a folder (nothing is created on disk).
    public init(url: URL) {
        self.url = url
    }

    /// Chooses the folder: `--data`, else `FABRIQUE_DATA`, else `$XDG_DATA_HOME/fabrique`,
    /// else `~/.local/share/fabrique`.
    public static func resolve(option: String?, environment: [String: String]) -> DataFolder {
        func nonEmpty(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value
        }
        if let path = nonEmpty(option) ?? nonEmpty(environment["FABRIQUE_DATA"]) {
            return DataFolder(url: URL(fileURLWithPath: path).standardizedFileURL)
        }
        if let xdg = nonEmpty(environment["XDG_DATA_HOME"]), xdg.hasPrefix("/") {
            // The XDG spec says a relative value is to be ignored.
            return DataFolder(url: URL(fileURLWithPath: xdg).appendingPathComponent("fabrique"))
        }
        let home = nonEmpty(environment["HOME"]) ?? SystemText.homeDirectory()
        return DataFolder(url: URL(fileURLWithPath: home)
            .appendingPathComponent(".local/share/fabrique"))
    }

    /// The folder a coordinator edits the catalogue in: always the same URL, whether the folder is there
    /// or not (left to look, Foundation adds a trailing slash only when it finds a folder, and the kiosk
    /// took its catalogue folder gone in the moment after its first frame for a folder of another place).
    public var catalogueURL: URL { url.appendingPathComponent("catalogue", isDirectory: true) }

    /// Whether `folder` is this data folder's catalogue folder, however its last slash is written.
    public func isCatalogueFolder(_ folder: URL) -> Bool {
        folder.standardizedFileURL.path == catalogueURL.standardizedFileURL.path
    }

    /// The kiosk's log file, which receives everything written to stderr while the kiosk runs.
    public var logURL: URL { url.appendingPathComponent("fabrique.log") }

    /// Whether this folder holds a catalogue of its own (else the embedded one is used).
    public var hasCatalogue: Bool {
        SystemText.isDirectory(catalogueURL.path)
    }

    /// The catalogue every command reads: this folder's own, else the embedded one.
    public func catalogueToRead(embedded: URL) -> URL {
        hasCatalogue ? catalogueURL : embedded
    }

    /// What makes this folder unfit to hold records: a file in its place, or write access for other
    /// users (who could plant links or swap files). Nil when it is fit, or does not exist yet (it is then
    /// created owner-only).
    public func unfitness() -> Problem? {
        var status = stat()
        guard stat(url.path, &status) == 0 else { return nil }
        guard (status.st_mode & S_IFMT) == S_IFDIR else { return Problem(file: url.path, location: nil, issue: .notAFolder) }
        if status.st_mode & (S_IWGRP | S_IWOTH) != 0 {
            return Problem(file: url.path, location: nil, issue: .writableByOthers(mode: String(status.st_mode & 0o777, radix: 8)))
        }
        return nil
    }

    /// Creates the folder, readable by its owner only, if it does not exist.
    public func create() throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
    }

    /// Copies the catalogue files from `embedded` into this folder for editing; existing files are kept.
    /// Returns the files copied and the files left as they were.
    public func installCatalogue(from embedded: URL) throws -> (copied: [String], kept: [String]) {
        try create()
        let manager = FileManager.default
        try manager.createDirectory(at: catalogueURL, withIntermediateDirectories: true,
                                    attributes: [.posixPermissions: 0o700])
        var copied: [String] = []
        var kept: [String] = []
        for file in CatalogueFile.allCases {
            let target = catalogueURL.appendingPathComponent(file.fileName)
            let source = embedded.appendingPathComponent(file.fileName)
            if manager.fileExists(atPath: target.path) {
                kept.append(target.path)
            } else if file.isOptional && !manager.fileExists(atPath: source.path) {
                continue
            } else {
                try manager.copyItem(at: source, to: target)
                copied.append(target.path)
            }
        }
        return (copied, kept)
    }
}
