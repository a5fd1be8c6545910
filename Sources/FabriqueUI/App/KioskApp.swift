public import FabriqueCore
public import Foundation

/// The screen the kiosk shows, with that screen's own state.
public enum KioskScreen: Sendable, Equatable {
    case welcome(WelcomeScreen)
    case quartier(QuartierScreen)
    case about(AboutYouScreen)
    case needs(NeedsScreen)
    case proposals(ProposalsScreen)
    case slot(SlotScreen)
    case contact
    case confirmation(ConfirmationScreen)
    case checkIn(CheckInScreen)
    case agenda(AgendaScreen)
    case staffLogin(StaffLoginScreen)
    case staffMenu(StaffMenuScreen)
    case staffAgenda(StaffAgendaScreen)
    case staffStats(StaffStatsScreen)
    case staffMove(StaffMoveScreen)
    case staffWalkIns(StaffWalkInScreen)

    /// Whether this is one of the staff's screens (with personal data and a longer idle time).
    var isStaff: Bool {
        switch self {
        case .staffMenu, .staffAgenda, .staffStats, .staffMove, .staffWalkIns: return true
        case .welcome, .quartier, .about, .needs, .proposals, .slot, .contact, .confirmation, .checkIn, .agenda, .staffLogin:
            return false
        }
    }

    /// Whether letters typed on this screen go into a text field (so `L` and `?` are letters there).
    var isTyping: Bool {
        switch self {
        case .quartier, .contact, .checkIn, .staffLogin: return true
        case .staffAgenda(let state): return state.isSearching
        case .staffWalkIns(let state): return state.isTyping
        case .welcome, .about, .needs, .proposals, .slot, .confirmation, .agenda, .staffMenu, .staffStats, .staffMove:
            return false
        }
    }

    /// The help text of this screen.
    var help: StringKey {
        switch self {
        case .welcome: return .helpWelcome
        case .quartier: return .helpQuartier
        case .about: return .helpAbout
        case .needs: return .helpNeeds
        case .proposals: return .helpProposals
        case .slot: return .helpSlot
        case .contact: return .helpContact
        case .confirmation: return .helpConfirmation
        case .checkIn: return .helpCheckin
        case .agenda: return .helpAgenda
        case .staffLogin, .staffMenu, .staffAgenda, .staffStats, .staffMove, .staffWalkIns: return .helpStaff
        }
    }
}

/// The kiosk's state machine: events go in through `update`, which returns the work to do; the
/// screen comes out of `render`. It performs no I/O and reads no clock: the time is passed in.
public struct KioskApp: Sendable {
    public let context: KioskContext
    public private(set) var language: Language
    public private(set) var size: Size
    public private(set) var screen: KioskScreen = .welcome(WelcomeScreen())
    public private(set) var journey = Journey()
    /// Active bookings per slot, as last loaded.
    private(set) var taken: [String: Int] = [:]
    /// What to show once availability has been loaded.
    private var awaiting: Awaiting?
    /// A message kept on the message line until the next key.
    private(set) var notice: StringKey?
    public private(set) var showsHelp = false
    private var lastInput: Date?
    /// Wrong PINs and the wait they impose; kept when a visitor's session is wiped.
    public private(set) var staffAccess = StaffAccess()
    /// Wrong check-in codes and the wait they impose; kept when a visitor's session is wiped, so that
    /// trying codes one visitor after another gains nothing.
    public private(set) var checkInThrottle = AttemptThrottle(policy: .checkIn)
    /// The staff PIN's hash, read again each time staff mode is asked for.
    public private(set) var staffCredential: StaffCredential?
    /// Goes up each time a booking is confirmed: keys typed before its confirmation was shown are then
    /// dropped by the loop, so that an Enter pressed while the booking was committed cannot close it.
    public private(set) var inputBarrier = 0
    /// Effects decided while resetting, handed out with the next batch.
    private var pendingEffects: [KioskEffect] = []

    private enum Awaiting: Sendable {
        case proposals
        case slot(String)
        case move(Booking)
    }

    /// A kiosk on its welcome screen.
    public init(context: KioskContext, size: Size) {
        self.context = context
        self.size = size
        self.language = context.settings.language
        self.staffCredential = context.staffCredential
    }

    /// The texts in the visitor's language.
    public var strings: Strings { context.strings(language) }

    /// Seconds left before the kiosk wipes everything, when the countdown is showing.
    public func countdown(now: Date) -> Int? {
        guard isWorthResetting, let last = lastInput else { return nil }
        let timeout = idleTimeout
        let left = Int((Double(timeout) - now.timeIntervalSince(last)).rounded(.up))
        return left <= min(30, max(1, timeout / 3)) ? max(0, left) : nil
    }

    /// Seconds without a key before the reset: the visitors' setting, or a few minutes in staff mode.
    private var idleTimeout: Int {
        screen.isStaff ? StaffAccess.idleMinutes * 60 : context.settings.idleTimeoutSeconds
    }

    private var isWorthResetting: Bool {
        if case .welcome(let welcome) = screen {
            return showsHelp || language != context.settings.language || welcome != WelcomeScreen()
        }
        return true
    }

    /// Forgets the visitor: everything typed or chosen is dropped and the welcome screen comes back.
    private mutating func reset(now: Date) {
        let access = staffAccess
        let throttle = checkInThrottle
        let credential = staffCredential
        let barrier = inputBarrier
        let visit = journey.started ? Visit(site: context.site.id, date: LocalDate(now), answers: journey.answers,
                                            proposals: journey.proposalsShown, bookedService: journey.booked?.service,
                                            bookedPartner: journey.booked?.partner) : nil
        let effects = pendingEffects
        self = KioskApp(context: context, size: size)
        staffAccess = access
        checkInThrottle = throttle
        staffCredential = credential
        inputBarrier = barrier
        pendingEffects = effects + (visit.map { [.recordVisit($0)] } ?? [])
    }

    /// Applies one event; returns the effects the runtime must carry out (their results come back as events).
    public mutating func update(_ event: KioskEvent, now: Date) -> [KioskEffect] {
        let effects = apply(event, now: now)
        defer { pendingEffects = [] }
        return pendingEffects + effects
    }

    private mutating func apply(_ event: KioskEvent, now: Date) -> [KioskEffect] {
        switch event {
        case .key, .click:
            if let last = lastInput, isWorthResetting,
               now.timeIntervalSince(last) >= Double(idleTimeout) {
                reset(now: now)
            }
            lastInput = now
        case .tick:
            if lastInput == nil { lastInput = now }
            if let left = countdown(now: now), left <= 0 { reset(now: now) }
            return []
        case .resize(let newSize):
            size = newSize
            return []
        default:
            break
        }

        switch event {
        case .key(let key): return handle(key, now: now)
        case .click(let point): return click(point, now: now)
        case .availabilityLoaded(let result): return availabilityLoaded(result, now: now)
        case .booked(let result): return booked(result, now: now)
        case .checkedIn(let result):
            if case .checkIn(var state) = screen {
                switch result {
                case .success(let booking): state.show(booking)
                case .failure: notice = .checkinFailed
                }
                screen = .checkIn(state)
            }
            // Counted even when the visitor has left the screen meanwhile: a wrong code is a wrong code.
            guard case .success(nil) = result else { return [] }
            return wrongCheckInCode(now: now)
        case .staffCredentialLoaded(let credential):
            staffCredential = credential
            return []
        case .agendaLoaded(let result):
            if case .staffAgenda(var state) = screen {
                switch result {
                case .success(let day): state.show(day.bookings, backlog: day.backlog)
                case .failure: state.showFailure()
                }
                screen = .staffAgenda(state)
            }
            return []
        case .statusSet(let result):
            guard case .staffAgenda(let state) = screen else { return [] }
            if case .failure = result { notice = .staffChangeFailed }
            return [.loadAgenda(day: state.day, site: state.allSites ? nil : context.site.id)]
        case .walkInsLoaded(let result):
            if case .staffWalkIns(var state) = screen {
                switch result {
                case .success(let queue): state.show(queue)
                case .failure: state.failed = true
                }
                screen = .staffWalkIns(state)
            }
            return []
        case .bookingMoved(let result):
            switch result {
            case .success(let booking?):
                return backToAgenda(day: booking.start.day)
            case .success(nil):
                notice = .staffChangeFailed
            case .failure(.full), .failure(.notBookable), .failure(.unknownSlot):
                notice = .bookingFull
                if case .staffMove(let state) = screen { return load(.move(state.booking), now: now) }
            case .failure(.otherMonth):
                notice = .bookingOtherMonth
            case .failure:
                notice = .staffChangeFailed
            }
            return []
        case .statisticsLoaded(let result):
            if case .staffStats(var state) = screen {
                switch result {
                case .success(let data): state.data = data
                case .failure: state.failed = true
                }
                screen = .staffStats(state)
            }
            return []
        case .tick, .resize: return []
        }
    }

    // MARK: - Keys

    private mutating func handle(_ key: Key, now: Date) -> [KioskEffect] {
        notice = nil
        if showsHelp {
            showsHelp = false
            return []
        }
        switch key {
        case .function(1):
            showsHelp = true
            return []
        case .character("?") where !screen.isTyping:
            showsHelp = true
            return []
        case .function(2):
            language = language == .fr ? .en : .fr
            return []
        case .character(let c) where !screen.isTyping && c.lowercased() == strings.text(.hintLanguageKey).lowercased():
            language = language == .fr ? .en : .fr
            return []
        case .function(12):
            screen = .staffLogin(StaffLoginScreen())
            return [.loadStaffCredential]
        default:
            break
        }

        switch screen {
        case .welcome(var state):
            let choice = state.handle(key)
            screen = .welcome(state)
            if let choice { return choose(choice, now: now) }
        case .quartier(var state):
            let outcome = state.handle(key, context: context)
            screen = .quartier(state)
            return quartier(outcome, now: now)
        case .about(var state):
            let outcome = state.handle(key, answers: &journey.answers)
            screen = .about(state)
            switch outcome {
            case .done: screen = .needs(NeedsScreen(ticked: journey.answers.needs))
            case .back: screen = .quartier(QuartierScreen(context: context, chosen: journey.answers.quartier))
            case nil: break
            }
        case .needs(var state):
            let outcome = state.handle(key, context: context)
            screen = .needs(state)
            switch outcome {
            case .done(let needs):
                journey.answers.needs = needs
                return load(.proposals, now: now)
            case .back:
                screen = .about(AboutYouScreen(answers: journey.answers, question: 2))
            case nil: break
            }
        case .proposals(var state):
            let outcome = state.handle(key)
            screen = .proposals(state)
            switch outcome {
            case .chosen(let service):
                if journey.service != service { journey.slot = nil }
                journey.service = service
                screen = .slot(SlotScreen(context: context, service: service, taken: taken, now: now, chosen: journey.slot))
            case .back: screen = .needs(NeedsScreen(ticked: journey.answers.needs))
            case nil: break
            }
        case .slot(var state):
            let outcome = state.handle(key)
            screen = .slot(state)
            switch outcome {
            case .chosen(let slot):
                journey.slot = slot
                screen = .contact
            case .back: return load(.proposals, now: now)
            case nil: break
            }
        case .contact:
            let outcome = journey.contact.handle(key)
            switch outcome {
            case .book(let details):
                guard let slot = journey.slot, let service = journey.service else { return [] }
                return [.book(BookingRequest(slot: slot.id, service: service, firstName: details.firstName,
                                             lastName: details.lastName, phone: details.phone, email: details.email,
                                             quartier: journey.answers.quartier, needs: journey.answers.needs,
                                             consent: true, bookedAt: context.site.id, whenAlreadyHeld: .flagForStaff))]
            case .back:
                if let service = journey.service {
                    screen = .slot(SlotScreen(context: context, service: service, taken: taken, now: now, chosen: journey.slot))
                }
            case nil: break
            }
        case .confirmation:
            if key == .enter || key == .escape { reset(now: now) }
        case .checkIn(var state):
            let outcome = state.handle(key)
            screen = .checkIn(state)
            switch outcome {
            case .lookUp(let reference):
                // While the wait after wrong codes runs, nothing is looked up; the screen shows the wait.
                guard checkInThrottle.wait(at: now) == 0 else { return [] }
                guard BookingStore.month(ofReference: reference) != nil else {
                    state.show(nil)
                    screen = .checkIn(state)
                    return wrongCheckInCode(now: now)
                }
                return [.checkIn(reference: reference, day: LocalDate(now))]
            case .back, .done: reset(now: now)
            case nil: break
            }
        case .agenda(var state):
            if state.handle(key, size: size) { reset(now: now) } else { screen = .agenda(state) }
        case .staffLogin(var state):
            let outcome = state.handle(key)
            switch outcome {
            case .submit(let pin):
                switch staffAccess.attempt(pin, credential: staffCredential, now: now) {
                case .accepted:
                    screen = .staffMenu(StaffMenuScreen())
                case .wrong:
                    state.message = .staffWrong
                    screen = .staffLogin(state)
                    return [.recordWrongAttempt(.staffPIN, waitSeconds: staffAccess.throttle.wait(at: now))]
                case .notChecked:
                    // Typed during the wait (or with no PIN set): not checked, so neither wrong nor logged.
                    state.message = nil
                    screen = .staffLogin(state)
                }
            case .cancel: reset(now: now)
            case nil: screen = .staffLogin(state)
            }
        case .staffMenu(var state):
            let outcome = state.handle(key)
            screen = .staffMenu(state)
            switch outcome {
            case .agenda:
                let day = LocalDate(now)
                screen = .staffAgenda(StaffAgendaScreen(day: day))
                return [.loadAgenda(day: day, site: context.site.id)]
            case .walkIns:
                let today = LocalDate(now)
                screen = .staffWalkIns(StaffWalkInScreen(day: today))
                return [.loadWalkIns(day: today, site: context.site.id)]
            case .statistics:
                let today = LocalDate(now)
                screen = .staffStats(StaffStatsScreen(from: today.firstOfMonth, to: today))
                return [.loadStatistics(from: today.firstOfMonth, to: today)]
            case .visitors: reset(now: now)
            case .quit: return [.quit]
            case nil: break
            }
        case .staffWalkIns(var state):
            let outcome = state.handle(key, context: context)
            screen = .staffWalkIns(state)
            switch outcome {
            case .add(let permanence, let name): return [.addWalkIn(permanence: permanence, firstName: name)]
            case .setStatus(let id, let status): return [.setWalkInStatus(id: id, day: state.day, status: status)]
            case .leave: screen = .staffMenu(StaffMenuScreen())
            case nil: break
            }
        case .staffMove(var state):
            let outcome = state.handle(key)
            screen = .staffMove(state)
            switch outcome {
            case .move(let slot): return [.moveBooking(reference: state.booking.reference, slot: slot)]
            case .back: return backToAgenda(day: state.booking.start.day)
            case nil: break
            }
        case .staffStats(var state):
            if state.handle(key) { screen = .staffMenu(StaffMenuScreen()) } else { screen = .staffStats(state) }
        case .staffAgenda(var state):
            let outcome = state.handle(key)
            screen = .staffAgenda(state)
            switch outcome {
            case .load(let day, let all): return [.loadAgenda(day: day, site: all ? nil : context.site.id)]
            case .setStatus(let reference, let status): return [.setStatus(reference: reference, status: status)]
            case .move(let booking): return load(.move(booking), now: now)
            case .absence(let partner): return [.recordAbsence(partner: partner, day: state.day)]
            case .leave: screen = .staffMenu(StaffMenuScreen())
            case nil: break
            }
        }
        return []
    }

    /// Counts a wrong check-in code (kept across visitors) and has it logged with the wait it imposes.
    private mutating func wrongCheckInCode(now: Date) -> [KioskEffect] {
        checkInThrottle.recordMistake(at: now)
        return [.recordWrongAttempt(.checkInCode, waitSeconds: checkInThrottle.wait(at: now))]
    }

    private mutating func choose(_ choice: WelcomeScreen.Choice, now: Date) -> [KioskEffect] {
        switch choice {
        case .book:
            journey.started = true
            screen = .quartier(QuartierScreen(context: context, chosen: journey.answers.quartier))
        case .checkIn: screen = .checkIn(CheckInScreen())
        case .agenda: screen = .agenda(AgendaScreen(context: context, strings: strings, now: now))
        }
        return []
    }

    private mutating func quartier(_ outcome: QuartierScreen.Outcome?, now: Date) -> [KioskEffect] {
        switch outcome {
        case .chosen(let id):
            journey.answers.quartier = id
            screen = .about(AboutYouScreen(answers: journey.answers))
        case .back: reset(now: now)
        case nil: break
        }
        return []
    }

    /// The index of the highlighted item of the current screen, as the screen's targets number them.
    private var highlighted: Int? {
        switch screen {
        case .welcome(let state): return state.selection.rawValue
        case .quartier(let state): return state.selection
        case .about(let state): return state.selection
        case .needs(let state): return state.selection
        case .proposals(let state): return state.selection
        case .slot(let state): return state.selection
        case .staffMenu(let state): return state.selection
        case .staffAgenda(let state): return state.selection
        case .staffMove(let state): return state.slots.selection
        case .staffWalkIns(let state): return state.selection
        case .contact: return journey.contact.focus.rawValue
        case .confirmation, .checkIn, .agenda, .staffLogin, .staffStats: return nil
        }
    }

    /// A click chooses the item under it: the first click highlights it, a click on the highlighted
    /// item confirms it, exactly as the arrow keys and Enter would.
    private mutating func click(_ point: Point, now: Date) -> [KioskEffect] {
        notice = nil
        guard !showsHelp, size.contains(.minimum) else {
            showsHelp = false
            return []
        }
        guard let target = render(now: now).targets[point.y], let current = highlighted else { return [] }
        if target == current {
            if case .needs = screen { return handle(.character(" "), now: now) }
            if case .contact = screen {
                switch journey.contact.focus {
                case .consent: return handle(.character(" "), now: now)
                case .book: return handle(.enter, now: now)
                default: return []
                }
            }
            return handle(.enter, now: now)
        }
        let key: Key = target > current ? .down : .up
        var moves = 0
        while highlighted != target, moves < 200 {
            let before = highlighted
            _ = handle(key, now: now)
            if highlighted == before { break }
            moves += 1
        }
        // A need is ticked by clicking it, like a check box.
        if case .needs = screen, highlighted == target { return handle(.character(" "), now: now) }
        return []
    }

    /// Shows the staff agenda of `day` at this place and reloads it.
    private mutating func backToAgenda(day: LocalDate) -> [KioskEffect] {
        screen = .staffAgenda(StaffAgendaScreen(day: day))
        return [.loadAgenda(day: day, site: context.site.id)]
    }

    // MARK: - Effect results

    private mutating func load(_ target: Awaiting, now: Date) -> [KioskEffect] {
        awaiting = target
        return [.loadAvailability(from: LocalDate(now), days: context.catalogue.rules.horizonDays + 1)]
    }

    private mutating func availabilityLoaded(_ result: Result<[String: Int], RecordError>, now: Date) -> [KioskEffect] {
        switch result {
        case .success(let counts): taken = counts
        case .failure: notice = .recordsUnreadable
        }
        switch awaiting {
        case .proposals:
            let proposals = ProposalsScreen(context: context, answers: journey.answers, taken: taken, now: now,
                                            chosen: journey.service)
            journey.proposalsShown = proposals.proposals.map(\.service.id)
            screen = .proposals(proposals)
        case .slot(let service):
            screen = .slot(SlotScreen(context: context, service: service, taken: taken, now: now, chosen: nil))
        case .move(let booking):
            screen = .staffMove(StaffMoveScreen(booking: booking, context: context, taken: taken, now: now))
        case nil:
            break
        }
        awaiting = nil
        return []
    }

    private mutating func booked(_ result: Result<Booking, BookingError>, now: Date) -> [KioskEffect] {
        switch result {
        case .success(let booking):
            journey.booked = booking
            screen = .confirmation(ConfirmationScreen(booking: booking))
            inputBarrier += 1
            return [.issueTicket(reference: booking.reference, text: ConfirmationScreen.ticket(booking, context: context, strings: strings))]
        case .failure(.full), .failure(.notBookable), .failure(.unknownSlot):
            // Taken meanwhile: back to the slots, with the name and answers kept.
            journey.slot = nil
            guard let service = journey.service else { return [] }
            let effects = load(.slot(service), now: now)
            notice = .bookingFull
            return effects
        case .failure(.records(.uncertainWrite)):
            notice = .bookingUncertain
            return []
        case .failure:
            notice = .bookingFailed
            return []
        }
    }

    // MARK: - Rendering

    /// The screen as it should look at `now`.
    public func render(now: Date) -> Canvas {
        let strings = self.strings
        guard size.contains(.minimum) else {
            return TooSmallScreen().render(size: size, strings: strings)
        }
        var canvas: Canvas
        switch screen {
        case .welcome(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .quartier(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .about(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .needs(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .proposals(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .slot(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .contact: canvas = journey.contact.render(context: context, strings: strings, size: size, now: now, slot: journey.slot)
        case .confirmation(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .checkIn(let state):
            canvas = state.render(context: context, strings: strings, size: size, now: now, wait: checkInThrottle.wait(at: now))
        case .agenda(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .staffLogin(let state):
            canvas = state.render(strings: strings, size: size, now: now,
                                  state: staffAccess.state(at: now, credential: staffCredential))
        case .staffMenu(let state): canvas = state.render(strings: strings, size: size, now: now)
        case .staffAgenda(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .staffStats(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .staffMove(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        case .staffWalkIns(let state): canvas = state.render(context: context, strings: strings, size: size, now: now)
        }
        let messageRow = size.height - 2
        if let seconds = countdown(now: now) {
            canvas.fill(x: 0, y: messageRow, width: size.width, height: 1, style: .normal)
            canvas.write(strings.text(.idleCountdown, ["seconds": "\(seconds)"]), x: 2, y: messageRow, style: .alert)
        } else if let notice {
            canvas.fill(x: 0, y: messageRow, width: size.width, height: 1, style: .normal)
            canvas.write(TextWidth.truncate(strings.text(notice), to: size.width - 4), x: 2, y: messageRow, style: .alert)
        }
        if showsHelp { HelpOverlay.draw(on: &canvas, strings: strings, screen: screen.help, idleSeconds: context.settings.idleTimeoutSeconds) }
        return canvas
    }
}
