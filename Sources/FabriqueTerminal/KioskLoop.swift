public import FabriqueCore
public import FabriqueServices
public import FabriqueUI

/// Runs the kiosk in the terminal until staff leave it or a termination signal arrives.
public enum KioskLoop {
    /// How often the screen is redrawn without input, so that the date and the countdown follow the clock.
    static let tickMilliseconds: Int32 = 500

    /// The most waiting events applied between two frames, so that the screen still follows a long storm.
    static let maximumBatch = 4096

    /// Why the loop ended.
    public enum Ending: Sendable, Equatable {
        case staffLeft
        case signal(Int32)
    }

    /// Runs `app` on `terminal`, reading time from `clock` and carrying out effects with `runtime`.
    public static func run(_ app: inout KioskApp, on terminal: some Terminal, clock: Clock, runtime: KioskRuntime) -> Ending {
        _ = app.update(.resize(terminal.size), now: clock.now())
        var shown: Canvas?
        func show() {
            let canvas = app.render(now: clock.now())
            if canvas != shown {
                terminal.draw(canvas)
                shown = canvas
            }
        }
        while true {
            if let signal = terminal.terminationSignal { return .signal(signal) }
            show()
            // Keys already waiting (a paste, a key storm) are all applied before the next frame: drawing
            // after each of 10,000 pasted characters froze the kiosk for seconds.
            var event = terminal.nextEvent(timeoutMilliseconds: tickMilliseconds) ?? .tick
            var applied = 0
            while true {
                let barrier = app.inputBarrier
                if runtime.carryOut(event, on: &app, now: clock.now) { return .staffLeft }
                if app.inputBarrier != barrier {
                    // Keys typed while a booking was being committed were meant for the screen before it:
                    // the confirmation is shown, and what was typed ahead is dropped.
                    show()
                    terminal.discardPendingInput()
                    break
                }
                applied += 1
                guard applied < maximumBatch, case .key = event, let next = terminal.nextEvent(timeoutMilliseconds: 0) else { break }
                event = next
            }
        }
    }
}
