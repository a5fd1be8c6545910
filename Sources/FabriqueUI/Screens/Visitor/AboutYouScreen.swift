public import FabriqueCore
public import FoundationEssentials

/// Step 2: three optional questions (project stage, situation, under 26), one at a time.
public struct AboutYouScreen: KioskScreen, Equatable {
    /// The question shown: 0 stage, 1 situation, 2 age.
    public private(set) var question = 0
    private(set) var list: ListState
    private var visit: Journey

    /// The screen at `question`, its highlight on the answer already given.
    init(journey: Journey, question: Int = 0) {
        visit = journey
        self.question = question
        list = ListState(focus: AboutYouScreen.selection(for: question, in: journey.answers))
    }

    var traits: ScreenTraits { visit.traits(help: .helpAbout, typing: false) }
    var clicks: Clicks { .choose(list.focus) }
    var journey: Journey? { visit }
    func message(_ env: ScreenEnvironment) -> ScreenMessage? { nil }
    func receive(_ reply: Reply, _ env: ScreenEnvironment) -> Transition { .stay }

    /// The options of a question: its answers, then "prefer not to say".
    static func options(_ question: Int) -> [StringKey] {
        switch question {
        case 0: return [.aboutStageIdea, .aboutStageProject, .aboutStageYoungBusiness, .aboutStageEstablishedBusiness, .aboutSkip]
        case 1: return [.aboutSituationJobSeeker, .aboutSituationMinimumBenefits, .aboutSituationEmployed,
                        .aboutSituationStudent, .aboutSituationOther, .aboutSkip]
        default: return [.aboutAgeYes, .aboutAgeNo, .aboutSkip]
        }
    }

    static let prompts: [StringKey] = [.aboutStageQuestion, .aboutSituationQuestion, .aboutAgeQuestion]

    /// Where the highlight starts for a question already answered.
    static func selection(for question: Int, in answers: VisitorAnswers) -> Int {
        func index<T: Equatable>(_ answer: Answer<T>, _ values: [T]) -> Int {
            switch answer {
            case .unanswered: return 0
            case .preferNotToSay: return values.count
            case .given(let value): return values.firstIndex(of: value) ?? 0
            }
        }
        switch question {
        case 0: return index(answers.stage, ProjectStage.allCases)
        case 1: return index(answers.situation, Situation.allCases)
        default: return index(answers.under26, [true, false])
        }
    }

    /// Records the highlighted answer of the current question in `answers`.
    private func record(into answers: inout VisitorAnswers) {
        func answer<T>(_ values: [T]) -> Answer<T> {
            list.focus < values.count ? .given(values[list.focus]) : .preferNotToSay
        }
        switch question {
        case 0: answers.stage = answer(ProjectStage.allCases)
        case 1: answers.situation = answer(Situation.allCases)
        default: answers.under26 = answer([true, false])
        }
    }

    mutating func handle(_ key: Key, _ env: ScreenEnvironment) -> Transition {
        let count = AboutYouScreen.options(question).count
        if list.handle(key, count: count) { return .stay }
        switch key {
        case .character(let character):
            guard let number = character.wholeNumberValue, (1...count).contains(number) else { return .stay }
            list = ListState(focus: number - 1)
            return advance(env)
        case .enter:
            return advance(env)
        case .escape:
            guard question > 0 else { return .go(VisitorFlow.quartier(visit, env)) }
            question -= 1
            list = ListState(focus: AboutYouScreen.selection(for: question, in: visit.answers))
        default: break
        }
        return .stay
    }

    private mutating func advance(_ env: ScreenEnvironment) -> Transition {
        record(into: &visit.answers)
        guard question < AboutYouScreen.prompts.count - 1 else { return .go(VisitorFlow.needs(visit)) }
        question += 1
        list = ListState(focus: AboutYouScreen.selection(for: question, in: visit.answers))
        return .stay
    }

    func render(_ env: ScreenEnvironment) -> Canvas {
        let (strings, size, now) = (env.strings, env.size, env.now)
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(2, .stepAboutTitle, strings),
                               question: strings.text(.stepAboutQuestion), hints: Chrome.hints(strings))
        canvas.write(strings.text(.aboutProgress, ["number": "\(question + 1)"]), x: body.x, y: body.y, style: .muted)
        canvas.write(strings.text(AboutYouScreen.prompts[question]), x: body.x, y: body.y + 1, style: .emphasis)
        let rows = AboutYouScreen.options(question).enumerated().map { ListView.Row(text: "\($0.offset + 1)  " + strings.text($0.element)) }
        canvas.cursor = ListView.draw(rows, state: list, on: &canvas,
                                      in: ListView.Frame(x: body.x, y: body.y + 3, width: min(60, body.width), height: body.height - 3))
        return canvas
    }
}
