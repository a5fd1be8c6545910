import Crypto
import CryptoExtras
public import FoundationEssentials

/// The staff PIN, kept only as a salted, slow hash (PBKDF2-SHA256) in `staff.json` of the data folder.
public struct StaffCredential: Sendable, Hashable, Codable {
    public let algorithm: String
    public let rounds: Int
    /// Base64 salt and derived key.
    public let salt: String
    public let hash: String

    /// Rounds for new PINs: OWASP's figure for PBKDF2-SHA256.
    public static let defaultRounds = 600_000
    /// Rounds accepted from `staff.json`: beyond ten million one check takes seconds and the kiosk
    /// would seem frozen; below one there is no hash.
    public static let roundsRange = 1...10_000_000
    /// The only algorithm this program makes and checks.
    public static let algorithmName = "pbkdf2-sha256"

    /// Whether a text is an acceptable PIN: 4 to 12 digits.
    public static func isValidPIN(_ pin: String) -> Bool {
        (4...12).contains(pin.count) && pin.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Hashes a new PIN with a fresh random salt.
    public static func make(pin: String, rounds: Int = defaultRounds) throws -> StaffCredential {
        var salt = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = UInt8.random(in: 0...255, using: &generator) }
        let key = try derive(pin, salt: salt, rounds: rounds)
        return StaffCredential(algorithm: algorithmName, rounds: rounds, salt: Data(salt).base64EncodedString(),
                               hash: key.base64EncodedString())
    }

    private init(algorithm: String, rounds: Int, salt: String, hash: String) {
        self.algorithm = algorithm
        self.rounds = rounds
        self.salt = salt
        self.hash = hash
    }

    private static func derive(_ pin: String, salt: [UInt8], rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: salt, using: .sha256,
                                                     outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }

    /// Whether `pin` is the PIN this credential was made from (compared in constant time).
    public func matches(_ pin: String) -> Bool {
        guard algorithm == StaffCredential.algorithmName, StaffCredential.roundsRange.contains(rounds),
              let salt = Data(base64Encoded: salt), let expected = Data(base64Encoded: hash),
              let derived = try? StaffCredential.derive(pin, salt: [UInt8](salt), rounds: rounds),
              derived.count == expected.count else { return false }
        return zip(derived, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// `staff.json`: the staff's PIN hash.
public struct StaffFile: Sendable, Codable {
    public var pin: StaffCredential

    /// Creates the file's content.
    public init(pin: StaffCredential) {
        self.pin = pin
    }

    /// Reads `staff.json` of a data folder: nil when there is none; a problem when it cannot be read.
    public static func load(from folder: DataFolder) -> Result<StaffCredential?, Problem> {
        let url = folder.url.appendingPathComponent("staff.json")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return FileManager.default.fileExists(atPath: url.path)
                ? .failure(Problem(file: url.path, location: nil, issue: .unreadableFile("permission")))
                : .success(nil)
        }
        let pin: StaffCredential
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: data)
        } catch {
            return .failure(Problem(file: url.path, location: error.location, issue: .syntax(error.issue)))
        }
        do {
            pin = try JSONNodeDecoder.decode(StaffFile.self, from: document.root).pin
        } catch {
            return .failure(CatalogueLoader.problem(decoding: error, file: url.path, document: document))
        }
        // A hand-edited file must not crash the kiosk (negative rounds) or freeze it (billions of rounds).
        func problem(_ field: String, _ issue: Problem.Issue) -> Result<StaffCredential?, Problem> {
            let path: JSONPath = [.key("pin"), .key(field)]
            return .failure(Problem(file: url.path, location: document.location(of: path), path: path, issue: issue))
        }
        guard pin.algorithm == StaffCredential.algorithmName else {
            return problem("algorithm", .notOneOf(pin.algorithm, allowed: [StaffCredential.algorithmName]))
        }
        guard StaffCredential.roundsRange.contains(pin.rounds) else {
            return problem("rounds", .outOfRange(value: "\(pin.rounds)", range: StaffCredential.roundsRange.description))
        }
        guard let salt = Data(base64Encoded: pin.salt), !salt.isEmpty else { return problem("salt", .invalidValue) }
        guard Data(base64Encoded: pin.hash)?.count == 32 else { return problem("hash", .invalidValue) }
        return .success(pin)
    }

    /// Writes `staff.json` (owner-only), replacing it atomically.
    public static func save(_ credential: StaffCredential, in folder: DataFolder) throws {
        try folder.create()
        try RecordFiles(folder: folder.url).withLock {
            try RecordFiles(folder: folder.url).write(StaffFile(pin: credential), to: "staff.json")
        }
    }
}
