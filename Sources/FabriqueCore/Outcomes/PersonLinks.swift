public import FoundationEssentials

/// A staff decision about two appointments' people: the same person (or, undoing it, not).
public struct PersonLink: Sendable, Hashable, Codable {
    /// The two booking references, in order.
    public let first: String
    public let second: String
    public let same: Bool
    public let at: String

    /// A decision about `a` and `b`, stored in a fixed order.
    public init(_ a: String, _ b: String, same: Bool, at: String) {
        first = min(a, b)
        second = max(a, b)
        self.same = same
        self.at = at
    }
}

extension PersonLink: MonthRecord {
    static var snapshotField: String { "links" }
    static var foldsIntoSnapshot: Bool { true }
    var journalKey: String? { first + "=" + second }
}

/// Staff's decisions linking people (`records/people/links.json` and its journal): the last one about a
/// pair holds.
public struct PersonLinkStore: Sendable {
    let files: RecordFiles
    static let fileName = "links"

    /// The store of a data folder.
    public init(dataFolder: DataFolder, fileSystem: any FileSystem = SystemFileSystem()) {
        files = RecordFiles(folder: dataFolder.url.appendingPathComponent("records/people"), system: fileSystem)
    }

    /// Every pair's last decision.
    public func links() throws(RecordError) -> [PersonLink] {
        try RecordError.catching { try files.month(Self.fileName, as: PersonLink.self).records }
    }

    /// The file's problem with line and column when it cannot be read (for `validate`).
    public func unreadable() -> Problem? {
        files.unreadable(Self.fileName, as: PersonLink.self)
    }

    /// Records that the appointments `a` and `b` are (or are not) the same person's.
    public func decide(_ a: String, _ b: String, same: Bool, now: Date) throws(RecordError) {
        try RecordError.catching {
            _ = try files.withLock { try files.append([PersonLink(a, b, same: same, at: RecordTime.string(now))], to: Self.fileName) }
        }
    }
}

/// Who is who among bookings and walk-ins: the records of one person share an id. Linked by the person
/// id a purge wrote, the same phone, the walk-in a desk booking was made for, staff's decisions, and the
/// same name (accents and case ignored) when a record has no phone and the name leads to one person
/// only; when it leads to several, staff decide (`candidates`).
public struct People: Sendable {
    /// The person of each booking reference.
    public let ofBooking: [String: String]
    /// The person of each walk-in id.
    public let ofWalkIn: [String: String]
    /// Each person's bookings, by reference.
    public let bookings: [String: [Booking]]
    /// The people who may be the same as another (same name, not linked), by person.
    public let candidates: [String: [String]]

    /// Links `bookings` (forwardings are left out), `walkIns` and staff's `links`.
    public init(bookings all: [Booking], walkIns: [WalkIn] = [], links: [PersonLink] = []) {
        // Oldest first, so that a person's id is their first booking's whatever order the months were read in.
        let records = all.filter { !$0.isForwarding }.sorted { ($0.createdAt, $0.reference) < ($1.createdAt, $1.reference) }
        var parent = Array(records.indices)
        let walkInBase = records.count
        parent += walkIns.indices.map { walkInBase + $0 }
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index {
                parent[index] = parent[parent[index]]
                index = parent[index]
            }
            return index
        }
        var byReference: [String: Int] = [:]
        for (index, booking) in records.enumerated() { byReference[booking.reference] = index }
        // Staff's "not the same" wins over every link found by the program (a phone shared in a family,
        // a namesake): two groups are not joined while one of these pairs would join them.
        let apart = links.filter { !$0.same }.compactMap { link -> (Int, Int)? in
            guard let a = byReference[link.first], let b = byReference[link.second] else { return nil }
            return (a, b)
        }
        func union(_ a: Int, _ b: Int) {
            let (x, y) = (root(a), root(b))
            guard x != y else { return }
            let keptApart = apart.contains { pair in
                let (p, q) = (root(pair.0), root(pair.1))
                return (p == x && q == y) || (p == y && q == x)
            }
            if !keptApart { parent[max(x, y)] = min(x, y) }
        }
        var byKey: [String: Int] = [:]
        func join(_ key: String, _ index: Int) {
            if let other = byKey[key] { union(other, index) } else { byKey[key] = index }
        }
        // Staff's word first, then what the records share.
        for link in links where link.same {
            if let a = byReference[link.first], let b = byReference[link.second] { union(a, b) }
        }
        for (index, booking) in records.enumerated() {
            if let person = booking.person { join("p:" + person, index) }
            if let phone = booking.phone { join("t:" + phone, index) }
            // A plan's appointments were booked together, by one person.
            if let plan = booking.plan { join("c:" + plan, index) }
        }
        for (offset, walkIn) in walkIns.enumerated() { byKey["w:" + walkIn.id] = walkInBase + offset }
        for (index, booking) in records.enumerated() {
            if let walkIn = booking.walkIn, let other = byKey["w:" + walkIn] { union(other, index) }
        }
        // Names: a record without a phone joins the others of its name when they are one person.
        var named: [String: [Int]] = [:]
        for (index, booking) in records.enumerated() where !booking.firstName.isEmpty || !booking.lastName.isEmpty {
            named[People.nameKey(booking), default: []].append(index)
        }
        for indices in named.values where indices.count > 1 {
            let withPhone = Set(indices.filter { records[$0].phone != nil }.map(root))
            let without = indices.filter { records[$0].phone == nil }
            guard let first = without.first else { continue }
            for index in without.dropFirst() { union(first, index) }
            // Several people of that name have phones: which one it is, staff decide.
            if withPhone.count == 1, let only = withPhone.first { union(first, only) }
        }
        func id(_ index: Int) -> String {
            let top = root(index)
            return top < walkInBase ? "P" + records[top].reference : "W" + walkIns[top - walkInBase].id
        }
        var ofBooking: [String: String] = [:]
        var grouped: [String: [Booking]] = [:]
        for (index, booking) in records.enumerated() {
            let person = id(index)
            ofBooking[booking.reference] = person
            grouped[person, default: []].append(booking)
        }
        var ofWalkIn: [String: String] = [:]
        for (offset, walkIn) in walkIns.enumerated() { ofWalkIn[walkIn.id] = id(walkInBase + offset) }
        var candidates: [String: Set<String>] = [:]
        for indices in named.values {
            let people = Set(indices.map(id))
            guard people.count > 1 else { continue }
            for person in people { candidates[person, default: []].formUnion(people.subtracting([person])) }
        }
        // Someone staff said is another person is no longer offered as maybe the same.
        for (a, b) in apart {
            candidates[id(a)]?.remove(id(b))
            candidates[id(b)]?.remove(id(a))
        }
        self.ofBooking = ofBooking
        self.ofWalkIn = ofWalkIn
        self.bookings = grouped
        self.candidates = candidates.mapValues { $0.sorted() }
    }

    /// The folded first and last name a booking is known by.
    static func nameKey(_ booking: Booking) -> String {
        TextFolding.fold(booking.firstName) + "\u{1F}" + TextFolding.fold(booking.lastName)
    }
}
