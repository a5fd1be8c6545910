public import FabriqueCore

/// A key press, as the screens understand it (the backend translates terminal codes into these).
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
    case function(Int)
    /// A key the kiosk has no use for (Ctrl-C in kiosk mode among them).
    case unknown
}

/// What can happen to the kiosk: input, a new terminal size, time passing, or the result of an effect.
public enum KioskEvent: Sendable, Equatable {
    case key(Key)
    /// A mouse click at a cell.
    case click(Point)
    case resize(Size)
    case tick
    case availabilityLoaded(Result<[String: Int], RecordError>)
    case booked(Result<Booking, BookingError>)
    case checkedIn(Result<Booking?, BookingError>)
    case agendaLoaded(Result<AgendaDay, RecordError>)
    case statusSet(Result<Booking?, BookingError>)
    case statisticsLoaded(Result<StatisticsData, RecordError>)
    case bookingMoved(Result<Booking?, BookingError>)
    case walkInsLoaded(Result<[WalkIn], WalkInError>)
    /// The staff PIN's hash as `staff.json` holds it now (nil: none set).
    case staffCredentialLoaded(StaffCredential?)
}

/// The visits and bookings of a period, for the staff's statistics screen.
public struct StatisticsData: Sendable, Equatable {
    public let visits: [Visit]
    public let bookings: [Booking]

    /// Creates the data.
    public init(visits: [Visit], bookings: [Booking]) {
        self.visits = visits
        self.bookings = bookings
    }
}

/// The appointments of one day for the staff agenda, and the count of past ones left to fill in.
public struct AgendaDay: Sendable, Equatable {
    public let bookings: [Booking]
    public let backlog: Int

    /// Creates the day.
    public init(bookings: [Booking], backlog: Int) {
        self.bookings = bookings
        self.backlog = backlog
    }
}

/// What a visitor got wrong, for the log: repeated ones are someone trying codes.
public enum WrongAttempt: String, Sendable, Equatable {
    case checkInCode = "check-in code"
    case staffPIN = "staff PIN"
}

/// Work the kiosk asks its runtime to do; the result comes back as an event.
public enum KioskEffect: Sendable, Equatable {
    /// Count the active bookings per slot in a period (answered by `availabilityLoaded`).
    case loadAvailability(from: LocalDate, days: Int)
    /// Book through the core, which re-checks the slot under its lock (answered by `booked`).
    case book(BookingRequest)
    /// Record the arrival of the holder of a code, for an appointment at this place on a day (answered by `checkedIn`).
    case checkIn(reference: String, day: LocalDate)
    /// Read `staff.json` again, so that a PIN set after the kiosk started counts (answered by
    /// `staffCredentialLoaded`; not answered when the file cannot be read, the PIN known before staying).
    case loadStaffCredential
    /// Write the ticket file of a booking and send it to the print command, if any.
    case issueTicket(reference: String, text: String)
    /// Read a day's appointments at a place, or everywhere (answered by `agendaLoaded`).
    case loadAgenda(day: LocalDate, site: String?)
    /// Record what happened to an appointment (answered by `statusSet`).
    case setStatus(reference: String, status: Booking.Status)
    /// Read the day's walk-ins at a place (answered by `walkInsLoaded`).
    case loadWalkIns(day: LocalDate, site: String)
    /// Register a walk-in for a permanence of today, then read the queue again.
    case addWalkIn(permanence: String, firstName: String)
    /// Mark a walk-in seen or gone, then read the queue again.
    case setWalkInStatus(id: String, day: LocalDate, status: WalkIn.Status)
    /// Record a partner's absence on a day at this place and revoke its appointments (answered by `statusSet`).
    case recordAbsence(partner: String, day: LocalDate)
    /// Move a booking to another slot, keeping its code (answered by `bookingMoved`).
    case moveBooking(reference: String, slot: String)
    /// Read the visits and bookings of a period (answered by `statisticsLoaded`).
    case loadStatistics(from: LocalDate, to: LocalDate)
    /// Append an anonymous visit record (no answer comes back).
    case recordVisit(Visit)
    /// Note a wrong check-in code or staff PIN in the log (never what was typed), with the wait it imposes.
    case recordWrongAttempt(WrongAttempt, waitSeconds: Int)
    /// Leave the kiosk (staff only).
    case quit
}
