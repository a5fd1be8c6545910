public import Foundation
import Glibc

/// Someone who came without an appointment and waits for a partner's permanence of the day.
public struct WalkIn: Sendable, Hashable, Codable, Identifiable {
    /// Where the person stands in the queue.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case waiting, seen, left
    }

    public let id: String
    public let permanence: String
    public let partner: String
    public let site: String
    public let date: LocalDate
    /// A first name to call the person by (cleaned; nothing else is kept).
    public var firstName: String
    /// When the person was registered: the queue is served in this order.
    public let arrivedAt: String
    public var status: Status
}

/// The walk-ins of a data folder, one file per month (`records/walkins/2026-11.json`).
public struct WalkInStore: Sendable {
    let files: RecordFiles

    /// The store of a data folder.
    public init(dataFolder: DataFolder) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/walkins"))
    }

    struct MonthFile: Codable {
        var walkIns: [WalkIn]
    }

    /// Registers a person for `permanence` today, at the end of its queue.
    public func add(firstName: String, permanence: Permanence, now: Date) throws(BookingError) -> WalkIn {
        guard let name = Contact.name(firstName) else { throw .invalidName }
        let day = LocalDate(now)
        let walkIn = WalkIn(id: String(UUID().uuidString.prefix(8)), permanence: permanence.id, partner: permanence.partner,
                            site: permanence.site, date: day, firstName: name, arrivedAt: RecordTime.string(now), status: .waiting)
        let file = BookingStore.fileName(for: day)
        do {
            try files.withLock {
                var month = try files.read(file, as: MonthFile.self) ?? MonthFile(walkIns: [])
                month.walkIns.append(walkIn)
                try files.write(month, to: file)
            }
        } catch {
            throw BookingStore.mapped(error)
        }
        return walkIn
    }

    /// The walk-ins of `day` at `site`, in arrival order.
    public func queue(on day: LocalDate, site: String) throws(BookingError) -> [WalkIn] {
        do {
            // Registration order in the file breaks ties between people registered in the same second.
            return (try files.read(BookingStore.fileName(for: day), as: MonthFile.self)?.walkIns ?? [])
                .filter { $0.date == day && $0.site == site }
                .enumerated().sorted { ($0.element.arrivedAt, $0.offset) < ($1.element.arrivedAt, $1.offset) }
                .map(\.element)
        } catch {
            throw BookingStore.mapped(error)
        }
    }

    /// Sets the status of the walk-in `id` registered on `day`.
    public func setStatus(id: String, on day: LocalDate, to status: WalkIn.Status) throws(BookingError) {
        let file = BookingStore.fileName(for: day)
        do {
            try files.withLock {
                guard var month = try files.read(file, as: MonthFile.self),
                      let index = month.walkIns.firstIndex(where: { $0.id == id }) else { return }
                month.walkIns[index].status = status
                try files.write(month, to: file)
            }
        } catch {
            throw BookingStore.mapped(error)
        }
    }

    /// Erases the first names of walk-ins in months that ended before `cutoff`; returns how many.
    public func purge(before cutoff: LocalDate) throws(BookingError) -> Int {
        var count = 0
        do {
            for name in files.monthFiles(endedBefore: cutoff) {
                try files.withLock {
                    guard var file = try files.read(name, as: MonthFile.self) else { return }
                    let indices = file.walkIns.indices.filter { !file.walkIns[$0].firstName.isEmpty }
                    guard !indices.isEmpty else { return }
                    for index in indices { file.walkIns[index].firstName = "" }
                    try files.write(file, to: name)
                    unlink(files.folder.appendingPathComponent(name + ".prev").path)
                    count += indices.count
                }
            }
        } catch {
            throw BookingStore.mapped(error)
        }
        return count
    }
}
