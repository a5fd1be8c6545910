public import FabriqueCore
public import FabriqueUI

/// Runs the kiosk in the terminal until staff leave it or a termination signal arrives.
public enum KioskLoop {
    /// How often the screen is redrawn without input, so that the date and the countdown follow the clock.
    static let tickMilliseconds: Int32 = 500

    /// Why the loop ended.
    public enum Ending: Sendable, Equatable {
        case staffLeft
        case signal(Int32)
    }

    /// Runs `app` on `terminal`, reading time from `clock` and carrying out effects with `runtime`.
    public static func run(_ app: inout KioskApp, on terminal: CursesTerminal, clock: Clock, runtime: KioskRuntime) -> Ending {
        _ = app.update(.resize(terminal.size), now: clock.now())
        var shown: Canvas?
        while true {
            if let signal = terminal.terminationSignal { return .signal(signal) }
            let canvas = app.render(now: clock.now())
            if canvas != shown {
                terminal.draw(canvas)
                shown = canvas
            }
            let event = terminal.nextEvent(timeoutMilliseconds: tickMilliseconds) ?? .tick
            var effects = app.update(event, now: clock.now())
            while !effects.isEmpty {
                let effect = effects.removeFirst()
                if effect == .quit { return .staffLeft }
                if let result = runtime.perform(effect) {
                    effects += app.update(result, now: clock.now())
                }
            }
        }
    }
}
