public import FoundationEssentials
import Glibc

/// Someone who came without an appointment: to wait for a partner's permanence of the day, or for the
/// Fabrique's own reception (information, orientation), open every day.
public struct WalkIn: Sendable, Hashable, Codable, Identifiable {
    /// Where the person stands in the queue.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case waiting, seen, left
    }

    public let id: String
    /// The permanence waited for; nil for the general reception.
    public let permanence: String?
    /// Its partner; nil for the general reception.
    public let partner: String?
    public let site: String
    public let date: LocalDate
    /// A first name to call the person by (cleaned; nothing else is kept).
    public var firstName: String
    /// When the person was registered: the queue is served in this order.
    public let arrivedAt: String
    public var status: Status

    /// A walk-in record (the store makes them; tests and tools may too).
    public init(id: String, permanence: String?, partner: String?, site: String, date: LocalDate, firstName: String, arrivedAt: String,
                status: Status) {
        self.id = id
        self.permanence = permanence
        self.partner = partner
        self.site = site
        self.date = date
        self.firstName = firstName
        self.arrivedAt = arrivedAt
        self.status = status
    }
}

/// The walk-ins of a data folder, kept per month (`records/walkins/2026-11.json` and its journal `.jsonl`).
public struct WalkInStore: Sendable {
    let files: RecordFiles

    /// The store of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/walkins"), system: fileSystem)
    }

    /// Registers a person for `permanence` today (the general reception at `site` when nil), at the end of its queue.
    public func add(firstName: String, permanence: Permanence?, site: String, now: Date) throws(WalkInError) -> WalkIn {
        guard let name = Contact.name(firstName) else { throw .invalidName }
        let day = LocalDate(now)
        let walkIn = WalkIn(id: String(UUID().uuidString.prefix(8)), permanence: permanence?.id, partner: permanence?.partner,
                            site: permanence?.site ?? site, date: day, firstName: name, arrivedAt: RecordTime.string(now), status: .waiting)
        do {
            _ = try files.withLock { try files.append([walkIn], to: RecordFiles.monthName(of: day)) }
        } catch {
            throw .records(RecordError.from(error))
        }
        return walkIn
    }

    /// The walk-ins of `day` at `site`, in arrival order.
    public func queue(on day: LocalDate, site: String) throws(RecordError) -> [WalkIn] {
        do {
            // Registration order breaks ties between people registered in the same second.
            return try files.month(RecordFiles.monthName(of: day), as: WalkIn.self).records
                .filter { $0.date == day && $0.site == site }
                .enumerated().sorted { ($0.element.arrivedAt, $0.offset) < ($1.element.arrivedAt, $1.offset) }
                .map(\.element)
        } catch {
            throw RecordError.from(error)
        }
    }

    /// Sets the status of the walk-in `id` registered on `day`.
    public func setStatus(id: String, on day: LocalDate, to status: WalkIn.Status) throws(RecordError) {
        let name = RecordFiles.monthName(of: day)
        do {
            try files.withLock {
                let read = try files.load(name, as: WalkIn.self)
                guard let index = read.month.positions[id], read.month.records[index].status != status else { return }
                var walkIn = read.month.records[index]
                walkIn.status = status
                try files.append([walkIn], to: name, read: consume read)
            }
        } catch {
            throw RecordError.from(error)
        }
    }

    /// How many walk-in first names a purge before `cutoff` would erase.
    public func purgeable(before cutoff: LocalDate) throws(RecordError) -> Int {
        var count = 0
        do {
            for name in files.months(endedBefore: cutoff) {
                count += try files.month(name, as: WalkIn.self).records.count { !$0.firstName.isEmpty }
            }
        } catch {
            throw RecordError.from(error)
        }
        return count
    }

    /// Erases the first names of walk-ins in months ended before `cutoff`; returns how many.
    public func purge(before cutoff: LocalDate) throws(RecordError) -> Int {
        var count = 0
        do {
            for name in files.months(endedBefore: cutoff) {
                count += try files.purge(name, as: WalkIn.self) { walkIns in
                    let indices = walkIns.indices.filter { !walkIns[$0].firstName.isEmpty }
                    for index in indices { walkIns[index].firstName = "" }
                    return indices.count
                }
            }
        } catch {
            throw RecordError.from(error)
        }
        return count
    }

    /// The walk-ins of the days from `from` to `to` included, every place (for the figures).
    public func walkIns(from: LocalDate, to: LocalDate) throws(RecordError) -> [WalkIn] {
        var result: [WalkIn] = []
        do {
            for month in LocalDate.months(from: from, through: to) {
                result += try files.month(RecordFiles.monthName(of: month), as: WalkIn.self).records.filter { $0.date >= from && $0.date <= to }
            }
        } catch {
            throw RecordError.from(error)
        }
        return result
    }

    /// Files of months ended before `cutoff` that still hold first names (for `validate`).
    public func personalDataFiles(endedBefore cutoff: LocalDate) -> [String] {
        files.personalData(endedBefore: cutoff, as: WalkIn.self) { !$0.firstName.isEmpty }
    }
}

/// Why a walk-in could not be registered.
public enum WalkInError: Error, Sendable, Equatable {
    /// The first name is empty or made of no letters once cleaned.
    case invalidName
    /// The permanence named is not one of the catalogue's.
    case unknownPermanence(String)
    /// The records could not be read or written.
    case records(RecordError)
}

extension WalkIn: MonthRecord {
    static var snapshotField: String { "walkIns" }
    static var foldsIntoSnapshot: Bool { true }
    var journalKey: String? { id }
}
