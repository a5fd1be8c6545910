/// A size in terminal cells.
public struct Size: Sendable, Hashable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// The smallest terminal the kiosk lays its screens out for.
    public static let minimum = Size(width: 80, height: 24)

    /// Whether this size is at least `other` in both directions.
    public func contains(_ other: Size) -> Bool { width >= other.width && height >= other.height }

    public var description: String { "\(width)×\(height)" }
}

/// A cell position, column `x` and row `y`, from the top left.
public struct Point: Sendable, Hashable {
    public var x: Int
    public var y: Int

    /// Creates a point.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// What a piece of text is, so that the backend can give it colours or attributes.
public enum Style: Sendable, Hashable, CaseIterable {
    case normal
    /// The title bar at the top of every screen.
    case title
    /// Frames and headings.
    case accent
    /// Text that must stand out in the body.
    case emphasis
    /// The key hint bar at the bottom.
    case hint
    /// The key names inside the hint bar.
    case hintKey
    /// The selected line of a list.
    case selected
    /// A text field with the focus, and one without.
    case field, fieldIdle
    /// Something the visitor cannot choose (a full slot, an unmet condition).
    case muted
    /// A message that something went wrong.
    case alert
}

/// One terminal cell: a character and its style. A wide character fills its first cell; the cell
/// after it is a continuation that holds no character.
public struct Cell: Sendable, Hashable {
    /// The character shown, or nil for the second half of a wide character.
    public var character: Character?
    public var style: Style

    /// A blank cell.
    public static let blank = Cell(character: " ", style: .normal)
}

/// An in-memory screen: screens draw into it, the backend copies it to the terminal, tests read it.
public struct Canvas: Sendable, Hashable {
    public let size: Size
    private(set) var cells: [Cell]
    /// Where the terminal cursor should stand (the focused item), or nil to hide it.
    public var cursor: Point?
    /// Which item of the screen's list each row shows, so that a mouse click can choose it.
    public var targets: [Int: Int] = [:]

    /// A blank canvas.
    public init(size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    /// The cell at a position (a blank one outside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// Calls `body` with the column, row and cell of each cell within `rows` × `columns` that differs from
    /// the same cell of `previous` (each cell when `previous` is nil or of another size), row by row: what
    /// a backend hands the terminal after each key, walked without a copy of the canvas or a check per cell.
    public func forEachCell(rows: Int, columns: Int, differingFrom previous: Canvas?, _ body: (Int, Int, Cell) -> Void) {
        let rows = min(max(0, rows), size.height)
        let columns = min(max(0, columns), size.width)
        let before = previous.flatMap { $0.size == size ? $0.cells : nil }
        cells.withUnsafeBufferPointer { cells in
            for y in 0..<rows {
                let row = y * size.width
                for x in 0..<columns {
                    let cell = cells[row + x]
                    if let before, before[row + x] == cell { continue }
                    body(x, y, cell)
                }
            }
        }
    }

    /// Puts a character of width 1 or 2 at (x, y); the caller has checked that it fits.
    private mutating func set(_ character: Character, width: Int, style: Style, x: Int, y: Int) {
        guard x >= 0, y >= 0, x + width <= size.width, y < size.height else { return }
        for column in x..<(x + width) { breakWideCharacter(at: column, y: y) }
        cells[y * size.width + x] = Cell(character: character, style: style)
        if width == 2 { cells[y * size.width + x + 1] = Cell(character: nil, style: style) }
    }

    /// Overwriting half of a wide character blanks its other half, as a terminal does.
    private mutating func breakWideCharacter(at x: Int, y: Int) {
        let index = y * size.width + x
        if cells[index].character == nil, x > 0 {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style)
            cells[index] = Cell(character: " ", style: cells[index].style)
        } else if let character = cells[index].character, !character.isASCII, TextWidth.of(character) == 2, x + 1 < size.width {
            cells[index + 1] = Cell(character: " ", style: cells[index].style)
        }
    }

    /// Writes `text` from (x, y) on one row, clipped at the right edge; returns the column after it.
    /// A character is drawn whole or not at all, one cell per scalar of width 1 or 2 (see `TextWidth.cells`).
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .normal) -> Int {
        var column = x
        if TextWidth.plainColumns(text) != nil {
            // Each scalar a character one column wide (see `TextWidth.plainColumns`).
            for scalar in text.unicodeScalars {
                if column + 1 > size.width { break }
                if column >= 0 { set(Character(scalar), width: 1, style: style, x: column, y: y) }
                column += 1
            }
            return column
        }
        for character in text {
            let width = TextWidth.of(character)
            if width == 0 {
                continue  // stray combining marks and control characters are not drawn
            }
            if column + width > size.width { break }
            if character.unicodeScalars.count == 1 {
                if column >= 0 { set(character, width: width, style: style, x: column, y: y) }
                column += width
                continue
            }
            for cell in TextWidth.cells(of: character) {
                if column >= 0 { set(cell.glyph, width: cell.width, style: style, x: column, y: y) }
                column += cell.width
            }
        }
        return column
    }

    /// Writes `text` centred on row `y` within columns `x ..< x + width`, cut with `…` if too long.
    public mutating func writeCentered(_ text: String, x: Int = 0, y: Int, width: Int? = nil, style: Style = .normal) {
        let span = width ?? size.width - x
        let shown = TextWidth.truncate(text, to: span)
        write(shown, x: x + max(0, (span - TextWidth.of(shown)) / 2), y: y, style: style)
    }

    /// Fills a rectangle with spaces of one style.
    public mutating func fill(x: Int, y: Int, width: Int, height: Int, style: Style) {
        for row in y..<(y + max(0, height)) {
            for column in x..<(x + max(0, width)) {
                set(" ", width: 1, style: style, x: column, y: row)
            }
        }
    }

    /// Draws a frame with rounded corners around a rectangle.
    public mutating func frame(x: Int, y: Int, width: Int, height: Int, style: Style = .accent) {
        guard width >= 2, height >= 2 else { return }
        let horizontal = String(repeating: "─", count: width - 2)
        write("╭" + horizontal + "╮", x: x, y: y, style: style)
        write("╰" + horizontal + "╯", x: x, y: y + height - 1, style: style)
        for row in (y + 1)..<(y + height - 1) {
            write("│", x: x, y: row, style: style)
            write("│", x: x + width - 1, y: row, style: style)
        }
    }

    /// The text of one row, trailing spaces removed.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<size.width {
            if let character = self[x, y].character { text.append(character) }
        }
        while text.last == " " { text.removeLast() }
        return text
    }

    /// Every row's text, as a person reads the screen.
    public var lines: [String] { (0..<size.height).map(line) }

    /// The whole screen as text, one row a line.
    public var text: String { lines.joined(separator: "\n") }
}

extension Canvas {
    /// The canvas as a terminal limited to `glyphs` can show it: each character it lacks replaced by
    /// the nearest it has; a wide one (two columns) by its stand-in and a blank, so that columns stay put.
    public func limited(to glyphs: GlyphSet) -> Canvas {
        var shown = self
        var x = 0
        var y = 0
        for index in cells.indices {
            defer {
                x += 1
                if x == size.width { x = 0; y += 1 }
            }
            guard let character = cells[index].character, !character.isASCII, !glyphs.shows(character) else { continue }
            let stand = glyphs.nearest(character)
            shown.cells[index].character = stand
            // The second half of a wide character becomes a blank of the same style.
            if x + 1 < size.width, cells[index + 1].character == nil { shown.cells[index + 1].character = " " }
        }
        return shown
    }
}
