public import FabriqueCore
public import Foundation

/// Step 5: the slots of the chosen service for the coming weeks, this place first (see `SlotList`).
public struct SlotScreen: KioskScreen, Equatable {
    private(set) var slots: SlotList
    /// Active bookings per slot, as read before this screen was shown.
    private let taken: [String: Int]
    private var visit: Journey

    /// The slots of the journey's service, the highlight on the slot chosen before, if any.
    init(journey: Journey, service: String, taken: [String: Int], env: ScreenEnvironment) {
        visit = journey
        self.taken = taken
        slots = SlotList(context: env.context, service: service, taken: taken, now: env.now, chosen: journey.slot)
    }

    var traits: ScreenTraits { .visitor(help: .helpSlot, typing: false) }
    var clicks: Clicks { .choose(slots.list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        switch slots.handle(key) {
        case .chosen(let slot):
            visit.slot = slot
            return .go(VisitorFlow.contact(visit, taken: taken))
        case .back:
            // The proposals show each service's next free slot: read again, it may have changed.
            return .run(.availability(env))
        case nil:
            return .stay
        }
    }

    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        guard case .availability(let result) = reply else { return .stay }
        return VisitorFlow.proposals(visit, availability: result, env)
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        slots.render(env, heading: Chrome.step(5, .stepSlotTitle, env.strings))
    }
}
