public import Foundation
import Glibc

/// The tickets of a data folder (`tickets/CODE.txt`: the first name, the code and the appointment),
/// written owner-only and never through a symbolic link, like every record.
public struct TicketStore: Sendable {
    let files: RecordFiles

    /// The tickets of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("tickets"), system: fileSystem)
    }

    init(files: RecordFiles) {
        self.files = files
    }

    /// Writes the ticket of `reference` and returns its file.
    public func write(_ text: String, reference: String) throws(RecordError) -> URL {
        let url = files.folder.appendingPathComponent("\(reference).txt")
        return try RecordError.catching {
            try files.createFolder()
            let descriptor = files.system.open(url.path, O_WRONLY | O_CREAT | O_TRUNC | safeOpenFlags, 0o600)
            guard descriptor >= 0 else { throw RecordFiles.openFailure(url.path, errno) }
            defer { close(descriptor) }
            try files.writeAll(Data(text.utf8), to: descriptor, path: url.path)
            return url
        }
    }

    /// The tickets of appointments in months ended before `cutoff` (their code names the month).
    public func tickets(endedBefore cutoff: LocalDate) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: files.folder.path)) ?? []).sorted().compactMap { name in
            guard let month = BookingStore.month(ofReference: String(name.prefix(6))), month.nextMonth <= cutoff else { return nil }
            return files.folder.appendingPathComponent(name)
        }
    }
}

/// Documents waiting for the print command (`prints/NAME.txt`, such as a day's agenda): owner-only,
/// and removed once printed, since they hold names and phones.
public struct PrintQueue: Sendable {
    let tickets: TicketStore

    /// The print queue of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        tickets = TicketStore(files: RecordFiles(folder: dataFolder.url.appendingPathComponent("prints"), system: fileSystem))
    }

    /// Writes a document and returns its file.
    public func write(_ text: String, name: String) throws(RecordError) -> URL {
        try tickets.write(text, reference: name)
    }

    /// Removes a printed document (a file already gone is no failure).
    public static func remove(_ url: URL) {
        _ = unlink(url.path)
    }
}
