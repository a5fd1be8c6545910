public import FabriqueCore
public import FoundationEssentials

/// What every screen may read and never changes while the kiosk runs.
public struct KioskContext: Sendable {
    public let catalogue: Catalogue
    public let site: Site
    public let schedule: Schedule
    public let settings: KioskSettings
    /// The staff PIN's hash, or nil when none is set.
    public let staffCredential: StaffCredential?
    let localization: Localization
    /// How many times the catalogue was replaced while the kiosk ran (0 for the one it started with).
    public let catalogueGeneration: Int

    /// Creates the context of a kiosk at one place.
    public init(catalogue: Catalogue, site: Site, settings: KioskSettings, localization: Localization,
                staffCredential: StaffCredential? = nil, catalogueGeneration: Int = 0) {
        self.catalogueGeneration = catalogueGeneration
        self.staffCredential = staffCredential
        self.catalogue = catalogue
        self.site = site
        self.schedule = Schedule(catalogue: catalogue)
        self.settings = settings
        // Every screen's title and every ticket name the catalogue's network and territory.
        self.localization = localization.placing(catalogue.territory)
    }

    /// The texts of a language.
    public func strings(_ language: Language) -> Strings { localization[language] }

    /// The same kiosk on an edited catalogue, at the same place as that catalogue now describes it
    /// (the caller has checked that the place is still in it).
    public func replacing(catalogue: Catalogue) -> KioskContext {
        KioskContext(catalogue: catalogue, site: catalogue.site(site.id) ?? site, settings: settings, localization: localization,
                     staffCredential: staffCredential, catalogueGeneration: catalogueGeneration + 1)
    }

    /// The name of a need in a language.
    func needLabel(_ id: String, _ language: Language) -> String {
        catalogue.needs.first { $0.id == id }?.label.text(language) ?? id
    }
}

/// What the visitor has said and chosen so far; wiped when they leave or time out.
public struct Journey: Sendable, Equatable {
    public var answers = VisitorAnswers()
    /// The plan proposed for their needs, once computed.
    public internal(set) var plan: Plan?
    /// What the visitor chose for each step of the plan, in the plan's order.
    var choices: [PlanChoice] = []
    var contact = ContactForm()
    /// Whether the visitor chose to book (only then does leaving record an anonymous visit).
    var started = false
    /// The services proposed, best first.
    var proposalsShown: [String] = []
    /// The bookings made at the end of the journey, in time order (the visit keeps only the first's service and partner).
    var booked: [Booking] = []
    /// Who drives the journey: the visitor at the kiosk, or staff booking for a caller or someone at the desk.
    public internal(set) var channel = Booking.Channel.kiosk
    /// The walk-in staff book for at the desk (R), so that both records lead to one person.
    var walkIn: String?

    /// An empty journey.
    public init() {}

    /// Whether staff drive the journey for someone else (behind the PIN: staff screens, staff idle time).
    var byStaff: Bool { channel != .kiosk }

    /// A booking step's traits: a visitor's screen, or a staff screen when staff book for someone.
    func traits(help: StringKey, typing: Bool) -> ScreenTraits {
        byStaff ? .staff(help: help, typing: typing) : .visitor(help: help, typing: typing)
    }

    /// The steps with a slot chosen (not skipped), in the plan's order.
    var chosen: [(index: Int, choice: PlanChoice, slot: Slot)] {
        choices.enumerated().compactMap { index, choice in
            guard !choice.skipped, let slot = choice.slot else { return nil }
            return (index, choice, slot)
        }
    }
}

/// One step of the visitor's plan as they decided it: the service (the plan's, or an alternative they
/// chose instead), the slot picked, or skipped.
struct PlanChoice: Sendable, Equatable {
    var step: PlanStep
    var slot: Slot?
    var skipped = false
}
