public import FoundationEssentials

/// What staff typed to find someone: words of a name (accents and case ignored), a phone number as
/// it is written, or a code (a booking's or a plan's).
public struct BookingQuery: Sendable, Equatable {
    /// The folded words, each of which must begin a word of the name.
    let words: [String]
    /// The digits typed, when they look like part of a phone number (four or more).
    let digits: String?
    /// The text read as a code.
    let code: String

    /// A query from what staff typed; nil when there is nothing to look for.
    public init?(_ text: String) {
        let cleaned = TextSanitizer.clean(text)
        words = TextFolding.fold(cleaned).split(separator: " ").map(String.init)
        let typedDigits = cleaned.filter { $0.isASCII && $0.isNumber }
        let phoneLike = cleaned.allSatisfy { $0.isASCII && ($0.isNumber || " .-+()".contains($0)) }
        digits = phoneLike && typedDigits.count >= 4 ? Self.national(cleaned) : nil
        code = BookingStore.normalizedReference(cleaned)
        guard !words.isEmpty || digits != nil else { return nil }
    }

    /// Digits as a French number is written nationally (`0612…`), whether typed with +33 or 0033,
    /// whole or in part; another country's without its 00 (`44 20…`), as it is stored.
    static func national(_ typed: String) -> String {
        var digits = typed.filter { $0.isASCII && $0.isNumber }
        let international = Blank.trimmed(typed, keepingLineBreaks: true).hasPrefix("+") || digits.hasPrefix("00")
        if digits.hasPrefix("00") { digits.removeFirst(2) }
        guard international else { return digits }
        // +33 (0)6…: the French trunk zero comes back, written nationally.
        if digits.hasPrefix("33") {
            var national = digits.dropFirst(2)
            if national.first == "0" { national = national.dropFirst() }
            return "0" + national
        }
        return digits
    }

    /// Whether `booking` answers the query: its code or plan code, its phone, or every word beginning a word of its name.
    public func matches(_ booking: Booking) -> Bool {
        if code.count == BookingStore.referenceLength && (booking.reference == code || booking.plan == code) { return true }
        if let digits, let phone = booking.phone {
            if Self.national(phone).contains(digits) { return true }
        }
        guard !words.isEmpty, digits == nil else { return false }
        let name = TextFolding.fold(booking.firstName + " " + booking.lastName).split(separator: " ")
        return words.allSatisfy { word in name.contains { $0.hasPrefix(word) } }
    }
}

/// The appointments a search found, the first `limit` of them, and how many there were in all.
public struct SearchResult: Sendable, Equatable {
    public let bookings: [Booking]
    public let total: Int

    /// Creates a result.
    public init(bookings: [Booking], total: Int) {
        self.bookings = bookings
        self.total = total
    }
}

extension BookingStore {
    /// Every appointment answering `query`, at every place, in every month kept: from the retention's
    /// cut-off (`Retention`: older months hold no names or phones once purged, and reading ten years of
    /// months takes seconds) to the last month with appointments, or in every month with `everyMonth`.
    /// A code is looked up directly, whatever its month. Those to come first (soonest first), then those
    /// past (latest first); the first `limit`, with the count of all.
    public func search(_ query: BookingQuery, now: Date, limit: Int = 200, everyMonth: Bool = false) throws(RecordError) -> SearchResult {
        var found: [Booking] = []
        var seen = Set<String>()
        if query.code.count == Self.referenceLength {
            for booking in try bookings(forCode: query.code, horizonDays: Retention.searchHorizonDays) where seen.insert(booking.reference).inserted {
                found.append(booking)
            }
        }
        let first = RecordFiles.monthName(of: Retention.cutoff(today: LocalDate(now), months: Retention.defaultMonths))
        for month in files.months() where everyMonth || month >= first {
            for booking in try records(inMonth: month) where !booking.isForwarding && query.matches(booking) && seen.insert(booking.reference).inserted {
                found.append(booking)
            }
        }
        let today = LocalDate(now)
        let coming = found.filter { $0.start.day >= today }.sorted { ($0.start.instant, $0.reference) < ($1.start.instant, $1.reference) }
        let past = found.filter { $0.start.day < today }.sorted { ($0.start.instant, $0.reference) > ($1.start.instant, $1.reference) }
        return SearchResult(bookings: Array((coming + past).prefix(limit)), total: found.count)
    }
}
