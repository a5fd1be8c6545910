import CNcursesw
import CTerminalGuard
public import FabriqueUI
import Glibc

/// Why the terminal could not be opened.
public enum TerminalError: Error, Sendable {
    /// Standard input or output is not a terminal.
    case notATerminal
    /// ncurses does not know the terminal type.
    case cannotOpen(term: String)
    /// The terminal cannot place the cursor (TERM=dumb): it would show nothing but the last line.
    case cannotAddressCursor(term: String)
}

/// The ncurses backend: copies canvases to the terminal and turns what it reads into events.
/// Owned by the main thread; everything it touches is process-wide terminal state.
public final class CursesTerminal: Terminal {
    private var screen: OpaquePointer?
    private let colors: Bool
    private var closed = false
    /// The last canvas drawn and the terminal's size then: only the cells that differ are handed to
    /// ncurses again (a key changes a few rows of 1,920 cells).
    private var drawn: (canvas: Canvas, size: Size)?
    /// The wide characters of one cell, reused: no allocation per cell.
    private var wide = [wchar_t](repeating: 0, count: 6)

    /// Puts the terminal in full-screen mode. `useColors` is honoured only when the terminal has colours.
    /// In kiosk mode (`raw`), Ctrl-C, Ctrl-Z and Ctrl-\\ arrive as keys the kiosk ignores, not as signals.
    public init(useColors: Bool, raw kioskMode: Bool = true) throws(TerminalError) {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
        CursesTerminal.forceUTF8Locale()
        // Handlers go in before ncurses starts, so that ncurses leaves SIGINT/SIGTERM to them.
        _ = fab_guard_install(STDIN_FILENO)
        guard let screen = newterm(nil, fab_stdout(), fab_stdin()) else {
            fab_guard_uninstall()
            let term = getenv("TERM").map { String(cString: $0) } ?? ""
            throw .cannotOpen(term: term)
        }
        self.screen = screen
        _ = set_term(screen)
        guard fab_can_address_cursor() != 0 else {
            _ = endwin()
            delscreen(screen)
            self.screen = nil
            closed = true
            fab_guard_uninstall()
            throw .cannotAddressCursor(term: getenv("TERM").map { String(cString: $0) } ?? "")
        }
        _ = kioskMode ? raw() : cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(fab_stdscr(), true)
        _ = set_escdelay(25)
        _ = intrflush(fab_stdscr(), false)
        // Clicks select where the terminal reports them; no delay waiting for double clicks.
        _ = mousemask(fab_button1_clicks(), nil)
        _ = mouseinterval(0)
        colors = useColors && has_colors()
        if colors { CursesTerminal.setUpColors() }
    }

    deinit {
        close()
    }

    /// Sets LC_CTYPE from the environment, then forces a UTF-8 one if that one is not UTF-8 (only
    /// C.UTF-8 is sure to exist). ncursesw needs only the character type; dates and words come from
    /// Foundation and the language files, and loading every category costs a dozen file reads at start.
    static func forceUTF8Locale() {
        _ = setlocale(LC_CTYPE, "")
        if fab_codeset_is_utf8() == 0 {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
    }

    /// The terminal's size now.
    public var size: Size {
        Size(width: Int(getmaxx(fab_stdscr())), height: Int(getmaxy(fab_stdscr())))
    }

    /// Waits up to `timeoutMilliseconds` for a key or a resize; nil when nothing happened.
    public func nextEvent(timeoutMilliseconds: Int32) -> KioskEvent? {
        wtimeout(fab_stdscr(), timeoutMilliseconds)
        var character: wint_t = 0
        let result = wget_wch(fab_stdscr(), &character)
        if result == ERR { return nil }
        if result == fab_key_code_yes() {
            let code = Int32(character)
            if code == fab_key_resize() { return .resize(size) }
            if code == fab_key_mouse() {
                var mouse = MEVENT()
                guard getmouse(&mouse) == OK, fab_is_button1_click(mouse.bstate) != 0 else { return .key(.unknown) }
                return .click(Point(x: Int(mouse.x), y: Int(mouse.y)))
            }
            return .key(CursesTerminal.key(forCode: code))
        }
        if character == 0x1B, swallowedSequence() {
            // A sequence ncurses does not know (ESC [ … or ESC O …): swallowed whole, so that neither its
            // Esc (which would close a field) nor its tail (which would act as command keys) reaches the screen.
            return .key(.unknown)
        }
        return .key(CursesTerminal.key(forCharacter: UInt32(character)))
    }

    /// After an Esc: when `[`, `O`, `]`, `P`, `_`, `^` or `X` is already waiting behind it (the starts of
    /// control sequences and strings, which no person types right after Esc), reads the sequence to its
    /// end and returns true; anything else is put back and the
    /// Esc stays an Esc (Alt+letter too: telling it from Esc then a letter typed while the kiosk was busy
    /// would need timing the terminal does not give).
    private func swallowedSequence() -> Bool {
        wtimeout(fab_stdscr(), 0)
        var next: wint_t = 0
        let result = wget_wch(fab_stdscr(), &next)
        if result == ERR { return false }
        if result == fab_key_code_yes() {
            _ = ungetch(Int32(next))
            return false
        }
        // ESC ] (OSC), ESC P (DCS), ESC _ (APC), ESC ^ (PM), ESC X (SOS): a string up to BEL or ESC \.
        let strings: Set<wint_t> = [0x5D, 0x50, 0x5F, 0x5E, 0x58]
        guard next == 0x5B || next == 0x4F || strings.contains(next) else {
            _ = unget_wch(wchar_t(next))
            return false
        }
        var previous: wint_t = 0
        while true {
            var byte: wint_t = 0
            let more = wget_wch(fab_stdscr(), &byte)
            if more == ERR || more == fab_key_code_yes() { return true }
            if strings.contains(next) {
                if byte == 0x07 || (previous == 0x1B && byte == 0x5C) { return true }
            } else if (0x40...0x7E).contains(byte) {
                return true
            }
            previous = byte
        }
    }

    static func key(forCode code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        default:
            for number in 1...12 where code == fab_key_f(Int32(number)) { return .function(number) }
            return .unknown
        }
    }

    static func key(forCharacter value: UInt32) -> Key {
        switch value {
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x08, 0x7F: return .backspace
        default:
            guard value >= 0x20, let scalar = Unicode.Scalar(value) else { return .unknown }
            return .character(Character(scalar))
        }
    }

    /// Drops the keys typed and not read yet (ncurses' `flushinp`), but not a change of the window's
    /// size among them: ncurses is told the size the terminal has now, which `size` then gives.
    public func discardPendingInput() {
        _ = flushinp()
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 else { return }
        if Int(window.ws_col) != Int(getmaxx(fab_stdscr())) || Int(window.ws_row) != Int(getmaxy(fab_stdscr())) {
            _ = resizeterm(Int32(window.ws_row), Int32(window.ws_col))
        }
    }

    /// Copies `canvas` to the terminal; ncurses sends only the cells that changed.
    public func draw(_ canvas: Canvas) {
        let window = fab_stdscr()
        let now = size
        let rows = min(canvas.size.height, now.height)
        let columns = min(canvas.size.width, now.width)
        // After a resize everything is drawn again; otherwise the cells that did not change are left to
        // ncurses as they are (what it sends the terminal it diffs itself).
        let previous = drawn.flatMap { $0.size == now && $0.canvas.size == canvas.size ? $0.canvas : nil }
        CursesTerminal.write(canvas, over: previous, rows: rows, columns: columns, colors: colors, wide: &wide)
        drawn = (canvas, now)
    }

    /// Hands ncurses the cells of `canvas` that differ from `previous` (all without it), places the
    /// cursor and refreshes: the one drawing path, for the loop's frames and for a frame drawn from
    /// inside a wait (`waitHooks`).
    private static func write(_ canvas: Canvas, over previous: Canvas?, rows: Int, columns: Int, colors: Bool,
                              wide: inout [wchar_t]) {
        let window = fab_stdscr()
        canvas.forEachCell(rows: rows, columns: columns, differingFrom: previous) { x, y, cell in
            guard let character = cell.character else { return }
            var count = 0
            for scalar in character.unicodeScalars where count < 5 {
                wide[count] = wchar_t(bitPattern: scalar.value)
                count += 1
            }
            wide[count] = 0
            var complex = cchar_t()
            let (attributes, pair) = look(cell.style, colors: colors)
            _ = setcchar(&complex, wide, attributes, pair, nil)
            // The bottom-right cell makes add_wch report an error after drawing it; that is expected.
            _ = mvwadd_wch(window, Int32(y), Int32(x), &complex)
        }
        if let cursor = canvas.cursor {
            _ = curs_set(1)
            _ = wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else {
            _ = curs_set(0)
        }
        _ = wrefresh(window)
    }

    /// Draws a frame from inside an effect that waits, and learns of a stop signal, without this object
    /// (which stays with the loop): ncurses' screen and the signal flag are the process's own.
    public var waitHooks: TerminalWaitHooks {
        let colors = self.colors
        return TerminalWaitHooks(show: { canvas in
            let size = Size(width: Int(fab_cols()), height: Int(fab_lines()))
            var wide = [wchar_t](repeating: 0, count: 6)
            CursesTerminal.write(canvas, over: nil, rows: min(canvas.size.height, size.height),
                                 columns: min(canvas.size.width, size.width), colors: colors, wide: &wide)
        }, stopRequested: { fab_guard_termination_signal() != 0 })
    }

    /// The next `draw` hands ncurses every cell again (after a frame drawn through `waitHooks`).
    public func forgetDrawn() {
        drawn = nil
    }

    /// The colour pair of a style (a switch, not a dictionary look-up per cell); pair 0 is the
    /// terminal's own colours.
    private static func pair(_ style: Style) -> Int16 {
        switch style {
        case .normal: return 0
        case .title: return 1
        case .accent: return 2
        case .hint, .fieldIdle: return 3
        case .hintKey: return 4
        case .emphasis: return 5
        case .selected: return 6
        case .field: return 7
        case .muted: return 8
        case .alert: return 9
        }
    }

    private static func setUpColors() {
        _ = start_color()
        _ = use_default_colors()
        _ = init_pair(1, Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        _ = init_pair(2, Int16(COLOR_CYAN), -1)
        _ = init_pair(3, Int16(COLOR_BLACK), Int16(COLOR_WHITE))
        _ = init_pair(4, Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        _ = init_pair(5, -1, -1)
        _ = init_pair(6, Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        _ = init_pair(7, Int16(COLOR_BLACK), Int16(COLOR_YELLOW))
        _ = init_pair(8, Int16(COLOR_WHITE), -1)
        _ = init_pair(9, Int16(COLOR_RED), -1)
    }

    private static func look(_ style: Style, colors: Bool) -> (attr_t, Int16) {
        if colors {
            let pair = CursesTerminal.pair(style)
            switch style {
            case .title, .hintKey, .emphasis, .alert: return (fab_wa_bold(), pair)
            case .muted: return (fab_wa_dim(), pair)
            default: return (fab_wa_normal(), pair)
            }
        }
        // Without colours (TERM=vt100, NO_COLOR) attributes alone carry the difference.
        switch style {
        case .normal: return (fab_wa_normal(), 0)
        case .title: return (fab_wa_reverse() | fab_wa_bold(), 0)
        case .accent: return (fab_wa_normal(), 0)
        case .emphasis: return (fab_wa_bold(), 0)
        case .hint: return (fab_wa_reverse(), 0)
        case .hintKey: return (fab_wa_bold(), 0)
        case .selected: return (fab_wa_reverse(), 0)
        case .field: return (fab_wa_underline() | fab_wa_bold(), 0)
        case .fieldIdle: return (fab_wa_underline(), 0)
        case .muted: return (fab_wa_dim(), 0)
        case .alert: return (fab_wa_bold(), 0)
        }
    }

    /// The termination signal received (SIGINT, SIGTERM, SIGHUP), or nil.
    public var terminationSignal: Int32? {
        let signal = fab_guard_termination_signal()
        return signal == 0 ? nil : signal
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = endwin()
        if let screen { delscreen(screen) }
        screen = nil
        fab_guard_uninstall()
    }
}
