public import FabriqueCore
public import Foundation

/// Staff mode: moving an appointment to another free slot of its service, in the same month (the
/// code names its month), keeping its code.
public struct StaffMoveScreen: Sendable, Equatable {
    public let booking: Booking
    var slots: SlotScreen

    init(booking: Booking, context: KioskContext, taken: [String: Int], now: Date) {
        self.booking = booking
        let month = booking.start.day.firstOfMonth
        slots = SlotScreen(context: context, service: booking.service, taken: taken, now: now, chosen: nil, within: month)
    }

    enum Outcome: Equatable {
        case move(String)
        case back
    }

    mutating func handle(_ key: Key) -> Outcome? {
        switch slots.handle(key) {
        case .chosen(let slot): return .move(slot.id)
        case .back: return .back
        case nil: return nil
        }
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        let heading = strings.text(.staffMoveTitle, ["reference": booking.reference,
                                                     "name": "\(booking.firstName) \(booking.lastName)"])
        return slots.render(context: context, strings: strings, size: size, now: now, heading: heading)
    }
}
