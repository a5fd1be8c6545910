public import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueServices
import FabriqueTerminal
import FabriqueUI
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// `fabrique kiosk` (the default): the full-screen kiosk of one place.
struct Kiosk: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliKioskAbstract))

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID"))
    var site: String?

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionLanguage), valueName: "fr|en"))
    var language: Language?

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionIdleTimeout), valueName: "SECONDS"))
    var idleTimeout: Int?

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionPrintCommand), valueName: "COMMAND"))
    var printCommand: String?

    func run() throws {
        try Kiosk.run(KioskOptions(common: common.settings, site: site, language: language, idleTimeout: idleTimeout,
                                   printCommand: printCommand))
    }

    /// Runs the kiosk with `options`, from the parser or from the fast path.
    static func run(_ options: KioskOptions) throws {
        let common = options.common
        try common.checkFolder()
        // Everything that can fail is checked before the terminal is touched.
        let clock = try common.clock()
        var warnings: [String] = []
        // Taken before the catalogue is read: an edit saved while the kiosk starts is read again at once.
        let stamp = CatalogueStamp(dataFolder: common.dataFolder, embedded: EmbeddedData.catalogueURL)
        let folder = common.dataFolder
        // Most starts find the compact form of unchanged files: its first part, checked, is all the first
        // frame needs, and the rest (nearly all of a large catalogue) is read and checked once that frame is
        // drawn, before anything else happens. Otherwise the files are read in full first, as always.
        var start: CatalogueStart
        if let found = common.pendingCatalogue() {
            start = .pending(found.pending.opening, CatalogueCompletion {
                CommonSettings.completing(found.pending, source: found.source, folder: folder)
            })
        } else {
            start = .loaded(try common.loadCatalogue(warnings: { warnings.append($0) }, fallingBack: true))
        }
        var settings = try common.kioskSettings()
        if let site = options.site { settings.site = site }
        if let language = options.language { settings.language = language }
        if let idleTimeout = options.idleTimeout {
            guard KioskSettings.idleTimeoutRange.contains(idleTimeout) else {
                cli.fail(.cliErrorIdleTimeout, ["value": "\(idleTimeout)"])
                throw ExitCode(ExitStatus.usage)
            }
            settings.idleTimeoutSeconds = idleTimeout
        }
        if let printCommand = options.printCommand { settings.printCommand = printCommand }
        // A place the form's first part does not name (a form edited by hand): the files are read in full,
        // once the rest's reading (which keeps the last good copy) is over.
        if case .pending(let opening, let completion) = start, let site = settings.site, opening.site(site) == nil {
            _ = completion.wait(unless: { nil })
            start = .loaded(try common.loadCatalogue(warnings: { warnings.append($0) }, fallingBack: true))
        }
        let opening = start.opening
        guard let place = settings.site.map({ opening.site($0) }) ?? opening.sites.first else {
            cli.fail(.cliErrorSite, ["site": settings.site ?? "", "sites": opening.sites.map(\.id).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let credential: StaffCredential?
        switch StaffFile.load(from: folder) {
        case .success(let loaded): credential = loaded
        case .failure(let problem):
            cli.printError(ProblemText(strings: cli.strings).line(problem))
            throw ExitCode(ExitStatus.dataError)
        }
        // The start language only: the other is read when a visitor first switches to it. The command
        // line's table (already read) is reused when it is that language: each file is about a millisecond.
        let startStrings: Strings
        let startFile = EmbeddedData.languageURL.appendingPathComponent("\(settings.language.rawValue).json").path
        do {
            startStrings = cli.strings.language == settings.language && !cli.strings.isEmpty
                ? cli.strings : try Strings.load(settings.language, from: EmbeddedData.languageURL)
        } catch {
            cli.printError(Strings.failure(error, reading: startFile))
            throw ExitCode(ExitStatus.unavailable)
        }
        // A start language lacking texts would show their keys on every screen, from the first one.
        if let missing = startStrings.missingTexts {
            cli.printError("\(startFile): \(missing)")
            throw ExitCode(ExitStatus.unavailable)
        }
        let log: KioskLog
        do {
            log = try KioskLog.redirectStandardError(to: folder)
        } catch KioskLog.Failure.symbolicLink(let path) {
            cli.fail(.cliErrorSymlink, ["value": path])
            throw ExitCode(ExitStatus.cannotCreate)
        } catch KioskLog.Failure.cannotOpen(let path, let code) {
            // The log file itself, by name, with the system's reason (a folder in its place, a full disk…).
            cli.fail(.cliErrorDataFolder, ["path": folder.url.path, "reason": "\(path) : \(SystemText.words(errno: code))"])
            throw ExitCode(ExitStatus.cannotCreate)
        } catch {
            cli.fail(.cliErrorDataFolder, ["path": folder.url.path, "reason": SystemText.reason(error)])
            throw ExitCode(ExitStatus.cannotCreate)
        }

        let terminal: CursesTerminal
        do {
            terminal = try CursesTerminal(useColors: (Environment.value("NO_COLOR") ?? "").isEmpty)
        } catch {
            log.restoreStandardError()
            switch error {
            case .notATerminal: cli.fail(.cliErrorNotTerminal)
            case .cannotOpen(let term): cli.fail(.cliErrorTerminal, ["term": term])
            case .cannotAddressCursor(let term): cli.fail(.cliErrorDumbTerminal, ["term": term])
            }
            throw ExitCode(ExitStatus.unavailable)
        }
        // Keys typed before the first screen (at a crashed kiosk's last frame, during a restart) were meant
        // for no screen of this one: dropped, as the screen after a booking drops keys typed ahead.
        terminal.discardPendingInput()
        log.write("kiosk started: site=\(place.id) pid=\(getpid())")
        warnings.forEach { log.write($0) }

        let localization = Localization.starting(with: startStrings, from: EmbeddedData.languageURL, report: { log.write($0) })
        var glyphs: GlyphSet?
        if settings.usesConsoleGlyphs(term: Environment.value("TERM") ?? "") {
            do {
                glyphs = try GlyphSet.load(from: EmbeddedData.consoleGlyphsURL)
            } catch {
                log.write("console glyphs unreadable (\(EmbeddedData.consoleGlyphsURL.path): \(SystemText.reason(error))), every character drawn as it is")
            }
        }
        let catalogue: Catalogue
        let refusedEdit: Bool
        switch start {
        case .loaded(let loaded):
            (catalogue, refusedEdit) = loaded
        case .pending(let opening, let completion):
            var first = KioskApp(context: KioskContext(catalogue: opening, site: place, settings: settings, localization: localization,
                                                       staffCredential: credential),
                                 size: terminal.size)
            KioskLoop.drawFrame(&first, on: terminal, clock: clock, glyphs: glyphs)
            // A stop signal is obeyed while waiting (a stalled file system must not make it unstoppable).
            let result: (catalogue: Catalogue, warnings: [String])?
            switch completion.wait(unless: { terminal.terminationSignal }) {
            case .done(let completed): result = completed
            case .stopped(let signal):
                terminal.close()
                log.write("kiosk stopped by signal \(signal) while its catalogue was read")
                if ![SIGTERM, SIGINT, SIGHUP].contains(signal) { throw ExitCode(128 + signal) }
                return
            }
            if let completed = result {
                completed.warnings.forEach { log.write($0) }
                (catalogue, refusedEdit) = (completed.catalogue, false)
            } else {
                // The rest of the form did not pass (a form edited by hand), or staff's absences could not be
                // read: everything is read again in full, as at a start without the form.
                log.write("catalogue's compact form not usable: the files are read in full")
                do {
                    (catalogue, refusedEdit) = try common.loadCatalogue(warnings: { log.write($0) }, fallingBack: true)
                } catch {
                    // Said again where the person who started the kiosk can read it, the screen given back.
                    terminal.close()
                    log.restoreStandardError()
                    _ = try common.loadCatalogue(warnings: { _ in }, fallingBack: true)
                    throw ExitCode(ExitStatus.dataError)
                }
            }
        }
        // A catalogue read in full after the first frame may no longer name the place.
        guard let place = catalogue.site(place.id) else {
            terminal.close()
            log.restoreStandardError()
            cli.fail(.cliErrorSite, ["site": place.id, "sites": catalogue.sites.map(\.id).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let context = KioskContext(catalogue: catalogue, site: place, settings: settings, localization: localization,
                                   staffCredential: credential)
        var app = KioskApp(context: context, size: terminal.size, catalogueRefused: refusedEdit)
        let problems = ProblemText(strings: cli.strings)
        let source = CatalogueSource(dataFolder: folder, embedded: EmbeddedData.catalogueURL, site: place.id, stamp: stamp,
                                     describe: { problems.line($0) }, log: { log.write($0) })
        let runtime = KioskRuntime(dataFolder: folder, schedule: context.schedule, printCommand: settings.printCommand,
                                   clock: clock, site: place.id, catalogueSource: source, ticketCut: settings.ticketCut ?? false,
                                   describe: { problems.line($0) }, log: { log.write($0) })
        let ending = KioskLoop.run(&app, on: terminal, clock: clock, runtime: runtime, glyphs: glyphs)
        terminal.close()
        switch ending {
        case .staffLeft: log.write("kiosk left by staff")
        case .signal(let signal):
            log.write("kiosk stopped by signal \(signal)")
            // SIGTERM, SIGINT and SIGHUP are the ways to stop it; any other signal is an abnormal end that a
            // supervisor should see (128 + the signal, as a shell reports it), the terminal given back all the same.
            if ![SIGTERM, SIGINT, SIGHUP].contains(signal) { throw ExitCode(128 + signal) }
        }
    }

}

extension Language: ExpressibleByArgument {}

/// How the kiosk's catalogue is read at start: in full before the first frame, or from a compact form
/// whose first part draws the first frame, the rest read once it is drawn.
enum CatalogueStart {
    case loaded((catalogue: Catalogue, refusedEdit: Bool))
    case pending(Catalogue, CatalogueCompletion)

    /// What the checks before the terminal and the first frame read: the places, the territory.
    var opening: Catalogue {
        switch self {
        case .loaded(let loaded): loaded.catalogue
        case .pending(let opening, _): opening
        }
    }
}

/// The rest of a catalogue's compact form, read and checked on another thread once the first frame is
/// drawn (about 80 ms for 2,000 partners, next to nothing for the catalogues of a few dozen partners),
/// while the main thread obeys stop signals. Started by the first wait, not before: begun beside the
/// first frame's own work, it took a share of this machine's two cores from it (the frame of a 2,000-
/// partner catalogue came 1.28× later than a small one's), and a person's first key comes long after.
final class CatalogueCompletion: Sendable {
    private let result = Mutex<(catalogue: Catalogue, warnings: [String])??>(nil)
    private let done = DispatchSemaphore(value: 0)
    private let work: Mutex<(@Sendable () -> (catalogue: Catalogue, warnings: [String])?)?>

    init(_ work: @escaping @Sendable () -> (catalogue: Catalogue, warnings: [String])?) {
        self.work = Mutex(work)
    }

    /// Starts the work on another thread, once.
    private func start() {
        guard let work = work.withLock({ pending in defer { pending = nil }; return pending }) else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let completed = work()
            result.withLock { $0 = .some(completed) }
            done.signal()
        }
    }

    /// How a wait ended.
    enum Waited {
        /// The work is done: the completed catalogue and its warnings, nil when it failed.
        case done((catalogue: Catalogue, warnings: [String])?)
        /// `stop` gave a signal first.
        case stopped(Int32)
    }

    /// Starts the work if it has not begun, then waits for it, looking at `stop` every 50 ms.
    func wait(unless stop: () -> Int32?) -> Waited {
        start()
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if let signal = stop() { return .stopped(signal) }
        }
        return .done(result.withLock { $0 ?? nil })
    }
}

/// What the kiosk is started with: the common options and its own.
struct KioskOptions {
    let common: CommonSettings
    let site: String?
    let language: Language?
    let idleTimeout: Int?
    let printCommand: String?

    init(common: CommonSettings, site: String?, language: Language?, idleTimeout: Int?, printCommand: String?) {
        self.common = common
        self.site = site
        self.language = language
        self.idleTimeout = idleTimeout
        self.printCommand = printCommand
    }

    /// The options of a command line that starts the kiosk and says nothing else: no arguments, or
    /// `kiosk`, then only the kiosk's options, each once, as `--name value` or `--name=value`, with valid
    /// values. Anything else (help, a mistake, another command) is nil: the argument parser takes it and
    /// answers as it always does.
    init?(fastPath arguments: [String]) {
        var rest = arguments[...]
        if rest.first == "kiosk" { rest = rest.dropFirst() }
        var values: [String: String] = [:]
        let names: Set<String> = ["data", "now", "site", "language", "idle-timeout", "print-command"]
        while let first = rest.first {
            rest = rest.dropFirst()
            guard first.hasPrefix("--") else { return nil }
            var name = String(first.dropFirst(2))
            var value: String
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            } else {
                guard let next = rest.first else { return nil }
                value = next
                rest = rest.dropFirst()
            }
            guard names.contains(name), values[name] == nil else { return nil }
            values[name] = value
        }
        var language: Language?
        if let word = values["language"] {
            guard let parsed = Language(rawValue: word) else { return nil }
            language = parsed
        }
        var idleTimeout: Int?
        if let text = values["idle-timeout"] {
            guard let seconds = Int(text) else { return nil }
            idleTimeout = seconds
        }
        self.init(common: CommonSettings(data: values["data"], now: values["now"]), site: values["site"], language: language,
                  idleTimeout: idleTimeout, printCommand: values["print-command"])
    }
}

/// The kiosk's log: stderr is sent to `fabrique.log` in the data folder while the screen is in use,
/// so that nothing written there tears the screen.
struct KioskLog: Sendable {
    private let savedStandardError: Int32
    /// Whether the standard error the kiosk was started with is not a terminal (systemd's journal, a
    /// file): each line goes there too, so that `journalctl -u fabrique-kiosk@tty1` tells the story.
    private let echoes: Bool

    /// Why the log could not be opened, when it is not an ordinary error.
    enum Failure: Error {
        /// `fabrique.log` is a symbolic link: never followed (it would send the log anywhere).
        case symbolicLink(String)
        /// `fabrique.log` cannot be opened for writing: its path and the system's errno.
        case cannotOpen(String, Int32)
    }

    /// Creates the data folder if needed and points stderr at the log file (owner-only).
    static func redirectStandardError(to folder: DataFolder) throws -> KioskLog {
        try folder.create()
        let descriptor = open(folder.logURL.path, O_WRONLY | O_CREAT | O_APPEND | safeOpenFlags, 0o600)
        guard descriptor >= 0 else {
            if errno == ELOOP { throw Failure.symbolicLink(folder.logURL.path) }
            throw Failure.cannotOpen(folder.logURL.path, errno)
        }
        let saved = dup(STDERR_FILENO)
        let echoes = saved >= 0 && isatty(saved) == 0
        dup2(descriptor, STDERR_FILENO)
        close(descriptor)
        return KioskLog(savedStandardError: saved, echoes: echoes)
    }

    /// Puts stderr back where it was (before an error message meant for the person at the terminal).
    func restoreStandardError() {
        guard savedStandardError >= 0 else { return }
        dup2(savedStandardError, STDERR_FILENO)
    }

    /// Appends a time-stamped line.
    func write(_ message: String) {
        let stamp = Paris.utcString(Date())
        writeAll("\(stamp) \(message)\n", to: STDERR_FILENO)
        // The journal stamps lines itself; a full or closed journal must not stop the kiosk (failures ignored).
        if echoes { _ = writeAll("\(message)\n", to: savedStandardError) }
    }
}
