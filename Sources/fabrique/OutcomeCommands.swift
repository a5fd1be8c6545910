import ArgumentParser
import FabriqueCore
import FabriqueUI
import FoundationEssentials

/// How the outcome commands report a refusal: its sentence on stderr, its code in JSON, its status.
enum OutcomeFailure {
    static func exit(_ error: OutcomeError, catalogue: Catalogue, json: Bool) -> ExitCode {
        if case .records(let records) = error { return ExitCode(Output.failure(.records(records), value: "", json: json)) }
        let (code, status): (String, Int32) = switch error {
        case .unknownCode: ("unknown-code", ExitStatus.unknown)
        case .notSeen: ("not-seen", ExitStatus.refusedByRule)
        case .alreadyWithdrawn: ("already-withdrawn", ExitStatus.refusedByRule)
        case .invalidSiret: ("invalid-siret", ExitStatus.dataError)
        case .siretNotFourteenDigits: ("siret-length", ExitStatus.dataError)
        case .siretNamesNoBusiness: ("siret-no-business", ExitStatus.dataError)
        case .duplicate: ("duplicate", ExitStatus.refusedByRule)
        case .orientedToSamePartner: ("same-partner", ExitStatus.usage)
        case .negativeAmount: ("negative-amount", ExitStatus.usage)
        case .zeroAmount: ("zero-amount", ExitStatus.usage)
        case .ambiguousPlan: ("ambiguous-plan", ExitStatus.usage)
        case .dateInFuture: ("date-in-future", ExitStatus.usage)
        case .dateBeforeAppointment: ("date-before-appointment", ExitStatus.usage)
        case .amountTooLarge: ("amount-too-large", ExitStatus.usage)
        case .missingFinancing: ("missing-financing", ExitStatus.usage)
        case .missingPartner: ("missing-partner", ExitStatus.usage)
        case .unknownPartner: ("unknown-partner", ExitStatus.usage)
        case .fieldNotForKind: ("field-not-for-kind", ExitStatus.usage)
        case .records: ("records", ExitStatus.ioError)
        }
        let sentence = OutcomeText.refusal(error, catalogue: catalogue, strings: cli.strings)
        cli.printError(sentence)
        if json { print(Output.json(["error": code, "detail": sentence])) }
        return ExitCode(status)
    }

    /// A usage mistake (an option's value): its sentence, status 64.
    static func usage(_ key: StringKey, _ values: [String: String], json: Bool, code: String) -> ExitCode {
        let sentence = cli.strings.text(key, values)
        cli.printError(sentence)
        if json { print(Output.json(["error": code, "detail": sentence])) }
        return ExitCode(ExitStatus.usage)
    }
}

extension Output {
    /// An outcome as the commands print it in JSON.
    static func object(_ outcome: Outcome) -> [String: Any] {
        var object: [String: Any] = ["id": outcome.id, "booking": outcome.booking, "kind": outcome.kind.rawValue, "date": "\(outcome.date)",
                                     "site": outcome.site, "bookingPartner": outcome.bookingPartner, "recordedAt": outcome.recordedAt,
                                     "withdrawn": !outcome.counts]
        if let financing = outcome.financing { object["financing"] = financing.rawValue }
        if let amount = outcome.amountEuros { object["amountEuros"] = amount }
        if let partner = outcome.partner { object["partner"] = partner }
        if let form = outcome.legalForm { object["legalForm"] = form.rawValue }
        if let siret = outcome.siret { object["siret"] = siret }
        if let corrected = outcome.correctedAt { object["correctedAt"] = corrected }
        return object
    }
}

/// `fabrique outcome`: records what came of an appointment seen, corrects or withdraws it.
struct OutcomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outcome", abstract: cli.strings.text(.cliOutcomeAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionOutcomeCode), valueName: "CODE")) var code: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionKindOutcome), valueName: "KIND")) var kind: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionOutcomeDate), valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionFinancing), valueName: "KIND")) var financing: String?
    // Unconditional, so that `--amount -5` reaches the check that explains what is wrong with it.
    @Option(parsing: .unconditional, help: ArgumentHelp(cli.strings.text(.cliOptionAmount), valueName: "EUROS")) var amount: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionTowardsPartner), valueName: "ID")) var partner: String?
    @Option(name: .customLong("legal-form"), help: ArgumentHelp(cli.strings.text(.cliOptionLegalForm), valueName: "ID")) var legalForm: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSiret), valueName: "N")) var siret: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionCorrect), valueName: "ID")) var correct: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionWithdraw), valueName: "ID")) var withdraw: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let folder = common.dataFolder
        let store = OutcomeStore(dataFolder: folder)
        let audit = AuditLog(dataFolder: folder)
        let now = clock.now()
        guard [code, correct, withdraw].compactMap({ $0 }).count == 1 else {
            throw OutcomeFailure.usage(.outcomeErrorWhichOne, [:], json: json, code: "usage")
        }
        // An appointment's code where an outcome's is wanted: say which code goes where, not "unknown".
        if let id = withdraw ?? correct, !OutcomeStore.isOutcomeId(id) {
            throw OutcomeFailure.usage(.outcomeErrorNotOutcomeId, ["value": id, "option": withdraw != nil ? "withdraw" : "correct"],
                                       json: json, code: "not-an-outcome-id")
        }
        if let withdraw {
            let outcome = try outcomeChange(catalogue) { () throws(OutcomeError) in try store.withdraw(id: withdraw, now: now) }
            audit.append(at: now, site: outcome.site, action: "outcome-withdraw", reference: outcome.booking, detail: outcome.id)
            report(outcome, .outcomeWithdrawnDone, catalogue)
            return
        }
        if let correct {
            let old = try outcomeChange(catalogue) { () throws(OutcomeError) -> Outcome in
                guard let found = try recordsRead({ () throws(RecordError) in try store.outcome(id: correct) }) else { throw .unknownCode(correct) }
                return found
            }
            let booking = try appointment(old.booking, catalogue)
            let draft = try self.draft(base: OutcomeDraft(old), today: LocalDate(now), catalogue: catalogue)
            let outcome = try outcomeChange(catalogue) { () throws(OutcomeError) in
                try store.correct(id: old.id, with: draft, booking: booking, catalogue: catalogue, now: now)
            }
            audit.append(at: now, site: outcome.site, action: "outcome-correct", reference: outcome.booking, detail: "\(outcome.id) \(outcome.kind.rawValue)")
            report(outcome, .outcomeCorrected, catalogue)
            return
        }
        let booking = try appointment(code ?? "", catalogue)
        guard kind != nil else {
            throw OutcomeFailure.usage(.outcomeErrorUnknownKind, ["value": "", "ids": Self.kindWords.joined(separator: ", ")], json: json, code: "unknown-kind")
        }
        let draft = try self.draft(base: nil, today: LocalDate(now), catalogue: catalogue)
        let outcome = try outcomeChange(catalogue) { () throws(OutcomeError) in
            try store.record(draft, for: booking, catalogue: catalogue, now: now)
        }
        audit.append(at: now, site: outcome.site, action: "outcome-add", reference: outcome.booking, detail: "\(outcome.id) \(outcome.kind.rawValue)")
        report(outcome, .outcomeRecorded, catalogue)
    }

    /// The kinds `--kind` takes: the outcomes, and each financing directly.
    static let kindWords = Outcome.Kind.allCases.map(\.rawValue) + Outcome.Financing.allCases.map(\.rawValue)

    /// The seen appointment a code names (a plan's code when only one of its appointments was seen).
    func appointment(_ code: String, _ catalogue: Catalogue) throws -> Booking {
        // An outcome's id where an appointment's code is wanted: say where it goes, not "unknown".
        if OutcomeStore.isOutcomeId(code) {
            throw OutcomeFailure.usage(.outcomeErrorOutcomeIdGiven, ["value": code.uppercased()], json: json, code: "not-an-appointment-code")
        }
        return try outcomeChange(catalogue) { () throws(OutcomeError) in
            try PersonDirectory(dataFolder: common.dataFolder).appointment(forCode: code, horizonDays: Retention.searchHorizonDays)
        }
    }

    /// The options given, over `base` when correcting: changing the kind drops the fields of the old one.
    func draft(base: OutcomeDraft?, today: LocalDate, catalogue: Catalogue) throws -> OutcomeDraft {
        var draft = base ?? OutcomeDraft(kind: .paused, date: today)
        if let kind {
            if let value = Outcome.Kind(rawValue: kind) {
                draft.kind = value
            } else if let value = Outcome.Financing(rawValue: kind) {
                draft.kind = .financing
                draft.financing = value
            } else {
                throw OutcomeFailure.usage(.outcomeErrorUnknownKind, ["value": kind, "ids": Self.kindWords.joined(separator: ", ")],
                                           json: json, code: "unknown-kind")
            }
            if draft.kind != .financing { draft.financing = nil; draft.amountEuros = nil }
            if draft.kind != .oriented { draft.partner = nil }
            if draft.kind != .businessCreated { draft.legalForm = nil; draft.siret = nil }
        }
        if let date {
            guard let day = LocalDate(date) else { throw OutcomeFailure.usage(.cliErrorDate, ["value": date], json: json, code: "usage") }
            draft.date = day
        }
        if let financing {
            // `--kind microloan --financing guarantee`: two answers, neither is dropped silently.
            if let kind, let named = Outcome.Financing(rawValue: kind), named.rawValue != financing {
                throw OutcomeFailure.usage(.outcomeErrorFinancingTwice, ["kind": kind, "financing": financing], json: json, code: "usage")
            }
            guard let value = Outcome.Financing(rawValue: financing) else {
                throw OutcomeFailure.usage(.outcomeErrorMissingFinancing, ["ids": Outcome.Financing.allCases.map(\.rawValue).joined(separator: ", ")],
                                           json: json, code: "unknown-financing")
            }
            draft.financing = value
        }
        if let amount {
            switch OutcomeAmount.parse(amount) {
            case .some(let euros) where OutcomeDraft.amountError(euros) == .negativeAmount:
                // Quoted as typed.
                throw OutcomeFailure.usage(.outcomeErrorNegativeAmount, ["value": amount], json: json, code: "negative-amount")
            case .some(let euros):
                if let error = OutcomeDraft.amountError(euros) { throw OutcomeFailure.exit(error, catalogue: catalogue, json: json) }
                draft.amountEuros = euros
            case .none: throw OutcomeFailure.usage(.outcomeErrorAmountInvalid, ["value": amount], json: json, code: "invalid-amount")
            }
        }
        if let partner { draft.partner = partner }
        if let legalForm {
            guard let value = Outcome.LegalForm(rawValue: legalForm) else {
                throw OutcomeFailure.usage(.outcomeErrorUnknownLegalForm, ["value": legalForm,
                                                                          "ids": Outcome.LegalForm.allCases.map(\.rawValue).joined(separator: ", ")],
                                           json: json, code: "unknown-legal-form")
            }
            draft.legalForm = value
        }
        if let siret { draft.siret = siret }
        return draft
    }

    func outcomeChange<T>(_ catalogue: Catalogue, _ body: () throws(OutcomeError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw OutcomeFailure.exit(error, catalogue: catalogue, json: json)
        }
    }

    func recordsRead<T>(_ body: () throws(RecordError) -> T) throws(OutcomeError) -> T {
        do {
            return try body()
        } catch {
            throw .records(error)
        }
    }

    func report(_ outcome: Outcome, _ key: StringKey, _ catalogue: Catalogue) {
        if json {
            print(Output.json(Output.object(outcome)))
        } else {
            print(cli.strings.text(key, ["id": outcome.id, "code": outcome.booking,
                                         "what": OutcomeText.describe(outcome, catalogue: catalogue, strings: cli.strings)]))
        }
    }
}

/// `fabrique person`: one person's path, and staff's word on who is the same person.
struct PersonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "person", abstract: cli.strings.text(.cliPersonAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionPersonKey), valueName: "CODE|PHONE")) var key: String
    @Option(name: .customLong("same-as"), help: ArgumentHelp(cli.strings.text(.cliOptionSameAs), valueName: "CODE")) var sameAs: String?
    @Option(name: .customLong("not-same-as"), help: ArgumentHelp(cli.strings.text(.cliOptionNotSameAs), valueName: "CODE")) var notSameAs: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let folder = common.dataFolder
        let directory = PersonDirectory(dataFolder: folder)
        let horizon = Retention.searchHorizonDays
        guard sameAs == nil || notSameAs == nil else {
            cli.fail(.personBothLinks)
            if json { print(Output.json(["error": "usage", "detail": "--same-as --not-same-as"])) }
            throw ExitCode(ExitStatus.usage)
        }
        guard var path = try reading(json: json, { () throws(RecordError) in try directory.path(for: key, now: clock.now(), horizonDays: horizon) }),
              let own = path.booking(named: key) else {
            cli.fail(.personNone, ["value": key])
            if json { print(Output.json(["error": "unknown", "detail": key])) }
            throw ExitCode(ExitStatus.unknown)
        }
        if let other = sameAs ?? notSameAs {
            let found = try reading(json: json) { () throws(RecordError) in
                try BookingStore(dataFolder: folder).bookings(forCode: other, horizonDays: horizon)
            }
            let wanted = BookingStore.normalizedReference(other)
            guard let target = found.first(where: { $0.reference == wanted }) ?? found.first else {
                cli.fail(.personNone, ["value": other])
                throw ExitCode(ExitStatus.unknown)
            }
            // One appointment (or one plan) is one person already: a link to itself says nothing.
            guard !target.isBookedTogether(with: own) else {
                cli.fail(.personSelfLink, ["code": other])
                if json { print(Output.json(["error": "same-code", "detail": other])) }
                throw ExitCode(ExitStatus.usage)
            }
            let same = sameAs != nil
            try reading(json: json) { () throws(RecordError) in
                try PersonLinkStore(dataFolder: folder).decide(own.reference, target.reference, same: same, now: clock.now())
            }
            AuditLog(dataFolder: folder).append(at: clock.now(), site: nil, action: same ? "person-same" : "person-not-same",
                                                reference: own.reference, detail: target.reference)
            if !json { print(cli.strings.text(same ? .personLinked : .personUnlinked, ["first": own.reference, "second": target.reference])) }
            path = try reading(json: json) { () throws(RecordError) in try directory.path(for: key, now: clock.now(), horizonDays: horizon) } ?? path
        }
        show(path, catalogue)
    }

    func show(_ path: PersonPath, _ catalogue: Catalogue) {
        let contact = path.contact
        if json {
            let entries = path.entries.map { entry -> [String: Any] in
                switch entry {
                case .booking(let booking): return Output.object(booking).merging(["type": "booking"]) { $1 }
                case .outcome(let outcome): return Output.object(outcome).merging(["type": "outcome"]) { $1 }
                case .walkIn(let walkIn):
                    return ["type": "walk-in", "id": walkIn.id, "date": "\(walkIn.date)", "site": walkIn.site,
                            "partner": walkIn.partner.map { $0 as Any } ?? JSONNull(), "status": walkIn.status.rawValue]
                }
            }
            print(Output.json(["person": path.person, "firstName": contact?.firstName ?? "", "lastName": contact?.lastName ?? "",
                               "phone": contact?.phone.map { $0 as Any } ?? JSONNull(), "entries": entries,
                               "candidates": path.candidates.map(Output.object)]))
            return
        }
        print(OutcomeText.pathTitle(contact, code: key, strings: cli.strings))
        if let phone = contact?.phone { print(cli.strings.text(.personPhone, ["phone": Contact.displayPhone(phone)])) }
        path.entries.forEach { print(OutcomeText.line($0, of: path, catalogue: catalogue, strings: cli.strings)) }
        if !path.candidates.isEmpty {
            print(cli.strings.text(.personCandidates))
            path.candidates.forEach { print("  " + OutcomeText.candidate($0, strings: cli.strings)) }
        }
    }
}

/// `fabrique report`: the funnel funders ask for, as text for a board meeting, JSON or CSV.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: cli.strings.text(.cliReportAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionReportFrom), valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionTo), valueName: "DATE")) var to: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionReportSite), valueName: "ID")) var site: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false
    @Flag(name: .customLong("print"), help: ArgumentHelp(cli.strings.text(.cliOptionPrintReport))) var toPrinter = false
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionPrintCommand), valueName: "COMMAND")) var printCommand: String?

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        try requireSite(site, in: catalogue)
        let period = try Period(from: from, to: to, today: LocalDate(clock.now()))
        let folder = common.dataFolder
        let report = try reading(json: json) { () throws(RecordError) in
            try PersonDirectory(dataFolder: folder).report(from: period.from, to: period.to, site: site, catalogue: catalogue,
                                                           visits: VisitStore(dataFolder: folder))
        }
        let table = ReportTable(report: report, catalogue: catalogue, strings: cli.strings)
        if toPrinter {
            try Printing.send(table.text() + "\n", name: "report-\(period.from)-\(period.to)", folder: folder, command: printCommand)
        } else if json {
            print(Output.json(table.json()))
        } else if csv {
            printRaw(table.csv())
        } else {
            print(table.text())
        }
        AuditLog(dataFolder: folder).append(at: clock.now(), site: site, action: "report", detail: "\(period.from)..\(period.to)")
    }
}

/// `fabrique follow-up`: people seen a while ago with nothing recorded since, to call.
struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "follow-up", abstract: cli.strings.text(.cliFollowUpAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionWeeks), valueName: "N")) var weeks = FollowUpCommand.defaultWeeks
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionCsv))) var csv = false

    static let defaultWeeks = 6

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        guard (1...520).contains(weeks) else {
            cli.fail(.followupErrorWeeks, ["value": "\(weeks)"])
            throw ExitCode(ExitStatus.usage)
        }
        let entries = try reading(json: json) { () throws(RecordError) in
            try PersonDirectory(dataFolder: common.dataFolder).followUp(weeks: weeks, now: clock.now())
        }
        if json {
            print(Output.json(entries.map { entry -> [String: Any] in
                ["person": entry.person, "lastSeen": Output.object(entry.lastSeen), "firstName": entry.contact.firstName,
                 "lastName": entry.contact.lastName, "phone": entry.contact.phone.map { $0 as Any } ?? JSONNull(),
                 "email": entry.contact.email.map { $0 as Any } ?? JSONNull(), "appointments": entry.appointments]
            }))
        } else if csv {
            let wanted = ["reference", "start", "firstName", "lastName", "phone", "email", "partner", "service", "site"]
            let columns = Sheet.bookings(catalogue, cli.strings).filter { wanted.contains($0.field) }
            // The contact's name and phone on the row of the last appointment seen.
            let rows = entries.map { entry -> Booking in
                var row = entry.lastSeen
                row.firstName = entry.contact.firstName
                row.lastName = entry.contact.lastName
                row.phone = entry.contact.phone
                row.email = entry.contact.email
                return row
            }
            printRaw(Sheet.document(rows, columns, cli.strings))
        } else if entries.isEmpty {
            print(cli.strings.text(.followupNone, ["weeks": "\(weeks)"]))
        } else {
            print(cli.strings.text(.followupTitle, ["weeks": "\(weeks)"]))
            entries.forEach { print(OutcomeText.followUp($0, catalogue: catalogue, strings: cli.strings)) }
        }
    }
}
