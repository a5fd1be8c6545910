public import FabriqueTerminal
public import FabriqueUI
import Glibc
import Synchronization

/// A terminal in memory for `KioskLoop`: a script of bursts of events goes in, every frame drawn comes
/// out. A burst is what a person types in one go (all of it waiting when the loop reads); between
/// bursts the loop finds nothing waiting. When the script is done, the terminal reports SIGTERM, and
/// the loop ends as it does for a real stop.
public final class InMemoryTerminal: Terminal {
    public private(set) var size: Size
    private var bursts: [[KioskEvent]]
    private var waiting: [KioskEvent] = []
    /// Every frame drawn, in order.
    public private(set) var frames: [Canvas] = []
    /// Events dropped as typed-ahead input.
    public private(set) var discarded: [KioskEvent] = []
    /// Whether the loop has asked for input after the script ended (so the last frame was drawn).
    private var ended = false
    /// Frames drawn from inside a wait, and whether a stop was asked for then (see `stopsWhenWaiting`).
    private let waits = WaitRecord()
    /// Whether the first frame drawn from inside a wait also brings SIGTERM, as a kiosk stopped meanwhile.
    private let stopsWhenWaiting: Bool

    /// A terminal of `size` that will deliver `bursts` one after the other; with `stopsWhenWaiting`, it
    /// reports SIGTERM from the moment a wait is shown.
    public init(size: Size = .minimum, bursts: [[KioskEvent]], stopsWhenWaiting: Bool = false) {
        self.size = size
        self.bursts = bursts
        self.stopsWhenWaiting = stopsWhenWaiting
    }

    /// Frames drawn and stops asked for from inside an effect that waited.
    private final class WaitRecord: Sendable {
        let frames = Mutex<[Canvas]>([])
        let stopped = Atomic<Bool>(false)
    }

    /// Every frame drawn from inside an effect that waited, in order.
    public var waitFrames: [Canvas] { waits.frames.withLock { $0 } }

    public func nextEvent(timeoutMilliseconds: Int32) -> KioskEvent? {
        if waiting.isEmpty, timeoutMilliseconds > 0 {
            if bursts.isEmpty { ended = true } else { waiting = bursts.removeFirst() }
        }
        guard !waiting.isEmpty else { return nil }
        let event = waiting.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    public func draw(_ canvas: Canvas) {
        frames.append(canvas)
    }

    /// Drops what waits, as a terminal does; a resize among it still changes the size, as a window's does.
    public func discardPendingInput() {
        for case .resize(let newSize) in waiting { size = newSize }
        discarded += waiting
        waiting = []
    }

    public var terminationSignal: Int32? {
        ended || waits.stopped.load(ordering: .relaxed) ? SIGTERM : nil
    }

    public var waitHooks: TerminalWaitHooks {
        let (waits, stops) = (self.waits, stopsWhenWaiting)
        return TerminalWaitHooks(show: { canvas in
            waits.frames.withLock { $0.append(canvas) }
            if stops { waits.stopped.store(true, ordering: .relaxed) }
        }, stopRequested: { waits.stopped.load(ordering: .relaxed) })
    }

    /// Frames are kept whole: there is nothing to forget.
    public func forgetDrawn() {}

    /// The last frame drawn, as text.
    public var screen: String { frames.last?.text ?? "" }
}
