/// A value that has the right JSON type but not an acceptable content, found while decoding.
public struct CatalogueValueError: Error, Sendable {
    /// Where the value stands in its file.
    public let path: JSONPath
    /// What is wrong with it.
    public let issue: Problem.Issue

    /// Creates the error from a decoder's coding path.
    public init(path: [any CodingKey], issue: Problem.Issue) {
        self.path = path.map(JSONPathComponent.init)
        self.issue = issue
    }
}

/// Helpers for enums whose raw values are the words written in the catalogue.
extension RawRepresentable where RawValue == String, Self: CaseIterable {
    /// Decodes a word of the catalogue, naming the allowed words when it is not one of them.
    static func decodeWord(from decoder: any Decoder) throws -> Self {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw CatalogueValueError(path: decoder.codingPath,
                                      issue: .notOneOf(text, allowed: allCases.map(\.rawValue)))
        }
        return value
    }
}
