/// An answer to an optional question: not reached, declined, or given.
public enum Answer<Value: Sendable & Hashable>: Sendable, Hashable {
    case unanswered
    case preferNotToSay
    case given(Value)

    /// The value when one was given.
    public var value: Value? {
        if case .given(let value) = self { return value }
        return nil
    }
}

/// What a visitor said about themselves at the kiosk; every answer but the needs may be left out.
public struct VisitorAnswers: Sendable, Hashable {
    /// The quartier id chosen, or nil.
    public var quartier: String?
    public var stage: Answer<ProjectStage>
    public var situation: Answer<Situation>
    public var under26: Answer<Bool>
    /// The needs ticked, in the order they were ticked.
    public var needs: [String]

    /// Answers with nothing said yet.
    public init(quartier: String? = nil, stage: Answer<ProjectStage> = .unanswered,
                situation: Answer<Situation> = .unanswered, under26: Answer<Bool> = .unanswered, needs: [String] = []) {
        self.quartier = quartier
        self.stage = stage
        self.situation = situation
        self.under26 = under26
        self.needs = needs
    }
}

extension VisitorAnswers {
    /// The stage as records keep it (`idea`, …, `prefer-not-to-say`), nil when not asked.
    public var stageWord: String? { Self.word(stage) { $0.rawValue } }
    /// The situation as records keep it, nil when not asked.
    public var situationWord: String? { Self.word(situation) { $0.rawValue } }
    /// Under 26 as records keep it (`yes`, `no`, `prefer-not-to-say`), nil when not asked.
    public var under26Word: String? { Self.word(under26) { $0 ? "yes" : "no" } }

    static func word<T>(_ answer: Answer<T>, _ name: (T) -> String) -> String? {
        switch answer {
        case .unanswered: return nil
        case .preferNotToSay: return "prefer-not-to-say"
        case .given(let value): return name(value)
        }
    }
}
