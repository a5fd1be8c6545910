public import FoundationEssentials
import Synchronization

/// Partners' absences recorded by staff (`records/absences.json`), added to those of the catalogue.
public struct AbsenceStore: Sendable {
    let files: RecordFiles
    /// The absences last read and the version of the file they came from: a kiosk checks them before
    /// every availability and booking, and the file rarely changes.
    private let cache = AbsenceCache()

    /// The store of a data folder.
    public init(dataFolder: DataFolder) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records"))
    }

    struct File: Codable {
        var absences: [Entry]
    }

    /// One absence as stored.
    struct Entry: Codable {
        var partner: String
        var date: LocalDate
        var site: String?
    }

    /// The absences staff recorded.
    public func absences() throws(RecordError) -> [PartnerAbsence] {
        let known = cache.entry.withLock { $0 }
        do {
            guard let (file, identity) = try files.readWithIdentity("absences.json", as: File.self, unlessStill: known?.identity) else {
                cache.entry.withLock { $0 = nil }
                return []
            }
            guard let file else { return known?.absences ?? [] }
            let absences = file.absences.map {
                PartnerAbsence(partner: $0.partner, from: $0.date, to: $0.date, sites: $0.site.map { [$0] })
            }
            cache.entry.withLock { $0 = (identity, absences) }
            return absences
        } catch {
            throw RecordError.from(error)
        }
    }

    /// Records that `partner` is absent on `date` (at `site`, or everywhere).
    public func record(partner: String, date: LocalDate, site: String?) throws(RecordError) {
        do {
            try files.withLock {
                var file = try files.read("absences.json", as: File.self) ?? File(absences: [])
                file.absences.append(Entry(partner: partner, date: date, site: site))
                try files.write(file, to: "absences.json")
            }
        } catch {
            throw RecordError.from(error)
        }
    }
}

/// The absences last read by a store, with the identity of the file version they came from.
final class AbsenceCache: Sendable {
    let entry = Mutex<(identity: FileIdentity, absences: [PartnerAbsence])?>(nil)
}

extension AbsenceStore {
    /// Records `partner`'s absence on `day` (at `site`, or everywhere), revokes that day's active
    /// appointments with it, audits both, and returns the revoked bookings: the people to call.
    public func recordAbsence(partner: String, on day: LocalDate, site: String?, bookings store: BookingStore,
                              audit: AuditLog, now: Date) throws(BookingError) -> [Booking] {
        do {
            try record(partner: partner, date: day, site: site)
        } catch {
            throw .records(error)
        }
        audit.append(at: now, site: site, action: "absence", detail: "\(partner) \(day)")
        var revoked: [Booking] = []
        let appointments: [Booking]
        do {
            appointments = try store.bookings(on: day, site: site)
        } catch {
            throw .records(error)
        }
        for booking in appointments where booking.partner == partner && booking.isActive {
            if let changed = try store.revoke(reference: booking.reference), changed.status == .revoked {
                revoked.append(changed)
                audit.append(at: now, site: site, action: "status-revoked", reference: changed.reference)
            }
        }
        return revoked
    }
}

extension PartnerAbsence {
    /// An absence from `from` to `to`.
    public init(partner: String, from: LocalDate, to: LocalDate, sites: [String]?) {
        self.partner = partner
        self.from = from
        self.to = to
        self.sites = sites
    }
}

extension Catalogue {
    /// The same catalogue with more partner absences.
    public func adding(absences extra: [PartnerAbsence]) -> Catalogue {
        guard !extra.isEmpty else { return self }
        return Catalogue(sites: sites, quartiers: quartiers, needs: needs, partners: partners, permanences: permanences,
                         sessions: sessions, closures: closures, absences: absences + extra, rules: rules, territory: territory, notes: notes)
    }
}
