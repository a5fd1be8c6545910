import FabriqueServices
import FabriqueTesting
import Foundation
import Glibc
import Synchronization
import Testing

@Suite("The print command's time limit")
struct PrintCommandTests {
    @Test("a command still running at the limit is stopped with everything it started, not only its shell")
    func stopsTheWholeCommand() throws {
        let folder = try TemporaryFolder()
        let ticket = folder.path("ticket.txt")
        try "ticket".write(to: ticket, atomically: true, encoding: .utf8)
        let marker = folder.path("sleeper").path
        // Not the last command of the line: the shell forks it instead of becoming it.
        let command = "sleep 300 & echo $! > '\(marker)'; wait; true"
        let ended = Mutex<Int32??>(nil)
        let started = Date()
        PrintCommand(command: command, timeLimit: 1, log: { _ in }).start(ticket: ticket, reference: "T") { status in
            ended.withLock { $0 = .some(status) }
        }
        while ended.withLock({ $0 }) == nil, Date().timeIntervalSince(started) < 20 { usleep(50_000) }
        #expect(ended.withLock { $0 } != nil, "the command was not stopped")
        #expect(Date().timeIntervalSince(started) < 10)
        let sleeper = try #require(pid_t(try String(contentsOfFile: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The sleeper is gone (or a zombie about to be reaped by init), not running on for five minutes.
        usleep(300_000)
        let state = (try? String(contentsOfFile: "/proc/\(sleeper)/stat", encoding: .utf8))?.split(separator: " ").dropFirst(2).first
        #expect(state == nil || state == "Z", "sleep \(sleeper) still running: \(state.map(String.init) ?? "")")
    }

    @Test("forty hung commands at once are each stopped near their limit: none waits behind another's wait")
    func manyHungCommands() throws {
        let folder = try TemporaryFolder()
        let ticket = folder.path("ticket.txt")
        try "ticket".write(to: ticket, atomically: true, encoding: .utf8)
        let stoppedAfter = Mutex<[Double]>([])
        let started = Date()
        for index in 0..<40 {
            PrintCommand(command: "sleep 300", timeLimit: 1, log: { _ in }).start(ticket: ticket, reference: "T\(index)") { _ in
                stoppedAfter.withLock { $0.append(Date().timeIntervalSince(started)) }
            }
        }
        while stoppedAfter.withLock({ $0.count }) < 40, Date().timeIntervalSince(started) < 90 { usleep(100_000) }
        let times = stoppedAfter.withLock { $0 }
        #expect(times.count == 40)
        // With each wait holding a thread of the shared queue, the timers ran one a second behind them
        // (the 40th after about 40 s); a loaded machine stays far below 20.
        #expect((times.max() ?? 99) < 20, "\(times)")
    }
}
