import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// A one-site catalogue with the given permanences (JSON objects) and closures.
func catalogue(permanences: [String], sessions: [String] = [], closures: [String] = []) throws -> Catalogue {
    let decoder = JSONDecoder()
    func list<T: Decodable>(_ items: [String], as type: T.Type) throws -> [T] {
        try items.map { try decoder.decode(T.self, from: Data($0.utf8)) }
    }
    let site = try decoder.decode(Site.self, from: Data("""
        {"id": "s", "name": "S", "venue": "v", "address": {"street": "1 rue", "postalCode": "49000", "commune": "Angers"}, "offers": []}
        """.utf8))
    return Catalogue(sites: [site], quartiers: [], needs: [], partners: [],
                     permanences: try list(permanences, as: Permanence.self),
                     sessions: try list(sessions, as: GroupSession.self),
                     closures: try list(closures, as: Closure.self))
}

func permanence(_ id: String = "p", recurrence: String, start: String, end: String, slot: Int,
                from: String = "2017-01-01", until: String = "null", cancelled: String = "[]") -> String {
    """
    {"id": "\(id)", "partner": "x", "services": ["x-s"], "site": "s", "recurrence": \(recurrence),
     "start": "\(start)", "end": "\(end)", "slotMinutes": \(slot), "capacity": 1,
     "validFrom": "\(from)", "validUntil": \(until == "null" ? "null" : "\"\(until)\""), "cancelled": \(cancelled)}
    """
}

/// The date written in `text`, failing the test when it is not one.
func day(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

let everyDay = #"{"frequency": "weekly", "weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]}"#

/// The UTC offset in hours of an instant in Paris.
func parisOffset(_ date: Date) -> Int { ICUParis.timeZone.secondsFromGMT(for: date) / 3600 }

@Suite("Slots from permanence rules")
struct ScheduleTests {
    @Test("a 9:00 permanence stays at 9:00 wall-clock across both daylight-saving changes",
          arguments: [("2017-03-25", 3), ("2017-10-28", 3), ("2026-03-28", 3), ("2026-10-24", 3)])
    func daylightSaving(first: String, days: Int) throws {
        let schedule = Schedule(catalogue: try catalogue(permanences: [permanence(recurrence: everyDay, start: "09:00", end: "10:00", slot: 60)]))
        let slots = schedule.slots(from: try day(first), days: days)
        #expect(slots.count == days)
        for slot in slots {
            let wall = ICUParis.calendar.dateComponents([.hour, .minute], from: slot.startInstant)
            #expect(wall.hour == 9 && wall.minute == 0, "\(slot.id)")
            #expect(slot.endInstant.timeIntervalSince(slot.startInstant) == 3600)
        }
        // The offsets change across the weekend: before and after differ by one hour.
        #expect(parisOffset(slots[0].startInstant) != parisOffset(slots[2].startInstant))
        // Consecutive 9:00 slots are 23 or 25 hours apart on the day of the change, never a fixed 24.
        let gaps = zip(slots, slots.dropFirst()).map { $1.startInstant.timeIntervalSince($0.startInstant) / 3600 }
        #expect(gaps.contains(23) || gaps.contains(25))
    }

    @Test("a slot across the night of the change lasts its real length")
    func slotAcrossTheChange() throws {
        let schedule = Schedule(catalogue: try catalogue(permanences: [permanence(recurrence: everyDay, start: "01:00", end: "04:00", slot: 180)]))
        let spring = try #require(schedule.slots(from: try day("2026-03-29"), days: 1).first)
        let autumn = try #require(schedule.slots(from: try day("2026-10-25"), days: 1).first)
        #expect(spring.endInstant.timeIntervalSince(spring.startInstant) == 2 * 3600)
        #expect(autumn.endInstant.timeIntervalSince(autumn.startInstant) == 4 * 3600)
    }

    @Test("a permanence ending at midnight gives its last slot up to 24:00")
    func endsAtMidnight() throws {
        let schedule = Schedule(catalogue: try catalogue(permanences: [permanence(recurrence: everyDay, start: "22:00", end: "24:00", slot: 60)]))
        let slots = schedule.slots(from: try day("2026-12-31"), days: 1)
        #expect(slots.map(\.id) == ["p/2026-12-31T22:00", "p/2026-12-31T23:00"])
        let last = try #require(slots.last)
        #expect(LocalDate(last.endInstant) == LocalDate("2027-01-01"))
        #expect(last.endInstant == InstantParser.parse("2027-01-01T00:00:00"))
    }

    @Test("29 February, validity that starts and stops mid-month, cancelled dates and closures")
    func calendarEdges() throws {
        let schedule = Schedule(catalogue: try catalogue(
            permanences: [permanence(recurrence: #"{"frequency": "weekly", "weekdays": ["thursday"]}"#, start: "09:00", end: "10:00",
                                     slot: 30, from: "2024-02-14", until: "2024-03-20", cancelled: #"["2024-03-07"]"#)],
            closures: [#"{"from": "2024-03-14", "kind": "public-holiday", "name": "x"}"#]))
        let days = Set(schedule.slots(from: try day("2024-02-01"), days: 60).map(\.date.description))
        #expect(days == ["2024-02-15", "2024-02-22", "2024-02-29"])
        #expect(schedule.slots(from: try day("2024-02-29"), days: 1).map(\.start.description) == ["09:00", "09:30"])
    }

    @Test("slot ids are stable and find their slot again")
    func stableIDs() throws {
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let schedule = Schedule(catalogue: catalogue)
        let slots = schedule.slots(from: try day("2026-11-30"), days: 14)
        #expect(!slots.isEmpty)
        #expect(Set(slots.map(\.id)).count == slots.count)
        for slot in slots {
            #expect(schedule.slot(id: slot.id) == slot)
        }
        #expect(schedule.slot(id: "adie-belle-beille/2026-12-01T09:00")?.site == "belle-beille")
        #expect(schedule.slot(id: "adie-belle-beille/2026-12-01T09:15") == nil)
        #expect(schedule.slot(id: "nonsense") == nil)
        // Group sessions are slots too, with their seats.
        #expect(schedule.slot(id: "bge-ri-2026-12-03/2026-12-03T14:00")?.capacity == 12)
        // Christmas Day and the example end-of-year closure have no slots.
        #expect(schedule.slots(from: try day("2026-12-24"), days: 9).isEmpty)
    }

    @Test("filters by site and service; slots come in start order")
    func filters() throws {
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let from = try day("2026-11-30")
        let microcredit = schedule.slots(from: from, days: 14, service: "adie-microcredit")
        #expect(!microcredit.isEmpty)
        #expect(microcredit.allSatisfy { $0.partner == "adie" && $0.services.contains("adie-microcredit") })
        #expect(Set(microcredit.map(\.site)) == ["belle-beille", "grand-bellevue"])
        let here = schedule.slots(from: from, days: 14, site: "monplaisir")
        #expect(here.allSatisfy { $0.site == "monplaisir" })
        #expect(zip(here, here.dropFirst()).allSatisfy { $0.startInstant <= $1.startInstant })
    }

    @Test("a partner's absence removes its slots on those days, at the places named")
    func absences() throws {
        let decoder = JSONDecoder()
        let base = try CatalogueFixture.defaultCatalogue()
        let absence = try decoder.decode(PartnerAbsence.self, from: Data(#"{"partner": "adie", "from": "2026-12-01", "sites": ["belle-beille"]}"#.utf8))
        let catalogue = Catalogue(sites: base.sites, quartiers: base.quartiers, needs: base.needs, partners: base.partners,
                                  permanences: base.permanences, sessions: base.sessions, closures: base.closures,
                                  absences: [absence], rules: base.rules)
        let schedule = Schedule(catalogue: catalogue)
        let from = try day("2026-11-30")
        let adie = schedule.slots(from: from, days: 14, service: "adie-microcredit").map(\.id)
        #expect(!adie.contains("adie-belle-beille/2026-12-01T09:00"))
        #expect(adie.contains("adie-belle-beille/2026-12-08T09:00"))
        #expect(adie.contains("adie-grand-bellevue/2026-12-03T14:00"))
        #expect(schedule.slot(id: "adie-belle-beille/2026-12-01T09:00") == nil)
    }
}
