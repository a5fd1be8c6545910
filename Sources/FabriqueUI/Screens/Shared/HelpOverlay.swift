/// The help for the current screen, over it, until any key.
enum HelpOverlay {
    /// Draws the help of a screen with `traits`: the language key it really takes (F2 where letters are
    /// typed, L elsewhere) and the idle time that applies to it (staff screens say theirs in their own help).
    static func draw(on canvas: inout Canvas, strings: Strings, traits: ScreenTraits, idleSeconds: Int) {
        let screen = traits.help
        let common = traits.isStaff
            ? strings.text(.helpCommonStaff)
            : strings.text(.helpCommon, ["seconds": "\(idleSeconds)", "languageKey": traits.takesTyping ? "F2" : strings.text(.hintLanguageKey)])
        let width = min(canvas.size.width - 8, 68)
        let inner = width - 4
        var lines = TextWidth.wrap(strings.text(screen), width: inner) + [""]
            + TextWidth.wrap(common, width: inner) + [""]
        lines.append(strings.text(.helpClose))
        let height = min(canvas.size.height - 4, lines.count + 4)
        let x = (canvas.size.width - width) / 2
        let y = (canvas.size.height - height) / 2
        canvas.fill(x: x, y: y, width: width, height: height, style: .normal)
        canvas.frame(x: x, y: y, width: width, height: height)
        canvas.write(" \(strings.text(.helpTitle)) ", x: x + 2, y: y, style: .accent)
        for (index, line) in lines.prefix(height - 4).enumerated() {
            canvas.write(line, x: x + 2, y: y + 2 + index, style: index == lines.count - 1 ? .muted : .normal)
        }
        canvas.cursor = Point(x: x + 2, y: y + 2)
    }
}
