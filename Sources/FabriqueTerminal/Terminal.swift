public import FabriqueUI

/// What the kiosk's loop needs of a terminal: ncurses in production (`CursesTerminal`), an in-memory
/// one in tests (keys in, frames out), as ratatui's `TestBackend` lets a whole app run in a test.
public protocol Terminal: AnyObject {
    /// The terminal's size now.
    var size: Size { get }
    /// Waits up to `timeoutMilliseconds` for a key, a click or a resize; nil when nothing happened.
    func nextEvent(timeoutMilliseconds: Int32) -> KioskEvent?
    /// Shows `canvas`.
    func draw(_ canvas: Canvas)
    /// Drops whatever was typed and not read yet.
    func discardPendingInput()
    /// The termination signal received, or nil.
    var terminationSignal: Int32? { get }
    /// What an effect that waits may do with this terminal meanwhile.
    var waitHooks: TerminalWaitHooks { get }
    /// Makes the next `draw` send every cell, whatever the last frame was (one was drawn through `waitHooks`).
    func forgetDrawn()
}

/// What an effect that waits (for a records lock another writer holds) may do without the terminal
/// itself, which stays with the loop: show a frame at once, and learn that the kiosk must stop.
public struct TerminalWaitHooks: Sendable {
    /// Draws a frame now.
    public let show: @Sendable (Canvas) -> Void
    /// Whether a termination signal has arrived.
    public let stopRequested: @Sendable () -> Bool

    /// Hooks that draw with `show` and learn of a stop from `stopRequested`.
    public init(show: @escaping @Sendable (Canvas) -> Void, stopRequested: @escaping @Sendable () -> Bool) {
        self.show = show
        self.stopRequested = stopRequested
    }
}
