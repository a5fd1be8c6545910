import ArgumentParser
import FabriqueCore
import FabriqueUI
import FoundationEssentials

/// `fabrique plan`: the plan the kiosk proposes for needs and answers (the same `Planner.plan`).
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: cli.strings.text(.cliPlanAbstract))

    @OptionGroup var common: CommonOptions
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionNeeds), valueName: "a,b")) var needs: String
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionQuartier), valueName: "ID")) var quartier: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionStage), valueName: "STAGE")) var stage: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSituation), valueName: "ID")) var situation: String?
    @Option(name: .customLong("under26"), help: ArgumentHelp(cli.strings.text(.cliOptionUnder26), valueName: "yes|no")) var under26: String?
    @Option(help: ArgumentHelp(cli.strings.text(.cliOptionSite), valueName: "ID")) var site: String?
    @Flag(help: ArgumentHelp(cli.strings.text(.cliOptionJson))) var json = false

    func run() throws {
        let clock = try common.clock()
        let catalogue = try common.loadCatalogue { cli.printError($0) }
        let place = site ?? catalogue.sites.first?.id ?? ""
        guard catalogue.site(place) != nil else {
            cli.fail(.cliErrorSite, ["value": place])
            throw ExitCode(ExitStatus.usage)
        }
        let ticked = needs.split(separator: ",").map { String(Blank.trimmed(String($0), keepingLineBreaks: true)) }
        for need in ticked where !catalogue.needs.contains(where: { $0.id == need }) {
            cli.fail(.cliErrorAnswer, ["value": need, "allowed": catalogue.needs.map(\.id).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        let answers = VisitorAnswers(quartier: quartier, stage: try CommandAnswer.parse(stage, as: ProjectStage.self),
                                     situation: try CommandAnswer.parse(situation, as: Situation.self),
                                     under26: try CommandAnswer.under26(under26), needs: ticked)
        let now = clock.now()
        let taken: [String: Int]
        do {
            taken = try BookingStore(dataFolder: common.dataFolder).activeCounts(from: LocalDate(now), days: catalogue.rules.horizonDays + 1, digests: true)
        } catch {
            throw ExitCode(Output.failure(.records(error), value: "", json: json))
        }
        let schedule = Schedule(catalogue: catalogue)
        let plan = Planner.plan(schedule, for: answers, now: now, taken: taken, site: place)
        if json {
            print(Output.json(Self.object(plan, needs: Planner.unique(ticked), catalogue: catalogue)))
        } else {
            for step in plan.steps {
                print(PlanText.title(step, catalogue: catalogue, strings: cli.strings))
                print("  " + PlanText.reason(step, catalogue: catalogue, strings: cli.strings))
                if let next = step.next { print("  " + Output.line(next, service: step.proposal.service.id, catalogue: catalogue)) }
            }
            for need in plan.unmet {
                print(cli.strings.text(.cliPlanUnmet, ["need": PlanText.needs([need], catalogue: catalogue, strings: cli.strings)]))
            }
        }
    }

    /// The plan as the README's JSON contract gives it: one entry a need, in the visitor's order.
    static func object(_ plan: Plan, needs: [String], catalogue: Catalogue) -> [String: Any] {
        let entries: [[String: Any]] = needs.compactMap { need in
            guard let step = plan.step(for: need) else { return nil }
            let next: Any = step.next.map { ["slot": $0.slot.id, "start": RecordTime.string($0.slot.startInstant), "site": $0.slot.site] }
                ?? JSONNull()
            return ["need": need, "service": step.proposal.service.id, "partner": step.proposal.partner.id,
                    "firstStep": step.prepares.contains(need),
                    "reason": PlanText.reason(step, need: need, catalogue: catalogue, strings: cli.strings),
                    "next": next,
                    "alternatives": step.alternatives.map { ["service": $0.service.id, "partner": $0.partner.id] }]
        }
        return ["needs": entries, "unmet": plan.unmet]
    }
}

/// The visitor's optional answers given on the command line (`plan`, `book`), checked against their possible values.
enum CommandAnswer {
    /// An answer among `T`'s words, or unanswered when not given; another word stops with the usage status.
    static func parse<T: RawRepresentable & CaseIterable & Sendable & Hashable>(_ value: String?, as type: T.Type) throws -> Answer<T>
        where T.RawValue == String {
        guard let value else { return .unanswered }
        guard let parsed = T(rawValue: value) else {
            cli.fail(.cliErrorAnswer, ["value": value, "allowed": T.allCases.map(\.rawValue).joined(separator: ", ")])
            throw ExitCode(ExitStatus.usage)
        }
        return .given(parsed)
    }

    /// `yes` or `no`, or unanswered when not given.
    static func under26(_ value: String?) throws -> Answer<Bool> {
        switch value {
        case nil: return .unanswered
        case "yes": return .given(true)
        case "no": return .given(false)
        case let other?:
            cli.fail(.cliErrorAnswer, ["value": other, "allowed": "yes, no"])
            throw ExitCode(ExitStatus.usage)
        }
    }
}
