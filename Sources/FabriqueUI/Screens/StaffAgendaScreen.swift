public import FabriqueCore
public import Foundation

/// Staff mode: the appointments of a day at this place (or all places), with names, phones and
/// statuses; statuses are set with one key.
public struct StaffAgendaScreen: Sendable, Equatable {
    public private(set) var day: LocalDate
    public private(set) var allSites = false
    var bookings: [Booking] = []
    var backlog = 0
    public private(set) var selection = 0
    var failed = false
    /// The name or code searched for ("/" starts a search); it filters the list until Esc.
    public private(set) var search: TextField?
    /// Whether staff are typing into the search field (Enter hands the keys back to the list).
    private(set) var typingSearch = false

    /// The partner whose absence staff are asked to confirm (X, then X again).
    private(set) var confirmingAbsence: String?

    /// Whether letters go into the search field rather than set statuses.
    var isSearching: Bool { typingSearch }

    /// The bookings shown: all of the day's, or those whose name or code matches the search.
    var shown: [Booking] {
        guard let query = search.map({ TextFolding.fold($0.text) }), !query.isEmpty else { return bookings }
        return bookings.filter {
            TextFolding.fold($0.firstName + " " + $0.lastName).contains(query) || $0.reference.lowercased().hasPrefix(query.replacingOccurrences(of: " ", with: ""))
        }
    }

    /// What staff asked for.
    enum Outcome: Equatable {
        case load(LocalDate, allSites: Bool)
        case setStatus(String, Booking.Status)
        case move(Booking)
        case absence(partner: String)
        case leave
    }

    init(day: LocalDate) {
        self.day = day
    }

    /// Shows a loaded day, keeping the highlight on the same booking.
    mutating func show(_ bookings: [Booking], backlog: Int) {
        let visible = shown
        let selected = visible.indices.contains(selection) ? visible[selection].reference : nil
        self.bookings = bookings
        self.backlog = backlog
        failed = false
        selection = shown.firstIndex { $0.reference == selected } ?? min(selection, max(0, shown.count - 1))
    }

    mutating func showFailure() {
        failed = true
    }

    /// The status each key sets.
    static let statusKeys: [Character: Booking.Status] = ["a": .arrived, "v": .seen, "n": .noShow, "e": .excused, "r": .revoked, "b": .booked]

    mutating func handle(_ key: Key) -> Outcome? {
        if typingSearch, var field = search {
            switch key {
            case .escape:
                search = nil
                typingSearch = false
                selection = 0
            case .enter, .up, .down:
                // The search stays as a filter; the keys act on the list again.
                search = field.text.isEmpty ? nil : field
                typingSearch = false
                return key == .enter ? nil : handle(key)
            default:
                if field.handle(key) {
                    search = field
                    selection = 0
                }
            }
            return nil
        }
        let visible = shown
        if let partner = confirmingAbsence {
            confirmingAbsence = nil
            if case .character(let c) = key, c.lowercased() == "x" { return .absence(partner: partner) }
            return nil
        }
        switch key {
        case .character("/"):
            search = search ?? TextField(limit: 30)
            typingSearch = true
            selection = 0
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(max(0, visible.count - 1), selection + 1)
        case .left:
            day = day.adding(days: -1)
            return .load(day, allSites: allSites)
        case .right:
            day = day.adding(days: 1)
            return .load(day, allSites: allSites)
        case .escape:
            if search != nil {
                search = nil
                selection = 0
                return nil
            }
            return .leave
        case .character(let c):
            if c.lowercased() == "t" {
                allSites.toggle()
                return .load(day, allSites: allSites)
            }
            if c.lowercased() == "d", visible.indices.contains(selection), visible[selection].isActive {
                return .move(visible[selection])
            }
            if c.lowercased() == "x", visible.indices.contains(selection) {
                confirmingAbsence = visible[selection].partner
            }
            if let status = StaffAgendaScreen.statusKeys[Character(c.lowercased())], visible.indices.contains(selection) {
                return .setStatus(visible[selection].reference, status)
            }
        default: break
        }
        return nil
    }

    static func statusText(_ status: Booking.Status, _ strings: Strings) -> String {
        switch status {
        case .booked: return strings.text(.statusBooked)
        case .arrived: return strings.text(.statusArrived)
        case .seen: return strings.text(.statusSeen)
        case .noShow: return strings.text(.statusNoShow)
        case .excused: return strings.text(.statusExcused)
        case .revoked: return strings.text(.statusRevoked)
        }
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let place = allSites ? strings.text(.staffAllSites) : context.site.name
        let heading = strings.text(.staffAgendaTitle, ["day": DateText.longDay(day.instant(at: .midnight), strings.language), "place": place])
        let question = strings.text(.staffAgendaKeys) + " · " + strings.text(.staffAgendaAbsenceKey)
        let hints = [Chrome.Hint(key: "←→", label: strings.text(.staffHintDay)), Chrome.Hint(key: "T", label: strings.text(.staffHintPlaces)),
                     Chrome.Hint(key: "/", label: strings.text(.staffHintSearch)),
                     Chrome.Hint(key: "D", label: strings.text(.staffHintMove)),
                     Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.staffHintMenu))]
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading, question: question, hints: hints)
        if let partner = confirmingAbsence {
            let text = strings.text(.staffAbsenceConfirm, ["partner": context.catalogue.partner(partner)?.name ?? partner])
            canvas.write(TextWidth.truncate(text, to: size.width - 4), x: 2, y: size.height - 2, style: .alert)
        } else if backlog > 0 {
            canvas.write(strings.text(.staffBacklog, ["count": "\(backlog)"]), x: 2, y: size.height - 2, style: .alert)
        }
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
            let text = "\(pad(time, 8))\(pad(StaffAgendaScreen.statusText(booking.status, strings), 9))\(pad(name, 23))\(pad(phone, 16))\(site)\(partner)\(seats) · \(service)"
            return ListView.Row(text: text, style: booking.isActive ? .normal : .muted)
        }
        let cursor = ListView.draw(rows, selected: selection, on: &canvas, x: body.x, y: listTop, width: body.width,
                                   height: body.height - (listTop - body.y))
        if !typingSearch { canvas.cursor = cursor }
        return canvas
    }

    private func pad(_ text: String, _ width: Int) -> String {
        let shown = TextWidth.truncate(text, to: width - 1)
        return shown + String(repeating: " ", count: max(1, width - TextWidth.of(shown)))
    }
}

/// Staff mode's menu: the day's agenda, back to the visitors, or leave the kiosk.
public struct StaffMenuScreen: Sendable, Equatable {
    public private(set) var selection = 0

    enum Outcome: Equatable {
        case agenda, walkIns, statistics, visitors, quit
    }

    static let items: [StringKey] = [.staffMenuAgenda, .staffMenuWalkins, .staffMenuStatistics, .staffMenuVisitors, .staffMenuQuit]
    static let outcomes: [Outcome] = [.agenda, .walkIns, .statistics, .visitors, .quit]

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(StaffMenuScreen.items.count - 1, selection + 1)
        case .escape: return .visitors
        case .enter: return StaffMenuScreen.outcomes[selection]
        case .character(let c):
            if let number = c.wholeNumberValue, StaffMenuScreen.outcomes.indices.contains(number - 1) {
                return StaffMenuScreen.outcomes[number - 1]
            }
        default: break
        }
        return nil
    }

    func render(strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.staffTitle),
                               question: strings.text(.staffMenuQuestion),
                               hints: [Chrome.Hint(key: strings.text(.hintArrowsKey), label: strings.text(.hintArrowsLabel)),
                                       Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel))])
        let rows = StaffMenuScreen.items.enumerated().map { ListView.Row(text: "\($0.offset + 1)  " + strings.text($0.element)) }
        canvas.cursor = ListView.draw(rows, selected: selection, on: &canvas, x: body.x, y: body.y, width: 50, height: rows.count)
        return canvas
    }
}
