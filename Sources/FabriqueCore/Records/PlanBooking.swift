public import FoundationEssentials
import Glibc

/// The bookings of a plan, written down before they are added to their months, so that a writer
/// killed half-way is undone by the next one: a plan is booked whole or not at all.
struct PendingPlan: Codable, Sendable {
    var plan: String
    /// The references added, by month file (`2026-12`).
    var references: [String: [String]]

    static let fileName = "plan-pending.json"
}

/// What a code typed at check-in turned out to be.
public enum CheckInOutcome: Sendable, Equatable {
    /// The arrival is recorded now.
    case arrived(Booking)
    /// The arrival had been recorded already (or the appointment has been held).
    case alreadyArrived(Booking)
    /// The appointment is on another day (the next one to come, or the last one past).
    case otherDay(Booking)
    /// Today's appointment is at another place: nothing is recorded here.
    case otherPlace(Booking)
    /// The appointment was cancelled, revoked, or marked missed.
    case notActive(Booking)
    /// No appointment has this code.
    case unknown
}

extension BookingStore {
    /// Books every request at once, under one lock, all or none: each slot is re-checked (it exists,
    /// is to come, offers the service, has room, counting the plan's other requests), no two overlap or
    /// leave less than the catalogue's travel time between places. One request is booked as `book` does
    /// (no plan code); several share a new plan code, returned with the bookings in time order.
    public func bookPlan(_ requests: [BookingRequest], schedule: Schedule, now: Date,
                         random: @Sendable () -> UInt64 = { UInt64.random(in: .min ... .max) }) throws(BookingError) -> (plan: String?, bookings: [Booking]) {
        guard requests.count > 1 else {
            guard let request = requests.first else { throw .unknownSlot }
            return (nil, [try book(request, schedule: schedule, now: now, random: random)])
        }
        // Everything that does not need the records is checked first.
        var slots: [Slot] = []
        for request in requests {
            func refuse(_ reason: BookingError) -> BookingError { .inPlan(slot: request.slot, reason: reason) }
            guard request.consent else { throw .noConsent }
            guard Contact.name(request.firstName) != nil, Contact.name(request.lastName) != nil else { throw .invalidName }
            guard let slot = schedule.slot(id: request.slot) else { throw refuse(.unknownSlot) }
            guard slot.services.contains(request.service) else { throw refuse(.serviceNotInSlot) }
            guard schedule.isBookable(slot, at: now) else { throw refuse(.notBookable) }
            slots.append(slot)
        }
        let travel = schedule.catalogue.rules.travelMinutes
        for i in slots.indices {
            for j in slots.indices where j > i && Self.conflict(slots[i], slots[j], travelMinutes: travel) {
                throw .overlap(slots[i].id, slots[j].id)
            }
        }
        let order = slots.indices.sorted { (slots[$0].startInstant, slots[$0].id) < (slots[$1].startInstant, slots[$1].id) }
        return try mapFailures {
            try files.withLock {
                try recoverPending()
                // Room in every slot, the plan's own requests counted.
                var wanted: [String: Int] = [:]
                var existing = Set<String>()
                for slot in slots {
                    let month = try files.month(RecordFiles.monthName(of: slot.date), as: Booking.self)
                    wanted[slot.id, default: 0] += 1
                    let taken = month.records.count { $0.slot == slot.id && $0.isActive }
                    guard taken + wanted[slot.id, default: 0] <= slot.capacity else {
                        throw BookingError.inPlan(slot: slot.id, reason: .full)
                    }
                    existing.formUnion(month.positions.keys)
                    existing.formUnion(month.records.compactMap(\.plan))
                }
                let stamp = RecordTime.string(now)
                let firstDay = slots[order[0]].date
                let plan = try Self.freeReference(for: firstDay, random) { existing.contains($0) }
                existing.insert(plan)
                var bookings: [Booking] = []
                // The plan's own bookings count for the one-booking rule too: the first of a service holds it.
                var planned: [String: String] = [:]
                for index in order {
                    let request = requests[index]
                    let slot = slots[index]
                    let firstName = Contact.name(request.firstName) ?? request.firstName
                    let lastName = Contact.name(request.lastName) ?? request.lastName
                    let phone = request.phone.flatMap(Contact.phone)
                    var duplicateOf: String?
                    if schedule.catalogue.rules.oneActiveBookingPerService {
                        if let held = try heldBooking(service: request.service, firstName: firstName, lastName: lastName,
                                                      phone: phone, now: now, horizonDays: schedule.catalogue.rules.horizonDays) {
                            guard request.whenAlreadyHeld == .flagForStaff else {
                                throw BookingError.inPlan(slot: slot.id, reason: .alreadyBooked(held.reference))
                            }
                            duplicateOf = held.reference
                        } else if let earlier = planned[request.service] {
                            guard request.whenAlreadyHeld == .flagForStaff else {
                                throw BookingError.inPlan(slot: slot.id, reason: .sameServiceTwice(request.service))
                            }
                            duplicateOf = earlier
                        }
                    }
                    let reference = try Self.freeReference(for: slot.date, random) { existing.contains($0) }
                    existing.insert(reference)
                    bookings.append(Booking(reference: reference, slot: slot.id, partner: slot.partner, service: request.service,
                                            site: slot.site, start: AppointmentStart(slot.startInstant),
                                            firstName: firstName, lastName: lastName, phone: phone,
                                            email: request.email.flatMap(Contact.email), quartier: request.quartier,
                                            needs: request.needs, bookedAt: request.bookedAt, createdAt: stamp, consentAt: stamp,
                                            status: .booked, arrivedAt: nil, anonymised: nil, possibleDuplicateOf: duplicateOf,
                                            plan: plan, channel: request.channel == .kiosk ? nil : request.channel,
                                            stage: request.stage, under26: request.under26, walkIn: request.walkIn))
                    if planned[request.service] == nil { planned[request.service] = reference }
                }
                try commit(plan: plan, bookings)
                return (plan, bookings)
            }
        }
    }

    /// Whether two slots cannot both be held by one person: they overlap, or are at different places
    /// with less than `travelMinutes` between them.
    public static func conflict(_ a: Slot, _ b: Slot, travelMinutes: Int) -> Bool {
        let gap = a.site == b.site ? 0 : Double(travelMinutes) * 60
        return a.startInstant < b.endInstant.addingTimeInterval(gap) && b.startInstant < a.endInstant.addingTimeInterval(gap)
    }

    /// Adds a plan's bookings to their months; the caller holds the lock. The pending file goes first and
    /// its removal is the commit: a failure before it takes back what was added, and a kill before it is
    /// taken back by the next writer (`recoverPendingPlan`).
    private func commit(plan: String, _ bookings: [Booking]) throws {
        let byMonth = Dictionary(grouping: bookings) { RecordFiles.monthName(of: $0.start.day) }
        let pendingPath = files.folder.appendingPathComponent(PendingPlan.fileName).path
        try files.write(PendingPlan(plan: plan, references: byMonth.mapValues { $0.map(\.reference) }), to: PendingPlan.fileName)
        do {
            for month in byMonth.keys.sorted() {
                try files.append(byMonth[month] ?? [], to: month)
            }
            try unlinkPending(PendingPlan.fileName)
        } catch {
            // Whatever was added goes again; if even that fails, the pending file stays for the next writer.
            do {
                try recoverPendingPlan()
            } catch {
                throw RecordFiles.Failure.uncertain(path: pendingPath, code: EIO)
            }
            throw error
        }
        // Committed. Only the removal's durability is in doubt if the folder cannot be synced.
        do {
            try files.syncFolder()
        } catch {
            throw RecordFiles.Failure.uncertain(path: pendingPath, code: errno)
        }
    }

    /// Takes back the bookings of a plan whose writer did not finish (killed, or failed half-way), so
    /// that no partial plan stays on disk; the caller holds the lock.
    func recoverPendingPlan() throws {
        guard let pending = try files.read(PendingPlan.fileName, as: PendingPlan.self) else { return }
        for (month, references) in pending.references.sorted(by: { $0.key < $1.key }) {
            let unwanted = Set(references)
            let records = try files.month(month, as: Booking.self).records
            guard records.contains(where: { unwanted.contains($0.reference) }) else { continue }
            try files.replace(month, with: records.filter { !unwanted.contains($0.reference) })
        }
        try unlinkPending(PendingPlan.fileName)
        try files.syncFolder()
    }

    /// Removes a pending file's previous copy, then the pending file itself, the commit point (absent
    /// ones are no failure): while the pending file is there, the change can still be undone or redone.
    func unlinkPending(_ file: String) throws {
        for name in [file + ".prev", file] {
            let path = files.folder.appendingPathComponent(name).path
            if files.system.unlink(path) != 0 && errno != ENOENT { throw RecordFiles.Failure.io(path: path, code: errno) }
        }
    }

    /// The bookings a code stands for: the booking with that reference, or every booking of the plan
    /// with that code (looked for in the plan's months, its code naming the first, and in the months
    /// its moved appointments were forwarded to). `skippingUnreadable`: a plan month that cannot be
    /// read is left out instead of stopping the look-up (check-in, which reads the day's month first).
    public func bookings(forCode code: String, horizonDays: Int, skippingUnreadable: Bool = false) throws(RecordError) -> [Booking] {
        let wanted = Self.normalizedReference(code)
        guard let first = Self.month(of: wanted) else { return [] }
        var found: [String: Booking] = [:]
        // A booking's own code: plan codes are never a booking's reference, so nothing else is looked for
        // (and a damaged file of another month does not hide it).
        if let single = try find(reference: wanted) { return [single] }
        let scanned = LocalDate.months(from: first, through: first.adding(days: horizonDays + 31)).map(RecordFiles.monthName(of:))
        var forwarded: Set<String> = []
        func monthRecords(_ month: String) throws(RecordError) -> [Booking] {
            do {
                return try records(inMonth: month)
            } catch {
                if skippingUnreadable { return [] }
                throw error
            }
        }
        for month in scanned {
            for record in try monthRecords(month) where record.plan == wanted {
                if let target = record.forwardedTo { forwarded.insert(target) } else { found[record.reference] = record }
            }
        }
        for month in forwarded.subtracting(scanned) {
            for record in try monthRecords(month) where record.plan == wanted && !record.isForwarding {
                found[record.reference] = record
            }
        }
        return found.values.sorted { ($0.start.instant, $0.reference) < ($1.start.instant, $1.reference) }
    }

    /// Checks in the holder of `code` (a booking's or a plan's) at `site` on `day`: records the arrival
    /// of that day's appointment there, or says why not.
    public func checkIn(code: String, on day: LocalDate, site: String, now: Date,
                        horizonDays: Int) throws(BookingError) -> CheckInOutcome {
        let found: [Booking]
        do {
            // The day's month must be read (its appointments are the ones checked in); another month of a
            // plan that cannot be read does not keep the visitor from checking in today.
            _ = try records(inMonth: RecordFiles.monthName(of: day))
            found = try bookings(forCode: code, horizonDays: horizonDays, skippingUnreadable: true)
        } catch {
            throw .records(error)
        }
        guard !found.isEmpty else { return .unknown }
        let active = found.filter(\.isActive)
        let today = active.filter { $0.start.day == day }
        if let here = today.first(where: { $0.site == site }) {
            guard here.status == .booked else { return .alreadyArrived(here) }
            var recorded = false
            let updated = try update(reference: here.reference, in: day) { booking, _ in
                guard booking.status == .booked else { return false }
                booking.status = .arrived
                booking.arrivedAt = RecordTime.string(now)
                recorded = true
                return true
            }
            guard let updated else { return .unknown }
            return recorded ? .arrived(updated) : .alreadyArrived(updated)
        }
        if let elsewhere = today.first { return .otherPlace(elsewhere) }
        if let next = active.first(where: { $0.start.day > day }) ?? active.last { return .otherDay(next) }
        return .notActive(found[0])
    }
}
