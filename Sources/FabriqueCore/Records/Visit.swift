import FoundationEssentials

/// One visitor's journey at a kiosk, booked or not, without anything that identifies them.
public struct Visit: Sendable, Hashable, Codable {
    /// The place of the kiosk.
    public let site: String
    /// The Paris day of the visit.
    public let date: LocalDate
    public let quartier: String?
    /// `idea`, `project`, …, `prefer-not-to-say`, or nil when not asked.
    public let stage: String?
    public let situation: String?
    /// `yes`, `no`, `prefer-not-to-say`, or nil.
    public let under26: String?
    public let needs: [String]
    /// The services proposed, best first.
    public let proposals: [String]
    /// The service booked, if any (never the booking's code: the visit stays anonymous).
    public let bookedService: String?
    public let bookedPartner: String?

    /// A visit from a journey's answers.
    public init(site: String, date: LocalDate, answers: VisitorAnswers, proposals: [String],
                bookedService: String?, bookedPartner: String?) {
        self.site = site
        self.date = date
        self.quartier = answers.quartier
        self.stage = answers.stageWord
        self.situation = answers.situationWord
        self.under26 = answers.under26Word
        self.needs = answers.needs
        self.proposals = proposals
        self.bookedService = bookedService
        self.bookedPartner = bookedPartner
    }
}

/// The anonymous visits of a data folder, kept per month (`records/visits/2026-11.json` and its journal `.jsonl`).
public struct VisitStore: Sendable {
    let files: RecordFiles

    /// The store of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/visits"), system: fileSystem)
    }

    /// Appends a visit to its month's journal, under the lock.
    public func record(_ visit: Visit) throws(RecordError) {
        do {
            _ = try files.withLock { try files.append([visit], to: RecordFiles.monthName(of: visit.date)) }
        } catch {
            throw RecordError.from(error)
        }
    }

    /// Replaces the visits of one month wholesale (for imports and the benchmark's history).
    public func replaceMonth(of date: LocalDate, with visits: [Visit]) throws(RecordError) {
        do {
            try files.withLock { try files.replace(RecordFiles.monthName(of: date), with: visits) }
        } catch {
            throw RecordError.from(error)
        }
    }

    /// The visits of the month of `date`.
    public func visits(inMonthOf date: LocalDate) throws(RecordError) -> [Visit] {
        do {
            return try files.month(RecordFiles.monthName(of: date), as: Visit.self).records
        } catch {
            throw RecordError.from(error)
        }
    }

    /// The visits from `from` to `to` included.
    public func visits(from: LocalDate, to: LocalDate) throws(RecordError) -> [Visit] {
        var result: [Visit] = []
        for month in LocalDate.months(from: from, through: to) {
            result += try visits(inMonthOf: month).filter { $0.date >= from && $0.date <= to }
        }
        return result
    }
}

extension Visit: MonthRecord {
    static var snapshotField: String { "visits" }
    static var foldsIntoSnapshot: Bool { false }
    var journalKey: String? { nil }
}
