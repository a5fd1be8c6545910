public import FabriqueCore
public import FoundationEssentials

/// The sentences that explain a plan, the same on the kiosk's screens, its ticket and the command line.
public enum PlanText {
    /// The names of needs, in a language, joined: `Financement, Local`.
    public static func needs(_ ids: [String], catalogue: Catalogue, strings: Strings) -> String {
        ids.map { id in catalogue.needs.first { $0.id == id }?.label.text(strings.language) ?? id }.joined(separator: ", ")
    }

    /// Conditions of a service to check or not met: `l'étape du projet, votre situation`.
    public static func conditions(_ list: [Proposal.Condition], _ strings: Strings) -> String {
        list.map { condition -> String in
            switch condition {
            case .stage: return strings.text(.conditionStage)
            case .situation: return strings.text(.conditionSituation)
            case .age: return strings.text(.conditionAge)
            case .qpvResidence: return strings.text(.conditionQpvResidence)
            }
        }.joined(separator: ", ")
    }

    /// What a visitor lacks for a service they cannot use yet: `un projet plus avancé`.
    static func missing(_ list: [Proposal.Condition], _ strings: Strings) -> String {
        list.map { condition -> String in
            switch condition {
            case .stage: return strings.text(.planMissingStage)
            case .situation: return strings.text(.planMissingSituation)
            case .age: return strings.text(.planMissingAge)
            case .qpvResidence: return strings.text(.planMissingQpv)
            }
        }.joined(separator: ", ")
    }

    /// Why a step is in the plan, in one plain sentence, for `need` (nil: for the needs it answers).
    public static func reason(_ step: PlanStep, need: String? = nil, catalogue: Catalogue, strings: Strings) -> String {
        let partner = step.proposal.partner.name
        if let need = need ?? step.prepares.first, step.prepares.contains(need) {
            let label = Self.needs([need], catalogue: catalogue, strings: strings)
            if let blocked = step.blockedBy[need], case .notEligible(let list) = blocked.eligibility {
                return strings.text(.planReasonBlocked, ["need": label, "missing": missing(list, strings), "partner": partner])
            }
            return strings.text(.planReasonFirst, ["need": label, "partner": partner])
        }
        let answered = Self.needs(step.answers, catalogue: catalogue, strings: strings)
        switch step.proposal.eligibility {
        case .toCheck(let list):
            return strings.text(.planReasonToCheck, ["partner": partner, "needs": answered, "conditions": conditions(list, strings)])
        case .eligible, .notEligible:
            return strings.text(.planReasonEligible, ["partner": partner, "needs": answered,
                                                      "audience": step.proposal.service.audience.description.text(strings.language)])
        }
    }

    /// The first line of a step: `Financement → Adie — Microcrédit professionnel`, or `Première étape pour …`.
    public static func title(_ step: PlanStep, catalogue: Catalogue, strings: Strings) -> String {
        let values = ["needs": Self.needs(step.isFirstStep ? step.prepares : step.answers, catalogue: catalogue, strings: strings),
                      "partner": step.proposal.partner.name, "service": step.proposal.service.name.text(strings.language)]
        return strings.text(step.isFirstStep ? .planFirstStep : .planAnswers, values)
    }

    /// `mardi 1 décembre à 9 h`: a slot's day and start.
    public static func when(_ slot: Slot, strings: Strings) -> String {
        strings.text(.dateAppointment, ["day": DateText.dayWithoutYear(slot.startInstant, strings),
                                        "time": DateText.time(slot.start, strings.language)])
    }

    /// Step `index`'s next free slot as of `env.now`, counted with `taken`, among those its slot list
    /// offers: none that one person could not hold with the journey's other chosen slots (overlapping,
    /// or too close at another place). The plan's own, worked out when the plan was made, goes stale
    /// while a visitor reads (its slot starts, or was taken meanwhile).
    static func nextFree(step index: Int, of journey: Journey, taken: [String: Int], _ env: ScreenEnvironment) -> OpenSlot? {
        guard journey.choices.indices.contains(index) else { return nil }
        let others = journey.chosen.filter { $0.index != index }.map(\.slot)
        let travel = env.context.catalogue.rules.travelMinutes
        return env.context.schedule.openSlots(service: journey.choices[index].step.proposal.service.id, after: env.now,
                                              taken: taken, preferring: env.context.site.id)
            .first { item in !item.isFull && !others.contains { BookingStore.conflict(item.slot, $0, travelMinutes: travel) } }
    }

    /// Where a slot is, as a visitor at this place reads it in a sentence: `ici, à Belle-Beille`.
    static func place(_ slot: Slot, context: KioskContext, strings: Strings) -> String {
        if slot.site == context.site.id { return strings.text(.placeHereInline, ["site": context.site.name]) }
        return context.catalogue.site(slot.site)?.name ?? slot.site
    }

    /// How long an appointment lasts: `1 h 30`, `45 min`.
    static func duration(_ minutes: Int, strings: Strings) -> String {
        if minutes < 60 { return strings.text(.detailsMinutes, ["minutes": "\(minutes)"]) }
        if minutes % 60 == 0 { return strings.text(.detailsWholeHours, ["hours": "\(minutes / 60)"]) }
        return strings.text(.detailsHours, ["hours": "\(minutes / 60)", "minutes": SystemText.padded(minutes % 60, width: 2)])
    }
}
