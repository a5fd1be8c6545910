public import FabriqueCore
import FabriqueResources
public import FabriqueServices
import FabriqueTerminal
public import FabriqueUI
public import Foundation
import Glibc

/// Drives the kiosk in memory as a person would, with keys, and carries out its effects against a
/// real data folder, so that a test can follow a whole visit and then read the records.
public struct Pilot {
    public private(set) var app: KioskApp
    public let runtime: KioskRuntime
    /// The pilot's clock: it moves only when the test says so.
    public private(set) var now: Date
    /// What the runtime logged.
    public let log = LogBook()

    /// A kiosk at `site` on `catalogue` (the default one when nil), writing into `dataFolder`.
    public init(site: String = "belle-beille", settings: KioskSettings = KioskSettings(), dataFolder: DataFolder,
                now: Date, size: Size = .minimum, staffCredential: StaffCredential? = nil, printTimeLimit: Double = 30,
                catalogue given: Catalogue? = nil, watchCatalogue: Bool = false) throws {
        let catalogue = try given ?? CatalogueFixture.defaultCatalogue()
        let localization = try Localization.load(from: EmbeddedData.languageURL)
        guard let place = catalogue.site(site) else { throw CatalogueFixture.FixtureError.textNotFound(site, "sites.json") }
        let context = KioskContext(catalogue: catalogue, site: place, settings: settings, localization: localization,
                                   staffCredential: staffCredential)
        app = KioskApp(context: context, size: size)
        // The kiosk reads staff.json again at each F12: the test's PIN goes where the real one lives.
        if let staffCredential { try StaffFile.save(staffCredential, in: dataFolder) }
        self.now = now
        let log = self.log
        let fixedNow = now
        // Watching, the kiosk reads the data folder's catalogue again when its files change, as the real one does.
        let source = watchCatalogue
            ? CatalogueSource(dataFolder: dataFolder, embedded: EmbeddedData.catalogueURL, site: site,
                              stamp: CatalogueStamp(dataFolder: dataFolder, embedded: EmbeddedData.catalogueURL),
                              describe: { "\($0.file):\($0.location.map(\.description) ?? "") \($0.issue)" }, log: { log.append($0) })
            : nil
        runtime = KioskRuntime(dataFolder: dataFolder, schedule: context.schedule, printCommand: settings.printCommand,
                               clock: .fixed(fixedNow), site: site, printTimeLimit: printTimeLimit, catalogueSource: source,
                               ticketCut: settings.ticketCut ?? false, log: { log.append($0) })
    }

    /// Sends an event and carries out every effect it leads to; returns true if the kiosk asked to quit.
    @discardableResult
    public mutating func send(_ event: KioskEvent) -> Bool {
        let now = self.now
        return runtime.carryOut(event, on: &app, now: { now })
    }

    /// Sends an event whose effects take `seconds` to answer (a records lock held elsewhere): the kiosk
    /// gets the answers that much later, and the pilot's clock moves on with them.
    public mutating func sendAnsweredAfter(_ seconds: Double, _ event: KioskEvent) {
        let asked = now
        var calls = 0
        _ = runtime.carryOut(event, on: &app, now: {
            calls += 1
            return calls == 1 ? asked : asked.addingTimeInterval(seconds)
        })
        now = asked.addingTimeInterval(seconds)
    }

    /// Presses keys in order.
    public mutating func press(_ keys: Key...) {
        for key in keys { send(.key(key)) }
    }

    /// Types text, one character at a time.
    public mutating func type(_ text: String) {
        for character in text { send(.key(.character(character))) }
    }

    /// Types text one Unicode scalar at a time, as a terminal delivers it: a flag arrives as two
    /// regional indicators, "कि" as क then the vowel sign.
    public mutating func typeScalars(_ text: String) {
        for scalar in text.unicodeScalars { send(.key(.character(Character(scalar)))) }
    }

    /// Moves the pilot's clock without ticks (as if the terminal had been idle and unobserved).
    public mutating func jump(seconds: Double) {
        now = now.addingTimeInterval(seconds)
    }

    /// Lets time pass, with the ticks the terminal loop would send.
    public mutating func wait(seconds: Double) {
        let end = now.addingTimeInterval(seconds)
        while now < end {
            now = min(end, now.addingTimeInterval(0.5))
            send(.tick)
        }
    }

    /// Waits (really) until `condition` holds, for work done off the input loop such as printing; false after `seconds`.
    public func eventually(within seconds: Double = 20, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    /// The screen as a person sees it now.
    public var screen: String { app.render(now: now).text }
}

/// Lines logged by a runtime under test.
public final class LogBook: @unchecked Sendable {
    // @unchecked: every access goes through the lock.
    private let lock = NSLock()
    private var lines: [String] = []

    /// An empty log.
    public init() {}

    func append(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    /// Everything logged so far.
    public var entries: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }
}
