public import FabriqueCore
public import Foundation

/// The staff's side of the kiosk, behind F12 and the PIN (the gate is `KioskApp`'s):
///
/// ```
/// PIN ─ Menu ─┬─ Agenda of a day ─┬─ Move an appointment
///             │                  └─ Search every month (/ then Enter) ─ its day
///             ├─ Walk-ins of the day ─ (R) a booking for one of them, first name kept
///             ├─ Figures of the month
///             ├─ A booking for a caller: the visitor's steps, driven by staff (VisitorFlow, channel phone)
///             ├─ Today's and tomorrow's free slots here
///             ├─ Back to the visitors (welcome)
///             └─ Leave the kiosk
/// ```
/// Esc goes back to the menu from each of its screens.
enum StaffFlow {
    /// The PIN, asked after F12.
    static func login() -> StaffLoginScreen { StaffLoginScreen() }

    /// The menu, once the PIN was right.
    static func menu() -> StaffMenuScreen { StaffMenuScreen() }

    /// The appointments of `day` at this place, read.
    static func agenda(day: LocalDate, _ env: ScreenEnvironment) -> Transition {
        .go(StaffAgendaScreen(day: day), .loadAgenda(day: day, site: env.context.site.id))
    }

    /// The day of `booking`, with it highlighted: at this place, or at every place when it is elsewhere.
    static func agenda(day: LocalDate, _ env: ScreenEnvironment, showing booking: Booking, note: ScreenMessage? = nil) -> Transition {
        let elsewhere = booking.site != env.context.site.id
        return .go(StaffAgendaScreen(day: day, allSites: elsewhere, showing: booking.reference, note: note),
                   .loadAgenda(day: day, site: elsewhere ? nil : env.context.site.id))
    }

    /// The free slots `booking` can move to, once the availability has been read, leaving out those that
    /// collide with the other appointments of its plan (`besides`).
    static func move(_ booking: Booking, availability: Result<[String: Int], RecordError>, _ env: ScreenEnvironment,
                     besides planSlots: [Slot] = [], notice: StringKey? = nil) -> Transition {
        switch availability {
        case .success(let taken):
            let next = Transition.go(StaffMoveScreen(booking: booking, taken: taken, besides: planSlots, env: env))
            return notice.map { next.saying($0) } ?? next
        case .failure:
            return Transition.go(StaffMoveScreen(booking: booking, taken: [:], besides: planSlots, env: env)).saying(.recordsUnreadable)
        }
    }

    /// Today's walk-ins at this place, read.
    static func walkIns(_ env: ScreenEnvironment) -> Transition {
        let today = LocalDate(env.now)
        return .go(StaffWalkInScreen(day: today), .loadWalkIns(day: today, site: env.context.site.id))
    }

    /// The free slots of today and tomorrow at this place, once the availability has been read.
    static func freeSlots(_ env: ScreenEnvironment) -> Transition {
        .go(StaffFreeSlotsScreen(), .availability(env))
    }

    /// The figures of the month so far, read.
    static func statistics(_ env: ScreenEnvironment) -> Transition {
        let today = LocalDate(env.now)
        return .go(StaffStatsScreen(from: today.firstOfMonth, to: today), .loadStatistics(from: today.firstOfMonth, to: today))
    }
}
