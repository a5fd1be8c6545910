public import FabriqueCore

/// Writes a data problem as one line a coordinator can act on: `file:line:column: erreur : message`.
public struct ProblemText: Sendable {
    let strings: Strings

    /// A problem as the program names it, without a language table (`file:line:column` and the issue's
    /// case): for logs written where no language was loaded.
    public static let plain: @Sendable (Problem) -> String = { "\($0.file):\($0.location.map(\.description) ?? "") \($0.issue)" }

    /// Creates a writer for one language.
    public init(strings: Strings) {
        self.strings = strings
    }

    /// The whole line for `problem`.
    public func line(_ problem: Problem) -> String {
        var place = problem.file
        if let location = problem.location { place += ":\(location.line):\(location.column)" }
        let severity = strings.text(problem.severity == .error ? .problemSeverityError : .problemSeverityWarning)
        var values = ["place": place, "severity": severity, "message": message(problem.issue)]
        if problem.path.isEmpty {
            return strings.text(.problemFormat, values)
        }
        values["path"] = problem.pathText
        return strings.text(.problemFormatPath, values)
    }

    /// The message for an issue, without its place.
    public func message(_ issue: Problem.Issue) -> String {
        switch issue {
        case .syntax(let syntax): return syntaxMessage(syntax)
        case .missingFile: return strings.text(.problemMissingFile)
        case .unreadableFile(let reason): return strings.text(.problemUnreadableFile, ["reason": reason])
        case .missingField(let field): return strings.text(.problemMissingField, ["field": field])
        case .unknownField(let field): return strings.text(.problemUnknownField, ["field": field])
        case .wrongType(let type): return strings.text(.problemWrongType, ["type": typeName(type)])
        case .nullValue: return strings.text(.problemNullValue)
        case .invalidDate(let value): return strings.text(.problemInvalidDate, ["value": value])
        case .invalidTime(let value): return strings.text(.problemInvalidTime, ["value": value])
        case .notOneOf(let value, let allowed):
            return strings.text(.problemNotOneOf, ["value": value, "allowed": allowed.joined(separator: ", ")])
        case .emptyText: return strings.text(.problemEmptyText)
        case .emptyList: return strings.text(.problemEmptyList)
        case .invalidValue: return strings.text(.problemInvalidValue)
        case .duplicateKey(let key): return strings.text(.problemDuplicateKey, ["key": key])
        case .duplicateID(let id, let line): return strings.text(.problemDuplicateID, ["id": id, "line": "\(line)"])
        case .idUsedByPermanence(let id): return strings.text(.problemIdUsedByPermanence, ["id": id])
        case .unknownReference(let kind, let id, let known):
            let message = strings.text(.problemUnknownReference, ["kind": referenceName(kind), "id": id])
            guard !known.isEmpty else { return message }
            // The ids that would do, so that a typo is fixed without opening another file.
            let shown = known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", …" : "")
            return message + strings.text(.problemKnownIDs, ["ids": shown])
        case .serviceOfAnotherPartner(let service, let partner):
            return strings.text(.problemServiceOfAnotherPartner, ["service": service, "partner": partner])
        case .endNotAfterStart(let start, let end):
            return strings.text(.problemEndNotAfterStart, ["start": "\(start)", "end": "\(end)"])
        case .notPositive(let value): return strings.text(.problemNotPositive, ["value": "\(value)"])
        case .controlCharacter(let text): return strings.text(.problemControlCharacter, ["value": text])
        case .outOfRange(let value, let range): return strings.text(.problemOutOfRange, ["value": value, "range": range])
        case .notAFolder: return strings.text(.problemNotAFolder)
        case .writableByOthers(let mode): return strings.text(.problemWritableByOthers, ["mode": mode])
        case .personalDataPastRetention(let months): return strings.text(.problemPersonalData, ["months": "\(months)"])
        case .slotLongerThanWindow(let slot, let window):
            return strings.text(.problemSlotLongerThanWindow, ["slot": "\(slot)", "window": "\(window)"])
        case .slotsLeaveTimeUnused(let slot, let window):
            return strings.text(.problemSlotsLeaveTimeUnused, ["slot": "\(slot)", "window": "\(window)"])
        case .periodReversed(let from, let to):
            return strings.text(.problemPeriodReversed, ["from": "\(from)", "to": "\(to)"])
        case .invalidNth(let value): return strings.text(.problemInvalidNth, ["value": "\(value)"])
        case .overlappingPermanence(let other, let date):
            return strings.text(.problemOverlappingPermanence, ["other": other, "date": "\(date)"])
        case .cancelledOutsidePeriod(let date): return strings.text(.problemCancelledOutsidePeriod, ["date": "\(date)"])
        case .noSites: return strings.text(.problemNoSites)
        case .oneLanguageOnly: return strings.text(.problemOneLanguageOnly)
        case .territoryMissing: return strings.text(.problemTerritoryMissing)
        case .serviceNeverOffered(let service): return strings.text(.problemServiceNeverOffered, ["service": service])
        case .journalBytesKept(let count): return strings.text(.problemJournalBytesKept, ["count": "\(count)"])
        case .overbooked(let slot, let start, let bookings, let places):
            return strings.text(.problemOverbooked, ["slot": slot, "start": start, "count": "\(bookings)", "places": "\(places)"])
        case .duplicateOutcome(let id): return strings.text(.problemDuplicateOutcome, ["id": id])
        case .needUnreachable(let need, let count, let total, let example):
            return strings.text(.problemNeedUnreachable, ["need": need, "count": "\(count)", "of": "\(total)",
                                                          "example": profileText(example)])
        }
    }

    /// A kind of visitor in words: `J'ai une idée, Salarié ou salariée, Non, 26 ans ou plus, …`.
    func profileText(_ profile: VisitorProfile) -> String {
        let stages: [ProjectStage: StringKey] = [.idea: .aboutStageIdea, .project: .aboutStageProject,
                                                 .youngBusiness: .aboutStageYoungBusiness,
                                                 .establishedBusiness: .aboutStageEstablishedBusiness]
        let situations: [Situation: StringKey] = [.jobSeeker: .aboutSituationJobSeeker, .minimumBenefits: .aboutSituationMinimumBenefits,
                                                  .employed: .aboutSituationEmployed, .student: .aboutSituationStudent,
                                                  .other: .aboutSituationOther]
        return [stages[profile.stage].map { strings.text($0) } ?? profile.stage.rawValue,
                situations[profile.situation].map { strings.text($0) } ?? profile.situation.rawValue,
                strings.text(profile.under26 ? .aboutAgeYes : .aboutAgeNo),
                strings.text(profile.qpv ? .profileQpvYes : .profileQpvNo)].joined(separator: ", ")
    }

    private func syntaxMessage(_ issue: JSONSyntaxIssue) -> String {
        switch issue {
        case .unexpectedEnd: return strings.text(.syntaxUnexpectedEnd)
        case .unexpectedCharacter(let character):
            return strings.text(.syntaxUnexpectedCharacter, ["character": TextSanitizer.visible(character)])
        case .unterminatedString: return strings.text(.syntaxUnterminatedString)
        case .controlCharacterInString: return strings.text(.syntaxControlCharacterInString)
        case .invalidEscape: return strings.text(.syntaxInvalidEscape)
        case .invalidNumber: return strings.text(.syntaxInvalidNumber)
        case .trailingComma: return strings.text(.syntaxTrailingComma)
        case .missingComma: return strings.text(.syntaxMissingComma)
        case .missingColon: return strings.text(.syntaxMissingColon)
        case .expectedKey: return strings.text(.syntaxExpectedKey)
        case .trailingContent: return strings.text(.syntaxTrailingContent)
        case .invalidUTF8: return strings.text(.syntaxInvalidUTF8)
        case .tooDeep: return strings.text(.syntaxTooDeep)
        }
    }

    private func typeName(_ type: Problem.ValueType) -> String {
        switch type {
        case .text: return strings.text(.typeText)
        case .integer: return strings.text(.typeInteger)
        case .number: return strings.text(.typeNumber)
        case .boolean: return strings.text(.typeBoolean)
        case .list: return strings.text(.typeList)
        case .object: return strings.text(.typeObject)
        }
    }

    private func referenceName(_ kind: Problem.ReferenceKind) -> String {
        switch kind {
        case .site: return strings.text(.referenceSite)
        case .partner: return strings.text(.referencePartner)
        case .service: return strings.text(.referenceService)
        case .need: return strings.text(.referenceNeed)
        case .booking: return strings.text(.referenceBooking)
        }
    }
}
