public import FoundationEssentials

/// Why a status change was refused, so that staff (and scripts) are told what stands in the way.
public enum StatusRefusal: Sendable, Equatable {
    /// The appointment has that status already: nothing to change.
    case already(Booking.Status)
    /// A cancellation of an appointment that is over or was called off already.
    case closed(Booking.Status)
    /// Missed before the appointment has started, or seen before it started without an arrival.
    case notYet
    /// Arrived on another day than the appointment's.
    case otherDay
    /// Moved to the slot it already has.
    case sameSlot
}

/// The rules of what staff may record about an appointment, kept in one place for the kiosk's keys,
/// `fabrique status` and `fabrique cancel`.
public enum StatusChange {
    /// Why `booking` cannot go to `status` at `now`, or nil when it can (a free place is checked apart).
    public static func refusal(_ booking: Booking, to status: Booking.Status, now: Date) -> StatusRefusal? {
        if booking.status == status { return .already(status) }
        // A cancelled or revoked appointment was not held: nothing can have happened at it. B first.
        if status != .booked && (booking.status == .excused || booking.status == .revoked) { return .closed(booking.status) }
        switch status {
        case .seen:
            // Seen once the appointment has begun, or earlier that day once the person has arrived.
            if booking.start.day > LocalDate(now) || (booking.start.instant > now && booking.status != .arrived) { return .notYet }
        case .noShow:
            if booking.start.instant > now { return .notYet }
        case .arrived:
            if booking.start.day != LocalDate(now) { return .otherDay }
        case .excused, .revoked:
            // Cancelled by the person, or by the Fabrique: only an appointment still to be held.
            if let closed = cancellationRefusal(booking) { return closed }
        case .booked:
            break
        }
        return nil
    }

    /// Why the visitor's own cancellation of `booking` is refused, or nil: only an appointment still to
    /// be held (booked, or arrived and waiting) can be cancelled.
    public static func cancellationRefusal(_ booking: Booking) -> StatusRefusal? {
        booking.status == .booked || booking.status == .arrived ? nil : .closed(booking.status)
    }

    /// Whether the change takes a place in the slot back (a missed, cancelled or revoked appointment
    /// made active again), which must then be free.
    static func retakesPlace(_ booking: Booking, to status: Booking.Status) -> Bool {
        !booking.status.holdsPlace && status.holdsPlace
    }
}

extension BookingStore {
    /// Sets the status of the booking holding `reference` (staff's record of what happened), under the
    /// rules of `StatusChange`; an appointment made active again needs a free place in its slot, its
    /// partner present that day and, when it is to come, no other active booking of the same person for
    /// the service (the catalogue's one-booking rule, as a new booking). The arrival time goes when the
    /// appointment is booked again.
    public func setStatus(reference: String, to status: Booking.Status, schedule: Schedule, now: Date) throws(BookingError) -> Booking? {
        try update(reference: reference) { booking, month in
            if let refusal = StatusChange.refusal(booking, to: status, now: now) { throw BookingError.statusRefused(refusal) }
            if StatusChange.retakesPlace(booking, to: status) {
                if schedule.isAbsent(partner: booking.partner, site: booking.site, on: booking.start.day)
                    || schedule.isClosed(site: booking.site, on: booking.start.day) {
                    throw BookingError.notBookable
                }
                let capacity = schedule.slot(id: booking.slot)?.capacity ?? 1
                let taken = month.count { $0.slot == booking.slot && $0.isActive && $0.reference != booking.reference }
                guard taken < capacity else { throw BookingError.full }
                // A cancelled appointment revived after the person booked the service again would make two.
                if booking.start.instant > now, let held = try otherBooking(of: booking, schedule: schedule, now: now) {
                    throw BookingError.alreadyBooked(held.reference)
                }
            }
            booking.status = status
            switch status {
            case .arrived: if booking.arrivedAt == nil { booking.arrivedAt = RecordTime.string(now) }
            // Not there after all (a mistaken A corrected): no arrival time stays on the record.
            case .booked, .noShow: booking.arrivedAt = nil
            case .seen, .excused, .revoked: break
            }
            return true
        }
    }

    /// The same person's other active booking to come for `booking`'s service, where the catalogue's
    /// one-booking rule applies and `booking` is no duplicate staff let through (`possibleDuplicateOf`):
    /// what a status change or a move that makes `booking` active and to come must not double.
    func otherBooking(of booking: Booking, schedule: Schedule, now: Date) throws -> Booking? {
        guard schedule.catalogue.rules.oneActiveBookingPerService, booking.possibleDuplicateOf == nil else { return nil }
        return try heldBooking(service: booking.service, firstName: booking.firstName, lastName: booking.lastName,
                               phone: booking.phone, now: now, horizonDays: schedule.catalogue.rules.horizonDays,
                               excluding: booking.reference)
    }

    /// Revokes the booking holding `reference` because its partner is away (no rule but that it holds a place).
    func revoke(reference: String) throws(BookingError) -> Booking? {
        try update(reference: reference) { booking, _ in
            guard booking.isActive else { return false }
            booking.status = .revoked
            return true
        }
    }

    /// Cancels the booking holding `reference` at the visitor's request (status `excused`), freeing its
    /// place; an appointment already over or called off is refused with its status.
    public func cancel(reference: String, now: Date) throws(BookingError) -> Booking? {
        try update(reference: reference) { booking, _ in
            if let refusal = StatusChange.cancellationRefusal(booking) { throw BookingError.statusRefused(refusal) }
            booking.status = .excused
            return true
        }
    }
}
