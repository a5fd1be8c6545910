// The benchmark's helper: generates ten years of history and times the booking commit, its floor,
// the slot computation and the matching in-process. Prints JSON; Benchmarks/bench.py drives it.
import FabriqueCore
import FabriqueResources
import Foundation
import Glibc

/// Milliseconds of `body`, measured on the monotonic clock.
func milliseconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(1)
}

func value(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func printJSON(_ object: [String: Any]) {
    guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { fail("cannot encode") }
    print(String(decoding: data, as: UTF8.self))
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else { fail("usage: fabrique-bench generate|commit|compute --data DIR --now ISO [--months N --per-month N --upcoming N --runs N]") }
guard let catalogue = CatalogueLoader.load(from: EmbeddedData.catalogueURL).catalogue else { fail("embedded catalogue invalid") }
let now = InstantParser.parse(value("--now", in: arguments) ?? "2026-11-27T10:00:00") ?? Date()
let runs = Int(value("--runs", in: arguments) ?? "") ?? 100
let schedule = Schedule(catalogue: catalogue)

func run() throws {
switch arguments[1] {
case "generate":
    // Past months: bookings in synthetic slots (file sizes as real ones), visits alike; then upcoming ones.
    guard let path = value("--data", in: arguments) else { fail("--data DIR") }
    let folder = DataFolder(url: URL(fileURLWithPath: path))
    let months = Int(value("--months", in: arguments) ?? "") ?? 120
    let perMonth = Int(value("--per-month", in: arguments) ?? "") ?? 1250
    let upcoming = Int(value("--upcoming", in: arguments) ?? "") ?? 3000
    let store = BookingStore(dataFolder: folder)
    let visits = VisitStore(dataFolder: folder)
    var generator = SystemRandomNumberGenerator()
    let services = catalogue.partners.flatMap { partner in partner.services.map { (partner.id, $0.id, $0.needs) } }
    let quartiers = catalogue.quartiers.map(\.id)
    let statuses: [Booking.Status] = [.seen, .seen, .seen, .noShow, .excused, .revoked]
    let today = LocalDate(now)
    var total = 0
    func month(_ offset: Int) -> LocalDate {
        var date = today.firstOfMonth
        if offset < 0 { for _ in 0..<(-offset) { date = date.adding(days: -1).firstOfMonth } }
        else { for _ in 0..<offset { date = date.nextMonth } }
        return date
    }
    func booking(_ index: Int, day: LocalDate, status: Booking.Status) -> Booking {
        let (partner, service, needs) = services[index % services.count]
        let site = catalogue.sites[index % catalogue.sites.count].id
        let start = AppointmentStart(day.instant(at: LocalTime(hour: 9 + index % 8, minute: 0) ?? .midnight))
        return Booking(reference: "BENCH\(index)", slot: "history-\(site)/\(day)T09:00", partner: partner, service: service,
                       site: site, start: start, firstName: "Prénom\(index)", lastName: "Nom\(index)",
                       phone: "+3361234\(String(format: "%04d", index % 10000))", email: nil,
                       quartier: quartiers[index % quartiers.count], needs: needs, bookedAt: site, createdAt: start.text,
                       consentAt: start.text, status: status, arrivedAt: nil, anonymised: nil)
    }
    for offset in stride(from: -months, through: -1, by: 1) {
        let first = month(offset)
        let days = LocalDate.daysIn(month: first.month, year: first.year)
        let bookings = (0..<perMonth).map { i in
            booking(total + i, day: first.adding(days: i % days), status: statuses[Int.random(in: 0..<statuses.count, using: &generator)])
        }
        try store.replaceMonth(of: first, with: bookings)
        let monthVisits = (0..<perMonth).map { i in
            Visit(site: catalogue.sites[i % 3].id, date: first.adding(days: i % days),
                  answers: VisitorAnswers(quartier: quartiers[i % quartiers.count], under26: .given(i % 6 == 0),
                                          needs: [catalogue.needs[i % catalogue.needs.count].id]),
                  proposals: [services[i % services.count].1], bookedService: nil, bookedPartner: nil)
        }
        try visits.replaceMonth(of: first, with: monthVisits)
        total += perMonth
    }
    // Upcoming bookings, spread over this month and the next two, in synthetic slots.
    var byMonth: [LocalDate: [Booking]] = [:]
    for i in 0..<upcoming {
        let day = today.adding(days: 1 + i % 60)
        byMonth[day.firstOfMonth, default: []].append(booking(total + i, day: day, status: .booked))
    }
    for (first, bookings) in byMonth { try store.replaceMonth(of: first, with: bookings) }
    printJSON(["pastBookings": total, "pastVisits": total, "upcoming": upcoming, "months": months])

case "commit":
    // Each run books a real free slot through the store (lock, re-read, re-check, write, fsync, rename);
    // the floor writes, fsyncs and renames a 1 KB file in the same folder.
    guard let path = value("--data", in: arguments) else { fail("--data DIR") }
    let folder = DataFolder(url: URL(fileURLWithPath: path))
    let store = BookingStore(dataFolder: folder)
    // Counted as the kiosk counts them: from the months' digests, which it then holds in memory.
    let taken = try store.activeCounts(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, digests: true)
    var free: [(slot: Slot, service: String)] = []
    for slot in schedule.slots(from: LocalDate(now), days: catalogue.rules.horizonDays + 1) where schedule.isBookable(slot, at: now) {
        for _ in 0..<max(0, slot.capacity - taken[slot.id, default: 0]) { free.append((slot, slot.services[0])) }
    }
    let coldRuns = max(2, runs / 5)
    guard free.count >= runs + coldRuns else { fail("only \(free.count) free places for \(runs + coldRuns) runs") }
    func request(_ run: Int) -> BookingRequest {
        BookingRequest(slot: free[run].slot.id, service: free[run].service, firstName: "Bench\(getpid())x\(run)",
                       lastName: "Commit\(run)", consent: true, bookedAt: "belle-beille")
    }
    // In the kiosk: the months' digests were made or read to show the slots, so a booking reads only
    // what other terminals appended since, then appends its line (and rewrites the month's digest file).
    var commit: [Double] = []
    for run in 0..<runs {
        commit.append(try milliseconds { _ = try store.book(request(run), schedule: schedule, now: now) })
    }
    // In a fresh process (`fabrique book`): nothing read yet, the horizon's months are read first.
    // The first one finds no digest (removed here: the kiosk's journeys and the warm runs leave them)
    // and reads its months whole; the others read the digests it left.
    let bookingsFolder = folder.url.appendingPathComponent("records/bookings").path
    for name in (try? FileManager.default.contentsOfDirectory(atPath: bookingsFolder)) ?? [] where name.hasSuffix(".digest") {
        unlink(bookingsFolder + "/" + name)
    }
    var cold: [Double] = []
    for run in runs..<(runs + coldRuns) {
        BookingStore.forgetReadMonths(in: folder)
        cold.append(try milliseconds { _ = try store.book(request(run), schedule: schedule, now: now) })
    }
    let directory = folder.url.appendingPathComponent("records/bookings").path
    let payload = [UInt8](repeating: 0x61, count: 1024)
    var floor: [Double] = []
    for run in 0..<runs {
        floor.append(milliseconds {
            let temporary = directory + "/.floor.\(run).tmp"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            _ = payload.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            fsync(descriptor)
            close(descriptor)
            rename(temporary, directory + "/.floor")
            let dir = open(directory, O_RDONLY | O_DIRECTORY)
            fsync(dir)
            close(dir)
        })
    }
    unlink(directory + "/.floor")
    printJSON(["runs": runs, "commitP50": percentile(commit, 0.5), "commitP99": percentile(commit, 0.99),
               "commitMax": commit.max() ?? 0, "coldRuns": coldRuns, "coldP50": percentile(cold, 0.5), "coldFirst": cold.first ?? 0,
               "floorP50": percentile(floor, 0.5), "floorP99": percentile(floor, 0.99)])

case "profile":
    // Where a commit's time goes: decoding and encoding one month file (what a cold read and a fold
    // cost), a warm read of the horizon (what every booking does), a read of its digest files (what a
    // booking in a fresh process does first), and folding the names it compares.
    guard let path = value("--data", in: arguments) else { fail("--data DIR") }
    let folder = DataFolder(url: URL(fileURLWithPath: path))
    let store = BookingStore(dataFolder: folder)
    let month = LocalDate(now).adding(days: 20)
    var decode: [Double] = []
    var encode: [Double] = []
    var warm: [Double] = []
    var cold: [Double] = []
    var folds: [Double] = []
    var bookings: [Booking] = []
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    for _ in 0..<runs {
        BookingStore.forgetReadMonths(in: folder)
        decode.append(try milliseconds { bookings = try store.bookings(inMonthOf: month) })
        encode.append(try milliseconds { _ = try encoder.encode(bookings) })
        // The kiosk's count: the first makes or reads the digests, the next only checks the files.
        BookingStore.forgetReadMonths(in: folder)
        _ = try store.activeCounts(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, digests: true)
        // What a fresh process reads before it books: the horizon's digest files, their journals checked.
        BookingStore.forgetReadMonths(in: folder)
        cold.append(try milliseconds {
            _ = try store.activeCounts(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, digests: true)
        })
        warm.append(try milliseconds {
            _ = try store.activeCounts(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, digests: true)
        })
        folds.append(milliseconds { for booking in bookings { _ = TextFolding.fold(booking.firstName + " " + booking.lastName) } })
    }
    printJSON(["runs": runs, "bookingsInMonth": bookings.count, "decodeP50": percentile(decode, 0.5),
               "encodeP50": percentile(encode, 0.5), "warmHorizonReadP50": percentile(warm, 0.5),
               "digestHorizonReadP50": percentile(cold, 0.5),
               "foldPerBookingMicroseconds": percentile(folds, 0.5) * 1000 / Double(max(1, bookings.count))])

case "startup":
    // What the kiosk does before its first frame, piece by piece (first call of the process each time).
    var figures: [String: Any] = [:]
    figures["catalogueMs"] = milliseconds { _ = CatalogueLoader.load(from: EmbeddedData.catalogueURL) }
    figures["catalogueAgainMs"] = milliseconds { _ = CatalogueLoader.load(from: EmbeddedData.catalogueURL) }
    figures["validatorMs"] = milliseconds { _ = CatalogueValidator.check(catalogue) }
    // ICU's first French date and first Europe/Paris, which the kiosk no longer asks for (reference figure).
    figures["firstDateFormatMs"] = milliseconds {
        let zone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        _ = Date().formatted(Date.FormatStyle(date: .complete, time: .omitted, locale: Locale(identifier: "fr_FR"), calendar: calendar, timeZone: zone))
    }
    figures["parisWallMs"] = milliseconds { _ = Paris.wall(Date()) }
    printJSON(figures)

case "parse":
    // The strict JSON reader on the files read at every start: the language files and the catalogue's
    // (megabytes a second, median of the runs), and the compact catalogue against the full read.
    var files = [EmbeddedData.languageURL.appendingPathComponent("fr.json"), EmbeddedData.languageURL.appendingPathComponent("en.json")]
    files += CatalogueFile.allCases.map { EmbeddedData.catalogueURL.appendingPathComponent($0.fileName) }
    let contents = try files.map { try Data(contentsOf: $0) }
    let bytes = contents.reduce(0) { $0 + $1.count }
    var parse: [Double] = []
    for _ in 0..<runs {
        parse.append(try milliseconds { for data in contents { _ = try JSONDocument(parsing: data) } })
    }
    let folder = try FileManager.default.url(for: .itemReplacementDirectory, in: .userDomainMask,
                                             appropriateFor: URL(fileURLWithPath: NSTemporaryDirectory()), create: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let compact = CompactCatalogue(dataFolder: DataFolder(url: folder))
    _ = compact.load(from: EmbeddedData.catalogueURL)
    var full: [Double] = []
    var reused: [Double] = []
    for _ in 0..<runs {
        full.append(milliseconds { _ = CatalogueLoader.load(from: EmbeddedData.catalogueURL) })
        reused.append(milliseconds { _ = compact.load(from: EmbeddedData.catalogueURL) })
    }
    printJSON(["runs": runs, "bytes": bytes, "parseP50": percentile(parse, 0.5),
               "megabytesPerSecond": Double(bytes) / 1e6 / (percentile(parse, 0.5) / 1000),
               "catalogueFullP50": percentile(full, 0.5), "catalogueCompactP50": percentile(reused, 0.5)])

case "compute":
    var slots: [Double] = []
    var matching: [Double] = []
    var count = 0
    let needs = catalogue.needs.map(\.id)
    for _ in 0..<runs {
        slots.append(milliseconds { count = schedule.slots(from: LocalDate(now), days: 56).count })
        matching.append(milliseconds {
            for mask in 1..<(1 << needs.count) {
                let ticked = needs.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
                _ = Matcher.proposals(catalogue, for: VisitorAnswers(needs: ticked))
            }
        })
    }
    printJSON(["runs": runs, "slots": count, "slotsP50": percentile(slots, 0.5), "combinations": (1 << needs.count) - 1,
               "matchingP50": percentile(matching, 0.5)])

case "plan":
    // The plan for every set of needs, for one visitor, on a catalogue (the default one, or --catalogue DIR
    // from make_catalogue.py): the time of one plan, and the slots the schedule holds over the horizon.
    var planCatalogue = catalogue
    if let path = value("--catalogue", in: arguments) {
        let report = CatalogueLoader.load(from: URL(fileURLWithPath: path))
        guard let loaded = report.catalogue, report.isUsable else { fail("catalogue \(path) invalid: \(report.problems.prefix(3))") }
        planCatalogue = loaded
    }
    let planSchedule = Schedule(catalogue: planCatalogue)
    let needs = planCatalogue.needs.map(\.id)
    let site = planCatalogue.sites.first?.id ?? ""
    var perPlan: [Double] = []
    var steps = 0
    for run in 0..<max(1, runs / 10) {
        for mask in 1..<(1 << needs.count) {
            let ticked = needs.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
            let answers = VisitorAnswers(quartier: planCatalogue.quartiers.first?.id, stage: .given(run % 2 == 0 ? .idea : .project),
                                         needs: ticked)
            perPlan.append(milliseconds { steps += Planner.plan(planSchedule, for: answers, now: now, taken: [:], site: site).steps.count })
        }
    }
    let horizonSlots = planSchedule.slots(from: LocalDate(now), days: planCatalogue.rules.horizonDays + 1).count
    printJSON(["partners": planCatalogue.partners.count, "permanences": planCatalogue.permanences.count,
               "absences": planCatalogue.absences.count, "closures": planCatalogue.closures.count, "plans": perPlan.count,
               "planP50": percentile(perPlan, 0.5), "planP99": percentile(perPlan, 0.99), "planMax": perPlan.max() ?? 0,
               "horizonSlots": horizonSlots, "steps": steps])

default:
    fail("unknown command \(arguments[1])")
}
}

do {
    try run()
} catch {
    fail("fabrique-bench: \(error)")
}
