import CNcursesw
import Glibc

/// What this process's terminal is, found without taking it over (for `fabrique doctor`).
public struct TerminalProbe: Sendable {
    /// What terminfo says of a terminal type.
    public enum Kind: Sendable, Equatable {
        /// TERM is empty or terminfo does not know it.
        case unknown
        /// Known, but it cannot place the cursor (TERM=dumb): no screen can be drawn.
        case cannotAddressCursor
        /// Usable, with this many colours (0: none).
        case usable(colors: Int)
    }

    /// Whether standard input and output are a terminal.
    public let isTerminal: Bool
    /// The TERM variable.
    public let term: String
    public let kind: Kind
    /// Columns and rows, nil when not a terminal.
    public let size: (width: Int, height: Int)?
    /// The character set of the locale the environment sets (`UTF-8`, `ANSI_X3.4-1968`…).
    public let codeset: String

    /// Looks at this process's terminal and locale.
    public static func current(term: String) -> TerminalProbe {
        var colors: Int32 = 0
        let found = term.withCString { fab_probe_terminal($0, &colors) }
        let kind: Kind = found < 0 ? .unknown : found == 0 ? .cannotAddressCursor : .usable(colors: Int(colors))
        let isTerminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        var window = winsize()
        let size = isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0 && window.ws_col > 0
            ? (Int(window.ws_col), Int(window.ws_row)) : nil
        _ = setlocale(LC_CTYPE, "")
        let codeset = fab_codeset().map { String(cString: $0) } ?? ""
        return TerminalProbe(isTerminal: isTerminal, term: term, kind: kind, size: size, codeset: codeset)
    }
}
