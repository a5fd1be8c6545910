import FabriqueCore
import FabriqueResources
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

/// The Linux console (TERM=linux) with the font the installation sets: every screen keeps to its glyphs.
@Suite("Screens on the Linux console's font")
struct ConsoleGlyphTests {
    static let fontPath = "/usr/share/consolefonts/Lat15-Fixed16.psf.gz"
    static let consoleSize = Size(width: 80, height: 25)

    /// The characters the font's own Unicode table maps to a glyph (PSF 1, as console-setup ships it).
    static func fontCharacters() throws -> Set<UInt32>? {
        guard FileManager.default.fileExists(atPath: fontPath) else { return nil }
        let result = try CommandResult.run(URL(fileURLWithPath: "/bin/sh"), ["-c", "gzip -dc \(fontPath) | od -An -v -tx1"])
        let bytes = result.standardOutput.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { UInt8($0, radix: 16) }
        guard bytes.count > 4, bytes[0] == 0x36, bytes[1] == 0x04 else { return nil }
        let glyphs = bytes[2] & 1 == 1 ? 512 : 256
        let table = bytes[(4 + glyphs * Int(bytes[3]))...]
        var characters = Set<UInt32>()
        var inSequence = false
        var index = table.startIndex
        while index + 1 < table.endIndex {
            let value = UInt32(table[index]) | UInt32(table[index + 1]) << 8
            index += 2
            if value == 0xFFFF { inSequence = false; continue }
            if value == 0xFFFE { inSequence = true; continue }
            if !inSequence { characters.insert(value) }
        }
        return characters
    }

    /// The screens to look at: the visitor's journey (Zoé Œuvray-Nguyễn books) and the staff's.
    static let visitorSteps = ["welcome", "quartier", "about", "needs", "plan", "slot", "contact", "confirmation",
                               "checkin", "agenda", "help", "exit", "service", "plan-confirmation"]
    static let staffSteps = ["menu", "agenda", "stats", "search", "free-slots", "walk-ins", "report", "follow-up", "path", "outcome"]

    func staffPilot(_ step: String) throws -> (Pilot, TemporaryFolder, [Booking]) {
        var (folder, data, bookings) = try StaffTests().folderWithBookings()
        if step == "path" || step == "outcome" {
            bookings[0].status = .seen
            try BookingStore(dataFolder: data).replaceMonth(of: bookings[0].start.day, with: bookings)
        }
        var pilot = try Pilot(dataFolder: data, now: friday, size: Self.consoleSize, staffCredential: testCredential)
        pilot.press(.function(12))
        pilot.type("2468")
        pilot.press(.enter)
        switch step {
        case "agenda": pilot.press(.enter)
        case "stats": pilot.press(.character("3"))
        case "search":
            pilot.press(.enter, .character("/"))
            pilot.type("o")
            pilot.press(.enter)
        case "free-slots": pilot.press(.character("5"))
        case "walk-ins":
            pilot.press(.character("2"), .character("n"))
            pilot.type("Awa")
            pilot.press(.enter)
        case "report": pilot.press(.character("6"))
        case "follow-up": pilot.press(.character("7"))
        case "path": pilot.press(.enter, .character("h"))
        case "outcome":
            pilot.press(.enter, .character("o"), .down, .down, .enter, .down, .enter)
            pilot.type("8000")
        default: break
        }
        return (pilot, folder, bookings)
    }

    @Test("the kiosk's glyph file is the font's own table, and every screen at 80×25 uses only its characters; Nguyễn reads Nguyen on screen and stays Nguyễn on disk")
    func everyScreen() throws {
        guard let font = try Self.fontCharacters() else {
            Issue.record("\(Self.fontPath) is missing: install console-setup-linux (.ci/run does)")
            return
        }
        let glyphs = try GlyphSet.load(from: EmbeddedData.consoleGlyphsURL)
        let shipped = try JSONDocument(parsing: Data(contentsOf: EmbeddedData.consoleGlyphsURL)).root.child(.key("glyphs"))
        guard case .string(let listed)? = shipped?.kind else { throw CocoaError(.fileReadCorruptFile) }
        #expect(Set(listed.unicodeScalars.map(\.value)) == font.filter { $0 >= 0x20 })

        var screens: [(name: String, text: String)] = []
        for language in Language.allCases {
            for step in Self.visitorSteps {
                let (folder, data) = try CatalogueFixture.dataFolder()
                let pilot = try pilot(to: step, language: language, folder: data, size: Self.consoleSize)
                var text = pilot.app.render(now: pilot.now).limited(to: glyphs).text
                // Booking and plan codes are random: shown as XXXXXX.
                for booking in try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01"))) {
                    text = text.replacingOccurrences(of: booking.reference, with: "XXXXXX")
                    if let plan = booking.plan { text = text.replacingOccurrences(of: plan, with: "XXXXXX") }
                }
                screens.append(("visitor-\(step)-\(language.rawValue)", text))
                _ = folder
            }
        }
        var bookings: [Booking] = []
        for step in Self.staffSteps {
            let (pilot, folder, booked) = try staffPilot(step)
            var text = pilot.app.render(now: pilot.now).limited(to: glyphs).text
            for booking in booked { text = text.replacingOccurrences(of: booking.reference, with: "XXXXXX") }
            screens.append(("staff-\(step)", text))
            bookings = booked
            _ = folder
        }
        for screen in screens {
            let foreign = screen.text.unicodeScalars.filter { $0 != "\n" && !font.contains($0.value) }
            #expect(foreign.isEmpty, "\(screen.name): \(String(String.UnicodeScalarView(foreign)))")
            #expect(screen.text.split(separator: "\n", omittingEmptySubsequences: false).count == 25, "\(screen.name)")
            let mismatch = Snapshot.mismatch(screen.text, named: "console-\(screen.name)-80x25")
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
        // The visitor's name as the console shows it, and as the records keep it.
        let agenda = try #require(screens.first { $0.name == "staff-agenda" }).text
        #expect(agenda.contains("Zoé Œuvray-Nguyen"), "\(agenda)")
        #expect(bookings.contains { $0.lastName == "Œuvray-Nguyễn" })
    }

    @Test("a missing glyph becomes the nearest the font has; wide characters keep the columns")
    func nearest() throws {
        let glyphs = try GlyphSet.load(from: EmbeddedData.consoleGlyphsURL)
        #expect(glyphs.nearest("ễ") == "e" && glyphs.nearest("Ỳ") == "Y" && glyphs.nearest("é") == "é" && glyphs.nearest("►") == "▶")
        #expect(glyphs.nearest("न") == "?" && glyphs.nearest("한") == "?" && glyphs.nearest("ﬁ") == "f")
        var canvas = Canvas(size: Size(width: 12, height: 1))
        canvas.write("a한b👍🏽c", x: 0, y: 0)
        let shown = canvas.limited(to: glyphs)
        #expect(shown.text.hasPrefix("a? b? ? c"))
        #expect(canvas.text != shown.text)
    }

    @Test("the console's font is used when TERM is linux, or when settings.json asks for it on any terminal")
    func whenUsed() {
        #expect(KioskSettings().usesConsoleGlyphs(term: "linux"))
        #expect(KioskSettings().usesConsoleGlyphs(term: "linux-16color"))
        #expect(!KioskSettings().usesConsoleGlyphs(term: "xterm-256color"))
        #expect(KioskSettings(consoleGlyphs: true).usesConsoleGlyphs(term: "xterm-256color"))
        #expect(!KioskSettings(consoleGlyphs: false).usesConsoleGlyphs(term: "linux"))
    }
}
