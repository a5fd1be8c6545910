public import Foundation

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
        digits = phoneLike && typedDigits.count >= 4 ? Self.national(typedDigits) : nil
        code = BookingStore.normalizedReference(cleaned)
        guard !words.isEmpty || digits != nil else { return nil }
    }

    /// Digits as a French number is written nationally (`0612…`), whether typed with +33 or 0033.
    static func national(_ digits: String) -> String {
        for prefix in ["0033", "33"] where digits.hasPrefix(prefix) && digits.count > prefix.count + 8 {
            return "0" + digits.dropFirst(prefix.count)
        }
        return digits
    }

    /// Whether `booking` answers the query: its code or plan code, its phone, or every word beginning a word of its name.
    public func matches(_ booking: Booking) -> Bool {
        if code.count == BookingStore.referenceLength && (booking.reference == code || booking.plan == code) { return true }
        if let digits, let phone = booking.phone {
            let written = Self.national(phone.filter(\.isNumber))
            if written.contains(digits) { return true }
        }
        guard !words.isEmpty, digits == nil else { return false }
        let name = TextFolding.fold(booking.firstName + " " + booking.lastName).split(separator: " ")
        return words.allSatisfy { word in name.contains { $0.hasPrefix(word) } }
    }
}

extension BookingStore {
    /// Every appointment answering `query`, in every month kept, past and future, at every place:
    /// those to come first (soonest first), then those past (latest first); at most `limit`.
    public func search(_ query: BookingQuery, now: Date, limit: Int = 200) throws(RecordError) -> [Booking] {
        var found: [Booking] = []
        for month in files.months() {
            found += try records(inMonth: month).filter { !$0.isForwarding && query.matches($0) }
        }
        let today = LocalDate(now)
        let coming = found.filter { $0.start.day >= today }.sorted { ($0.start.instant, $0.reference) < ($1.start.instant, $1.reference) }
        let past = found.filter { $0.start.day < today }.sorted { ($0.start.instant, $0.reference) > ($1.start.instant, $1.reference) }
        return Array((coming + past).prefix(limit))
    }
}
