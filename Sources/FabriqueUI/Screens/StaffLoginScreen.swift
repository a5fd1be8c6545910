public import FabriqueCore
public import Foundation

/// The staff's way in: a PIN, asked behind a key no visitor screen shows. Five wrong tries lock it.
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
        case .locked: question = .staffLocked
        case .open: question = .staffPrompt
        }
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: strings.text(.staffTitle),
                               question: strings.text(question, ["minutes": "\(StaffAccess.lockMinutes)"]),
                               hints: [Chrome.Hint(key: strings.text(.hintEnterKey), label: strings.text(.hintEnterLabel)),
                                       Chrome.Hint(key: strings.text(.hintEscapeKey), label: strings.text(.hintEscapeLabel))])
        if state == .open {
            canvas.cursor = pin.draw(on: &canvas, x: body.x, y: body.y, width: 14, focused: true, masked: true)
        }
        if let message { canvas.write(strings.text(message), x: body.x, y: body.y + 2, style: .alert) }
        return canvas
    }
}

/// Who may enter staff mode, and the lock after five wrong PINs. Kept across visitor resets.
public struct StaffAccess: Sendable, Equatable {
    public static let maximumAttempts = 5
    public static let lockMinutes = 5
    /// Minutes without a key after which staff mode closes itself.
    public static let idleMinutes = 3

    /// Whether a PIN can be tried now.
    public enum State: Sendable, Equatable {
        case noPIN, locked, open
    }

    private(set) var failures = 0
    private(set) var lockedUntil: Date?

    /// The state at `now` for a kiosk whose PIN hash is `credential`.
    func state(at now: Date, credential: StaffCredential?) -> State {
        guard credential != nil else { return .noPIN }
        if let until = lockedUntil, now < until { return .locked }
        return .open
    }

    /// Checks a PIN; counts failures and locks after the fifth.
    mutating func attempt(_ pin: String, credential: StaffCredential?, now: Date) -> Bool {
        guard state(at: now, credential: credential) == .open, let credential else { return false }
        if lockedUntil != nil { lockedUntil = nil; failures = 0 }
        if credential.matches(pin) {
            failures = 0
            return true
        }
        failures += 1
        if failures >= StaffAccess.maximumAttempts {
            lockedUntil = now.addingTimeInterval(Double(StaffAccess.lockMinutes) * 60)
        }
        return false
    }
}
