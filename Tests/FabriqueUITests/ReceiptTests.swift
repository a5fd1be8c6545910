import FabriqueCore
import FabriqueServices
import FabriqueTesting
import FabriqueUI
import Foundation
import Testing

@Suite("Tickets for receipt printers")
struct ReceiptTests {
    @Test("at 32, 42 and 48 columns every line fits, the code stands alone spaced out, nothing is lost", arguments: KioskSettings.ticketWidths)
    func layout(width: Int) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let pilot = try pilot(to: "plan-confirmation", folder: data)
        let held = try BookingStore(dataFolder: data).bookings(inMonthOf: try #require(LocalDate("2026-12-01")))
        let code = try #require(held.first?.plan)
        let booked = BookedPlan(plan: code, bookings: held.filter { $0.plan == code }.sorted { $0.start < $1.start })
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let strings = try Localization.load(from: CatalogueFixture.languageURL)[.fr]
        let receipt = ConfirmationScreen.ticket(booked, catalogue: catalogue, strings: strings, width: width)
        let plain = ConfirmationScreen.ticket(booked, catalogue: catalogue, strings: strings)
        let lines = receipt.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(TextWidth.of(line) <= width, "\(width): «\(line)»") }
        let spaced = code.map(String.init).joined(separator: " ")
        #expect(lines.contains { $0.trimmingCharacters(in: .whitespaces) == spaced }, "\(receipt)")
        #expect(lines.contains(String(repeating: "=", count: width)))
        // The same words as the plain ticket, only wrapped: no word is cut off.
        let words = { (text: String) in Set(text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)) }
        #expect(words(plain).subtracting(words(receipt)).subtracting(["Code", ":", code, String(repeating: "=", count: 46)]).isEmpty, "\(words(plain).subtracting(words(receipt)))")
        #expect(receipt.contains("Œuvray-Nguyễn") == plain.contains("Œuvray-Nguyễn"))
        if width == 32 { print("receipt, 32 columns:\n\(receipt)") }
        _ = (folder, pilot)
    }

    @Test("a word longer than the roll is cut between characters, nothing added or lost, in any script", arguments: KioskSettings.ticketWidths)
    func longWords(width: Int) throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = try pilot(to: "confirmation", folder: data)
        let december = try #require(LocalDate("2026-12-01"))
        var booking = try #require(try BookingStore(dataFolder: data).bookings(inMonthOf: december).first)
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let strings = try Localization.load(from: CatalogueFixture.languageURL)[.fr]
        for name in ["AAAAAAAAAABBBBBBBBBBCCCCCCCCCCDDDDDDDDDDEEEEEEEEEE", "Marie-Éléonore-de-la-Tour-d’Auvergne-Lauraguais",
                     "ｆｕｌｌｗｉｄｔｈｆｕｌｌｗｉｄｔｈｆｕｌｌ", "李小龍李小龍李小龍李小龍李小龍李小龍李小龍", "👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽"] {
            booking.firstName = name
            let receipt = ConfirmationScreen.ticket(BookedPlan(plan: nil, bookings: [booking]), catalogue: catalogue, strings: strings, width: width)
            let lines = receipt.split(separator: "\n").map(String.init)
            for line in lines { #expect(TextWidth.of(line) <= width, "\(width): «\(line)»") }
            // The name's lines, joined without their margins, give the name back exactly.
            let start = try #require(lines.firstIndex { $0.hasPrefix("Pour :") })
            let end = try #require(lines.firstIndex { $0.hasPrefix("Votre code") })
            let joined = lines[start..<end].map { $0.drop { $0 == " " } }.joined()
            #expect(joined == "Pour :" + name || joined == "Pour : " + name, "\(width): \(lines[start..<end])")
        }
        _ = folder
    }

    @Test("a name a hand edit filled with escape sequences, BEL, bidi and C1 controls reaches no ticket raw, plain or receipt")
    func controlsInRecords() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        _ = try pilot(to: "confirmation", folder: data)
        let december = try #require(LocalDate("2026-12-01"))
        var booking = try #require(try BookingStore(dataFolder: data).bookings(inMonthOf: december).first)
        booking.firstName = "Hand\u{1B}[2J\u{1B}]0;OWN\u{07}\u{202E}edit\u{9B}31m"
        let catalogue = try CatalogueFixture.defaultCatalogue()
        let strings = try Localization.load(from: CatalogueFixture.languageURL)[.fr]
        for width in [nil] + KioskSettings.ticketWidths.map(Optional.some) {
            let ticket = ConfirmationScreen.ticket(BookedPlan(plan: nil, bookings: [booking]), catalogue: catalogue, strings: strings, width: width)
            #expect(!ticket.unicodeScalars.contains { $0 != "\n" && TextSanitizer.isControl($0) }, "\(String(describing: width))")
            #expect(ticket.contains("U+001B") && ticket.contains("U+202E"), "\(String(describing: width))")
        }
        _ = folder
    }

    @Test("with ticketCut, the printed copy ends with the ESC/POS cut; the stored ticket is plain text at the printer's width")
    func cut() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        let printed = folder.path("printed.bin")
        let settings = KioskSettings(printCommand: "cat > '\(printed.path)'", ticketWidth: 32, ticketCut: true)
        let pilot = try pilot(to: "confirmation", folder: data, settings: settings)
        #expect(pilot.eventually { ((try? Data(contentsOf: printed)) ?? Data()).count > 100 })
        let bytes = try Data(contentsOf: printed)
        #expect(Array(bytes.suffix(4)) == [0x1D, 0x56, 0x42, 0x00])
        let december = try #require(LocalDate("2026-12-01"))
        let code = try #require(try BookingStore(dataFolder: data).bookings(inMonthOf: december).first?.reference)
        let stored = try String(contentsOf: data.url.appendingPathComponent("tickets/\(code).txt"), encoding: .utf8)
        #expect(!stored.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(stored.split(separator: "\n").allSatisfy { TextWidth.of(String($0)) <= 32 })
        #expect(String(decoding: bytes.dropLast(4), as: UTF8.self).hasPrefix(stored))
        // The print queue's copy is removed once printed.
        #expect(pilot.eventually { ((try? FileManager.default.contentsOfDirectory(atPath: data.url.appendingPathComponent("prints").path)) ?? []).isEmpty })
    }

    @Test("a width that is not a receipt printer's is refused in settings.json, named with its place")
    func badWidth() throws {
        let (folder, data) = try CatalogueFixture.dataFolder()
        try #"{"ticketWidth": 40}"#.write(to: data.url.appendingPathComponent("settings.json"), atomically: true, encoding: .utf8)
        let (settings, problems) = KioskSettings.load(from: data)
        #expect(settings == nil)
        #expect(problems.first?.issue == .notOneOf("40", allowed: ["32", "42", "48"]))
        #expect(problems.first?.location?.line == 1)
        _ = folder
    }
}
