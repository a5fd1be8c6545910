/// Shown instead of any screen while the terminal is smaller than the layouts need.
public struct TooSmallScreen: Sendable {
    /// The size the layouts need.
    public let minimum: Size

    /// Creates the screen.
    public init(minimum: Size = .minimum) {
        self.minimum = minimum
    }

    /// Draws the message, wrapped to whatever width there is.
    public func render(size: Size, strings: Strings) -> Canvas {
        var canvas = Canvas(size: size)
        let needed = ["width": "\(minimum.width)", "height": "\(minimum.height)"]
        let current = ["width": "\(size.width)", "height": "\(size.height)"]
        let width = max(1, size.width - 2)
        var lines: [(String, Style)] = [(strings.text(.toosmallTitle), .emphasis), ("", .normal)]
        lines += TextWidth.wrap(strings.text(.toosmallBody, needed), width: width).map { ($0, .normal) }
        lines += TextWidth.wrap(strings.text(.toosmallCurrent, current), width: width).map { ($0, .normal) }
        let top = max(0, (size.height - lines.count) / 2)
        for (index, line) in lines.enumerated() where top + index < size.height {
            canvas.writeCentered(line.0, y: top + index, style: line.1)
        }
        return canvas
    }
}
