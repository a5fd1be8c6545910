/// A key press, as the screens understand it (the backend translates terminal codes into these).
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace, delete
    case home, end, pageUp, pageDown
    case function(Int)
    /// A key the kiosk has no use for.
    case unknown
}

/// What can happen to the kiosk: a key, a new terminal size, or time passing.
public enum KioskEvent: Sendable, Hashable {
    case key(Key)
    case resize(Size)
    case tick
}
