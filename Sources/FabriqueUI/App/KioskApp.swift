public import FabriqueCore
public import FoundationEssentials

/// The kiosk's state machine: events go in through `update`, which returns the work to do; the
/// screen comes out of `render`. It performs no I/O and reads no clock: the time is passed in.
///
/// It keeps only what belongs to the whole kiosk: the language, the help overlay, the idle countdown
/// and the reset, the staff PIN gate and the check-in code throttle, the message line, and which
/// screen is shown. Everything else is the screen's (see `KioskScreen`, `VisitorFlow`, `StaffFlow`).
public struct KioskApp: Sendable {
    /// The place, catalogue, settings and texts; the catalogue changes when its files were edited (see
    /// `pendingCatalogue`).
    public private(set) var context: KioskContext
    public private(set) var language: Language
    public private(set) var size: Size
    /// The screen shown, with its own state.
    private(set) var screen: any KioskScreen = VisitorFlow.welcome()
    /// The number of the screen shown; it changes with each screen shown, so that a reply for a
    /// screen no longer shown is recognised and dropped (see `deliver`).
    private(set) var shown = 0
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
    /// Goes up each time a screen asks for type-ahead to be dropped (a booking's confirmation): keys
    /// typed before it was shown are then dropped by the loop, so that an Enter pressed while the
    /// booking was committed cannot close it.
    public private(set) var inputBarrier = 0
    /// Requests decided during the current event, handed out when it has been applied.
    private var outbox: [Request] = []
    /// An edited catalogue read while a visitor (or staff) was in the middle of something: the kiosk
    /// switches to it when it is back on an untouched welcome screen, never under someone's feet.
    private var pendingCatalogue: Catalogue?
    /// True while the catalogue's files hold an edit with errors: the kiosk keeps the last good one, and
    /// staff screens show a mark until the files are fixed.
    public private(set) var catalogueRefused = false
    /// When the kiosk last asked whether the catalogue's files changed.
    private var catalogueChecked: Date?
    /// Seconds between two looks at the catalogue's files, taken only at idle moments (ticks).
    static let catalogueCheckSeconds = 5.0

    /// A kiosk on its welcome screen; `catalogueRefused` when it started on the last good catalogue
    /// because the files hold an edit with errors.
    public init(context: KioskContext, size: Size, catalogueRefused: Bool = false) {
        self.catalogueRefused = catalogueRefused
        self.context = context
        self.size = size
        self.language = context.settings.language
        self.staffCredential = context.staffCredential
    }

    /// The texts in the visitor's language.
    public var strings: Strings { context.strings(language) }

    /// What the visitor has said and chosen so far (empty outside the booking journey).
    public var journey: Journey { screen.journey ?? Journey() }

    /// What a screen is given at `now`.
    private func environment(_ now: Date) -> ScreenEnvironment {
        ScreenEnvironment(context: context, strings: strings, size: size, now: now,
                          checkInWait: checkInThrottle.wait(at: now),
                          staffAccess: staffAccess.state(at: now, credential: staffCredential))
    }

    /// Seconds left before the kiosk wipes everything, when the countdown is showing.
    public func countdown(now: Date) -> Int? {
        guard isWorthResetting, let last = lastInput else { return nil }
        let timeout = idleTimeout
        let left = Int((Double(timeout) - now.timeIntervalSince(last)).rounded(.up))
        return left <= countdownLength ? max(0, left) : nil
    }

    /// Whether the screen shows seconds that run: the idle countdown, or the wait after wrong codes
    /// (staff PIN, check-in code). Otherwise what the screen shows changes with time only from one
    /// minute to the next, and an idle kiosk need not draw it again before then.
    public func showsRunningSeconds(now: Date) -> Bool {
        countdown(now: now) != nil || checkInThrottle.wait(at: now) > 0 || staffAccess.throttle.wait(at: now) > 0
    }

    /// How long the screen stays as it is without input: until the idle countdown appears (nil when
    /// none will), so that an idle kiosk can sleep that long.
    public func quietSeconds(now: Date) -> Double? {
        guard isWorthResetting, let last = lastInput else { return nil }
        let shownFrom = Double(idleTimeout - countdownLength)
        return max(0, shownFrom - now.timeIntervalSince(last))
    }

    /// How many seconds before the reset the countdown shows: a third of the idle time, 30 at most.
    private var countdownLength: Int { min(30, max(1, idleTimeout / 3)) }

    /// Seconds without a key before the reset: the visitors' setting, or a few minutes in staff mode.
    private var idleTimeout: Int {
        screen.traits.isStaff ? StaffAccess.idleMinutes * 60 : context.settings.idleTimeoutSeconds
    }

    /// Whether there is anything to forget: not on an untouched welcome screen.
    private var isWorthResetting: Bool {
        guard let welcome = screen as? WelcomeScreen else { return true }
        return showsHelp || language != context.settings.language || welcome != VisitorFlow.welcome()
    }

    /// Forgets the visitor: everything typed or chosen is dropped and the welcome screen comes back;
    /// a booking journey that was begun is recorded as an anonymous visit.
    private mutating func reset(now: Date) {
        recordJourney(now: now)
        if let edited = pendingCatalogue {
            context = context.replacing(catalogue: edited)
            pendingCatalogue = nil
        }
        show(VisitorFlow.welcome())
        language = context.settings.language
        notice = nil
        showsHelp = false
        lastInput = nil
    }

    /// Records the journey on the screen, if the visitor began one, as an anonymous visit: the screen
    /// that carries it is about to go.
    private mutating func recordJourney(now: Date) {
        // A booking staff made for a caller is no visit to the kiosk: the booking itself is counted.
        guard let journey = screen.journey, journey.started, !journey.byStaff else { return }
        let visit = Visit(site: context.site.id, date: LocalDate(now), answers: journey.answers,
                          proposals: journey.proposalsShown, bookedService: journey.booked.first?.service,
                          bookedPartner: journey.booked.first?.partner)
        outbox.append(Request(.recordVisit(visit), for: .kiosk))
    }

    /// Shows `next` under a new number.
    private mutating func show(_ next: any KioskScreen) {
        screen = next
        shown += 1
    }

    /// Applies one event; returns the work the runtime must do, each with who asked for it (the
    /// answers come back as `.reply` events).
    public mutating func update(_ event: KioskEvent, now: Date) -> [Request] {
        apply(event, now: now)
        defer { outbox = [] }
        return outbox
    }

    private mutating func apply(_ event: KioskEvent, now: Date) {
        switch event {
        case .key(let key):
            noteInput(now: now)
            handle(key, now: now)
        case .click(let point):
            noteInput(now: now)
            click(point, now: now)
        case .tick:
            if lastInput == nil { lastInput = now }
            if let left = countdown(now: now), left <= 0 { reset(now: now) }
            // Ticks come only when no key does: the moment to look at the catalogue's files.
            if catalogueChecked.map({ now.timeIntervalSince($0) >= Self.catalogueCheckSeconds || now < $0 }) ?? true {
                catalogueChecked = now
                outbox.append(Request(.checkCatalogue, for: .kiosk))
            }
        case .resize(let newSize):
            size = newSize
        case .reply(let reply, let requester):
            deliver(reply, to: requester, now: now)
        }
    }

    /// A key or a click: after the idle time, the visitor before is forgotten first.
    private mutating func noteInput(now: Date) {
        if let last = lastInput, isWorthResetting, now.timeIntervalSince(last) >= Double(idleTimeout) {
            reset(now: now)
        }
        lastInput = now
    }

    // MARK: - Keys

    /// The kiosk's own keys (help, language, staff), then the screen's.
    private mutating func handle(_ key: Key, now: Date) {
        notice = nil
        // While the window is too small the screen is hidden: no key may act on what nobody can see
        // (a status key on a staff list, a choice on a visitor's). The idle time still runs.
        guard size.contains(.minimum) else { return }
        if showsHelp {
            showsHelp = false
            return
        }
        switch key {
        case .function(1):
            showsHelp = true
        case .character("?") where !screen.traits.takesTyping:
            showsHelp = true
        case .function(2):
            language = language == .fr ? .en : .fr
        case .character(let c) where !screen.traits.takesTyping && c.lowercased() == strings.text(.hintLanguageKey).lowercased():
            language = language == .fr ? .en : .fr
        case .function(12):
            // Staff take the terminal over: the visitor's journey ends here, and is counted.
            recordJourney(now: now)
            show(StaffFlow.login())
            // staff.json is read again, so that a PIN set after the kiosk started counts.
            outbox.append(Request(.loadStaffCredential, for: .kiosk))
        default:
            press(key, now: now)
        }
    }

    /// Hands a key to the screen and carries out what it asks.
    private mutating func press(_ key: Key, now: Date) {
        ask(now: now) { screen, env in screen.handle(key, env) }
    }

    /// Lets the screen shown answer a key or a reply, then carries out the transition it returns.
    private mutating func ask(now: Date, _ question: (inout any KioskScreen, ScreenEnvironment) -> Transition) {
        let env = environment(now)
        var current = screen
        let transition = question(&current, env)
        screen = current
        carryOut(transition, now: now)
    }

    /// Carries out a screen's transition: where to go, the work it asks (for the screen it names), the
    /// message, the type-ahead barrier.
    private mutating func carryOut(_ transition: Transition, now: Date) {
        switch transition.destination {
        case .stay: break
        case .screen(let next): show(next)
        case .welcome: reset(now: now)
        case .quit: outbox.append(Request(.quit, for: .kiosk))
        case .staffPIN(let pin): checkStaffPIN(pin, now: now)
        }
        outbox += transition.effects.map { Request($0, for: .screen(shown)) }
        if let message = transition.notice { notice = message }
        if transition.dropsTypeAhead { inputBarrier += 1 }
    }

    /// The staff gate: a right PIN opens the staff menu; a wrong one is logged with the wait it imposes.
    private mutating func checkStaffPIN(_ pin: String, now: Date) {
        switch staffAccess.attempt(pin, credential: staffCredential, now: now) {
        case .accepted:
            show(StaffFlow.menu())
        case .wrong:
            outbox.append(Request(.recordWrongAttempt(.staffPIN, waitSeconds: staffAccess.throttle.wait(at: now)), for: .kiosk))
            receive(.staffPIN(wrong: true), now: now)
        case .notChecked:
            // Typed during the wait (or with no PIN set): not checked, so neither wrong nor logged.
            receive(.staffPIN(wrong: false), now: now)
        }
    }

    // MARK: - Clicks

    /// A click chooses the item under it: the first click highlights it, a click on the highlighted
    /// item confirms it, exactly as the arrow keys and the screen's key would (see `KioskScreen.clickKey`).
    private mutating func click(_ point: Point, now: Date) {
        notice = nil
        guard !showsHelp, size.contains(.minimum) else {
            showsHelp = false
            return
        }
        guard let target = render(now: now).targets[point.y], let current = screen.clicks.highlighted else { return }
        let again = target == current
        if !again {
            let key: Key = target > current ? .down : .up
            var moves = 0
            while screen.clicks.highlighted != target, moves < 200 {
                let before = screen.clicks.highlighted
                press(key, now: now)
                if screen.clicks.highlighted == before { break }
                moves += 1
            }
            guard screen.clicks.highlighted == target else { return }
        }
        if let key = screen.clicks.key(on: target, again: again) { press(key, now: now) }
    }

    // MARK: - Replies

    /// Hands a reply to the screen that asked for it, if it is still the one shown. What the kiosk
    /// itself learns from a reply (a wrong code, the PIN read again) is taken first, whoever asked.
    private mutating func deliver(_ reply: Reply, to requester: Requester, now: Date) {
        switch reply {
        case .checkedIn(.success(.unknown)):
            // Counted even when the visitor has left the screen meanwhile: a wrong code is a wrong code.
            checkInThrottle.recordMistake(at: now)
            outbox.append(Request(.recordWrongAttempt(.checkInCode, waitSeconds: checkInThrottle.wait(at: now)), for: .kiosk))
        case .staffCredential(let credential):
            staffCredential = credential
        case .catalogue(let edit):
            // A refused edit leaves a good one read before it waiting: that one is still the last good.
            if let edited = edit.catalogue { pendingCatalogue = edited }
            catalogueRefused = edit.catalogue == nil
            // On an untouched welcome screen nobody is in the middle of anything: switch at once.
            if pendingCatalogue != nil && !isWorthResetting { reset(now: now) }
        case .availability, .booked, .checkedIn, .agenda, .statusSet, .absenceRecorded, .statistics, .moved, .walkIns, .staffPIN,
             .absences, .found, .code, .printed, .outcomes:
            break
        }
        // The one place where a reply is dropped: it was asked by a screen no longer shown (the visitor
        // went on, or was forgotten), or by the kiosk itself, which has taken what it needed above.
        guard requester == .screen(shown) else { return }
        // What the visitor asked for came now: however long it took (a records lock held elsewhere),
        // the idle time to read it starts here.
        if lastInput != nil { lastInput = now }
        receive(reply, now: now)
    }

    /// Hands a reply to the screen shown and carries out what it asks.
    private mutating func receive(_ reply: Reply, now: Date) {
        ask(now: now) { screen, env in screen.receive(reply, env) }
    }

    // MARK: - Rendering

    /// The screen as it should look at `now`.
    public func render(now: Date) -> Canvas {
        let strings = self.strings
        guard size.contains(.minimum) else {
            return TooSmallScreen().render(size: size, strings: strings)
        }
        let env = environment(now)
        var canvas = screen.render(env)
        // The message line has one owner: the countdown first, then the kiosk's notice, then the screen's own.
        let message: ScreenMessage?
        if let seconds = countdown(now: now) {
            message = ScreenMessage(text: strings.text(.idleCountdown, ["seconds": "\(seconds)"]))
        } else if let notice {
            message = ScreenMessage(text: strings.text(notice))
        } else {
            message = screen.message(env)
        }
        if let message {
            // A sentence too long for the line takes the row above too rather than losing its end.
            let wrapped = TextWidth.wrap(message.text, width: size.width - 4)
            let lines = wrapped.count <= 2 ? wrapped : [wrapped[0], wrapped.dropFirst().joined(separator: " ")]
            let top = size.height - 1 - max(1, lines.count)
            canvas.fill(x: 0, y: top, width: size.width, height: max(1, lines.count), style: .normal)
            for (offset, line) in lines.enumerated() {
                canvas.write(TextWidth.truncate(line, to: size.width - 4), x: 2, y: top + offset, style: message.style)
            }
        }
        if catalogueRefused && screen.traits.isStaff {
            // For staff only, in place of the territory's name in the title bar (the date and every key
            // hint stay): the edit was refused and the kiosk runs on the last good catalogue.
            let room = size.width - TextWidth.of(DateText.longDay(now, strings)) - 3
            canvas.fill(x: 0, y: 0, width: max(0, room + 1), height: 1, style: .title)
            canvas.write(TextWidth.truncate(strings.text(.staffCatalogueRefused), to: max(0, room)), x: 1, y: 0, style: .alert)
        }
        if showsHelp { HelpOverlay.draw(on: &canvas, strings: strings, traits: screen.traits, idleSeconds: context.settings.idleTimeoutSeconds) }
        return canvas
    }
}
