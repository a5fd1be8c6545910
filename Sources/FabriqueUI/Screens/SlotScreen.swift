public import FabriqueCore
public import Foundation

/// Step 5: the slots of the chosen service for the coming weeks, this place first, then the others
/// with their address. Full slots are shown but cannot be chosen.
public struct SlotScreen: Sendable, Equatable {
    public let service: String
    let entries: [Entry]
    public private(set) var selection: Int

    /// A line of the list: a place heading or a slot.
    enum Entry: Sendable, Equatable {
        case place(String)
        case slot(OpenSlot)
    }

    enum Outcome: Equatable {
        case chosen(Slot)
        case back
    }

    /// Lists the slots of `service` after `now`, given the places already taken.
    init(context: KioskContext, service: String, taken: [String: Int], now: Date, chosen: Slot?,
         within month: LocalDate? = nil) {
        self.service = service
        let open = context.schedule.openSlots(service: service, after: now, taken: taken, preferring: context.site.id)
            .filter { month == nil || $0.slot.date.firstOfMonth == month }
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
        selection = entries.firstIndex { if case .slot(let s) = $0 { s.slot.id == chosen?.id } else { false } }
            ?? entries.firstIndex { if case .slot(let s) = $0 { !s.isFull } else { false } }
            ?? 0
    }

    private func selectable(_ index: Int) -> Bool {
        guard entries.indices.contains(index), case .slot(let item) = entries[index] else { return false }
        return !item.isFull
    }

    /// Whether any slot can be chosen.
    var hasFreeSlot: Bool { entries.indices.contains(where: selectable) }

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up, .down, .pageUp, .pageDown:
            let step = (key == .up || key == .pageUp) ? -1 : 1
            let repeats = (key == .pageUp || key == .pageDown) ? 5 : 1
            for _ in 0..<repeats {
                var next = selection + step
                while entries.indices.contains(next) && !selectable(next) { next += step }
                if entries.indices.contains(next) { selection = next }
            }
        case .enter:
            if selectable(selection), case .slot(let item) = entries[selection] { return .chosen(item.slot) }
        case .escape: return .back
        default: break
        }
        return nil
    }

    /// One slot as a line: `mardi 1 décembre · 9 h – 10 h 30 · 3 place(s) libre(s)`.
    static func line(_ item: OpenSlot, strings: Strings) -> String {
        let language = strings.language
        var text = "\(DateText.dayWithoutYear(item.slot.startInstant, language)) · "
            + "\(DateText.time(item.slot.start, language)) – \(DateText.time(item.slot.end, language))"
        if item.isFull {
            text += " · " + strings.text(.slotFull)
        } else if item.slot.isGroup {
            text += " · " + strings.text(.slotSeats, ["count": "\(item.remaining)"])
        }
        return text
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date, heading: String? = nil) -> Canvas {
        var canvas = Canvas(size: size)
        let owner = context.catalogue.service(service)
        let question = strings.text(.stepSlotQuestion, ["service": owner?.service.name.text(strings.language) ?? service,
                                                        "partner": owner?.partner.name ?? ""])
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading ?? Chrome.step(5, .stepSlotTitle, strings),
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
                return ListView.Row(text: "  " + SlotScreen.line(item, strings: strings), style: item.isFull ? .muted : .normal,
                                    selectable: !item.isFull)
            }
        }
        canvas.cursor = ListView.draw(rows, selected: selection, on: &canvas, x: body.x, y: body.y, width: body.width, height: body.height)
        return canvas
    }
}
