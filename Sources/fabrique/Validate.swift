import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueUI
import Foundation

/// `fabrique validate`: checks the catalogue and lists every problem.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliValidateAbstract))

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = try common.clock()
        let folder = common.dataFolder
        let strings = cli.strings
        if folder.hasCatalogue {
            print(strings.text(.cliValidateSourceFolder, ["path": folder.catalogueURL.path]))
        } else {
            print(strings.text(.cliValidateSourceEmbedded, ["path": folder.url.path]))
        }
        let report = CatalogueLoader.load(from: folder.hasCatalogue ? folder.catalogueURL : EmbeddedData.catalogueURL)
        let writer = ProblemText(strings: strings)
        report.problems.forEach { print(writer.line($0)) }
        // settings.json is checked too, and its site must be one of the catalogue's.
        var settingsProblems = KioskSettings.load(from: folder).problems
        if let site = KioskSettings.load(from: folder).settings?.site, let catalogue = report.catalogue, catalogue.site(site) == nil {
            settingsProblems.append(Problem(file: folder.url.appendingPathComponent("settings.json").path, location: nil,
                                            path: [.key("site")], issue: .unknownReference(.site, id: site)))
        }
        // Records that cannot be read stop bookings: staff repair them from the .prev copy beside them.
        settingsProblems += BookingStore(dataFolder: folder).unreadableFiles()
        settingsProblems.forEach { print(writer.line($0)) }
        if let catalogue = report.catalogue, report.isUsable, settingsProblems.isEmpty {
            if !report.problems.isEmpty { print(summary(report)) }
            print(strings.text(.cliValidateOk, ["sites": "\(catalogue.sites.count)",
                                                "partners": "\(catalogue.partners.count)",
                                                "permanences": "\(catalogue.permanences.count)"]))
            return
        }
        let errors = report.errors.count + settingsProblems.count
        print(cli.strings.text(.cliValidateSummary, ["errors": "\(errors)", "warnings": "\(report.problems.count - report.errors.count)"]))
        print(strings.text(.cliValidateInvalid))
        throw ExitCode(ExitStatus.dataError)
    }

    private func summary(_ report: CatalogueReport) -> String {
        let errors = report.errors.count
        return cli.strings.text(.cliValidateSummary, ["errors": "\(errors)",
                                                      "warnings": "\(report.problems.count - errors)"])
    }
}
