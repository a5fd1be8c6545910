public import FabriqueCore
public import FoundationEssentials

/// The visitor's side of the kiosk, in the order a visitor meets it. Each screen goes on to the next
/// through here, so this file reads as the journey:
///
/// ```
/// Welcome ─┬─ 1 Quartier ─ 2 About you ─ 3 Needs ─ 4 Plan ─┬─ 5 Slot (one per step) ─ 6 Contact ─ Confirmation
///          │                                                 └─ Service (all about a step, its alternatives)
///          ├─ Check-in ─ Arrival
///          └─ Agenda
/// ```
/// Esc goes one step back; the welcome screen comes back at the end, on Esc at step 1, and after the
/// idle time (`KioskApp` records the journey then).
enum VisitorFlow {
    /// The first screen, and the one every visit ends on.
    static func welcome() -> WelcomeScreen { WelcomeScreen() }

    /// Step 1 of a new booking journey: the visitor's own, or one staff drive for a caller or someone
    /// at the desk (whose first name may be known already).
    static func startBooking(_ env: ScreenEnvironment, channel: Booking.Channel = .kiosk, firstName: String? = nil,
                             walkIn: String? = nil) -> QuartierScreen {
        var journey = Journey()
        journey.started = true
        journey.channel = channel
        journey.walkIn = walkIn
        journey.contact = ContactForm(firstName: firstName)
        return quartier(journey, env)
    }

    /// The end of a journey, or Esc at its first step: the welcome screen, or, when staff were booking
    /// for someone, the staff PIN: the steps look like a visitor's, and a visitor who finds them left
    /// open must not reach the staff menu by going to their end.
    static func leave(_ journey: Journey) -> Transition {
        journey.byStaff ? .go(StaffFlow.login()) : .welcome
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

    /// Step 4: the plan for the visitor's needs, once the availability has been read (if it could not
    /// be, every slot shows as free and the core refuses a full one at booking). What the visitor had
    /// chosen for a service still in the plan is kept.
    static func plan(_ journey: Journey, availability: Result<[String: Int], RecordError>, _ env: ScreenEnvironment,
                     focus: Int? = nil) -> Transition {
        var taken: [String: Int] = [:]
        if case .success(let counts) = availability { taken = counts }
        let plan = Planner.plan(env.context.schedule, for: journey.answers, now: env.now, taken: taken, site: env.context.site.id)
        var next = journey
        next.plan = plan
        next.choices = plan.steps.map { step in
            let service = step.proposal.service.id
            guard let before = journey.choices.first(where: { $0.step.needs == step.needs }) else { return PlanChoice(step: step) }
            if before.step.proposal.service.id == service { return PlanChoice(step: step, slot: before.slot, skipped: before.skipped) }
            // The visitor had chosen another service for this step: it stays.
            let mine = env.context.schedule.nextFree(service: before.step.proposal.service.id, after: env.now, taken: taken,
                                                     preferring: env.context.site.id)
            return PlanChoice(step: step.replacing(with: before.step.proposal, next: mine), slot: before.slot, skipped: before.skipped)
        }
        next.proposalsShown = plan.steps.map(\.proposal.service.id)
        let screen = Transition.go(PlanScreen(journey: next, taken: taken, focus: focus))
        if case .failure = availability { return screen.saying(.recordsUnreadable) }
        return screen
    }

    /// Step 4 again, as the visitor left it.
    static func planScreen(_ journey: Journey, taken: [String: Int], focus: Int? = nil) -> PlanScreen {
        PlanScreen(journey: journey, taken: taken, focus: focus)
    }

    /// All about the service of one step, and the others that could take its place.
    static func details(_ journey: Journey, step: Int, taken: [String: Int]) -> ServiceScreen {
        ServiceScreen(journey: journey, step: step, taken: taken)
    }

    /// Step 5: the slots of one step.
    static func slots(_ journey: Journey, step: Int, taken: [String: Int], _ env: ScreenEnvironment) -> SlotScreen {
        SlotScreen(journey: journey, step: step, taken: taken, env: env)
    }

    /// Step 6: the contact details.
    static func contact(_ journey: Journey, taken: [String: Int]) -> ContactScreen {
        ContactScreen(journey: journey, taken: taken)
    }

    /// The end: the code and every appointment, and the ticket written (and printed, off the loop).
    /// Keys typed while the bookings were written are dropped, so that the code stays in view.
    static func confirmation(_ journey: Journey, booked: BookedPlan, _ env: ScreenEnvironment) -> Transition {
        let ticket = ConfirmationScreen.ticket(booked, catalogue: env.context.catalogue, strings: env.strings,
                                                width: env.context.settings.ticketWidth)
        return Transition.go(ConfirmationScreen(journey: journey, booked: booked),
                             .issueTicket(reference: booked.code, text: ticket)).droppingTypeAhead()
    }

    /// "J'ai déjà un rendez-vous": the code.
    static func checkIn() -> CheckInScreen { CheckInScreen() }

    /// The arrival recorded (now or before) for the holder of `code`.
    static func arrival(_ booking: Booking, code: TextField, already: Bool) -> ArrivalScreen {
        ArrivalScreen(booking: booking, code: code, already: already)
    }

    /// The permanences and workshops of the coming week, without the absences staff recorded.
    static func agenda(_ env: ScreenEnvironment) -> Transition {
        .go(AgendaScreen(context: env.context, strings: env.strings, now: env.now, absences: []), .loadAbsences)
    }
}
