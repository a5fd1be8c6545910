public import FabriqueCore

extension Outcome.Kind {
    /// What happened, as staff read it.
    public func label(_ strings: Strings) -> String {
        switch self {
        case .oriented: return strings.text(.outcomeKindOriented)
        case .followUp: return strings.text(.outcomeKindFollowUp)
        case .financing: return strings.text(.outcomeKindFinancing)
        case .premises: return strings.text(.outcomeKindPremises)
        case .training: return strings.text(.outcomeKindTraining)
        case .activityTested: return strings.text(.outcomeKindActivityTested)
        case .businessCreated: return strings.text(.outcomeKindBusinessCreated)
        case .paused: return strings.text(.outcomeKindPaused)
        case .abandoned: return strings.text(.outcomeKindAbandoned)
        }
    }
}

extension Outcome.Financing {
    /// The kind of financing, in words.
    public func label(_ strings: Strings) -> String {
        switch self {
        case .microloan: return strings.text(.outcomeFinancingMicroloan)
        case .honourLoan: return strings.text(.outcomeFinancingHonourLoan)
        case .guarantee: return strings.text(.outcomeFinancingGuarantee)
        case .bankLoan: return strings.text(.outcomeFinancingBankLoan)
        case .grant: return strings.text(.outcomeFinancingGrant)
        }
    }
}

extension Outcome.LegalForm {
    /// The legal form, in words.
    public func label(_ strings: Strings) -> String {
        switch self {
        case .microEntreprise: return strings.text(.outcomeLegalMicroEntreprise)
        case .ei: return strings.text(.outcomeLegalEi)
        case .eurl: return strings.text(.outcomeLegalEurl)
        case .sasu: return strings.text(.outcomeLegalSasu)
        case .sarl: return strings.text(.outcomeLegalSarl)
        case .sas: return strings.text(.outcomeLegalSas)
        case .scop: return strings.text(.outcomeLegalScop)
        case .association: return strings.text(.outcomeLegalAssociation)
        }
    }
}

/// Outcomes and their refusals in words, the same on screen and on the command line.
public enum OutcomeText {
    /// What an outcome (or a draft) says: « Financement obtenu · prêt d'honneur · 8 000 € ».
    public static func describe(_ draft: OutcomeDraft, catalogue: Catalogue, strings: Strings) -> String {
        var parts = [draft.kind.label(strings)]
        // « Orientation vers Adie » rather than the kind's general label followed by the partner.
        if let partner = draft.partner { parts = [strings.text(.outcomeTowards, ["partner": catalogue.partner(partner)?.name ?? partner])] }
        if let financing = draft.financing { parts.append(financing.label(strings)) }
        if let amount = draft.amountEuros { parts.append(strings.text(.outcomeAmount, ["amount": euros(amount, strings.language)])) }
        if let form = draft.legalForm { parts.append(form.label(strings)) }
        if let siret = draft.siret { parts.append(strings.text(.outcomeSiret, ["siret": siret])) }
        return parts.joined(separator: " · ")
    }

    /// An outcome in words, « (retiré) » at the end once withdrawn.
    public static func describe(_ outcome: Outcome, catalogue: Catalogue, strings: Strings) -> String {
        describe(OutcomeDraft(outcome), catalogue: catalogue, strings: strings)
            + (outcome.counts ? "" : " (" + strings.text(.outcomeWithdrawn) + ")")
    }

    /// Whole euros with thousands grouped as each language does: « 8 000 », "8,000".
    public static func euros(_ amount: Int, _ language: Language) -> String {
        let digits = Array(String(abs(amount)))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += language == .fr ? " " : "," }
            grouped.append(digit)
        }
        return (amount < 0 ? "-" : "") + grouped
    }

    /// Why an outcome was refused, in one sentence.
    public static func refusal(_ error: OutcomeError, catalogue: Catalogue, strings: Strings) -> String {
        switch error {
        case .unknownCode(let code): return strings.text(.outcomeErrorUnknownCode, ["code": code])
        case .ambiguousPlan(let codes): return strings.text(.outcomeErrorAmbiguousPlan, ["codes": codes.joined(separator: ", ")])
        case .notSeen(let status): return strings.text(.outcomeErrorNotSeen, ["status": status.label(strings)])
        case .dateInFuture: return strings.text(.outcomeErrorDateInFuture)
        case .dateBeforeAppointment(let day): return strings.text(.outcomeErrorDateBefore, ["date": DateText.shortDate(day)])
        case .negativeAmount: return strings.text(.outcomeErrorNegativeAmount, ["value": ""])
        case .amountTooLarge: return strings.text(.outcomeErrorAmountTooLarge)
        case .invalidSiret: return strings.text(.outcomeErrorInvalidSiret)
        case .siretNotFourteenDigits: return strings.text(.outcomeErrorSiretLength)
        case .siretNamesNoBusiness: return strings.text(.outcomeErrorSiretNoBusiness)
        case .zeroAmount: return strings.text(.outcomeErrorZeroAmount)
        case .duplicate(let id): return strings.text(.outcomeErrorDuplicate, ["id": id])
        case .orientedToSamePartner(let id):
            return strings.text(.outcomeErrorSamePartner, ["partner": catalogue.partner(id)?.name ?? id])
        case .missingFinancing:
            return strings.text(.outcomeErrorMissingFinancing, ["ids": Outcome.Financing.allCases.map(\.rawValue).joined(separator: ", ")])
        case .missingPartner: return strings.text(.outcomeErrorMissingPartner, ["ids": catalogue.partners.map(\.id).joined(separator: ", ")])
        case .unknownPartner(let id):
            return strings.text(.cliErrorUnknownPartner, ["value": id])
        case .fieldNotForKind(let field): return strings.text(.outcomeErrorFieldNotForKind, ["field": field])
        case .alreadyWithdrawn: return strings.text(.outcomeErrorAlreadyWithdrawn)
        case .records: return strings.text(.staffRecordsUnreadable)
        }
    }
}

extension OutcomeText {
    /// One line of `path`, an outcome of an appointment no longer marked seen said not to count.
    public static func line(_ entry: PersonPath.Entry, of path: PersonPath, catalogue: Catalogue, strings: Strings) -> String {
        let text = line(entry, catalogue: catalogue, strings: strings)
        guard countsNot(entry, of: path) else { return text }
        return text + " " + strings.text(.outcomeNotCounted)
    }

    /// Whether `entry` is an outcome the report leaves out because its appointment is no longer marked seen.
    public static func countsNot(_ entry: PersonPath.Entry, of path: PersonPath) -> Bool {
        guard case .outcome(let outcome) = entry, outcome.counts else { return false }
        return path.bookings.first { $0.reference == outcome.booking }.map { $0.status != .seen } ?? false
    }

    /// One line of a person's path: an appointment, a walk-in or an outcome, its day first.
    public static func line(_ entry: PersonPath.Entry, catalogue: Catalogue, strings: Strings) -> String {
        let language = strings.language
        switch entry {
        case .booking(let booking):
            return strings.text(.personBooking, [
                "day": DateText.shortDate(booking.start.day), "time": DateText.time(booking.start.instant, language),
                "partner": catalogue.partner(booking.partner)?.name ?? booking.partner,
                "service": catalogue.service(booking.service)?.service.name.text(language) ?? booking.service,
                "site": catalogue.site(booking.site)?.name ?? booking.site, "status": booking.status.label(strings), "code": booking.reference])
        case .walkIn(let walkIn):
            let what = walkIn.partner.map { catalogue.partner($0)?.name ?? $0 } ?? strings.text(.personReception)
            return strings.text(.personWalkIn, ["day": DateText.shortDate(walkIn.date), "what": what])
        case .outcome(let outcome):
            return strings.text(.personOutcome, ["day": DateText.shortDate(outcome.date), "id": outcome.id,
                                                 "what": describe(outcome, catalogue: catalogue, strings: strings)])
        }
    }

    /// A booking of another person who may be the same, as the path lists it.
    public static func candidate(_ booking: Booking, strings: Strings) -> String {
        strings.text(.personCandidate, ["name": "\(booking.firstName) \(booking.lastName)", "phone": booking.phone.map(Contact.displayPhone) ?? "—",
                                        "date": DateText.shortDate(booking.start.day), "code": booking.reference])
    }

    /// The path's title: « Parcours de Zoé Martin », or of a person whose name the purge erased.
    public static func pathTitle(_ contact: Booking?, code: String, strings: Strings) -> String {
        let name = contact.map { "\($0.firstName) \($0.lastName)" } ?? code
        return name.allSatisfy(\.isWhitespace) ? strings.text(.personTitleErased) : strings.text(.personTitle, ["name": name])
    }

    /// A person to call back, as the follow-up list shows them.
    public static func followUp(_ entry: FollowUpEntry, catalogue: Catalogue, strings: Strings) -> String {
        // The phone and code first, padded, so that a long name is what a narrow screen cuts.
        let phone = entry.contact.phone.map(Contact.displayPhone) ?? "—"
        return strings.text(.followupLine, ["day": DateText.shortDate(entry.lastSeen.start.day),
                                     "name": "\(entry.contact.firstName) \(entry.contact.lastName)",
                                     "phone": phone + String(repeating: " ", count: max(0, Self.phoneWidth - TextWidth.of(phone))),
                                     "partner": catalogue.partner(entry.lastSeen.partner)?.name ?? entry.lastSeen.partner,
                                     "code": entry.lastSeen.reference])
    }

    /// The width of a French phone number as shown (« 06 12 34 56 78 »).
    static let phoneWidth = 14
}
