public import FabriqueCore
public import Foundation

/// The kiosk's state machine: events go in through `update`, the screen comes out of `render`.
/// It performs no I/O; the clock is read by whoever calls it and passed in.
public struct KioskApp: Sendable {
    /// The catalogue the kiosk shows.
    public let catalogue: Catalogue
    /// The place the kiosk stands in.
    public let site: Site
    private let localization: Localization

    /// The language the visitor reads.
    public private(set) var language: Language = .fr
    /// The terminal's size.
    public private(set) var size: Size

    /// Creates the app for one place.
    public init(catalogue: Catalogue, site: Site, localization: Localization, size: Size) {
        self.catalogue = catalogue
        self.site = site
        self.localization = localization
        self.size = size
    }

    /// The texts in the visitor's language.
    public var strings: Strings { localization[language] }

    /// Applies one event to the state.
    public mutating func update(_ event: KioskEvent) {
        switch event {
        case .resize(let newSize):
            size = newSize
        case .key(.character(let character)) where character.lowercased() == strings.text(.hintLanguageKey).lowercased():
            language = language == .fr ? .en : .fr
        case .key, .tick:
            break
        }
    }

    /// The screen as it should look now.
    public func render(now: Date) -> Canvas {
        guard size.contains(.minimum) else {
            return TooSmallScreen().render(size: size, strings: strings)
        }
        return WelcomeScreen(site: site).render(size: size, strings: strings, now: now)
    }
}
