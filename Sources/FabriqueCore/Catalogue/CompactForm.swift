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
        // One load of the eight bytes, little-endian as written, where a byte at a time checked each index.
        let value = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: value)
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
        let text = bytes[try blobRange()]
        // Printable ASCII (most of a catalogue's ids, numbers and links) is valid UTF-8 without a control
        // character: taken as it is, without looking at its scalars again.
        if text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return String(decoding: text, as: UTF8.self) }
        // The full read refuses control characters in every text (they would reach the terminal as
        // commands): a form edited by hand does not bring them in either.
        guard let text = String(validating: text, as: UTF8.self), !TextSanitizer.hasControl(text) else {
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

extension CompactWriter {
    /// A file's `stat` as the derived files record it (nil: no file).
    mutating func identity(_ identity: FileIdentity?) {
        optional(identity) { writer, identity in
            for field in [identity.device, identity.inode] { writer.uint64(field) }
            for field in [identity.size, identity.modified, identity.changed] { writer.int(Int(field)) }
        }
    }
}

extension CompactReader {
    /// A file's `stat` as `CompactWriter.identity` wrote it.
    mutating func identity() throws(Failure) -> FileIdentity? {
        try optional { reader throws(Failure) in
            FileIdentity(device: try reader.uint64(), inode: try reader.uint64(), size: Int64(try reader.int()),
                         modified: Int64(try reader.int()), changed: Int64(try reader.int()))
        }
    }
}

/// FNV-1a's starting value (the hash of nothing).
let fnvBasis: UInt64 = 0xcbf2_9ce4_8422_2325

/// FNV-1a, 64 bits, going on from `hash` (the hash of the bytes before these): enough to tell a damaged
/// compact form from a sound one (not a defence against someone who can write the data folder, who
/// could as well edit the catalogue).
func fnv1a64(_ bytes: some Sequence<UInt8>, from hash: UInt64 = fnvBasis) -> UInt64 {
    // Walked as a buffer where the bytes are contiguous: a journal checked by a fresh booking is hashed
    // whole (up to 500 lines), and `Data`'s iterator costs an exclusivity check per byte.
    func step(_ hash: UInt64, _ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = hash
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
    return bytes.withContiguousStorageIfAvailable { step(hash, $0) } ?? step(hash, bytes)
}

/// The checksum of a derived file's payload (the compact catalogue, a month's digest): eight bytes a
/// step in four lanes, as xxHash64 mixes them, where FNV-1a takes a byte a step (5 ms for the 4.7 MB
/// form of a 2,000-partner catalogue). Like FNV-1a here, it tells a damaged file from a sound one; it
/// is no defence against someone who can write the data folder.
func checksum64(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        var lane = lane &+ word &* prime2
        lane = (lane << 31) | (lane >> 33)
        return lane &* prime1
    }
    return bytes.withUnsafeBytes { raw in
        var lanes = (fnvBasis, prime1, prime2, fnvBasis ^ prime1)
        var offset = 0
        while offset + 32 <= raw.count {
            lanes.0 = round(lanes.0, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lanes.1 = round(lanes.1, raw.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            lanes.2 = round(lanes.2, raw.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            lanes.3 = round(lanes.3, raw.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        var hash = UInt64(raw.count)
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] { hash = round(hash ^ round(0, lane), 0) }
        return fnv1a64(raw[offset...], from: hash)
    }
}
