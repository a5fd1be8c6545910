import FabriqueCore
import FabriqueServices
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Testing

/// Requests carry who asked; replies go back to that screen, or are dropped when it is gone.
@Suite("Replies go back to whoever asked")
struct RoutingTests {
    /// A kiosk on the needs screen with financing ticked, and the request Enter made there.
    static func askingForProposals() throws -> (app: KioskApp, request: Request) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var app = try Pilot(dataFolder: data, now: friday).app
        _ = folder
        var keys: [Key] = [.enter] + "bedier".map { .character($0) } + [.enter, .character("1"), .character("1"), .character("1")]
        keys += [.character(" "), .enter]
        var requests: [Request] = []
        for key in keys { requests = app.update(.key(key), now: friday) }
        let request = try #require(requests.first)
        return (app, request)
    }

    @Test("a reply reaches the screen that asked while it is shown")
    func replyReachesAsker() throws {
        var (app, request) = try Self.askingForProposals()
        #expect(app.screen is NeedsScreen)
        guard case .loadAvailability = request.effect, case .screen = request.requester else {
            Issue.record("unexpected request \(request)")
            return
        }
        _ = app.update(.reply(.availability(.success([:])), to: request.requester), now: friday)
        #expect(app.screen is PlanScreen)
        #expect(app.journey.proposalsShown.count > 0)
    }

    @Test("a reply for a screen no longer shown is dropped, even when a screen of the same kind is shown again")
    func replyForGoneScreenDropped() throws {
        var (app, request) = try Self.askingForProposals()
        // The visitor goes back a step, then forward to the needs again, before the answer comes.
        _ = app.update(.key(.escape), now: friday)
        #expect(app.screen is AboutYouScreen)
        _ = app.update(.key(.character("1")), now: friday)
        #expect(app.screen is NeedsScreen)
        let before = app.render(now: friday)
        let requests = app.update(.reply(.availability(.success([:])), to: request.requester), now: friday)
        #expect(requests.isEmpty)
        #expect(app.screen is NeedsScreen)
        #expect(app.render(now: friday) == before)
        // A reply to the kiosk itself goes to no screen either.
        _ = app.update(.reply(.availability(.success([:])), to: .kiosk), now: friday)
        #expect(app.screen is NeedsScreen)
    }

    @Test("a wrong check-in code is counted even when the visitor left before the answer came")
    func wrongCodeCountedAfterLeaving() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var app = try Pilot(dataFolder: data, now: friday).app
        _ = folder
        var requests: [Request] = []
        for key: Key in [.character("2")] + "ABCD".map({ .character($0) }) + [.enter] { requests = app.update(.key(key), now: friday) }
        let lookUp = try #require(requests.first)
        guard case .checkIn = lookUp.effect else {
            Issue.record("unexpected request \(lookUp)")
            return
        }
        _ = app.update(.key(.escape), now: friday)
        #expect(app.screen is WelcomeScreen)
        for _ in 0..<4 {
            let logged = app.update(.reply(.checkedIn(.success(.unknown)), to: lookUp.requester), now: friday)
            #expect(logged.contains { if case .recordWrongAttempt(.checkInCode, _) = $0.effect { true } else { false } })
        }
        #expect(app.screen is WelcomeScreen)
        // Three mistakes are free; the fourth imposes a wait.
        #expect(app.checkInThrottle.wait(at: friday) > 0)
    }

    @Test("the staff PIN is read again by the kiosk itself, whatever screen is shown when it comes")
    func credentialReachesKiosk() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var app = try Pilot(dataFolder: data, now: friday).app
        _ = folder
        let requests = app.update(.key(.function(12)), now: friday)
        #expect(requests == [Request(.loadStaffCredential, for: .kiosk)])
        #expect(app.screen is StaffLoginScreen)
        _ = app.update(.key(.escape), now: friday)
        let credential = try StaffCredential.make(pin: "2468", rounds: 1000)
        _ = app.update(.reply(.staffCredential(credential), to: .kiosk), now: friday)
        #expect(app.staffCredential == credential)
    }

    @Test("a month whose file cannot be read offers none of its slots; the other months' places are as booked")
    func unreadableMonthOffersNothing() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let now = try #require(InstantParser.parse("2026-11-27T10:00:00"))
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booked = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit", firstName: "Zoé",
                           lastName: "Martin", consent: true, bookedAt: "belle-beille"), schedule: schedule, now: now)
        try Data("{ not json\n".utf8).write(to: folder.path("records/bookings/2027-01.json"))
        let pilot = try Pilot(dataFolder: data, now: now)
        let from = LocalDate(now)
        guard case .availability(.success(let counts)) = pilot.runtime.perform(.loadAvailability(from: from, days: 57)) else {
            Issue.record("no availability")
            return
        }
        #expect(counts[booked.slot] == 1)
        // January's slots within the horizon asked for (to the 22nd).
        let january = schedule.slots(from: try #require(LocalDate("2027-01-01")), days: 22)
        #expect(!january.isEmpty && january.allSatisfy { counts[$0.id] == $0.capacity })
        let december = schedule.slots(from: try #require(LocalDate("2026-12-02")), days: 29)
        #expect(december.contains { (counts[$0.id] ?? 0) < $0.capacity })
        #expect(pilot.log.entries.contains { $0.contains("records unreadable") && $0.contains("2027-01.json") })
    }
}
