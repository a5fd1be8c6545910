import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

@Suite("Booking store against a model of the rules")
struct BookingPropertyTests {
    /// A simple generator with a fixed seed, so that a failing run can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11 | state << 53
        }
    }

    /// What the rules say should happen, kept as plainly as possible.
    struct Model {
        struct Entry {
            let reference: String
            let person: String
            let slot: String
            let service: String
            var active: Bool
        }
        var entries: [Entry] = []
        let capacities: [String: Int]

        func expected(person: String, slot: String, service: String) -> BookingError? {
            if entries.filter({ $0.active && $0.slot == slot }).count >= capacities[slot, default: 0] { return .full }
            if let held = entries.first(where: { $0.active && $0.person == person && $0.service == service }) {
                return .alreadyBooked(held.reference)
            }
            return nil
        }
    }

    @Test("2,000 random bookings and cancellations agree with the model")
    func randomOperations() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let store = BookingStore(dataFolder: data)
        let now = try #require(InstantParser.parse("2026-11-27T10:00:00"))
        let slots: [(id: String, service: String)] = [
            ("adie-belle-beille/2026-12-01T09:00", "adie-microcredit"), ("adie-belle-beille/2026-12-01T10:30", "adie-microcredit"),
            ("adie-belle-beille/2026-12-08T09:00", "adie-accompagnement"), ("bge-monplaisir/2026-11-30T09:30", "bge-conseiller"),
            ("bge-ri-2026-12-10/2026-12-10T14:00", "bge-reunion-info"), ("reseaux-grand-bellevue/2026-12-17T18:00", "reseaux-soiree"),
        ]
        var model = Model(capacities: Dictionary(uniqueKeysWithValues: slots.map { ($0.id, schedule.slot(id: $0.id)?.capacity ?? 0) }))
        let people = ["Awa Diallo", "Léo Martin", "Inès Benali", "Tom Nguyen", "Sara Haddad", "Yanis Roux", "Lina Petit"]
        var rng = Generator(state: 42)
        var counts = (booked: 0, full: 0, already: 0, cancelled: 0)
        for step in 0..<2000 {
            if Int.random(in: 0..<10, using: &rng) < 7 || model.entries.isEmpty {
                let slot = slots[Int.random(in: 0..<slots.count, using: &rng)]
                let person = people[Int.random(in: 0..<people.count, using: &rng)]
                let names = person.split(separator: " ").map(String.init)
                let expected = model.expected(person: person, slot: slot.id, service: slot.service)
                let request = BookingRequest(slot: slot.id, service: slot.service, firstName: names[0], lastName: names[1],
                                             consent: true, bookedAt: "belle-beille")
                do {
                    let booking = try store.book(request, schedule: schedule, now: now)
                    #expect(expected == nil, "step \(step): booked \(booking.reference), expected \(String(describing: expected))")
                    model.entries.append(.init(reference: booking.reference, person: person, slot: slot.id, service: slot.service, active: true))
                    counts.booked += 1
                } catch {
                    #expect(error == expected, "step \(step)")
                    if error == .full { counts.full += 1 } else { counts.already += 1 }
                }
            } else {
                let index = Int.random(in: 0..<model.entries.count, using: &rng)
                if model.entries[index].active {
                    let cancelled = try store.cancel(reference: model.entries[index].reference, now: now)
                    #expect(cancelled?.status == .excused, "step \(step)")
                    counts.cancelled += 1
                    model.entries[index].active = false
                } else {
                    // Cancelled already: refused, and nothing changes.
                    #expect(throws: BookingError.statusRefused(.closed(.excused))) {
                        try store.cancel(reference: model.entries[index].reference, now: now)
                    }
                }
            }
        }
        let stored = try store.bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
            + store.bookings(inMonthOf: try #require(LocalDate("2026-11-01")))
        #expect(Set(stored.filter(\.isActive).map(\.reference)) == Set(model.entries.filter(\.active).map(\.reference)))
        #expect(stored.count == model.entries.count)
        print("property: 2000 operations: \(counts.booked) booked, \(counts.full) refused full, "
              + "\(counts.already) refused as already booked, \(counts.cancelled) cancelled; store and model agree")
        _ = folder
    }
}
