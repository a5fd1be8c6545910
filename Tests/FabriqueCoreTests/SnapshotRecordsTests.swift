@testable import FabriqueCore
import FabriqueTesting
import Foundation
import Testing

/// A month without a digest is taken in one booking at a time (its snapshot's records found by their
/// brackets, each decoded alone): the digest must be the one a whole read makes, and any snapshot not
/// in the shape this program writes must go to the whole read, which reads it or names its damage.
extension BookingDigestTests {
    /// A digest as a booking's checks see it: entries in order with their texts, plans, and the files' state.
    func described(_ digest: BookingDigest) -> [String] {
        var lines = digest.entries.map { entry in
            "\(entry.reference) \(digest.texts[entry.slot]) \(digest.texts[entry.service]) \(entry.holdsPlace) "
                + "\(entry.start) \(entry.phone) \(entry.person)"
        }
        lines.append("plans \(digest.plans.sorted())")
        lines.append("journal \(digest.journalOffset) \(digest.journalHash) \(digest.journalLines) \(digest.unterminated) "
                     + "\(digest.tornBytes) \(String(describing: digest.snapshot)) \(String(describing: digest.journal))")
        return lines
    }

    /// December with a snapshot of four bookings (one cancelled afterwards in the journal), two more in
    /// the journal, and a line a killed writer left unfinished at its end.
    func foldedDecember() throws -> (TemporaryFolder, DataFolder) {
        let (folder, data, schedule, slot) = try roomyDecember()
        let service = slot.services[0]
        var made: [Booking] = []
        for (first, phone) in [("Un", "06 12 34 56 78"), ("Zoé", nil), ("Ænéas", nil), ("हिन्दी", "07 11 22 33 44")] as [(String, String?)] {
            made.append(try fresh(data).book(request(slot.id, service: service, first: first, phone: phone), schedule: schedule, now: now))
        }
        try BookingStore(dataFolder: data).compact(monthOf: slot.date)
        for first in ["Cinq", "Six"] {
            _ = try fresh(data).book(request(slot.id, service: service, first: first), schedule: schedule, now: now)
        }
        _ = try fresh(data).cancel(reference: made[1].reference, now: now)
        let journal = try FileHandle(forWritingTo: folder.path("records/bookings/2026-12.jsonl"))
        journal.seekToEndOfFile()
        journal.write(Data(#"{"reference":"AB"#.utf8))
        journal.closeFile()
        return (folder, data)
    }

    /// The digest of December read whole, in a fresh process.
    func wholeDigest(_ data: DataFolder) throws -> BookingDigest {
        BookingDigest(try fresh(data).files.loadOnce("2026-12", as: Booking.self))
    }

    @Test("a month taken one booking at a time gives the digest a whole read gives, whatever JSON whitespace its snapshot has")
    func foldsAsWholeRead() throws {
        let (folder, data) = try foldedDecember()
        let snapshot = folder.path("records/bookings/2026-12.json")
        let written = try Data(contentsOf: snapshot)
        let object = try JSONSerialization.jsonObject(with: written)
        let minified = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let loose = Data(String(decoding: written, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n\t ").utf8)
        for (shape, bytes) in [("as written", written), ("minified", minified), ("CR LF and tabs", loose)] {
            try bytes.write(to: snapshot)
            let whole = try wholeDigest(data)
            let folded = try #require(try BookingDigest(folding: "2026-12", of: fresh(data).files), "\(shape)")
            #expect(described(folded) == described(whole), "\(shape)")
            #expect(folded.entries.count == 6 && folded.tornBytes > 0 && folded.journalLines == 3, "\(shape)")
            // What the kiosk makes and keeps is that digest.
            #expect(try described(fresh(data).digests.made("2026-12")) == described(whole), "\(shape)")
        }
        // Empty lists, spaced or not.
        for empty in [#"{"bookings":[]}"#, "{ \"bookings\" :\n[ \t]\r\n}\n"] {
            try Data(empty.utf8).write(to: snapshot)
            let folded = try #require(try BookingDigest(folding: "2026-12", of: fresh(data).files), "\(empty)")
            #expect(described(folded) == described(try wholeDigest(data)))
        }
    }

    @Test("a snapshot in another shape, or damaged, is read whole: the same digest when it can be read, the same error naming its line and column when not")
    func otherShapesReadWhole() throws {
        let (folder, data) = try foldedDecember()
        let snapshot = folder.path("records/bookings/2026-12.json")
        let written = String(decoding: try Data(contentsOf: snapshot), as: UTF8.self)
        let body = try #require(written.range(of: "["))
        let list = String(written[body.lowerBound...].dropLast(2))  // the list, without "\n}"
        let deep = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        let readable = [
            "another member first": #"{"note":"x","bookings":"# + list + "}",
            "another member after": #"{"bookings":"# + list + #","note":{"a":[1,2]}}"#,
            "an escaped key": #"{"book\u0069ngs":"# + list + "}",
            "a record nested deep": written.replacingOccurrences(of: #""bookedAt""#, with: #""deep":\#(deep),"bookedAt""#),
        ]
        for (shape, text) in readable {
            try Data(text.utf8).write(to: snapshot)
            #expect(try BookingDigest(folding: "2026-12", of: fresh(data).files) == nil, "\(shape)")
            #expect(try described(fresh(data).digests.made("2026-12")) == described(wholeDigest(data)), "\(shape)")
        }
        let damaged = [
            "cut short": String(written.prefix(written.utf8.count / 2)),
            "bytes after the object": written + "x",
            "a number for a booking": #"{"bookings":[1]}"#,
            "a comma too many": #"{"bookings":[{"a":1},]}"#,
            "a bracket in a string, then cut": #"{"bookings":[{"a":"],}"#,
            "empty": "",
        ]
        // A record that decodes alone but not in the file: a byte-order mark before it, or the record in
        // UTF-16 or UTF-32 (the decoder guesses a lone text's encoding; a file's is UTF-8 throughout).
        let end = try #require(written.range(of: "]", options: .backwards))
        let records = written[written.index(after: body.lowerBound)..<end.lowerBound]  // the list without its brackets
        let second = try #require(records.range(of: "\n    {", options: .backwards))
        let before = Data(("{\"bookings\":[" + records[..<second.lowerBound] + "\n").utf8)  // it ends with the comma
        let record = String(records[second.lowerBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
        var foreign: [(String, Data)] = [("a byte-order mark before a record", before + Data([0xEF, 0xBB, 0xBF]) + Data(record.utf8))]
        for (name, encoding) in [("UTF-16LE", String.Encoding.utf16LittleEndian), ("UTF-16BE", .utf16BigEndian),
                                 ("UTF-32LE", .utf32LittleEndian)] {
            foreign.append(("a record in \(name)", before + (try #require(record.data(using: encoding)))))
        }
        // As plain UTF-8, the same bytes are read one record at a time.
        try (before + Data(record.utf8) + Data("]}".utf8)).write(to: snapshot)
        #expect(try BookingDigest(folding: "2026-12", of: fresh(data).files) != nil)
        for (shape, bytes) in foreign {
            try (bytes + Data("]}".utf8)).write(to: snapshot)
            #expect(try BookingDigest(folding: "2026-12", of: fresh(data).files) == nil, "\(shape)")
            let whole = #expect(throws: (any Error).self, "\(shape)") { try fresh(data).files.loadOnce("2026-12", as: Booking.self) }
            let made = #expect(throws: (any Error).self, "\(shape)") { try fresh(data).digests.made("2026-12") }
            #expect(made.map { "\($0)" } == whole.map { "\($0)" }, "\(shape)")
        }
        for (shape, text) in damaged {
            try Data(text.utf8).write(to: snapshot)
            #expect(try BookingDigest(folding: "2026-12", of: fresh(data).files) == nil, "\(shape)")
            let whole = #expect(throws: (any Error).self, "\(shape)") { try fresh(data).files.loadOnce("2026-12", as: Booking.self) }
            let made = #expect(throws: (any Error).self, "\(shape)") { try fresh(data).digests.made("2026-12") }
            #expect(made.map { "\($0)" } == whole.map { "\($0)" }, "\(shape)")
            #expect(whole.map { "\($0)" }?.contains("2026-12.json") == true, "\(shape)")
        }
    }

    @Test("a journal line with a byte-order mark, or in UTF-16, is named as damaged with its line, whether it ends the file without its newline or not")
    func foreignJournalLines() throws {
        let (folder, data) = try foldedDecember()
        let journal = folder.path("records/bookings/2026-12.jsonl")
        let lines = try String(contentsOf: journal, encoding: .utf8).components(separatedBy: "\n")
        let kept = lines.dropLast().joined(separator: "\n") + "\n"  // without the unfinished line
        let record = try #require(lines.first { $0.hasPrefix("{") })
        let count = lines.count - 1
        for (shape, bytes) in [("a byte-order mark", Data([0xEF, 0xBB, 0xBF]) + Data(record.utf8)),
                               ("UTF-16LE", try #require(record.data(using: .utf16LittleEndian)))] {
            for ended in [true, false] {
                try (Data(kept.utf8) + bytes + (ended ? Data("\n".utf8) : Data())).write(to: journal)
                let error = #expect(throws: RecordFiles.Failure.self, "\(shape), ended \(ended)") {
                    try fresh(data).files.loadOnce("2026-12", as: Booking.self)
                }
                let folded = #expect(throws: RecordFiles.Failure.self, "\(shape), ended \(ended)") {
                    try BookingDigest(folding: "2026-12", of: fresh(data).files)
                }
                #expect(folded.map { "\($0)" } == error.map { "\($0)" })
                guard case .unreadable(let problem) = error else { continue }
                #expect(problem.file.hasSuffix("2026-12.jsonl") && problem.location?.line == count + 1, "\(shape), ended \(ended): \(problem)")
            }
        }
    }

    @Test("the snapshot's records are found by their brackets, strings and escapes respected, however the file is cut into pieces")
    func recordPieces() throws {
        func pieces(_ text: String) throws -> [String]? {
            let bytes = Array(text.utf8)
            var answers: [[String]?] = []
            for size in [1, 2, 3, 7, bytes.count + 1] {
                var offset = 0
                var found: [String] = []
                let read = try SnapshotRecords.forEach(field: "bookings", reading: {
                    defer { offset = min(bytes.count, offset + size) }
                    return Array(bytes[offset..<min(bytes.count, offset + size)])
                }, { element in
                    found.append(String(decoding: element, as: UTF8.self))
                    return true
                })
                answers.append(read ? found : nil)
            }
            #expect(Set(answers.map { $0?.joined(separator: "|") }).count == 1, "\(text)")
            return answers[0]
        }
        #expect(try pieces(#"{"bookings":[{"a":"],}[{\""}, {"b":[1,{"c":"\\"}]} ,"x"]}"#)
                == [#"{"a":"],}[{\""}"#, #"{"b":[1,{"c":"\\"}]}"#, #""x""#])
        #expect(try pieces(" \n{\"bookings\":[ {} ] }\n") == ["{}"])
        #expect(try pieces(#"{"bookings":[]}"#) == [])
        for wrong in [#"{"visits":[{}]}"#, #"{"booking":[{}]}"#, #"{"bookingss":[{}]}"#, #"{"bookings":[{}]"#,
                      #"{"bookings":[{}],}"#, #"{"bookings":[,{}]}"#, #"{"bookings":[{"a":"}]}"#, #"{"bookings":{}}"#,
                      #"{"bookings":[]} x"#, #"{"bookings":[{}]}]"#, #"{"bookings":[{"a":"\"#, ""] {
            #expect(try pieces(wrong) == nil, "\(wrong)")
        }
        let limit = SnapshotRecords.deepest
        let nested = { (depth: Int) in #"{"bookings":["# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "]}" }
        #expect(try pieces(nested(limit))?.count == 1)
        #expect(try pieces(nested(limit + 1)) == nil)
        // A refusal of one record stops the rest.
        var seen = 0
        let bytes = Array(#"{"bookings":[{},{},{}]}"#.utf8)
        var given = false
        #expect(try !SnapshotRecords.forEach(field: "bookings", reading: {
            defer { given = true }
            return given ? [] : bytes
        }, { _ in
            seen += 1
            return seen < 2
        }))
        #expect(seen == 2)
    }
}
