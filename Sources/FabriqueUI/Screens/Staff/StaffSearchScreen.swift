public import FabriqueCore
public import FoundationEssentials

/// Staff mode: the appointments found by name, phone or code in every month kept and at every place,
/// those to come first; Enter opens the chosen one's day with it highlighted.
public struct StaffSearchScreen: KioskScreen, Equatable {
    /// What staff typed.
    public let query: String
    /// The day of the agenda the search started from (Esc goes back there).
    let returnDay: LocalDate
    private(set) var found: [Booking] = []
    /// How many appointments answered, when more than are listed.
    private(set) var total = 0
    private(set) var loaded = false
    private(set) var failed = false
    private(set) var list = ListState()

    init(query: String, returnDay: LocalDate) {
        self.query = query
        self.returnDay = returnDay
    }

    var traits: ScreenTraits { .staff(help: .helpStaff, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { nil }

    func message(_ env: ScreenEnvironment) -> ScreenMessage? {
        if failed { return ScreenMessage(text: env.strings.text(.recordsUnreadable)) }
        guard loaded else { return nil }
        if found.isEmpty { return ScreenMessage(text: env.strings.text(.staffFoundNone, ["value": query])) }
        // The highlighted appointment's code and service, which the row has no room for at 80 columns.
        guard found.indices.contains(list.focus) else { return nil }
        let booking = found[list.focus]
        let catalogue = env.context.catalogue
        return ScreenMessage(text: env.strings.text(.staffFoundDetail, [
            "code": booking.reference, "status": booking.status.label(env.strings),
            "partner": catalogue.partner(booking.partner)?.name ?? booking.partner,
            "service": catalogue.service(booking.service)?.service.name.text(env.strings.language) ?? booking.service]), style: .muted)
    }

    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        switch reply {
        case .found(.success(let result)):
            found = result.bookings
            total = result.total
            loaded = true
            list = ListState()
        case .found(.failure):
            failed = true
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns,
             .staffCredential, .catalogue, .staffPIN, .absences, .code, .printed, .outcomes:
            break
        }
        return .stay
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        if list.handle(key, count: found.count) { return .stay }
        switch key {
        case .enter:
            guard found.indices.contains(list.focus) else { return .stay }
            let booking = found[list.focus]
            return StaffFlow.agenda(day: booking.start.day, env, showing: booking)
        case .escape:
            return StaffFlow.agenda(day: returnDay, env)
        default:
            return .stay
        }
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (context, strings, size, now) = (env.context, env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let hints = Chrome.listHints(strings, enter: .staffHintOpenDay, escape: .staffHintAgenda)
        let heading = strings.text(.staffFoundTitle, ["value": query])
            + (!loaded ? "" : " — " + (total > found.count
                ? strings.text(.staffFoundSome, ["count": "\(found.count)", "total": "\(total)"])
                : strings.text(.staffFoundCount, ["count": "\(found.count)"])))
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: heading,
                               question: strings.text(.staffFoundQuestion), hints: hints)
        let rows = found.map { booking -> ListView.Row in
            let day = DateText.shortDate(booking.start.day)
            let time = DateText.time(booking.start.instant, strings.language)
            let name = "\(booking.firstName) \(booking.lastName)"
            let phone = booking.phone.map(Contact.displayPhone) ?? "—"
            let site = context.catalogue.site(booking.site)?.name ?? booking.site
            let partner = context.catalogue.partner(booking.partner)?.name ?? booking.partner
            // When and where first: what a caller asks; the code and partner last, where a wide screen shows them.
            // The status shows as the row's style (cancelled ones muted) and in words below for the highlighted one.
            let text = "\(Columns.pad(day, 11))\(Columns.pad(time, 8))\(Columns.pad(site, 15))\(Columns.pad(name, 20))"
                + "\(Columns.pad(phone, 15))\(partner)"
            return ListView.Row(text: text, style: booking.isActive ? .normal : .muted)
        }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas,
                                      in: ListView.Frame(x: body.x, y: body.y, width: body.width, height: body.height))
        return canvas
    }
}

/// Text cut and padded to a column's width, for the staff's tables.
enum Columns {
    /// `text` cut to `width - 1` columns and padded to `width` (at least one space after it).
    static func pad(_ text: String, _ width: Int) -> String {
        let shown = TextWidth.truncate(text, to: width - 1)
        return shown + String(repeating: " ", count: max(1, width - TextWidth.of(shown)))
    }
}
