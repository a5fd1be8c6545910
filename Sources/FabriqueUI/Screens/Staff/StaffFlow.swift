public import FabriqueCore
public import FoundationEssentials

/// The staff's side of the kiosk, behind F12 and the PIN (the gate is `KioskApp`'s):
///
/// ```
/// PIN ─ Menu ─┬─ Agenda of a day ─┬─ Move an appointment
///             │                  └─ Search every month (/ then Enter) ─ its day
///             ├─ Walk-ins of the day ─ (R) a booking for one of them, first name kept
///             ├─ Figures of the month
///             ├─ Funders' report (month, quarter, year)
///             ├─ People to call back ─ a person's path ─ an outcome (also from the agenda: H path, O outcome)
///             ├─ A booking for a caller: the visitor's steps, driven by staff (VisitorFlow, channel phone)
///             ├─ Today's and tomorrow's free slots here
///             ├─ Back to the visitors (welcome)
///             └─ Leave the kiosk
/// ```
/// Esc goes back to the menu from each of its screens.
enum StaffFlow {
    /// Where a person's path goes back to with Esc.
    enum Back: Sendable, Equatable {
        /// The agenda of a day, the person's appointment highlighted.
        case agenda(LocalDate, showing: Booking)
        /// The call-back list, for that many weeks.
        case followUp(weeks: Int)

        /// The screen to go back to, read again.
        func transition(_ env: ScreenEnvironment) -> Transition {
            switch self {
            case .agenda(let day, let booking):
                return StaffFlow.agenda(day: day, env, showing: booking)
            case .followUp(let weeks):
                return .go(StaffFollowUpScreen(weeks: weeks), .loadFollowUp(weeks: weeks))
            }
        }

        /// What the Esc hint says.
        var label: StringKey {
            switch self {
            case .agenda: return .staffHintAgenda
            case .followUp: return .followupHintBack
            }
        }
    }

    /// The path of the person behind `booking`.
    static func path(of booking: Booking, back: Back) -> Transition {
        .go(StaffPersonScreen(code: booking.reference, back: back), .loadPath(code: booking.reference))
    }

    /// The funders' report of this month so far, every place.
    static func report(_ env: ScreenEnvironment) -> Transition {
        StaffReportScreen.opening(today: LocalDate(env.now), env)
    }

    /// The people to call back.
    static func followUp() -> Transition {
        .go(StaffFollowUpScreen(), .loadFollowUp(weeks: StaffFollowUpScreen.defaultWeeks))
    }

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
