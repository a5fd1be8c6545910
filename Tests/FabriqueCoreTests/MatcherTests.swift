import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Ranking partner services for a visitor")
struct MatcherTests {
    let catalogue: Catalogue

    init() throws {
        catalogue = try CatalogueFixture.defaultCatalogue()
    }

    func ids(_ proposals: [Proposal]) -> [String] { proposals.map(\.service.id) }

    @Test("financing for a job seeker with a project: the three financing services, all open")
    func financing() {
        let answers = VisitorAnswers(quartier: "monplaisir", stage: .given(.project), situation: .given(.jobSeeker), needs: ["financing"])
        let proposals = Matcher.proposals(catalogue, for: answers)
        #expect(ids(proposals) == ["adie-microcredit", "fondes-garantie", "initiative-pret-honneur"])
        #expect(proposals.allSatisfy { $0.eligibility == .eligible && $0.answeredNeeds == ["financing"] })
    }

    @Test("services whose conditions are not met are not hidden: they come last with the reason")
    func notEligibleComeLast() {
        let answers = VisitorAnswers(stage: .given(.idea), under26: .given(false), needs: ["youth", "financing", "coaching"])
        let proposals = Matcher.proposals(catalogue, for: answers)
        let closed = proposals.drop { $0.isOpen }
        #expect(proposals.prefix { $0.isOpen }.count + closed.count == proposals.count)
        #expect(closed.allSatisfy { !$0.isOpen })
        #expect(closed.first { $0.service.id == "bge-atelier-jeunes" }?.eligibility == .notEligible([.age]))
        #expect(closed.first { $0.service.id == "adie-microcredit" }?.eligibility == .notEligible([.stage]))
        #expect(proposals.first?.isOpen == true)
    }

    @Test("a condition the visitor skipped is to be checked, not a refusal")
    func skippedQuestions() {
        let answers = VisitorAnswers(stage: .preferNotToSay, needs: ["financing"])
        let proposals = Matcher.proposals(catalogue, for: answers)
        #expect(proposals.count == 3)
        #expect(proposals.allSatisfy { $0.eligibility == .toCheck([.stage]) })
    }

    @Test("several needs: the first proposals together cover every need")
    func coverage() {
        let answers = VisitorAnswers(under26: .given(true), needs: ["premises", "networking", "youth"])
        let proposals = Matcher.proposals(catalogue, for: answers)
        let firstThree = Set(proposals.prefix(3).flatMap(\.answeredNeeds))
        #expect(firstThree == ["premises", "networking", "youth"])
        // Equal gains follow the order in which the needs were ticked.
        #expect(ids(Array(proposals.prefix(3))) == ["aldev-local", "reseaux-soiree", "bge-atelier-jeunes"])
        // The trial shop needs a project stage the visitor did not give: still offered, after.
        #expect(proposals.first { $0.service.id == "cci-boutique-essai" }?.eligibility == .toCheck([.stage]))
    }

    @Test("for every combination of needs and stages, a short prefix covers all that can be covered")
    func coverageProperty() {
        let needs = catalogue.needs.map(\.id)
        for mask in 1..<(1 << needs.count) {
            let ticked = needs.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
            for stage in [Answer<ProjectStage>.unanswered, .given(.idea), .given(.project), .given(.establishedBusiness)] {
                let answers = VisitorAnswers(stage: stage, under26: .given(mask % 2 == 0), needs: ticked)
                let proposals = Matcher.proposals(catalogue, for: answers)
                #expect(proposals == Matcher.proposals(catalogue, for: answers))
                #expect(proposals.allSatisfy { !$0.answeredNeeds.isEmpty })
                #expect(Set(proposals.map(\.service.id)).count == proposals.count)
                let coverable = Set(proposals.filter(\.isOpen).flatMap(\.answeredNeeds))
                var covered = Set<String>()
                var length = 0
                while covered != coverable, length < proposals.count {
                    covered.formUnion(proposals[length].answeredNeeds)
                    length += 1
                }
                #expect(covered == coverable)
                #expect(length <= ticked.count, "\(ticked) \(stage)")
                // Open ones first, then the others.
                #expect(proposals.drop { $0.isOpen }.allSatisfy { !$0.isOpen })
            }
        }
    }

    @Test("QPV residence is checked against the quartier chosen")
    func qpvResidence() throws {
        let audience = try JSONDecoder().decode(Audience.self, from: Data(#"{"qpvResident": true, "description": "x"}"#.utf8))
        func check(_ quartier: String?) -> Proposal.Eligibility {
            Matcher.eligibility(of: audience, for: VisitorAnswers(quartier: quartier), in: catalogue)
        }
        #expect(check("grand-pigeon") == .eligible)
        #expect(check("hors-agglomeration") == .notEligible([.qpvResidence]))
        #expect(check("autre-quartier") == .notEligible([.qpvResidence]))
        #expect(check("ne-sait-pas") == .toCheck([.qpvResidence]))
        #expect(check(nil) == .toCheck([.qpvResidence]))
    }
}
