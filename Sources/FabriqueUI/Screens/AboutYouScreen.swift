public import FabriqueCore
public import Foundation

/// Step 2: three optional questions (project stage, situation, under 26), one at a time.
public struct AboutYouScreen: Sendable, Equatable {
    /// The question shown: 0 stage, 1 situation, 2 age.
    public private(set) var question = 0
    public private(set) var selection = 0

    enum Outcome: Equatable {
        case done
        case back
    }

    /// The screen at `question`, its highlight on the answer already given.
    init(answers: VisitorAnswers, question: Int = 0) {
        self.question = question
        selection = AboutYouScreen.selection(for: question, in: answers)
    }

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
            selection < values.count ? .given(values[selection]) : .preferNotToSay
        }
        switch question {
        case 0: answers.stage = answer(ProjectStage.allCases)
        case 1: answers.situation = answer(Situation.allCases)
        default: answers.under26 = answer([true, false])
        }
    }

    mutating func handle(_ key: Key, answers: inout VisitorAnswers) -> Outcome? {
        let count = AboutYouScreen.options(question).count
        switch key {
        case .up: selection = max(0, selection - 1)
        case .down: selection = min(count - 1, selection + 1)
        case .character(let character):
            guard let number = character.wholeNumberValue, (1...count).contains(number) else { return nil }
            selection = number - 1
            return advance(&answers)
        case .enter:
            return advance(&answers)
        case .escape:
            guard question > 0 else { return .back }
            question -= 1
            selection = AboutYouScreen.selection(for: question, in: answers)
        default: break
        }
        return nil
    }

    private mutating func advance(_ answers: inout VisitorAnswers) -> Outcome? {
        record(into: &answers)
        guard question < 2 else { return .done }
        question += 1
        selection = AboutYouScreen.selection(for: question, in: answers)
        return nil
    }

    func render(context: KioskContext, strings: Strings, size: Size, now: Date) -> Canvas {
        var canvas = Canvas(size: size)
        let body = Chrome.page(&canvas, strings: strings, now: now, heading: Chrome.step(2, .stepAboutTitle, strings),
                               question: strings.text(.stepAboutQuestion), hints: Chrome.hints(strings))
        canvas.write(strings.text(.aboutProgress, ["number": "\(question + 1)"]), x: body.x, y: body.y, style: .muted)
        canvas.write(strings.text(AboutYouScreen.prompts[question]), x: body.x, y: body.y + 1, style: .emphasis)
        let rows = AboutYouScreen.options(question).enumerated().map { ListView.Row(text: "\($0.offset + 1)  " + strings.text($0.element)) }
        canvas.cursor = ListView.draw(rows, selected: selection, on: &canvas, x: body.x, y: body.y + 3,
                                      width: min(60, body.width), height: body.height - 3)
        return canvas
    }
}
