import FoundationEssentials

/// Expands the catalogue's rules into slots: permanences cut into slots on the days they take place,
/// dated sessions, less closures and public holidays. Pure: the same catalogue gives the same slots.
public struct Schedule: Sendable {
    public let catalogue: Catalogue
    /// The absences of each partner: a catalogue keeps years of them for every partner, and a day's
    /// slots need only those of one.
    let absencesByPartner: [String: [PartnerAbsence]]

    /// Creates the schedule of a catalogue.
    public init(catalogue: Catalogue) {
        self.catalogue = catalogue
        absencesByPartner = Dictionary(grouping: catalogue.absences, by: \.partner)
    }

    /// Whether `partner` can be at `site` on `day`: the place is not closed (among `closures`) and the
    /// partner not absent.
    func isOpen(partner: String, site: String, on day: LocalDate, closures: [Closure]) -> Bool {
        !closures.contains { $0.covers(site: site, on: day) }
            && !(absencesByPartner[partner] ?? []).contains { $0.covers(partner: partner, site: site, on: day) }
    }

    /// Whether `site` is closed on `date` (public holiday or closure).
    public func isClosed(site: String, on date: LocalDate) -> Bool {
        catalogue.closures.contains { $0.covers(site: site, on: date) }
    }

    /// Whether `partner` is absent from `site` on `date`.
    public func isAbsent(partner: String, site: String, on date: LocalDate) -> Bool {
        (absencesByPartner[partner] ?? []).contains { $0.covers(partner: partner, site: site, on: date) }
    }

    /// Every slot from `from` for `days` days, in start order, optionally for one site or service.
    public func slots(from: LocalDate, days: Int, site: String? = nil, service: String? = nil) -> [Slot] {
        slots(from: from, days: days, site: site, services: service.map { [$0] })
    }

    /// Every slot from `from` for `days` days, in start order, optionally for one site, of any of
    /// `services` (nil: every service).
    public func slots(from: LocalDate, days: Int, site: String? = nil, services: Set<String>?) -> [Slot] {
        guard days > 0 else { return [] }
        let last = from.adding(days: days - 1)
        // Only the closures that touch the period, and the partner's own absences, are looked at for each
        // day: a catalogue keeps years of them, and checking them all for every day of every permanence
        // made the proposals take seconds with a large territory.
        let closures = catalogue.closures.filter { $0.to >= from && $0.from <= last }
        func isOpen(partner: String, site: String, on day: LocalDate) -> Bool {
            self.isOpen(partner: partner, site: site, on: day, closures: closures)
        }
        var slots: [Slot] = []
        for permanence in catalogue.permanences {
            if let site, permanence.site != site { continue }
            if let services, !permanence.services.contains(where: services.contains) { continue }
            guard permanence.slotMinutes > 0, permanence.start < permanence.end else { continue }
            var day = max(from, permanence.validFrom)
            let end = min(last, permanence.validUntil ?? last)
            while day <= end {
                if permanence.takesPlace(on: day) && isOpen(partner: permanence.partner, site: permanence.site, on: day) {
                    slots += cut(permanence, on: day)
                }
                day = day.adding(days: 1)
            }
        }
        for session in catalogue.sessions where session.date >= from && session.date <= last {
            if let site, session.site != site { continue }
            if let services, !services.contains(session.service) { continue }
            guard session.start < session.end, isOpen(partner: session.partner, site: session.site, on: session.date) else { continue }
            slots.append(slot(of: session))
        }
        return slots.sorted { ($0.startInstant, $0.site, $0.id) < ($1.startInstant, $1.site, $1.id) }
    }

    /// The one slot of a dated group session.
    func slot(of session: GroupSession) -> Slot {
        Slot(id: Slot.makeID(rule: session.id, date: session.date, start: session.start), source: .session(session.id),
             partner: session.partner, services: [session.service], site: session.site, date: session.date,
             start: session.start, end: session.end, startInstant: session.date.instant(at: session.start),
             endInstant: session.date.instant(at: session.end), capacity: session.capacity)
    }

    /// The slots of one permanence on one day: whole slots from its start, as many as fit.
    func cut(_ permanence: Permanence, on day: LocalDate) -> [Slot] {
        var slots: [Slot] = []
        let clock = DayClock(day)
        var start = permanence.start.minutes
        while start + permanence.slotMinutes <= permanence.end.minutes {
            guard let from = LocalTime(hour: start / 60, minute: start % 60),
                  let to = LocalTime(hour: (start + permanence.slotMinutes) / 60,
                                     minute: (start + permanence.slotMinutes) % 60) else { break }
            slots.append(Slot(id: Slot.makeID(rule: permanence.id, date: day, start: from),
                              source: .permanence(permanence.id), partner: permanence.partner,
                              services: permanence.services, site: permanence.site, date: day, start: from, end: to,
                              startInstant: clock.instant(at: from), endInstant: clock.instant(at: to),
                              capacity: permanence.capacity))
            start += permanence.slotMinutes
        }
        return slots
    }

    /// The slot with this id, if the catalogue still produces it (the rule exists, the day is open).
    public func slot(id: String) -> Slot? {
        guard let separator = id.lastIndex(of: "/") else { return nil }
        let stamp = id[id.index(after: separator)...].split(separator: "T")
        guard stamp.count == 2, let date = LocalDate(String(stamp[0])) else { return nil }
        return slots(from: date, days: 1).first { $0.id == id }
    }
}
