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
    case availabilityLoaded(Result<[String: Int], BookingError>)
    case booked(Result<Booking, BookingError>)
    case checkedIn(Result<Booking?, BookingError>)
}

/// Work the kiosk asks its runtime to do; the result comes back as an event.
public enum KioskEffect: Sendable, Equatable {
    /// Count the active bookings per slot in a period (answered by `availabilityLoaded`).
    case loadAvailability(from: LocalDate, days: Int)
    /// Book through the core, which re-checks the slot under its lock (answered by `booked`).
    case book(BookingRequest)
    /// Record the arrival of the holder of a code on a day (answered by `checkedIn`).
    case checkIn(reference: String, day: LocalDate)
    /// Write the ticket file of a booking and send it to the print command, if any.
    case issueTicket(reference: String, text: String)
    /// Leave the kiosk (staff only).
    case quit
}
