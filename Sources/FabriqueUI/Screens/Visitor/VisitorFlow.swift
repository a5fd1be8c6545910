public import FabriqueCore
public import Foundation

/// The visitor's side of the kiosk, in the order a visitor meets it. Each screen goes on to the next
/// through here, so this file reads as the journey:
///
/// ```
/// Welcome ─┬─ 1 Quartier ─ 2 About you ─ 3 Needs ─ 4 Proposals ─ 5 Slot ─ 6 Contact ─ Confirmation
///          ├─ Check-in ─ Arrival
///          └─ Agenda
/// ```
/// Esc goes one step back; the welcome screen comes back at the end, on Esc at step 1, and after the
/// idle time (`KioskApp` records the journey then).
enum VisitorFlow {
    /// The first screen, and the one every visit ends on.
    static func welcome() -> WelcomeScreen { WelcomeScreen() }

    /// Step 1 of a new booking journey.
    static func startBooking(_ env: ScreenEnvironment) -> QuartierScreen {
        var journey = Journey()
        journey.started = true
        return quartier(journey, env)
    }

    /// Step 1: where the visitor lives.
    static func quartier(_ journey: Journey, _ env: ScreenEnvironment) -> QuartierScreen {
        QuartierScreen(journey: journey, context: env.context)
    }

    /// Step 2: three optional questions, from `question`.
    static func aboutYou(_ journey: Journey, question: Int = 0) -> AboutYouScreen {
        AboutYouScreen(journey: journey, question: question)
    }

    /// Step 3: the needs.
    static func needs(_ journey: Journey) -> NeedsScreen {
        NeedsScreen(journey: journey)
    }

    /// Step 4: the services for the visitor's needs, once the availability has been read (if it could
    /// not be, every slot shows as free and the core refuses a full one at booking).
    static func proposals(_ journey: Journey, availability: Result<[String: Int], RecordError>,
                          _ env: ScreenEnvironment) -> Transition {
        switch availability {
        case .success(let taken): return .go(ProposalsScreen(journey: journey, taken: taken, env: env))
        case .failure: return Transition.go(ProposalsScreen(journey: journey, taken: [:], env: env)).saying(.recordsUnreadable)
        }
    }

    /// Step 5: the slots of `service`.
    static func slots(_ journey: Journey, service: String, taken: [String: Int], _ env: ScreenEnvironment) -> SlotScreen {
        SlotScreen(journey: journey, service: service, taken: taken, env: env)
    }

    /// Step 6: the contact details.
    static func contact(_ journey: Journey, taken: [String: Int]) -> ContactScreen {
        ContactScreen(journey: journey, taken: taken)
    }

    /// The end: the booking's code in full, and its ticket written (and printed, off the loop). Keys
    /// typed while the booking was written are dropped, so that the code stays in view.
    static func confirmation(_ journey: Journey, booking: Booking, _ env: ScreenEnvironment) -> Transition {
        let ticket = ConfirmationScreen.ticket(booking, context: env.context, strings: env.strings)
        return Transition.go(ConfirmationScreen(journey: journey, booking: booking),
                             .issueTicket(reference: booking.reference, text: ticket)).droppingTypeAhead()
    }

    /// "J'ai déjà un rendez-vous": the code.
    static func checkIn() -> CheckInScreen { CheckInScreen() }

    /// The arrival recorded for the holder of `code`.
    static func arrival(_ booking: Booking, code: TextField) -> ArrivalScreen {
        ArrivalScreen(booking: booking, code: code)
    }

    /// The permanences and workshops of the coming week.
    static func agenda(_ env: ScreenEnvironment) -> AgendaScreen {
        AgendaScreen(context: env.context, strings: env.strings, now: env.now)
    }
}
