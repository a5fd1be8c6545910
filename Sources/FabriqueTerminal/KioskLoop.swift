public import FabriqueCore
public import FabriqueUI

/// Runs the kiosk in the terminal until a termination signal arrives.
public enum KioskLoop {
    /// How often the screen is redrawn without input, so that the date follows the clock.
    static let tickMilliseconds: Int32 = 1000

    /// Runs `app` on `terminal`, reading time from `clock`; returns the signal that stopped it.
    public static func run(_ app: inout KioskApp, on terminal: CursesTerminal, clock: Clock) -> Int32 {
        app.update(.resize(terminal.size))
        var shown: Canvas?
        while true {
            if let signal = terminal.terminationSignal { return signal }
            let canvas = app.render(now: clock.now())
            if canvas != shown {
                terminal.draw(canvas)
                shown = canvas
            }
            if let event = terminal.nextEvent(timeoutMilliseconds: tickMilliseconds) {
                app.update(event)
            } else {
                app.update(.tick)
            }
        }
    }
}
