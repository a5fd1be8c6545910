public import Foundation

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
            if let same = existing.first(where: { $0.counts && $0.booking == booking.reference && $0.isSameEvent(as: checked) }) {
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
            if let same = existing.first(where: { $0.id != outcome.id && $0.counts && $0.booking == outcome.booking && $0.isSameEvent(as: checked) }) {
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

    /// The file's problem with line and column when it cannot be read (for `validate`).
    public func unreadable() -> Problem? {
        files.unreadable(Self.fileName, as: Outcome.self)
    }
}

extension Outcome {
    /// Whether `draft` tells the same event: same kind, same financing, same partner oriented to (the
    /// date, amount or SIRET may differ, which is a correction, not a second loan or business).
    func isSameEvent(as draft: OutcomeDraft) -> Bool {
        kind == draft.kind && financing == draft.financing && partner == draft.partner
    }
}

extension Outcome: MonthRecord {
    static var snapshotField: String { "outcomes" }
    static var foldsIntoSnapshot: Bool { true }
    var journalKey: String? { id }
}
