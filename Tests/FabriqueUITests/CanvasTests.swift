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
