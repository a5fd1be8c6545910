public import FoundationEssentials
import Glibc

/// Slows down repeated wrong answers (check-in codes, the staff PIN) on a shared terminal: a few
/// mistakes are free, then each wrong answer makes the next wait twice as long, up to a ceiling.
/// Mistakes are forgiven one at a time as minutes pass without one, so a person who mistyped is soon
/// back to normal, while someone trying codes one after another is held at the ceiling. Nothing is ever
/// locked: the right answer is always accepted once the wait is over.
public struct AttemptThrottle: Sendable, Equatable {
    /// How quickly attempts are slowed and mistakes forgiven.
    public struct Policy: Sendable, Equatable {
        /// Wrong answers allowed without any wait.
        public var freeAttempts: Int
        /// The wait after the first wrong answer past the free ones; it doubles with each further one.
        public var firstDelay: TimeInterval
        /// The longest wait.
        public var ceiling: TimeInterval
        /// Time without a wrong answer after which one mistake is forgiven.
        public var forgiveAfter: TimeInterval

        /// Creates a policy.
        public init(freeAttempts: Int, firstDelay: TimeInterval, ceiling: TimeInterval, forgiveAfter: TimeInterval) {
            self.freeAttempts = freeAttempts
            self.firstDelay = firstDelay
            self.ceiling = ceiling
            self.forgiveAfter = forgiveAfter
        }

        /// Check-in codes: three free mistakes, then 2 s doubling up to 5 minutes; one forgiven every 10 minutes.
        public static let checkIn = Policy(freeAttempts: 3, firstDelay: 2, ceiling: 300, forgiveAfter: 600)
        /// The staff PIN: three free mistakes, then 2 s doubling up to 3 minutes (the most staff can be
        /// kept waiting by a visitor's guesses); one forgiven every 10 minutes.
        public static let staffPIN = Policy(freeAttempts: 3, firstDelay: 2, ceiling: 180, forgiveAfter: 600)
    }

    public let policy: Policy
    /// Mistakes not yet forgiven, as of `lastMistake`.
    public private(set) var mistakes = 0
    public private(set) var lastMistake: Date?
    /// When the next attempt is allowed.
    public private(set) var nextAttempt: Date?

    /// A throttle with no mistakes yet.
    public init(policy: Policy) {
        self.policy = policy
    }

    /// Mistakes still counted at `now`, after those forgiven since the last one.
    public func outstanding(at now: Date) -> Int {
        guard let lastMistake else { return 0 }
        let forgiven = Int(max(0, now.timeIntervalSince(lastMistake)) / policy.forgiveAfter)
        return max(0, mistakes - forgiven)
    }

    /// Whole seconds still to wait before an attempt is allowed at `now` (0: allowed).
    public func wait(at now: Date) -> Int {
        guard let nextAttempt, nextAttempt > now else { return 0 }
        return Int(nextAttempt.timeIntervalSince(now).rounded(.up))
    }

    /// Records a wrong answer at `now` and sets the wait before the next attempt.
    public mutating func recordMistake(at now: Date) {
        mistakes = outstanding(at: now) + 1
        lastMistake = now
        nextAttempt = now.addingTimeInterval(delay(afterMistakes: mistakes))
    }

    /// The wait after the `count`-th unforgiven mistake.
    public func delay(afterMistakes count: Int) -> TimeInterval {
        let beyond = count - policy.freeAttempts
        guard beyond > 0 else { return 0 }
        // 2^beyond overflows nothing: the exponent is capped long before the ceiling is passed.
        return min(policy.ceiling, policy.firstDelay * pow(2, Double(min(beyond - 1, 40))))
    }

    /// Forgets every mistake (after the right PIN: it was staff, not a guesser).
    public mutating func clear() {
        mistakes = 0
        lastMistake = nil
        nextAttempt = nil
    }
}
