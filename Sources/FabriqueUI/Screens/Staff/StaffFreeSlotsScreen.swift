public import FabriqueCore
public import FoundationEssentials

/// Staff mode: today's and tomorrow's slots at this place with their free places, for a caller or
/// someone at the desk (a booking for them starts from the menu: it follows their needs).
public struct StaffFreeSlotsScreen: KioskScreen, Equatable {
    /// The slots still to come today and tomorrow here, in time order, once read.
    private(set) var slots: [OpenSlot] = []
    private(set) var loaded = false
    private(set) var failed = false
    private(set) var list = ListState()

    init() {}

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { nil }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        if failed { return ScreenMessage(text: env.strings.text(.recordsUnreadable)) }
        return loaded && slots.isEmpty ? ScreenMessage(text: env.strings.text(.staffFreeSlotsNone), style: .muted) : nil
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .availability(let result):
            var taken: [String: Int] = [:]
            if case .success(let counts) = result { taken = counts } else { failed = true }
            let today = LocalDate(env.now)
            slots = env.context.schedule.slots(from: today, days: 2, site: env.context.site.id)
                .filter { env.context.schedule.isBookable($0, at: env.now) }
                .map { OpenSlot(slot: $0, remaining: $0.capacity - taken[$0.id, default: 0]) }
                .sorted { ($0.slot.startInstant, $0.slot.id) < ($1.slot.startInstant, $1.slot.id) }
            loaded = true
            list = ListState()
        case .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffCredential, .catalogue, .staffPIN,
             .absences, .found, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        if list.handle(key, count: slots.count) { return .stay }
        switch key {
        case .escape, .enter: return .go(StaffFlow.menu())
        default: return .stay
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let hints = [Chrome.Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintArrowsLabel)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
        let body = Chrome.page(&canvas, strings: strings, now: now,
                               heading: strings.text(.staffFreeSlotsTitle, ["place": context.site.name]),
                               question: strings.text(.staffFreeSlotsQuestion), hints: hints)
        let rows = slots.map { item -> ListView.Row in
            let day = strings.text(item.slot.date == LocalDate(now) ? .staffToday : .staffTomorrow)
            let time = "\(DateText.time(item.slot.start, strings.language)) – \(DateText.time(item.slot.end, strings.language))"
            let partner = context.catalogue.partner(item.slot.partner)?.name ?? item.slot.partner
            let free = item.isFull ? strings.text(.slotFull) : strings.text(.slotSeats, ["count": "\(max(0, item.remaining))"])
            let services = item.slot.services.compactMap { context.catalogue.service($0)?.service.name.text(strings.language) }
                .joined(separator: ", ")
            return ListView.Row(text: "\(Columns.pad(day, 13))\(Columns.pad(time, 17))\(Columns.pad(free, 17))\(partner) · \(services)",
                                style: item.isFull ? .muted : .normal)
        }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas,
                                      in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}
