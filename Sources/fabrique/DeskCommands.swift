public import ArgumentParser
import Dispatch
import FabriqueCore
import FabriqueServices
import FabriqueUI
import FoundationEssentials
import Synchronization

extension Booking.Status: ExpressibleByArgument {}
extension Booking.Channel: ExpressibleByArgument {}

/// `fabrique find TEXT`: appointments by name, phone or code, in every month kept and at every place.
struct Find: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliFindAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionFindText))) var text: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionLimit), valueName: "N")) var limit = 200
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionAllMonths))) var allMonths = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        guard let query = BookingQuery(text) else {
            cli.fail(.cliErrorFindText)
            throw ExitCode(ExitStatus.usage)
        }
        let result = try reading(json: json) { () throws(RecordError) in
            try BookingStore(dataFolder: common.dataFolder).search(query, now: clock.now(), limit: limit, everyMonth: allMonths)
        }
        let found = result.bookings
        if json {
            print(Output.json(found.map(Output.object)))
        } else if found.isEmpty {
            print(cli.strings.text(.cliFindNone, ["value": text]))
        } else {
            found.forEach { print(Output.line($0, catalogue: catalogue) + ($0.phone.map { " · " + Contact.displayPhone($0) } ?? "")) }
            if result.total > found.count {
                print(cli.strings.text(.cliFindMore, ["count": "\(found.count)", "total": "\(result.total)"]))
            }
        }
        AuditLog(dataFolder: common.dataFolder).append(at: clock.now(), site: nil, action: "find", detail: "\(found.count)")
        if found.isEmpty { throw ExitCode(ExitStatus.unknown) }
    }
}

/// `fabrique move CODE --slot ID`: the appointment moves to another slot of its service, any month,
/// any place, keeping its code; its ticket is written again.
struct Move: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliMoveAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionReference))) var reference: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSlot), valueName: "ID")) var slot: String
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let ticketWidth = try common.ticketWidth()
        let folder = common.dataFolder
        let store = BookingStore(dataFolder: folder)
        let schedule = Schedule(catalogue: catalogue)
        let moved: Booking?
        do {
            moved = try store.move(reference: reference, to: slot, schedule: schedule, now: clock.now())
        } catch .unknownSlot {
            throw ExitCode(Output.failure(.unknownSlot, value: slot, json: json))
        } catch .serviceNotInSlot {
            cli.fail(.cliErrorMoveService, ["value": slot])
            throw ExitCode(ExitStatus.usage)
        } catch {
            let request = (try? store.find(reference: reference)).flatMap { $0 }.map {
                BookingRequest(slot: slot, service: $0.service, firstName: $0.firstName, lastName: $0.lastName, phone: nil, email: nil,
                               quartier: nil, needs: [], consent: true, bookedAt: "command-line")
            }
            throw ExitCode(Book.report(error, requests: request.map { [$0] } ?? [], schedule: schedule, store: store,
                                       now: clock.now(), json: json))
        }
        guard let moved else {
            throw ExitCode(Output.unknownCode(reference, folder: folder, horizonDays: catalogue.rules.horizonDays))
        }
        AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "move", reference: moved.reference, detail: moved.slot)
        let ticket = Tickets.reissue(for: moved, catalogue: catalogue, folder: folder, horizonDays: catalogue.rules.horizonDays,
                                     width: ticketWidth)
        if json {
            var object = Output.object(moved)
            if let ticket { object["ticket"] = ticket.path }
            print(Output.json(object))
        } else {
            print(Output.line(moved, catalogue: catalogue))
            if let ticket { print(cli.strings.text(.cliTicketWritten, ["path": ticket.path])) }
        }
    }
}

/// `fabrique status CODE STATUS`: what staff record with A, V, N, E, R and B, under the same rules.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "status", abstract: cli.strings.text(.cliStatusAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionReference))) var reference: String
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionStatus))) var status: Booking.Status
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let folder = common.dataFolder
        try Output.booking(reference: reference, json: json, catalogue: catalogue, folder: folder) { () throws(BookingError) in
            let changed = try BookingStore(dataFolder: folder).setStatus(reference: reference, to: status,
                                                                         schedule: Schedule(catalogue: catalogue), now: clock.now())
            if let changed {
                AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: "status-\(changed.status.rawValue)",
                                                    reference: changed.reference)
            }
            return changed
        }
    }
}

/// Tickets written again after a change, in the command line's language.
enum Tickets {
    /// Writes the ticket of the code `booking` is held under (its plan's, or its own) with what that
    /// code now stands for; returns the file, or nil when it could not be written.
    static func reissue(for booking: Booking, catalogue: Catalogue, folder: DataFolder, horizonDays: Int, width: Int?) -> URL? {
        let code = booking.plan ?? booking.reference
        guard let held = try? BookingStore(dataFolder: folder).bookings(forCode: code, horizonDays: horizonDays).filter(\.isActive),
              !held.isEmpty else { return nil }
        let text = ConfirmationScreen.ticket(BookedPlan(plan: booking.plan, bookings: held), catalogue: catalogue, strings: cli.strings,
                                             width: width)
        return write(text, code: code, folder: folder)
    }

    /// Writes the ticket of `code`. When it cannot be written the booking stands: that is said on stderr,
    /// and an older ticket of the code is removed, since it would give a time that is no longer true.
    static func write(_ text: String, code: String, folder: DataFolder) -> URL? {
        let store = TicketStore(dataFolder: folder)
        do {
            return try store.write(text, reference: code)
        } catch {
            store.remove(reference: code)
            let reason: String = switch error {
            case .unreadable(let problem): ProblemText(strings: cli.strings).line(problem)
            case .writeFailed(let reason), .uncertainWrite(let reason), .abandoned(let reason): reason
            case .symbolicLink(let path): cli.strings.text(.cliErrorSymlink, ["value": path])
            case .busy(let path): cli.strings.text(.cliErrorBusy, ["value": path])
            }
            cli.printError(cli.strings.text(.cliTicketNotWritten, ["code": code, "reason": reason]))
            return nil
        }
    }
}

/// Sending a document to the print command from the command line, waiting for it to finish.
enum Printing {
    /// Sends `text` to `command`, or to the print command of `settings.json`; fails with a message
    /// when neither is set or the command fails. The document's file goes once printed.
    static func send(_ text: String, name: String, folder: DataFolder, command: String?) throws {
        let configured = command ?? KioskSettings.load(from: folder).settings?.printCommand
        guard let configured, !configured.isEmpty else {
            cli.fail(.cliErrorNoPrintCommand)
            throw ExitCode(ExitStatus.unavailable)
        }
        let url: URL
        do {
            url = try PrintQueue(dataFolder: folder).write(text, name: name)
        } catch {
            throw ExitCode(Output.failure(.records(error), value: name, json: false))
        }
        let done = DispatchSemaphore(value: 0)
        let status = Mutex<Int32?>(nil)
        PrintCommand(command: configured, log: { _ in }).start(ticket: url, reference: name) { code in
            status.withLock { $0 = code }
            done.signal()
        }
        done.wait()
        PrintQueue.remove(url)
        let code = status.withLock { $0 }
        guard code == 0 else {
            cli.fail(.cliErrorPrintFailed, ["value": code.map { "\($0)" } ?? "-"])
            throw ExitCode(ExitStatus.unavailable)
        }
        print(cli.strings.text(.cliPrinted))
    }
}
