import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

/// Drives a pilot from the welcome screen to a named screen, answering as a visitor would.
func pilot(to step: String, language: Language = .fr, folder: DataFolder, size: Size = .minimum, watchCatalogue: Bool = false,
           settings: KioskSettings? = nil) throws -> Pilot {
    // Watching, the kiosk runs on the data folder's own catalogue, as the real one does.
    let own = watchCatalogue ? CatalogueLoader.load(from: folder.catalogueURL).catalogue : nil
    var pilot = try Pilot(settings: settings ?? KioskSettings(language: language), dataFolder: folder, now: friday, size: size,
                          catalogue: own, watchCatalogue: watchCatalogue)
    let steps = ["welcome", "quartier", "about", "needs", "plan", "slot", "contact", "confirmation"]
    guard let target = steps.firstIndex(of: step) else {
        switch step {
        case "help": pilot.press(.function(1))
        case "checkin": pilot.press(.character("2"))
        case "agenda": pilot.press(.character("3"))
        case "toosmall": pilot.send(.resize(Size(width: 70, height: 20)))
        case "exit": pilot.press(.function(12))
        case "service", "plan-confirmation":
            // The same visitor, then all about the plan's first step; or every step booked at once.
            pilot = try FabriqueUITests.pilot(to: "plan", language: language, folder: folder, size: size)
            if step == "service" {
                pilot.press(.character("d"))
            } else {
                pilot.press(.enter, .enter, .enter, .enter)
                pilot.type("Zoé")
                pilot.press(.tab)
                pilot.type("Œuvray-Nguyễn")
                giveConsent(&pilot)
        pilot.press(.enter)
            }
        default: Issue.record("unknown step \(step)")
        }
        return pilot
    }
    for index in 0..<target {
        switch steps[index] {
        case "welcome": pilot.press(.enter)
        case "quartier": pilot.type("bedier"); pilot.press(.enter)
        case "about": pilot.press(.character("2"), .character("1"), .character("2"))
        case "needs": pilot.press(.character("1"), .character("4"), .enter)
        case "plan":
            // The plan puts the nearest financing service first (Initiative France, this morning); the visitor
            // reads all about it (D) and chooses Adie's microloan instead, by its number among the alternatives.
            let alternatives = pilot.app.journey.plan?.steps.first?.alternatives ?? []
            let adie = (alternatives.firstIndex { $0.service.id == "adie-microcredit" } ?? 0) + 1
            pilot.press(.character("d"), .character(Character("\(adie)")), .enter)
        // The first slot for the first step; the second step (coaching) skipped; then the button.
        case "slot": pilot.press(.enter, .character(" "), .down, .enter)
        case "contact": fillContact(&pilot)
        default: break
        }
    }
    return pilot
}

/// Types "Zoé" and "Martin" in the contact form's first two fields.
func typeZoeMartin(_ pilot: inout Pilot) {
    pilot.type("Zoé")
    pilot.press(.tab)
    pilot.type("Martin")
}

/// From the contact form's last-name field: ticks the consent box and moves to « Réserver ».
func giveConsent(_ pilot: inout Pilot) {
    pilot.press(.tab, .tab, .tab, .character(" "), .tab)
}

/// Fills the contact form as Zoé Œuvray-Nguyễn, gives consent and books.
func fillContact(_ pilot: inout Pilot) {
    pilot.type("Zoé")
    pilot.press(.tab)
    pilot.type("Œuvray-Nguyễn")
    pilot.press(.tab)
    pilot.type("06 12 34 56 78")
    pilot.press(.tab, .tab, .character(" "), .tab, .enter)
}

@Suite("The visitor's journey, in memory")
struct JourneyTests {
    @Test("every screen in French and English at 80×24 matches its snapshot",
          arguments: ["welcome", "quartier", "about", "needs", "plan", "slot", "contact", "confirmation",
                      "checkin", "agenda", "help", "exit", "service", "plan-confirmation"], Language.allCases)
    func snapshots(step: String, language: Language) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let pilot = try pilot(to: step, language: language, folder: data)
        // The booking code is random: the confirmation snapshot shows it as XXXXXX.
        var text = pilot.screen
        if step == "confirmation", let booking = try BookingStore(dataFolder: data).bookings(inMonthOf: LocalDate("2026-12-01")!).first {
            text = text.replacingOccurrences(of: booking.reference, with: "XXXXXX")
        }
        if step == "plan-confirmation", let code = try BookingStore(dataFolder: data).bookings(inMonthOf: LocalDate("2026-12-01")!).first?.plan {
            text = text.replacingOccurrences(of: code, with: "XXXXXX")
        }
        let mismatch = Snapshot.mismatch(text, named: "journey-\(step)-\(language.rawValue)-80x24")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        _ = folder
    }

    @Test("the journey screens at a larger size", arguments: ["quartier", "needs", "plan", "slot", "contact"])
    func largerSnapshots(step: String) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let pilot = try pilot(to: step, folder: data, size: Size(width: 110, height: 34))
        let mismatch = Snapshot.mismatch(pilot.screen, named: "journey-\(step)-fr-110x34")
        #expect(mismatch == nil, "\(mismatch ?? "")")
        _ = folder
    }

    @Test("the whole journey books the slot in the store, writes the ticket and returns to Welcome")
    func wholeJourney() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "confirmation", folder: data)
        let bookings = try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
        let booking = try #require(bookings.first)
        #expect(bookings.count == 1)
        #expect(booking.slot == "adie-belle-beille/2026-12-01T09:00")
        #expect(booking.firstName == "Zoé" && booking.lastName == "Œuvray-Nguyễn")
        #expect(booking.phone == "+33612345678")
        #expect(booking.quartier == "bedier-beauval-morellerie")
        // A booking records the needs it is for: coaching, the plan's other step, was skipped.
        #expect(booking.needs == ["financing"])
        #expect(pilot.screen.contains("Votre code de rendez-vous : \(booking.reference)"))
        #expect(pilot.screen.contains("mardi 1 décembre 2026 à 9 h"))
        let ticket = try String(contentsOf: folder.path("tickets/\(booking.reference).txt"), encoding: .utf8)
        #expect(ticket.contains("Pour : Zoé\n"))
        #expect(!ticket.contains("Œuvray"))
        #expect(ticket.contains("Quand : mardi 1 décembre 2026 à 9 h"))
        #expect(ticket.contains("Où : Belle-Beille, 8 rue André-Le Nôtre, 49000 Angers"))
        pilot.press(.enter)
        #expect(pilot.screen.contains("Bienvenue !"))
        #expect(pilot.app.journey == Journey())
    }

    @Test("the ticket goes to the print command on its standard input, in the visitor's language")
    func printCommand() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let printed = folder.path("printed.txt")
        let outputs = folder.path("outputs.txt")
        // The command notes where its own output goes: nowhere, so the ticket (a first name) never reaches the log.
        let command = "cat > '\(printed.path)'; one=$(readlink /proc/$$/fd/1); two=$(readlink /proc/$$/fd/2); "
            + "printf '%s\\n%s\\n' \"$one\" \"$two\" > '\(outputs.path)'"
        var pilot = try Pilot(settings: KioskSettings(printCommand: command), dataFolder: data, now: friday)
        pilot.press(.character("L"), .enter)
        pilot.type("roseraie")
        pilot.press(.enter, .character("5"), .character("6"), .character("3"), .character("2"), .enter, .enter, .enter)
        pilot.type("Léa")
        pilot.press(.tab)
        pilot.type("Ba")
        giveConsent(&pilot)
        pilot.press(.enter)
        // The printer runs off the input loop: its work is waited for here.
        #expect(pilot.eventually { pilot.log.entries.contains { $0.contains("sent to print command, status 0") } })
        let text = try String(contentsOf: printed, encoding: .utf8)
        #expect(text.hasPrefix("La Fabrique à entreprendre — your appointment\n"))
        #expect(text.contains("For: Léa\n"))
        #expect(text.contains("With: Finding premises — Aldev"))
        #expect(pilot.log.entries.contains { $0.contains("sent to print command, status 0") })
        #expect(try String(contentsOf: outputs, encoding: .utf8) == "/dev/null\n/dev/null\n")
    }

    @Test("every journey leaves an anonymous visit, booked or not; looking at the agenda does not")
    func visits() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var booked = try pilot(to: "confirmation", folder: data)
        booked.press(.enter)
        var abandoned = try Pilot(dataFolder: data, now: friday)
        abandoned.press(.enter)
        abandoned.type("roseraie")
        abandoned.press(.enter, .character("5"))
        abandoned.wait(seconds: 95)
        var browsing = try Pilot(dataFolder: data, now: friday)
        browsing.press(.character("3"), .escape)
        let visits = try VisitStore(dataFolder: data).visits(inMonthOf: try #require(LocalDate("2026-11-01")))
        #expect(visits.count == 2)
        #expect(visits.first?.quartier == "bedier-beauval-morellerie")
        #expect(visits.first?.stage == "project" && visits.first?.situation == "job-seeker" && visits.first?.under26 == "no")
        #expect(visits.first?.needs == ["financing", "coaching"])
        // The plan proposed Initiative France first for financing; the visitor chose Adie instead.
        #expect(visits.first?.proposals.first == "initiative-pret-honneur")
        #expect(visits.first?.bookedService == "adie-microcredit")
        #expect(visits.last?.quartier == "la-roseraie" && visits.last?.stage == "prefer-not-to-say")
        #expect(visits.last?.bookedService == nil && visits.last?.needs == [])
        let text = try String(contentsOf: folder.path("records/visits/2026-11.jsonl"), encoding: .utf8)
        #expect(!text.contains("Zoé") && !text.contains("reference"))
    }

    @Test("switching language keeps the answers")
    func languageKeepsAnswers() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data)
        pilot.type("Zoé")
        pilot.press(.function(2))
        #expect(pilot.screen.contains("Step 6 of 6 · Your details"))
        #expect(pilot.screen.contains("Zoé"))
        #expect(pilot.app.journey.answers.needs == ["financing", "coaching"])
        pilot.press(.escape)
        #expect(pilot.screen.contains("Financing → Adie — Professional microloan"))
        _ = folder
    }

    @Test("a slot taken meanwhile is refused and the next free ones offered, without retyping")
    func takenMeanwhile() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data)
        typeZoeMartin(&pilot)
        // Someone at another terminal takes the slot now.
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        _ = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit", firstName: "Ali",
                           lastName: "Ben", consent: true, bookedAt: "monplaisir"), schedule: schedule, now: friday)
        giveConsent(&pilot)
        pilot.press(.enter)
        #expect(pilot.screen.contains("Ce créneau vient d'être pris"))
        #expect(pilot.screen.contains("Étape 5 sur 6"))
        #expect(pilot.screen.contains("mardi 1 décembre · 9 h – 10 h 30"))
        #expect(pilot.screen.contains("▶   mardi 1 décembre · 10 h 30 – 12 h"))
        pilot.press(.enter)
        #expect(pilot.screen.contains("Zoé") && pilot.screen.contains("Martin"))
        pilot.press(.tab, .tab, .tab, .tab, .tab, .enter)
        let bookings = try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
        #expect(bookings.map(\.slot) == ["adie-belle-beille/2026-12-01T09:00", "adie-belle-beille/2026-12-01T10:30"])
        #expect(pilot.screen.contains("Votre code de rendez-vous"))
        _ = folder
    }

    @Test("a name or phone that holds a booking is never revealed: the kiosk books and flags the possible double to staff")
    func alreadyHeldRevealsNothing() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let held = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "adie-belle-beille/2026-12-08T09:00", service: "adie-microcredit", firstName: "Zoe",
                           lastName: "MARTIN", consent: true, bookedAt: "monplaisir"), schedule: schedule, now: friday)
        var pilot = try pilot(to: "contact", folder: data)
        typeZoeMartin(&pilot)
        giveConsent(&pilot)
        pilot.press(.enter)
        // Exactly what anyone else booking sees: the confirmation, nothing about the other booking.
        #expect(pilot.screen.contains("Votre code de rendez-vous"))
        #expect(!pilot.screen.contains("déjà"))
        #expect(!pilot.screen.contains(held.reference))
        let bookings = try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
        #expect(bookings.count == 2)
        #expect(bookings.first { $0.reference != held.reference }?.possibleDuplicateOf == held.reference)
        #expect(held.possibleDuplicateOf == nil)
        _ = folder
    }

    @Test("after the idle timeout, with a visible countdown, everything typed is gone")
    func idleTimeout() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data)
        pilot.type("Zoé")
        pilot.wait(seconds: 55)
        #expect(!pilot.screen.contains("retour à l'accueil"))
        pilot.wait(seconds: 10)
        #expect(pilot.screen.contains("Sans action, retour à l'accueil dans 25 s"))
        pilot.wait(seconds: 25)
        #expect(pilot.screen.contains("Bienvenue !"))
        #expect(!pilot.screen.contains("Zoé"))
        #expect(pilot.app.journey == Journey())
        pilot.press(.enter)
        #expect(pilot.screen.contains("Recherche :"))
        #expect(!pilot.screen.contains("bedier"))
        _ = folder
    }

    @Test("an answer that was slow to come (a records lock held elsewhere) gets the whole idle time to be read")
    func slowAnswerIsShown() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data)
        typeZoeMartin(&pilot)
        giveConsent(&pilot)
        pilot.sendAnsweredAfter(85, .key(.enter))
        #expect(pilot.screen.contains("Votre code de rendez-vous"))
        pilot.wait(seconds: 30)
        #expect(pilot.screen.contains("Votre code de rendez-vous"))
        pilot.wait(seconds: 65)
        #expect(pilot.screen.contains("Bienvenue !"))
        _ = folder
    }

    @Test("a booking that fails (records that cannot be written) says so and drops the keys typed while it was tried")
    func failedBookingDropsTypeAhead() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "contact", folder: data)
        typeZoeMartin(&pilot)
        giveConsent(&pilot)
        // The bookings' folder is a file: nothing can be written there.
        let records = data.url.appendingPathComponent("records")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        try Data().write(to: records.appendingPathComponent("bookings"))
        let barrier = pilot.app.inputBarrier
        pilot.press(.enter)
        #expect(pilot.screen.contains("La réservation n'a pas pu être enregistrée"))
        #expect(pilot.app.inputBarrier == barrier + 1)
        _ = folder
    }

    @Test("the countdown restarts with each key")
    func keysKeepTheVisitAlive() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "needs", folder: data)
        for _ in 0..<5 {
            pilot.wait(seconds: 80)
            pilot.press(.down)
        }
        #expect(pilot.screen.contains("Étape 3 sur 6"))
        _ = folder
    }

    @Test("check-in with the code records the arrival and shows a first name only")
    func checkIn() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let today = try #require(InstantParser.parse("2026-12-01T08:30:00"))
        let booking = try BookingStore(dataFolder: data).book(
            BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit", firstName: "Zoé",
                           lastName: "Œuvray-Nguyễn", consent: true, bookedAt: "belle-beille"), schedule: schedule, now: friday)
        var pilot = try Pilot(dataFolder: data, now: today)
        pilot.press(.character("2"))
        pilot.type("zzzzzz")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Aucun rendez-vous aujourd'hui avec ce code"))
        for _ in 0..<6 { pilot.press(.backspace) }
        pilot.type(booking.reference.lowercased())
        pilot.press(.enter)
        #expect(pilot.screen.contains("Bonjour Zoé ! Votre arrivée est enregistrée."))
        #expect(!pilot.screen.contains("Œuvray"))
        let stored = try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
        #expect(stored.first?.status == .arrived)
        pilot.press(.enter)
        #expect(pilot.screen.contains("Bienvenue !"))
        _ = folder
    }

    @Test("needs: at least one; the plan says why each step fits, and sends to the desk when nothing does")
    func needsAndPlan() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "needs", folder: data)
        pilot.press(.enter)
        #expect(pilot.screen.contains("Cochez au moins un besoin"))
        pilot.press(.character("1"), .character("8"), .enter)
        #expect(pilot.screen.contains("Financement → Initiative France"))
        #expect(pilot.screen.contains("vous aide pour :"))
        #expect(pilot.screen.contains("Prochain créneau : vendredi 27 novembre à 11 h, ici, à Belle-Beille"))
        // Under 26 was answered "no": the youth workshop is not for them, and nothing prepares for it.
        #expect(pilot.screen.contains("Pour « Jeunes entrepreneurs », rien ne vous correspond ici pour"))
        #expect(pilot.screen.contains("l'instant : parlez-en à l'accueil."))
        _ = folder
    }

    @Test("the plan's and the details' next free slot is one the step's slot list offers: not one the visitor's other chosen slot rules out")
    func nextSlotBesidesTheOtherChoice() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        // Adie's microloan chosen for the first step, and its first slot (1 December, 9 h); the plan then
        // focuses the second step, Adie's advice, whose own first slot is at the same hour.
        var pilot = try pilot(to: "slot", folder: data)
        pilot.press(.enter)
        #expect(pilot.screen.contains("Votre créneau : mardi 1 décembre à 9 h"), "\(pilot.screen)")
        #expect(!pilot.screen.contains("Prochain créneau : mardi 1 décembre à 9 h"), "\(pilot.screen)")
        let planned = try #require(pilot.screen.split(separator: "\n").last { $0.contains("Prochain créneau : ") }, "\(pilot.screen)")
        let when = try #require(planned.components(separatedBy: "Prochain créneau : ").last?.components(separatedBy: ",").first)
        pilot.press(.character("d"))
        #expect(pilot.screen.contains("Prochain créneau libre : \(when)"), "\(pilot.screen)")
        pilot.press(.escape, .enter)
        #expect(pilot.screen.contains("Votre créneau"), "\(pilot.screen)")
        let first = try #require(pilot.screen.split(separator: "\n").first { $0.contains("▶") })
        // `mardi 1 décembre à 10 h 30` on the plan, `mardi 1 décembre · 10 h 30 – 12 h` in the list.
        let parts = when.components(separatedBy: " à ")
        #expect(parts.count == 2 && first.contains(parts[0] + " · " + parts[1] + " –"), "plan: \(when); list: \(first)")
        _ = folder
    }

    @Test("the plan's next free slot is the one of now: a slot that started while the visitor read is not offered")
    func nextSlotFollowsTheClock() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        var pilot = try pilot(to: "needs", folder: data)
        pilot.press(.character("1"), .character("8"), .enter)
        #expect(pilot.screen.contains("Prochain créneau : vendredi 27 novembre à 11 h, ici, à Belle-Beille"))
        // The visitor reads on, a key now and then, past 11 h.
        for _ in 0..<62 {
            pilot.jump(seconds: 60)
            pilot.press(.down, .up)
        }
        // That was Initiative France's only slot in the weeks shown: the plan now says so, as its slot list does.
        #expect(!pilot.screen.contains("vendredi 27 novembre à 11 h"))
        #expect(pilot.screen.contains("Pas de créneau libre ces prochaines semaines"), "\(pilot.screen)")
        pilot.press(.character("d"))
        #expect(pilot.screen.contains("Pas de créneau libre ces prochaines semaines"), "\(pilot.screen)")
        pilot.press(.escape, .enter)
        #expect(pilot.screen.contains("Aucun créneau libre pour ce service"), "\(pilot.screen)")
        _ = folder
    }
}
