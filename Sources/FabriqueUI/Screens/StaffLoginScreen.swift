public import FabriqueCore
public import Foundation

/// The staff's way in: a PIN, asked behind a key no visitor screen shows. Wrong tries slow the next ones.
public struct StaffLoginScreen: Sendable, Equatable {
    public private(set) var pin = TextField(limit: 12, content: .code)
    /// The message of the last attempt.
    var message: StringKey?

    enum Outcome: Equatable {
        case submit(String)
        case cancel
    }

    init(message: StringKey? = nil) {
        self.message = message
    }

    mutating func handle(_ key: Key) -> Outcome? {
        switch key {
        case .escape: return .cancel
        case .enter:
            let typed = pin.text
            pin = TextField(limit: pin.limit, content: .code)
            return typed.isEmpty ? nil : .submit(typed)
        default:
            if pin.handle(key) { message = nil }
        }
        return nil
    }

    func render(strings: Strings, size: Size, now: Date, state: StaffAccess.State) -> Canvas {
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
        } else if let message {
            canvas.write(strings.text(message), x: body.x, y: body.y + 2, style: .alert)
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
