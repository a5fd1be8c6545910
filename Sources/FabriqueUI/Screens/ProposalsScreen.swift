public import FabriqueCore
public import Foundation

/// Step 4: the partner services that answer the visitor's needs, ranked, each with why it fits and
/// where and when its next free slot is. Services the visitor does not qualify for come last, with the reason.
public struct ProposalsScreen: Sendable, Equatable {
    public let proposals: [Proposal]
    /// The next free slot of each proposal's service, by service id.
    let nextSlots: [String: OpenSlot]
    public private(set) var selection = 0

    enum Outcome: Equatable {
        case chosen(String)
        case back
    }

    /// Ranks the catalogue's services for `answers` and finds their next free slots.
    init(context: KioskContext, answers: VisitorAnswers, taken: [String: Int], now: Date, chosen service: String?) {
        proposals = Matcher.proposals(context.catalogue, for: answers)
        var next: [String: OpenSlot] = [:]
        for proposal in proposals {
            next[proposal.service.id] = context.schedule.nextFree(service: proposal.service.id, after: now, taken: taken,
                                                                  preferring: context.site.id)
        }
        nextSlots = next
        selection = proposals.firstIndex { $0.service.id == service } ?? 0
    }

    static let linesPerProposal = 5

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, proposals.count - 1), selection + 1)
        case .enter:
            if proposals.indices.contains(selection) { return .chosen(proposals[selection].service.id) }
        case .escape: return .back
        default: break
        }
        return nil
    }

    /// Where a slot is, as a visitor at this place reads it in a sentence: `ici, à Belle-Beille`.
    static func placeText(_ slot: Slot, context: KioskContext, strings: Strings) -> String {
        if slot.site == context.site.id { return strings.text(.placeHereInline, ["site": context.site.name]) }
        return context.catalogue.site(slot.site)?.name ?? slot.site
    }

    /// `mardi 1 décembre à 9 h`: a slot's day and start.
    static func whenText(_ slot: Slot, strings: Strings) -> String {
        strings.text(.dateAppointment, ["day": DateText.dayWithoutYear(slot.startInstant, strings.language),
                                        "time": DateText.time(slot.start, strings.language)])
    }

    private func conditions(_ list: [Proposal.Condition], _ strings: Strings) -> String {
        list.map { condition -> String in
            switch condition {
            case .stage: return strings.text(.conditionStage)
            case .situation: return strings.text(.conditionSituation)
            case .age: return strings.text(.conditionAge)
            case .qpvResidence: return strings.text(.conditionQpvResidence)
            }
        }.joined(separator: ", ")
    }

    /// The four lines shown for one proposal.
    func lines(_ proposal: Proposal, context: KioskContext, strings: Strings) -> [(String, Style)] {
        let language = strings.language
        let needs = proposal.answeredNeeds.map { context.needLabel($0, language) }.joined(separator: ", ")
        var fit = strings.text(.proposalsAnswers, ["needs": needs]) + " — "
        var status: (String, Style)
        switch proposal.eligibility {
        case .eligible:
            fit += proposal.service.audience.description.text(language)
        case .toCheck(let list):
            fit += strings.text(.proposalsToCheck, ["conditions": conditions(list, strings)])
        case .notEligible(let list):
            fit += proposal.service.audience.description.text(language)
        }
        if case .notEligible(let list) = proposal.eligibility {
            status = (strings.text(.proposalsNotEligible, ["conditions": conditions(list, strings)]), .alert)
        } else if let next = nextSlots[proposal.service.id] {
            status = (strings.text(.proposalsNext, ["when": ProposalsScreen.whenText(next.slot, strings: strings),
                                                    "site": ProposalsScreen.placeText(next.slot, context: context, strings: strings)]), .accent)
        } else {
            status = (strings.text(.proposalsNoSlot), .muted)
        }
        let open = proposal.isOpen
        return [("\(proposal.partner.name) — \(proposal.service.name.text(language))", open ? .emphasis : .muted),
                (proposal.service.pitch.text(language), open ? .normal : .muted),
                (fit, open ? .normal : .muted),
                status]
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(4, .stepProposalsTitle, strings),
                               question: strings.text(.stepProposalsQuestion), hints: Chrome.hints(strings))
        guard !proposals.isEmpty else {
            for (index, line) in TextWidth.wrap(strings.text(.proposalsEmpty), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: body.y + index, style: .alert)
            }
            return canvas
        }
        let visible = max(1, (body.height + 1) / ProposalsScreen.linesPerProposal)
        let top = ListView.top(selected: selection, count: proposals.count, height: visible)
        for (offset, proposal) in proposals.dropFirst(top).prefix(visible).enumerated() {
            let index = top + offset
            let y = body.y + offset * ProposalsScreen.linesPerProposal
            let isSelected = index == selection
            for row in 0..<4 { canvas.targets[y + row] = index }
            for (row, line) in lines(proposal, context: context, strings: strings).enumerated() {
                let text = (row == 0 ? (isSelected ? "▶ " : "  ") : "    ") + line.0
                if row == 0 && isSelected {
                    canvas.fill(x: body.x, y: y, width: body.width, height: 1, style: .selected)
                    canvas.cursor = Point(x: body.x, y: y)
                }
                canvas.write(TextWidth.truncate(text, to: body.width), x: body.x, y: y + row,
                             style: row == 0 && isSelected ? .selected : line.1)
            }
        }
        if top > 0 { canvas.write("▲", x: body.x + body.width - 1, y: body.y, style: .accent) }
        if top + visible < proposals.count { canvas.write("▼", x: body.x + body.width - 1, y: body.y + body.height - 1, style: .accent) }
        return canvas
    }
}
