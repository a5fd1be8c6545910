import FabriqueCore
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Testing

/// Codes and PINs cannot be found by trying at the terminal: the waits after wrong answers, against
/// the size of what is to be guessed.
@Suite("Guessing codes and PINs")
struct GuessingTests {
    /// Seconds per guess of someone typing as fast as the throttle allows (one second to type each),
    /// measured over thirty simulated days through the real policy.
    static func secondsPerGuess(_ policy: AttemptThrottle.Policy) -> Double {
        var throttle = AttemptThrottle(policy: policy)
        let start = Date(timeIntervalSince1970: 0)
        var now = start
        var guesses = 0
        while now.timeIntervalSince(start) < 30 * 86_400 {
            now = now.addingTimeInterval(Double(throttle.wait(at: now)) + 1)
            throttle.recordMistake(at: now)
            guesses += 1
        }
        return now.timeIntervalSince(start) / Double(guesses)
    }

    /// Someone who pauses until every mistake is forgiven, then spends the free tries and the short waits:
    /// seconds per guess over the same thirty days.
    static func secondsPerGuessInBursts(_ policy: AttemptThrottle.Policy, burst: Int) -> Double {
        var throttle = AttemptThrottle(policy: policy)
        let start = Date(timeIntervalSince1970: 0)
        var now = start
        var guesses = 0
        while now.timeIntervalSince(start) < 30 * 86_400 {
            for _ in 0..<burst {
                now = now.addingTimeInterval(Double(throttle.wait(at: now)) + 1)
                throttle.recordMistake(at: now)
                guesses += 1
            }
            now = now.addingTimeInterval(policy.forgiveAfter * Double(throttle.outstanding(at: now)))
        }
        return now.timeIntervalSince(start) / Double(guesses)
    }

    static func fastest(_ policy: AttemptThrottle.Policy) -> Double {
        ([secondsPerGuess(policy)] + (1...12).map { secondsPerGuessInBursts(policy, burst: $0) }).min() ?? 0
    }

    @Test("finding one valid code of a busy day takes weeks of continuous trying")
    func checkInCodes() {
        // Codes name their month (two letters, known to anyone) and four random letters of 25.
        let space = 25.0 * 25 * 25 * 25
        // 1,600 bookings in the month, 60 of them today at this place: only those are accepted here.
        let valid = 60.0
        let expectedGuesses = (space + 1) / (valid + 1)
        let seconds = Self.fastest(.checkIn) * expectedGuesses
        print("guessing: check-in code: \(Int(expectedGuesses)) guesses expected, \(String(format: "%.0f", Self.fastest(.checkIn))) s each at best → \(String(format: "%.1f", seconds / 86_400)) days")
        #expect(seconds > 7 * 86_400)
        // Any code of the month is answered with its day or place (never a name): finding one such code
        // takes hours of continuous trying, and tells a day, a time and a place, nobody's name.
        let anyCode = Self.fastest(.checkIn) * (space + 1) / (1_600 + 1)
        print("guessing: any code of the month (day and place shown, no name): \(String(format: "%.1f", anyCode / 3_600)) hours")
        #expect(anyCode > 12 * 3_600)
    }

    @Test("finding a four-digit staff PIN takes more than a week of continuous trying")
    func staffPIN() {
        let expectedGuesses = (10_000.0 + 1) / 2
        let seconds = Self.fastest(.staffPIN) * expectedGuesses
        print("guessing: staff PIN (4 digits): \(Int(expectedGuesses)) guesses expected, \(String(format: "%.0f", Self.fastest(.staffPIN))) s each at best → \(String(format: "%.1f", seconds / 86_400)) days; 6 digits: \(String(format: "%.0f", seconds * 100 / 86_400)) days")
        #expect(seconds > 7 * 86_400)
    }

    @Test("check-in records only today's appointments at this place, names the other place; wrong codes make the next wait, across visitors")
    func checkInPlaceAndWaits() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let today = try #require(InstantParser.parse("2026-12-01T08:30:00"))
        let elsewhere = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "cci-monplaisir/2026-12-01T14:00", service: "cci-formalites", firstName: "Ali",
                           lastName: "Ben", consent: true, bookedAt: "monplaisir"), schedule: schedule, now: friday)
        var pilot = try Pilot(dataFolder: data, now: today)
        pilot.press(.character("2"))
        pilot.type(elsewhere.reference)
        pilot.press(.enter)
        // A code of another place names that place; no name, no arrival recorded here, not a wrong code.
        #expect(pilot.screen.contains("Votre rendez-vous d'aujourd'hui est à Monplaisir"))
        #expect(!pilot.screen.contains("Ali"))
        #expect(try BookingStore(dataFolder: data).find(reference: elsewhere.reference)?.status == .booked)
        for _ in 0..<4 {
            for _ in 0..<6 { pilot.press(.backspace) }
            pilot.type("ZZZZZZ")
            pilot.press(.enter)
        }
        #expect(pilot.screen.contains("Trop d'essais : patientez 2 s"))
        // Each wrong code is logged with its wait, never with what was typed.
        #expect(pilot.log.entries.filter { $0.hasPrefix("wrong check-in code") }.count == 4)
        #expect(pilot.log.entries.contains("wrong check-in code; next try allowed in 2 s"))
        #expect(!pilot.log.entries.contains { $0.contains("ZZZZZZ") })
        // The idle wipe brings a new visitor, not a fresh count.
        pilot.wait(seconds: 100)
        #expect(pilot.screen.contains("Bienvenue !"))
        #expect(pilot.app.checkInThrottle.outstanding(at: pilot.now) == 4)
        _ = folder
    }
}
