public import FabriqueCore
public import Foundation

/// Step 4: the partner services that answer the visitor's needs, ranked, each with why it fits and
/// where and when its next free slot is. Services the visitor does not qualify for come last, with the reason.
public struct ProposalsScreen: KioskScreen, Equatable {
    public let proposals: [Proposal]
    /// The next free slot of each proposal's service, by service id.
    let nextSlots: [String: OpenSlot]
    private(set) var list: ListState
    /// Active bookings per slot, as read before this screen was shown.
    private let taken: [String: Int]
    private var visit: Journey

    /// Ranks the catalogue's services for the visitor's answers and finds their next free slots; the
    /// journey keeps which services were proposed (for the anonymous visit).
    init(journey: Journey, taken: [String: Int], env: ScreenEnvironment) {
        let context = env.context
        proposals = Matcher.proposals(context.catalogue, for: journey.answers)
        var next: [String: OpenSlot] = [:]
        for proposal in proposals {
            next[proposal.service.id] = context.schedule.nextFree(service: proposal.service.id, after: env.now, taken: taken,
                                                                  preferring: context.site.id)
        }
        nextSlots = next
        self.taken = taken
        list = ListState(focus: proposals.firstIndex { $0.service.id == journey.service } ?? 0)
        visit = journey
        visit.proposalsShown = proposals.map(\.service.id)
    }

    static let linesPerProposal = 5

    var traits: ScreenTraits { .visitor(help: .helpProposals, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        if list.handle(key, count: proposals.count) { return .stay }
        switch key {
        case .enter:
            guard proposals.indices.contains(list.focus) else { return .stay }
            let service = proposals[list.focus].service.id
            if visit.service != service { visit.slot = nil }
            visit.service = service
            return .go(VisitorFlow.slots(visit, service: service, taken: taken, env))
        case .escape:
            return .go(VisitorFlow.needs(visit))
        default: break
        }
        return .stay
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

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(4, .stepProposalsTitle, strings),
                               question: strings.text(.stepProposalsQuestion), hints: Chrome.hints(strings))
        guard !proposals.isEmpty else {
            for (index, line) in TextWidth.wrap(strings.text(.proposalsEmpty), width: body.width).enumerated() {
                canvas.write(line, x: body.x, y: body.y + index, style: .alert)
            }
            return canvas
        }
        canvas.cursor = ListView.drawItems(count: proposals.count, linesEach: ProposalsScreen.linesPerProposal, gap: true,
                                           state: list, on: &canvas,
                                           in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height)) { index, y, focused, canvas in
            for (row, line) in lines(proposals[index], context: context, strings: strings).enumerated() {
                let text = (row == 0 ? (focused ? "▶ " : "  ") : "    ") + line.0
                canvas.write(TextWidth.truncate(text, to: body.width), x: body.x, y: y + row,
                             style: row == 0 && focused ? .selected : line.1)
            }
        }
        return canvas
    }
}
