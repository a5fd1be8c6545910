public import FoundationEssentials
import Glibc

/// The records a move across months writes, set down before any of them, so that a writer killed
/// half-way is finished by the next one: each write puts a whole record in its month (a later
/// version replaces an earlier one), so writing them all again changes nothing that was done.
struct PendingMove: Codable, Sendable {
    /// The record to put in each month file (`2027-01`).
    var writes: [String: Booking]

    static let fileName = "move-pending.json"
}

extension Booking {
    /// The record left in a month the appointment moved out of: its code and plan, where it went,
    /// and no name, phone or e-mail.
    func forwarding(to month: String) -> Booking {
        var stub = self
        stub.firstName = ""
        stub.lastName = ""
        stub.phone = nil
        stub.email = nil
        stub.forwardedTo = month
        return stub
    }
}

extension BookingStore {
    /// Moves the booking holding `reference` to another slot of its service, in any month and at any
    /// place, keeping its code. The new slot is checked under the lock like a new booking. Moved to
    /// another month, the booking goes to that month's file and a forwarding stays in the month its
    /// code names, so that the code still leads to it in one step.
    public func move(reference: String, to slotID: String, schedule: Schedule, now: Date) throws(BookingError) -> Booking? {
        guard let slot = schedule.slot(id: slotID) else { throw .unknownSlot }
        guard schedule.isBookable(slot, at: now) else { throw .notBookable }
        let wanted = Self.normalizedReference(reference)
        guard let codeMonth = Self.month(of: wanted) else { return nil }
        let target = RecordFiles.monthName(of: slot.date)
        return try mapFailures {
            try files.withLock { () throws -> Booking? in
                try recoverPending()
                guard let source = try liveMonth(of: wanted, codeMonth: codeMonth) else { return nil }
                let read = try files.load(source, as: Booking.self)
                guard let index = read.month.positions[wanted], !read.month.records[index].isForwarding else { return nil }
                var booking = read.month.records[index]
                if let refusal = StatusChange.cancellationRefusal(booking) { throw BookingError.statusRefused(refusal) }
                guard booking.slot != slot.id else { throw BookingError.statusRefused(.sameSlot) }
                guard slot.services.contains(booking.service) else { throw BookingError.serviceNotInSlot }
                // Counted under the lock, like a new booking; the moved booking does not count against itself.
                let targetRecords = source == target ? read.month.records : try files.month(target, as: Booking.self).records
                let taken = targetRecords.count { $0.slot == slot.id && $0.isActive && $0.reference != wanted }
                guard taken < slot.capacity else { throw BookingError.full }
                // A past appointment still booked, moved to come, must not make a second booking of the
                // service for the same person (the catalogue's one-booking rule, as a new booking).
                if let held = try otherBooking(of: booking, schedule: schedule, now: now) {
                    throw BookingError.alreadyBooked(held.reference)
                }
                // One person cannot be in two places: the plan's other appointments keep their rule.
                if let plan = booking.plan {
                    for other in try planMembers(plan, besides: wanted, horizonDays: schedule.catalogue.rules.horizonDays)
                    where other.isActive {
                        guard let held = schedule.slot(id: other.slot) else { continue }
                        if Self.conflict(slot, held, travelMinutes: schedule.catalogue.rules.travelMinutes) {
                            throw BookingError.overlap(slot.id, held.id)
                        }
                    }
                }
                booking.slot = slot.id
                booking.start = AppointmentStart(slot.startInstant)
                booking.site = slot.site
                // A new appointment: an arrival recorded for the old one does not carry over.
                booking.status = .booked
                booking.arrivedAt = nil
                guard source != target else {
                    try files.append([booking], to: source, read: consume read)
                    return booking
                }
                var writes = [target: booking, source: booking.forwarding(to: target)]
                let home = RecordFiles.monthName(of: codeMonth)
                if home != source && home != target { writes[home] = booking.forwarding(to: target) }
                try commit(PendingMove(writes: writes))
                return booking
            }
        }
    }

    /// Writes a move's records; the caller holds the lock. The pending file goes first and is removed
    /// last: a writer killed in between leaves it for the next writer, which writes them all again.
    private func commit(_ move: PendingMove) throws {
        try files.write(move, to: PendingMove.fileName)
        do {
            try apply(move)
            try unlinkPending(PendingMove.fileName)
            try files.syncFolder()
        } catch {
            // The pending file stays, and the next writer finishes the move: whether it is done is not
            // known yet, and the caller is told so.
            throw RecordFiles.Failure.uncertain(path: files.folder.appendingPathComponent(PendingMove.fileName).path, code: EIO)
        }
    }

    /// The live record first, so that a forwarding never points to a month without it.
    private func apply(_ move: PendingMove) throws {
        for (month, record) in move.writes.sorted(by: { ($0.value.isForwarding ? 1 : 0, $0.key) < ($1.value.isForwarding ? 1 : 0, $1.key) }) {
            try files.append([record], to: month)
        }
    }

    /// The other live appointments of plan `plan` (the caller holds the lock).
    func planMembers(_ plan: String, besides reference: String, horizonDays: Int) throws -> [Booking] {
        try bookings(forCode: plan, horizonDays: horizonDays).filter { $0.reference != reference }
    }

    /// Finishes a move whose writer did not (killed, or failed half-way); the caller holds the lock.
    func recoverPendingMove() throws {
        guard let pending = try files.read(PendingMove.fileName, as: PendingMove.self) else { return }
        try apply(pending)
        try unlinkPending(PendingMove.fileName)
        try files.syncFolder()
    }

    /// Undoes an unfinished plan and finishes an unfinished move, before any change; the caller holds the lock.
    func recoverPending() throws {
        try recoverPendingPlan()
        try recoverPendingMove()
    }
}
