import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueUI
import FoundationEssentials
import Glibc

/// The texts of the command line, in the language chosen by `FABRIQUE_LANG` (French by default).
let cli = CommandLineText.load()

/// The program's entry: the kiosk straight away when only its own options are given (what the terminals
/// run: no command tree to build, no help texts to read), every other command line through the argument
/// parser, with its help, its errors and its conventions.
@main
enum Main {
    static func main() {
        // Without its resource folder the program has no text to show, not even its help.
        guard EmbeddedData.isPresent else {
            _ = writeAll(EmbeddedData.missingMessage, to: STDERR_FILENO)
            exit(ExitStatus.unavailable)
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let options = KioskOptions(fastPath: arguments) else {
            Fabrique.main()
            return
        }
        do {
            try Kiosk.run(options)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            // Kiosk.run throws only exit codes; anything else goes through the parser's reporting.
            Fabrique.exit(withError: error)
        }
    }
}

struct Fabrique: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fabrique",
        abstract: cli.strings.text(.cliAbstract),
        subcommands: [Kiosk.self, Init.self, Validate.self, Slots.self, PlanCommand.self, Book.self, Cancel.self, Show.self, Find.self, Move.self,
                      StatusCommand.self, SetPin.self,
                      Agenda.self, Stats.self, Export.self, Purge.self, CallListCommand.self, Absence.self,
                      OutcomeCommand.self, PersonCommand.self, ReportCommand.self, FollowUpCommand.self, Doctor.self],
        defaultSubcommand: Kiosk.self)
}

/// Options every command takes.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionData), valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionNow), valueName: "DATE-TIME"))
    var now: String?

    /// Every command refuses a data folder that is a file or that other users can write, before anything else.
    func validate() throws {
        try settings.checkFolder()
    }

    /// The same options as a plain value (the kiosk's fast path builds one without the parser).
    var settings: CommonSettings { CommonSettings(data: data, now: now) }

    /// The data folder chosen by `--data`, `FABRIQUE_DATA` or the XDG default.
    var dataFolder: DataFolder { settings.dataFolder }

    /// The clock chosen by `--now` or `FABRIQUE_NOW`, else the system clock.
    func clock() throws -> Clock { try settings.clock() }

    /// The receipt width `settings.json` sets for tickets; a settings file with problems stops the command
    /// before anything is written, as it stops the kiosk.
    func ticketWidth() throws -> Int? { try settings.kioskSettings().ticketWidth }

    /// Reads the data folder's catalogue, or the embedded one when the folder has none; on errors,
    /// prints every problem to stderr and stops with the data-error status.
    func loadCatalogue(warnings: (String) -> Void) throws -> Catalogue { try settings.loadCatalogue(warnings: warnings) }
}

/// `--data` and `--now`, and what every command does with them.
struct CommonSettings {
    let data: String?
    let now: String?

    /// Refuses a data folder that is a file or that other users can write.
    func checkFolder() throws {
        if let problem = dataFolder.unfitness() {
            cli.printError(ProblemText(strings: cli.strings).line(problem))
            throw ExitCode(ExitStatus.dataError)
        }
    }

    /// The data folder chosen by `--data`, `FABRIQUE_DATA` or the XDG default.
    var dataFolder: DataFolder {
        DataFolder.resolve(option: data, environment: Environment.values(["FABRIQUE_DATA", "XDG_DATA_HOME", "HOME"]))
    }

    /// Reads `settings.json`; on a problem, prints it and stops with the data-error status, before the
    /// terminal is touched or anything is written.
    func kioskSettings() throws -> KioskSettings {
        let (settings, problems) = KioskSettings.load(from: dataFolder)
        guard let settings else {
            let writer = ProblemText(strings: cli.strings)
            problems.forEach { cli.printError(writer.line($0)) }
            throw ExitCode(ExitStatus.dataError)
        }
        return settings
    }

    /// The clock chosen by `--now` or `FABRIQUE_NOW`, else the system clock.
    func clock() throws -> Clock {
        guard let text = now ?? Environment.value("FABRIQUE_NOW"), !text.isEmpty else {
            return .system
        }
        guard let start = InstantParser.parse(text) else {
            cli.fail(.cliErrorNow, ["value": text])
            throw ExitCode(ExitStatus.usage)
        }
        return .starting(at: start)
    }

    /// Reads the data folder's catalogue, or the embedded one when the folder has none; on errors,
    /// prints every problem to stderr and stops with the data-error status.
    func loadCatalogue(warnings: (String) -> Void) throws -> Catalogue {
        try loadCatalogue(warnings: warnings, fallingBack: false).catalogue
    }

    /// `loadCatalogue`, for the kiosk: a usable catalogue is kept as the last good one; an unusable one
    /// gives way to that copy when there is one (`refusedEdit` then true, each error in `warnings`), so
    /// that a kiosk restarted on a broken edit runs on what it ran before.
    func loadCatalogue(warnings: (String) -> Void, fallingBack: Bool) throws -> (catalogue: Catalogue, refusedEdit: Bool) {
        let folder = dataFolder
        let source = folder.catalogueToRead(embedded: EmbeddedData.catalogueURL)
        // Read from its compact form while the files are those it was made from (most starts).
        var report = CompactCatalogue(dataFolder: folder).load(from: source).report
        let writer = ProblemText(strings: cli.strings)
        var refusedEdit = false
        let lastGood = LastGoodCatalogue(dataFolder: folder)
        if fallingBack {
            if report.isUsable {
                Self.keepLastGood(source, of: folder).map(warnings)
            } else if let kept = lastGood.load() {
                report.errors.forEach { warnings("catalogue refused at start, the last good copy is used: \(writer.line($0))") }
                report = kept
                refusedEdit = true
            }
            // The folder's own catalogue gone (moved, deleted) while a copy of it is kept: that copy, not
            // the embedded Angers catalogue, is what this kiosk ran.
            if !folder.hasCatalogue, let kept = lastGood.load() {
                warnings("catalogue refused at start, the last good copy is used: \(folder.catalogueURL.path) is missing")
                report = kept
                refusedEdit = true
            }
        }
        if let catalogue = report.catalogue, report.isUsable {
            report.problems.forEach { warnings(writer.line($0)) }
            // Absences recorded by staff take slots away like those of the catalogue.
            do {
                return (catalogue.adding(absences: try AbsenceStore(dataFolder: folder).absences()), refusedEdit)
            } catch {
                throw ExitCode(Output.failure(.records(error), value: "", json: false))
            }
        }
        report.problems.forEach { cli.printError(writer.line($0)) }
        cli.printError(cli.strings.text(.cliValidateInvalid))
        throw ExitCode(ExitStatus.dataError)
    }
}

extension CommonSettings {
    /// For the kiosk: the compact form of the catalogue it reads, its first part checked, while the files
    /// are those it was made from (most starts); nil otherwise, and `loadCatalogue` reads them.
    func pendingCatalogue() -> (pending: PendingCatalogue, source: URL)? {
        // A folder whose catalogue went missing while a copy of it is kept starts on that copy, which
        // `loadCatalogue` reads: never on the embedded catalogue's form.
        guard dataFolder.hasCatalogue || !FileManager.default.fileExists(atPath: LastGoodCatalogue(dataFolder: dataFolder).url.path)
        else { return nil }
        let source = dataFolder.catalogueToRead(embedded: EmbeddedData.catalogueURL)
        return CompactCatalogue(dataFolder: dataFolder).pending(from: source).map { ($0, source) }
    }

    /// What `loadCatalogue(fallingBack: true)` gives for a pending form (no problem to report, no edit
    /// refused): the rest read and checked, the last good copy kept, staff's absences added, with the
    /// warnings for the log. Nil when the rest or the absences cannot be read: `loadCatalogue` then reads
    /// everything again and says why. Runs on another thread once the first frame is drawn.
    static func completing(_ pending: PendingCatalogue, source: URL, folder: DataFolder) -> (catalogue: Catalogue, warnings: [String])? {
        guard let catalogue = pending.complete(), let absences = try? AbsenceStore(dataFolder: folder).absences() else { return nil }
        return (catalogue.adding(absences: absences), Self.keepLastGood(source, of: folder).map { [$0] } ?? [])
    }

    /// Keeps `source` as the last good catalogue; the warning for the log when that fails.
    static func keepLastGood(_ source: URL, of folder: DataFolder) -> String? {
        do {
            try LastGoodCatalogue(dataFolder: folder).keep(source, of: folder)
            return nil
        } catch {
            return "last good catalogue not kept: \(error)"
        }
    }
}

/// Stops with the usage status when `site` is given and names no place of the catalogue, listing those that do.
func requireSite(_ site: String?, in catalogue: Catalogue) throws {
    guard let site, catalogue.site(site) == nil else { return }
    cli.fail(.cliErrorSite, ["site": site, "sites": catalogue.sites.map(\.id).joined(separator: ", ")])
    throw ExitCode(ExitStatus.usage)
}

/// Exit statuses, after sysexits.h where one fits.
enum ExitStatus {
    /// `doctor` found something to fix.
    static let needsFixing: Int32 = 1
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let unavailable: Int32 = 69
    static let cannotCreate: Int32 = 73
}

/// The command line's texts and its way of reporting errors.
struct CommandLineText: Sendable {
    let strings: Strings

    static func load() -> CommandLineText {
        let language = Language.from(environmentValue: Environment.value("FABRIQUE_LANG"))
        let strings = (try? Strings.load(language, from: EmbeddedData.languageURL))
            ?? Strings(language: language, table: [:])
        return CommandLineText(strings: strings)
    }

    /// Writes one line to stderr.
    func printError(_ line: String) {
        writeAll(TextSanitizer.neutralised(line) + "\n", to: STDERR_FILENO)
    }

    /// Writes the text for `key` to stderr.
    func fail(_ key: StringKey, _ values: [String: String] = [:]) {
        printError(strings.text(key, values))
    }
}

/// Writes a line to standard output, control characters neutralised whatever their source (records and
/// catalogue texts may have been edited by hand): every command prints through it.
func print(_ line: String) {
    writeOutput(TextSanitizer.neutralised(line) + "\n")
}

/// Writes a document whose cells were neutralised already (CSV) to standard output as it is.
func printRaw(_ document: String) {
    writeOutput(document)
}

/// Writes to standard output; when it cannot take the text (a full disk under `> file`, /dev/full), the
/// command says so and ends with status 74 rather than 0, so that a script never takes a cut export
/// for a whole one. What the command wrote to the records before stays written.
func writeOutput(_ text: String) {
    guard writeAll(text, to: STDOUT_FILENO) else {
        let reason = SystemText.words(errno: errno)
        writeAll(cli.strings.text(.cliErrorOutput, ["reason": reason]) + "\n", to: STDERR_FILENO)
        exit(ExitStatus.ioError)
    }
}

/// Writes `text` whole to `descriptor` (standard output or error), going on after a short write;
/// false when the stream refused it (errno says why). Unlike `FileHandle.write(_: Data)`, which ends
/// the program on any error, a log line lost on a full disk never stops the kiosk.
@discardableResult
func writeAll(_ text: String, to descriptor: Int32) -> Bool {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return false }
        bytes = bytes.dropFirst(written)
    }
    return true
}

/// The process's environment variables one by one: `ProcessInfo.environment` copies all of them into
/// a dictionary at each call, which the kiosk's start paid five times.
enum Environment {
    /// The value of `name`, nil when it is not set.
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The values of those of `names` that are set.
    static func values(_ names: [String]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: names.compactMap { name in value(name).map { (name, $0) } })
    }
}
