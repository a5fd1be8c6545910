/// The records of a month snapshot in the shape this program writes it: one object whose only member
/// is the list (`{"bookings":[{…},{…}]}`, any JSON whitespace), read piece by piece and handed over one
/// record's bytes at a time, so that a month is taken in without its file or its records held whole.
/// Anything else (another member, an escaped key, a value nested deeper than a record goes, bytes after
/// the object) stops it, and the caller decodes the file whole, which reads it or names what is wrong.
enum SnapshotRecords {
    /// Deeper than any record this program writes (a booking's needs list is at 2): a value nested
    /// deeper is left to the whole read, whose decoder has its own limit.
    static let deepest = 16

    /// Hands the bytes of each element of the list under `field` to `body`, in order, reading the file
    /// through `next` (its next piece at each call, empty at its end). False when the snapshot is not in
    /// that shape or `body` returned false; what `next` throws is thrown. An element is not checked here
    /// beyond its brackets and strings: `body` decodes each on its own, and a list of well-formed values
    /// separated by commas is itself well-formed.
    static func forEach(field: String, reading next: () throws -> [UInt8],
                        _ body: (ArraySlice<UInt8>) -> Bool) throws -> Bool {
        var bytes: [UInt8] = []
        var position = 0
        // Bytes before it are no longer needed: a piece read next lets them go.
        var kept = 0
        var ended = false

        func peek() throws -> UInt8? {
            while position >= bytes.count {
                guard !ended else { return nil }
                let piece = try next()
                guard !piece.isEmpty else {
                    ended = true
                    return nil
                }
                bytes.removeSubrange(0..<kept)
                position -= kept
                kept = 0
                bytes += piece
            }
            return bytes[position]
        }

        func skipWhitespace() throws {
            while let byte = try peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
        }

        /// Takes `byte` after any whitespace.
        func take(_ byte: UInt8) throws -> Bool {
            try skipWhitespace()
            guard try peek() == byte else { return false }
            position += 1
            kept = position
            return true
        }

        /// One element, from here to the comma or bracket that closes it at depth 0, whitespace after
        /// it left out: its length from `kept`; nil at the end of the bytes, or nested deeper than `deepest`.
        func element() throws -> Int? {
            kept = position
            var depth = 0
            var length = 0
            while let byte = try peek() {
                switch byte {
                case 0x22:
                    position += 1
                    while let inside = try peek(), inside != 0x22 {
                        position += 1
                        if inside == 0x5C {
                            guard try peek() != nil else { return nil }
                            position += 1
                        }
                    }
                    guard try peek() != nil else { return nil }
                case 0x7B, 0x5B:
                    depth += 1
                    guard depth <= deepest else { return nil }
                case 0x7D, 0x5D:
                    if depth == 0 { return length > 0 ? length : nil }
                    depth -= 1
                case 0x2C where depth == 0:
                    return length > 0 ? length : nil
                case 0x20, 0x09, 0x0A, 0x0D:
                    position += 1
                    continue
                default:
                    break
                }
                position += 1
                length = position - kept
            }
            return nil
        }

        guard try take(0x7B), try take(0x22) else { return false }  // {"
        var key = field.utf8.makeIterator()
        while let byte = try peek(), byte != 0x22 {
            // An escaped key is left to the whole read.
            guard byte != 0x5C, key.next() == byte else { return false }
            position += 1
        }
        guard key.next() == nil, try take(0x22), try take(0x3A), try take(0x5B) else { return false }  // ":[
        if try !take(0x5D) {  // not an empty list
            repeat {
                try skipWhitespace()
                guard let length = try element(), body(bytes[kept..<kept + length]) else { return false }
            } while try take(0x2C)
            guard try take(0x5D) else { return false }
        }
        guard try take(0x7D) else { return false }
        try skipWhitespace()
        return try peek() == nil
    }
}
