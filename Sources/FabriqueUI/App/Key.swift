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

/// What can happen to the kiosk: input, a new terminal size, time passing, or the answer to an effect.
public enum KioskEvent: Sendable, Equatable {
    case key(Key)
    /// A mouse click at a cell.
    case click(Point)
    case resize(Size)
    case tick
    /// The answer to a request, addressed to whoever made it.
    case reply(Reply, to: Requester)
}

/// Who asked for an effect: the kiosk itself (its gates), or one screen as it was shown.
public enum Requester: Sendable, Equatable {
    case kiosk
    /// A screen, by the number the kiosk gave it when it was shown (each showing gets a new one).
    case screen(Int)
}

/// An effect and who asked for it: the runtime hands the answer back with the same requester.
public struct Request: Sendable, Equatable {
    public let effect: KioskEffect
    public let requester: Requester

    /// Pairs an effect with who asked for it.
    public init(_ effect: KioskEffect, for requester: Requester) {
        self.effect = effect
        self.requester = requester
    }
}

/// The answer to something asked: one case per effect that has an answer (named in `KioskEffect`),
/// and the staff gate's answer to a refused PIN.
public enum Reply: Sendable, Equatable {
    /// Active bookings per slot (answers `loadAvailability`).
    case availability(Result<[String: Int], RecordError>)
    /// The bookings made, or why none was (answers `book`).
    case booked(Result<BookedPlan, BookingError>)
    /// What the code typed at check-in turned out to be (answers `checkIn`).
    case checkedIn(Result<CheckInOutcome, BookingError>)
    /// The absences staff recorded (answers `loadAbsences`).
    case absences(Result<[PartnerAbsence], RecordError>)
    /// A day's appointments (answers `loadAgenda`).
    case agenda(Result<AgendaDay, RecordError>)
    /// The appointment as changed; nil when the code matches none (answers `setStatus`).
    case statusSet(Result<Booking?, BookingError>)
    /// How many appointments a partner's absence revoked (answers `recordAbsence`).
    case absenceRecorded(Result<Int, BookingError>)
    /// The figures of a period (answers `loadStatistics`).
    case statistics(Result<StatisticsData, RecordError>)
    /// The appointment as moved; nil when the code matches none (answers `moveBooking`).
    case moved(Result<Booking?, BookingError>)
    /// The day's walk-ins after reading or changing them (answers `loadWalkIns`, `addWalkIn`, `setWalkInStatus`).
    case walkIns(Result<[WalkIn], WalkInError>)
    /// The staff PIN as `staff.json` holds it now, nil when none is set (answers `loadStaffCredential`).
    case staffCredential(StaffCredential?)
    /// The catalogue read again after its files changed (answers `checkCatalogue` when they did).
    case catalogue(CatalogueEdit)
    /// A PIN the staff gate did not let through: wrong, or not checked during the wait (or with no PIN set).
    case staffPIN(wrong: Bool)
    /// The appointments answering a search, to come first, then past (answers `findBookings`).
    case found(Result<SearchResult, RecordError>)
    /// The appointments a code stands for, as on its ticket (answers `loadCode`).
    case code(Result<BookedPlan, RecordError>)
    /// Whether a document went to the print command; false when none is set (answers `printDocument`).
    case printed(Result<Bool, RecordError>)
    /// Answers about outcomes, people's paths and the report.
    case outcomes(OutcomeReply)
}

/// The answers to the outcome, path, follow-up and report effects.
public enum OutcomeReply: Sendable, Equatable {
    case report(Result<FunnelReport, RecordError>)
    /// The path, or nil when the code leads to nobody.
    case path(Result<PersonPath?, RecordError>)
    case followUp(Result<[FollowUpEntry], RecordError>)
    case recorded(Result<Outcome, OutcomeError>)
    /// The path read again after a withdrawal or a link.
    case changed(Result<PersonPath?, OutcomeError>)
}

/// The bookings of a plan, all made at once; the plan's code when there are several.
public struct BookedPlan: Sendable, Equatable {
    public let plan: String?
    public let bookings: [Booking]

    /// Creates the result.
    public init(plan: String?, bookings: [Booking]) {
        self.plan = plan
        self.bookings = bookings
    }

    /// The code the visitor keeps: the plan's, or the one booking's.
    public var code: String { plan ?? bookings.first?.reference ?? "" }
}

/// The visits and bookings of a period, for the staff's statistics screen.
public struct StatisticsData: Sendable, Equatable {
    public let visits: [Visit]
    public let bookings: [Booking]
    public let walkIns: [WalkIn]

    /// Creates the data.
    public init(visits: [Visit], bookings: [Booking], walkIns: [WalkIn] = []) {
        self.visits = visits
        self.bookings = bookings
        self.walkIns = walkIns
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

/// Work the kiosk asks its runtime to do; the answer, if any, comes back as a `Reply` to whoever asked.
public enum KioskEffect: Sendable, Equatable {
    /// Count the active bookings per slot in a period (answered by `Reply.availability`).
    case loadAvailability(from: LocalDate, days: Int)
    /// Book every request at once, all or none, through the core, which re-checks each slot under its
    /// lock (answered by `Reply.booked`).
    case book([BookingRequest])
    /// Record the arrival of the holder of a code (a booking's or a plan's), for that day's appointment at
    /// this place, or find out why not (answered by `Reply.checkedIn`).
    case checkIn(code: String, day: LocalDate)
    /// Read the absences staff recorded since the catalogue was written (answered by `Reply.absences`).
    case loadAbsences
    /// Read `staff.json` again, so that a PIN set after the kiosk started counts (answered by
    /// `Reply.staffCredential`; not answered when the file cannot be read, the PIN known before staying).
    case loadStaffCredential
    /// Look whether the catalogue's files changed since they were last read (a few `stat` calls); when
    /// they did, read and check them again (answered by `Reply.catalogue` only then).
    case checkCatalogue
    /// Write the ticket file of a booking and send it to the print command, if any.
    case issueTicket(reference: String, text: String)
    /// Read a day's appointments at a place, or everywhere (answered by `Reply.agenda`).
    case loadAgenda(day: LocalDate, site: String?)
    /// Record what happened to an appointment (answered by `Reply.statusSet`).
    case setStatus(reference: String, status: Booking.Status)
    /// Read the day's walk-ins at a place (answered by `Reply.walkIns`).
    case loadWalkIns(day: LocalDate, site: String)
    /// Register a walk-in for a permanence of today, or for the general reception when nil, then read the
    /// queue again (answered by `Reply.walkIns`).
    case addWalkIn(permanence: String?, firstName: String)
    /// Mark a walk-in seen or gone, then read the queue again (answered by `Reply.walkIns`).
    case setWalkInStatus(id: String, day: LocalDate, status: WalkIn.Status)
    /// Record a partner's absence on a day at this place and revoke its appointments (answered by `Reply.absenceRecorded`).
    case recordAbsence(partner: String, day: LocalDate, site: String)
    /// Move a booking to another slot, keeping its code (answered by `Reply.moved`).
    case moveBooking(reference: String, slot: String)
    /// Read the visits and bookings of a period (answered by `Reply.statistics`).
    case loadStatistics(from: LocalDate, to: LocalDate)
    /// Append an anonymous visit record (no answer comes back).
    case recordVisit(Visit)
    /// Note a wrong check-in code or staff PIN in the log (never what was typed), with the wait it imposes.
    case recordWrongAttempt(WrongAttempt, waitSeconds: Int)
    /// Look for appointments by name, phone or code in every month kept (answered by `Reply.found`).
    case findBookings(String)
    /// Read the appointments of a code, a booking's or a plan's (answered by `Reply.code`).
    case loadCode(String)
    /// Send a document (the day's agenda) to the print command; the file holds names and goes once
    /// printed (answered by `Reply.printed`).
    case printDocument(name: String, text: String)
    /// Read the funnel report of a period, at one place or every place (answered by `Reply.outcomes(.report)`).
    case loadReport(from: LocalDate, to: LocalDate, site: String?)
    /// Read the path of the person behind a booking's code (answered by `Reply.outcomes(.path)`).
    case loadPath(code: String)
    /// Read who to call back: seen over `weeks` weeks ago, nothing since (answered by `Reply.outcomes(.followUp)`).
    case loadFollowUp(weeks: Int)
    /// Record what came of a seen appointment, or correct outcome `correcting` (answered by `Reply.outcomes(.recorded)`).
    case recordOutcome(reference: String, draft: OutcomeDraft, correcting: String?)
    /// Withdraw an outcome from the figures, then read the path of `code` again (answered by `Reply.outcomes(.changed)`).
    case withdrawOutcome(id: String, code: String)
    /// Record staff's word that two appointments are one person's, then read the path of the first
    /// again (answered by `Reply.outcomes(.changed)`).
    case linkPeople(first: String, second: String, same: Bool)
    /// Leave the kiosk (staff only).
    case quit
}

/// A catalogue read again because its files changed while the kiosk ran.
public struct CatalogueEdit: Sendable, Equatable {
    /// The catalogue to switch to; nil when the files have errors (or no longer name this kiosk's place)
    /// and the kiosk keeps the catalogue it has.
    public let catalogue: Catalogue?
    /// Which reading this is: edits are told apart by it (a catalogue is not compared field by field).
    public let number: Int

    /// An edit read as the `number`-th, usable or not.
    public init(catalogue: Catalogue?, number: Int) {
        self.catalogue = catalogue
        self.number = number
    }

    public static func == (a: CatalogueEdit, b: CatalogueEdit) -> Bool { a.number == b.number }
}
