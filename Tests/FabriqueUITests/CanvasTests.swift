import FabriqueUI
import Testing

@Suite("Cells, widths and wrapping")
struct CanvasTests {
    @Test("display widths follow the terminal's rules")
    func widths() {
        #expect(TextWidth.of("é") == 1)
        #expect(TextWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(TextWidth.of("—") == 1)
        #expect(TextWidth.of("«") == 1)
        #expect(TextWidth.of("李") == 2)
        #expect(TextWidth.of("😀") == 2)
        #expect(TextWidth.of("Zoé 李") == 6)
        #expect(TextWidth.of("\u{1B}") == 0)
    }

    @Test("a text of plain scalars is measured and drawn as walking its characters would: each scalar one character of one column")
    func plainTexts() {
        // Every scalar below U+0400 and some beyond, alone, between letters, and before a combining mark or a joiner.
        let values = Array(0..<0x400) + Array(0x2000..<0x2200) + Array(0x2500..<0x2600)
        let scalars = values.compactMap(Unicode.Scalar.init) + ["\u{FE0F}", "李", "😀", "\u{1F3FD}", "\u{1F1EB}", "\u{1100}", "\u{1161}"]
        var plain = 0
        for scalar in scalars {
            for text in ["\(scalar)", "a\(scalar)b", "\(scalar)\u{301}", "\(scalar)\(scalar)", "\r\(scalar)\n", "é\(scalar)"] {
                let walked = text.reduce(0) { $0 + TextWidth.of($1) }
                #expect(TextWidth.of(text) == walked, "\(text.unicodeScalars.map { $0.value })")
                guard let columns = TextWidth.plainColumns(text) else { continue }
                plain += 1
                #expect(columns == walked && text.count == text.unicodeScalars.count, "\(text.unicodeScalars.map { $0.value })")
                var canvas = Canvas(size: Size(width: 8, height: 1))
                #expect(canvas.write(text, x: 1, y: 0) == 1 + columns)
                #expect((0..<columns).map { canvas[1 + $0, 0].character } == Array(text))
            }
        }
        #expect(plain > 4_000)
        #expect(TextWidth.plainColumns("e\u{301}") == nil && TextWidth.plainColumns("a\u{AD}b") == nil && TextWidth.plainColumns("\r\n") == nil)
        // Drawn over a wide character, a plain one still blanks its other half.
        var canvas = Canvas(size: Size(width: 4, height: 1))
        canvas.write("李", x: 0, y: 0)
        canvas.write("é", x: 1, y: 0)
        #expect(canvas.line(0) == " é")
    }

    @Test("the cells handed to a terminal are those that changed, within the window; all of them without a previous frame of that size")
    func changedCells() {
        var before = Canvas(size: Size(width: 5, height: 3))
        before.write("abcde", x: 0, y: 0)
        var after = before
        after.write("X", x: 1, y: 0)
        after.write("Y", x: 4, y: 2, style: .alert)
        after.write("Z", x: 0, y: 2)
        var seen: [String] = []
        after.forEachCell(rows: 3, columns: 5, differingFrom: before) { x, y, cell in seen.append("\(x),\(y),\(cell.character.map(String.init) ?? "-")") }
        #expect(seen == ["1,0,X", "0,2,Z", "4,2,Y"])
        seen = []
        after.forEachCell(rows: 3, columns: 4, differingFrom: before) { x, y, _ in seen.append("\(x),\(y)") }
        #expect(seen == ["1,0", "0,2"])
        var count = 0
        after.forEachCell(rows: 9, columns: 9, differingFrom: nil) { _, _, _ in count += 1 }
        #expect(count == 15)
        count = 0
        after.forEachCell(rows: 2, columns: 5, differingFrom: Canvas(size: Size(width: 4, height: 3))) { _, _, _ in count += 1 }
        #expect(count == 10)
    }

    @Test("wide characters take two cells and are cut whole at the edge")
    func wideCharacters() {
        var canvas = Canvas(size: Size(width: 4, height: 1))
        let end = canvas.write("a李李", x: 0, y: 0)
        #expect(end == 3)
        #expect(canvas.line(0) == "a李")
        canvas.write("b", x: 2, y: 0)  // over the second half of 李
        #expect(canvas.line(0) == "a b")
    }

    @Test("control characters never reach the canvas")
    func controls() {
        var canvas = Canvas(size: Size(width: 20, height: 1))
        canvas.write("A\u{1B}[2JB\u{7}C", x: 0, y: 0)
        #expect(canvas.line(0) == "A[2JBC")
    }

    @Test("wrapping breaks at spaces by width and cuts words longer than a line")
    func wrapping() {
        #expect(TextWidth.wrap("Vous avez une idée, un projet ?", width: 12) == ["Vous avez", "une idée, un", "projet ?"])
        #expect(TextWidth.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWidth.wrap("un\ndeux", width: 10) == ["un", "deux"])
        #expect(TextWidth.truncate("Bédier-Beauval-Morellerie", to: 10) == "Bédier-Be…")
        #expect(TextWidth.truncate("court", to: 10) == "court")
    }

    @Test("frames use rounded box drawing")
    func frame() {
        var canvas = Canvas(size: Size(width: 4, height: 3))
        canvas.frame(x: 0, y: 0, width: 4, height: 3)
        #expect(canvas.lines == ["╭──╮", "│  │", "╰──╯"])
    }
}
