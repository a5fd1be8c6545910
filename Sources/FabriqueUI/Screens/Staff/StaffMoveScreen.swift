public import FabriqueCore
public import FoundationEssentials

/// Staff mode: moving an appointment to another free slot of its service, in any month of the booking
/// horizon and at any place (this one first), keeping its code; the ticket is issued again.
public struct StaffMoveScreen: KioskScreen, Equatable {
    public let booking: Booking
    private(set) var slots: SlotList
    /// True when the slot chosen was taken meanwhile and the slots are being read again.
    private var refreshing = false
    /// The appointment as moved, while its code's appointments are read for the new ticket.
    private var moved: Booking?

    /// The slots of the other appointments of the booking's plan, which a new slot must keep clear of.
    private let planSlots: [Slot]

    init(booking: Booking, taken: [String: Int], besides planSlots: [Slot] = [], env: ScreenEnvironment) {
        self.booking = booking
        self.planSlots = planSlots
        slots = SlotList(context: env.context, service: booking.service, taken: taken, now: env.now, chosen: nil, besides: planSlots,
                         excluding: booking.slot)
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .choose(slots.list.focus) }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        switch slots.handle(key) {
        case .chosen(let slot): return .run(.moveBooking(reference: booking.reference, slot: slot.id))
        case .back: return StaffFlow.agenda(day: booking.start.day, env)
        case nil: return .stay
        }
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .moved(.success(let done?)):
            moved = done
            return .run(.loadCode(done.plan ?? done.reference))
        case .code(let result):
            guard let done = moved else { return .stay }
            var effects: [KioskEffect] = []
            if case .success(let held) = result, !held.bookings.isEmpty {
                effects.append(.issueTicket(reference: held.code, text: ConfirmationScreen.ticket(held, catalogue: env.context.catalogue,
                                                                                                  strings: env.strings, width: env.context.settings.ticketWidth)))
            }
            let note = ScreenMessage(text: env.strings.text(effects.isEmpty ? .staffMovedNoTicket : .staffMoved,
                                                            ["reference": done.reference,
                                                             "when": DateText.appointment(done.start.instant, env.strings)]), style: .muted)
            var next = StaffFlow.agenda(day: done.start.day, env, showing: done, note: note)
            next.effects += effects
            return next
        case .moved(.success(nil)):
            return .say(.staffChangeFailed)
        case .moved(.failure(.full)), .moved(.failure(.notBookable)), .moved(.failure(.unknownSlot)):
            refreshing = true
            return Transition.run(.availability(env)).saying(.bookingFull)
        case .moved(.failure(.overlap)):
            return .say(.staffMoveOverlap)
        case .moved(.failure(.alreadyBooked)):
            return .say(.staffMoveAlreadyBooked)
        case .moved(.failure):
            return .say(.staffChangeFailed)
        case .availability(let result):
            guard refreshing else { return .stay }
            return StaffFlow.move(booking, availability: result, env, besides: planSlots, notice: .bookingFull)
        case .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .walkIns, .staffCredential, .catalogue, .staffPIN, .absences,
             .found, .printed, .outcomes:
            return .stay
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let heading = env.strings.text(.staffMoveTitle, ["reference": booking.reference,
                                                         "name": "\(booking.firstName) \(booking.lastName)"])
        return slots.render(env, heading: heading)
    }
}
