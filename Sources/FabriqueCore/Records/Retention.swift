public import FoundationEssentials

/// How long personal data is kept: names, phones and e-mails of appointments (and walk-ins' first
/// names, tickets) are erased by `fabrique purge` once their month is older than the limit.
public enum Retention {
    /// The default limit, in months.
    public static let defaultMonths = 24
    /// How far after the month its code names a code's appointments are looked for by a search.
    public static let searchHorizonDays = 124
    /// Limits accepted, in months (fifty years at most: beyond, the cut-off date itself is nonsense).
    public static let monthsRange = 1...600

    /// The first day of the oldest month kept when the limit is `months` and today is `today`.
    public static func cutoff(today: LocalDate, months: Int) -> LocalDate {
        var cutoff = today.firstOfMonth
        for _ in 0..<months { cutoff = cutoff.adding(days: -1).firstOfMonth }
        return cutoff
    }

    /// Every place personal data older than the limit is still kept (for `validate`), one problem each.
    public static func leftovers(in folder: DataFolder, today: LocalDate, months: Int = defaultMonths) -> [Problem] {
        let cutoff = Self.cutoff(today: today, months: months)
        var files = BookingStore(dataFolder: folder).personalDataFiles(endedBefore: cutoff)
        files += WalkInStore(dataFolder: folder).personalDataFiles(endedBefore: cutoff)
        let store = BookingStore(dataFolder: folder)
        files += TicketStore(dataFolder: folder).tickets(endedBefore: cutoff, lastDay: store.lastDay(ofCode:)).map(\.path)
        return files.map { Problem(file: $0, location: nil, issue: .personalDataPastRetention(months: months)) }
    }
}
