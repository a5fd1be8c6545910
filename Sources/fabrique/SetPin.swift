import ArgumentParser
import FabriqueCore
import FabriqueUI
import FoundationEssentials
import Glibc

/// `fabrique set-pin`: sets the staff PIN, stored only as a salted PBKDF2 hash in `staff.json`.
struct SetPin: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-pin", abstract: cli.strings.text(.cliSetPinAbstract))

    @OptionGroup var common: CommonOptions

    func run() throws {
        _ = try common.clock()
        let first = readSecret(prompt: cli.strings.text(.cliSetPinPrompt))
        guard let first, StaffCredential.isValidPIN(first) else {
            cli.fail(.cliSetPinInvalid)
            throw ExitCode(ExitStatus.usage)
        }
        guard readSecret(prompt: cli.strings.text(.cliSetPinAgain)) == first else {
            cli.fail(.cliSetPinMismatch)
            throw ExitCode(ExitStatus.usage)
        }
        let folder = common.dataFolder
        do {
            try StaffFile.save(try StaffCredential.make(pin: first), in: folder)
        } catch {
            cli.fail(.cliErrorDataFolder, ["path": folder.url.path, "reason": String(describing: error)])
            throw ExitCode(ExitStatus.cannotCreate)
        }
        print(cli.strings.text(.cliSetPinDone, ["path": folder.url.appendingPathComponent("staff.json").path]))
    }

    /// One line from the terminal with echo off, or from standard input when it is not a terminal.
    private func readSecret(prompt: String) -> String? {
        let interactive = isatty(STDIN_FILENO) == 1
        var saved = termios()
        if interactive {
            writeAll(prompt, to: STDERR_FILENO)
            tcgetattr(STDIN_FILENO, &saved)
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &quiet)
        }
        defer {
            if interactive {
                tcsetattr(STDIN_FILENO, TCSANOW, &saved)
                writeAll("\n", to: STDERR_FILENO)
            }
        }
        return readLine(strippingNewline: true).map { String(Blank.trimmed($0, keepingLineBreaks: true)) }
    }
}
