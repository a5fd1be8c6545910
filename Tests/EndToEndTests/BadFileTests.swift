import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The ways a hand-edited or damaged file goes wrong.
enum Mutation: CaseIterable {
    case truncate, flipByte, invalidUTF8, hugeNumber, wrongType, duplicateKey, deepNesting, deleteLine

    func apply(to original: Data, _ rng: inout SplitMix64) -> Data {
        var bytes = [UInt8](original)
        let text = String(decoding: original, as: UTF8.self)
        switch self {
        case .truncate:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case .flipByte:
            bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
        case .invalidUTF8:
            bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: Int.random(in: 0..<bytes.count, using: &rng))
        case .hugeNumber:
            let huge = ["1e999", "99999999999999999999999", "-9223372036854775809", "1.5", "-1"].randomElement(using: &rng) ?? "1e999"
            return Data(replacingRandom(#"(?<=: )\d+"#, in: text, with: huge, &rng).utf8)
        case .wrongType:
            let value = ["\"x\"", "[]", "{}", "null", "true", "0"].randomElement(using: &rng) ?? "null"
            return Data(replacingRandom(#"(?<=: )("[^"]*"|\d+|true|false|\[\s*\])"#, in: text, with: value, &rng).utf8)
        case .duplicateKey:
            var lines = text.components(separatedBy: "\n")
            let candidates = lines.indices.filter { lines[$0].contains("\": \"") && lines[$0].hasSuffix(",") }
            if let index = candidates.randomElement(using: &rng) { lines.insert(lines[index], at: index) }
            return Data(lines.joined(separator: "\n").utf8)
        case .deepNesting:
            let depth = Int.random(in: 400...5000, using: &rng)
            return Data((String(repeating: "[", count: depth) + text + String(repeating: "]", count: depth)).utf8)
        case .deleteLine:
            var lines = text.components(separatedBy: "\n")
            lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
            return Data(lines.joined(separator: "\n").utf8)
        }
        return Data(bytes)
    }

    private func replacingRandom(_ pattern: String, in text: String, with value: String, _ rng: inout SplitMix64) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let matches = regex.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard let match = matches.randomElement(using: &rng), let range = Range(match.range, in: text) else { return text }
        return text.replacingCharacters(in: range, with: value)
    }
}

@Suite("Bad files: mutated catalogue and records files")
struct BadFileTests {
    let fabrique = BuiltProgram.fabrique

    @Test("1,000 mutated files: each broken one is named with its place, exits non-zero, and nothing is overwritten")
    func mutations() throws {
        let seed = UInt64(ProcessInfo.processInfo.environment["FABRIQUE_FUZZ_SEED"] ?? "") ?? 20_261_127
        var rng = SplitMix64(state: seed)
        let (folder, data) = try CatalogueFixture.dataFolder()
        let now = try #require(InstantParser.parse("2026-11-27T10:00:00"))
        let schedule = Schedule(catalogue: try CatalogueFixture.defaultCatalogue())
        let store = BookingStore(dataFolder: data)
        for (index, slot) in ["adie-belle-beille/2026-12-01T09:00", "mcte-belle-beille/2026-12-03T09:00"].enumerated() {
            _ = try store.book(BookingRequest(slot: slot, service: schedule.slot(id: slot)?.services.first ?? "",
                                              firstName: "Seed\(index)", lastName: "Record", phone: "0612345678",
                                              consent: true, bookedAt: "belle-beille"), schedule: schedule, now: now)
        }
        // One booking folded into the month's snapshot, one more in its journal: both files are damaged in turn.
        try store.compact(monthOf: try #require(LocalDate("2026-12-01")))
        _ = try store.book(BookingRequest(slot: "adie-belle-beille/2026-12-01T10:30", service: "adie-microcredit",
                                          firstName: "Seed", lastName: "Journal", consent: true, bookedAt: "belle-beille"),
                           schedule: schedule, now: now)
        let recordsURLs = ["json", "jsonl"].map { data.url.appendingPathComponent("records/bookings/2026-12.\($0)") }
        let targets = CatalogueFile.allCases.map { data.catalogueURL.appendingPathComponent($0.fileName) } + recordsURLs
        let originals = try targets.map { try Data(contentsOf: $0) }
        var refused = 0, stillValid = 0, throughBinary = 0
        var byMutation: [String: Int] = [:]
        for round in 0..<1000 {
            let which = Int.random(in: 0..<targets.count, using: &rng)
            let mutation = Mutation.allCases.randomElement(using: &rng) ?? .truncate
            let mutated = mutation.apply(to: originals[which], &rng)
            try mutated.write(to: targets[which])
            defer { try? originals[which].write(to: targets[which]) }
            let context = "round \(round), seed \(seed), \(mutation) of \(targets[which].lastPathComponent)"
            let useBinary = round % 10 == 0

            if recordsURLs.contains(targets[which]) {
                // A booking on a damaged month file must stop with the file's place and leave it untouched.
                let request = BookingRequest(slot: "adie-belle-beille/2026-12-08T09:00", service: "adie-microcredit",
                                             firstName: "Fuzz\(round)", lastName: "Test", consent: true, bookedAt: "belle-beille")
                do {
                    let booking = try store.book(request, schedule: schedule, now: now)
                    stillValid += 1
                    _ = try store.cancel(reference: booking.reference, now: now)
                } catch .records(.unreadable(let problem)) {
                    refused += 1
                    byMutation["\(mutation)", default: 0] += 1
                    #expect(problem.file == targets[which].path, "\(context)")
                    #expect(try Data(contentsOf: targets[which]) == mutated, "\(context): a damaged file was overwritten")
                    if useBinary {
                        throughBinary += 1
                        let result = try CommandResult.run(fabrique, ["book", "--data", data.url.path, "--now", "2026-11-27T10:00:00",
                                                                      "--slot", request.slot, "--service", request.service, "--first-name", "Bin", "--last-name", "Test", "--consent"])
                        #expect(result.status == 74, "\(context): \(result.standardError)")
                        #expect(result.standardError.contains(targets[which].lastPathComponent + ":"), "\(context)")
                        #expect(try Data(contentsOf: targets[which]) == mutated, "\(context): overwritten by the command")
                    }
                } catch {
                    Issue.record("\(context): unexpected \(error)")
                }
                continue
            }

            let report = CatalogueLoader.load(from: data.catalogueURL)
            if report.isUsable {
                stillValid += 1
                continue
            }
            refused += 1
            byMutation["\(mutation)", default: 0] += 1
            #expect(!report.errors.isEmpty, "\(context)")
            // Every error names a file; all but a missing or unreadable file also name line and column.
            for problem in report.errors {
                #expect(problem.location != nil || problem.issue == .missingFile, "\(context): \(problem)")
            }
            #expect(try Data(contentsOf: targets[which]) == mutated, "\(context): the file was changed")
            if useBinary {
                throughBinary += 1
                let result = try CommandResult.run(fabrique, ["validate", "--data", data.url.path])
                #expect(result.status == 65, "\(context): \(result.standardOutput)")
                // The file named is where the loader found the error: a renamed need breaks partners.json.
                for problem in report.errors {
                    #expect(result.standardOutput.contains(URL(fileURLWithPath: problem.file).lastPathComponent), "\(context)")
                }
                #expect(!result.standardError.contains("Fatal error"), "\(context)")
            }
        }
        print("bad files: 1000 mutations (seed \(seed)): \(refused) refused with file, line and column, "
              + "\(stillValid) still valid after mutation, \(throughBinary) of them also run through the binary; "
              + "refusals by kind: \(byMutation.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))")
        #expect(refused > 600)
        _ = folder
    }
}
