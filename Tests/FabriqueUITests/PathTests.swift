import FabriqueCore
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

/// A person's path in staff mode: an outcome corrected, then withdrawn; a namesake confirmed as the same person.
@Suite("A person's path at the staff desk")
struct PathTests {
    @Test("Enter corrects an outcome, W twice withdraws it, M says a namesake with another phone is the same person")
    func correctWithdrawLink() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let schedule = Schedule(catalogue: catalogue)
        let store = BookingStore(dataFolder: data)
        var zoe = try store.book(BookingRequest(slot: "initiative-belle-beille/2026-11-27T11:00", service: "initiative-pret-honneur",
                                                firstName: "Zoé", lastName: "Œuvray-Nguyễn", phone: "0612345678", consent: true,
                                                bookedAt: "belle-beille"), schedule: schedule, now: friday)
        let namesake = try store.book(BookingRequest(slot: "adie-belle-beille/2026-12-01T09:00", service: "adie-microcredit",
                                                     firstName: "ZOE", lastName: "OEUVRAY-NGUYEN", phone: "0699999999", consent: true,
                                                     bookedAt: "belle-beille"), schedule: schedule, now: friday)
        zoe.status = .seen
        try store.replaceMonth(of: zoe.start.day, with: [zoe])
        let loan = try OutcomeStore(dataFolder: data).record(OutcomeDraft(kind: .financing, date: zoe.start.day, financing: .honourLoan,
                                                                          amountEuros: 8000), for: zoe, catalogue: catalogue, now: friday)
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter, .character("h"))
        #expect(pilot.screen.contains("Parcours de Zoé Œuvray-Nguyễn · 06 12 34 56 78"), "\(pilot.screen)")
        #expect(pilot.screen.contains("Peut-être la même personne (même nom) :") && pilot.screen.contains("06 99 99 99 99"))

        // Correct: the form opens on what was recorded; 8 000 becomes 9 000.
        pilot.press(.down, .enter)
        #expect(pilot.screen.contains("Correction du résultat \(loan.id)"), "\(pilot.screen)")
        pilot.press(.enter, .enter, .backspace, .backspace, .backspace, .backspace)
        pilot.type("9000")
        pilot.press(.enter, .enter, .enter)
        #expect(pilot.screen.contains("Résultat enregistré.") && pilot.screen.contains("prêt d'honneur · 9 000 € · \(loan.id)"), "\(pilot.screen)")
        #expect(try OutcomeStore(dataFolder: data).outcome(id: loan.id)?.amountEuros == 9000)

        // Withdraw: the first W asks, the second does it.
        pilot.press(.down, .character("w"))
        #expect(pilot.screen.contains("W encore pour retirer ce résultat des chiffres."))
        #expect(try OutcomeStore(dataFolder: data).outcome(id: loan.id)?.counts == true)
        pilot.press(.character("w"))
        #expect(pilot.screen.contains("9 000 € (retiré)"), "\(pilot.screen)")
        #expect(try OutcomeStore(dataFolder: data).outcome(id: loan.id)?.counts == false)
        // A key other than W in between cancels the question.
        pilot.press(.character("w"), .down, .character("w"))
        #expect(!pilot.screen.contains("W encore"))

        // M on the namesake asks, a second M decides: one person, both appointments on the path.
        pilot.press(.down, .character("m"))
        #expect(pilot.screen.contains("M encore : \(namesake.reference) est bien la même personne."), "\(pilot.screen)")
        #expect(try PersonLinkStore(dataFolder: data).links().isEmpty)
        pilot.press(.character("m"))
        #expect(pilot.screen.contains(namesake.reference) && !pilot.screen.contains("Peut-être la même personne"), "\(pilot.screen)")
        #expect(pilot.screen.contains("Rendez-vous \(zoe.reference) et \(namesake.reference) : une même personne."), "\(pilot.screen)")
        let links = try PersonLinkStore(dataFolder: data).links()
        #expect(links.count == 1 && links.first?.same == true)
        // Undone the same way: M twice on that appointment of the path sets it apart again.
        // (The namesake's appointment, on 1 December, is the path's last line.)
        pilot.press(.end, .character("m"))
        #expect(pilot.screen.contains("M encore : \(namesake.reference) est une autre personne"), "\(pilot.screen)")
        pilot.press(.character("m"))
        // Set apart by staff: off the path, and no longer offered as maybe the same.
        #expect(pilot.screen.contains("Rendez-vous \(zoe.reference) et \(namesake.reference) : deux personnes."), "\(pilot.screen)")
        #expect(!pilot.screen.contains("01/12/2026") && !pilot.screen.contains("Peut-être la même personne"), "\(pilot.screen)")
        #expect(try PersonLinkStore(dataFolder: data).links().last?.same == false)
        let audit = try String(contentsOf: data.url.appendingPathComponent("audit.log"), encoding: .utf8)
        #expect(audit.contains("\"outcome-correct\"") && audit.contains("\"outcome-withdraw\"") && audit.contains("\"person-same\"")
                && audit.contains("\"person-not-same\""))
        // Esc goes back to the agenda it came from.
        pilot.press(.escape)
        #expect(pilot.screen.contains("Agenda du vendredi 27 novembre 2026"))
        _ = folder
    }

    @Test("O on an appointment not seen says why; the form checks a field when it is left")
    func outcomeFormRefusals() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let store = BookingStore(dataFolder: data)
        var zoe = try store.book(BookingRequest(slot: "initiative-belle-beille/2026-11-27T11:00", service: "initiative-pret-honneur",
                                                firstName: "Zoé", lastName: "Martin", consent: true, bookedAt: "belle-beille"),
                                 schedule: Schedule(catalogue: catalogue), now: friday)
        var pilot = try Pilot(dataFolder: data, now: friday, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter, .enter, .character("o"))
        #expect(pilot.screen.contains("n'est pas marqué vu (il est « réservé »)"), "\(pilot.screen)")
        zoe.status = .seen
        try store.replaceMonth(of: zoe.start.day, with: [zoe])
        pilot.press(.left, .right, .character("o"))
        // Business created: the SIRET is checked on Enter, the date too.
        for _ in 0..<6 { pilot.press(.down) }
        pilot.press(.enter, .enter)
        pilot.type("73282932000075")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Ce SIRET n'existe pas : sa clé (le dernier chiffre) ne correspond pas."), "\(pilot.screen)")
        for _ in 0..<14 { pilot.press(.backspace) }
        pilot.type("7328293200")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Un SIRET a 14 chiffres"), "\(pilot.screen)")
        for _ in 0..<10 { pilot.press(.backspace) }
        pilot.press(.enter)
        #expect(pilot.screen.contains("Date à laquelle"))
        for _ in 0..<10 { pilot.press(.backspace) }
        pilot.type("31/02/2026")
        pilot.press(.enter)
        #expect(pilot.screen.contains("Date à écrire JJ/MM/AAAA, par exemple 27/11/2026."), "\(pilot.screen)")
        for _ in 0..<10 { pilot.press(.backspace) }
        pilot.type("28/11/2026")
        pilot.press(.enter, .enter)
        #expect(pilot.screen.contains("Cette date est à venir"), "\(pilot.screen)")
        #expect(try OutcomeStore(dataFolder: data).all().isEmpty)
        _ = folder
    }
}
