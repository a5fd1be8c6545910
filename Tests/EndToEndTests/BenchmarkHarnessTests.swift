import FabriqueTesting
import Foundation
import Testing

/// A tiny run of the benchmark harness (small data, two repetitions) so that it cannot rot.
/// Nothing is timed against a limit here: the figures are only checked to be there.
@Suite("Benchmark harness, tiny run")
struct BenchmarkHarnessTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("bench.py drives fabrique and dialog in a pseudo-terminal and reports every figure")
    func tinyRun() throws {
        let folder = try TemporaryFolder()
        let json = folder.path("results.json")
        let result = try CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), [
            "python3", Self.repository.appendingPathComponent("Benchmarks/bench.py").path,
            "--fabrique", BuiltProgram.fabrique.path, "--bench", BuiltProgram.bench.path,
            "--data", folder.path("data").path, "--reps", "2", "--months", "2", "--per-month", "40", "--upcoming", "40",
            "--json", json.path, "--plan-sizes", "10:12,20:30",
        ])
        // dialog and pyte are installed by .ci/run; without them this is a broken set-up, not a pass.
        try #require(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        let figures = rows.compactMap { $0["figure"] as? String }
        for expected in ["First frame, median", "Key ↓ to screen, median", "Filter letter to screen, bytes per key (median)",
                         "Booking commit p99 (vs floor p99)", "All slots, all partners, 8 weeks (p50)",
                         "Proposals for every combination of needs (p50)",
                         "Peak RSS through a full journey, first start on the history (months without digests read once)",
                         "Peak RSS through a full journey, a later start (months' digests on disk)",
                         "Plan, 20 partners, 30 permanences, 400 absences (p50, vs 10 partners)",
                         "First frame, catalogue of 20 partners, median (vs 10 partners)",
                         "Filter letter to screen, catalogue of 20 partners, median (vs 10 partners)",
                         "Funders' report of 2025, fresh process (vs `stats` of the same year)",
                         "A person's path by phone, fresh process (vs `find` of that phone)"] {
            #expect(figures.contains(expected), "\(expected)")
        }
        #expect(rows.allSatisfy { ($0["ours"] as? Double ?? 0) > 0 })
        #expect(result.standardOutput.contains("| First frame, median |"))
    }
}
