public import FabriqueCore
public import FoundationEssentials

/// Step 5: the slots of one step of the plan for the coming weeks, this place first (see `SlotList`);
/// slots that overlap another step's, or leave too little time to get there, are not offered.
public struct SlotScreen: KioskScreen, Equatable {
    /// The step of the plan the slot is for.
    let step: Int
    private(set) var slots: SlotList
    /// Active bookings per slot, as read before this screen was shown.
    private let taken: [String: Int]
    private var visit: Journey
    /// Why the visitor is here again (their slot was taken), until the next key.
    private var notice: ScreenMessage?

    /// The slots of the service of `step`, the highlight on the slot chosen before, if any.
    init(journey: Journey, step: Int, taken: [String: Int], env: ScreenEnvironment, notice: ScreenMessage? = nil) {
        visit = journey
        self.notice = notice
        self.step = step
        self.taken = taken
        let choice = journey.choices.indices.contains(step) ? journey.choices[step] : nil
        let others = journey.chosen.filter { $0.index != step }.map(\.slot)
        slots = SlotList(context: env.context, service: choice?.step.proposal.service.id ?? "", taken: taken, now: env.now,
                         chosen: choice?.slot, besides: others)
    }

    var traits: ScreenTraits { visit.traits(help: .helpSlot, typing: false) }
    var clicks: Clicks { .choose(slots.list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { notice }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        notice = nil
        switch slots.handle(key) {
        case .chosen(let slot):
            guard visit.choices.indices.contains(step) else { return .stay }
            visit.choices[step].slot = slot
            visit.choices[step].skipped = false
            // Every step decided: straight on to the details; otherwise back to the plan, on the next step.
            if !visit.choices.contains(where: { !$0.skipped && $0.slot == nil }) {
                return .go(VisitorFlow.contact(visit, taken: taken))
            }
            return .go(VisitorFlow.planScreen(visit, taken: taken))
        case .back:
            // The plan shows each step's next free slot: read again, it may have changed.
            return .run(.availability(env))
        case nil:
            return .stay
        }
    }

    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .availability(let result) = reply else { return .stay }
        return VisitorFlow.plan(visit, availability: result, env, focus: step)
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        slots.render(env, heading: Chrome.step(5, .stepSlotTitle, env.strings))
    }
}
