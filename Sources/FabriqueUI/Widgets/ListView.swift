/// Which row of a list has the focus. Keys move it over the rows that can be chosen, skipping the
/// others (place headings, full slots); the list scrolls so that the focus stays in view.
struct ListState: Sendable, Equatable {
    /// The focused row.
    private(set) var focus: Int
    /// Rows a Page Up or Page Down moves over.
    static let page = 5

    /// A list focused on `focus`, or on the first row that can be chosen when `focus` cannot be.
    init(focus: Int = 0, selectable: [Bool] = []) {
        self.focus = focus
        if !selectable.isEmpty, !(selectable.indices.contains(focus) && selectable[focus]) {
            self.focus = selectable.firstIndex(of: true) ?? 0
        }
    }

    /// A list of `count` rows that can all be chosen, focused on `focus`.
    init(focus: Int, count: Int) {
        self.focus = max(0, min(focus, count - 1))
    }

    /// Moves the focus for ↑ ↓ Page Up Page Down Home End over `selectable`; returns false for any
    /// other key (which the screen then handles).
    mutating func handle(_ key: Key, selectable: [Bool]) -> Bool {
        switch key {
        case .up: focus = Self.next(from: focus, step: -1, repeats: 1, in: selectable)
        case .down: focus = Self.next(from: focus, step: 1, repeats: 1, in: selectable)
        case .pageUp: focus = Self.next(from: focus, step: -1, repeats: Self.page, in: selectable)
        case .pageDown: focus = Self.next(from: focus, step: 1, repeats: Self.page, in: selectable)
        case .home: focus = selectable.firstIndex(of: true) ?? focus
        case .end: focus = selectable.lastIndex(of: true) ?? focus
        default: return false
        }
        return true
    }

    /// `handle` for a list of `count` rows that can all be chosen.
    mutating func handle(_ key: Key, count: Int) -> Bool {
        handle(key, selectable: Array(repeating: true, count: count))
    }

    /// Focuses `index` (a number typed, a click), when that row can be chosen.
    mutating func focus(on index: Int, selectable: [Bool]) {
        if selectable.indices.contains(index), selectable[index] { focus = index }
    }

    /// Keeps the focus inside a list that now has `count` rows.
    mutating func clamp(to count: Int) {
        focus = max(0, min(focus, count - 1))
    }

    /// The first row shown in `visible` rows, keeping the focus near the middle.
    func top(count: Int, visible: Int) -> Int {
        ListView.top(selected: focus, count: count, height: visible)
    }

    /// The selectable row `repeats` steps of `step` away, staying put at the ends.
    private static func next(from index: Int, step: Int, repeats: Int, in selectable: [Bool]) -> Int {
        var current = index
        for _ in 0..<repeats {
            var candidate = current + step
            while selectable.indices.contains(candidate), !selectable[candidate] { candidate += step }
            guard selectable.indices.contains(candidate) else { break }
            current = candidate
        }
        return current
    }
}

/// Draws lists: one line a row, or several lines an item; the focused one highlighted, ▲ and ▼ where
/// more is above or below, click targets on the rows that can be chosen.
enum ListView {
    /// One line of the list.
    struct Row: Sendable, Equatable {
        var text: String
        var style: Style = .normal
        var selectable: Bool = true
    }

    /// Where a list is drawn.
    struct Frame {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
    }

    /// Draws `rows` in the frame around `state`'s focus; returns the focused row's first cell (for the cursor).
    @discardableResult
    static func draw(_ rows: [Row], state: ListState, on canvas: inout Canvas, in frame: Frame) -> Point? {
        drawItems(count: rows.count, linesEach: 1, state: state, on: &canvas, in: frame,
                  selectable: { rows[$0].selectable }) { index, y, focused, canvas in
            let row = rows[index]
            canvas.write((focused ? "▶ " : "  ") + TextWidth.truncate(row.text, to: frame.width - 2), x: frame.x, y: y,
                         style: focused ? .selected : row.style)
        }
    }

    /// Draws `count` items of `linesEach` lines around the focus (with `gap`, the last of those lines is
    /// left blank, and may fall below the frame); `drawItem` writes an item's lines from its first row.
    /// Returns the focused item's first cell.
    @discardableResult
    static func drawItems(count: Int, linesEach: Int, gap: Bool = false, state: ListState, on canvas: inout Canvas,
                          in frame: Frame, selectable: (Int) -> Bool = { _ in true },
                          drawItem: (_ index: Int, _ y: Int, _ focused: Bool, _ canvas: inout Canvas) -> Void) -> Point? {
        guard frame.height > 0, count > 0 else { return nil }
        let visible = max(1, (frame.height + (gap ? 1 : 0)) / linesEach)
        let targetLines = gap ? linesEach - 1 : linesEach
        let top = state.top(count: count, visible: visible)
        var cursor: Point?
        for index in top..<min(count, top + visible) {
            let y = frame.y + (index - top) * linesEach
            let focused = index == state.focus
            if selectable(index) {
                for line in y..<min(y + targetLines, frame.y + frame.height) { canvas.targets[line] = index }
            }
            if focused {
                canvas.fill(x: frame.x, y: y, width: frame.width, height: 1, style: .selected)
                cursor = Point(x: frame.x, y: y)
            }
            drawItem(index, y, focused, &canvas)
        }
        scrollMarks(on: &canvas, in: frame, above: top > 0, below: top + visible < count)
        return cursor
    }

    /// ▲ in the frame's top right corner when more is above, ▼ in its bottom right corner when more is below.
    static func scrollMarks(on canvas: inout Canvas, in frame: Frame, above: Bool, below: Bool) {
        if above { canvas.write("▲", x: frame.x + frame.width - 1, y: frame.y, style: .accent) }
        if below { canvas.write("▼", x: frame.x + frame.width - 1, y: frame.y + frame.height - 1, style: .accent) }
    }

    /// The first row shown, keeping the selection near the middle.
    static func top(selected: Int, count: Int, height: Int) -> Int {
        max(0, min(selected - height / 2, count - height))
    }
}
