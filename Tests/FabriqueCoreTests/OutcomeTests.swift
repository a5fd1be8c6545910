import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Outcomes, people and the funders' report")
struct OutcomeTests {
    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    /// A well-formed code for an appointment on `start` (its first two letters name the month), ending in `tail`.
    static func code(_ start: String, _ tail: String) -> String {
        let alphabet = Array("ACDEFGHJKMNPQRTUVWXY34679")
        let date = day(start)
        let index = (date.year - 2017) * 12 + date.month - 1
        return String([alphabet[index / 25], alphabet[index % 25]]) + tail
    }

    static func booking(_ reference: String, created: String, start: String, site: String, service: String, status: Booking.Status,
                        name: (String, String), phone: String? = nil, quartier: String? = nil, needs: [String] = [],
                        stage: String? = nil, under26: String? = nil, walkIn: String? = nil, plan: String? = nil,
                        catalogue: Catalogue) -> Booking {
        Booking(reference: reference, slot: "slot-\(reference)", partner: catalogue.service(service)?.partner.id ?? "?", service: service,
                site: site, start: AppointmentStart(text: start + "T10:00:00+01:00")!, firstName: name.0, lastName: name.1, phone: phone,
                email: nil, quartier: quartier, needs: needs, bookedAt: site, createdAt: created + "T09:00:00+01:00",
                consentAt: created + "T09:00:00+01:00", status: status, arrivedAt: nil, anonymised: nil, plan: plan,
                stage: stage, under26: under26, walkIn: walkIn)
    }

    // MARK: SIRET, amounts, drafts

    @Test("a SIRET is 14 digits with a Luhn key; La Poste's use the sum of digits")
    func siret() {
        #expect(Siret.digits("732 829 320 00074") == "73282932000074")
        #expect(Siret.digits("73282932000075") == nil)
        #expect(Siret.digits("7328293200007") == nil)
        #expect(Siret.digits("7328293200007A") == nil)
        #expect(Siret.digits("７３２８２９３２０００７４") == nil, "full-width digits are not digits of a SIRET")
        // La Poste: 356 000 000 then five digits whose whole sum is a multiple of 5, whatever the Luhn sum.
        #expect(Siret.digits("35600000010000") == "35600000010000")
        #expect(Siret.digits("35600000010001") == nil)
        #expect(Siret.digits("35600000000048") == "35600000000048")
        // Each problem has its own answer: the length, or the key (all zeros passes Luhn but names nobody).
        #expect(Siret.check("7328293200007") == .notFourteenDigits)
        #expect(Siret.check("73282932000075") == .wrongKey)
        #expect(Siret.check("00000000000000") == .noBusiness)
        #expect(Siret.check("000 000 000 00000") == .noBusiness)
    }

    @Test("amounts are whole euros, typed as people type them")
    func amounts() {
        #expect(OutcomeAmount.parse("8000") == 8000)
        #expect(OutcomeAmount.parse("8 000") == 8000)
        #expect(OutcomeAmount.parse("8 000 €") == 8000)
        #expect(OutcomeAmount.parse("8000,00") == 8000)
        #expect(OutcomeAmount.parse("-5") == -5)
        #expect(OutcomeAmount.parse("8000,50") == nil)
        #expect(OutcomeAmount.parse("huit mille") == nil)
        #expect(OutcomeAmount.parse("") == nil)
        // Too many digits is a number too large, not "not a number"; -0 is zero (refused by the draft).
        #expect(OutcomeAmount.parse("99999999999999999999") == OutcomeDraft.largestAmount + 1)
        #expect(OutcomeAmount.parse("9999999999999") == OutcomeDraft.largestAmount + 1)
        #expect(OutcomeAmount.parse("-0") == 0)
    }

    @Test("an outcome follows a seen appointment, on a date since, with the fields of its kind")
    func draftRules() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        var seen = Self.booking("FXAAAA", created: "2025-02-01", start: "2025-02-10", site: "belle-beille", service: "adie-microcredit",
                                status: .seen, name: ("Awa", "Diallo"), catalogue: catalogue)
        let today = Self.day("2025-03-01")
        func check(_ draft: OutcomeDraft) -> OutcomeError? {
            do {
                _ = try draft.checked(for: seen, catalogue: catalogue, today: today)
                return nil
            } catch {
                return error
            }
        }
        #expect(check(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .honourLoan, amountEuros: 8000)) == nil)
        #expect(check(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), amountEuros: 8000)) == .missingFinancing)
        #expect(check(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .grant, amountEuros: -1)) == .negativeAmount)
        #expect(check(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .grant, amountEuros: 20_000_000)) == .amountTooLarge)
        #expect(check(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .grant, amountEuros: 0)) == .zeroAmount)
        #expect(check(OutcomeDraft(kind: .oriented, date: Self.day("2025-02-20"), partner: "adie")) == .orientedToSamePartner("adie"))
        #expect(check(OutcomeDraft(kind: .businessCreated, date: Self.day("2025-02-20"), siret: "7328293200007")) == .siretNotFourteenDigits)
        #expect(check(OutcomeDraft(kind: .premises, date: Self.day("2025-02-20"), amountEuros: 10)) == .fieldNotForKind("amount"))
        #expect(check(OutcomeDraft(kind: .premises, date: Self.day("2025-03-02"))) == .dateInFuture)
        #expect(check(OutcomeDraft(kind: .premises, date: Self.day("2025-02-09"))) == .dateBeforeAppointment(Self.day("2025-02-10")))
        #expect(check(OutcomeDraft(kind: .oriented, date: Self.day("2025-02-20"))) == .missingPartner)
        #expect(check(OutcomeDraft(kind: .oriented, date: Self.day("2025-02-20"), partner: "nobody")) == .unknownPartner("nobody"))
        #expect(check(OutcomeDraft(kind: .businessCreated, date: Self.day("2025-02-20"), siret: "73282932000075")) == .invalidSiret)
        #expect(check(OutcomeDraft(kind: .businessCreated, date: Self.day("2025-02-20"), legalForm: .sasu, siret: "732 829 320 00074")) == nil)
        seen.status = .booked
        #expect(check(OutcomeDraft(kind: .premises, date: Self.day("2025-02-20"))) == .notSeen(.booked))
    }

    @Test("the same event is not recorded twice for one appointment: a correction is offered instead")
    func duplicates() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = folder
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let seen = Self.booking("FXAAAA", created: "2025-02-01", start: "2025-02-10", site: "belle-beille", service: "adie-microcredit",
                                status: .seen, name: ("Awa", "Diallo"), catalogue: catalogue)
        let store = OutcomeStore(dataFolder: data)
        let now = try #require(ISO8601DateFormatter().date(from: "2025-03-01T10:00:00Z"))
        func record(_ draft: OutcomeDraft) -> Result<Outcome, OutcomeError> {
            Result { () throws(OutcomeError) in try store.record(draft, for: seen, catalogue: catalogue, now: now) }
        }
        let loan = try record(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .honourLoan, amountEuros: 8000)).get()
        // The same loan again, typed another day with another amount: refused, nothing written.
        #expect(record(OutcomeDraft(kind: .financing, date: Self.day("2025-02-25"), financing: .honourLoan, amountEuros: 9000))
                == .failure(.duplicate(loan.id)))
        #expect(try store.all().count == 1)
        // Another kind of financing, another orientation, a business: each a new event.
        let microloan = try record(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .microloan)).get()
        _ = try record(OutcomeDraft(kind: .oriented, date: Self.day("2025-02-20"), partner: "bge")).get()
        _ = try record(OutcomeDraft(kind: .oriented, date: Self.day("2025-02-20"), partner: "cci")).get()
        _ = try record(OutcomeDraft(kind: .businessCreated, date: Self.day("2025-02-28"))).get()
        #expect(record(OutcomeDraft(kind: .businessCreated, date: Self.day("2025-02-28"), legalForm: .sasu)).map(\.id)
                == .failure(.duplicate(try store.all().last?.id ?? "")))
        // A correction may not turn one outcome into a copy of another either.
        #expect(Result { () throws(OutcomeError) in
            try store.correct(id: microloan.id, with: OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .honourLoan),
                              booking: seen, catalogue: catalogue, now: now)
        }.map(\.id) == .failure(.duplicate(loan.id)))
        // Once the first is withdrawn (recorded by mistake), the event can be recorded again.
        _ = try store.withdraw(id: loan.id, now: now)
        #expect(try record(OutcomeDraft(kind: .financing, date: Self.day("2025-02-20"), financing: .honourLoan, amountEuros: 8000)).get().id != loan.id)
    }

    // MARK: People

    @Test("records are one person's by phone, plan, walk-in, staff's word, or a name that leads to one person only")
    func linking() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        func make(_ reference: String, _ name: (String, String), phone: String? = nil, walkIn: String? = nil, plan: String? = nil) -> Booking {
            Self.booking(reference, created: "2025-02-0\(reference.last!)", start: "2025-02-10", site: "belle-beille", service: "adie-microcredit",
                         status: .booked, name: name, phone: phone, walkIn: walkIn, plan: plan, catalogue: catalogue)
        }
        let bookings = [
            make("FXAAA1", ("Awa", "Diallo"), phone: "+33611111111"),
            make("FXAAA2", ("AWA", "DIALLO "), phone: "+33611111111"),
            make("FXAAA3", ("Awa", "Diallo")),  // no phone, one Awa Diallo with a phone: the same
            make("FXAAA4", ("Zoé", "Martin"), phone: "+33622222222"),
            make("FXAAA5", ("Zoe", "MARTIN"), phone: "+33633333333"),
            make("FXAAA6", ("Zoé", "Martin")),  // two Zoé Martin with phones: staff decide
            make("FXAAA7", ("Lina", "Haddad"), walkIn: "w1"),
            make("FXAAA8", ("Sami", "K"), plan: "FXPLAN"),
            make("FXAAA9", ("Samy", "K"), plan: "FXPLAN"),
        ]
        let walkIns = [WalkIn(id: "w1", permanence: nil, partner: nil, site: "belle-beille", date: Self.day("2025-02-01"), firstName: "Lina",
                              arrivedAt: "2025-02-01T09:00:00+01:00", status: .seen)]
        let people = People(bookings: bookings, walkIns: walkIns)
        let of = people.ofBooking
        #expect(of["FXAAA1"] == of["FXAAA2"] && of["FXAAA2"] == of["FXAAA3"])
        #expect(of["FXAAA4"] != of["FXAAA5"] && of["FXAAA6"] != of["FXAAA4"] && of["FXAAA6"] != of["FXAAA5"])
        #expect(people.ofWalkIn["w1"] == of["FXAAA7"])
        #expect(of["FXAAA8"] == of["FXAAA9"])
        #expect(Set(of.values).count == 6)
        let zoe = try #require(of["FXAAA6"])
        #expect(Set(people.candidates[zoe] ?? []) == Set([of["FXAAA4"], of["FXAAA5"]].compactMap { $0 }))
        // Staff say the one without a phone is the first Zoé; then that the second Awa is someone else.
        let decided = People(bookings: bookings, walkIns: walkIns, links: [PersonLink("FXAAA6", "FXAAA4", same: true, at: "")])
        #expect(decided.ofBooking["FXAAA6"] == decided.ofBooking["FXAAA4"])
        let apart = People(bookings: bookings, links: [PersonLink("FXAAA3", "FXAAA1", same: false, at: "")])
        #expect(apart.ofBooking["FXAAA3"] != apart.ofBooking["FXAAA1"] && apart.ofBooking["FXAAA1"] == apart.ofBooking["FXAAA2"])
        // Staff's "not the same" wins over a shared phone (a family's): two people; the record of that name
        // without a phone now fits either, so staff decide it too.
        let family = People(bookings: bookings, links: [PersonLink("FXAAA1", "FXAAA2", same: false, at: "")])
        #expect(family.ofBooking["FXAAA1"] != family.ofBooking["FXAAA2"])
        let awa = try #require(family.ofBooking["FXAAA3"])
        #expect(awa != family.ofBooking["FXAAA1"] && awa != family.ofBooking["FXAAA2"])
        #expect(Set(family.candidates[awa] ?? []) == Set(["FXAAA1", "FXAAA2"].compactMap { family.ofBooking[$0] }))
        // A namesake set apart is no longer offered as maybe the same; the other one still is.
        let setApart = People(bookings: bookings, links: [PersonLink("FXAAA6", "FXAAA4", same: false, at: "")])
        let candidates = setApart.candidates[try #require(setApart.ofBooking["FXAAA6"])] ?? []
        #expect(candidates == [try #require(setApart.ofBooking["FXAAA5"])], "\(candidates)")
    }

    // MARK: A year counted by hand

    /// A year of mixed records (2025), written to a data folder the way the kiosk and the commands write
    /// them; the figures the report must give are counted by hand in `handCount`.
    static func yearFolder() throws -> (folder: TemporaryFolder, data: DataFolder, catalogue: Catalogue, now: Date) {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let now = try #require(InstantParser.parse("2026-01-10T12:00:00+01:00"))
        let store = BookingStore(dataFolder: data)
        let walkIns = WalkInStore(dataFolder: data)
        // P6 at the general reception; P7 waits for Adie's permanence, is seen, then booked at the desk (R).
        let reception = try walkIns.add(firstName: "Sami", permanence: nil, site: "belle-beille", now: InstantParser.parse("2025-03-10T09:00:00+01:00")!)
        let permanence = try #require(catalogue.permanences.first { $0.partner == "adie" && $0.site == "belle-beille" })
        let waiting = try walkIns.add(firstName: "Lina", permanence: permanence, site: "belle-beille", now: InstantParser.parse("2025-03-10T09:05:00+01:00")!)
        try walkIns.setStatus(id: waiting.id, on: Self.day("2025-03-10"), to: .seen)
        _ = reception
        func make(_ reference: String, _ created: String, _ start: String, _ site: String, _ service: String, _ status: Booking.Status,
                  _ name: (String, String), phone: String? = nil, quartier: String? = nil, needs: [String], stage: String? = nil,
                  under26: String? = nil, walkIn: String? = nil) -> Booking {
            booking(reference, created: created, start: start, site: site, service: service, status: status, name: name, phone: phone,
                    quartier: quartier, needs: needs, stage: stage, under26: under26, walkIn: walkIn, catalogue: catalogue)
        }
        let bookings = [
            // P1, seen twice (same phone): financing, then a business.
            make(code("2025-02-10", "AAAC"), "2025-02-01", "2025-02-10", "belle-beille", "adie-microcredit", .seen, ("Awa", "Diallo"), phone: "+33611111111",
                 quartier: "belle-beille", needs: ["financing"], stage: "idea", under26: "yes"),
            make(code("2025-03-05", "AAAD"), "2025-03-01", "2025-03-05", "belle-beille", "initiative-pret-honneur", .seen, ("Awa", "Diallo"), phone: "+33611111111",
                 quartier: "belle-beille", needs: ["financing"], stage: "idea", under26: "yes"),
            // P2, no phone: the same name links the second booking.
            make(code("2025-05-10", "AAAE"), "2025-05-02", "2025-05-10", "monplaisir", "bge-conseiller", .seen, ("Marc", "Petit"), quartier: "hors-agglomeration",
                 needs: ["coaching"], stage: "project", under26: "no"),
            make(code("2025-09-08", "AAAF"), "2025-09-01", "2025-09-08", "monplaisir", "cci-formalites", .noShow, ("Marc", "Petit"), needs: ["formalities"]),
            // P3 booked before the year, seen in it.
            make(code("2025-01-06", "AAAG"), "2024-12-20", "2025-01-06", "grand-bellevue", "fondes-garantie", .seen, ("Zoé", "Martin"), phone: "+33622222222",
                 quartier: "grand-bellevue", needs: ["financing"], stage: "young-business", under26: "yes"),
            // P4, another Zoé Martin (another phone); P5, a Zoé Martin without a phone: which one, staff decide.
            make(code("2025-07-07", "AAAH"), "2025-07-01", "2025-07-07", "monplaisir", "adie-accompagnement", .excused, ("Zoé", "Martin"), phone: "+33633333333",
                 quartier: "monplaisir", needs: ["coaching"]),
            make(code("2025-08-04", "AAAJ"), "2025-08-01", "2025-08-04", "belle-beille", "bge-conseiller", .booked, ("Zoe", "Martin"), needs: ["coaching"]),
            // P7, booked at the desk for the walk-in.
            make(code("2025-03-17", "AAAK"), "2025-03-10", "2025-03-17", "belle-beille", "adie-microcredit", .seen, ("Lina", "Haddad"), phone: "+33644444444",
                 quartier: "la-roseraie", needs: ["financing"], stage: "idea", under26: "no", walkIn: waiting.id),
        ]
        for (month, records) in Dictionary(grouping: bookings, by: { $0.start.day.firstOfMonth }) {
            try store.replaceMonth(of: month, with: records)
        }
        func visit(_ date: String, _ site: String, _ answers: VisitorAnswers, proposals: [String], booked: String? = nil) -> Visit {
            Visit(site: site, date: Self.day(date), answers: answers, proposals: proposals, bookedService: booked,
                  bookedPartner: booked.flatMap { catalogue.service($0)?.partner.id })
        }
        let visits = VisitStore(dataFolder: data)
        try visits.record(visit("2025-02-01", "belle-beille", VisitorAnswers(quartier: "belle-beille", needs: ["financing"]),
                                proposals: ["adie-microcredit"], booked: "adie-microcredit"))
        try visits.record(visit("2025-04-02", "monplaisir", VisitorAnswers(quartier: "savary-giran", stage: .given(.idea), under26: .given(true),
                                                                         needs: ["networking", "premises"]), proposals: ["reseaux-soiree"]))
        try visits.record(visit("2025-10-05", "grand-bellevue", VisitorAnswers(quartier: "ne-sait-pas", needs: ["youth"]), proposals: []))
        try visits.record(visit("2024-12-30", "grand-bellevue", VisitorAnswers(quartier: "monplaisir", needs: ["coaching"]), proposals: []))
        let outcomes = OutcomeStore(dataFolder: data)
        func record(_ reference: String, _ draft: OutcomeDraft) throws -> Outcome {
            let found = try #require(try store.find(reference: reference), "\(reference)")
            return try outcomes.record(draft, for: found, catalogue: catalogue, now: now)
        }
        _ = try record(code("2025-03-05", "AAAD"), OutcomeDraft(kind: .financing, date: Self.day("2025-04-01"), financing: .honourLoan, amountEuros: 8000))
        _ = try record(code("2025-03-05", "AAAD"), OutcomeDraft(kind: .businessCreated, date: Self.day("2025-06-15"), legalForm: .sasu))
        _ = try record(code("2025-05-10", "AAAE"), OutcomeDraft(kind: .oriented, date: Self.day("2025-05-20"), partner: "cma"))
        _ = try record(code("2025-01-06", "AAAG"), OutcomeDraft(kind: .financing, date: Self.day("2025-02-01"), financing: .guarantee))
        _ = try record(code("2025-05-10", "AAAE"), OutcomeDraft(kind: .paused, date: Self.day("2026-01-05")))
        let mistake = try record(code("2025-01-06", "AAAG"), OutcomeDraft(kind: .businessCreated, date: Self.day("2025-07-01")))
        _ = try outcomes.withdraw(id: mistake.id, now: now)
        return (folder, data, catalogue, now)
    }

    static func report(_ data: DataFolder, _ catalogue: Catalogue, site: String? = nil) throws -> FunnelReport {
        try PersonDirectory(dataFolder: data).report(from: day("2025-01-01"), to: day("2025-12-31"), site: site, catalogue: catalogue,
                                                     visits: VisitStore(dataFolder: data))
    }

    @Test("a year of mixed records gives the figures counted by hand; purge leaves them identical")
    func handCount() throws {
        let (folder, data, catalogue, _) = try Self.yearFolder()
        _ = folder
        let report = try Self.report(data, catalogue)
        // Reached: P1 P2 P3 P4 P5, P6 (reception), P7 (walk-in and desk booking), two kiosk journeys without booking.
        #expect(report.reached.total == 9)
        #expect(report.reached.byQuartierKind == ["qpv": 5, "other": 1, "unknown": 3])
        #expect(report.reached.bySite == ["belle-beille": 4, "monplaisir": 3, "grand-bellevue": 2])
        #expect(report.reached.under26 == 3)
        #expect(report.reached.byStage == ["idea": 3, "project": 1, "young-business": 1, "unknown": 4])
        #expect(report.oriented.total == 6 && report.oriented.byQuartierKind == ["qpv": 4, "other": 1, "unknown": 1])
        #expect(report.oriented.bySite == ["belle-beille": 3, "monplaisir": 2, "grand-bellevue": 1] && report.oriented.under26 == 2)
        #expect(report.oriented.byStage == ["idea": 2, "project": 1, "young-business": 1, "unknown": 2])
        #expect(report.received.total == 4 && report.received.byQuartierKind == ["qpv": 3, "other": 1])
        #expect(report.received.bySite == ["belle-beille": 2, "monplaisir": 1, "grand-bellevue": 1] && report.received.under26 == 2)
        #expect(report.accompanied.total == 2 && report.accompanied.bySite == ["belle-beille": 1, "grand-bellevue": 1])
        #expect(report.accompanied.byStage == ["idea": 1, "young-business": 1])
        #expect(report.businessesCreated.total == 1 && report.businessesCreated.byQuartierKind == ["qpv": 1])
        #expect(report.financingObtained.total == 2 && report.financingObtained.under26 == 2)
        #expect(report.financingTotalEuros.total == 8000 && report.financingTotalEuros.bySite == ["belle-beille": 8000, "grand-bellevue": 0])
        let partners = Dictionary(uniqueKeysWithValues: report.byPartner.map { ($0.partner, $0) })
        #expect(partners["adie"].map { [$0.oriented, $0.received, $0.accompanied] } == [3, 2, 0])
        #expect(partners["bge"].map { [$0.oriented, $0.received] } == [2, 1])
        #expect(partners["cci"]?.oriented == 1 && partners["cma"]?.oriented == 1)
        #expect(partners["fondes"].map { [$0.oriented, $0.received, $0.accompanied, $0.financingObtained, $0.financingTotalEuros] } == [1, 1, 1, 1, 0])
        #expect(partners["initiative"].map { [$0.oriented, $0.received, $0.accompanied, $0.businessesCreated, $0.financingObtained,
                                               $0.financingTotalEuros] } == [1, 1, 1, 1, 1, 8000])
        let needs = Dictionary(uniqueKeysWithValues: report.byNeed.map { ($0.need, [$0.asked, $0.oriented, $0.unmet]) })
        #expect(needs == ["financing": [2, 2, 0], "coaching": [3, 3, 0], "formalities": [1, 1, 0], "networking": [1, 0, 0],
                          "premises": [1, 0, 1], "youth": [1, 0, 1]])
        #expect(report.byFinancing.filter { $0.count > 0 }.map { "\($0.kind.rawValue) \($0.count) \($0.euros)" } == ["honour-loan 1 8000", "guarantee 1 0"])
        // One place: only what happened at Belle-Beille.
        let here = try Self.report(data, catalogue, site: "belle-beille")
        #expect(here.reached.total == 4 && here.received.total == 2 && here.financingTotalEuros.total == 8000)

        // Staff say the Zoé Martin without a phone is the Monplaisir one: one person fewer.
        try PersonLinkStore(dataFolder: data).decide(Self.code("2025-08-04", "AAAJ"), Self.code("2025-07-07", "AAAH"), same: true, now: Date())
        let linked = try Self.report(data, catalogue)
        #expect(linked.reached.total == 8 && linked.reached.byQuartierKind == ["qpv": 5, "other": 1, "unknown": 2])
        #expect(linked.reached.bySite == ["belle-beille": 3, "monplaisir": 3, "grand-bellevue": 2])
        let linkedHere = try Self.report(data, catalogue, site: "belle-beille")

        // The purge erases every name and phone of 2025 and keeps every figure.
        let links = try PersonLinkStore(dataFolder: data).links()
        let erased = try BookingStore(dataFolder: data).purge(before: Self.day("2026-01-01"), links: links)
        #expect(erased == 8)
        #expect(try WalkInStore(dataFolder: data).purge(before: Self.day("2026-01-01")) == 2)
        let after = try BookingStore(dataFolder: data).bookings(from: Self.day("2024-12-01"), to: Self.day("2025-12-31"))
        #expect(after.allSatisfy { $0.firstName.isEmpty && $0.phone == nil })
        #expect(try Self.report(data, catalogue) == linked)
        #expect(try Self.report(data, catalogue, site: "belle-beille") == linkedHere)
    }

    @Test("an outcome leaves the figures while its appointment is no longer marked seen, and comes back with it")
    func outcomesFollowTheStatus() throws {
        let (folder, data, catalogue, _) = try Self.yearFolder()
        _ = folder
        let before = try Self.report(data, catalogue)
        let store = BookingStore(dataFolder: data)
        let loanCode = Self.code("2025-03-05", "AAAD")
        var booking = try #require(try store.find(reference: loanCode))
        func setStatus(_ status: Booking.Status) throws {
            booking.status = status
            let month = try store.bookings(inMonthOf: booking.start.day).map { $0.reference == booking.reference ? booking : $0 }
            try store.replaceMonth(of: booking.start.day, with: month)
        }
        try setStatus(.noShow)
        let mistaken = try Self.report(data, catalogue)
        #expect(mistaken.financingTotalEuros.total == 0 && mistaken.businessesCreated.total == 0, "the loan and business followed that meeting")
        #expect(mistaken.accompanied.total < before.accompanied.total)
        try setStatus(.seen)
        #expect(try Self.report(data, catalogue) == before)
    }
}
