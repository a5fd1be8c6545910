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
        if let catalogue = report.catalogue, report.isUsable {
            if !report.problems.isEmpty { print(summary(report)) }
            print(strings.text(.cliValidateOk, ["sites": "\(catalogue.sites.count)",
                                                "partners": "\(catalogue.partners.count)",
                                                "permanences": "\(catalogue.permanences.count)"]))
            return
        }
        print(summary(report))
        print(strings.text(.cliValidateInvalid))
        throw ExitCode(ExitStatus.dataError)
    }

    private func summary(_ report: CatalogueReport) -> String {
        let errors = report.errors.count
        return cli.strings.text(.cliValidateSummary, ["errors": "\(errors)",
                                                      "warnings": "\(report.problems.count - errors)"])
    }
}
