import FoundationEssentials

/// What came of an appointment once it was seen, as staff record it later: the Fabrique's funders judge
/// it by these (oriented, accompanied, financing obtained, businesses created).
public struct Outcome: Sendable, Hashable, Codable, Identifiable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case oriented
        case followUp = "follow-up"
        case financing
        case premises
        case training
        case activityTested = "activity-tested"
        case businessCreated = "business-created"
        case paused
        case abandoned

        /// Whether it says a partner took the person on (the funnel's "accompanied" stage).
        public var isAccompaniment: Bool {
            switch self {
            case .followUp, .financing, .premises, .training, .activityTested, .businessCreated: return true
            case .oriented, .paused, .abandoned: return false
            }
        }
    }

    /// The kind of financing obtained.
    public enum Financing: String, Sendable, Hashable, Codable, CaseIterable {
        case microloan
        case honourLoan = "honour-loan"
        case guarantee
        case bankLoan = "bank-loan"
        case grant
    }

    /// The legal form of a business created (the short list partners use in France).
    public enum LegalForm: String, Sendable, Hashable, Codable, CaseIterable {
        case microEntreprise = "micro-entreprise"
        case ei, eurl, sasu, sarl, sas, scop, association
    }

    /// `O` and five characters of the booking codes' alphabet (which has no `O`, so no code looks like one).
    public let id: String
    /// The appointment it follows (its reference).
    public let booking: String
    public var kind: Kind
    /// When it happened (the loan granted, the business registered).
    public var date: LocalDate
    public var financing: Financing?
    /// The amount of the financing in whole euros, when known.
    public var amountEuros: Int?
    /// The partner the person was oriented to (kind `oriented`).
    public var partner: String?
    public var legalForm: LegalForm?
    /// The business's SIRET (14 digits, checked with its Luhn key), when known.
    public var siret: String?
    /// The place and partner of the appointment it follows, copied so that figures need no look-up.
    public let site: String
    public let bookingPartner: String
    public let recordedAt: String
    /// When it was last corrected.
    public var correctedAt: String?
    /// True once staff withdrew it (recorded by mistake): it stays in the file and the audit log, out of the figures.
    public var withdrawn: Bool?

    /// Whether the figures count it.
    public var counts: Bool { withdrawn != true }

    /// The same kind, financing and partner oriented to: two of them for one appointment are one event
    /// told twice (the date, amount or SIRET may differ, which is a correction, not a second loan).
    struct Event: Hashable {
        let kind: Kind
        let financing: Financing?
        let partner: String?
    }

    /// The event this outcome tells.
    var event: Event { Event(kind: kind, financing: financing, partner: partner) }
}

/// What staff say of an outcome before it is checked: the fields of `fabrique outcome` and of the form.
public struct OutcomeDraft: Sendable, Hashable {
    public var kind: Outcome.Kind
    public var date: LocalDate
    public var financing: Outcome.Financing?
    public var amountEuros: Int?
    public var partner: String?
    public var legalForm: Outcome.LegalForm?
    public var siret: String?

    /// A draft of `kind` on `date`.
    public init(kind: Outcome.Kind, date: LocalDate, financing: Outcome.Financing? = nil, amountEuros: Int? = nil,
                partner: String? = nil, legalForm: Outcome.LegalForm? = nil, siret: String? = nil) {
        self.kind = kind
        self.date = date
        self.financing = financing
        self.amountEuros = amountEuros
        self.partner = partner
        self.legalForm = legalForm
        self.siret = siret
    }

    /// The draft of an outcome recorded before (to correct it).
    public init(_ outcome: Outcome) {
        self.init(kind: outcome.kind, date: outcome.date, financing: outcome.financing, amountEuros: outcome.amountEuros,
                  partner: outcome.partner, legalForm: outcome.legalForm, siret: outcome.siret)
    }

    /// Checks the draft against the appointment it follows; returns it with the SIRET written as digits.
    public func checked(for booking: Booking, catalogue: Catalogue, today: LocalDate) throws(OutcomeError) -> OutcomeDraft {
        guard booking.status == .seen else { throw .notSeen(booking.status) }
        guard date <= today else { throw .dateInFuture }
        guard date >= booking.start.day else { throw .dateBeforeAppointment(booking.start.day) }
        var checked = self
        if let amountEuros {
            if let error = Self.amountError(amountEuros) { throw error }
            guard kind == .financing else { throw .fieldNotForKind("amount") }
        }
        if kind == .financing {
            guard financing != nil else { throw .missingFinancing }
        } else if financing != nil {
            throw .fieldNotForKind("financing")
        }
        if kind == .oriented {
            guard let partner else { throw .missingPartner }
            guard catalogue.partner(partner) != nil else { throw .unknownPartner(partner) }
            guard partner != booking.partner else { throw .orientedToSamePartner(partner) }
        } else if partner != nil {
            throw .fieldNotForKind("partner")
        }
        if kind != .businessCreated {
            if legalForm != nil { throw .fieldNotForKind("legal-form") }
            if siret != nil { throw .fieldNotForKind("siret") }
        }
        if let siret {
            let result = Siret.check(siret)
            if let error = result.error { throw error }
            if case .valid(let digits) = result { checked.siret = digits }
        }
        return checked
    }

    /// What is wrong with an amount of `euros` (the form and the command line check it as it is typed);
    /// nil when it is taken.
    public static func amountError(_ euros: Int) -> OutcomeError? {
        if euros < 0 { return .negativeAmount }
        // Zero says nothing an empty amount does not, and would lower an average financing.
        if euros == 0 { return .zeroAmount }
        if euros > largestAmount { return .amountTooLarge }
        return nil
    }

    /// What makes two outcomes of one appointment the same event (see `Outcome.Event`).
    var event: Outcome.Event { Outcome.Event(kind: kind, financing: financing, partner: partner) }

    /// The largest amount taken (10 million euros): more is a typing mistake.
    public static let largestAmount = 10_000_000
}

/// Why an outcome was refused; nothing was written.
public enum OutcomeError: Error, Sendable, Equatable {
    /// No appointment (or outcome) has this code.
    case unknownCode(String)
    /// A plan's code stands for several seen appointments: say which (their references).
    case ambiguousPlan([String])
    /// The appointment has not been seen (its status); an outcome follows a meeting.
    case notSeen(Booking.Status)
    case dateInFuture
    /// The date is before the appointment (its day).
    case dateBeforeAppointment(LocalDate)
    case negativeAmount
    case zeroAmount
    case amountTooLarge
    /// The SIRET has 14 digits but its key is wrong (or it is all zeros).
    case invalidSiret
    /// The SIRET is not 14 digits.
    case siretNotFourteenDigits
    /// The SIRET's SIREN is 000 000 000.
    case siretNamesNoBusiness
    /// The same outcome is recorded for this appointment already (its id): correct that one instead.
    case duplicate(String)
    case missingFinancing
    case missingPartner
    case unknownPartner(String)
    /// An orientation names the partner of the appointment itself (its id): it goes to another one.
    case orientedToSamePartner(String)
    /// A field that does not go with this kind of outcome (its option name).
    case fieldNotForKind(String)
    /// The outcome was withdrawn already.
    case alreadyWithdrawn
    case records(RecordError)
}

/// SIRET numbers: 14 digits whose Luhn sum is a multiple of 10 (La Poste's establishments, SIREN
/// 356 000 000, use the sum of the digits, a multiple of 5, instead).
public enum Siret {
    /// What a typed SIRET is.
    public enum Check: Sendable, Equatable {
        /// A SIRET: its 14 digits.
        case valid(String)
        case notFourteenDigits
        /// Fourteen digits whose key does not match.
        case wrongKey
        /// The SIREN 000 000 000: its key passes, but it names no business.
        case noBusiness

        /// Why an outcome with this SIRET is refused; nil for a valid one.
        public var error: OutcomeError? {
            switch self {
            case .valid: return nil
            case .notFourteenDigits: return .siretNotFourteenDigits
            case .wrongKey: return .invalidSiret
            case .noBusiness: return .siretNamesNoBusiness
            }
        }
    }

    /// Checks a SIRET as typed (spaces allowed).
    public static func check(_ text: String) -> Check {
        let digits = text.filter { $0 != " " && $0 != "\u{A0}" && $0 != "\u{202F}" }
        guard digits.count == 14, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .notFourteenDigits }
        let values = digits.compactMap { $0.wholeNumberValue }
        // The SIREN 000 000 000 passes the key but names no business.
        guard values.prefix(9).contains(where: { $0 != 0 }) else { return .noBusiness }
        if digits.hasPrefix("356000000") && digits != "35600000000048" {
            return values.reduce(0, +) % 5 == 0 ? .valid(digits) : .wrongKey
        }
        var sum = 0
        for (index, value) in values.reversed().enumerated() {
            let weighted = index % 2 == 1 ? value * 2 : value
            sum += weighted > 9 ? weighted - 9 : weighted
        }
        return sum % 10 == 0 ? .valid(digits) : .wrongKey
    }

    /// The 14 digits of a SIRET as typed (spaces allowed), or nil when it is not one.
    public static func digits(_ text: String) -> String? {
        if case .valid(let digits) = check(text) { return digits }
        return nil
    }
}

/// Amounts as staff type them: whole euros, spaces between thousands allowed, a sign checked apart.
public enum OutcomeAmount {
    /// The amount in euros, negative when typed so; nil when it is not a whole number (one past the
    /// largest taken when it has too many digits).
    public static func parse(_ text: String) -> Int? {
        var digits = text.filter { $0 != " " && $0 != "\u{A0}" && $0 != "\u{202F}" && $0 != "€" }
        // "8000,00" and "8000.00" are whole euros too.
        for separator in [",00", ".00", ",0", ".0"] where digits.hasSuffix(separator) { digits.removeLast(separator.count) }
        let negative = digits.hasPrefix("-")
        if negative || digits.hasPrefix("+") { digits.removeFirst() }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // Thirteen digits or more is a number, only too large: say so rather than "not a number".
        guard digits.count <= 12, let value = Int(digits) else { return negative ? -(OutcomeDraft.largestAmount + 1) : OutcomeDraft.largestAmount + 1 }
        return negative ? -value : value
    }
}
