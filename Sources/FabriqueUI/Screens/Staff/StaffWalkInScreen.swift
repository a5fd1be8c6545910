public import FabriqueCore
public import FoundationEssentials

/// Staff mode: people who came without an appointment, queued for a partner's permanence of the day
/// or for the Fabrique's general reception (open every day), and served in order.
public struct StaffWalkInScreen: KioskScreen, Equatable {
    public let day: LocalDate
    var queue: [WalkIn] = []
    private(set) var list = ListState()
    /// While registering someone: the permanence highlighted and the first name typed.
    struct NewWalkIn: Sendable, Equatable {
        var permanence = ListState()
        var name = TextField(limit: Contact.nameLimit)
    }

    private(set) var adding: NewWalkIn?
    /// The person being added while the queue is written: given back to the form if that fails.
    private var submitted: NewWalkIn?
    /// Why the queue could not be read or written, until it is read again.
    var failure: WalkInError?

    init(day: LocalDate) {
        self.day = day
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: adding != nil) }
    var clicks: Clicks { .highlight(adding?.permanence.focus ?? list.focus) }
    var journey: Journey? { nil }
    /// Why the queue could not be read or written: another writer held it too long, or a file to check.
    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        switch failure {
        case nil: nil
        case .records(.busy)?, .records(.abandoned)?: ScreenMessage(text: env.strings.text(.staffRecordsBusy), style: .alert)
        default: ScreenMessage(text: env.strings.text(.staffWalkinUnreadable), style: .alert)
        }
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .walkIns(.success(let queue)):
            show(queue)
        case .walkIns(.failure(let error)):
            failure = error
            // The name typed is not lost: the form comes back as it was.
            if let form = submitted { adding = form }
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .staffCredential, .catalogue, .staffPIN, .absences, .found, .code, .printed, .outcomes:
            return .stay
        }
        // Keys typed while the person was written (up to 20 s when another writer holds the lock) were
        // meant for the form before: an Enter among them would add someone unseen.
        let added = submitted != nil
        submitted = nil
        return added ? Transition.stay.droppingTypeAhead() : .stay
    }

    /// Where a walk-in can wait today: the general reception first (nil), then the permanences held at
    /// this place today.
    static func permanences(_ context: KioskContext, on day: LocalDate) -> [Permanence?] {
        [nil] + context.catalogue.permanences.filter {
            $0.site == context.site.id && $0.takesPlace(on: day) && !context.schedule.isClosed(site: $0.site, on: day)
                && !context.schedule.isAbsent(partner: $0.partner, site: $0.site, on: day)
        }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
    }

    private mutating func show(_ queue: [WalkIn]) {
        self.queue = queue
        failure = nil
        list.clamp(to: queue.count)
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let permanences = StaffWalkInScreen.permanences(env.context, on: day)
        if var form = adding {
            switch key {
            case .escape:
                adding = nil
                failure = nil
            case .up, .down:
                _ = form.permanence.handle(key, count: permanences.count)
                adding = form
            case .enter:
                guard permanences.indices.contains(form.permanence.focus), Contact.name(form.name.text) != nil else { return .stay }
                adding = nil
                submitted = form
                return .run(.addWalkIn(permanence: permanences[form.permanence.focus]?.id, firstName: form.name.text))
            default:
                _ = form.name.handle(key)
                adding = form
            }
            return .stay
        }
        if list.handle(key, count: queue.count) { return .stay }
        let focused = queue.indices.contains(list.focus) ? queue[list.focus] : nil
        switch key {
        case .escape: return .go(StaffFlow.menu())
        case .character(let c):
            switch c.lowercased() {
            case "n": adding = NewWalkIn()
            case "v": if let focused { return .run(.setWalkInStatus(id: focused.id, day: day, status: .seen)) }
            case "p": if let focused { return .run(.setWalkInStatus(id: focused.id, day: day, status: .left)) }
            // An appointment for the person in front of the desk: their first name is not typed again.
            case "r": if let focused { return .go(VisitorFlow.startBooking(env, channel: .desk, firstName: focused.firstName,
                                                                                           walkIn: focused.id)) }
            default: break
            }
        default: break
        }
        return .stay
    }

    private static func statusText(_ status: WalkIn.Status, _ strings: Strings) -> String {
        switch status {
        case .waiting: return strings.text(.walkinWaiting)
        case .seen: return strings.text(.statusSeen)
        case .left: return strings.text(.walkinLeft)
        }
    }

    private static func permanenceText(_ permanence: Permanence?, context: KioskContext, strings: Strings) -> String {
        guard let permanence else { return strings.text(.walkinReception) }
        let partner = context.catalogue.partner(permanence.partner)?.name ?? permanence.partner
        return "\(partner) (\(DateText.time(permanence.start, strings.language))–\(DateText.time(permanence.end, strings.language)))"
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let permanences = StaffWalkInScreen.permanences(context, on: day)
        let heading = strings.text(.walkinTitle, ["day": DateText.longDay(day, strings),
                                                   "place": context.site.name])
        let hints = adding == nil
            ? [Chrome.Hint(key: "N", label: strings.text(.walkinHintNew)), Chrome.Hint(key: "V", label: strings.text(.statusSeen)),
               Chrome.Hint(key: "P", label: strings.text(.walkinLeft)),
               Chrome.Hint(key: "R", label: strings.text(.walkinHintBook)),
               Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
            : [Chrome.Hint(key: strings.text(.hintArrowsKey), label: strings.text(.walkinHintPermanence)),
               Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
               Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.hintEscapeLabel))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading,
                               question: strings.text(adding == nil ? .walkinQuestion : .walkinAddQuestion), hints: hints)
        if let form = adding {
            let end = canvas.write(strings.text(.contactFirstName), x: body.x, y: body.y, style: .emphasis) + 2
            let cursor = form.name.draw(on: &canvas, x: end, y: body.y, width: 30, focused: true)
            let rows = permanences.map { ListView.Row(text: StaffWalkInScreen.permanenceText($0, context: context, strings: strings)) }
            ListView.draw(rows, state: form.permanence, on: &canvas,
                          in: ListView.Frame(x: body.x, y: body.y + 2, width: body.width, height: body.height - 2))
            canvas.cursor = cursor
            return canvas
        }
        guard !queue.isEmpty else {
            canvas.write(strings.text(.walkinEmpty), x: body.x, y: body.y, style: .muted)
            return canvas
        }
        // Each waiting person's place in the queue of their permanence.
        var position: [String: Int] = [:]
        var counters: [String: Int] = [:]
        for walkIn in queue where walkIn.status == .waiting {
            let line = walkIn.permanence ?? ""
            counters[line, default: 0] += 1
            position[walkIn.id] = counters[line]
        }
        let rows = queue.map { walkIn -> ListView.Row in
            let time = InstantParser.parse(walkIn.arrivedAt).map { DateText.time($0, strings.language) } ?? ""
            let permanence: String
            if let id = walkIn.permanence {
                permanence = context.catalogue.permanences.first { $0.id == id }
                    .map { StaffWalkInScreen.permanenceText($0, context: context, strings: strings) } ?? id
            } else {
                permanence = StaffWalkInScreen.permanenceText(nil, context: context, strings: strings)
            }
            let place = position[walkIn.id].map { " · " + strings.text(.walkinPosition, ["position": "\($0)"]) } ?? ""
            // The permanence comes last: it is the part that may be cut at 80 columns.
            return ListView.Row(text: "\(time)  \(walkIn.firstName) — \(StaffWalkInScreen.statusText(walkIn.status, strings))\(place) — \(permanence)",
                                style: walkIn.status == .waiting ? .normal : .muted)
        }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas, in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}
