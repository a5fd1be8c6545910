public import FabriqueCore
public import FoundationEssentials

/// Staff mode: the appointments of a day at this place (or all places), with names, phones and
/// statuses; statuses are set with one key.
public struct StaffAgendaScreen: KioskScreen, Equatable {
    public private(set) var day: LocalDate
    public private(set) var allSites = false
    var bookings: [Booking] = []
    var backlog = 0
    private(set) var list = ListState()
    var failed = false
    /// The name or code searched for ("/" starts a search); it filters the list until Esc.
    public private(set) var search: TextField?
    /// Whether staff are typing into the search field (Enter hands the keys back to the list).
    private(set) var typingSearch = false

    /// The appointment whose partner's absence that day, at its place, staff are asked to confirm (X, then X again).
    private(set) var confirmingAbsence: Booking?
    /// The appointment to move once the slots' availability (and its plan's other appointments) have been read (D).
    private var moving: Booking?
    /// The slots of the other appointments of the plan of the one being moved: the move keeps clear of them.
    private var planSlots: [Slot] = []
    /// The appointment to highlight once the day is read (a search's result, a moved appointment).
    private var showing: String?
    /// What the last action did (printed, moved, ticket issued), until the next key.
    private var note: ScreenMessage?

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: typingSearch) }
    var clicks: Clicks { .highlight(list.focus) }
    var journey: Journey? { nil }

    /// The absence to confirm, or the count of past appointments left to fill in.
    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        if let booking = confirmingAbsence {
            let catalogue = env.context.catalogue
            return ScreenMessage(text: env.strings.text(.staffAbsenceConfirm,
                                                        ["partner": catalogue.partner(booking.partner)?.name ?? booking.partner,
                                                         "site": catalogue.site(booking.site)?.name ?? booking.site]))
        }
        if let note { return note }
        return backlog > 0 ? ScreenMessage(text: env.strings.text(.staffBacklog, ["count": "\(backlog)"])) : nil
    }

    /// The bookings shown: all of the day's, or those whose name or code matches the search.
    var shown: [Booking] {
        guard let text = search?.text, let query = BookingQuery(text) else { return bookings }
        let folded = TextFolding.fold(text)
        let code = BookingStore.normalizedReference(text)
        // As `find` matches (name words, phone, code), and also any part of a name or the start of a code.
        return bookings.filter {
            query.matches($0) || TextFolding.fold($0.firstName + " " + $0.lastName).contains(folded)
                || (!code.isEmpty && $0.reference.hasPrefix(code))
        }
    }

    init(day: LocalDate, allSites: Bool = false, showing reference: String? = nil, note: ScreenMessage? = nil) {
        self.day = day
        self.allSites = allSites
        self.showing = reference
        self.note = note
    }

    /// Shows a loaded day, keeping the highlight on the same booking.
    mutating func show(_ bookings: [Booking], backlog: Int) {
        let visible = shown
        let selected = showing ?? (visible.indices.contains(list.focus) ? visible[list.focus].reference : nil)
        showing = nil
        self.bookings = bookings
        self.backlog = backlog
        failed = false
        if let index = shown.firstIndex(where: { $0.reference == selected }) {
            list = ListState(focus: index)
        } else {
            list.clamp(to: shown.count)
        }
    }

    /// The day as shown, read again.
    private func reload(_ env: ScreenEnvironment) -> KioskEffect {
        .loadAgenda(day: day, site: allSites ? nil : env.context.site.id)
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .agenda(.success(let day)):
            show(day.bookings, backlog: day.backlog)
        case .agenda(.failure):
            failed = true
        case .statusSet(.success(let booking?)):
            // What changed, in words: a key pressed by mistake is seen at once (B undoes it).
            note = ScreenMessage(text: env.strings.text(booking.status == .booked ? .staffStatusBack : .staffStatusDone, ["name": "\(booking.firstName) \(booking.lastName)",
                                                                         "status": booking.status.label(env.strings)]), style: .muted)
            return .run(reload(env))
        case .statusSet(.success(nil)):
            return .run(reload(env))
        case .statusSet(.failure(let error)):
            note = StaffAgendaScreen.refusal(error, env.strings)
            return .run(reload(env))
        case .absenceRecorded(.success(let count)):
            note = ScreenMessage(text: env.strings.text(.staffAbsenceDone, ["count": "\(count)"]), style: .muted)
            return .run(reload(env))
        case .absenceRecorded(.failure):
            return Transition.run(reload(env)).saying(.staffChangeFailed)
        case .availability(let result):
            guard let booking = moving else { return .stay }
            moving = nil
            return StaffFlow.move(booking, availability: result, env, besides: planSlots)
        case .printed(.success(true)):
            note = ScreenMessage(text: env.strings.text(.staffPrinted), style: .muted)
        case .printed(.success(false)):
            note = ScreenMessage(text: env.strings.text(.staffNoPrinter))
        case .printed(.failure):
            note = ScreenMessage(text: env.strings.text(.staffChangeFailed))
        case .code(.success(let held)) where moving != nil:
            // The plan's other appointments are known: now the free slots.
            planSlots = held.bookings.filter { $0.reference != moving?.reference }.compactMap { env.context.schedule.slot(id: $0.slot) }
            return .run(.availability(env))
        case .code(.success(let held)) where !held.bookings.isEmpty:
            let printer = !(env.context.settings.printCommand ?? "").isEmpty
            note = ScreenMessage(text: env.strings.text(printer ? .staffTicketIssued : .staffTicketWritten, ["code": held.code]), style: .muted)
            return .run(.issueTicket(reference: held.code, text: ConfirmationScreen.ticket(held, catalogue: env.context.catalogue,
                                                                                            strings: env.strings, width: env.context.settings.ticketWidth)))
        case .code where moving != nil:
            // The plan could not be read: the slots are offered all the same, and the core still refuses an overlap.
            return .run(.availability(env))
        case .code:
            note = ScreenMessage(text: env.strings.text(.staffChangeFailed))
        case .booked, .checkedIn, .statistics, .moved, .walkIns, .staffCredential, .catalogue, .staffPIN, .absences, .found, .outcomes:
            break
        }
        return .stay
    }

    /// The status each key sets.
    static let statusKeys: [Character: Booking.Status] = ["a": .arrived, "v": .seen, "n": .noShow, "e": .excused, "r": .revoked, "b": .booked]

    /// What staff are told when a change was refused: the rule that stands in the way, or that it failed.
    static func refusal(_ error: BookingError, _ strings: Strings) -> ScreenMessage {
        switch error {
        case .statusRefused(let refusal): return ScreenMessage(text: refusal.text(strings))
        case .full: return ScreenMessage(text: strings.text(.staffStatusFull))
        case .alreadyBooked(let held): return ScreenMessage(text: strings.text(.staffAlreadyBooked, ["code": held]))
        case .notBookable: return ScreenMessage(text: strings.text(.staffStatusAbsent))
        case .records(.busy), .records(.abandoned): return ScreenMessage(text: strings.text(.staffRecordsBusy))
        default: return ScreenMessage(text: strings.text(.staffChangeFailed))
        }
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        note = nil
        if typingSearch, var field = search {
            switch key {
            case .escape:
                search = nil
                typingSearch = false
                list = ListState()
            case .enter where !String(Blank.trimmed(field.text, keepingLineBreaks: true)).isEmpty:
                // Enter looks everywhere: every month kept, past and future, every place.
                return .go(StaffSearchScreen(query: field.text, returnDay: day), .findBookings(field.text))
            case .enter, .up, .down:
                // The search stays as a filter of the day; the keys act on the list again.
                search = field.text.isEmpty ? nil : field
                typingSearch = false
                return key == .enter ? .stay : handle(key, env)
            default:
                if field.handle(key) {
                    search = field
                    list = ListState()
                }
            }
            return .stay
        }
        let visible = shown
        if let booking = confirmingAbsence {
            confirmingAbsence = nil
            // The absence is the partner's at the appointment's place, whichever place's view it was chosen in.
            if case .character(let c) = key, c.lowercased() == "x" {
                return .run(.recordAbsence(partner: booking.partner, day: day, site: booking.site))
            }
            return .stay
        }
        if list.handle(key, count: visible.count) { return .stay }
        let focused = visible.indices.contains(list.focus) ? visible[list.focus] : nil
        switch key {
        case .character("/"):
            search = search ?? TextField(limit: 30)
            typingSearch = true
            list = ListState()
        case .left:
            day = day.adding(days: -1)
            return .run(reload(env))
        case .right:
            day = day.adding(days: 1)
            return .run(reload(env))
        case .escape:
            if search != nil {
                search = nil
                list = ListState()
                return .stay
            }
            return .go(StaffFlow.menu())
        case .character(let c):
            if c.lowercased() == "t" {
                allSites.toggle()
                return .run(reload(env))
            }
            if c.lowercased() == "p" {
                let place = allSites ? env.strings.text(.staffAllSites) : env.context.site.name
                let text = AgendaDocument.text(day: day, place: place, bookings: bookings, catalogue: env.context.catalogue, strings: env.strings)
                return .run(.printDocument(name: "agenda-\(day)-\(allSites ? "all" : env.context.site.id)", text: text))
            }
            guard let focused else { return .stay }
            if c.lowercased() == "i" || c.lowercased() == "d", let closed = StatusChange.cancellationRefusal(focused) {
                // No ticket and no move for an appointment that will not be held: say so.
                note = ScreenMessage(text: closed.text(env.strings))
                return .stay
            }
            if c.lowercased() == "i" {
                return .run(.loadCode(focused.plan ?? focused.reference))
            }
            if c.lowercased() == "d" {
                moving = focused
                planSlots = []
                if let plan = focused.plan { return .run(.loadCode(plan)) }
                return .run(.availability(env))
            }
            if c.lowercased() == "x" {
                confirmingAbsence = focused
            }
            if c.lowercased() == "h" {
                return StaffFlow.path(of: focused, back: .agenda(day, showing: focused))
            }
            if c.lowercased() == "o" {
                guard focused.status == .seen else {
                    note = ScreenMessage(text: OutcomeText.refusal(.notSeen(focused.status), catalogue: env.context.catalogue, strings: env.strings))
                    return .stay
                }
                return .go(StaffOutcomeScreen(booking: focused, correcting: nil, back: .agenda(day, showing: focused), env: env))
            }
            if let status = StaffAgendaScreen.statusKeys[Character(c.lowercased())] {
                return .run(.setStatus(reference: focused.reference, status: status))
            }
        default: break
        }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let place = allSites ? strings.text(.staffAllSites) : context.site.name
        let heading = strings.text(.staffAgendaTitle, ["day": DateText.longDay(day, strings), "place": place])
        let question = [strings.text(.staffAgendaKeys), strings.text(.staffAgendaAbsenceKey), strings.text(.staffHintPrint),
                        strings.text(.staffHintTicket), strings.text(.staffAgendaPathKeys)].joined(separator: " · ")
        let hints = [Chrome.Hint(key: "←→", label: strings.text(.staffHintDay)), Chrome.Hint(key: "T", label: strings.text(.staffHintPlaces)),
                     Chrome.Hint(key: "/", label: strings.text(.staffHintSearch)),
                     Chrome.Hint(key: "D", label: strings.text(.staffHintMove)),

                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: question, hints: hints)
        if failed {
            canvas.write(strings.text(.staffAgendaUnreadable), x: body.x, y: body.y, style: .alert)
            return canvas
        }
        var listTop = body.y
        if let search {
            let end = canvas.write(strings.text(.staffSearch), x: body.x, y: body.y, style: .emphasis) + 1
            let fieldCursor = search.draw(on: &canvas, x: end, y: body.y, width: 30, focused: typingSearch)
            if typingSearch { canvas.cursor = fieldCursor }
            listTop += 2
        }
        guard !shown.isEmpty else {
            canvas.write(strings.text(.staffAgendaEmpty), x: body.x, y: listTop, style: .muted)
            return canvas
        }
        // Group sessions show how many of their seats are taken.
        var seatsTaken: [String: Int] = [:]
        for booking in bookings where booking.isActive { seatsTaken[booking.slot, default: 0] += 1 }
        let rows = shown.map { booking -> ListView.Row in
            let time = DateText.time(booking.start.instant, strings.language)
            let partner = context.catalogue.partner(booking.partner)?.name ?? booking.partner
            let service = context.catalogue.service(booking.service)?.service.name.text(strings.language) ?? booking.service
            let phone = booking.phone.map(Contact.displayPhone) ?? "—"
            // With every place shown, the place comes before the partner so that it is never cut off.
            let site = allSites ? (context.catalogue.site(booking.site)?.name ?? booking.site) + " · " : ""
            var seats = ""
            if let slot = context.schedule.slot(id: booking.slot), slot.isGroup {
                seats = " (\(seatsTaken[booking.slot, default: 0])/\(slot.capacity))"
            }
            // A booking the kiosk flagged as perhaps the same person's second one: staff decide.
            let mark = booking.possibleDuplicateOf == nil ? "" : strings.text(.staffAgendaDuplicateMark)
            let name = mark + "\(booking.firstName) \(booking.lastName)"
            let text = "\(Columns.pad(time, 8))\(Columns.pad(booking.status.label(strings), 9))\(Columns.pad(name, 23))\(Columns.pad(phone, 16))\(site)\(partner)\(seats) · \(service)"
            return ListView.Row(text: text, style: booking.isActive ? .normal : .muted)
        }
        let cursor = ListView.draw(rows, state: list, on: &canvas,
                                   in: ListView.Frame(x: body.x, y: listTop, width: body.width, height: body.height - (listTop - body.y)))
        if !typingSearch { canvas.cursor = cursor }
        return canvas
    }
}
