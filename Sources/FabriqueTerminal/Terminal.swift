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
}
