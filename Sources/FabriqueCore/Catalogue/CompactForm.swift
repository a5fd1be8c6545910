/// A value that can be written in the catalogue's compact binary form and read back exactly.
protocol CompactCodable {
    /// Appends the value to `writer`.
    func write(to writer: inout CompactWriter)
    /// Reads a value written by `write(to:)`, or throws when the bytes cannot be one.
    init(from reader: inout CompactReader) throws(CompactReader.Failure)
}

/// Builds the compact form: integers as eight little-endian bytes, texts and lists after their length.
struct CompactWriter {
    private(set) var bytes: [UInt8] = []

    mutating func uint64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    mutating func int(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func blob(_ value: some Collection<UInt8>) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    mutating func string(_ value: String) { blob(value.utf8) }

    mutating func word<Word: RawRepresentable<String>>(_ value: Word) { string(value.rawValue) }

    mutating func value(_ value: some CompactCodable) { value.write(to: &self) }

    mutating func list<Item: CompactCodable>(_ items: [Item]) {
        int(items.count)
        for item in items { item.write(to: &self) }
    }

    mutating func strings(_ items: [String]) {
        int(items.count)
        for item in items { string(item) }
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout CompactWriter, Value) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }
}

/// Reads the compact form, checking every length against the bytes that are left: a truncated or
/// damaged file is an error, never a crash or a huge allocation.
struct CompactReader {
    /// Why bytes are not a compact form.
    enum Failure: Error, Equatable {
        /// The bytes end before the value does.
        case truncated
        /// A value that cannot be (an unknown word, text that is not UTF-8, a date that does not exist).
        case invalid
    }

    private let bytes: [UInt8]
    private(set) var offset: Int

    init(_ bytes: [UInt8], at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func uint64() throws(Failure) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw .truncated }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        offset += 8
        return value
    }

    mutating func int() throws(Failure) -> Int { Int(truncatingIfNeeded: Int64(bitPattern: try uint64())) }

    mutating func bool() throws(Failure) -> Bool {
        guard offset < bytes.count else { throw .truncated }
        defer { offset += 1 }
        switch bytes[offset] {
        case 0: return false
        case 1: return true
        default: throw .invalid
        }
    }

    /// The bounds of the next blob in the bytes, which it skips.
    mutating func blobRange() throws(Failure) -> Range<Int> {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw .truncated }
        defer { offset += count }
        return offset..<(offset + count)
    }

    mutating func string() throws(Failure) -> String {
        // The full read refuses control characters in every text (they would reach the terminal as
        // commands): a form edited by hand does not bring them in either.
        guard let text = String(validating: bytes[try blobRange()], as: UTF8.self), !TextSanitizer.hasControl(text) else {
            throw .invalid
        }
        return text
    }

    /// A booking's reference: letters and digits as the program makes them, read without the full
    /// text checks (a thousand of them are read per month); any other text goes through `string()`.
    mutating func reference() throws(Failure) -> String {
        let start = offset
        let range = try blobRange()
        if range.count <= 15, bytes[range].allSatisfy({ (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) }) {
            return String(decoding: bytes[range], as: UTF8.self)
        }
        offset = start
        return try string()
    }

    mutating func word<Word: RawRepresentable<String>>(_ type: Word.Type) throws(Failure) -> Word {
        guard let word = Word(rawValue: try string()) else { throw .invalid }
        return word
    }

    mutating func value<Value: CompactCodable>(_ type: Value.Type) throws(Failure) -> Value {
        try Value(from: &self)
    }

    /// The number of items of the next list, at most one per byte left (each takes at least one).
    mutating func count() throws(Failure) -> Int {
        let count = try int()
        guard count >= 0, count <= bytes.count - offset else { throw .truncated }
        return count
    }

    mutating func list<Item: CompactCodable>(_ type: Item.Type) throws(Failure) -> [Item] {
        let count = try count()
        var items: [Item] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try Item(from: &self)) }
        return items
    }

    mutating func strings() throws(Failure) -> [String] {
        let count = try count()
        var items: [String] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try string()) }
        return items
    }

    mutating func optional<Value>(_ read: (inout CompactReader) throws(Failure) -> Value) throws(Failure) -> Value? {
        try bool() ? try read(&self) : nil
    }
}

/// FNV-1a's starting value (the hash of nothing).
let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

/// FNV-1a, 64 bits, going on from `hash` (the hash of the bytes before these): enough to tell a damaged
/// compact form from a sound one (not a defence against someone who can write the data folder, who
/// could as well edit the catalogue).
func fnv1a64(_ bytes: some Sequence<UInt8>, from hash: UInt64 = fnvBasis) -> UInt64 {
    var hash = hash
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
    return hash
}
