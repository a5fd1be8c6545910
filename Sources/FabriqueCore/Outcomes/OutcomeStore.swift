public import FoundationEssentials

/// The outcomes of a data folder, in one journaled file (`records/outcomes/outcomes.json` and its
/// `.jsonl`): there are a few hundred a year, and a report reads them all.
public struct OutcomeStore: Sendable {
    let files: RecordFiles
    static let fileName = "outcomes"

    /// The store of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/outcomes"), system: fileSystem)
    }

    /// Every outcome recorded, withdrawn ones included, in the order recorded.
    public func all() throws(RecordError) -> [Outcome] {
        try RecordError.catching { try files.month(Self.fileName, as: Outcome.self).records }
    }

    /// The outcome `id`, or nil.
    public func outcome(id: String) throws(RecordError) -> Outcome? {
        try all().first { $0.id == id.uppercased() }
    }

    /// Records what came of the seen appointment `booking`, after checking `draft` against it.
    public func record(_ draft: OutcomeDraft, for booking: Booking, catalogue: Catalogue, now: Date,
                       random: () -> UInt64 = { UInt64.random(in: 0...UInt64.max) }) throws(OutcomeError) -> Outcome {
        let checked = try draft.checked(for: booking, catalogue: catalogue, today: LocalDate(now))
        return try write { existing in
            if let same = existing.first(where: { $0.counts && $0.booking == booking.reference && $0.event == checked.event }) {
                throw OutcomeError.duplicate(same.id)
            }
            var id = Self.makeId(random)
            while existing.contains(where: { $0.id == id }) { id = Self.makeId(random) }
            return Outcome(id: id, booking: booking.reference, kind: checked.kind, date: checked.date, financing: checked.financing,
                           amountEuros: checked.amountEuros, partner: checked.partner, legalForm: checked.legalForm,
                           siret: checked.siret, site: booking.site, bookingPartner: booking.partner,
                           recordedAt: RecordTime.string(now), correctedAt: nil, withdrawn: nil)
        }
    }

    /// Replaces what outcome `id` says by `draft` (checked against its appointment `booking`).
    public func correct(id: String, with draft: OutcomeDraft, booking: Booking, catalogue: Catalogue,
                        now: Date) throws(OutcomeError) -> Outcome {
        let checked = try draft.checked(for: booking, catalogue: catalogue, today: LocalDate(now))
        return try write { existing in
            guard var outcome = existing.first(where: { $0.id == id.uppercased() }) else { throw OutcomeError.unknownCode(id) }
            guard outcome.counts else { throw OutcomeError.alreadyWithdrawn }
            if let same = existing.first(where: { $0.id != outcome.id && $0.counts && $0.booking == outcome.booking && $0.event == checked.event }) {
                throw OutcomeError.duplicate(same.id)
            }
            outcome.kind = checked.kind
            outcome.date = checked.date
            outcome.financing = checked.financing
            outcome.amountEuros = checked.amountEuros
            outcome.partner = checked.partner
            outcome.legalForm = checked.legalForm
            outcome.siret = checked.siret
            outcome.correctedAt = RecordTime.string(now)
            return outcome
        }
    }

    /// Withdraws outcome `id` (recorded by mistake): it leaves the figures, its record stays.
    public func withdraw(id: String, now: Date) throws(OutcomeError) -> Outcome {
        try write { existing in
            guard var outcome = existing.first(where: { $0.id == id.uppercased() }) else { throw OutcomeError.unknownCode(id) }
            guard outcome.counts else { throw OutcomeError.alreadyWithdrawn }
            outcome.withdrawn = true
            outcome.correctedAt = RecordTime.string(now)
            return outcome
        }
    }

    /// Under the lock, reads every outcome, makes the new version of one, and appends it durably.
    private func write(_ make: ([Outcome]) throws -> Outcome) throws(OutcomeError) -> Outcome {
        do {
            return try files.withLock {
                let read = try files.load(Self.fileName, as: Outcome.self)
                let outcome = try make(read.month.records)
                try files.append([outcome], to: Self.fileName, read: consume read)
                return outcome
            }
        } catch let error as OutcomeError {
            throw error
        } catch {
            throw .records(RecordError.from(error))
        }
    }

    static func makeId(_ random: () -> UInt64) -> String {
        let alphabet = BookingStore.referenceAlphabet
        return "O" + String((0..<5).map { _ in alphabet[Int(random() % UInt64(alphabet.count))] })
    }

    /// Whether `text` has the shape of an outcome's id.
    public static func isOutcomeId(_ text: String) -> Bool {
        let upper = Array(text.uppercased())
        return upper.count == 6 && upper[0] == "O" && upper.dropFirst().allSatisfy(BookingStore.referenceAlphabet.contains)
    }

    /// What is wrong inside outcomes that can be read (a hand edit, a catalogue changed since): every
    /// one that counts is checked as `record` would have, each problem placed at `outcomes[i].field`.
    public func contentProblems(catalogue: Catalogue, bookingExists: (String) -> Bool) -> [Problem] {
        guard let outcomes = try? all() else { return [] }
        let file = files.folder.appendingPathComponent(Self.fileName + ".jsonl").path
        var problems: [Problem] = []
        // The first outcome of each event, by appointment.
        var events: [String: [Outcome.Event: String]] = [:]
        let partners = catalogue.partners.map(\.id).sorted()
        for (index, outcome) in outcomes.enumerated() where outcome.counts {
            func problem(_ field: String, _ issue: Problem.Issue) {
                problems.append(Problem(file: file, location: nil, path: [.key("outcomes"), .index(index), .key(field)], issue: issue))
            }
            if !Self.isOutcomeId(outcome.id) { problem("id", .invalidValue) }
            if !bookingExists(outcome.booking) { problem("booking", .unknownReference(.booking, id: outcome.booking, known: [])) }
            if catalogue.site(outcome.site) == nil { problem("site", .unknownReference(.site, id: outcome.site, known: catalogue.sites.map(\.id))) }
            if catalogue.partner(outcome.bookingPartner) == nil {
                problem("bookingPartner", .unknownReference(.partner, id: outcome.bookingPartner, known: partners))
            }
            if let partner = outcome.partner, catalogue.partner(partner) == nil { problem("partner", .unknownReference(.partner, id: partner, known: partners)) }
            if outcome.kind == .oriented && outcome.partner == outcome.bookingPartner { problem("partner", .invalidValue) }
            // The same event twice for one appointment counts it twice.
            if let first = events[outcome.booking]?[outcome.event] {
                problem("kind", .duplicateOutcome(first))
            } else {
                events[outcome.booking, default: [:]][outcome.event] = outcome.id
            }
            if let siret = outcome.siret, Siret.digits(siret) != siret { problem("siret", .invalidValue) }
            if let amount = outcome.amountEuros, OutcomeDraft.amountError(amount) != nil {
                problem("amountEuros", .outOfRange(value: "\(amount)", range: "1…\(OutcomeDraft.largestAmount)"))
            }
            // The fields of another kind than the outcome's: what `record` refuses.
            if (outcome.kind == .financing) != (outcome.financing != nil) { problem("financing", .invalidValue) }
            if (outcome.kind == .oriented) != (outcome.partner != nil) { problem("partner", .invalidValue) }
            if outcome.kind != .businessCreated && (outcome.legalForm != nil || outcome.siret != nil) { problem("legalForm", .invalidValue) }
        }
        return problems
    }

    /// The file's problem with line and column when it cannot be read (for `validate`).
    public func unreadable() -> Problem? {
        files.unreadable(Self.fileName, as: Outcome.self)
    }
}

extension Outcome: MonthRecord {
    static var snapshotField: String { "outcomes" }
    static var foldsIntoSnapshot: Bool { true }
    var journalKey: String? { id }
}
