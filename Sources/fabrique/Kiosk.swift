import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueTerminal
import FabriqueUI
import Foundation
import Glibc

/// `fabrique kiosk` (the default): the full-screen kiosk of one place.
struct Kiosk: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliKioskAbstract))

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID"))
    var site: String?

    func run() throws {
        // Everything that can fail is checked before the terminal is touched.
        let clock = try common.clock()
        var warnings: [String] = []
        let catalogue = try common.loadCatalogue { warnings.append($0) }
        guard let place = site.map({ catalogue.site($0) }) ?? catalogue.sites.first else {
            cli.fail(.cliErrorSite, ["site": site ?? "", "sites": catalogue.sites.map(\.id).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let localization: Localization
        do {
            localization = try Localization.load(from: EmbeddedData.languageURL)
        } catch {
            cli.printError("\(EmbeddedData.languageURL.path): \(error)")
            throw ExitCode(ExitStatus.unavailable)
        }
        let folder = common.dataFolder
        let log: KioskLog
        do {
            log = try KioskLog.redirectStandardError(to: folder)
        } catch {
            cli.fail(.cliErrorDataFolder, ["path": folder.url.path, "reason": error.localizedDescription])
            throw ExitCode(ExitStatus.cannotCreate)
        }

        let terminal: CursesTerminal
        do {
            let environment = ProcessInfo.processInfo.environment
            terminal = try CursesTerminal(useColors: (environment["NO_COLOR"] ?? "").isEmpty)
        } catch {
            log.restoreStandardError()
            switch error {
            case .notATerminal: cli.fail(.cliErrorNotTerminal)
            case .cannotOpen(let term): cli.fail(.cliErrorTerminal, ["term": term])
            }
            throw ExitCode(ExitStatus.unavailable)
        }
        log.write("kiosk started: site=\(place.id) pid=\(getpid())")
        warnings.forEach { log.write($0) }

        var app = KioskApp(catalogue: catalogue, site: place, localization: localization, size: terminal.size)
        let signal = KioskLoop.run(&app, on: terminal, clock: clock)
        terminal.close()
        log.write("kiosk stopped by signal \(signal)")
    }
}

/// The kiosk's log: stderr is sent to `fabrique.log` in the data folder while the screen is in use,
/// so that nothing written there tears the screen.
struct KioskLog {
    private let savedStandardError: Int32

    /// Creates the data folder if needed and points stderr at the log file (owner-only).
    static func redirectStandardError(to folder: DataFolder) throws -> KioskLog {
        try folder.create()
        let descriptor = open(folder.logURL.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: folder.logURL.path])
        }
        let saved = dup(STDERR_FILENO)
        dup2(descriptor, STDERR_FILENO)
        close(descriptor)
        return KioskLog(savedStandardError: saved)
    }

    /// Puts stderr back where it was (before an error message meant for the person at the terminal).
    func restoreStandardError() {
        guard savedStandardError >= 0 else { return }
        dup2(savedStandardError, STDERR_FILENO)
    }

    /// Appends a time-stamped line.
    func write(_ message: String) {
        let stamp = Date().formatted(.iso8601)
        FileHandle.standardError.write(Data("\(stamp) \(message)\n".utf8))
    }
}
