import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// The hand-written stand-ins for Foundation functions the program no longer links, held to Foundation.
@Suite("Without Foundation: JSON output, decimals, system reasons, child processes")
struct SystemTextTests {
    @Test("JSONOutput writes what JSONSerialization wrote with sorted keys, pretty printed, slashes kept")
    func jsonLikeFoundation() throws {
        let values: [Any] = [
            ["b": 1, "a": "x/y", "c": [1, 2, 3], "d": ["z": true, "y": false], "e": JSONNull(), "f": 75.5, "g": 3.0],
            ["text": "quote \" backslash \\ line\nreturn\r tab\t bell\u{07} escape\u{1B} nul\u{0} é 👍🏽 क्षि"],
            ["empty": [String: Any](), "none": [Any](), "nested": [["k": [1.25, -0.5, 1e-7, 123456789.0]]]],
            [["id": "a"], ["id": "b"]],
        ]
        for value in values {
            let ours = try #require(JSONOutput.text(value))
            // Same value when read back as Foundation reads JSON.
            let reference = value is [Any] ? value : replacingNull(value)
            let foundation = try JSONSerialization.data(withJSONObject: reference, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            let ourTree = try JSONSerialization.jsonObject(with: Data(ours.utf8), options: [.fragmentsAllowed])
            let theirTree = try JSONSerialization.jsonObject(with: foundation, options: [.fragmentsAllowed])
            #expect(NSDictionary(dictionary: ["v": ourTree]).isEqual(to: ["v": theirTree]), "\(ours)")
            // And laid out the same, line for line, where there is no fraction (Foundation writes 75.5
            // and 1e-07 its own way; both read back the same).
            if !ours.contains(".") {
                #expect(ours == String(decoding: foundation, as: UTF8.self))
            }
        }
        #expect(JSONOutput.text(["a": Int32(-7), "b": UInt8(200), "c": Float(0.5)], pretty: false) == #"{"a":-7,"b":200,"c":0.5}"#)
        #expect(JSONOutput.text(["x": Double.nan]) == nil)
        #expect(JSONOutput.text(["x": Date()]) == nil)
        #expect(JSONOutput.text(["a": [1, 2]], pretty: false) == "{\"a\":[1,2]}")
    }

    @Test("keys are in JSONSerialization's order: numbers by value, case and accents after the letters")
    func keyOrderLikeFoundation() throws {
        var generator = SplitMix64(state: 25)
        let alphabet = ["a", "A", "b", "B", "e", "é", "É", "E", "z", "Z", "0", "1", "2", "9", "-", "_", " ", "."]
        for _ in 0..<1_000 {
            var keys = Set(["Zone10", "zone9", "zone-B", "adie-microcredit", "bge-belle-beille", "under26", "qpvShare"])
            while keys.count < 30 {
                let length = Int(generator.next() % 5) + 1
                keys.insert((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined())
            }
            var object: [String: Any] = [:]
            for key in keys { object[key] = 1 }
            let foundation = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
            #expect(JSONOutput.text(object, pretty: false) == foundation)
        }
    }

    private func replacingNull(_ value: Any) -> Any {
        switch value {
        case is JSONNull: return NSNull()
        case let object as [String: Any]: return object.mapValues(replacingNull)
        case let array as [Any]: return array.map(replacingNull)
        default: return value
        }
    }

    @Test("decimals are written as String(format:) wrote them, ties and all")
    func fixedLikeFormat() {
        var generator = SplitMix64(state: 15)
        var values: [Double] = [0, 0.05, 0.15, 0.25, 0.35, 1.005, 2.5, 75.45, 1e-9, 123456.789, -3.25, 1e300]
        for _ in 0..<2_000 { values.append(Double(generator.next() % 1_000_000) / 1_000 + Double(generator.next() % 100) / 1e6) }
        for value in values {
            for digits in [0, 1, 2, 3] {
                #expect(SystemText.fixed(value, digits: digits) == String(format: "%.\(digits)f", value), "\(value)")
            }
        }
        #expect(SystemText.padded(7, width: 2) == "07" && SystemText.padded(42, width: 2) == "42" && SystemText.padded(-3, width: 3) == "-03")
    }

    @Test("a file that cannot be read is explained with the system's words")
    func reasons() throws {
        let folder = try TemporaryFolder()
        let missing = folder.url.appendingPathComponent("absent.json")
        do {
            _ = try Data(contentsOf: missing)
            Issue.record("read a missing file")
        } catch {
            #expect(SystemText.reason(error) == String(cString: strerror(ENOENT)))
        }
        do {
            _ = try Data(contentsOf: folder.url)
            Issue.record("read a folder")
        } catch {
            #expect(SystemText.reason(error) == String(cString: strerror(EISDIR)), "\(error)")
        }
        #expect(SystemText.reason(POSIXError(.ENOSPC)) == String(cString: strerror(ENOSPC)))
        #expect(SystemText.isDirectory(folder.url.path) && !SystemText.isDirectory(missing.path))
        #expect(SystemText.homeDirectory().hasPrefix("/"))
    }

    @Test("a child process gets its input file, loses the parent's descriptors, and reports its status or signal")
    func childProcess() throws {
        let folder = try TemporaryFolder()
        let input = folder.url.appendingPathComponent("ticket.txt")
        try "ticket\n".write(to: input, atomically: true, encoding: .utf8)
        let output = folder.url.appendingPathComponent("out.txt")
        // A descriptor of ours, without close-on-exec, must not reach the child.
        let kept = open(input.path, O_RDONLY)
        defer { close(kept) }
        let script = "cat > '\(output.path)'; ls /proc/self/fd >> '\(output.path)'; exit 3"
        let child = try ChildProcess.spawn("/bin/sh", arguments: ["sh", "-c", script], input: input.path).get()
        #expect(child.waitForExit() == 3)
        let lines = try String(contentsOf: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "ticket")
        #expect(!lines.dropFirst().contains(Substring(String(kept))), "\(lines)")
        let killed = try ChildProcess.spawn("/bin/sh", arguments: ["sh", "-c", "kill -TERM $$"]).get()
        #expect(killed.waitForExit() == SIGTERM)
        // A missing input file: posix_spawn reports it, and nothing runs.
        let refused = ChildProcess.spawn("/bin/sh", arguments: ["sh", "-c", "true"], input: folder.url.appendingPathComponent("none").path)
        guard case .failure(let failure) = refused else { Issue.record("started without its input"); return }
        #expect(failure.code == ENOENT && failure.description == String(cString: strerror(ENOENT)))
    }
}
