public import FoundationEssentials
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

    /// Writes the ticket of `reference` and returns its file. It is written beside its place and renamed
    /// there: a full disk leaves the previous ticket or none, never an empty or cut one; a symbolic link
    /// standing at its place is refused.
    public func write(_ text: String, reference: String) throws(RecordError) -> URL {
        let url = files.folder.appendingPathComponent("\(reference).txt")
        return try RecordError.catching {
            try files.createFolder()
            var status = stat()
            if lstat(url.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
                throw RecordFiles.Failure.symbolicLink(path: url.path)
            }
            let code = DerivedFile(path: url.path, system: files.system).replacing(with: Array(text.utf8))
            guard code == 0 else { throw RecordFiles.Failure.io(path: url.path, code: code) }
            return url
        }
    }

    /// Removes the ticket of `reference` (a symbolic link standing there is removed, not followed); a
    /// ticket already gone is no failure.
    public func remove(reference: String) {
        // Not through a folder that is a symbolic link (the ticket would be looked for elsewhere).
        var status = stat()
        guard lstat(files.folderPath, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return }
        _ = files.system.unlink(files.path("\(reference).txt"))
    }

    /// How far from a cutoff a ticket's code month is close enough for its appointments to have moved across it.
    static let lookAround = 124

    /// The tickets whose appointments all ended before `cutoff`: the last day `lastDay` gives for the
    /// ticket's code (its appointments may have moved out of the month the code names), or, when it
    /// knows none, the end of the month the code names.
    public func tickets(endedBefore cutoff: LocalDate, lastDay: (String) -> LocalDate? = { _ in nil }) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(atPath: files.folder.path)) ?? []).sorted().compactMap { name in
            // A ticket's temporary file left by a writer killed before its rename (`.CODE.txt.PID.tmp`) goes with it.
            let code = String(name.drop { $0 == "." }.prefix(BookingStore.referenceLength))
            guard let month = BookingStore.month(ofReference: code) else { return nil }
            // Appointments move within the booking horizon: only codes of the months around the cutoff
            // are looked up (there are thousands of tickets, and a look-up reads a few months).
            let ended: Bool
            if month.nextMonth <= cutoff.adding(days: -Self.lookAround) {
                ended = true
            } else if month > cutoff.adding(days: Self.lookAround) {
                ended = false
            } else {
                ended = lastDay(code).map { $0 < cutoff } ?? (month.nextMonth <= cutoff)
            }
            return ended ? files.folder.appendingPathComponent(name) : nil
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
