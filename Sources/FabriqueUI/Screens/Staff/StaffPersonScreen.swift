public import FabriqueCore
import FoundationEssentials

/// Staff mode: one person's path (appointments, walk-ins, outcomes, in order) and the people who may be
/// the same; O records an outcome, Enter corrects one, W withdraws one, M says a candidate is this person.
public struct StaffPersonScreen: KioskScreen, Equatable {
    /// The code the path was opened from (a booking's).
    public let code: String
    /// Where Esc goes back to.
    let back: StaffFlow.Back
    public private(set) var path: PersonPath?
    private(set) var loaded = false
    private(set) var failed = false
    private(set) var list = ListState()
    /// The outcome a first W chose; a second W withdraws it.
    private(set) var withdrawing: String?
    /// The appointment a first M chose (a candidate to join, or one of the path's to set apart); a second M decides.
    private(set) var linking: String?
    private(set) var note: ScreenMessage?

    init(code: String, back: StaffFlow.Back, note: ScreenMessage? = nil) {
        self.code = code
        self.back = back
        self.note = note
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .highlight(list.focus) }
    var journey: Journey? { nil }

    /// What each row of the list is: an entry of the path, the candidates' heading, or a candidate.
    enum Line: Equatable {
        case entry(PersonPath.Entry)
        case heading
        case candidate(Booking)
    }

    var lines: [Line] {
        guard let path else { return [] }
        return path.entries.map(Line.entry) + (path.candidates.isEmpty ? [] : [.heading] + path.candidates.map(Line.candidate))
    }

    var focused: Line? { lines.indices.contains(list.focus) ? lines[list.focus] : nil }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        if failed { return ScreenMessage(text: env.strings.text(.staffRecordsUnreadable)) }
        if loaded && path == nil { return ScreenMessage(text: env.strings.text(.personNone, ["value": code])) }
        return note
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .outcomes(.path(.success(let found))), .outcomes(.changed(.success(let found))):
            show(found)
        case .outcomes(.path(.failure)):
            failed = true
        case .outcomes(.changed(.failure(let error))):
            note = ScreenMessage(text: OutcomeText.refusal(error, catalogue: env.context.catalogue, strings: env.strings))
            // Withdrawn meanwhile at another terminal: show the path as it is now.
            if error == .alreadyWithdrawn { return .run(.loadPath(code: code)) }
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue,
             .staffPIN, .absences, .found, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    private mutating func show(_ found: PersonPath?) {
        path = found
        loaded = true
        let selectable = lines.map { $0 != .heading }
        list = ListState(focus: min(list.focus, max(0, selectable.count - 1)), selectable: selectable)
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        note = nil
        let pending = withdrawing
        let pendingLink = linking
        withdrawing = nil
        linking = nil
        if list.handle(key, selectable: lines.map { $0 != .heading }) { return .stay }
        guard let path else { return key == .escape ? back.transition(env) : .stay }
        switch key {
        case .escape:
            return back.transition(env)
        case .enter:
            switch focused {
            case .entry(.outcome(let outcome)) where outcome.counts:
                guard let booking = path.bookings.first(where: { $0.reference == outcome.booking }) else { return .stay }
                return .go(StaffOutcomeScreen(booking: booking, correcting: outcome, back: back, fromPath: true, env: env))
            case .entry(.booking(let booking)):
                return StaffFlow.agenda(day: booking.start.day, env, showing: booking)
            default:
                return .stay
            }
        case .character(let c):
            switch c.lowercased() {
            case "o":
                // The highlighted appointment, else the latest one seen.
                var chosen: Booking?
                if case .entry(.booking(let booking)) = focused { chosen = booking }
                if chosen?.status != .seen { chosen = path.bookings.last { $0.status == .seen } ?? chosen }
                guard let booking = chosen else { return .stay }
                guard booking.status == .seen else {
                    note = ScreenMessage(text: OutcomeText.refusal(.notSeen(booking.status), catalogue: env.context.catalogue, strings: env.strings))
                    return .stay
                }
                return .go(StaffOutcomeScreen(booking: booking, correcting: nil, back: back, fromPath: true, env: env))
            case "w":
                guard case .entry(.outcome(let outcome)) = focused, outcome.counts else { return .stay }
                if pending == outcome.id {
                    note = ScreenMessage(text: env.strings.text(.outcomeWithdrawnDone, ["id": outcome.id]), style: .muted)
                    return .run(.withdrawOutcome(id: outcome.id, code: code))
                }
                withdrawing = outcome.id
                note = ScreenMessage(text: env.strings.text(.personWithdrawAgain))
            case "m":
                guard let own = path.booking(named: code) else { return .stay }
                // A candidate joins this person; another appointment of the path is set apart (a wrong link undone).
                let other: Booking
                let same: Bool
                switch focused {
                case .candidate(let candidate): (other, same) = (candidate, true)
                case .entry(.booking(let booking)) where !booking.isBookedTogether(with: own):
                    (other, same) = (booking, false)
                default: return .stay
                }
                guard pendingLink == other.reference else {
                    linking = other.reference
                    note = ScreenMessage(text: env.strings.text(same ? .personLinkAgain : .personUnlinkAgain, ["code": other.reference]))
                    return .stay
                }
                note = ScreenMessage(text: env.strings.text(same ? .personLinked : .personUnlinked,
                                                            ["first": own.reference, "second": other.reference]), style: .muted)
                return .run(.linkPeople(first: own.reference, second: other.reference, same: same))
            default:
                break
            }
        default:
            break
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let contact = path?.contact
        var heading = OutcomeText.pathTitle(contact, code: code, strings: strings)
        if let phone = contact?.phone { heading += " · " + Contact.displayPhone(phone) }
        let hints = [Chrome.Hint(key: "O", label: strings.text(.staffHintOutcome)),
                     Chrome.Hint(key: "M", label: strings.text(.staffHintSamePerson)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(back.label))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: strings.text(.personKeys), hints: hints)
        let rows = lines.map { line -> ListView.Row in
            switch line {
            case .entry(let entry):
                var style = Style.normal
                if case .outcome(let outcome) = entry, !outcome.counts { style = .muted }
                guard let path else { return ListView.Row(text: "") }
                // The report leaves out what follows an appointment no longer marked seen: said here too.
                if OutcomeText.countsNot(entry, of: path) { style = .muted }
                if case .booking(let booking) = entry, !booking.isActive { style = .muted }
                return ListView.Row(text: OutcomeText.line(entry, of: path, catalogue: context.catalogue, strings: strings), style: style)
            case .heading:
                return ListView.Row(text: strings.text(.personCandidates), style: .emphasis, selectable: false)
            case .candidate(let booking):
                return ListView.Row(text: OutcomeText.candidate(booking, strings: strings))
            }
        }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas,
                                      in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}
