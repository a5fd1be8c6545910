import FabriqueCore
import FabriqueServices
import FabriqueTerminal
import FabriqueTesting
@testable import FabriqueUI
import Foundation
import Synchronization
import Testing

/// The real `KioskLoop`, run against a terminal in memory: keys in, frames out, records on disk.
@Suite("The kiosk loop in memory")
struct KioskLoopTests {
    /// A whole booking, as bursts of keys a person types.
    static let booking: [[KioskEvent]] = {
        func keys(_ text: String) -> [KioskEvent] { text.map { .key(.character($0)) } }
        return [[.key(.enter)], keys("bedier") + [.key(.enter)], keys("212"), keys("14") + [.key(.enter)], [.key(.enter)],
                [.key(.enter), .key(.character(" ")), .key(.down), .key(.enter)], keys("Zoé") + [.key(.tab)] + keys("Martin") + [.key(.tab)] + keys("0612345678"),
                [.key(.tab), .key(.tab), .key(.character(" ")), .key(.tab)]]
    }()

    @Test("a whole booking through the real loop: the confirmation shows its code, the booking is on disk")
    func wholeBooking() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let pilot = try Pilot(dataFolder: data, now: friday)
        var app = pilot.app
        // Enter books; a second Enter, typed before the confirmation was drawn, must not close it.
        let terminal = InMemoryTerminal(bursts: Self.booking + [[.key(.enter), .key(.enter), .key(.character("x"))]])
        let ending = KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime)
        #expect(ending == .signal(SIGTERM))
        let bookings = try BookingStore(dataFolder: data).bookings(from: try #require(LocalDate("2026-11-27")),
                                                                   to: try #require(LocalDate("2027-01-31")))
        #expect(bookings.count == 1)
        let reference = try #require(bookings.first?.reference)
        #expect(terminal.screen.contains("Votre code de rendez-vous : \(reference)"), "\(terminal.screen)")
        #expect(terminal.discarded == [.key(.enter), .key(.character("x"))])
        #expect(terminal.frames.count >= Self.booking.count)
        _ = folder
    }

    @Test("a booking that waits for the lock another writer holds says so on screen; a stop signal then ends the wait at once, nothing written")
    func stopDuringLockWait() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let lock = try #require(RecordsLockHolder(folder.url, kind: "bookings"))
        defer { lock.release() }
        let pilot = try Pilot(dataFolder: data, now: friday)
        var app = pilot.app
        let terminal = InMemoryTerminal(bursts: Self.booking + [[.key(.enter)]], stopsWhenWaiting: true)
        let started = Date()
        let ending = KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime)
        let seconds = Date().timeIntervalSince(started)
        #expect(ending == .signal(SIGTERM))
        // The lock's wait is 20 s: far below it, with room for a loaded machine.
        #expect(seconds < 10, "the loop took \(seconds) s")
        #expect(terminal.waitFrames.count == 1)
        let notice = try #require(terminal.waitFrames.first?.text.split(separator: "\n").last)
        #expect(notice.contains("Un instant, s'il vous plaît : une autre borne enregistre en ce moment."), "\(notice)")
        // The rest of the frame is the contact form the visitor was on.
        #expect(terminal.waitFrames.first?.text.contains("Vos coordonnées") == true)
        let bookings = try BookingStore(dataFolder: data).bookings(from: try #require(LocalDate("2026-11-27")),
                                                                   to: try #require(LocalDate("2027-01-31")))
        #expect(bookings.isEmpty)
        #expect(pilot.log.entries.contains { $0.contains("was given up to stop") }, "\(pilot.log.entries)")
    }

    @Test("an idle reset whose visit record waits for the lock shows the welcome screen meanwhile, never the last visitor's form")
    func idleResetWaitsOnTheWelcomeScreen() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let lock = try #require(RecordsLockHolder(folder.url, kind: "visits"))
        defer { lock.release() }
        var pilot = try Pilot(settings: KioskSettings(idleTimeoutSeconds: 60), dataFolder: data, now: friday)
        for burst in Self.booking.dropLast() { for event in burst { pilot.send(event) } }
        #expect(pilot.screen.contains("Zoé"), "\(pilot.screen)")
        // Long after the last key: the kiosk resets, and writes the anonymous visit.
        var app = pilot.app
        let later = pilot.now.addingTimeInterval(600)
        let shown = Mutex<[String]>([])
        _ = pilot.runtime.carryOut(.tick, on: &app, now: { later }, waiter: { current in
            LockWaiter(began: { shown.withLock { $0.append(current.render(now: later).text) } },
                       givesUp: { !shown.withLock { $0.isEmpty } })
        })
        let screens = shown.withLock { $0 }
        #expect(screens.count == 1)
        #expect(screens.allSatisfy { $0.contains("Bienvenue") && !$0.contains("Zoé") && !$0.contains("Martin") }, "\(screens)")
        #expect(app.render(now: later).text.contains("Bienvenue"))
    }

    @Test("an Enter typed while an arrival was written does not close its confirmation unseen")
    func checkInDropsTypeAhead() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = folder
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let booking = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit", firstName: "Zoé",
                           lastName: "Martin", consent: true, bookedAt: "belle-beille"), schedule: schedule, now: friday)
        let today = try #require(InstantParser.parse("2026-12-01T08:30:00"))
        let pilot = try Pilot(dataFolder: data, now: today)
        var app = pilot.app
        let code = booking.reference.map { KioskEvent.key(.character($0)) }
        let terminal = InMemoryTerminal(bursts: [[.key(.character("2"))], code + [.key(.enter), .key(.enter)]])
        _ = KioskLoop.run(&app, on: terminal, clock: .fixed(today), runtime: pilot.runtime)
        #expect(terminal.screen.contains("Bonjour Zoé ! Votre arrivée est enregistrée."), "\(terminal.screen)")
        #expect(terminal.discarded == [.key(.enter)])
    }

    @Test("a window resized while a booking was written: the keys typed meanwhile are dropped, the new size is not")
    func resizeDuringCommitKept() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = folder
        let pilot = try Pilot(dataFolder: data, now: friday)
        var app = pilot.app
        let larger = Size(width: 100, height: 30)
        let terminal = InMemoryTerminal(bursts: Self.booking + [[.key(.enter), .resize(larger), .key(.enter)]])
        _ = KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime)
        #expect(terminal.screen.contains("Votre code de rendez-vous"), "\(terminal.screen)")
        #expect(terminal.frames.last?.size == larger)
        #expect(terminal.discarded == [.resize(larger), .key(.enter)])
    }

    @Test("keys typed while a walk-in was written are dropped: an N typed ahead opens no second form unseen")
    func walkInDropsTypeAhead() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = folder
        let pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        var app = pilot.app
        func keys(_ text: String) -> [KioskEvent] { text.map { .key(.character($0)) } }
        let terminal = InMemoryTerminal(bursts: [[.key(.function(12))], keys("2468") + [.key(.enter)], keys("2"), keys("n"),
                                                 keys("Awa") + [.key(.enter)] + keys("n")])
        _ = KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime)
        #expect(terminal.screen.contains("Awa — en attente"), "\(terminal.screen)")
        #expect(terminal.discarded == [.key(.character("n"))])
    }

    @Test("a lock released during the wait: the notice, then the confirmation drawn whole, the booking on disk")
    func lockReleasedDuringWait() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let lock = try #require(RecordsLockHolder(folder.url, kind: "bookings"))
        let released = Thread {
            usleep(1_000_000)
            lock.release()
        }
        released.start()
        let pilot = try Pilot(dataFolder: data, now: friday)
        var app = pilot.app
        let terminal = InMemoryTerminal(bursts: Self.booking + [[.key(.enter)]])
        #expect(KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime) == .signal(SIGTERM))
        #expect(terminal.waitFrames.count == 1)
        #expect(terminal.screen.contains("Votre code de rendez-vous"), "\(terminal.screen)")
        #expect(!terminal.screen.contains("Un instant"))
        let bookings = try BookingStore(dataFolder: data).bookings(from: try #require(LocalDate("2026-11-27")),
                                                                   to: try #require(LocalDate("2027-01-31")))
        #expect(bookings.count == 1)
    }

    @Test("an idle kiosk waits for the next minute, or for its countdown to appear; while seconds run it ticks")
    func idleWaits() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = folder
        var app = try Pilot(settings: KioskSettings(idleTimeoutSeconds: 60), dataFolder: data, now: friday).app
        let toMinute = Int32((60 - friday.timeIntervalSinceReferenceDate.truncatingRemainder(dividingBy: 60)) * 1000)
        // The untouched welcome screen changes only with the date: up to the next minute, at most 5 s.
        _ = app.update(.tick, now: friday)
        #expect(!app.showsRunningSeconds(now: friday))
        #expect(KioskLoop.waitMilliseconds(app, now: friday) == min(5_000, toMinute))
        // A visitor began: the countdown shows 20 s before the 60 s are up, and the wait ends in time for it.
        _ = app.update(.key(.enter), now: friday)
        #expect(app.quietSeconds(now: friday) == 40)
        #expect((100...101).contains(KioskLoop.waitMilliseconds(app, now: friday.addingTimeInterval(39.9))))
        #expect(!app.showsRunningSeconds(now: friday.addingTimeInterval(39.9)))
        #expect(app.showsRunningSeconds(now: friday.addingTimeInterval(41)))
        #expect(KioskLoop.waitMilliseconds(app, now: friday.addingTimeInterval(41)) == 500)
        // Staff's wait after wrong PINs runs in seconds too.
        var staff = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        staff.press(.function(12))
        #expect(!staff.app.showsRunningSeconds(now: friday))
        // Three free attempts, then a wait of a few seconds, which the screen counts down.
        for _ in 0..<4 {
            staff.type("0000")
            staff.press(.enter)
        }
        #expect(staff.screen.contains("patientez"), "\(staff.screen)")
        #expect(staff.app.showsRunningSeconds(now: friday))
        #expect(KioskLoop.waitMilliseconds(staff.app, now: friday) == 500)
    }

    @Test("a print command that takes 20 s does not hold the kiosk: the code shows at once, keys are answered")
    func slowPrinter() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let printed = folder.path("printed.txt")
        let pilot = try Pilot(settings: KioskSettings(printCommand: "sleep 20; cat > '\(printed.path)'"), dataFolder: data, now: friday)
        var app = pilot.app
        let terminal = InMemoryTerminal(bursts: Self.booking + [[.key(.enter)], [.key(.function(1))]])
        let started = Date()
        _ = KioskLoop.run(&app, on: terminal, clock: .fixed(friday), runtime: pilot.runtime)
        let seconds = Date().timeIntervalSince(started)
        // Far below the printer's 20 s, with room for a loaded machine.
        #expect(seconds < 10, "the loop took \(seconds) s")
        #expect(terminal.frames.contains { $0.text.contains("Votre code de rendez-vous") })
        #expect(terminal.screen.contains("Aide"), "\(terminal.screen)")
        #expect(!FileManager.default.fileExists(atPath: printed.path))
        print("printing: the loop ended \(String(format: "%.2f", seconds)) s after the booking began, with a 20 s print command still running")
    }

    @Test("a print command that never ends is stopped after its time limit, and that is logged")
    func stuckPrinter() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try Pilot(settings: KioskSettings(printCommand: "exec sleep 600"), dataFolder: data, now: friday, printTimeLimit: 1)
        for burst in Self.booking { for event in burst { pilot.send(event) } }
        pilot.press(.enter)
        #expect(pilot.screen.contains("Votre code de rendez-vous"))
        #expect(pilot.eventually { pilot.log.entries.contains { $0.contains("still running after 1 s: stopped") } })
        #expect(pilot.eventually { pilot.log.entries.contains { $0.contains("sent to print command, status") } }, "\(pilot.log.entries)")
        print("printing: " + pilot.log.entries.filter { $0.contains("print command") }.joined(separator: "; "))
        _ = folder
    }
}
