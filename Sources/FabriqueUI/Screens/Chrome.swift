/// The parts every screen shares: the title bar at the top and the key hint bar at the bottom.
enum Chrome {
    /// One key and what it does, as shown in the hint bar.
    struct Hint {
        var key: String
        var label: String
    }

    /// Draws the title bar: the programme's name and place on the left, the date on the right.
    static func titleBar(_ canvas: inout Canvas, left: String, right: String) {
        let width = canvas.size.width
        canvas.fill(x: 0, y: 0, width: width, height: 1, style: .title)
        let rightWidth = TextWidth.of(right)
        let room = max(0, width - rightWidth - 3)
        canvas.write(TextWidth.truncate(left, to: room), x: 1, y: 0, style: .title)
        if rightWidth + 2 <= width { canvas.write(right, x: width - rightWidth - 1, y: 0, style: .title) }
    }

    /// Draws the hint bar on the last row.
    static func hintBar(_ canvas: inout Canvas, hints: [Hint]) {
        let y = canvas.size.height - 1
        canvas.fill(x: 0, y: y, width: canvas.size.width, height: 1, style: .hint)
        var x = 1
        for hint in hints {
            x = canvas.write(" \(hint.key) ", x: x, y: y, style: .hintKey)
            x = canvas.write(" \(hint.label)", x: x, y: y, style: .hint) + 3
        }
    }
}
