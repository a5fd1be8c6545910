public import FoundationEssentials

/// A catalogue already read and found without any problem, kept in the data folder
/// (`catalogue.compact`) in a binary form that reads back in a fraction of the time the JSON files take
/// to parse, decode and check (most of a kiosk's start, and growing with the catalogue). It is used
/// only while each catalogue file is the very file it was made from (same device, inode, size,
/// modification and change times: any write changes the change time) and the program is the very one
/// that made it (same executable file); an edit, a new version or a damaged copy means the files are
/// read and checked in full again, as without it. Deleting it is always safe.
public struct CompactCatalogue: Sendable {
    /// How a load went.
    public enum Outcome: Sendable, Equatable {
        /// Read from the compact form: the files had not changed.
        case reused
        /// Read from the files, and the compact form written for next time.
        case written
        /// Read from the files only (problems found, or the compact form could not be written).
        case notKept
    }

    /// The compact form's file.
    public let url: URL
    /// The form's file, read and replaced safely.
    private let file: DerivedFile
    /// Who may read the form: the program that wrote it (see `programIdentity`).
    private let program: String?
    /// How long ago, in nanoseconds, a file must have last changed for its `stat` to vouch for its bytes.
    private let settled: Int64
    /// How much of the form is read before the first frame (`defaultHead`; tests read less).
    private let headBytes: Int

    /// Changes whenever the form does, so that a form written by an older layout is never misread.
    private static let magic = Array("fabrique compact catalogue 4\n".utf8)

    /// The compact form kept in `dataFolder`, written through `system`.
    public init(dataFolder: DataFolder, system: any FileSystem = SystemFileSystem()) {
        self.init(dataFolder: dataFolder, system: system, program: Self.programIdentity(), settled: 3_000_000_000)
    }

    /// The compact form as the program `program` reads and writes it (nil: none is read or written), for
    /// files last changed at least `settled` nanoseconds ago.
    init(dataFolder: DataFolder, system: any FileSystem, program: String?, settled: Int64, headBytes: Int = Self.defaultHead) {
        url = dataFolder.url.appendingPathComponent("catalogue.compact")
        file = DerivedFile(path: url.path, system: system)
        self.program = program
        self.settled = settled
        self.headBytes = headBytes
    }

    /// The catalogue of `folder`, as `CatalogueLoader.load(from:)` reports it: from the compact form when
    /// it is of these very files, else read in full (and then kept compact when nothing was found wrong).
    public func load(from folder: URL) -> (report: CatalogueReport, outcome: Outcome) {
        // Taken before anything is looked at: a file whose times are not well before this moment could
        // be written again, within the same tick of its file system's clock, after it was read.
        let started = DerivedFile.wallClock()
        let identities = Self.identities(in: folder)
        if let program, let catalogue = pending(for: identities, program: program)?.complete() {
            return (CatalogueReport(catalogue: catalogue, problems: [], folder: folder), .reused)
        }
        let report = CatalogueLoader.load(from: folder)
        // Only a catalogue with nothing to say is kept: a reused one reports no problem.
        guard let program, let catalogue = report.catalogue, report.problems.isEmpty else { return (report, .notKept) }
        // Files that changed while they were read, or so lately that they could change again without
        // their `stat` showing it, are not vouched for: the next start reads them in full again.
        guard Self.identities(in: folder) == identities, settled(identities, before: started) else { return (report, .notKept) }
        file.removeLeftovers(among: (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? [])
        return (report, file.replace(with: Self.form(of: catalogue, files: identities, program: program)) ? .written : .notKept)
    }

    /// The bytes of the compact form of `catalogue`, made by `program` from files whose `stat` is `files`.
    static func form(of catalogue: Catalogue, files: [FileIdentity?], program: String) -> [UInt8] {
        var writer = CompactWriter()
        writer.string(program)
        for identity in files { writer.identity(identity) }
        var first = CompactWriter()
        catalogue.writeFirstPart(to: &first)
        var rest = CompactWriter()
        catalogue.writeRest(to: &rest)
        // Each part with its own checksum: the first is checked before the first frame, the rest once it is drawn.
        for part in [first, rest] {
            writer.blob(part.bytes)
            writer.uint64(checksum64(part.bytes[...]))
        }
        return magic + writer.bytes
    }

    /// The compact form of `folder`'s catalogue when this program made it from these very files, its
    /// first part read and checked (see `PendingCatalogue`); nil otherwise (the files are then read in full).
    public func pending(from folder: URL) -> PendingCatalogue? {
        guard let program else { return nil }
        return pending(for: Self.identities(in: folder), program: program)
    }

    /// The form when this program made it from files whose `stat` is still `identities`, its checksum
    /// sound and its first part read and checked; nil otherwise.
    private func pending(for identities: [FileIdentity?], program: String) -> PendingCatalogue? {
        // The form's head only: the first part of a large catalogue is a few kilobytes of its megabytes,
        // and the rest is read once the first frame is drawn. A head that stops within the first part
        // (notes of hundreds of kilobytes) is read again whole.
        guard let head = file.head(headBytes) else { return nil }
        do {
            return try pending(in: head.bytes, of: head.identity, for: identities, program: program)
        } catch .truncated where head.bytes.count < Int(head.identity.size) {
            // Only a head cut short is read again: a form of another program or other files is not.
            guard let whole = file.contents() else { return nil }
            return (try? pending(in: whole, of: head.identity, for: identities, program: program)) ?? nil
        } catch {
            return nil
        }
    }

    /// How much of the form is read before the first frame: its first part and more, at every size
    /// measured (2,000 partners: the first part ends at 6.5 KB of 4.65 MB).
    static let defaultHead = 64 << 10

    /// The form in `bytes` (all of it, or its head) when this program made it from files whose `stat`
    /// is still `identities`, its first part sound; nil otherwise. Throws when the bytes end or hold a
    /// value that cannot be (`truncated` for a head that ends within what is read before the first frame).
    private func pending(in bytes: [UInt8], of form: FileIdentity, for identities: [FileIdentity?],
                         program: String) throws(CompactReader.Failure) -> PendingCatalogue? {
        guard bytes.count >= Self.magic.count else { throw .truncated }
        guard bytes.starts(with: Self.magic) else { return nil }
        var reader = CompactReader(bytes, at: Self.magic.count)
        guard try reader.string() == program else { return nil }
        for identity in identities {
            guard try reader.identity() == identity else { return nil }
        }
        let first = try reader.blobRange()
        guard try reader.uint64() == checksum64(bytes[first]) else { return nil }
        // The rest's length: the form ends just after the rest and its checksum.
        let count = try reader.int()
        let start = reader.offset
        guard count >= 0, count == Int(form.size) - start - 8 else { return nil }
        var part = CompactReader(bytes, at: first.lowerBound)
        let opening = try Catalogue(firstPartFrom: &part)
        guard part.offset == first.upperBound, CatalogueValidator.check(opening, overlaps: false).isEmpty else { return nil }
        return PendingCatalogue(opening: opening, file: file, form: form, head: bytes, rest: start..<(start + count))
    }

    /// The `stat` of each catalogue file of `folder` (nil for an absent one), in `CatalogueFile` order.
    static func identities(in folder: URL) -> [FileIdentity?] {
        CatalogueFile.allCases.map { FileIdentity(path: folder.appendingPathComponent($0.fileName).path) }
    }

    /// Whether every file was last changed at least `settled` before `moment` (`FileIdentity.hasSettled`).
    private func settled(_ identities: [FileIdentity?], before moment: Int64) -> Bool {
        identities.allSatisfy { $0?.hasSettled(settled, before: moment) ?? true }
    }

    /// The largest form read (see `DerivedFile.largest`).
    static let largestForm = DerivedFile.largest

    /// This program's executable file (device, inode, size, modification and change times): a new build
    /// or version never reads a form an older one wrote, whose checks may have differed, even one copied
    /// over the old file with its size and time. Nil where it cannot be known.
    static func programIdentity(of path: String = "/proc/self/exe") -> String? {
        guard let file = FileIdentity(path: path) else { return nil }
        return "\(file.device) \(file.inode) \(file.size) \(file.modified) \(file.changed)"
    }
}

/// A compact form of files not changed since it was made, its first part (places, quartiers, needs,
/// rules, territory: what a kiosk's first screen needs) read and checked, the rest (partners,
/// permanences, sessions, closures, absences: nearly all of a large catalogue) read and checked by
/// `complete()`. A kiosk draws its first screen from the first part and reads the rest once it is drawn.
public struct PendingCatalogue: Sendable {
    /// The first part, with no partner, permanence, session, closure or absence: enough for a first
    /// screen, never for a booking.
    public let opening: Catalogue
    /// The form's file, and its identity when its head was read: the rest is read from that very file.
    let file: DerivedFile
    let form: FileIdentity
    /// What was read before the first frame (all of a small form).
    let head: [UInt8]
    /// Where the rest is in the form; its checksum follows it.
    let rest: Range<Int>

    /// The whole catalogue, checked again as the full read checks it but for the overlaps of
    /// permanences (quadratic: 175 ms of a 2,000-partner start); nil when the rest does not decode or
    /// does not pass. A form edited by hand, checksum included, must not bring in a value the program
    /// would fail on (a capacity below one, a slot of 2^63 minutes, a partner nobody declared). Anyone
    /// who can write it can write settings.json too, so this is a guard against a crash loop, not
    /// against an intruder.
    public func complete() -> Catalogue? {
        // The rest and its checksum: in the head when it held the whole form, else read from the very
        // file the head came from (a form replaced since is not read, and the files are read in full).
        let span = rest.lowerBound..<(rest.upperBound + 8)
        let bytes: [UInt8]
        let part: Range<Int>
        if span.upperBound <= head.count {
            (bytes, part) = (head, rest)
        } else {
            guard let read = file.bytes(span, of: form) else { return nil }
            (bytes, part) = (read, 0..<rest.count)
        }
        var checksum = CompactReader(bytes, at: part.upperBound)
        guard let expected = try? checksum.uint64(), checksum64(bytes[part]) == expected else { return nil }
        var reader = CompactReader(bytes, at: part.lowerBound)
        guard let catalogue = try? Catalogue(opening: opening, restFrom: &reader), reader.offset == part.upperBound,
              CatalogueValidator.check(catalogue, overlaps: false).isEmpty else { return nil }
        return catalogue
    }
}

extension Catalogue {
    /// Writes what `init(firstPartFrom:)` reads.
    func writeFirstPart(to writer: inout CompactWriter) {
        writer.list(sites)
        writer.list(quartiers)
        writer.list(needs)
        writer.value(rules)
        writer.optional(territory) { $0.value($1) }
        writer.int(notes.count)
        for file in CatalogueFile.allCases {
            guard let note = notes[file] else { continue }
            writer.word(file)
            writer.value(note)
        }
    }

    /// Writes what `init(opening:restFrom:)` reads.
    func writeRest(to writer: inout CompactWriter) {
        writer.list(partners)
        writer.list(permanences)
        writer.list(sessions)
        writer.list(closures)
        writer.list(absences)
    }

    /// The first part of a catalogue, without partners, permanences, sessions, closures or absences.
    init(firstPartFrom reader: inout CompactReader) throws(CompactReader.Failure) {
        let sites = try reader.list(Site.self)
        let quartiers = try reader.list(Quartier.self)
        let needs = try reader.list(Need.self)
        let rules = try reader.value(BookingRules.self)
        let territory = try reader.optional { reader throws(CompactReader.Failure) in try reader.value(Territory.self) }
        var notes: [CatalogueFile: LocalizedText] = [:]
        for _ in 0..<(try reader.count()) {
            notes[try reader.word(CatalogueFile.self)] = try reader.value(LocalizedText.self)
        }
        self.init(sites: sites, quartiers: quartiers, needs: needs, partners: [], permanences: [], sessions: [],
                  closures: [], rules: rules, territory: territory, notes: notes)
    }

    /// The catalogue whose first part is `opening`, the rest read from `reader`.
    init(opening: Catalogue, restFrom reader: inout CompactReader) throws(CompactReader.Failure) {
        self.init(sites: opening.sites, quartiers: opening.quartiers, needs: opening.needs, partners: try reader.list(Partner.self),
                  permanences: try reader.list(Permanence.self), sessions: try reader.list(GroupSession.self),
                  closures: try reader.list(Closure.self), absences: try reader.list(PartnerAbsence.self), rules: opening.rules,
                  territory: opening.territory, notes: opening.notes)
    }
}

extension LocalizedText: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(fr)
        writer.string(en)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        self.init(fr: try reader.string(), en: try reader.string())
    }
}

extension LocalDate: CompactCodable {
    func write(to writer: inout CompactWriter) { writer.int(dayNumber) }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        let dayNumber = try reader.int()
        // Years 1 to 9999, as a catalogue date may be.
        guard (-719_162...2_932_896).contains(dayNumber) else { throw .invalid }
        self.init(dayNumber: dayNumber)
    }
}

extension LocalTime: CompactCodable {
    func write(to writer: inout CompactWriter) { writer.int(minutes) }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        let minutes = try reader.int()
        guard (0...1440).contains(minutes), let time = LocalTime(hour: minutes / 60, minute: minutes % 60) else { throw .invalid }
        self = time
    }
}

extension Site: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.string(name)
        writer.value(venue)
        writer.string(address.street)
        writer.string(address.postalCode)
        writer.string(address.commune)
        writer.list(offers)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        name = try reader.string()
        venue = try reader.value(LocalizedText.self)
        address = Address(street: try reader.string(), postalCode: try reader.string(), commune: try reader.string())
        offers = try reader.list(LocalizedText.self)
    }
}

extension Quartier: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.value(name)
        writer.word(kind)
        writer.optional(commune) { $0.string($1) }
        writer.bool(qpv)
        writer.int(qpvLists.count)
        qpvLists.forEach { writer.int($0) }
        writer.optional(qpvCode) { $0.string($1) }
        writer.strings(formerNames)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        name = try reader.value(LocalizedText.self)
        kind = try reader.word(Kind.self)
        commune = try reader.optional { reader throws(CompactReader.Failure) in try reader.string() }
        qpv = try reader.bool()
        var lists: [Int] = []
        for _ in 0..<(try reader.count()) { lists.append(try reader.int()) }
        qpvLists = lists
        qpvCode = try reader.optional { reader throws(CompactReader.Failure) in try reader.string() }
        formerNames = try reader.strings()
    }
}

extension Need: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.value(label)
        writer.value(explanation)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        label = try reader.value(LocalizedText.self)
        explanation = try reader.value(LocalizedText.self)
    }
}

extension Partner: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.string(name)
        writer.value(description)
        writer.optional(website) { $0.string($1) }
        writer.optional(note) { $0.string($1) }
        writer.list(services)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        name = try reader.string()
        description = try reader.value(LocalizedText.self)
        website = try reader.optional { reader throws(CompactReader.Failure) in try reader.string() }
        note = try reader.optional { reader throws(CompactReader.Failure) in try reader.string() }
        services = try reader.list(Service.self)
    }
}

extension Service: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.value(name)
        writer.value(pitch)
        writer.strings(needs)
        writer.optional(audience.stages) { writer, stages in
            writer.int(stages.count)
            stages.forEach { writer.word($0) }
        }
        writer.optional(audience.situations) { writer, situations in
            writer.int(situations.count)
            situations.forEach { writer.word($0) }
        }
        writer.optional(audience.under26) { $0.bool($1) }
        writer.optional(audience.qpvResident) { $0.bool($1) }
        writer.value(audience.description)
        writer.list(bring)
        writer.int(durationMinutes)
        writer.strings(prepares)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        name = try reader.value(LocalizedText.self)
        pitch = try reader.value(LocalizedText.self)
        needs = try reader.strings()
        audience = Audience(
            stages: try reader.optional { reader throws(CompactReader.Failure) in try reader.words(ProjectStage.self) },
            situations: try reader.optional { reader throws(CompactReader.Failure) in try reader.words(Situation.self) },
            under26: try reader.optional { reader throws(CompactReader.Failure) in try reader.bool() },
            qpvResident: try reader.optional { reader throws(CompactReader.Failure) in try reader.bool() },
            description: try reader.value(LocalizedText.self))
        bring = try reader.list(LocalizedText.self)
        durationMinutes = try reader.int()
        prepares = try reader.strings()
    }
}

extension Permanence: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.string(partner)
        writer.strings(services)
        writer.string(site)
        switch recurrence {
        case .weekly(let interval, let weekdays):
            writer.bool(false)
            writer.int(interval)
            writer.int(weekdays.count)
            weekdays.forEach { writer.word($0) }
        case .monthly(let nth, let weekday):
            writer.bool(true)
            writer.int(nth)
            writer.word(weekday)
        }
        writer.value(start)
        writer.value(end)
        writer.int(slotMinutes)
        writer.int(capacity)
        writer.value(validFrom)
        writer.optional(validUntil) { $0.value($1) }
        writer.list(cancelled)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        partner = try reader.string()
        services = try reader.strings()
        site = try reader.string()
        if try reader.bool() {
            recurrence = .monthly(nth: try reader.int(), weekday: try reader.word(Weekday.self))
        } else {
            recurrence = .weekly(interval: try reader.int(), weekdays: try reader.words(Weekday.self))
        }
        start = try reader.value(LocalTime.self)
        end = try reader.value(LocalTime.self)
        slotMinutes = try reader.int()
        capacity = try reader.int()
        validFrom = try reader.value(LocalDate.self)
        validUntil = try reader.optional { reader throws(CompactReader.Failure) in try reader.value(LocalDate.self) }
        cancelled = try reader.list(LocalDate.self)
    }
}

extension GroupSession: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(id)
        writer.string(partner)
        writer.string(service)
        writer.string(site)
        writer.value(title)
        writer.value(date)
        writer.value(start)
        writer.value(end)
        writer.int(capacity)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        id = try reader.string()
        partner = try reader.string()
        service = try reader.string()
        site = try reader.string()
        title = try reader.value(LocalizedText.self)
        date = try reader.value(LocalDate.self)
        start = try reader.value(LocalTime.self)
        end = try reader.value(LocalTime.self)
        capacity = try reader.int()
    }
}

extension Closure: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.value(from)
        writer.value(to)
        writer.word(kind)
        writer.value(name)
        writer.optional(sites) { $0.strings($1) }
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        from = try reader.value(LocalDate.self)
        to = try reader.value(LocalDate.self)
        kind = try reader.word(Kind.self)
        name = try reader.value(LocalizedText.self)
        sites = try reader.optional { reader throws(CompactReader.Failure) in try reader.strings() }
    }
}

extension PartnerAbsence: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.string(partner)
        writer.value(from)
        writer.value(to)
        writer.optional(sites) { $0.strings($1) }
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        partner = try reader.string()
        from = try reader.value(LocalDate.self)
        to = try reader.value(LocalDate.self)
        sites = try reader.optional { reader throws(CompactReader.Failure) in try reader.strings() }
    }
}

extension BookingRules: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.int(minimumNoticeMinutes)
        writer.int(horizonWeeks)
        writer.bool(oneActiveBookingPerService)
        writer.int(travelMinutes)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        self.init(minimumNoticeMinutes: try reader.int(), horizonWeeks: try reader.int(),
                  oneActiveBookingPerService: try reader.bool(), travelMinutes: try reader.int())
        guard isInRange else { throw .invalid }
    }
}

extension Territory: CompactCodable {
    func write(to writer: inout CompactWriter) {
        writer.value(network)
        writer.value(name)
    }

    init(from reader: inout CompactReader) throws(CompactReader.Failure) {
        self.init(network: try reader.value(LocalizedText.self), name: try reader.value(LocalizedText.self))
    }
}

extension CompactReader {
    /// A list of words written one by one.
    mutating func words<Word: RawRepresentable<String>>(_ type: Word.Type) throws(Failure) -> [Word] {
        var words: [Word] = []
        for _ in 0..<(try count()) { words.append(try word(type)) }
        return words
    }
}
