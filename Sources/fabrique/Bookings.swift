import ArgumentParser
import FabriqueCore
import FabriqueUI
import FoundationEssentials

/// Exit statuses of the booking commands, after sysexits.h.
extension ExitStatus {
    static let unknown: Int32 = 66
    static let ioError: Int32 = 74
    static let slotUnavailable: Int32 = 75
    static let refusedByRule: Int32 = 77
}

/// A day inside a sentence, as people say it: « samedi 28 novembre 2026 ».
func spokenDay(_ day: LocalDate) -> String {
    DateText.longDay(day, cli.strings)
}

/// How the booking commands print slots and bookings: JSON objects (keys sorted) or French lines.
enum Output {
    static func json(_ value: Any) -> String {
        JSONOutput.text(value) ?? ""
    }

    static func object(_ slot: OpenSlot, service: String?, bookable: Bool = true) -> [String: Any] {
        ["bookable": bookable && !slot.isFull, "id": slot.slot.id, "partner": slot.slot.partner, "service": service ?? slot.slot.services.first ?? "",
         "services": slot.slot.services, "site": slot.slot.site,
         "start": RecordTime.string(slot.slot.startInstant), "end": RecordTime.string(slot.slot.endInstant),
         "capacity": slot.slot.capacity, "remaining": max(0, slot.remaining)]
    }

    static func line(_ slot: OpenSlot, service: String?, catalogue: Catalogue) -> String {
        let serviceID = service ?? slot.slot.services.first ?? ""
        return cli.strings.text(.cliSlotLine, [
            "when": DateText.appointment(slot.slot.startInstant, cli.strings),
            "partner": catalogue.partner(slot.slot.partner)?.name ?? slot.slot.partner,
            "service": catalogue.service(serviceID)?.service.name.text(cli.strings.language) ?? serviceID,
            "site": catalogue.site(slot.slot.site)?.name ?? slot.slot.site,
            "remaining": "\(max(0, slot.remaining))", "capacity": "\(slot.slot.capacity)", "id": slot.slot.id])
    }

    static func object(_ booking: Booking) -> [String: Any] {
        var object: [String: Any] = ["reference": booking.reference, "slot": booking.slot, "start": booking.start.text,
                                     "site": booking.site, "partner": booking.partner, "service": booking.service,
                                     "status": booking.status.rawValue, "firstName": booking.firstName,
                                     "lastName": booking.lastName, "needs": booking.needs, "createdAt": booking.createdAt]
        if let phone = booking.phone { object["phone"] = phone }
        if let email = booking.email { object["email"] = email }
        if let quartier = booking.quartier { object["quartier"] = quartier }
        if let arrived = booking.arrivedAt { object["arrivedAt"] = arrived }
        if let other = booking.possibleDuplicateOf { object["possibleDuplicateOf"] = other }
        if let plan = booking.plan { object["plan"] = plan }
        if let channel = booking.channel { object["channel"] = channel.rawValue }
        if let stage = booking.stage { object["stage"] = stage }
        if let under26 = booking.under26 { object["under26"] = under26 }
        if let walkIn = booking.walkIn { object["walkIn"] = walkIn }
        if let person = booking.person { object["person"] = person }
        return object
    }

    static func line(_ booking: Booking, catalogue: Catalogue) -> String {
        cli.strings.text(.cliBookingLine, [
            "reference": booking.reference, "status": booking.status.label(cli.strings),
            "when": DateText.appointment(booking.start.instant, cli.strings),
            "partner": catalogue.partner(booking.partner)?.name ?? booking.partner,
            "service": catalogue.service(booking.service)?.service.name.text(cli.strings.language) ?? booking.service,
            "site": catalogue.site(booking.site)?.name ?? booking.site,
            "firstName": booking.firstName, "lastName": booking.lastName])
    }

    /// Prints the booking an action on `reference` returns, or says that no booking has that code.
    static func booking(reference: String, json: Bool, catalogue: Catalogue, folder: DataFolder,
                        _ action: () throws(BookingError) -> Booking?) throws {
        let found: Booking?
        do {
            found = try action()
        } catch .full {
            // The slot of this appointment has no place left (B after someone else took it).
            cli.fail(.staffStatusFull)
            throw ExitCode(ExitStatus.slotUnavailable)
        } catch .notBookable {
            cli.fail(.staffStatusAbsent)
            throw ExitCode(ExitStatus.slotUnavailable)
        } catch {
            throw ExitCode(failure(error, value: reference, json: json))
        }
        guard let booking = found else { throw ExitCode(unknownCode(reference, folder: folder, horizonDays: catalogue.rules.horizonDays)) }
        print(json ? Output.json(object(booking)) : line(booking, catalogue: catalogue))
    }

    /// Says that no single appointment has `reference`: a plan's code (the one on a visitor's ticket)
    /// is named as such with its appointments' own codes, anything else as unknown. Returns the exit status.
    static func unknownCode(_ reference: String, folder: DataFolder, horizonDays: Int) -> Int32 {
        let plan = (try? BookingStore(dataFolder: folder).bookings(forCode: reference, horizonDays: horizonDays)) ?? []
        if plan.isEmpty {
            cli.fail(.cliErrorUnknownReference, ["value": reference])
        } else {
            cli.fail(.cliErrorPlanCode, ["value": BookingStore.normalizedReference(reference),
                                         "codes": plan.map(\.reference).joined(separator: ", ")])
        }
        return ExitStatus.unknown
    }

    /// Reports a booking failure on stderr (and as JSON on stdout with `--json`) and returns its exit status.
    static func failure(_ error: BookingError, value: String, json: Bool, extra: [String: Any] = [:]) -> Int32 {
        if case .inPlan(let slot, let reason) = error {
            // The slot of the plan that was refused, and why; nothing of the plan was booked.
            return failure(reason, value: slot, json: json, extra: extra)
        }
        if case .statusRefused(let refusal) = error {
            cli.printError(refusal.text(cli.strings))
            if json { print(Output.json(["error": refusal.code, "detail": value].merging(extra) { $1 })) }
            return ExitStatus.refusedByRule
        }
        if case .overlap(let first, let second) = error {
            cli.fail(.cliErrorOverlap, ["first": first, "second": second])
            if json { print(Output.json(["error": "overlap", "detail": "\(first) \(second)"].merging(extra) { $1 })) }
            return ExitStatus.dataError
        }
        let (key, code, status): (StringKey, String, Int32) = switch error {
        case .unknownSlot: (.cliErrorUnknownSlot, "unknown-slot", ExitStatus.unknown)
        case .serviceNotInSlot: (.cliErrorServiceNotInSlot, "service-not-in-slot", ExitStatus.usage)
        case .notBookable: (.cliErrorNotBookable, "not-bookable", ExitStatus.slotUnavailable)
        case .full: (.cliErrorFull, "full", ExitStatus.slotUnavailable)
        case .alreadyBooked: (.cliErrorAlreadyBooked, "already-booked", ExitStatus.refusedByRule)
        case .sameServiceTwice: (.cliErrorSameServiceTwice, "same-service-twice", ExitStatus.refusedByRule)
        case .noConsent: (.cliErrorConsent, "no-consent", ExitStatus.usage)
        case .invalidName: (.cliErrorName, "invalid-name", ExitStatus.usage)
        case .noFreeReference: (.cliErrorNoFreeReference, "no-free-reference", ExitStatus.dataError)
        case .records(.unreadable): (.cliErrorRecords, "records-unreadable", ExitStatus.ioError)
        case .records(.writeFailed), .records(.abandoned): (.cliErrorWrite, "write-failed", ExitStatus.ioError)
        case .records(.uncertainWrite): (.cliErrorUncertain, "write-uncertain", ExitStatus.ioError)
        case .records(.symbolicLink): (.cliErrorSymlink, "symbolic-link", ExitStatus.ioError)
        case .records(.busy): (.cliErrorBusy, "records-busy", ExitStatus.ioError)
        case .inPlan, .overlap, .statusRefused: (.cliErrorWrite, "plan", ExitStatus.dataError)
        }
        var detail = value
        switch error {
        case .alreadyBooked(let reference): detail = reference
        case .sameServiceTwice(let service): detail = service
        case .records(.unreadable(let problem)): detail = ProblemText(strings: cli.strings).line(problem)
        case .records(.writeFailed(let reason)), .records(.uncertainWrite(let reason)), .records(.symbolicLink(let reason)),
             .records(.busy(let reason)), .records(.abandoned(let reason)): detail = reason
        default: break
        }
        cli.fail(key, ["value": detail])
        if json { print(Output.json(["error": code, "detail": detail].merging(extra) { $1 })) }
        return status
    }
}

/// `fabrique slots`: the slots of the catalogue with their free places.
struct Slots: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliSlotsAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionPartner), valueName: "ID")) var partner: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionService), valueName: "ID")) var service: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionFrom), valueName: "DATE")) var from: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionDays), valueName: "N")) var days = 14
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let now = clock.now()
        var first = LocalDate(now)
        if let from {
            guard let date = LocalDate(from) else {
                cli.fail(.cliErrorDate, ["value": from])
                throw ExitCode(ExitStatus.usage)
            }
            first = date
        }
        guard (1...366).contains(days) else {
            cli.fail(.cliErrorDays)
            throw ExitCode(ExitStatus.usage)
        }
        let store = BookingStore(dataFolder: common.dataFolder)
        let taken: [String: Int]
        do {
            taken = try store.activeCounts(from: first, days: days, digests: true)
        } catch {
            throw ExitCode(Output.failure(.records(error), value: "", json: json))
        }
        let slots = Schedule(catalogue: catalogue).slots(from: first, days: days, site: site, service: service)
            .filter { partner == nil || $0.partner == partner }
            .map { OpenSlot(slot: $0, remaining: $0.capacity - taken[$0.id, default: 0]) }
        let schedule = Schedule(catalogue: catalogue)
        if json {
            print(Output.json(slots.map { Output.object($0, service: service, bookable: schedule.isBookable($0.slot, at: now)) }))
        } else if slots.isEmpty {
            print(cli.strings.text(.cliSlotsNone))
        } else {
            slots.forEach { print(Output.line($0, service: service, catalogue: catalogue)) }
        }
    }
}

/// `fabrique book`: books a slot through the same core code as the kiosk.
struct Book: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliBookAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSlot), valueName: "ID")) var slot: [String] = []
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionBookService), valueName: "ID")) var service: [String] = []
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionFirstName), valueName: "X")) var firstName: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionLastName), valueName: "Y")) var lastName: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionPhone), valueName: "P")) var phone: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionEmail), valueName: "E")) var email: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionQuartier), valueName: "ID")) var quartier: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionNeeds), valueName: "a,b")) var needs: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionBookDate), valueName: "DATE")) var date: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionBookTime), valueName: "HH:MM")) var time: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionChannel), valueName: "phone|desk")) var channel: Booking.Channel?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionStage), valueName: "STAGE")) var stage: String?
    @Option(name: .customLong("under26"), help: ArgumentHelp(cli.strings.text(.cliOptionUnder26), valueName: "yes|no")) var under26: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionConsent))) var consent = false
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let ticketWidth = try common.ticketWidth()
        guard consent else { throw ExitCode(Output.failure(.noConsent, value: "", json: json)) }
        if let phone, Contact.phone(phone) == nil {
            cli.fail(.cliErrorPhone, ["value": phone])
            throw ExitCode(ExitStatus.usage)
        }
        if let email, Contact.email(email) == nil {
            cli.fail(.cliErrorEmail, ["value": email])
            throw ExitCode(ExitStatus.usage)
        }
        // The answers the report counts by (stage at first contact, under 26), as the kiosk keeps them.
        let answers = VisitorAnswers(stage: try CommandAnswer.parse(stage, as: ProjectStage.self), under26: try CommandAnswer.under26(under26))
        let schedule = Schedule(catalogue: catalogue)
        var slots = slot
        if slots.isEmpty {
            // By service and day (and time, and place), as a receptionist says it on the phone.
            slots = [try freeSlot(schedule, now: clock.now())]
        }
        guard service.count <= 1 || service.count == slots.count else {
            cli.fail(.cliErrorServicesCount, ["services": "\(service.count)", "slots": "\(slots.count)"])
            if json { print(Output.json(["error": "services-count", "detail": "\(service.count) \(slots.count)"])) }
            throw ExitCode(ExitStatus.usage)
        }
        var requests: [BookingRequest] = []
        for (index, id) in slots.enumerated() {
            guard let found = schedule.slot(id: id) else {
                throw ExitCode(Output.failure(.unknownSlot, value: id, json: json))
            }
            let chosen = service.count == slots.count ? service[index] : service.first
            // A slot shared by several services is not booked for whichever comes first: the person asked for one.
            if chosen == nil && found.services.count > 1 {
                cli.fail(.cliErrorSlotServices, ["slot": id, "services": found.services.joined(separator: ", ")])
                if json { print(Output.json(["error": "service-needed", "detail": id, "services": found.services])) }
                throw ExitCode(ExitStatus.usage)
            }
            requests.append(BookingRequest(slot: id, service: chosen ?? found.services.first ?? "", firstName: firstName,
                                           lastName: lastName, phone: phone, email: email, quartier: quartier,
                                           needs: needs.map { $0.split(separator: ",").map { String(Blank.trimmed(String($0), keepingLineBreaks: true)) } } ?? [],
                                           consent: consent, bookedAt: "command-line", channel: channel ?? .kiosk,
                                           stage: answers.stageWord, under26: answers.under26Word))
        }
        let store = BookingStore(dataFolder: common.dataFolder)
        do {
            let booked = try store.bookPlan(requests, schedule: schedule, now: clock.now())
            // The ticket, as the kiosk writes it, for the person to be given or sent.
            let plan = BookedPlan(plan: booked.plan, bookings: booked.bookings)
            let ticket = Tickets.write(ConfirmationScreen.ticket(plan, catalogue: catalogue, strings: cli.strings, width: ticketWidth),
                                       code: plan.code, folder: common.dataFolder)
            if let code = booked.plan {
                if json {
                    var object: [String: Any] = ["plan": code, "bookings": booked.bookings.map(Output.object)]
                    if let ticket { object["ticket"] = ticket.path }
                    print(Output.json(object))
                } else {
                    print(cli.strings.text(.cliPlanCode, ["code": code, "count": "\(booked.bookings.count)"]))
                    booked.bookings.forEach { print(Output.line($0, catalogue: catalogue)) }
                }
            } else if let booking = booked.bookings.first {
                var object = Output.object(booking)
                if let ticket { object["ticket"] = ticket.path }
                print(json ? Output.json(object) : Output.line(booking, catalogue: catalogue))
            }
            if let ticket, !json { print(cli.strings.text(.cliTicketWritten, ["path": ticket.path])) }
        } catch {
            throw ExitCode(Self.report(error, requests: requests, schedule: schedule, store: store, now: clock.now(), json: json))
        }
    }

    /// The first free slot of `--service` on `--date` (at `--time`, at `--site` when given); exits 64
    /// when the options are missing and 75, naming the next free slots, when that day has none.
    private func freeSlot(_ schedule: Schedule, now: Date) throws -> String {
        guard service.count == 1, let service = service.first, let date else {
            cli.fail(.cliErrorBookWhat)
            throw ExitCode(ExitStatus.usage)
        }
        guard schedule.catalogue.service(service) != nil else {
            cli.fail(.cliErrorUnknownService, ["value": service, "services": schedule.catalogue.partners.flatMap { $0.services.map(\.id) }.joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let day = try Period.day(date, default: LocalDate(now))
        var at: LocalTime?
        if let time {
            guard let parsed = LocalTime(time) else {
                cli.fail(.cliErrorTime, ["value": time])
                throw ExitCode(ExitStatus.usage)
            }
            at = parsed
        }
        let store = BookingStore(dataFolder: common.dataFolder)
        let read = store.placesTaken(from: day, days: 1, schedule: schedule, digests: true)
        // The day's month cannot be read: that is what to say, not that the day has no free slot.
        if let failure = read.unreadable.first {
            throw ExitCode(Output.failure(.records(failure.error), value: "", json: json))
        }
        let taken = read.counts
        let candidates = schedule.slots(from: day, days: 1, site: site, service: service)
            .filter { schedule.isBookable($0, at: now) && (at == nil || $0.start == at) && taken[$0.id, default: 0] < $0.capacity }
        if let first = candidates.first { return first.id }
        cli.fail(.cliErrorNoFreeSlot, ["service": schedule.catalogue.service(service)?.service.name.text(cli.strings.language) ?? service,
                                       "day": spokenDay(day)])
        let all = store.placesTaken(from: LocalDate(now), days: schedule.catalogue.rules.horizonDays + 1, schedule: schedule, digests: true).counts
        let next = schedule.openSlots(service: service, after: now, taken: all, preferring: site ?? schedule.catalogue.sites.first?.id ?? "")
            .filter { !$0.isFull }.sorted { $0.slot.startInstant < $1.slot.startInstant }.prefix(3)
        if !next.isEmpty {
            cli.printError(cli.strings.text(.cliNextSlots))
            next.forEach { cli.printError("  " + Output.line($0, service: service, catalogue: schedule.catalogue)) }
        }
        throw ExitCode(ExitStatus.slotUnavailable)
    }

    /// Reports a refusal; when a slot was full or no longer bookable, names the next free slots of its service.
    static func report(_ error: BookingError, requests: [BookingRequest], schedule: Schedule, store: BookingStore,
                       now: Date, json: Bool) -> Int32 {
        var refused = requests.first
        var reason = error
        if case .inPlan(let slot, let why) = error {
            refused = requests.first { $0.slot == slot }
            reason = why
        }
        var next: [OpenSlot] = []
        if let refused, let found = schedule.slot(id: refused.slot), reason == .full || reason == .notBookable {
            let taken = store.placesTaken(from: LocalDate(now), days: schedule.catalogue.rules.horizonDays + 1, schedule: schedule, digests: true).counts
            next = Array(schedule.openSlots(service: refused.service, after: now, taken: taken, preferring: found.site)
                .filter { !$0.isFull }.sorted { $0.slot.startInstant < $1.slot.startInstant }.prefix(3))
        }
        let status = Output.failure(error, value: refused?.slot ?? "", json: json,
                                    extra: ["nextSlots": next.map { Output.object($0, service: refused?.service) }])
        if !next.isEmpty && !json {
            cli.printError(cli.strings.text(.cliNextSlots))
            next.forEach { cli.printError("  " + Output.line($0, service: refused?.service, catalogue: schedule.catalogue)) }
        }
        return status
    }
}

/// `fabrique show REFERENCE`.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliShowAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionReference))) var reference: String
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        _ = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let store = BookingStore(dataFolder: common.dataFolder)
        let found: [Booking]
        do {
            found = try store.bookings(forCode: reference, horizonDays: catalogue.rules.horizonDays)
        } catch {
            throw ExitCode(Output.failure(.records(error), value: reference, json: json))
        }
        let wanted = BookingStore.normalizedReference(reference)
        if let booking = found.first(where: { $0.reference == wanted }) {
            print(json ? Output.json(Output.object(booking)) : Output.line(booking, catalogue: catalogue))
        } else if !found.isEmpty {
            // A plan's code: every booking of the plan, in time order.
            if json {
                print(Output.json(["plan": wanted, "bookings": found.map(Output.object)]))
            } else {
                print(cli.strings.text(.cliPlanCode, ["code": wanted, "count": "\(found.count)"]))
                found.forEach { print(Output.line($0, catalogue: catalogue)) }
            }
        } else {
            cli.fail(.cliErrorUnknownReference, ["value": reference])
            throw ExitCode(ExitStatus.unknown)
        }
    }
}

/// `fabrique cancel REFERENCE`.
struct Cancel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: cli.strings.text(.cliCancelAbstract))

    @OptionGroup var common: CommonOptions
    @Argument(help: ArgumentHelp(cli.strings.text(.cliOptionReference))) var reference: String
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let store = BookingStore(dataFolder: common.dataFolder)
        try Output.booking(reference: reference, json: json, catalogue: catalogue, folder: common.dataFolder) { () throws(BookingError) in
            let booking = try store.cancel(reference: reference, now: clock.now())
            if let booking {
                AuditLog(dataFolder: common.dataFolder).append(at: clock.now(), site: nil, action: "cancel", reference: booking.reference)
            }
            return booking
        }
    }
}
