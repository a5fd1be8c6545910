@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Synchronization
import Testing

/// The orientation plan: every ticked need answered, or a first step, or named as unmet (and then
/// `validate` names the gap); booked all at once or not at all.
@Suite("Plans across partners")
struct PlanTests {
    static let now = InstantParser.parse("2026-11-27T10:00:00")!
    static let schedule: Schedule = {
        do { return Schedule(catalogue: try CatalogueFixture.defaultCatalogue()) } catch { fatalError("\(error)") }
    }()

    @Test("for every combination of needs and answers, each need has a service, a first step, or is a gap validate names")
    func everyCombination() {
        let catalogue = Self.schedule.catalogue
        let needs = catalogue.needs.map(\.id)
        let profiles = VisitorProfile.all(in: catalogue)
        // Which needs each kind of visitor can never be helped with, as validate computes it.
        var gaps: [VisitorProfile: Set<String>] = [:]
        for need in needs {
            for profile in Planner.unreachable(need, in: catalogue) { gaps[profile, default: []].insert(need) }
        }
        var plans = 0
        var firstSteps = 0
        var unmet = 0
        var problems: [String] = []
        var planning = 0.0
        let started = Date()
        for profile in profiles {
            for mask in 1..<(1 << needs.count) {
                let ticked = needs.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
                let answers = profile.answers(needs: ticked, in: catalogue)
                let before = Date()
                let plan = Planner.plan(Self.schedule, for: answers, now: Self.now, taken: [:], site: "belle-beille")
                planning += Date().timeIntervalSince(before)
                plans += 1
                func check(_ condition: Bool, _ what: String) {
                    if !condition { problems.append("\(profile) \(ticked): \(what)") }
                }
                // Each ticked need exactly once: in one step, or unmet.
                check((plan.steps.flatMap(\.needs) + plan.unmet).sorted() == ticked.sorted(), "a need missing or twice")
                // Unmet exactly where validate names a gap for this kind of visitor.
                check(Set(plan.unmet) == Set(ticked).intersection(gaps[profile] ?? []), "unmet \(plan.unmet) is not the gap")
                for step in plan.steps {
                    // A step's service is one the visitor can use, and answers or prepares what it is for.
                    check(step.proposal.isOpen, "\(step.proposal.service.id) not open")
                    check(step.answers.allSatisfy(step.proposal.service.needs.contains), "answers what it does not")
                    check(step.prepares.allSatisfy(step.proposal.service.prepares.contains), "prepares what it does not")
                    // A first step is offered only when nobody answers that need for this visitor.
                    for need in step.prepares {
                        check(!catalogue.partners.flatMap(\.services).contains { service in
                            service.needs.contains(need)
                                && Matcher.eligibility(of: service.audience, for: answers, in: catalogue) == .eligible
                        }, "\(need) prepared although answerable")
                    }
                    firstSteps += step.isFirstStep ? 1 : 0
                }
                // First steps before what they prepare.
                if let firstAnswer = plan.steps.firstIndex(where: { !$0.isFirstStep }) {
                    check(!plan.steps[firstAnswer...].contains { $0.isFirstStep }, "a first step after an answer")
                }
                unmet += plan.unmet.count
            }
        }
        let seconds = Date().timeIntervalSince(started)
        print("plan: \(plans) plans (\(profiles.count) kinds of visitor × \((1 << needs.count) - 1) sets of needs) checked in \(String(format: "%.2f", seconds)) s, \(String(format: "%.3f", planning * 1000 / Double(plans))) ms a plan (debug build); \(firstSteps) first steps, \(unmet) unmet needs")
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        #expect(plans == profiles.count * ((1 << needs.count) - 1))
    }

    @Test("an idea without a project: financing starts with an adviser who prepares it, and says why")
    func firstStep() throws {
        let answers = VisitorAnswers(quartier: "bedier-beauval-morellerie", stage: .given(.idea), situation: .given(.jobSeeker),
                                     under26: .given(false), needs: ["financing"])
        let plan = Planner.plan(Self.schedule, for: answers, now: Self.now, taken: [:], site: "belle-beille")
        let step = try #require(plan.steps.first)
        #expect(step.isFirstStep && step.prepares == ["financing"])
        #expect(step.proposal.service.id == "bge-conseiller")
        // What blocks financing: the stage.
        #expect(step.blockedBy["financing"].map { $0.eligibility } == .notEligible([.stage]))
        #expect(plan.unmet.isEmpty)
    }

    @Test("one service answers two needs at once")
    func oneServiceTwoNeeds() throws {
        let answers = VisitorAnswers(quartier: "bedier-beauval-morellerie", stage: .given(.project), needs: ["coaching", "formalities"])
        let plan = Planner.plan(Self.schedule, for: answers, now: Self.now, taken: [:], site: "belle-beille")
        #expect(plan.steps.count == 1)
        #expect(plan.steps.first?.answers == ["coaching", "formalities"])
    }

    static func request(_ slot: String, _ service: String) -> BookingRequest {
        BookingRequest(slot: slot, service: service, firstName: "Zoé", lastName: "Œuvray-Nguyễn", consent: true, bookedAt: "belle-beille")
    }

    /// Three appointments over two months and two places.
    static let plan = [request("aldev-monplaisir/2026-11-27T14:00", "aldev-local"),
                       request("bge-monplaisir/2026-11-30T09:30", "bge-conseiller"),
                       request("reseaux-grand-bellevue/2026-12-17T18:00", "reseaux-soiree")]

    @Test("a plan is booked whole under one code, each booking keeping its own reference")
    func bookWhole() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let booked = try store.bookPlan(Self.plan, schedule: Self.schedule, now: Self.now)
        let code = try #require(booked.plan)
        #expect(booked.bookings.count == 3 && Set(booked.bookings.map(\.reference)).count == 3)
        #expect(booked.bookings.allSatisfy { $0.plan == code && $0.reference != code })
        #expect(booked.bookings.map(\.start.instant) == booked.bookings.map(\.start.instant).sorted())
        #expect(try store.bookings(forCode: code, horizonDays: 56).map(\.reference) == booked.bookings.map(\.reference))
        #expect(!FileManager.default.fileExists(atPath: folder.path("records/bookings/plan-pending.json").path))
    }

    @Test("a plan with one slot full or two overlapping is refused whole: nothing is written")
    func refusedWhole() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        _ = try store.book(BookingRequest(slot: "reseaux-grand-bellevue/2026-12-17T18:00", service: "reseaux-soiree", firstName: "Ali",
                                          lastName: "Ben", consent: true, bookedAt: "monplaisir"), schedule: Self.schedule, now: Self.now)
        // The evening is a group session with 15 seats: fill it.
        for index in 0..<14 {
            _ = try store.book(BookingRequest(slot: "reseaux-grand-bellevue/2026-12-17T18:00", service: "reseaux-soiree",
                                              firstName: "P\(index)", lastName: "Q\(index)", consent: true, bookedAt: "monplaisir"),
                               schedule: Self.schedule, now: Self.now)
        }
        #expect(throws: BookingError.inPlan(slot: "reseaux-grand-bellevue/2026-12-17T18:00", reason: .full)) {
            try store.bookPlan(Self.plan, schedule: Self.schedule, now: Self.now)
        }
        let november = try store.bookings(inMonthOf: try #require(LocalDate("2026-11-01")))
        #expect(november.isEmpty)
        // Two slots at the same hour, or at two places with less than the travel time between them.
        let overlapping = [Self.request("aldev-monplaisir/2026-11-27T14:00", "aldev-local"),
                           Self.request("aldev-monplaisir/2026-11-27T14:00", "aldev-local")]
        #expect(throws: BookingError.overlap("aldev-monplaisir/2026-11-27T14:00", "aldev-monplaisir/2026-11-27T14:00")) {
            try store.bookPlan(overlapping, schedule: Self.schedule, now: Self.now)
        }
        _ = folder
    }

    @Test("a fault at every step of booking a plan: after the next writer, the plan is on disk whole or not at all, as reported")
    func faults() throws {
        var injected = 0
        var outcomes: [String: Int] = [:]
        for fault in FaultyFileSystem.Fault.allCases {
            var step = 1
            while true {
                let (folder, data) = try CatalogueFixture.dataFolder()
                let system = FaultyFileSystem(faultAt: step, fault: fault)
                var reported = "done"
                do {
                    _ = try BookingStore(dataFolder: data, fileSystem: system).bookPlan(Self.plan, schedule: Self.schedule, now: Self.now)
                } catch .records(.uncertainWrite) {
                    reported = "uncertain"
                } catch {
                    reported = "failed"
                }
                guard let call = system.fired else {
                    #expect(reported == "done")
                    break
                }
                injected += 1
                outcomes[reported, default: 0] += 1
                // The next writer (another terminal, or the kiosk restarted) finishes what was left.
                BookingStore.forgetReadMonths(in: data)
                let store = BookingStore(dataFolder: data)
                _ = try store.book(BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit",
                                                  firstName: "Noé", lastName: "Suivant", consent: true, bookedAt: "belle-beille"),
                                   schedule: Self.schedule, now: Self.now)
                let onDisk = try store.bookings(from: try #require(LocalDate("2026-11-01")), to: try #require(LocalDate("2026-12-31")))
                let planned = onDisk.filter { $0.lastName == "Œuvray-Nguyễn" }
                let label = "\(fault) at step \(step) (\(call)): \(reported), \(planned.count) on disk"
                #expect(planned.count == 0 || planned.count == 3, "\(label)")
                if reported == "done" { #expect(planned.count == 3, "\(label)") }
                if reported == "failed" && fault != .kill { #expect(planned.isEmpty, "\(label)") }
                #expect(store.unreadableFiles().isEmpty, "\(label)")
                _ = folder
                step += 1
            }
        }
        print("faults: bookPlan: \(injected) faults injected; reported \(outcomes.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")); never a partial plan after the next writer")
        #expect(injected > 20)
    }

    @Test("a plan asking twice for one service for one person is refused whole, or flagged to staff at the kiosk")
    func sameServiceTwice() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let twice = [Self.request("adie-belle-beille/2026-12-08T09:00", "adie-microcredit"),
                     Self.request("adie-belle-beille/2026-12-08T10:30", "adie-microcredit")]
        #expect(throws: BookingError.inPlan(slot: "adie-belle-beille/2026-12-08T10:30", reason: .sameServiceTwice("adie-microcredit"))) {
            try store.bookPlan(twice, schedule: Self.schedule, now: Self.now)
        }
        #expect(try store.bookings(inMonthOf: try #require(LocalDate("2026-12-01"))).isEmpty)
        // At the kiosk nothing tells a visitor who holds what: booked, the second flagged for staff.
        let flagged = twice.map { request -> BookingRequest in
            var request = request
            request.whenAlreadyHeld = .flagForStaff
            return request
        }
        let booked = try store.bookPlan(flagged, schedule: Self.schedule, now: Self.now).bookings
        #expect(booked.count == 2 && booked[0].possibleDuplicateOf == nil && booked[1].possibleDuplicateOf == booked[0].reference)
        _ = folder
    }

    @Test("a booking's reference is never a plan's code of its month, whole read or digest: a code leads to one or the other")
    func referenceNeverAPlanCode() throws {
        for useDigest in [false, true] {
            let (folder, data) = try CatalogueFixture.dataFolder()
            // The same random draws for the plan and for the booking after it: the booking's first candidate is the plan's code.
            func draws() -> @Sendable () -> UInt64 {
                let generator = Mutex(SplitMix64(state: 42))
                return { generator.withLock { $0.next() } }
            }
            let both = [Self.request("adie-belle-beille/2026-12-08T09:00", "adie-microcredit"),
                        Self.request("bge-monplaisir/2026-12-14T09:30", "bge-conseiller")]
            let code = try #require(try BookingStore(dataFolder: data).bookPlan(both, schedule: Self.schedule, now: Self.now, random: draws()).plan)
            BookingStore.forgetReadMonths(in: data)
            let store = useDigest ? BookingStore(dataFolder: data, program: "plan-tests", settled: 0) : BookingStore(dataFolder: data)
            if useDigest {
                // As a fresh process finds it: December's digest written, nothing in memory.
                _ = try store.files.withLock { try store.bookingMonth("2026-12") }
                BookingStore.forgetReadMonths(in: data)
                guard case .digest = try store.files.withLock({ try store.bookingMonth("2026-12") }) else {
                    Issue.record("December should be read from its digest")
                    return
                }
                BookingStore.forgetReadMonths(in: data)
            }
            let single = try store.book(BookingRequest(slot: "mcte-belle-beille/2026-12-03T09:00", service: "mcte-information",
                                                       firstName: "Ali", lastName: "Ben", consent: true, bookedAt: "belle-beille"),
                                        schedule: Self.schedule, now: Self.now, random: draws())
            #expect(single.reference != code, "digest: \(useDigest)")
            #expect(try store.bookings(forCode: code, horizonDays: 56).count == 2)
            _ = folder
        }
    }

    @Test("check-in by a plan's code works while another month of the horizon cannot be read")
    func checkInPastADamagedMonth() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let both = [Self.request("aldev-monplaisir/2026-11-27T14:00", "aldev-local"),
                    Self.request("bge-monplaisir/2026-11-30T09:30", "bge-conseiller")]
        let code = try #require(try store.bookPlan(both, schedule: Self.schedule, now: Self.now).plan)
        try Data("{ not json\n".utf8).write(to: folder.path("records/bookings/2027-01.json"))
        BookingStore.forgetReadMonths(in: data)
        let friday = try #require(LocalDate("2026-11-27"))
        let arrival = InstantParser.parse("2026-11-27T13:50:00")!
        guard case .arrived = try store.checkIn(code: code, on: friday, site: "monplaisir", now: arrival, horizonDays: 56) else {
            Issue.record("the plan's appointment today should be checked in")
            return
        }
        // Staff looking the plan up are told of the damaged month.
        #expect(throws: RecordError.self) { try store.bookings(forCode: code, horizonDays: 56) }
    }

    @Test("check-in by a plan's code records today's appointment here, and names another day or place")
    func checkInByPlanCode() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let store = BookingStore(dataFolder: data)
        let booked = try store.bookPlan(Self.plan, schedule: Self.schedule, now: Self.now)
        let code = try #require(booked.plan)
        let friday = try #require(LocalDate("2026-11-27"))
        let arrival = InstantParser.parse("2026-11-27T13:50:00")!
        // Today's appointment is at Monplaisir: at Belle-Beille nothing is recorded, and the place is named.
        let elsewhere = try store.checkIn(code: code, on: friday, site: "belle-beille", now: arrival, horizonDays: 56)
        #expect(elsewhere == .otherPlace(booked.bookings[0]))
        let here = try store.checkIn(code: code.lowercased(), on: friday, site: "monplaisir", now: arrival, horizonDays: 56)
        guard case .arrived(let recorded) = here else {
            Issue.record("not arrived: \(here)")
            return
        }
        #expect(recorded.reference == booked.bookings[0].reference && recorded.status == .arrived)
        guard case .alreadyArrived = try store.checkIn(code: code, on: friday, site: "monplaisir", now: arrival, horizonDays: 56) else {
            Issue.record("a second check-in should say already arrived")
            return
        }
        // Another day: the next appointment of the plan.
        let thursday = try #require(LocalDate("2026-11-26"))
        guard case .otherDay(let next) = try store.checkIn(code: code, on: thursday, site: "monplaisir", now: arrival, horizonDays: 56) else {
            Issue.record("another day should be named")
            return
        }
        #expect(next.reference == booked.bookings[0].reference)
        // A booking's own reference works too; a cancelled one says so; a wrong code says nothing.
        let second = booked.bookings[1]
        _ = try store.cancel(reference: second.reference, now: arrival)
        let cancelled = try #require(try store.find(reference: second.reference))
        let monday = try #require(LocalDate("2026-11-30"))
        #expect(try store.checkIn(code: second.reference, on: monday, site: "monplaisir", now: arrival, horizonDays: 56) == .notActive(cancelled))
        #expect(try store.checkIn(code: "ZZZZZZ", on: friday, site: "monplaisir", now: arrival, horizonDays: 56) == .unknown)
        _ = folder
    }
}
