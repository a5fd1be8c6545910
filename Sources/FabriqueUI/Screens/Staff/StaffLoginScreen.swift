public import FabriqueCore
public import FoundationEssentials

/// The staff's way in: a PIN, asked behind a key no visitor screen shows. Wrong tries slow the next ones.
public struct StaffLoginScreen: KioskScreen, Equatable {
    public private(set) var pin = TextField(limit: 12, content: .code)
    /// Whether the last PIN typed was checked and wrong.
    private(set) var wrong = false

    init() {}

    var traits: ScreenTraits { .visitor(help: .helpStaff, typing: true) }
    var clicks: Clicks { .none }
    var journey: Journey? { nil }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        switch key {
        case .escape: return .welcome
        case .enter:
            let typed = pin.text
            pin = TextField(limit: pin.limit, content: .code)
            return typed.isEmpty ? .stay : .checkPIN(typed)
        default:
            if pin.handle(key) { wrong = false }
        }
        return .stay
    }

    /// The gate's answer to a PIN it did not let through (a right one opens the staff menu instead).
    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition {
        // A PIN typed during the wait is not checked: neither wrong nor logged.
        if case .staffPIN(let wasWrong) = reply { wrong = wasWrong }
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (strings, size, now, state) = (env.strings, env.size, env.now, env.staffAccess)
        var canvas = Canvas(size: size)
        let question: StringKey
        switch state {
        case .noPIN: question = .staffNoPin
        case .waiting, .open: question = .staffPrompt
        }
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.staffTitle),
                               question: strings.text(question),
                               hints: [Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
                                       Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.hintEscapeLabel))])
        if state != .noPIN {
            canvas.cursor = pin.draw(on: &canvas, x: body.x, y: body.y, width: 14, focused: true, masked: true)
        }
        if case .waiting(let seconds) = state {
            canvas.write(strings.text(.staffWait, ["seconds": "\(seconds)"]), x: body.x, y: body.y + 2, style: .alert)
        } else if wrong {
            canvas.write(strings.text(.staffWrong), x: body.x, y: body.y + 2, style: .alert)
        }
        return canvas
    }
}

/// Who may enter staff mode, and how long wrong PINs make the next try wait. Kept across visitor
/// resets; never a lock: staff can always get in once the wait (at most three minutes) is over.
public struct StaffAccess: Sendable, Equatable {
    /// Minutes without a key after which staff mode closes itself.
    public static let idleMinutes = 3

    /// Whether a PIN can be tried now.
    public enum State: Sendable, Equatable {
        case noPIN
        /// Seconds to wait before the next try.
        case waiting(Int)
        case open
    }

    public private(set) var throttle = AttemptThrottle(policy: .staffPIN)

    /// The state at `now` for a kiosk whose PIN hash is `credential`.
    func state(at now: Date, credential: StaffCredential?) -> State {
        guard credential != nil else { return .noPIN }
        let wait = throttle.wait(at: now)
        return wait > 0 ? .waiting(wait) : .open
    }

    /// What became of a PIN typed.
    enum Attempt: Equatable {
        case accepted
        /// Checked and wrong: the next try waits longer.
        case wrong
        /// Not checked: no PIN is set, or the wait after wrong ones is not over (the screen says which).
        case notChecked
    }

    /// Checks a PIN when a try is allowed; a wrong one makes the next try wait longer.
    mutating func attempt(_ pin: String, credential: StaffCredential?, now: Date) -> Attempt {
        guard state(at: now, credential: credential) == .open, let credential else { return .notChecked }
        if credential.matches(pin) {
            throttle.clear()
            return .accepted
        }
        throttle.recordMistake(at: now)
        return .wrong
    }
}
