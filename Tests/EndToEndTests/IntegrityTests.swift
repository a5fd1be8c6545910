import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// Tests that try hard to break bookings: many writers at once, writers killed mid-write, broken files.
/// Each prints its figures.
@Suite("Booking integrity under contention, crashes and bad files", .serialized)
struct IntegrityTests {
    let fabrique = BuiltProgram.fabrique
    static let now = "2026-11-27T10:00:00"

    /// Gives the permanence `id` a capacity, in a data folder's catalogue.
    func setCapacity(_ capacity: Int, of id: String, in data: DataFolder) throws {
        let url = data.catalogueURL.appendingPathComponent("permanences.json")
        var text = try String(contentsOf: url, encoding: .utf8)
        let start = try #require(text.range(of: "\"id\": \"\(id)\""))
        let field = try #require(text.range(of: #""capacity": \d+"#, options: .regularExpression, range: start.upperBound..<text.endIndex))
        text.replaceSubrange(field, with: "\"capacity\": \(capacity)")
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Every bookings file parses, strictly and as records.
    func allRecordsParse(_ data: DataFolder) throws -> [Booking] {
        let folder = data.url.appendingPathComponent("records/bookings")
        var months = Set<LocalDate>()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasSuffix(".json") || name.hasSuffix(".jsonl") {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            if name.hasSuffix(".json") {
                _ = try JSONDocument(parsing: bytes)
            } else {
                // Every complete line parses; only a line a killed writer left without its end may not.
                let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
                for line in lines.dropLast() { _ = try JSONDocument(parsing: Data(line)) }
            }
            if let month = LocalDate(String(name.prefix(7)) + "-01") { months.insert(month) }
        }
        return try months.sorted().flatMap { try BookingStore(dataFolder: data).bookings(inMonthOf: $0) }
    }

    @Test("20 processes book the same 10 slots: exactly capacity bookings per slot, the others told it is full")
    func contention() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try setCapacity(2, of: "adie-belle-beille", in: data)
        try setCapacity(3, of: "mcte-belle-beille", in: data)
        let slots: [(id: String, capacity: Int)] = [
            ("adie-belle-beille/2026-12-01T09:00", 2), ("adie-belle-beille/2026-12-01T10:30", 2),
            ("mcte-belle-beille/2026-12-03T09:00", 3), ("mcte-belle-beille/2026-12-03T09:45", 3),
            ("mcte-belle-beille/2026-12-03T10:30", 3), ("mcte-belle-beille/2026-12-03T11:15", 3),
            ("bge-monplaisir/2026-11-30T09:30", 1), ("bge-monplaisir/2026-11-30T10:30", 1),
            ("bge-monplaisir/2026-11-30T11:30", 1), ("cci-monplaisir/2026-12-01T14:00", 1),
        ]
        let workers = 20
        let started = Date()
        var pids: [(pid_t, URL)] = []
        for worker in 0..<workers {
            // Each worker books the ten slots one after the other, as fast as it can.
            let output = folder.path("worker-\(worker).txt")
            var script = ""
            for (index, slot) in slots.enumerated() {
                script += "\(TmuxPane.shellQuote(fabrique.path)) book --data \(TmuxPane.shellQuote(data.url.path)) --now \(Self.now) "
                    + "--slot \(slot.id) --service \(try CatalogueFixture.firstService(ofSlot: slot.id)) --first-name Worker\(worker) --last-name Slot\(index) --consent --json > /dev/null 2>&1; "
                    + "echo \"\(index) $?\"; "
            }
            pids.append((try spawn(["/bin/sh", "-c", script], environment: ProcessInfo.processInfo.environment,
                                   standardOutput: output.path, standardError: folder.path("worker-\(worker).err").path), output))
        }
        var outcomes: [Int: [Int32]] = [:]
        for (pid, output) in pids {
            #expect(try waitForExit(pid) == 0)
            for line in try String(contentsOf: output, encoding: .utf8).split(separator: "\n") {
                let parts = line.split(separator: " ")
                if let index = Int(parts[0]), let status = Int32(parts[1]) { outcomes[index, default: []].append(status) }
            }
        }
        let seconds = Date().timeIntervalSince(started)
        let bookings = try allRecordsParse(data)
        for (index, slot) in slots.enumerated() {
            let statuses = outcomes[index] ?? []
            #expect(statuses.count == workers)
            #expect(statuses.filter { $0 == 0 }.count == slot.capacity, "\(slot.id): \(statuses)")
            #expect(statuses.filter { $0 == 75 }.count == workers - slot.capacity, "\(slot.id): \(statuses)")
            #expect(bookings.filter { $0.slot == slot.id && $0.isActive }.count == slot.capacity)
        }
        let capacity = slots.map(\.capacity).reduce(0, +)
        #expect(bookings.count == capacity)
        #expect(Set(bookings.map(\.reference)).count == bookings.count)
        print("contention: \(workers) processes × \(slots.count) slots = \(workers * slots.count) attempts in "
              + String(format: "%.2f", seconds) + " s; \(bookings.count) booked (capacity \(capacity)), "
              + "\(workers * slots.count - bookings.count) refused as full; every file parses")
    }

    @Test("a writer killed with SIGKILL at random moments, 100 times: files parse, acknowledged bookings stay")
    func crashes() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try setCapacity(1000, of: "reseaux-grand-bellevue", in: data)
        var acknowledged = Set<String>()
        var killedBeforeAnswer = 0
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<100 {
            let output = folder.path("out-\(attempt).txt")
            let pid = try spawn([fabrique.path, "book", "--data", data.url.path, "--now", Self.now,
                                 "--slot", "reseaux-grand-bellevue/2026-12-17T18:00",
                                 "--first-name", "Crash\(attempt)", "--last-name", "Test", "--consent", "--json"],
                                environment: ProcessInfo.processInfo.environment,
                                standardOutput: output.path, standardError: folder.path("err-\(attempt).txt").path)
            usleep(UInt32.random(in: 0...60_000, using: &generator))
            kill(pid, SIGKILL)
            _ = try waitForExit(pid)
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let match = printed.range(of: #""reference" : "([A-Z0-9]{6})""#, options: .regularExpression) {
                acknowledged.insert(String(printed[match].suffix(7).prefix(6)))
            } else {
                killedBeforeAnswer += 1
            }
            let references = Set(try allRecordsParse(data).map(\.reference))
            #expect(acknowledged.isSubset(of: references), "attempt \(attempt): lost \(acknowledged.subtracting(references))")
        }
        let stored = try allRecordsParse(data)
        print("crashes: 100 writers killed at random; \(acknowledged.count) had acknowledged their booking, "
              + "\(killedBeforeAnswer) were killed before answering; \(stored.count) bookings on disk, all files parse, "
              + "no acknowledged booking lost")
        #expect(Set(stored.map(\.reference)).count == stored.count)
    }

    @Test("processes booking plans that share slots, some killed at random: never a partial plan, never over capacity")
    func planContention() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try setCapacity(3, of: "aldev-monplaisir", in: data)
        try setCapacity(2, of: "bge-monplaisir", in: data)
        try setCapacity(2, of: "adie-belle-beille", in: data)
        let capacity = ["aldev-monplaisir/2026-11-27T14:00": 3, "bge-monplaisir/2026-11-30T09:30": 2,
                        "adie-belle-beille/2026-12-01T09:00": 2, "reseaux-grand-bellevue/2026-12-17T18:00": 15]
        // Three-appointment plans over two months, each sharing slots with the others.
        let plans = [["aldev-monplaisir/2026-11-27T14:00", "bge-monplaisir/2026-11-30T09:30", "reseaux-grand-bellevue/2026-12-17T18:00"],
                     ["aldev-monplaisir/2026-11-27T14:00", "adie-belle-beille/2026-12-01T09:00", "reseaux-grand-bellevue/2026-12-17T18:00"],
                     ["bge-monplaisir/2026-11-30T09:30", "adie-belle-beille/2026-12-01T09:00", "reseaux-grand-bellevue/2026-12-17T18:00"]]
        let workers = 18
        var generator = SystemRandomNumberGenerator()
        let started = Date()
        var pids: [(pid: pid_t, output: URL, killed: Bool)] = []
        for worker in 0..<workers {
            let output = folder.path("plan-\(worker).txt")
            // Each slot with its service, in the same order (two of them offer several).
            let slots = try plans[worker % plans.count].flatMap { ["--slot", $0, "--service", try CatalogueFixture.firstService(ofSlot: $0)] }
            let pid = try spawn([fabrique.path, "book", "--data", data.url.path, "--now", Self.now] + slots
                                + ["--first-name", "Plan\(worker)", "--last-name", "Worker", "--consent", "--json"],
                                environment: ProcessInfo.processInfo.environment,
                                standardOutput: output.path, standardError: folder.path("plan-\(worker).err").path)
            // One worker in three is killed at a random moment, as a terminal switched off mid-booking.
            let killed = worker % 3 == 2
            if killed {
                usleep(UInt32.random(in: 0...40_000, using: &generator))
                kill(pid, SIGKILL)
            }
            pids.append((pid, output, killed))
        }
        var acknowledged: [String] = []
        var full = 0
        for (pid, output, killed) in pids {
            let status = try waitForExit(pid)
            let printed = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if status == 0, let match = printed.range(of: #""plan" : "([A-Z0-9]{6})""#, options: .regularExpression) {
                acknowledged.append(String(printed[match].suffix(7).prefix(6)))
            } else if status == 75 {
                full += 1
            } else {
                #expect(killed, "status \(status): \(printed)")
            }
        }
        // A later writer takes back whatever a killed one left half-way.
        _ = try BookingStore(dataFolder: data).book(BookingRequest(slot: "mcte-belle-beille/2026-12-03T09:00", service: "mcte-information",
                                                                   firstName: "Last", lastName: "Writer", consent: true, bookedAt: "belle-beille"),
                                                    schedule: Schedule(catalogue: try CatalogueFixture.defaultCatalogue()),
                                                    now: try #require(InstantParser.parse(Self.now)))
        BookingStore.forgetReadMonths(in: data)
        let seconds = Date().timeIntervalSince(started)
        let bookings = try allRecordsParse(data).filter { $0.lastName == "Worker" }
        let byPlan = Dictionary(grouping: bookings) { $0.plan ?? "" }
        for (code, members) in byPlan {
            #expect(members.count == 3, "plan \(code) has \(members.count) bookings on disk")
        }
        for code in acknowledged { #expect(byPlan[code]?.count == 3, "acknowledged plan \(code) not whole on disk") }
        for (slot, limit) in capacity {
            #expect(bookings.filter { $0.slot == slot && $0.isActive }.count <= limit, "\(slot) over capacity")
        }
        #expect(!FileManager.default.fileExists(atPath: data.url.appendingPathComponent("records/bookings/plan-pending.json").path))
        print("contention: \(workers) processes booking 3-appointment plans over 4 shared slots, \(workers / 3) killed at random, in "
              + String(format: "%.2f", seconds) + " s: \(acknowledged.count) plans acknowledged, \(full) refused as full, "
              + "\(byPlan.count) plans on disk, each whole; no slot over capacity; every file parses")
        _ = folder
    }
}
