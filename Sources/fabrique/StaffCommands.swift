public import ArgumentParser
import FabriqueCore
import FabriqueUI
import FoundationEssentials
import Glibc

extension Statistics.Dimension: ExpressibleByArgument {}

/// A period given as `--from` and `--to`, defaulting to the current month up to today.
struct Period {
    let from: LocalDate
    let to: LocalDate

    init(from: String?, to: String?, today: LocalDate) throws {
        func parse(_ text: String?, _ fallback: LocalDate) throws -> LocalDate {
            guard let text else { return fallback }
            guard let date = LocalDate(text) else {
                cli.fail(.cliErrorDate, ["value": text])
                throw ExitCode(ExitStatus.usage)
            }
            return date
        }
        self.from = try parse(from, today.firstOfMonth)
        self.to = try parse(to, today)
        guard self.from <= self.to else {
            cli.fail(.cliErrorPeriod, ["from": "\(self.from)", "to": "\(self.to)"])
            throw ExitCode(ExitStatus.usage)
        }
    }
}

extension Period {
    /// The one day given as `text` (AAAA-MM-JJ), or `fallback` when none is given.
    static func day(_ text: String?, default fallback: LocalDate) throws -> LocalDate {
        try Period(from: text ?? "\(fallback)", to: text ?? "\(fallback)", today: fallback).from
    }
}

/// Runs a store read, turning a failure into its message and exit status.
func reading<T>(json: Bool = false, _ body: () throws(RecordError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ExitCode(Output.failure(.records(error), value: "", json: json))
    }
}

/// Runs a store change, turning a failure into its message and exit status.
func changing<T>(json: Bool = false, _ body: () throws(BookingError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw ExitCode(Output.failure(error, value: "", json: json))
    }
}

/// `fabrique agenda`: a day's appointments with names and phones, for staff; `--print` sends the
/// same page as the kiosk's P key to the print command.
struct Agenda: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliAgendaAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionAgendaDate), valueName: "DATE")) var date: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(name: .customLong("print"), help: ArgumentHelp(cli.strings.text(.cliOptionPrint))) var toPrinter = false
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionPrintCommand), valueName: "COMMAND")) var printCommand: String?

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        try requireSite(site, in: catalogue)
        let day = try Period.day(date, default: LocalDate(clock.now()))
        let bookings = try reading(json: json) { () throws(RecordError) in
            try BookingStore(dataFolder: common.dataFolder).bookings(on: day, site: site)
        }
        if toPrinter {
            let place = site.flatMap { catalogue.site($0)?.name } ?? cli.strings.text(.staffAllSites)
            let text = AgendaDocument.text(day: day, place: place, bookings: bookings, catalogue: catalogue, strings: cli.strings)
            try Printing.send(text, name: "agenda-\(day)-\(site ?? "all")", folder: common.dataFolder, command: printCommand)
            AuditLog(dataFolder: common.dataFolder).append(at: clock.now(), site: site, action: "print-agenda", detail: "\(day)")
        } else if json {
            print(Output.json(bookings.map(Output.object)))
        } else if bookings.isEmpty {
            print(cli.strings.text(.cliAgendaNone))
        } else {
            bookings.forEach { print(Output.line($0, catalogue: catalogue) + ($0.phone.map { " · " + Contact.displayPhone($0) } ?? "")) }
        }
    }
}

/// `fabrique stats`: anonymous figures, identical on screen, in JSON and in CSV.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliStatsAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionFromPeriod), valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionTo), valueName: "DATE")) var to: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionBy), valueName: "DIMENSION")) var by: Statistics.Dimension = .site
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let period = try Period(from: from, to: to, today: LocalDate(clock.now()))
        let folder = common.dataFolder
        let visits = try reading(json: json) { () throws(RecordError) in try VisitStore(dataFolder: folder).visits(from: period.from, to: period.to) }
        let bookings = try reading(json: json) { () throws(RecordError) in try BookingStore(dataFolder: folder).bookings(from: period.from, to: period.to) }
        let walkIns = try reading(json: json) { () throws(RecordError) in try WalkInStore(dataFolder: folder).walkIns(from: period.from, to: period.to) }
        let stats = Statistics(visits: visits, bookings: bookings, walkIns: walkIns, catalogue: catalogue, by: by)
        let table = StatsTable(stats: stats, catalogue: catalogue, strings: cli.strings)
        if json {
            print(Output.json(table.json(from: period.from, to: period.to)))
        } else if csv {
            printRaw(table.csv())
        } else {
            print(cli.strings.text(.cliStatsHeader, ["from": spokenDay(period.from), "to": spokenDay(period.to),
                                                    "by": cli.strings.text(StaffStatsScreen.dimensionName(by))]))
            print(table.text())
        }
    }
}

/// `fabrique export bookings|visits --csv`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliExportAbstract))

    enum Kind: String, ExpressibleByArgument { case bookings, visits }

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionKind))) var kind: Kind
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionFromPeriod), valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionTo), valueName: "DATE")) var to: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        guard csv else {
            cli.fail(.cliErrorCsvRequired)
            throw ExitCode(ExitStatus.usage)
        }
        let period = try Period(from: from, to: to, today: LocalDate(clock.now()))
        let folder = common.dataFolder
        let document: String
        switch kind {
        case .bookings:
            let bookings = try reading { () throws(RecordError) in try BookingStore(dataFolder: folder).bookings(from: period.from, to: period.to) }
            let ordered = bookings.sorted { ($0.start.instant, $0.reference) < ($1.start.instant, $1.reference) }
            document = Sheet.document(ordered, Sheet.bookings(catalogue, cli.strings), cli.strings)
        case .visits:
            let visits = try reading { () throws(RecordError) in try VisitStore(dataFolder: folder).visits(from: period.from, to: period.to) }
            document = Sheet.document(visits.sorted { $0.date < $1.date }, Sheet.visits(catalogue, cli.strings), cli.strings)
        }
        printRaw(document)
        AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "export-\(kind.rawValue)",
                                            detail: "\(period.from)..\(period.to)")
    }
}

/// `fabrique purge`: anonymises old bookings; the anonymous figures stay the same. `--dry-run` says
/// what would go; on a terminal, a person confirms first (`--yes` for scripts).
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliPurgeAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionOlderThan), valueName: "MONTHS")) var olderThan = Retention.defaultMonths
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionDryRun))) var dryRun = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionYes))) var yes = false

    func run() throws {
        let clock = try common.clock()
        _ = try common.loadCatalogue { cli.printError($0) }
        guard Retention.monthsRange.contains(olderThan) else {
            cli.fail(.cliErrorMonths)
            throw ExitCode(ExitStatus.usage)
        }
        let cutoff = Retention.cutoff(today: LocalDate(clock.now()), months: olderThan)
        let folder = common.dataFolder
        let tickets = TicketStore(dataFolder: folder).tickets(endedBefore: cutoff, lastDay: BookingStore(dataFolder: folder).lastDay(ofCode:))
        let planned = try reading { () throws(RecordError) in
            (bookings: try BookingStore(dataFolder: folder).purgeable(before: cutoff),
             walkIns: try WalkInStore(dataFolder: folder).purgeable(before: cutoff))
        }
        let counts = ["count": "\(planned.bookings)", "walkIns": "\(planned.walkIns)", "cutoff": spokenDay(cutoff), "tickets": "\(tickets.count)"]
        if dryRun {
            print(cli.strings.text(.cliPurgeDryRun, counts))
            return
        }
        // A person at a terminal confirms what goes; a script says so with --yes (an answer piped in
        // is no confirmation: `echo non | fabrique purge` must not erase).
        if !yes && isatty(STDIN_FILENO) != 1 {
            cli.fail(.cliPurgeNeedsYes, counts)
            throw ExitCode(ExitStatus.usage)
        }
        if !yes {
            writeAll(cli.strings.text(.cliPurgeConfirm, counts), to: STDERR_FILENO)
            let answer = TextFolding.fold(readLine() ?? "")
            guard cli.strings.text(.cliPurgeYesWords).split(separator: ",").contains(where: { TextFolding.fold(String($0)) == answer }) else {
                print(cli.strings.text(.cliPurgeCancelled))
                throw ExitCode(ExitStatus.refusedByRule)
            }
        }
        let count = try reading { () throws(RecordError) in
            try BookingStore(dataFolder: folder).purge(before: cutoff, links: PersonLinkStore(dataFolder: folder).links())
        }
        let walkIns = try reading { () throws(RecordError) in try WalkInStore(dataFolder: folder).purge(before: cutoff) }
        // Tickets carry a first name: those of purged months go too (their code names the month).
        var removed = 0
        for ticket in tickets where (try? FileManager.default.removeItem(at: ticket)) != nil {
            removed += 1
        }
        print(cli.strings.text(.cliPurgeDone, ["count": "\(count)", "walkIns": "\(walkIns)", "cutoff": spokenDay(cutoff),
                                               "tickets": "\(removed)"]))
        AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "purge", detail: "before \(cutoff): \(count)")
    }
}

/// How a list of people to call is printed: lines, JSON or CSV.
enum CallList {
    static func show(_ bookings: [Booking], catalogue: Catalogue, json: Bool, csv: Bool) {
        if json {
            print(Output.json(bookings.map(Output.object)))
        } else if csv {
            // The people to call: who, how to reach them, and the appointment.
            let wanted = ["reference", "start", "firstName", "lastName", "phone", "email", "partner", "service", "site"]
            let columns = Sheet.bookings(catalogue, cli.strings).filter { wanted.contains($0.field) }
            printRaw(Sheet.document(bookings, columns, cli.strings))
        } else if bookings.isEmpty {
            print(cli.strings.text(.cliCallListNone))
        } else {
            bookings.forEach { print(Output.line($0, catalogue: catalogue) + " · " + ($0.phone.map(Contact.displayPhone) ?? "—")) }
        }
    }
}

/// `fabrique call-list`: who to remind of tomorrow's appointments (reminders cut no-shows).
struct CallListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call-list", abstract: cli.strings.text(.cliCallListAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionCallDate), valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let day = try Period.day(date, default: LocalDate(clock.now()).adding(days: 1))
        let bookings = try reading(json: json) { () throws(RecordError) in
            try BookingStore(dataFolder: common.dataFolder).bookings(on: day, site: site).filter { $0.status == .booked }
        }
        CallList.show(bookings, catalogue: catalogue, json: json, csv: csv)
    }
}

/// `fabrique absence`: a partner is away on a day; that day's appointments are revoked and listed.
struct Absence: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliAbsenceAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionPartner), valueName: "ID")) var partner: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionAbsenceDate), valueName: "DATE")) var date: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        guard catalogue.partner(partner) != nil else {
            cli.fail(.cliErrorUnknownPartner, ["value": partner])
            throw ExitCode(ExitStatus.usage)
        }
        try requireSite(site, in: catalogue)
        let day = try Period.day(date, default: LocalDate(clock.now()))
        let folder = common.dataFolder
        let revoked = try changing(json: json) { () throws(BookingError) -> [Booking] in
            try AbsenceStore(dataFolder: folder).recordAbsence(partner: partner, on: day, site: site,
                                                              bookings: BookingStore(dataFolder: folder),
                                                              audit: AuditLog(dataFolder: folder), now: clock.now())
        }
        if !json && !csv {
            print(cli.strings.text(.cliAbsenceDone, ["partner": catalogue.partner(partner)?.name ?? partner, "date": spokenDay(day),
                                                     "count": "\(revoked.count)"]))
        }
        CallList.show(revoked, catalogue: catalogue, json: json, csv: csv)
    }
}
