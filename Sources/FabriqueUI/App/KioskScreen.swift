import FabriqueCore
import FoundationEssentials

/// One screen of the kiosk: its own state, how it looks, and what a key or a reply does to it.
///
/// Every requirement must be answered by every screen (there are no default implementations), so the
/// compiler names each thing a new screen has to decide. A screen never changes the kiosk itself: it
/// returns a `Transition`, which `KioskApp` carries out.
protocol KioskScreen: Sendable {
    /// Its help, whether it takes typing, whether it is the staff's.
    var traits: ScreenTraits { get }
    /// What the visitor has said so far, on the screens of the booking journey (recorded anonymously
    /// when the visitor leaves); nil elsewhere.
    var journey: Journey? { get }
    /// What a click does here, and which of the targets `render` numbered is highlighted.
    var clicks: Clicks { get }
    /// This screen's own line above the hint bar (a problem with what was typed, a question); the
    /// kiosk's countdown and notices take the line first.
    func message(_ env: ScreenEnvironment) -> ScreenMessage?
    /// Draws the screen, its hint bar, its click targets and where the cursor rests.
    func render(_ env: ScreenEnvironment) -> Canvas
    /// Applies a key the kiosk did not keep for itself (F1, F2, F12, `L`, `?`).
    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition
    /// Applies the answer to something this screen asked for, while it is still the one shown.
    mutating func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition
}

/// What the kiosk needs to know of a screen besides its content.
struct ScreenTraits: Sendable, Equatable {
    /// The help text F1 and `?` show over the screen.
    let help: StringKey
    /// Whether letters typed go into a text field (then `L` and `?` are letters, not commands).
    let takesTyping: Bool
    /// Whether it is a staff screen: personal data on it, and the staff's longer idle time.
    let isStaff: Bool

    /// A screen a visitor may see.
    static func visitor(help: StringKey, typing: Bool) -> ScreenTraits {
        ScreenTraits(help: help, takesTyping: typing, isStaff: false)
    }

    /// A screen behind the staff PIN.
    static func staff(help: StringKey, typing: Bool) -> ScreenTraits {
        ScreenTraits(help: help, takesTyping: typing, isStaff: true)
    }
}

/// What a click does on a screen: the first click on a target moves the highlight there (as the
/// arrow keys would), then a key may be pressed.
enum Clicks: Sendable, Equatable {
    /// Clicks do nothing.
    case none
    /// A second click on the highlighted target presses Enter.
    case choose(Int)
    /// Clicks only move the highlight (staff lists, where letters act).
    case highlight(Int)
    /// Every click presses Space once the highlight is there (check boxes).
    case toggle(Int)
    /// A second click on the highlighted target presses the key given for it, if any.
    case form(Int, secondClick: [Int: Key])

    /// The highlighted target.
    var highlighted: Int? {
        switch self {
        case .none: return nil
        case .choose(let index), .highlight(let index), .toggle(let index), .form(let index, _): return index
        }
    }

    /// The key a click on `target` presses once the highlight is there; `again` when it was there before.
    func key(on target: Int, again: Bool) -> Key? {
        switch self {
        case .none, .highlight: return nil
        case .choose: return again ? .enter : nil
        case .toggle: return .character(" ")
        case .form(_, let keys): return again ? keys[target] : nil
        }
    }
}

/// What a screen is given each time it is asked something: the kiosk's fixed context, the texts in
/// the visitor's language, the terminal's size, the time, and the state of the kiosk's two gates.
struct ScreenEnvironment: Sendable {
    let context: KioskContext
    let strings: Strings
    let size: Size
    let now: Date
    /// Seconds before another check-in code may be tried (0: one may be tried now).
    let checkInWait: Int
    /// Whether a staff PIN can be tried now.
    let staffAccess: StaffAccess.State

    /// The visitor's language.
    var language: Language { strings.language }
}

/// A screen's line above the hint bar.
struct ScreenMessage: Sendable, Equatable {
    var text: String
    var style: Style = .alert
}

/// What a screen asks the kiosk to do after a key or a reply: where to go, what work to have done,
/// what to say on the message line.
struct Transition: Sendable {
    /// Where the kiosk goes next.
    enum Destination: Sendable {
        case stay
        /// Show this screen; the effects of the transition are asked on its behalf.
        case screen(any KioskScreen)
        /// Forget the visitor and show the welcome screen (their journey, if any, is recorded anonymously).
        case welcome
        /// Leave the kiosk (staff only).
        case quit
        /// Have the kiosk's gate check a staff PIN: the staff menu if it is right, `Reply.staffPIN` if not.
        case staffPIN(String)
    }

    var destination: Destination
    /// Work for the runtime; each reply comes back to the screen that asked, if it is still shown.
    var effects: [KioskEffect] = []
    /// A message for the message line, until the next key.
    var notice: StringKey?
    /// Whether keys typed before the next screen is drawn are dropped: a booking's confirmation must
    /// not be closed by an Enter pressed while the booking was being written.
    var dropsTypeAhead = false

    /// Nothing changes screen.
    static let stay = Transition(destination: .stay)
    /// Back to the welcome screen, the visitor forgotten.
    static let welcome = Transition(destination: .welcome)
    /// The kiosk ends.
    static let quit = Transition(destination: .quit)

    /// Shows `screen` and asks `effects` for it.
    static func go(_ screen: any KioskScreen, _ effects: KioskEffect...) -> Transition {
        Transition(destination: .screen(screen), effects: effects)
    }

    /// Stays, and asks `effects`; their replies come back to this screen.
    static func run(_ effects: KioskEffect...) -> Transition {
        Transition(destination: .stay, effects: effects)
    }

    /// Stays, with a message on the message line.
    static func say(_ notice: StringKey) -> Transition {
        Transition(destination: .stay, notice: notice)
    }

    /// Has the kiosk's gate check a staff PIN.
    static func checkPIN(_ pin: String) -> Transition {
        Transition(destination: .staffPIN(pin))
    }

    /// The same transition with a message on the message line.
    func saying(_ notice: StringKey) -> Transition {
        var copy = self
        copy.notice = notice
        return copy
    }

    /// The same transition, dropping the keys typed before its screen is shown.
    func droppingTypeAhead() -> Transition {
        var copy = self
        copy.dropsTypeAhead = true
        return copy
    }
}

extension KioskEffect {
    /// What the slots and the proposals need read first: the active bookings of the booking horizon.
    static func availability(_ env: ScreenEnvironment) -> KioskEffect {
        .loadAvailability(from: LocalDate(env.now), days: env.context.catalogue.rules.horizonDays + 1)
    }
}
