/// Whoever waits for a records lock that another writer holds: told once that the wait has become
/// noticeable, and asked at each retry whether to give it up (a kiosk asked to stop).
public struct LockWaiter: Sendable {
    /// Called once, when the wait has lasted `noticeAfter` seconds.
    public let began: @Sendable () -> Void
    /// Polled between tries: true gives the wait up, and nothing is written.
    public let givesUp: @Sendable () -> Bool

    /// A waiter told with `began` and stopped by `givesUp`.
    public init(began: @escaping @Sendable () -> Void, givesUp: @escaping @Sendable () -> Bool) {
        self.began = began
        self.givesUp = givesUp
    }

    /// Seconds of waiting before `began`: another writer usually holds the lock for milliseconds, which
    /// no one should see flash on screen.
    public static let noticeAfter = 0.3

    /// The waiter of the work running now (the kiosk's effects); none for commands, which a signal ends.
    @TaskLocal public static var current: LockWaiter?
}
