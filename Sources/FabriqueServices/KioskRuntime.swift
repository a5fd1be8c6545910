public import FabriqueCore
public import FabriqueUI
public import FoundationEssentials

/// Carries out the kiosk's effects through the core: availability, bookings, check-ins, tickets. The
/// stores are made once; slow work (the print command) runs off the input loop.
public struct KioskRuntime: Sendable {
    let dataFolder: DataFolder
    let store: BookingStore
    let visits: VisitStore
    let walkIns: WalkInStore
    let absences: AbsenceStore
    let audit: AuditLog
    let tickets: TicketStore
    let outcomes: OutcomeStore
    let people: PersonDirectory
    let links: PersonLinkStore
    let scheduleInUse: ScheduleInUse
    /// The catalogue's files, watched for edits (nil: the catalogue never changes, as in most tests).
    let catalogueSource: CatalogueSource?
    let printer: PrintCommand?
    /// Whether each printed ticket ends with the receipt printer's cut command.
    let ticketCut: Bool
    let clock: Clock
    let site: String?
    let log: @Sendable (String) -> Void
    /// How a problem with a file is written in the log (file, line, column and what is wrong).
    let describe: @Sendable (Problem) -> String

    /// A runtime on a data folder, for the kiosk at `site`.
    public init(dataFolder: DataFolder, schedule: Schedule, printCommand: String?, clock: Clock, site: String? = nil,
                printTimeLimit: TimeInterval = 30, catalogueSource: CatalogueSource? = nil, ticketCut: Bool = false,
                describe: @escaping @Sendable (Problem) -> String = ProblemText.plain,
                log: @escaping @Sendable (String) -> Void) {
        self.describe = describe
        self.catalogueSource = catalogueSource
        self.ticketCut = ticketCut
        self.site = site
        self.dataFolder = dataFolder
        self.store = BookingStore(dataFolder: dataFolder)
        self.visits = VisitStore(dataFolder: dataFolder)
        self.walkIns = WalkInStore(dataFolder: dataFolder)
        self.absences = AbsenceStore(dataFolder: dataFolder)
        self.audit = AuditLog(dataFolder: dataFolder)
        self.tickets = TicketStore(dataFolder: dataFolder)
        self.outcomes = OutcomeStore(dataFolder: dataFolder)
        self.people = PersonDirectory(dataFolder: dataFolder)
        self.links = PersonLinkStore(dataFolder: dataFolder)
        self.scheduleInUse = ScheduleInUse(schedule)
        self.printer = printCommand.flatMap { $0.isEmpty ? nil : PrintCommand(command: $0, timeLimit: printTimeLimit, log: log) }
        self.clock = clock
        self.log = log
    }

    /// Performs one effect; returns its answer, or nil when it has none.
    public func perform(_ effect: KioskEffect) -> Reply? {
        switch effect {
        case .loadAvailability(let from, let days):
            return .availability(Result { () throws(RecordError) -> [String: Int] in
                // A month that cannot be read offers none of its slots (they may be taken): the other
                // months are offered as they are. The file is named in the log and by `validate`.
                // Counted from the months' digests, held in memory: the months' bookings are not kept.
                let read = store.placesTaken(from: from, days: days, schedule: schedule, digests: true)
                var counts = read.counts
                for (_, error) in read.unreadable { _ = Result<Void, RecordError>.failure(error).logFailure(log, describe) }
                // Absences staff recorded since the kiosk started make those slots full. The slots still
                // open are listed once (looking each slot up again was quadratic: minutes for a
                // territory of 5,000 permanences, during which the kiosk answered nothing).
                let current = try currentSchedule()
                guard current.catalogue.absences.count != schedule.catalogue.absences.count else { return counts }
                let open = Set(current.slots(from: from, days: days).map(\.id))
                for slot in schedule.slots(from: from, days: days) where !open.contains(slot.id) {
                    counts[slot.id] = slot.capacity
                }
                return counts
            }.logFailure(log, describe))
        case .book(let requests):
            let result = Result { () throws(BookingError) -> BookedPlan in
                let booked = try store.bookPlan(requests, schedule: try scheduleForChanges(), now: clock.now())
                return BookedPlan(plan: booked.plan, bookings: booked.bookings)
            }.logFailure(log, describe)
            if case .success(let booked) = result {
                for booking in booked.bookings { log("booked \(booking.reference) slot=\(booking.slot)" + (booked.plan.map { " plan=\($0)" } ?? "")) }
            }
            return .booked(result)
        case .checkIn(let code, let day):
            let result = Result { () throws(BookingError) -> CheckInOutcome in
                try store.checkIn(code: code, on: day, site: site ?? schedule.catalogue.sites.first?.id ?? "", now: clock.now(),
                                  horizonDays: schedule.catalogue.rules.horizonDays)
            }.logFailure(log, describe)
            if case .success(.arrived(let booking)) = result { log("arrival \(booking.reference)") }
            return .checkedIn(result)
        case .loadAbsences:
            return .absences(Result { () throws(RecordError) -> [PartnerAbsence] in try absences.absences() }.logFailure(log, describe))
        case .loadAgenda(let day, let site):
            return .agenda(Result { () throws(RecordError) -> AgendaDay in
                AgendaDay(bookings: try store.bookings(on: day, site: site), backlog: try store.backlog(now: clock.now(), site: site))
            }.logFailure(log, describe))
        case .setStatus(let reference, let status):
            let result = Result { () throws(BookingError) -> Booking? in
                try store.setStatus(reference: reference, to: status, schedule: try scheduleForChanges(), now: clock.now())
            }.logFailure(log, describe)
            if case .success(let booking?) = result {
                log("status \(booking.reference) \(booking.status.rawValue)")
                if !audit.append(at: clock.now(), site: site, action: "status-\(booking.status.rawValue)",
                                                            reference: booking.reference) {
                    log("audit log not written for \(booking.reference)")
                }
            }
            return .statusSet(result)
        case .issueTicket(let reference, let text):
            issueTicket(reference: reference, text: text)
            return nil
        case .loadWalkIns(let day, let site):
            return .walkIns(Result { () throws(WalkInError) -> [WalkIn] in
                do throws(RecordError) { return try walkIns.queue(on: day, site: site) } catch { throw .records(error) }
            }.logFailure(log, describe))
        case .addWalkIn(let permanence, let firstName):
            let now = clock.now()
            return .walkIns(Result { () throws(WalkInError) -> [WalkIn] in
                var rule: Permanence?
                if let permanence {
                    guard let found = schedule.catalogue.permanences.first(where: { $0.id == permanence }) else {
                        throw .unknownPermanence(permanence)
                    }
                    rule = found
                }
                let place = rule?.site ?? site ?? schedule.catalogue.sites.first?.id ?? ""
                let added = try walkIns.add(firstName: firstName, permanence: rule, site: place, now: now)
                log("walk-in \(added.id) for \(permanence ?? "reception")")
                do throws(RecordError) { return try walkIns.queue(on: LocalDate(now), site: place) } catch { throw .records(error) }
            }.logFailure(log, describe))
        case .setWalkInStatus(let id, let day, let status):
            return .walkIns(Result { () throws(WalkInError) -> [WalkIn] in
                do throws(RecordError) {
                    try walkIns.setStatus(id: id, on: day, to: status)
                    audit.append(at: clock.now(), site: site, action: "walk-in-\(status.rawValue)", reference: id)
                    return try walkIns.queue(on: day, site: site ?? "")
                } catch {
                    throw .records(error)
                }
            }.logFailure(log, describe))
        case .recordAbsence(let partner, let day, let place):
            let now = clock.now()
            return .absenceRecorded(Result { () throws(BookingError) -> Int in
                let revoked = try absences.recordAbsence(partner: partner, on: day, site: place, bookings: store, audit: audit, now: now)
                log("absence \(partner) \(day): \(revoked.count) revoked")
                return revoked.count
            }.logFailure(log, describe))
        case .moveBooking(let reference, let slot):
            let result = Result { () throws(BookingError) -> Booking? in
                try store.move(reference: reference, to: slot, schedule: try scheduleForChanges(), now: clock.now())
            }.logFailure(log, describe)
            if case .success(let booking?) = result {
                log("moved \(booking.reference) to \(booking.slot)")
                audit.append(at: clock.now(), site: site, action: "move", reference: booking.reference,
                                                        detail: booking.slot)
            }
            return .moved(result)
        case .findBookings(let text):
            return .found(Result { () throws(RecordError) -> SearchResult in
                guard let query = BookingQuery(text) else { return SearchResult(bookings: [], total: 0) }
                return try store.search(query, now: clock.now())
            }.logFailure(log, describe))
        case .loadCode(let code):
            return .code(Result { () throws(RecordError) -> BookedPlan in
                let found = try store.bookings(forCode: code, horizonDays: schedule.catalogue.rules.horizonDays)
                let plan = BookingStore.normalizedReference(code)
                return BookedPlan(plan: found.contains { $0.reference == plan } ? nil : plan, bookings: found.filter(\.isActive))
            }.logFailure(log, describe))
        case .printDocument(let name, let text):
            return .printed(Result { () throws(RecordError) -> Bool in try printDocument(name: name, text: text) }.logFailure(log, describe))
        case .loadStatistics(let from, let to):
            return .statistics(Result { () throws(RecordError) -> StatisticsData in
                StatisticsData(visits: try visits.visits(from: from, to: to), bookings: try store.bookings(from: from, to: to),
                               walkIns: try walkIns.walkIns(from: from, to: to))
            }.logFailure(log, describe))
        case .recordVisit(let visit):
            do {
                try visits.record(visit)
            } catch {
                log("visit not recorded: \(error)")
            }
            return nil
        case .loadStaffCredential:
            switch StaffFile.load(from: dataFolder) {
            case .success(let credential): return .staffCredential(credential)
            case .failure(let problem):
                // A damaged file must not lock staff out: the PIN read before stays in force.
                log("staff.json unreadable, previous PIN kept: \(describe(problem))")
                return nil
            }
        case .checkCatalogue:
            return catalogueSource?.editIfChanged().map { .catalogue($0) }
        case .recordWrongAttempt(let attempt, let wait):
            log("wrong \(attempt.rawValue); next try allowed in \(wait) s")
            return nil
        case .loadReport, .loadPath, .loadFollowUp, .recordOutcome, .withdrawOutcome, .linkPeople:
            return .outcomes(performFollowUp(effect))
        case .quit:
            return nil
        }
    }

    /// Carries out the effects about outcomes, paths, the follow-up list and the report.
    func performFollowUp(_ effect: KioskEffect) -> OutcomeReply {
        let catalogue = schedule.catalogue
        let horizon = catalogue.rules.horizonDays
        func path(_ code: String) throws(RecordError) -> PersonPath? {
            try people.path(for: code, now: clock.now(), horizonDays: horizon)
        }
        switch effect {
        case .loadReport(let from, let to, let site):
            return .report(Result { () throws(RecordError) -> FunnelReport in
                try people.report(from: from, to: to, site: site, catalogue: catalogue, visits: visits)
            }.logFailure(log, describe))
        case .loadPath(let code):
            return .path(Result { () throws(RecordError) -> PersonPath? in try path(code) }.logFailure(log, describe))
        case .loadFollowUp(let weeks):
            return .followUp(Result { () throws(RecordError) -> [FollowUpEntry] in
                try people.followUp(weeks: weeks, now: clock.now())
            }.logFailure(log, describe))
        case .recordOutcome(let reference, let draft, let correcting):
            let now = clock.now()
            let result = Result { () throws(OutcomeError) -> Outcome in
                let found: Booking?
                do throws(RecordError) { found = try store.find(reference: reference) } catch { throw .records(error) }
                guard let booking = found else { throw .unknownCode(reference) }
                if let correcting {
                    return try outcomes.correct(id: correcting, with: draft, booking: booking, catalogue: catalogue, now: now)
                }
                return try outcomes.record(draft, for: booking, catalogue: catalogue, now: now)
            }.logFailure(log, describe)
            if case .success(let outcome) = result {
                log("outcome \(outcome.id) \(outcome.kind.rawValue) for \(outcome.booking)")
                audit.append(at: now, site: site, action: correcting == nil ? "outcome-add" : "outcome-correct", reference: outcome.booking,
                             detail: "\(outcome.id) \(outcome.kind.rawValue)")
            }
            return .recorded(result)
        case .withdrawOutcome(let id, let code):
            let now = clock.now()
            return .changed(Result { () throws(OutcomeError) -> PersonPath? in
                let outcome = try outcomes.withdraw(id: id, now: now)
                log("outcome \(outcome.id) withdrawn")
                audit.append(at: now, site: site, action: "outcome-withdraw", reference: outcome.booking, detail: outcome.id)
                do throws(RecordError) { return try path(code) } catch { throw .records(error) }
            }.logFailure(log, describe))
        case .linkPeople(let first, let second, let same):
            let now = clock.now()
            return .changed(Result { () throws(OutcomeError) -> PersonPath? in
                do throws(RecordError) {
                    try links.decide(first, second, same: same, now: now)
                    audit.append(at: now, site: site, action: same ? "person-same" : "person-not-same", reference: first, detail: second)
                    return try path(first)
                } catch {
                    throw .records(error)
                }
            }.logFailure(log, describe))
        default:
            return .path(.success(nil))
        }
    }

    /// The schedule of the catalogue the app shows.
    var schedule: Schedule { scheduleInUse.schedule }

    /// The schedule with the absences staff recorded since the kiosk started (read again only when the
    /// file changed, see `AbsenceStore`).
    func currentSchedule(of base: Schedule? = nil) throws(RecordError) -> Schedule {
        let base = base ?? schedule
        let recorded = try absences.absences()
        let known = Set(base.catalogue.absences)
        return Schedule(catalogue: base.catalogue.adding(absences: recorded.filter { !known.contains($0) }))
    }

    /// `currentSchedule` for a change, whose failures are booking errors. A change is checked against
    /// the newest catalogue read, even while the screen still shows the one its visitor started with: a
    /// slot the coordinator has just removed is refused, never booked for nobody to keep.
    func scheduleForChanges() throws(BookingError) -> Schedule {
        do {
            return try currentSchedule(of: catalogueSource?.newestSchedule)
        } catch {
            throw .records(error)
        }
    }

    /// Writes the ticket (see `TicketStore`) and starts the print command on it, if one is set, without
    /// waiting for it (see `PrintCommand`).
    func issueTicket(reference: String, text: String) {
        let url: URL
        do {
            url = try tickets.write(text, reference: reference)
        } catch {
            log("ticket \(reference) not written: \(error)")
            return
        }
        // The kiosk does not wait for the printer: the visitor sees their code at once.
        guard ticketCut, printer != nil else {
            printer?.start(ticket: url, reference: reference)
            return
        }
        // A receipt printer cuts after the ticket, fed past the blade: ESC/POS `GS V 66 0` (partial cut
        // after feeding). The stored ticket stays plain text; the printed copy goes through the queue.
        do {
            _ = try printDocument(name: reference, text: text + "\n\n\n" + Self.receiptCut)
        } catch {
            log("ticket \(reference) not sent to the printer: \(error)")
        }
    }

    /// ESC/POS: feed, then cut the paper (most receipt printers, 58 and 80 mm).
    public static let receiptCut = "\u{1D}V\u{42}\u{00}"
}

extension KioskRuntime {
    /// Sends a document to the print command and removes its file once printed (it holds names);
    /// false, with nothing written, when no print command is set.
    func printDocument(name: String, text: String) throws(RecordError) -> Bool {
        guard let printer else { return false }
        let url = try PrintQueue(dataFolder: dataFolder).write(text, name: name)
        printer.start(ticket: url, reference: name) { _ in PrintQueue.remove(url) }
        return true
    }
}

extension Result {
    /// Logs a failure (with the file, line and column of an unreadable record) and passes the result on.
    func logFailure(_ log: (String) -> Void, _ describe: (Problem) -> String) -> Result {
        guard case .failure(let failure) = self else { return self }
        let error: any Error = failure
        let records: RecordError? = switch error {
        case let records as RecordError: records
        case BookingError.records(let records), WalkInError.records(let records), OutcomeError.records(let records): records
        default: nil
        }
        switch records {
        case .unreadable(let problem): log("records unreadable: \(describe(problem))")
        case .writeFailed(let reason): log("records not written: \(reason)")
        case .uncertainWrite(let reason): log("records write interrupted and not undone: \(reason)")
        case .symbolicLink(let path): log("records refused, a symbolic link: \(path)")
        case .busy(let path): log("records not written: another writer held \(path) for longer than the wait")
        case .abandoned(let path): log("records not written: the wait for \(path), held by another writer, was given up to stop")
        case nil: log("refused: \(error)")
        }
        return self
    }
}

extension KioskRuntime {
    /// Applies one event to the app and carries out every request it leads to, handing each answer
    /// back to whoever asked; returns true when the app asked to quit. The real loop and the tests'
    /// pilot both go through here, so what a test drives is what the terminal runs.
    /// `waiter` says, for the app as it is when an effect is carried out, who waits if the effect waits
    /// for a records lock (the screen then shown is that app's, not the one before the event).
    public func carryOut(_ event: KioskEvent, on app: inout KioskApp, now: () -> Date,
                         waiter: (KioskApp) -> LockWaiter? = { _ in nil }) -> Bool {
        var requests = app.update(event, now: now())
        while !requests.isEmpty {
            let request = requests.removeFirst()
            if request.effect == .quit { return true }
            scheduleInUse.follow(app.context)
            if let reply = LockWaiter.$current.withValue(waiter(app), operation: { perform(request.effect) }) {
                requests += app.update(.reply(reply, to: request.requester), now: now())
            }
        }
        return false
    }
}
