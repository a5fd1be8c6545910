public import FoundationEssentials

/// One person's path: their appointments, the walk-ins linked to them and what came of it, in order.
public struct PersonPath: Sendable, Equatable {
    /// One line of the path.
    public enum Entry: Sendable, Equatable {
        case booking(Booking)
        case walkIn(WalkIn)
        case outcome(Outcome)

        /// The day it happened: an appointment's day, a walk-in's, an outcome's date.
        public var day: LocalDate {
            switch self {
            case .booking(let booking): return booking.start.day
            case .walkIn(let walkIn): return walkIn.date
            case .outcome(let outcome): return outcome.date
            }
        }
    }

    /// The person's id (`People`).
    public let person: String
    /// Oldest first; on one day, appointments before walk-ins before outcomes.
    public let entries: [Entry]
    /// One booking of each other person who may be the same (same name, not linked): staff decide.
    public let candidates: [Booking]

    /// The person's appointments, oldest first.
    public var bookings: [Booking] {
        entries.compactMap { if case .booking(let booking) = $0 { return booking } else { return nil } }
    }

    /// The outcomes recorded, withdrawn ones included.
    public var outcomes: [Outcome] {
        entries.compactMap { if case .outcome(let outcome) = $0 { return outcome } else { return nil } }
    }

    /// The appointment a code or phone names on this path: the code's own booking, else the plan's
    /// first, else the latest with that phone, else the first.
    public func booking(named text: String) -> Booking? {
        let code = BookingStore.normalizedReference(text)
        if let own = bookings.first(where: { $0.reference == code }) ?? bookings.first(where: { $0.plan == code }) { return own }
        if let phone = Contact.phone(text), let own = bookings.last(where: { $0.phone == phone }) { return own }
        return bookings.first
    }

    /// The name and phone to show: the latest appointment that still has them.
    public var contact: Booking? {
        Self.contact(among: bookings)
    }

    /// The latest of `bookings` that has a name, with the latest phone and e-mail given, even on an
    /// earlier appointment (a desk booking may have been taken without them).
    static func contact(among bookings: [Booking]) -> Booking? {
        guard var contact = bookings.last(where: { !$0.firstName.isEmpty || !$0.lastName.isEmpty }) ?? bookings.last else { return nil }
        if contact.phone == nil { contact.phone = bookings.last { $0.phone != nil }?.phone }
        if contact.email == nil { contact.email = bookings.last { $0.email != nil }?.email }
        return contact
    }
}

extension Booking {
    /// Whether `other` is this appointment, or one booked with it in the same plan: one person's, so
    /// that a link between them says nothing.
    public func isBookedTogether(with other: Booking) -> Bool {
        reference == other.reference || (plan != nil && plan == other.plan)
    }
}

/// Someone to call: seen a while ago, nothing recorded since, nothing booked since.
public struct FollowUpEntry: Sendable, Equatable {
    /// The person's id.
    public let person: String
    /// Their last appointment seen.
    public let lastSeen: Booking
    /// The name and phone to call (the latest record that has them).
    public let contact: Booking
    /// How many appointments they had in the months read.
    public let appointments: Int
}

/// Reads bookings, walk-ins, outcomes and staff's links together: a person's path, the follow-up list,
/// the funnel report, and the appointment an outcome code names.
public struct PersonDirectory: Sendable {
    let store: BookingStore
    let outcomes: OutcomeStore
    let links: PersonLinkStore
    let walkIns: WalkInStore

    /// The directory of a data folder.
    public init(dataFolder: DataFolder) {
        store = BookingStore(dataFolder: dataFolder)
        outcomes = OutcomeStore(dataFolder: dataFolder)
        links = PersonLinkStore(dataFolder: dataFolder)
        walkIns = WalkInStore(dataFolder: dataFolder)
    }

    /// The bookings of every month from `first` on (forwardings left out).
    func bookings(from first: LocalDate) throws(RecordError) -> [Booking] {
        let name = RecordFiles.monthName(of: first)
        var result: [Booking] = []
        for month in store.files.months() where month >= name {
            result += try store.records(inMonth: month).filter { !$0.isForwarding }
        }
        return result
    }

    /// The bookings kept with names: from the retention's cut-off on (older months hold none once purged).
    func keptBookings(now: Date) throws(RecordError) -> [Booking] {
        try bookings(from: Retention.cutoff(today: LocalDate(now), months: Retention.defaultMonths))
    }

    /// The seen appointment an outcome is recorded for: a booking's code, or a plan's when one of its
    /// appointments only was seen.
    public func appointment(forCode code: String, horizonDays: Int) throws(OutcomeError) -> Booking {
        let found: [Booking]
        do {
            found = try store.bookings(forCode: code, horizonDays: horizonDays)
        } catch {
            throw .records(error)
        }
        let wanted = BookingStore.normalizedReference(code)
        if let booking = found.first(where: { $0.reference == wanted }) { return booking }
        guard !found.isEmpty else { throw .unknownCode(code) }
        let seen = found.filter { $0.status == .seen }
        if seen.count == 1, let only = seen.first { return only }
        // Nothing seen: the first appointment says why; several seen: staff say which.
        guard seen.count > 1 else { return found[0] }
        throw .ambiguousPlan(seen.map(\.reference))
    }

    /// The path of the person behind a code (a booking's or a plan's) or a phone, in the months kept;
    /// nil when nobody answers.
    public func path(for text: String, now: Date, horizonDays: Int) throws(RecordError) -> PersonPath? {
        var kept = try keptBookings(now: now)
        var start: [Booking] = []
        let code = BookingStore.normalizedReference(text)
        if BookingStore.month(ofReference: code) != nil {
            start = try store.bookings(forCode: code, horizonDays: horizonDays)
            // A code older than the months kept: its appointments still belong on the path.
            let known = Set(kept.map(\.reference))
            kept += start.filter { !known.contains($0.reference) }
        }
        if start.isEmpty, let phone = Contact.phone(text) {
            start = kept.filter { $0.phone == phone }
        }
        guard let first = start.first else { return nil }
        return try path(of: first, among: kept)
    }

    /// The path of `booking`'s person among `kept`.
    func path(of booking: Booking, among kept: [Booking]) throws(RecordError) -> PersonPath {
        let decisions = try links.links()
        let linkedWalkIns = try walkInsNamed(by: kept)
        let people = People(bookings: kept, walkIns: linkedWalkIns, links: decisions)
        let person = people.ofBooking[booking.reference] ?? "P" + booking.reference
        let own = people.bookings[person] ?? [booking]
        let references = Set(own.map(\.reference))
        var entries = own.map(PersonPath.Entry.booking)
        entries += linkedWalkIns.filter { people.ofWalkIn[$0.id] == person }.map(PersonPath.Entry.walkIn)
        entries += try outcomes.all().filter { references.contains($0.booking) }.map(PersonPath.Entry.outcome)
        func rank(_ entry: PersonPath.Entry) -> Int {
            switch entry {
            case .booking: return 0
            case .walkIn: return 1
            case .outcome: return 2
            }
        }
        func time(_ entry: PersonPath.Entry) -> String {
            switch entry {
            case .booking(let booking): return booking.start.text
            case .walkIn(let walkIn): return walkIn.arrivedAt
            case .outcome(let outcome): return outcome.recordedAt
            }
        }
        let ordered = entries.enumerated().sorted {
            ($0.element.day, rank($0.element), time($0.element), $0.offset) < ($1.element.day, rank($1.element), time($1.element), $1.offset)
        }.map(\.element)
        let candidates = (people.candidates[person] ?? []).compactMap { people.bookings[$0]?.last }
        return PersonPath(person: person, entries: ordered, candidates: candidates)
    }

    /// The walk-ins that desk bookings among `bookings` were made for.
    func walkInsNamed(by bookings: [Booking]) throws(RecordError) -> [WalkIn] {
        let wanted = Set(bookings.compactMap(\.walkIn))
        guard !wanted.isEmpty else { return [] }
        let days = bookings.filter { $0.walkIn != nil }.compactMap { LocalDate(String($0.createdAt.prefix(10))) }
        guard let first = days.min(), let last = days.max() else { return [] }
        return try walkIns.walkIns(from: first, to: last).filter { wanted.contains($0.id) }
    }

    /// People seen more than `weeks` weeks ago with no outcome recorded and no appointment since, the
    /// longest waiting first.
    public func followUp(weeks: Int, now: Date) throws(RecordError) -> [FollowUpEntry] {
        let kept = try keptBookings(now: now)
        let people = People(bookings: kept, walkIns: [], links: try links.links())
        let recorded = Dictionary(grouping: try outcomes.all().filter(\.counts), by: \.booking)
        let limit = LocalDate(now).adding(days: -7 * weeks)
        var entries: [FollowUpEntry] = []
        for (person, own) in people.bookings {
            guard let last = own.filter({ $0.status == .seen }).max(by: { $0.start < $1.start }), last.start.day < limit else { continue }
            let later = own.contains { $0.start > last.start && ($0.status.holdsPlace) }
            let since = own.flatMap { recorded[$0.reference] ?? [] }.contains { $0.date >= last.start.day }
            // The name and phone of the latest appointment, as the path shows them.
            let byStart = own.sorted { ($0.start, $0.reference) < ($1.start, $1.reference) }
            guard !later && !since, let contact = PersonPath.contact(among: byStart), contact.phone != nil || !contact.firstName.isEmpty else { continue }
            entries.append(FollowUpEntry(person: person, lastSeen: last, contact: contact, appointments: own.count))
        }
        return entries.sorted { ($0.lastSeen.start, $0.person) < ($1.lastSeen.start, $1.person) }
    }

    /// How many months before the period a report reads, to link people and find their first contact.
    public static let reportLookbackMonths = 12

    /// The funnel report of a period (and place), from the records around it.
    public func report(from: LocalDate, to: LocalDate, site: String?, catalogue: Catalogue, visits: VisitStore) throws(RecordError) -> FunnelReport {
        let first = Retention.cutoff(today: from, months: Self.reportLookbackMonths)
        // Bookings taken in the period have their appointment up to the horizon after it.
        let last = to.adding(days: catalogue.rules.horizonDays + 1)
        var read: [Booking] = []
        for month in LocalDate.months(from: first, through: last) {
            read += try store.records(inMonth: RecordFiles.monthName(of: month)).filter { !$0.isForwarding }
        }
        let recorded = try outcomes.all()
        // The appointments outcomes of the period follow, wherever their month.
        let known = Set(read.map(\.reference))
        for outcome in recorded where outcome.counts && outcome.date >= from && outcome.date <= to && !known.contains(outcome.booking) {
            if let booking = try store.find(reference: outcome.booking) { read.append(booking) }
        }
        return FunnelReport(from: from, to: to, site: site, bookings: read, visits: try visits.visits(from: from, to: to),
                            walkIns: try walkIns.walkIns(from: from, to: to), outcomes: recorded, links: try links.links(),
                            catalogue: catalogue)
    }
}
