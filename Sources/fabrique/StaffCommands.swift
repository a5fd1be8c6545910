public import ArgumentParser
import FabriqueCore
import FabriqueUI
import Foundation

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

/// `fabrique agenda`: a day's appointments with names and phones, for staff.
struct Agenda: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliAgendaAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionDate), valueName: "DATE")) var date: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let day = try Period(from: date, to: date, today: LocalDate(clock.now())).from
        let bookings = try reading(json: json) { () throws(RecordError) in
            try BookingStore(dataFolder: common.dataFolder).bookings(on: day, site: site)
        }
        if json {
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
        let stats = Statistics(visits: visits, bookings: bookings, catalogue: catalogue, by: by)
        let table = StatsTable(stats: stats, catalogue: catalogue, strings: cli.strings)
        if json {
            print(Output.json(table.json(from: period.from, to: period.to)))
        } else if csv {
            printRaw(table.csv())
        } else {
            print(cli.strings.text(.cliStatsHeader, ["from": "\(period.from)", "to": "\(period.to)", "by": by.rawValue]))
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
        _ = try common.loadCatalogue { cli.printError($0) }
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
            document = CSV.document(
                header: ["reference", "start", "site", "partner", "service", "status", "firstName", "lastName", "phone",
                         "email", "quartier", "needs", "bookedAt", "createdAt", "arrivedAt"],
                rows: bookings.map { [$0.reference, $0.start.text, $0.site, $0.partner, $0.service, $0.status.rawValue, $0.firstName,
                                      $0.lastName, $0.phone ?? "", $0.email ?? "", $0.quartier ?? "", $0.needs.joined(separator: ","),
                                      $0.bookedAt, $0.createdAt, $0.arrivedAt ?? ""] })
        case .visits:
            let visits = try reading { () throws(RecordError) in try VisitStore(dataFolder: folder).visits(from: period.from, to: period.to) }
            document = CSV.document(
                header: ["date", "site", "quartier", "stage", "situation", "under26", "needs", "proposals", "bookedService", "bookedPartner"],
                rows: visits.map { ["\($0.date)", $0.site, $0.quartier ?? "", $0.stage ?? "", $0.situation ?? "", $0.under26 ?? "",
                                    $0.needs.joined(separator: ","), $0.proposals.joined(separator: ","),
                                    $0.bookedService ?? "", $0.bookedPartner ?? ""] })
        }
        printRaw(document)
        AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "export-\(kind.rawValue)",
                                            detail: "\(period.from)..\(period.to)")
    }
}

/// `fabrique purge`: anonymises old bookings; the anonymous figures stay the same.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliPurgeAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionOlderThan), valueName: "MONTHS")) var olderThan = Retention.defaultMonths

    func run() throws {
        let clock = try common.clock()
        _ = try common.loadCatalogue { cli.printError($0) }
        guard Retention.monthsRange.contains(olderThan) else {
            cli.fail(.cliErrorMonths)
            throw ExitCode(ExitStatus.usage)
        }
        let cutoff = Retention.cutoff(today: LocalDate(clock.now()), months: olderThan)
        let folder = common.dataFolder
        let count = try reading { () throws(RecordError) in try BookingStore(dataFolder: folder).purge(before: cutoff) }
        let walkIns = try reading { () throws(RecordError) in try WalkInStore(dataFolder: folder).purge(before: cutoff) }
        // Tickets carry a first name: those of purged months go too (their code names the month).
        var tickets = 0
        for ticket in TicketStore(dataFolder: folder).tickets(endedBefore: cutoff) where (try? FileManager.default.removeItem(at: ticket)) != nil {
            tickets += 1
        }
        print(cli.strings.text(.cliPurgeDone, ["count": "\(count)", "walkIns": "\(walkIns)", "cutoff": "\(cutoff)",
                                               "tickets": "\(tickets)"]))
        AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "purge", detail: "before \(cutoff): \(count)")
    }
}

/// How a list of people to call is printed: lines, JSON or CSV.
enum CallList {
    static func show(_ bookings: [Booking], catalogue: Catalogue, json: Bool, csv: Bool) {
        if json {
            print(Output.json(bookings.map(Output.object)))
        } else if csv {
            let document = CSV.document(
                header: ["reference", "start", "firstName", "lastName", "phone", "email", "partner", "service", "site"],
                rows: bookings.map { [$0.reference, $0.start.text, $0.firstName, $0.lastName, $0.phone.map(Contact.displayPhone) ?? "",
                                      $0.email ?? "", $0.partner, $0.service, $0.site] })
            printRaw(document)
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
        let day = try Period(from: date, to: date, today: LocalDate(clock.now()).adding(days: 1)).from
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
        if let site, catalogue.site(site) == nil {
            cli.fail(.cliErrorSite, ["site": site, "sites": catalogue.sites.map(\.id).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let day = try Period(from: date, to: date, today: LocalDate(clock.now())).from
        let folder = common.dataFolder
        let revoked = try changing(json: json) { () throws(BookingError) -> [Booking] in
            try AbsenceStore(dataFolder: folder).recordAbsence(partner: partner, on: day, site: site,
                                                              bookings: BookingStore(dataFolder: folder),
                                                              audit: AuditLog(dataFolder: folder), now: clock.now())
        }
        if !json && !csv {
            print(cli.strings.text(.cliAbsenceDone, ["partner": catalogue.partner(partner)?.name ?? partner, "date": "\(day)",
                                                     "count": "\(revoked.count)"]))
        }
        CallList.show(revoked, catalogue: catalogue, json: json, csv: csv)
    }
}
