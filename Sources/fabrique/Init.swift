import ArgumentParser
import FabriqueCore
import FabriqueResources
import FabriqueUI
import FoundationEssentials

/// `fabrique init`: copies the embedded catalogue into the data folder for editing.
struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliInitAbstract))

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = try common.clock()
        let folder = common.dataFolder
        do {
            let result = try folder.installCatalogue(from: EmbeddedData.catalogueURL)
            result.copied.forEach { print(cli.strings.text(.cliInitCopied, ["path": $0])) }
            result.kept.forEach { print(cli.strings.text(.cliInitKept, ["path": $0])) }
            print(cli.strings.text(.cliInitDone, ["path": folder.catalogueURL.path]))
        } catch {
            cli.fail(.cliErrorDataFolder, ["path": folder.url.path, "reason": SystemText.reason(error)])
            throw ExitCode(ExitStatus.cannotCreate)
        }
    }
}
