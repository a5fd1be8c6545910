public import FabriqueCore
public import Foundation

/// Staff mode: moving an appointment to another free slot of its service, in the same month (the
/// code names its month), keeping its code.
public struct StaffMoveScreen: KioskScreen, Equatable {
    public let booking: Booking
    private(set) var slots: SlotList
    /// True when the slot chosen was taken meanwhile and the slots are being read again.
    private var refreshing = false

    init(booking: Booking, taken: [String: Int], env: ScreenEnvironment) {
        self.booking = booking
        let month = booking.start.day.firstOfMonth
        slots = SlotList(context: env.context, service: booking.service, taken: taken, now: env.now, chosen: nil, within: month)
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
        case .moved(.success(let moved?)):
            return StaffFlow.agenda(day: moved.start.day, env)
        case .moved(.success(nil)):
            return .say(.staffChangeFailed)
        case .moved(.failure(.full)), .moved(.failure(.notBookable)), .moved(.failure(.unknownSlot)):
            refreshing = true
            return Transition.run(.availability(env)).saying(.bookingFull)
        case .moved(.failure(.otherMonth)):
            return .say(.bookingOtherMonth)
        case .moved(.failure):
            return .say(.staffChangeFailed)
        case .availability(let result):
            guard refreshing else { return .stay }
            return StaffFlow.move(booking, availability: result, env, notice: .bookingFull)
        case .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .walkIns, .staffCredential, .staffPIN, .absences:
            return .stay
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let heading = env.strings.text(.staffMoveTitle, ["reference": booking.reference,
                                                         "name": "\(booking.firstName) \(booking.lastName)"])
        return slots.render(env, heading: heading)
    }
}
