/// A vertical list with one selected line, scrolled to keep the selection in view.
struct ListView {
    /// One line of the list.
    struct Row: Sendable, Equatable {
        var text: String
        var style: Style = .normal
        var selectable: Bool = true
    }

    /// Draws `rows` in the rectangle; returns the selected row's first cell (for the cursor).
    @discardableResult
    static func draw(_ rows: [Row], selected: Int, on canvas: inout Canvas, x: Int, y: Int, width: Int, height: Int) -> Point? {
        guard height > 0 else { return nil }
        let top = self.top(selected: selected, count: rows.count, height: height)
        var cursor: Point?
        for (offset, row) in rows.dropFirst(top).prefix(height).enumerated() {
            let index = top + offset
            let line = y + offset
            let isSelected = index == selected
            let style: Style = isSelected ? .selected : row.style
            if row.selectable { canvas.targets[line] = index }
            if isSelected {
                canvas.fill(x: x, y: line, width: width, height: 1, style: .selected)
                cursor = Point(x: x, y: line)
            }
            canvas.write((isSelected ? "▶ " : "  ") + TextWidth.truncate(row.text, to: width - 2), x: x, y: line, style: style)
        }
        if top > 0 { canvas.write("▲", x: x + width - 1, y: y, style: .accent) }
        if top + height < rows.count { canvas.write("▼", x: x + width - 1, y: y + height - 1, style: .accent) }
        return cursor
    }

    /// The first row shown, keeping the selection near the middle.
    static func top(selected: Int, count: Int, height: Int) -> Int {
        max(0, min(selected - height / 2, count - height))
    }

    /// The next selectable index from `index` going `step` (+1 or -1), staying put at the ends.
    static func move(_ index: Int, by step: Int, in rows: [Row]) -> Int {
        var next = index + step
        while rows.indices.contains(next) {
            if rows[next].selectable { return next }
            next += step
        }
        return index
    }
}
