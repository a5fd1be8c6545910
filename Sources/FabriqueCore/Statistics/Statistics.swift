/// The anonymous figures funders ask for, over a period, overall and broken down by one dimension.
public struct Statistics: Sendable, Equatable {
    /// The row key of visitors who did not say their quartier.
    public static let unanswered = "-"

    /// What the rows are.
    public enum Dimension: String, Sendable, CaseIterable {
        case site, quartier, need, partner, status
    }

    /// The figures of one row (or of the whole period).
    public struct Figures: Sendable, Equatable {
        /// People welcomed: journeys at a kiosk.
        public var visits = 0
        /// People who came without an appointment, for a permanence or the general reception.
        public var walkIns = 0
        /// Of them, people living in a QPV.
        public var qpvVisits = 0
        /// Of them, people under 26.
        public var under26 = 0
        /// Appointments in the period (any status).
        public var bookings = 0
        public var seen = 0
        public var noShow = 0
        public var excused = 0
        public var revoked = 0

        /// Share of visitors from a QPV, in percent with one decimal, or nil without visits.
        public var qpvShare: Double? { Statistics.percent(qpvVisits, of: visits) }
        /// Honoured appointments among those whose outcome is known (seen or no-show).
        public var honouredRate: Double? { Statistics.percent(seen, of: seen + noShow) }
        /// No-shows among those whose outcome is known.
        public var noShowRate: Double? { Statistics.percent(noShow, of: seen + noShow) }
    }

    /// One row: its key (an id from the catalogue or a status) and its figures.
    public struct Row: Sendable, Equatable {
        public let key: String
        public let figures: Figures
    }

    public let totals: Figures
    public let dimension: Dimension
    public let rows: [Row]

    static func percent(_ part: Int, of whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        return (Double(part) * 1000 / Double(whole)).rounded() / 10
    }

    /// Computes the figures of `visits`, `bookings` and `walkIns` (already restricted to the period).
    public init(visits: [Visit], bookings: [Booking], walkIns: [WalkIn] = [], catalogue: Catalogue, by dimension: Dimension) {
        let qpv = Set(catalogue.quartiers.filter(\.qpv).map(\.id))
        func add(_ visit: Visit, to figures: inout Figures) {
            figures.visits += 1
            if let quartier = visit.quartier, qpv.contains(quartier) { figures.qpvVisits += 1 }
            if visit.under26 == "yes" { figures.under26 += 1 }
        }
        func add(_ booking: Booking, to figures: inout Figures) {
            figures.bookings += 1
            switch booking.status {
            case .seen: figures.seen += 1
            case .noShow: figures.noShow += 1
            case .excused: figures.excused += 1
            case .revoked: figures.revoked += 1
            case .booked, .arrived: break
            }
        }
        func add(_ walkIn: WalkIn, to figures: inout Figures) {
            figures.walkIns += 1
        }
        var totals = Figures()
        visits.forEach { add($0, to: &totals) }
        bookings.forEach { add($0, to: &totals) }
        walkIns.forEach { add($0, to: &totals) }

        // The keys a visit or a booking counts under; a need-row counts each need ticked.
        func keys(_ visit: Visit) -> [String] {
            switch dimension {
            case .site: return [visit.site]
            case .quartier: return [visit.quartier ?? Statistics.unanswered]
            case .need: return visit.needs
            case .partner: return visit.bookedPartner.map { [$0] } ?? []
            case .status: return []
            }
        }
        func keys(_ booking: Booking) -> [String] {
            switch dimension {
            case .site: return [booking.site]
            case .quartier: return [booking.quartier ?? Statistics.unanswered]
            case .need: return booking.needs
            case .partner: return [booking.partner]
            case .status: return [booking.status.rawValue]
            }
        }
        func keys(_ walkIn: WalkIn) -> [String] {
            switch dimension {
            case .site: return [walkIn.site]
            case .partner: return walkIn.partner.map { [$0] } ?? []
            // Nothing is asked of a walk-in: no quartier, no need, no appointment.
            case .quartier: return [Statistics.unanswered]
            case .need, .status: return []
            }
        }
        var byKey: [String: Figures] = [:]
        for visit in visits { for key in keys(visit) { add(visit, to: &byKey[key, default: Figures()]) } }
        for booking in bookings { for key in keys(booking) { add(booking, to: &byKey[key, default: Figures()]) } }
        for walkIn in walkIns { for key in keys(walkIn) { add(walkIn, to: &byKey[key, default: Figures()]) } }

        // Rows follow the catalogue's order, then anything else (a removed id, "-" for unanswered).
        let order: [String]
        switch dimension {
        case .site: order = catalogue.sites.map(\.id)
        case .quartier: order = catalogue.quartiers.map(\.id)
        case .need: order = catalogue.needs.map(\.id)
        case .partner: order = catalogue.partners.map(\.id)
        case .status: order = Booking.Status.allCases.map(\.rawValue)
        }
        let known = order.filter { byKey[$0] != nil }
        let others = byKey.keys.filter { !order.contains($0) }.sorted()
        self.totals = totals
        self.dimension = dimension
        self.rows = (known + others).map { Row(key: $0, figures: byKey[$0] ?? Figures()) }
    }
}
