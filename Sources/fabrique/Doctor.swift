import ArgumentParser
import Dispatch
import FabriqueCore
import FabriqueResources
import FabriqueServices
import FabriqueTerminal
import FabriqueUI
import FoundationEssentials
import Glibc
import Synchronization

/// `fabrique doctor`: checks what a terminal needs to run the kiosk and says, in plain words, what to fix.
/// Exit 0 only when nothing needs fixing (notes do not count).
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: cli.strings.text(.cliDoctorAbstract))

    // Not `CommonOptions`: a folder other users can write is one of the things doctor reports, not a reason to stop.
    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionData), valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp(cli.strings.text(.cliOptionNow), valueName: "DATE-TIME"))
    var now: String?

    @Flag(name: .long, help: ArgumentHelp(cli.strings.text(.cliDoctorTestPage)))
    var testPage = false

    @Option(name: .customLong("minimum-free-mb"), help: ArgumentHelp(cli.strings.text(.cliDoctorMinimumFree), valueName: "MB"))
    var minimumFreeMegabytes = 100

    func run() throws {
        let settings = CommonSettings(data: data, now: now)
        let findings = Checkup(folder: settings.dataFolder, clock: try settings.clock(), minimumFreeMegabytes: minimumFreeMegabytes,
                               testPage: testPage).findings()
        for finding in findings {
            let mark = finding.outcome == .ok ? "✓" : finding.outcome == .note ? "!" : "✗"
            print("\(mark) \(cli.strings.text(finding.key, finding.values))")
        }
        let failures = findings.filter { $0.outcome == .failure }.count
        print(cli.strings.text(failures == 0 ? .doctorAllWell : .doctorToFix, ["count": "\(failures)"]))
        if failures > 0 { throw ExitCode(ExitStatus.needsFixing) }
    }
}

/// One line of the check-up: how it went, and the sentence that says it.
struct Finding {
    enum Outcome { case ok, note, failure }
    let outcome: Outcome
    let key: StringKey
    var values: [String: String] = [:]
}

/// The checks, each on what this process can see: its terminal, its locale, the data folder, the clock.
struct Checkup {
    let folder: DataFolder
    let clock: Clock
    let minimumFreeMegabytes: Int
    let testPage: Bool

    func findings() -> [Finding] {
        var findings = terminal()
        let settings = KioskSettings.load(from: folder)
        findings.append(dataFolder())
        let catalogue = self.catalogue(settings: settings.settings)
        findings += catalogue
        // An unknown place is said once, as a settings problem: not « settings.json lisible » besides.
        if !catalogue.contains(where: { $0.key == .doctorSiteUnknown }) { findings.append(settingsFinding(settings.problems)) }
        findings.append(disk())
        findings += printing(settings.settings)
        if let width = settings.settings?.ticketWidth {
            findings.append(Finding(outcome: .ok, key: .doctorReceipt,
                                    values: ["width": "\(width)", "cut": cli.strings.text(settings.settings?.ticketCut == true ? .doctorReceiptCut : .doctorReceiptNoCut)]))
        }
        findings += clockFindings()
        findings.append(pin())
        return findings
    }

    private func terminal() -> [Finding] {
        let environment = ProcessInfo.processInfo.environment
        let probe = TerminalProbe.current(term: environment["TERM"] ?? "")
        var findings: [Finding] = []
        switch probe.kind {
        case .unknown:
            findings.append(Finding(outcome: .failure, key: .doctorTermUnknown, values: ["term": probe.term]))
        case .cannotAddressCursor:
            findings.append(Finding(outcome: .failure, key: .doctorTermDumb, values: ["term": probe.term]))
        case .usable(let colors):
            findings.append(Finding(outcome: .ok, key: .doctorTermOk, values: ["term": probe.term, "colors": "\(colors)"]))
        }
        if let size = probe.size {
            let fits = size.width >= Size.minimum.width && size.height >= Size.minimum.height
            findings.append(Finding(outcome: fits ? .ok : .failure, key: fits ? .doctorSizeOk : .doctorSizeSmall,
                                    values: ["width": "\(size.width)", "height": "\(size.height)",
                                             "minimum": "\(Size.minimum.width) × \(Size.minimum.height)"]))
        } else {
            findings.append(Finding(outcome: .failure, key: .doctorNotTerminal))
        }
        // The kiosk switches to C.UTF-8 by itself when the locale is not UTF-8: worth knowing, nothing to fix.
        let utf8 = ["UTF-8", "utf8"].contains(probe.codeset)
        findings.append(Finding(outcome: utf8 ? .ok : .note, key: utf8 ? .doctorUtf8Ok : .doctorUtf8Missing, values: ["codeset": probe.codeset]))
        return findings
    }

    private func dataFolder() -> Finding {
        let path = folder.url.path
        var status = stat()
        guard stat(path, &status) == 0 else { return Finding(outcome: .failure, key: .doctorFolderMissing, values: ["path": path]) }
        if let problem = folder.unfitness() {
            return Finding(outcome: .failure, key: .doctorFolderUnfit, values: ["path": path, "problem": ProblemText(strings: cli.strings).line(problem)])
        }
        let owner = getpwuid(status.st_uid).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "\(status.st_uid)"
        let values = ["path": path, "owner": owner, "mode": String(status.st_mode & 0o777, radix: 8)]
        guard status.st_uid == geteuid() else { return Finding(outcome: .failure, key: .doctorFolderOwner, values: values) }
        guard access(path, W_OK | X_OK) == 0 else { return Finding(outcome: .failure, key: .doctorFolderReadOnly, values: values) }
        return Finding(outcome: .ok, key: .doctorFolderOk, values: values)
    }

    private func catalogue(settings: KioskSettings?) -> [Finding] {
        let report = CatalogueLoader.load(from: folder.catalogueToRead(embedded: EmbeddedData.catalogueURL))
        let values = ["path": report.folder.path, "errors": "\(report.errors.count)",
                      "warnings": "\(report.problems.count - report.errors.count)"]
        guard let catalogue = report.catalogue, report.isUsable else {
            let fallback = LastGoodCatalogue(dataFolder: folder).load() != nil
            return [Finding(outcome: .failure, key: fallback ? .doctorCatalogueErrorsLastGood : .doctorCatalogueErrors, values: values)]
        }
        var findings = [Finding(outcome: .ok, key: .doctorCatalogueOk, values: values.merging(["sites": "\(catalogue.sites.count)"]) { $1 })]
        if let site = settings?.site, catalogue.site(site) == nil {
            findings.append(Finding(outcome: .failure, key: .doctorSiteUnknown,
                                    values: ["site": site, "sites": catalogue.sites.map(\.id).joined(separator: ", ")]))
        }
        return findings
    }

    private func settingsFinding(_ problems: [Problem]) -> Finding {
        guard let first = problems.first else { return Finding(outcome: .ok, key: .doctorSettingsOk) }
        return Finding(outcome: .failure, key: .doctorSettingsBroken, values: ["problem": ProblemText(strings: cli.strings).line(first)])
    }

    private func disk() -> Finding {
        // The nearest folder that exists: the data folder itself, or where it will be created.
        var url = folder.url
        while !FileManager.default.fileExists(atPath: url.path) && url.path != "/" { url.deleteLastPathComponent() }
        var space = statvfs()
        guard statvfs(url.path, &space) == 0 else { return Finding(outcome: .failure, key: .doctorDiskUnknown, values: ["path": url.path]) }
        let free = Int(UInt64(space.f_bavail) * UInt64(space.f_frsize) / 1_048_576)
        let values = ["free": "\(free)", "minimum": "\(minimumFreeMegabytes)"]
        return Finding(outcome: free >= minimumFreeMegabytes ? .ok : .failure, key: free >= minimumFreeMegabytes ? .doctorDiskOk : .doctorDiskLow,
                       values: values)
    }

    private func printing(_ settings: KioskSettings?) -> [Finding] {
        guard let command = settings?.printCommand, !command.isEmpty else { return [Finding(outcome: .note, key: .doctorPrintNone)] }
        // The program the command starts with must be found as the kiosk's shell would find it.
        let program = Self.program(of: command)
        let found = Self.shellFinds(program)
        guard found else { return [Finding(outcome: .failure, key: .doctorPrintMissing, values: ["command": command, "program": program])] }
        guard testPage else { return [Finding(outcome: .ok, key: .doctorPrintFound, values: ["command": command])] }
        return [testPageFinding(command, cut: settings?.ticketCut == true, width: settings?.ticketWidth)]
    }

    /// The program a shell command line starts with: past `NAME=value` words, up to the first blank or
    /// shell punctuation (`lp -d accueil` → `lp`, `LANG=C cat` → `cat`, `lp;…` → `lp`).
    static func program(of command: String) -> String {
        let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" })
        let first = words.first { word in
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return true }
            return !word[..<equals].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        } ?? ""
        return String(first.prefix { !";|&<>()$`'\"".contains($0) })
    }

    /// Whether `/bin/sh` finds `program` (a path, a builtin or a name on PATH).
    private static func shellFinds(_ program: String) -> Bool {
        // The name goes as an argument, never into the script: no quoting to get wrong.
        guard case .success(let child) = ChildProcess.spawn("/bin/sh", arguments: ["sh", "-c", "command -v \"$1\" >/dev/null 2>&1", "sh", program])
        else { return false }
        return child.waitForExit() == 0
    }

    private func testPageFinding(_ command: String, cut: Bool, width: Int?) -> Finding {
        let page = FileManager.default.temporaryDirectory.appendingPathComponent("fabrique-test-page-\(getpid()).txt")
        var text = cli.strings.text(.doctorTestPageText, ["date": DateText.longDay(clock.now(), cli.strings)])
        // On a receipt printer the page is laid out to its width, as tickets are.
        if let width { text = TextWidth.wrap(text, width: width).joined(separator: "\n") + "\n" }
        if cut { text += "\n\n\n" + KioskRuntime.receiptCut }
        guard (try? text.write(to: page, atomically: true, encoding: .utf8)) != nil else {
            return Finding(outcome: .failure, key: .doctorPrintFailed, values: ["command": command, "status": "-"])
        }
        defer { try? FileManager.default.removeItem(at: page) }
        let status = Mutex<Int32?>(nil)
        let done = DispatchSemaphore(value: 0)
        let printer = PrintCommand(command: command, log: { _ in })
        let started = Date()
        printer.start(ticket: page, reference: "test-page") { code in
            status.withLock { $0 = code }
            done.signal()
        }
        done.wait()
        let code = status.withLock { $0 }
        if code != 0 && Date().timeIntervalSince(started) >= printer.timeLimit {
            return Finding(outcome: .failure, key: .doctorPrintTimeout, values: ["command": command, "seconds": "\(Int(printer.timeLimit))"])
        }
        guard code == 0 else { return Finding(outcome: .failure, key: .doctorPrintFailed, values: ["command": command, "status": code.map { "\($0)" } ?? "-"]) }
        return Finding(outcome: .ok, key: .doctorPrintSent, values: ["command": command])
    }

    private func clockFindings() -> [Finding] {
        let now = clock.now()
        let today = LocalDate(now)
        var findings: [Finding] = []
        let values = ["date": DateText.longDay(now, cli.strings), "time": DateText.time(now, cli.strings.language)]
        // A clock that went back would date bookings and check-ins wrongly: the log was written after it.
        let log = folder.url.appendingPathComponent("fabrique.log")
        let logged = (try? FileManager.default.attributesOfItem(atPath: log.path)[.modificationDate]) as? Date
        if today.year < 2025 || today.year > 2099 {
            findings.append(Finding(outcome: .failure, key: .doctorClockImplausible, values: values))
        } else if let logged, logged.timeIntervalSince(now) > 300 {
            findings.append(Finding(outcome: .failure, key: .doctorClockBehind,
                                    values: values.merging(["logged": "\(DateText.longDay(logged, cli.strings)) \(DateText.time(logged, cli.strings.language))"]) { $1 }))
        } else {
            findings.append(Finding(outcome: .ok, key: .doctorClockOk, values: values))
        }
        // The kiosk reckons in Paris time whatever the system's zone; other tools (logs, cron) do not.
        let zone = ProcessInfo.processInfo.environment["TZ"]
            ?? (try? FileManager.default.destinationOfSymbolicLink(atPath: "/etc/localtime")).map { $0.components(separatedBy: "zoneinfo/").last ?? $0 }
            ?? "UTC"
        findings.append(Finding(outcome: zone.hasSuffix("Europe/Paris") ? .ok : .note, key: zone.hasSuffix("Europe/Paris") ? .doctorZoneOk : .doctorZoneOther,
                                values: ["zone": zone]))
        return findings
    }

    private func pin() -> Finding {
        switch StaffFile.load(from: folder) {
        case .success(.some): return Finding(outcome: .ok, key: .doctorPinOk)
        case .success(.none): return Finding(outcome: .failure, key: .doctorPinMissing, values: ["path": folder.url.path])
        case .failure(let problem):
            return Finding(outcome: .failure, key: .doctorPinBroken, values: ["problem": ProblemText(strings: cli.strings).line(problem)])
        }
    }
}
