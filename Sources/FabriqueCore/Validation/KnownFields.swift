/// The fields each catalogue file may hold, so that a misspelt field name (`validUntill`) is reported
/// instead of being silently ignored by decoding. Kept beside the JSON Schema files in docs/schema.
enum KnownFields {
    /// What a value may contain.
    indirect enum Shape: Sendable {
        /// An object with these fields.
        case object([String: Shape])
        /// A list whose items have this shape.
        case list(Shape)
        /// A text in every language: a string, or an object with `fr` and `en`.
        case text
        /// A string, number, boolean or null.
        case scalar
    }

    static let text = Shape.text
    static let scalar = Shape.scalar

    static func file(_ file: CatalogueFile) -> Shape {
        if file == .rules || file == .territory { return .object(["note": text, file.listKey: item(file)]) }
        return .object(["note": text, file.listKey: .list(item(file))])
    }

    static func item(_ file: CatalogueFile) -> Shape {
        switch file {
        case .sites:
            return .object(["id": scalar, "name": scalar, "venue": text, "offers": .list(text),
                            "address": .object(["street": scalar, "postalCode": scalar, "commune": scalar])])
        case .quartiers:
            return .object(["id": scalar, "name": text, "kind": scalar, "commune": scalar, "qpv": scalar,
                            "qpvLists": .list(scalar), "qpvCode": scalar, "formerNames": .list(scalar)])
        case .needs:
            return .object(["id": scalar, "label": text, "explanation": text])
        case .partners:
            let audience = Shape.object(["stages": .list(scalar), "situations": .list(scalar), "under26": scalar,
                                         "qpvResident": scalar, "description": text])
            let service = Shape.object(["id": scalar, "name": text, "pitch": text, "needs": .list(scalar),
                                        "audience": audience, "bring": .list(text), "durationMinutes": scalar,
                                        "prepares": .list(scalar)])
            return .object(["id": scalar, "name": scalar, "description": text, "website": scalar, "note": scalar,
                            "services": .list(service)])
        case .permanences:
            let recurrence = Shape.object(["frequency": scalar, "interval": scalar, "weekdays": .list(scalar),
                                           "nth": scalar, "weekday": scalar])
            return .object(["id": scalar, "partner": scalar, "services": .list(scalar), "site": scalar,
                            "recurrence": recurrence, "start": scalar, "end": scalar, "slotMinutes": scalar,
                            "capacity": scalar, "validFrom": scalar, "validUntil": scalar, "cancelled": .list(scalar)])
        case .sessions:
            return .object(["id": scalar, "partner": scalar, "service": scalar, "site": scalar, "title": text,
                            "date": scalar, "start": scalar, "end": scalar, "capacity": scalar])
        case .closures:
            return .object(["from": scalar, "to": scalar, "kind": scalar, "name": text, "sites": .list(scalar)])
        case .absences:
            return .object(["partner": scalar, "from": scalar, "to": scalar, "sites": .list(scalar)])
        case .rules:
            return .object(["minimumNoticeMinutes": scalar, "horizonWeeks": scalar, "oneActiveBookingPerService": scalar,
                            "travelMinutes": scalar])
        case .territory:
            return .object(["network": text, "name": text])
        }
    }

    /// The fields of `document` that its file does not define, with their paths and places.
    static func unknown(in document: JSONDocument, of file: CatalogueFile) -> [(path: JSONPath, location: TextPosition, key: String)] {
        var found: [(path: JSONPath, location: TextPosition, key: String)] = []
        func walk(_ node: JSONNode, _ shape: Shape, _ path: JSONPath) {
            switch (node.kind, shape) {
            case (.object(let members), .object(let fields)):
                for member in members {
                    if let field = fields[member.key] {
                        walk(member.value, field, path + [.key(member.key)])
                    } else {
                        found.append((path + [.key(member.key)], member.keyLocation, member.key))
                    }
                }
            case (.object, .text):
                walk(node, .object(["fr": scalar, "en": scalar]), path)
            case (.array(let items), .list(let itemShape)):
                for (index, item) in items.enumerated() { walk(item, itemShape, path + [.index(index)]) }
            default:
                break  // a value of the wrong type is reported by decoding
            }
        }
        walk(document.root, self.file(file), [])
        return found
    }
}
