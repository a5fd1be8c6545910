public import FabriqueCore
public import FabriqueUI
public import FoundationEssentials
import Synchronization

/// Where a running kiosk's catalogue comes from, watched for edits: at idle moments the kiosk asks
/// whether the files changed (`stat` only); when they did, they are read and checked again, and either
/// handed over as the next catalogue or refused, the last good one staying in force.
public final class CatalogueSource: Sendable {
    private let dataFolder: DataFolder
    private let embedded: URL
    private let site: String
    private let describe: @Sendable (Problem) -> String
    private let log: @Sendable (String) -> Void
    private let state: Mutex<(stamp: CatalogueStamp, readings: Int)>
    /// Whether the kiosk started on the data folder's own catalogue (not the embedded one).
    private let ownFolder: Bool
    private let newest = Mutex<Schedule?>(nil)

    /// The schedule of the last edit read and found usable, nil while there has been none: what bookings
    /// are checked against, even before the screen switches to it.
    public var newestSchedule: Schedule? { newest.withLock { $0 } }

    /// Watches the catalogue of `dataFolder` (the embedded one while it has none) for the kiosk at
    /// `site`. `stamp` is taken before the catalogue in use was read, so that an edit saved meanwhile
    /// is read too.
    public init(dataFolder: DataFolder, embedded: URL, site: String, stamp: CatalogueStamp,
                describe: @escaping @Sendable (Problem) -> String, log: @escaping @Sendable (String) -> Void) {
        self.dataFolder = dataFolder
        self.embedded = embedded
        self.site = site
        self.describe = describe
        self.log = log
        state = Mutex((stamp, 0))
        ownFolder = dataFolder.isCatalogueFolder(stamp.folder)
    }

    /// The catalogue as its files now say, when they changed since the last look; nil when they did not.
    public func editIfChanged() -> CatalogueEdit? {
        let stamp = CatalogueStamp(dataFolder: dataFolder, embedded: embedded)
        let readings: Int? = state.withLock { state in
            guard state.stamp != stamp else { return nil }
            state.stamp = stamp
            state.readings += 1
            return state.readings
        }
        guard let readings else { return nil }
        // A folder that held the catalogue and is gone (moved, deleted) is no edit: falling back to the
        // embedded catalogue would turn another territory's kiosk into Angers' under a visitor's eyes.
        if !dataFolder.isCatalogueFolder(stamp.folder) && ownFolder {
            log("catalogue edit refused, the last good catalogue stays: \(dataFolder.catalogueURL.path) is missing")
            return CatalogueEdit(catalogue: nil, number: readings)
        }
        let report = CompactCatalogue(dataFolder: dataFolder).load(from: stamp.folder).report
        guard let catalogue = report.catalogue, report.isUsable else {
            for problem in report.errors { log("catalogue edit refused, the last good catalogue stays: \(describe(problem))") }
            return CatalogueEdit(catalogue: nil, number: readings)
        }
        guard catalogue.site(site) != nil else {
            log("catalogue edit refused, the last good catalogue stays: this kiosk's place \"\(site)\" is no longer in sites.json")
            return CatalogueEdit(catalogue: nil, number: readings)
        }
        for problem in report.problems { log("catalogue warning: \(describe(problem))") }
        let recorded: [PartnerAbsence]
        do {
            recorded = try AbsenceStore(dataFolder: dataFolder).absences()
        } catch {
            log("catalogue edit read, staff's absences not: \(error)")
            recorded = []
        }
        do {
            try LastGoodCatalogue(dataFolder: dataFolder).keep(stamp.folder, of: dataFolder)
        } catch {
            log("last good catalogue not kept: \(error)")
        }
        log("catalogue edited (\(stamp.folder.path)): in use from the next journey")
        let edited = catalogue.adding(absences: recorded)
        newest.withLock { $0 = Schedule(catalogue: edited) }
        return CatalogueEdit(catalogue: edited, number: readings)
    }
}

/// The schedule the runtime books against: the one of the catalogue the app shows, switched when the
/// app switches (see `KioskRuntime.carryOut`), so that what a visitor sees is what is booked.
final class ScheduleInUse: Sendable {
    private let state: Mutex<(generation: Int, schedule: Schedule)>

    init(_ schedule: Schedule) {
        state = Mutex((0, schedule))
    }

    var schedule: Schedule { state.withLock { $0.schedule } }

    /// Takes the app's schedule when its catalogue changed since.
    func follow(_ context: KioskContext) {
        state.withLock { state in
            guard state.generation != context.catalogueGeneration else { return }
            state = (context.catalogueGeneration, context.schedule)
        }
    }
}
