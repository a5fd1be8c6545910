public import FabriqueCore
public import FoundationEssentials

/// The slots of a service for the coming weeks, this place first, then the others with their
/// address; full slots are shown but cannot be chosen. The visitor's step 5 and the staff's move use it.
struct SlotList: Sendable, Equatable {
    let service: String
    let entries: [Entry]
    private(set) var list: ListState

    /// A line of the list: a place heading or a slot.
    enum Entry: Sendable, Equatable {
        case place(String)
        case slot(OpenSlot)
    }

    enum Outcome: Equatable {
        case chosen(Slot)
        case back
    }

    /// Lists the slots of `service` after `now`, given the places already taken, leaving out those one
    /// person could not hold together with `others` (overlapping, or too close at another place).
    init(context: KioskContext, service: String, taken: [String: Int], now: Date, chosen: Slot?,
         within month: LocalDate? = nil, besides others: [Slot] = [], excluding current: String? = nil) {
        self.service = service
        let travel = context.catalogue.rules.travelMinutes
        let open = context.schedule.openSlots(service: service, after: now, taken: taken, preferring: context.site.id)
            .filter { (month == nil || $0.slot.date.firstOfMonth == month) && $0.slot.id != current }
            .filter { item in !others.contains { BookingStore.conflict(item.slot, $0, travelMinutes: travel) } }
        var entries: [Entry] = []
        var currentSite: String?
        for item in open {
            if item.slot.site != currentSite {
                currentSite = item.slot.site
                entries.append(.place(item.slot.site))
            }
            entries.append(.slot(item))
        }
        self.entries = entries
        let selectable = SlotList.selectable(entries)
        list = ListState(focus: entries.firstIndex { if case .slot(let s) = $0 { s.slot.id == chosen?.id } else { false } } ?? -1,
                         selectable: selectable)
    }

    /// Which entries can be chosen: the slots that are not full.
    private static func selectable(_ entries: [Entry]) -> [Bool] {
        entries.map { entry in
            if case .slot(let item) = entry { return !item.isFull }
            return false
        }
    }

    /// Whether any slot can be chosen.
    var hasFreeSlot: Bool { SlotList.selectable(entries).contains(true) }

    mutating func handle(_ key: Key) -> Outcome? {
        if list.handle(key, selectable: SlotList.selectable(entries)) { return nil }
        switch key {
        case .enter:
            if entries.indices.contains(list.focus), case .slot(let item) = entries[list.focus], !item.isFull { return .chosen(item.slot) }
        case .escape: return .back
        default: break
        }
        return nil
    }

    /// One slot as a line: `mardi 1 décembre · 9 h – 10 h 30 · 3 place(s) libre(s)`.
    static func line(_ item: OpenSlot, strings: Strings) -> String {
        let language = strings.language
        var text = "\(DateText.dayWithoutYear(item.slot.startInstant, strings)) · "
            + "\(DateText.time(item.slot.start, language)) – \(DateText.time(item.slot.end, language))"
        if item.isFull {
            text += " · " + strings.text(.slotFull)
        } else if item.slot.isGroup {
            text += " · " + strings.text(.slotSeats, ["count": "\(item.remaining)"])
        }
        return text
    }

    /// The page: `heading`, the question naming the service, and the list.
    func render(_ env: ScreenEnvironment, heading: String) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let owner = context.catalogue.service(service)
        let question = strings.text(.stepSlotQuestion, ["service": owner?.service.name.text(strings.language) ?? service,
                                                        "partner": owner?.partner.name ?? ""])
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading,
                               question: question, hints: Chrome.hints(strings))
        guard hasFreeSlot else {
            for (index, line) in TextWidth.wrap(strings.text(.slotNone), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: body.y + index, style: .alert)
            }
            return canvas
        }
        let rows = entries.map { entry -> ListView.Row in
            switch entry {
            case .place(let id):
                if id == context.site.id { return ListView.Row(text: strings.text(.slotHere, ["site": context.site.name]), style: .accent, selectable: false) }
                let site = context.catalogue.site(id)
                return ListView.Row(text: strings.text(.slotElsewhere, ["site": site?.name ?? id, "address": site?.address.oneLine ?? ""]),
                                    style: .accent, selectable: false)
            case .slot(let item):
                return ListView.Row(text: "  " + SlotList.line(item, strings: strings), style: item.isFull ? .muted : .normal,
                                    selectable: !item.isFull)
            }
        }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}
