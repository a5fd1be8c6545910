import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueUI
import FoundationEssentials

/// `fabrique validate`: checks the catalogue and lists every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliValidateAbstract))

    @OptionGroup var common: CommonOptions

    func run() throws {
        let clock = try common.clock()
        let folder = common.dataFolder
        let strings = cli.strings
        if folder.hasCatalogue {
            print(strings.text(.cliValidateSourceFolder, ["path": folder.catalogueURL.path]))
        } else {
            print(strings.text(.cliValidateSourceEmbedded, ["path": folder.url.path]))
        }
        let report = CatalogueLoader.load(from: folder.catalogueToRead(embedded: EmbeddedData.catalogueURL), gaps: true)
        let writer = ProblemText(strings: strings)
        report.problems.forEach { print(writer.line($0)) }
        // settings.json and the records are checked too; the settings' site must be one of the catalogue's.
        let settings = KioskSettings.load(from: folder)
        var otherProblems = settings.problems
        if let site = settings.settings?.site, let catalogue = report.catalogue, catalogue.site(site) == nil {
            let url = folder.url.appendingPathComponent("settings.json")
            // Placed at its line and column, with the places that would do.
            let document = (try? Data(contentsOf: url)).flatMap { try? JSONDocument(parsing: $0) }
            otherProblems.append(Problem(file: url.path, location: document?.location(of: [.key("site")]),
                                         path: [.key("site")], issue: .unknownReference(.site, id: site, known: catalogue.sites.map(\.id).sorted())))
        }
        // Records that cannot be read stop bookings: staff repair them from the .prev copy beside them.
        otherProblems += BookingStore(dataFolder: folder).unreadableFiles()
        // So do outcomes and staff's links, which the report needs.
        otherProblems += [OutcomeStore(dataFolder: folder).unreadable(), PersonLinkStore(dataFolder: folder).unreadable()].compactMap { $0 }
        if let catalogue = report.catalogue {
            let bookings = BookingStore(dataFolder: folder)
            otherProblems += OutcomeStore(dataFolder: folder).contentProblems(catalogue: catalogue) { reference in
                (try? bookings.find(reference: reference)) != nil
            }
        }
        // Bytes a writer cut from the end of a journal, kept for staff to look at: a warning; a file at
        // that name that is no regular file (which would stop that writer) an error.
        let cuts = folder.keptJournalCuts()
        otherProblems += cuts.filter { $0.issue.severity == .error }
        // staff.json is checked as the kiosk reads it: a hand-edited hash must not crash or freeze it.
        if case .failure(let problem) = StaffFile.load(from: folder) { otherProblems.append(problem) }
        otherProblems.forEach { print(writer.line($0)) }
        // Personal data kept past the retention is a warning: `fabrique purge` removes it.
        var warnings = Retention.leftovers(in: folder, today: LocalDate(clock.now()))
        // So is a slot to come holding more bookings than places: staff move someone, or raise the capacity.
        if let catalogue = report.catalogue {
            let absences = (try? AbsenceStore(dataFolder: folder).absences()) ?? []
            warnings += BookingStore(dataFolder: folder).overbooked(schedule: Schedule(catalogue: catalogue.adding(absences: absences)),
                                                                   from: LocalDate(clock.now()), days: catalogue.rules.horizonDays + 1)
        }
        // So are bytes a writer cut from the end of a journal: perhaps a whole booking, damaged.
        warnings += cuts.filter { $0.issue.severity != .error }
        warnings.forEach { print(writer.line($0)) }
        if let catalogue = report.catalogue, report.isUsable, otherProblems.isEmpty {
            if !report.problems.isEmpty || !warnings.isEmpty { print(summary(report, more: warnings.count)) }
            print(strings.text(.cliValidateOk, ["sites": "\(catalogue.sites.count)",
                                                "partners": "\(catalogue.partners.count)",
                                                "permanences": "\(catalogue.permanences.count)"]))
            return
        }
        print(summary(report, errors: otherProblems.count, more: warnings.count))
        print(strings.text(.cliValidateInvalid))
        throw ExitCode(ExitStatus.dataError)
    }

    /// How many errors and warnings were printed: the catalogue's, then `errors` and `more` warnings of the other files.
    private func summary(_ report: CatalogueReport, errors: Int = 0, more: Int) -> String {
        cli.strings.text(.cliValidateSummary, ["errors": "\(report.errors.count + errors)",
                                               "warnings": "\(report.problems.count - report.errors.count + more)"])
    }
}
