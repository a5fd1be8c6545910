public import FabriqueCore

extension Booking.Status {
    /// The status as staff read it, in their language (« réservé », « vu »...).
    public func label(_ strings: Strings) -> String {
        switch self {
        case .booked: return strings.text(.statusBooked)
        case .arrived: return strings.text(.statusArrived)
        case .seen: return strings.text(.statusSeen)
        case .noShow: return strings.text(.statusNoShow)
        case .excused: return strings.text(.statusExcused)
        case .revoked: return strings.text(.statusRevoked)
        }
    }
}

extension StatusRefusal {
    /// Why the change was refused, in one sentence for staff or a script's log.
    public func text(_ strings: Strings) -> String {
        switch self {
        case .already(let status): return strings.text(.statusRefusedAlready, ["value": status.label(strings)])
        case .closed(let status): return strings.text(.statusRefusedClosed, ["value": status.label(strings)])
        case .notYet: return strings.text(.statusRefusedNotYet)
        case .otherDay: return strings.text(.statusRefusedOtherDay)
        case .sameSlot: return strings.text(.statusRefusedSameSlot)
        }
    }

    /// The refusal's code in JSON output.
    public var code: String {
        switch self {
        case .already: return "already"
        case .closed: return "closed"
        case .notYet: return "not-yet"
        case .otherDay: return "other-day"
        case .sameSlot: return "same-slot"
        }
    }
}
