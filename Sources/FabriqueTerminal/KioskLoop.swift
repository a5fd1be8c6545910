public import FabriqueCore
public import FabriqueServices
public import FabriqueUI
public import FoundationEssentials
import Synchronization

/// Runs the kiosk in the terminal until staff leave it or a termination signal arrives.
public enum KioskLoop {
    /// How often the screen is redrawn without input while it shows running seconds (the countdown).
    static let tickMilliseconds: Int32 = 500
    /// The longest wait for input otherwise: it also bounds how late a signal that ncurses' wait does
    /// not return for is seen.
    static let quietMilliseconds: Int32 = 5_000

    /// How long to wait for input: a tick while seconds run; else until the next minute (the date on
    /// screen), the countdown's appearance or `quietMilliseconds`, whichever comes first.
    public static func waitMilliseconds(_ app: KioskApp, now: Date) -> Int32 {
        if app.showsRunningSeconds(now: now) { return tickMilliseconds }
        let seconds = now.timeIntervalSinceReferenceDate
        var wait = (60 - seconds.truncatingRemainder(dividingBy: 60)) * 1000
        if let quiet = app.quietSeconds(now: now) { wait = min(wait, quiet * 1000) }
        return Int32(max(Double(tickMilliseconds) / 10, min(Double(quietMilliseconds), wait.rounded(.up))))
    }

    /// The most waiting events applied between two frames, so that the screen still follows a long storm.
    static let maximumBatch = 4096

    /// Why the loop ended.
    public enum Ending: Sendable, Equatable {
        case staffLeft
        case signal(Int32)
    }

    /// `app`'s screen now, kept (with `glyphs`) to the characters the terminal's font has.
    static func frame(_ app: KioskApp, now: Date, glyphs: GlyphSet?) -> Canvas {
        let canvas = app.render(now: now)
        return glyphs.map { canvas.limited(to: $0) } ?? canvas
    }

    /// Draws `app`'s screen once before the loop runs: a kiosk shows its first frame, then reads the rest
    /// of its catalogue (the loop's first frame is then the same, and ncurses sends nothing again).
    public static func drawFrame(_ app: inout KioskApp, on terminal: some Terminal, clock: Clock, glyphs: GlyphSet?) {
        _ = app.update(.resize(terminal.size), now: clock.now())
        terminal.draw(frame(app, now: clock.now(), glyphs: glyphs))
    }

    /// `frame` with `text` across its bottom row (the hints, which no key serves meanwhile): shown while
    /// an effect waits for the records' lock that another writer holds.
    static func waitingFrame(_ frame: Canvas, text: String) -> Canvas {
        var canvas = frame
        let (width, y) = (canvas.size.width, canvas.size.height - 1)
        guard y >= 0, width > 0 else { return canvas }
        let line = TextWidth.truncate(" " + text, to: width)
        _ = canvas.write(line + String(repeating: " ", count: max(0, width - TextWidth.of(line))), x: 0, y: y, style: .selected)
        canvas.cursor = nil
        return canvas
    }

    /// Whether a frame was drawn from inside a wait (the terminal then holds what the loop did not draw).
    private final class WaitShown: Sendable {
        let flag = Atomic<Bool>(false)
    }

    /// Runs `app` on `terminal`, reading time from `clock` and carrying out effects with `runtime`; with
    /// `glyphs`, each frame keeps to the characters the terminal's font has (the Linux console).
    public static func run(_ app: inout KioskApp, on terminal: some Terminal, clock: Clock, runtime: KioskRuntime,
                           glyphs: GlyphSet? = nil) -> Ending {
        _ = app.update(.resize(terminal.size), now: clock.now())
        var shown: Canvas?
        var shownMinute = -1.0
        func show() {
            let now = clock.now()
            let canvas = frame(app, now: now, glyphs: glyphs)
            shownMinute = (now.timeIntervalSinceReferenceDate / 60).rounded(.down)
            if canvas != shown {
                terminal.draw(canvas)
                shown = canvas
            }
        }
        // An effect that waits for the lock says so over the app's screen as it is then (after an idle
        // reset, the welcome screen: never the last visitor's form), and gives up when a stop signal arrives.
        let hooks = terminal.waitHooks
        let waitShown = WaitShown()
        func waiter(_ current: KioskApp) -> LockWaiter {
            LockWaiter(began: {
                let notice = waitingFrame(current.render(now: clock.now()), text: current.strings.text(.recordsWaiting))
                hooks.show(glyphs.map { notice.limited(to: $0) } ?? notice)
                waitShown.flag.store(true, ordering: .relaxed)
            }, givesUp: hooks.stopRequested)
        }
        var redraw = true
        while true {
            if let signal = terminal.terminationSignal { return .signal(signal) }
            if redraw { show() }
            // Keys already waiting (a paste, a key storm) are all applied before the next frame: drawing
            // after each of 10,000 pasted characters froze the kiosk for seconds.
            let running = app.showsRunningSeconds(now: clock.now())
            var event = terminal.nextEvent(timeoutMilliseconds: waitMilliseconds(app, now: clock.now())) ?? .tick
            // Without input, the screen is drawn again only when what it shows can have changed: running
            // seconds (before or after the tick: a reset ends them), or another minute.
            redraw = true
            // A tick may also bring an edited catalogue, or the end of a refused edit: drawn at once.
            let catalogue = (generation: app.context.catalogueGeneration, refused: app.catalogueRefused)
            if case .tick = event {
                let now = clock.now()
                redraw = running || app.showsRunningSeconds(now: now) || (now.timeIntervalSinceReferenceDate / 60).rounded(.down) != shownMinute
            }
            var applied = 0
            while true {
                let barrier = app.inputBarrier
                if runtime.carryOut(event, on: &app, now: clock.now, waiter: waiter) { return .staffLeft }
                if waitShown.flag.exchange(false, ordering: .relaxed) {
                    // The notice is on the terminal, not in the last frame: the next is drawn whole.
                    terminal.forgetDrawn()
                    shown = nil
                }
                if app.inputBarrier != barrier {
                    // Keys typed while a booking was being committed were meant for the screen before it:
                    // the confirmation is shown, and what was typed ahead is dropped.
                    show()
                    terminal.discardPendingInput()
                    // A resize among what was dropped still counts.
                    if terminal.size != app.size {
                        if runtime.carryOut(.resize(terminal.size), on: &app, now: clock.now, waiter: waiter) { return .staffLeft }
                        show()
                    }
                    break
                }
                applied += 1
                guard applied < maximumBatch, case .key = event, let next = terminal.nextEvent(timeoutMilliseconds: 0) else { break }
                event = next
            }
            if catalogue != (app.context.catalogueGeneration, app.catalogueRefused) { redraw = true }
        }
    }
}
