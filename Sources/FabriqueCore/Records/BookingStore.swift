public import FoundationEssentials
import Glibc

/// What a visitor asks for when they book.
public struct BookingRequest: Sendable, Hashable {
    public var slot: String
    public var service: String
    public var firstName: String
    public var lastName: String
    public var phone: String?
    public var email: String?
    public var quartier: String?
    public var needs: [String]
    public var consent: Bool
    /// The place whose kiosk (or command) takes the booking.
    public var bookedAt: String
    /// What to do when the person seems to hold a booking for the service already.
    public var whenAlreadyHeld: AlreadyHeld
    /// How the booking is taken (staff for a caller, or at the desk; else the visitor at the kiosk).
    public var channel: Booking.Channel
    /// The visitor's answers kept for the figures: project stage and under 26 (as in `Visit`).
    public var stage: String?
    public var under26: String?
    /// The walk-in the booking is made for at the desk, if any.
    public var walkIn: String?

    /// What the one-booking-per-person rule does.
    public enum AlreadyHeld: Sendable, Hashable {
        /// Refuse, naming the booking held (for staff, who may see it).
        case refuse
        /// Book, and flag the booking to staff (at the kiosk: telling a visitor that a name or phone
        /// holds a booking would tell anyone who types it).
        case flagForStaff
    }

    /// Creates a request.
    public init(slot: String, service: String, firstName: String, lastName: String, phone: String? = nil,
                email: String? = nil, quartier: String? = nil, needs: [String] = [], consent: Bool, bookedAt: String,
                whenAlreadyHeld: AlreadyHeld = .refuse, channel: Booking.Channel = .kiosk,
                stage: String? = nil, under26: String? = nil, walkIn: String? = nil) {
        self.slot = slot
        self.service = service
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.quartier = quartier
        self.needs = needs
        self.consent = consent
        self.bookedAt = bookedAt
        self.whenAlreadyHeld = whenAlreadyHeld
        self.channel = channel
        self.stage = stage
        self.under26 = under26
        self.walkIn = walkIn
    }
}

/// Why a booking was refused.
public enum BookingError: Error, Sendable, Equatable {
    /// The slot id names no slot of the catalogue (or the day is closed).
    case unknownSlot
    /// The service cannot be booked in that slot.
    case serviceNotInSlot
    /// The rules do not let this slot be booked now: it has started, starts within the minimum
    /// notice, or lies beyond the booking horizon.
    case notBookable
    /// Every place in the slot is taken.
    case full
    /// The person already holds an active booking for this service (the one named).
    case alreadyBooked(String)
    /// A plan asks twice for the same service for one person, where the rules allow one active booking
    /// per service (the service named).
    case sameServiceTwice(String)
    /// The visitor did not accept the consent text.
    case noConsent
    /// A name is empty or made of no letters once cleaned.
    case invalidName
    /// The records could not be read or written (see `RecordError`).
    case records(RecordError)
    /// One slot of a plan was refused for `reason`: nothing of the plan was booked.
    indirect case inPlan(slot: String, reason: BookingError)
    /// Two slots of a plan overlap, or leave too little time to go from one place to the other.
    case overlap(String, String)
    /// The appointment's state does not allow that status change; nothing was written.
    case statusRefused(StatusRefusal)
    /// No unused code was found for the month in `BookingStore.referenceAttempts` draws: its files hold
    /// nearly all of the 390,625 codes a month has (a file filled by hand or by a runaway program).
    case noFreeReference
}

/// The bookings of a data folder, kept per month of appointment (`records/bookings/2026-12.json` and
/// its journal `2026-12.jsonl`), so that a booking touches only the month of its slot and writes one line.
public struct BookingStore: Sendable {
    let files: RecordFiles
    /// The months' digests, which let a booking in a fresh process skip decoding the months it checks.
    let digests: BookingDigests
    /// Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
    static let referenceAlphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
    /// Characters in a reference.
    public static let referenceLength = 6
    /// Random codes drawn for a new booking or plan before giving up: a month of ten thousand bookings
    /// finds a free one at the first draw 97 times in 100, and a month that has used up its codes must
    /// not hold the records' lock, which every terminal waits on, while looking for one.
    static let referenceAttempts = 200

    /// The store of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        self.init(dataFolder: dataFolder, fileSystem: fileSystem, program: Self.program, settled: 3_000_000_000)
    }

    /// The store, its months' digests read and written as `program` (nil: none) for snapshots last
    /// changed at least `settled` nanoseconds before they are read.
    init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem(), program: String?, settled: Int64,
         lockWait: Double = RecordFiles.defaultLockWait) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/bookings"), system: fileSystem,
                            lockWait: lockWait)
        digests = BookingDigests(files: files, program: program, settled: settled)
    }

    /// This executable's identity, which a digest names (see `CompactCatalogue.programIdentity`).
    static let program = CompactCatalogue.programIdentity()

    /// Replaces the bookings of one month wholesale (for imports and the benchmark's history).
    public func replaceMonth(of date: LocalDate, with bookings: [Booking]) throws(BookingError) {
        try mapFailures { try files.withLock { try files.replace(RecordFiles.monthName(of: date), with: bookings) } }
    }

    /// Forgets every month of records this process has read in `dataFolder`: the next reads start from
    /// the files (what a freshly started process does; the benchmark uses it to time a cold booking).
    public static func forgetReadMonths(in dataFolder: DataFolder) {
        // Named as the record files' paths name it, whatever the URL's spelling.
        MonthCache.shared.forgetAll(in: String(MonthCache.dataFolder(of: dataFolder.url.appendingPathComponent("records/bookings/month").path)))
    }

    /// Folds the journal of the month of `date` into its snapshot (the previous snapshot is kept as `.prev`).
    public func compact(monthOf date: LocalDate) throws(BookingError) {
        let name = RecordFiles.monthName(of: date)
        try mapFailures { try files.withLock { try files.replace(name, with: files.month(name, as: Booking.self).records) } }
    }

    /// The bookings whose appointment is from `from` to `to` included.
    public func bookings(from: LocalDate, to: LocalDate) throws(RecordError) -> [Booking] {
        var result: [Booking] = []
        for month in LocalDate.months(from: from, through: to) {
            result += try bookings(inMonthOf: month).filter { $0.start.day >= from && $0.start.day <= to }
        }
        return result
    }

    /// The bookings whose appointment falls in the month of `date` (forwardings of moved appointments left out).
    public func bookings(inMonthOf date: LocalDate) throws(RecordError) -> [Booking] {
        try records(inMonth: RecordFiles.monthName(of: date)).filter { !$0.isForwarding }
    }

    /// Every record of a month file (`2026-12`), forwardings included. A move whose writer was killed
    /// half-way is read as done (the next writer finishes it), so that nobody is seen in two places.
    func records(inMonth name: String) throws(RecordError) -> [Booking] {
        try reading {
            let month = try files.month(name, as: Booking.self)
            // One stat when no move is pending, which is nearly always.
            guard access(files.folder.appendingPathComponent(PendingMove.fileName).path, F_OK) == 0,
                  let pending = try? files.read(PendingMove.fileName, as: PendingMove.self),
                  let record = pending.writes[name] else { return month.records }
            var records = month.records
            if let index = month.positions[record.reference] { records[index] = record } else { records.append(record) }
            return records
        }
    }

    /// Active bookings per slot id for the months covering `from` and the `days` after it. `digests`:
    /// counted from the months' digests (a command in a fresh process reads their files; the kiosk holds
    /// them in memory, not the months' bookings) unless this process holds a month whole already.
    public func activeCounts(from: LocalDate, days: Int, digests: Bool = false) throws(RecordError) -> [String: Int] {
        let read = activeCountsByMonth(from: from, days: days, digests: digests)
        if let failure = read.unreadable.first { throw failure.error }
        return read.counts
    }

    /// Active bookings per slot id for the months covering `from` and the `days` after it that can be
    /// read, and the months that cannot (the first day of each, with why): one damaged month file leaves
    /// the others' places known.
    public func activeCountsByMonth(from: LocalDate, days: Int, digests useDigests: Bool = false)
        -> (counts: [String: Int], unreadable: [(month: LocalDate, error: RecordError)]) {
        var counts: [String: Int] = [:]
        var unreadable: [(month: LocalDate, error: RecordError)] = []
        // A move left half-written is read through its pending file, which only a whole read applies.
        let digestsHold = useDigests && access(files.path(PendingMove.fileName), F_OK) != 0
        for month in LocalDate.months(from: from, through: from.adding(days: max(0, days - 1))) {
            do {
                let name = RecordFiles.monthName(of: month)
                if digestsHold, !files.isCached(name, as: Booking.self) {
                    try reading { try digests.read(name) ?? digests.made(name) }.countPlaces(into: &counts)
                    continue
                }
                for booking in try bookings(inMonthOf: month) where booking.isActive {
                    counts[booking.slot, default: 0] += 1
                }
            } catch {
                unreadable.append((month.firstOfMonth, error))
            }
        }
        return (counts, unreadable)
    }

    /// Places taken per slot from `from` for `days`, for a list of free slots: a month that cannot be
    /// read counts each of its slots in `schedule` as full (they may be taken), the others as booked;
    /// the unreadable months are returned too, for the caller to report.
    public func placesTaken(from: LocalDate, days: Int, schedule: Schedule, digests: Bool = false)
        -> (counts: [String: Int], unreadable: [(month: LocalDate, error: RecordError)]) {
        var read = activeCountsByMonth(from: from, days: days, digests: digests)
        let end = from.adding(days: max(0, days - 1))
        for (month, _) in read.unreadable {
            let first = max(month, from)
            let last = min(month.nextMonth.adding(days: -1), end)
            for slot in schedule.slots(from: first, days: last.dayNumber - first.dayNumber + 1) { read.counts[slot.id] = slot.capacity }
        }
        return read
    }

    /// Books a place, re-checking under the lock that the slot exists, is to come, offers the
    /// service and has room. The reference is unique within the month's bookings.
    public func book(_ request: BookingRequest, schedule: Schedule, now: Date,
                     random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }) throws(BookingError) -> Booking {
        guard request.consent else { throw .noConsent }
        guard let firstName = Contact.name(request.firstName), let lastName = Contact.name(request.lastName) else {
            throw .invalidName
        }
        guard let slot = schedule.slot(id: request.slot) else { throw .unknownSlot }
        guard slot.services.contains(request.service) else { throw .serviceNotInSlot }
        guard schedule.isBookable(slot, at: now) else { throw .notBookable }
        let name = RecordFiles.monthName(of: slot.date)
        let phone = request.phone.flatMap(Contact.phone)
        return try mapFailures {
            try files.withLock {
                try recoverPending()
                let month = try bookingMonth(name)
                guard month.taken(slot: slot.id) < slot.capacity else { throw BookingError.full }
                var duplicateOf: String?
                if schedule.catalogue.rules.oneActiveBookingPerService,
                   let held = try heldBooking(service: request.service, firstName: firstName, lastName: lastName,
                                              phone: phone, now: now, horizonDays: schedule.catalogue.rules.horizonDays,
                                              read: (name, month)) {
                    guard request.whenAlreadyHeld == .flagForStaff else { throw BookingError.alreadyBooked(held.reference) }
                    duplicateOf = held.reference
                }
                let reference = try Self.freeReference(for: slot.date, random) { month.holds(reference: $0) }
                let stamp = RecordTime.string(now)
                let booking = Booking(reference: reference, slot: slot.id, partner: slot.partner, service: request.service,
                                      site: slot.site, start: AppointmentStart(slot.startInstant),
                                      firstName: firstName, lastName: lastName,
                                      phone: phone, email: request.email.flatMap(Contact.email),
                                      quartier: request.quartier, needs: request.needs, bookedAt: request.bookedAt,
                                      createdAt: stamp, consentAt: stamp, status: .booked, arrivedAt: nil, anonymised: nil,
                                      possibleDuplicateOf: duplicateOf, channel: request.channel == .kiosk ? nil : request.channel,
                                      stage: request.stage, under26: request.under26, walkIn: request.walkIn)
                // Handed over, not copied: the month is then added to in place.
                try add(booking, to: consume month, name)
                return booking
            }
        }
    }

    /// The active, future booking of the same person for `service`, if any: same phone when both
    /// have one, else the same first and last name (without regard to accents and case).
    /// `read` is a month the caller read already under the same lock. `excluding`: a booking being moved
    /// or booked again, which neither itself nor a duplicate staff flagged against it stands in the way of.
    func heldBooking(service: String, firstName: String, lastName: String, phone: String?, now: Date,
                     horizonDays: Int, read: (name: String, month: BookingMonth)? = nil, excluding: String? = nil) throws -> Booking? {
        let person = Self.fold(firstName + " " + lastName)
        for month in LocalDate.months(from: LocalDate(now), through: LocalDate(now).adding(days: horizonDays)) {
            let name = RecordFiles.monthName(of: month)
            // A digest says for certain that the month holds no such booking; a possible one is looked
            // for among the bookings themselves.
            let bookings: [Booking]
            do {
                let view = try read.flatMap { $0.name == name ? $0.month : nil } ?? bookingMonth(name)
                if case .digest(let digest, _) = view {
                    guard digest.mayHold(service: service, phone: phone, person: person, after: now) else { continue }
                    // Read whole for this look only: the kiosk goes on holding the digest, not the month.
                    bookings = try files.loadOnce(name, as: Booking.self).month.records
                } else {
                    bookings = try files.month(name, as: Booking.self).records
                }
            } catch {
                // A damaged, linked or unreadable file of another month (named by `validate` and the log)
                // does not stop bookings in this one: the rule is checked in the months that can be read.
                // The booked month itself was read before, under the same lock.
                continue
            }
            if let held = bookings.first(where: { booking in
                booking.service == service && booking.isActive && booking.start.instant > now
                    && (excluding == nil || (booking.reference != excluding && booking.possibleDuplicateOf != excluding))
                    && ((phone != nil && booking.phone == phone) || Self.fold(booking.firstName + " " + booking.lastName) == person)
            }) {
                return held
            }
        }
        return nil
    }

    /// A month as taking a booking reads it, the caller holding the lock: whole when this process has
    /// read it already (the kiosk), else from its digest; a month without a usable digest is read whole
    /// and its digest written for the next fresh process.
    func bookingMonth(_ name: String) throws -> BookingMonth {
        if files.isCached(name, as: Booking.self) { return .whole(try files.load(name, as: Booking.self)) }
        let started = DerivedFile.wallClock()
        if let digest = try digests.read(name) { return .digest(digest, started: started) }
        let loaded = try files.load(name, as: Booking.self)
        digests.keep(BookingDigest(loaded), of: name, started: started)
        return .whole(loaded)
    }

    /// Appends a new booking to its month, the caller holding the lock; a month read from its digest
    /// gets its digest brought up to date, or is folded into its snapshot once its journal is long.
    func add(_ booking: Booking, to month: consuming BookingMonth, _ name: String) throws {
        switch consume month {
        case .whole(let loaded):
            try files.append([booking], to: name, read: consume loaded)
        case .digest(var digest, let started):
            let lines = try RecordFiles.journalLines([booking], afterUnterminated: digest.unterminated)
            digest.journal = try files.writeJournal(lines, month: name, after: digest.journalOffset, torn: digest.tornBytes,
                                                    existed: digest.journal != nil)
            // Lines appended without the lock since the digest was read (`echo >>`) went before this one:
            // the digest on disk, which covers less, stays, and the next reader adds them all in order.
            guard digest.journal?.size == digest.journalOffset + Int64(lines.count) else { return }
            digests.forget(name)
            digest.apply(booking)
            // The journal is now the bytes hashed when the digest was read, then these lines.
            digest.journalHash = fnv1a64(lines, from: digest.journalHash)
            digest.journalOffset += Int64(lines.count)
            digest.journalLines += 1
            digest.unterminated = false
            digest.tornBytes = 0
            guard digest.journalLines >= RecordFiles.journalLimit else {
                if digests.isBehind(digest), digests.keep(digest, of: name, started: started) {
                    digest.fileLines = digest.journalLines
                }
                return digests.remember(digest, of: name)
            }
            // The booking is durable in the journal already: a fold that fails (a full disk) is no failure
            // of the booking, and the next one tries again, as `RecordFiles.append` does. The folded month
            // is then held as its digest, as before, not whole.
            try? files.replace(name, with: files.month(name, as: Booking.self).records)
            _ = try? digests.made(name)
        }
    }

    static func fold(_ text: String) -> String { TextFolding.fold(text) }

    /// The booking holding `reference`, found in the month file its code names (or, for an
    /// appointment moved to another month, the one month its forwarding there names).
    public func find(reference: String) throws(RecordError) -> Booking? {
        let wanted = Self.normalizedReference(reference)
        guard let month = Self.month(of: wanted) else { return nil }
        return try reading { () throws -> Booking? in
            guard let live = try liveMonth(of: wanted, codeMonth: month) else { return nil }
            let records = try files.month(live, as: Booking.self)
            return records.positions[wanted].map { records.records[$0] }.flatMap { $0.isForwarding ? nil : $0 }
        }
    }

    /// The month file holding the live record of `reference`: the month its code names, or the month
    /// the forwarding left there points to; nil when the code names no record.
    func liveMonth(of reference: String, codeMonth: LocalDate) throws -> String? {
        let name = RecordFiles.monthName(of: codeMonth)
        let month = try files.month(name, as: Booking.self)
        guard let index = month.positions[reference] else { return nil }
        return month.records[index].forwardedTo ?? name
    }

    /// Changes the booking holding `reference` under the lock, in its month (the month of `monthDate`
    /// when the caller knows it, else the one its code leads to); `change` gets the booking and the
    /// month's records, returns whether it changed anything (only then is the new version written), and
    /// may throw to refuse the change.
    func update(reference: String, in monthDate: LocalDate? = nil,
                _ change: (inout Booking, [Booking]) throws -> Bool) throws(BookingError) -> Booking? {
        let wanted = Self.normalizedReference(reference)
        guard let codeMonth = Self.month(of: wanted) else { return nil }
        return try mapFailures {
            try files.withLock { () throws -> Booking? in
                try recoverPending()
                let known = monthDate.map(RecordFiles.monthName(of:))
                guard let name = try known ?? liveMonth(of: wanted, codeMonth: codeMonth) else { return nil }
                let read = try files.load(name, as: Booking.self)
                guard let index = read.month.positions[wanted], !read.month.records[index].isForwarding else { return nil }
                var booking = read.month.records[index]
                if try change(&booking, read.month.records) { try files.append([booking], to: name, read: consume read) }
                return booking
            }
        }
    }

    /// The bookings whose appointment is on `day`, at `site` (or every place), in time order.
    public func bookings(on day: LocalDate, site: String? = nil) throws(RecordError) -> [Booking] {
        try bookings(inMonthOf: day).filter { $0.start.day == day && (site == nil || $0.site == site) }
            .sorted { ($0.start.instant, $0.reference) < ($1.start.instant, $1.reference) }
    }

    /// Past appointments of the last two months still marked `booked`: the outcomes staff have to fill in.
    public func backlog(now: Date, site: String? = nil) throws(RecordError) -> Int {
        let today = LocalDate(now)
        let previous = today.firstOfMonth.adding(days: -1)
        return try (bookings(inMonthOf: previous) + bookings(inMonthOf: today)).filter {
            $0.status == .booked && $0.start.instant < now && (site == nil || $0.site == site)
        }.count
    }

    /// Records the arrival of the visitor holding `reference` for an appointment on `day` at `site`
    /// (any place when nil). A code of another day or place is answered as an unknown one: nil.
    public func checkIn(reference: String, on day: LocalDate, site: String? = nil, now: Date) throws(BookingError) -> Booking? {
        var found = false
        let booking = try update(reference: reference, in: day) { booking, _ in
            guard booking.start.day == day && booking.isActive && (site == nil || booking.site == site) else { return false }
            found = true
            guard booking.status == .booked else { return false }
            booking.status = .arrived
            booking.arrivedAt = RecordTime.string(now)
            return true
        }
        return found ? booking : nil
    }

    /// Slots from `from` for `days` holding more active bookings than places (for `validate`: staff move
    /// someone, or raise the capacity back), each named with its month file; months that cannot be read
    /// are left out (`unreadableFiles` names them).
    public func overbooked(schedule: Schedule, from: LocalDate, days: Int) -> [Problem] {
        let counts = activeCountsByMonth(from: from, days: days).counts
        return schedule.slots(from: from, days: days).compactMap { slot in
            guard let taken = counts[slot.id], taken > slot.capacity else { return nil }
            let month = RecordFiles.monthName(of: slot.date)
            // The snapshot, or the journal while the month has none.
            let snapshot = files.path(month + ".json")
            return Problem(file: access(snapshot, F_OK) == 0 ? snapshot : files.path(month + ".jsonl"), location: nil,
                           issue: .overbooked(slot: slot.id, start: RecordTime.string(slot.startInstant), bookings: taken,
                                              places: slot.capacity))
        }
    }

    /// Every month file that cannot be read, with the file, line and column of the problem (for `validate`).
    public func unreadableFiles() -> [Problem] {
        files.unreadableMonths(of: Booking.self)
    }

    /// Erases names, phones and e-mails of appointments in months that ended before `cutoff`; keeps
    /// everything the figures use. Returns how many bookings were anonymised. Idempotent: run again
    /// after an interruption, it removes what the first run left (journal, previous copy, temporaries).
    public func purge(before cutoff: LocalDate, links: [PersonLink] = []) throws(RecordError) -> Int {
        var count = 0
        let purged = files.months(endedBefore: cutoff)
        let stamps = try personStamps(purging: Set(purged), links: links)
        // Person ids are written first (a purged month's journal line is folded by its purge just after):
        // run again after an interruption, the same ids come out.
        for (name, references) in Dictionary(grouping: stamps.keys, by: { stamps[$0]?.month ?? "" }) {
            try reading {
                try files.withLock {
                    let read = try files.load(name, as: Booking.self)
                    let changed = references.compactMap { reference -> Booking? in
                        guard let index = read.month.positions[reference], let stamp = stamps[reference] else { return nil }
                        var booking = read.month.records[index]
                        booking.person = stamp.person
                        return booking
                    }
                    if !changed.isEmpty { try files.append(changed, to: name, read: consume read) }
                }
            }
        }
        for name in purged {
            count += try reading {
                try files.purge(name, as: Booking.self) { bookings in
                    var changed = 0
                    for index in bookings.indices where bookings[index].holdsPersonalData {
                        bookings[index].firstName = ""
                        bookings[index].lastName = ""
                        bookings[index].phone = nil
                        bookings[index].email = nil
                        bookings[index].anonymised = true
                        changed += 1
                    }
                    return changed
                }
            }
        }
        // A month that an anonymised appointment moved out of still has its earlier versions, with the
        // name, in its journal and previous copy: it is folded, which keeps only the forwarding.
        let gone = Set(purged)
        for name in files.months() where !gone.contains(name) {
            let forwards = try records(inMonth: name).contains { $0.forwardedTo.map(gone.contains) ?? false }
            if forwards { _ = try reading { try files.purge(name, as: Booking.self) { _ in 0 } } }
        }
        return count
    }

    /// The person ids a purge of `purging` writes so that people stay linked once their names and
    /// phones are erased: every record of a person with a record to erase gets one id (the one some of
    /// them already have, else the person's), by reference, with the month file it lives in.
    func personStamps(purging: Set<String>, links: [PersonLink]) throws(RecordError) -> [String: (person: String, month: String)] {
        guard !purging.isEmpty else { return [:] }
        var all: [Booking] = []
        for name in files.months() { all += try records(inMonth: name) }
        let people = People(bookings: all, links: links)
        var stamps: [String: (person: String, month: String)] = [:]
        for (person, own) in people.bookings where own.count > 1 {
            guard own.contains(where: { $0.holdsPersonalData && purging.contains(RecordFiles.monthName(of: $0.start.day)) }) else { continue }
            let id = own.compactMap(\.person).min() ?? person
            for booking in own where booking.person != id {
                stamps[booking.reference] = (id, RecordFiles.monthName(of: booking.start.day))
            }
        }
        return stamps
    }

    /// The day of the last appointment a code (a booking's or a plan's) stands for, wherever it moved;
    /// nil when the code stands for none (or the records cannot be read).
    public func lastDay(ofCode code: String) -> LocalDate? {
        (try? bookings(forCode: code, horizonDays: TicketStore.lookAround))?.map(\.start.day).max()
    }

    /// How many bookings a purge before `cutoff` would anonymise (what `purge --dry-run` says).
    public func purgeable(before cutoff: LocalDate) throws(RecordError) -> Int {
        var count = 0
        for name in files.months(endedBefore: cutoff) {
            count += try records(inMonth: name).count { $0.holdsPersonalData }
        }
        return count
    }

    /// Files of months ended before `cutoff` that still hold names or phones (for `validate`).
    public func personalDataFiles(endedBefore cutoff: LocalDate) -> [String] {
        files.personalData(endedBefore: cutoff, as: Booking.self) { $0.holdsPersonalData }
    }

    /// A reference as typed by a visitor: upper-cased, spaces and dashes removed.
    public static func normalizedReference(_ text: String) -> String {
        String(text.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    /// The first month references can name; two letters cover 625 months from it (to 2069).
    static let firstMonth = (year: 2017, month: 1)

    /// A new reference: two letters naming the appointment's month, then four random ones, so that a
    /// code leads straight to its month file whatever the history.
    /// A random reference for `date`'s month that `isUsed` does not claim, in at most `referenceAttempts` draws.
    static func freeReference(for date: LocalDate, _ random: () -> UInt64, isUsed: (String) -> Bool) throws(BookingError) -> String {
        for _ in 0..<referenceAttempts {
            let reference = makeReference(for: date, random)
            if !isUsed(reference) { return reference }
        }
        throw .noFreeReference
    }

    static func makeReference(for date: LocalDate, _ random: () -> UInt64) -> String {
        let base = referenceAlphabet.count
        let index = max(0, min(base * base - 1, (date.year - firstMonth.year) * 12 + date.month - firstMonth.month))
        let month = [referenceAlphabet[index / base], referenceAlphabet[index % base]]
        let tail = (0..<(referenceLength - 2)).map { _ in referenceAlphabet[Int(random() % UInt64(base))] }
        return String(month + tail)
    }

    /// The month a reference names, or nil when it is not a well-formed reference.
    public static func month(ofReference reference: String) -> LocalDate? {
        month(of: normalizedReference(reference))
    }

    static func month(of reference: String) -> LocalDate? {
        let characters = Array(reference)
        guard characters.count == referenceLength,
              characters.allSatisfy(referenceAlphabet.contains),
              let high = referenceAlphabet.firstIndex(of: characters[0]),
              let low = referenceAlphabet.firstIndex(of: characters[1]) else { return nil }
        let index = high * referenceAlphabet.count + low
        let months = firstMonth.month - 1 + index
        return LocalDate(year: firstMonth.year + months / 12, month: months % 12 + 1, day: 1)
    }

    func mapFailures<T>(_ body: () throws -> T) throws(BookingError) -> T {
        do {
            return try body()
        } catch {
            throw Self.mapped(error)
        }
    }

    func reading<T>(_ body: () throws -> T) throws(RecordError) -> T {
        try RecordError.catching(body)
    }

    /// A failure as the booking error callers handle: a domain refusal as it is, anything else as a records error.
    static func mapped(_ error: any Error) -> BookingError {
        if let error = error as? BookingError { return error }
        return .records(RecordError.from(error))
    }
}

extension Booking: MonthRecord {
    /// Whether a purge still has something to erase.
    var holdsPersonalData: Bool {
        (forwardedTo == nil && anonymised != true) || !firstName.isEmpty || !lastName.isEmpty || phone != nil || email != nil
    }

    static var snapshotField: String { "bookings" }
    static var foldsIntoSnapshot: Bool { true }
    var journalKey: String? { reference }
}


/// A month of bookings as taking a booking reads it: whole, or as its digest (with the wall clock taken
/// before its files were looked at).
enum BookingMonth {
    case whole(RecordFiles.LoadedMonth<Booking>)
    case digest(BookingDigest, started: Int64)

    /// Bookings holding a place in `slot`.
    func taken(slot: String) -> Int {
        switch self {
        case .whole(let loaded): loaded.month.records.count { $0.slot == slot && $0.isActive }
        case .digest(let digest, _): digest.taken(slot: slot)
        }
    }

    /// Whether a booking of the month has `reference`, or a plan of the month that code (a plan's code
    /// and a booking's reference must never be the same: a code leads to one or the other).
    func holds(reference: String) -> Bool {
        switch self {
        case .whole(let loaded): loaded.month.positions[reference] != nil || loaded.month.records.contains { $0.plan == reference }
        case .digest(let digest, _): digest.holds(reference: reference)
        }
    }
}
