import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Statistics and CSV")
struct StatisticsTests {
    /// A data set counted by hand: 10 visits, 8 bookings.
    func dataSet() throws -> (visits: [Visit], bookings: [Booking], catalogue: Catalogue) {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let day = try #require(LocalDate("2026-11-20"))
        func visit(_ site: String, _ quartier: String?, under26: Answer<Bool>, needs: [String], booked: String? = nil) -> Visit {
            Visit(site: site, date: day, answers: VisitorAnswers(quartier: quartier, under26: under26, needs: needs),
                  proposals: [], bookedService: booked, bookedPartner: booked.flatMap { catalogue.service($0)?.partner.id })
        }
        // QPV: monplaisir, la-roseraie, grand-bellevue (×2), belle-beille, savary-giran = 6 of 10.
        let visits = [
            visit("belle-beille", "monplaisir", under26: .given(true), needs: ["financing"], booked: "adie-microcredit"),
            visit("belle-beille", "la-roseraie", under26: .given(false), needs: ["financing", "coaching"]),
            visit("belle-beille", "hors-agglomeration", under26: .preferNotToSay, needs: ["premises"], booked: "aldev-local"),
            visit("monplaisir", "grand-bellevue", under26: .given(true), needs: ["coaching"], booked: "bge-conseiller"),
            visit("monplaisir", "ne-sait-pas", under26: .unanswered, needs: ["formalities"]),
            visit("monplaisir", "belle-beille", under26: .given(false), needs: ["financing"], booked: "adie-microcredit"),
            visit("grand-bellevue", "grand-bellevue", under26: .given(true), needs: ["youth"], booked: "bge-atelier-jeunes"),
            visit("grand-bellevue", "savary-giran", under26: .given(false), needs: ["networking"]),
            visit("grand-bellevue", "autre-quartier", under26: .given(false), needs: ["financing"]),
            visit("grand-bellevue", nil, under26: .unanswered, needs: ["training"]),
        ]
        func booking(_ site: String, _ partner: String, _ status: Booking.Status, needs: [String]) -> Booking {
            Booking(reference: "FY\(site.prefix(2).uppercased())\(status.rawValue.prefix(2).uppercased())", slot: "x", partner: partner,
                    service: "s", site: site, start: AppointmentStart(text: "2026-11-21T09:00:00+01:00")!, firstName: "A", lastName: "B", phone: nil,
                    email: nil, quartier: nil, needs: needs, bookedAt: site, createdAt: "", consentAt: "", status: status,
                    arrivedAt: nil, anonymised: nil)
        }
        let bookings = [
            booking("belle-beille", "adie", .seen, needs: ["financing"]), booking("belle-beille", "adie", .seen, needs: ["financing"]),
            booking("belle-beille", "aldev", .noShow, needs: ["premises"]), booking("monplaisir", "bge", .seen, needs: ["coaching"]),
            booking("monplaisir", "adie", .booked, needs: ["financing"]), booking("grand-bellevue", "bge", .seen, needs: ["youth", "coaching"]),
            booking("grand-bellevue", "bge", .excused, needs: ["coaching"]), booking("grand-bellevue", "cci", .revoked, needs: ["formalities"]),
        ]
        return (visits, bookings, catalogue)
    }

    @Test("totals and rows agree with a hand count")
    func handCount() throws {
        let (visits, bookings, catalogue) = try dataSet()
        let bySite = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: .site)
        #expect(bySite.totals.visits == 10 && bySite.totals.qpvVisits == 6 && bySite.totals.under26 == 3)
        #expect(bySite.totals.bookings == 8 && bySite.totals.seen == 4 && bySite.totals.noShow == 1)
        #expect(bySite.totals.qpvShare == 60.0 && bySite.totals.honouredRate == 80.0 && bySite.totals.noShowRate == 20.0)
        #expect(bySite.rows.map(\.key) == ["belle-beille", "monplaisir", "grand-bellevue"])
        let belleBeille = bySite.rows[0].figures
        #expect(belleBeille.visits == 3 && belleBeille.qpvVisits == 2 && belleBeille.bookings == 3)
        #expect(belleBeille.honouredRate == 66.7 && belleBeille.noShowRate == 33.3)
        let byNeed = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: .need)
        let financing = try #require(byNeed.rows.first { $0.key == "financing" }?.figures)
        #expect(financing.visits == 4 && financing.bookings == 3 && financing.seen == 2)
        let coaching = try #require(byNeed.rows.first { $0.key == "coaching" }?.figures)
        #expect(coaching.visits == 2 && coaching.bookings == 3)
        let byPartner = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: .partner)
        #expect(byPartner.rows.map(\.key) == ["adie", "bge", "cci", "aldev"])
        #expect(byPartner.rows.first?.figures.visits == 2 && byPartner.rows.first?.figures.bookings == 3)
        let byStatus = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: .status)
        #expect(byStatus.rows.map(\.key) == ["booked", "seen", "no-show", "excused", "revoked"])
        #expect(byStatus.rows.map(\.figures.bookings) == [1, 4, 1, 1, 1])
        let byQuartier = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: .quartier)
        #expect(byQuartier.rows.first { $0.key == "grand-bellevue" }?.figures.visits == 2)
        #expect(byQuartier.rows.last?.key == "-")
    }

    @Test("CSV cells: separator, quotes, and formulas neutralised")
    func csvCells() {
        #expect(CSV.cell("Zoé") == "Zoé")
        #expect(CSV.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.cell("+33612345678") == "'+33612345678")
        #expect(CSV.cell("-1") == "'-1")
        #expect(CSV.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSV.cell("a;b") == "\"a;b\"")
        #expect(CSV.number(66.7) == "66,7" && CSV.number(60) == "60" && CSV.number(nil) == "")
        let document = CSV.document(header: ["a", "b"], rows: [["1", "é"]])
        #expect(document.hasPrefix("\u{FEFF}a;b\r\n1;é\r\n"))
    }
}
