public import FabriqueCore
public import Foundation

/// The first screen a visitor sees: the place, the date, a welcoming line and the keys.
public struct WelcomeScreen: Sendable {
    /// The place the kiosk stands in.
    public let site: Site

    /// Creates the screen for a place.
    public init(site: Site) {
        self.site = site
    }

    /// Draws the screen for `size`, in `strings`' language, on the day of `now`.
    public func render(size: Size, strings: Strings, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let language = strings.language
        Chrome.titleBar(&canvas, left: "\(strings.text(.appName)) — \(strings.text(.appRegion))",
                        right: DateText.longDay(now, language))

        let boxWidth = min(size.width - 4, 76)
        let inner = boxWidth - 6
        var body: [(text: String, style: Style, centered: Bool)] = []
        body.append((strings.text(.welcomeGreeting), .accent, true))
        body.append(("", .normal, true))
        body.append((strings.text(.welcomePlace, ["site": site.name]), .emphasis, true))
        let whereLine = strings.text(.welcomeWhere, ["venue": capitalizedFirst(site.venue.text(language)),
                                                     "address": site.address.oneLine])
        body += TextWidth.wrap(whereLine, width: inner).map { ($0, .normal, true) }
        body.append(("", .normal, true))
        body += TextWidth.wrap(strings.text(.welcomePitch), width: inner).map { ($0, .normal, false) }
        body.append(("", .normal, true))
        body.append((strings.text(.welcomeOffers), .emphasis, false))
        for offer in site.offers {
            let lines = TextWidth.wrap(offer.text(language), width: inner - 2)
            for (index, line) in lines.enumerated() {
                body.append(((index == 0 ? "• " : "  ") + line, .normal, false))
            }
        }
        body.append(("", .normal, true))
        body.append((strings.text(.welcomeFree), .normal, true))

        // Title bar and hint bar take a row each; the frame adds a border and a blank row on each side.
        let available = size.height - 2
        let boxHeight = min(available, body.count + 4)
        let boxX = (size.width - boxWidth) / 2
        let boxY = 1 + max(0, (available - boxHeight) / 2)
        canvas.frame(x: boxX, y: boxY, width: boxWidth, height: boxHeight)
        for (index, line) in body.prefix(boxHeight - 4).enumerated() {
            let y = boxY + 2 + index
            if line.centered {
                canvas.writeCentered(line.text, x: boxX + 3, y: y, width: inner, style: line.style)
            } else {
                canvas.write(TextWidth.truncate(line.text, to: inner), x: boxX + 3, y: y, style: line.style)
            }
        }

        Chrome.hintBar(&canvas, hints: [Chrome.Hint(key: strings.text(.hintLanguageKey),
                                                    label: strings.text(.hintLanguageLabel))])
        return canvas
    }

    private func capitalizedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
