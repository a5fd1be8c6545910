/// Where each record of a month snapshot lies in its bytes, for a snapshot in the shape this program
/// writes it: one object whose only member is the list (`{"bookings":[{…},{…}]}`, any JSON whitespace).
/// A month can then be taken in one record at a time, without the whole month decoded at once. Anything
/// else (another member, an escaped key, a value nested deeper than a record goes, bytes after the
/// object) gives nil, and the caller decodes the file whole, which reads it or names what is wrong.
enum SnapshotRecords {
    /// Deeper than any record this program writes (a booking's needs list is at 2): a value nested
    /// deeper is left to the whole read, whose decoder has its own limit.
    static let deepest = 16

    /// The byte ranges of the list's elements, in order; nil when the snapshot is not in that shape.
    /// An element is not checked here beyond its brackets: each is decoded on its own afterwards, and a
    /// list of well-formed values separated by commas is itself well-formed.
    static func ranges(in bytes: UnsafeRawBufferPointer, field: String) -> [Range<Int>]? {
        var scanner = Scanner(bytes: bytes)
        guard scanner.take(0x7B), scanner.take(0x22) else { return nil }  // {"
        let key = scanner.position
        while scanner.position < bytes.count, bytes[scanner.position] != 0x22 {
            guard bytes[scanner.position] != 0x5C else { return nil }  // an escaped key: left to the whole read
            scanner.position += 1
        }
        guard bytes[key..<min(scanner.position, bytes.count)].elementsEqual(field.utf8),
              scanner.take(0x22), scanner.take(0x3A), scanner.take(0x5B) else { return nil }  // ":[
        var ranges: [Range<Int>] = []
        if scanner.take(0x5D) { return scanner.take(0x7D) && scanner.atEnd ? ranges : nil }
        repeat {
            scanner.skipWhitespace()
            guard let range = scanner.element() else { return nil }
            ranges.append(range)
        } while scanner.take(0x2C)
        guard scanner.take(0x5D), scanner.take(0x7D), scanner.atEnd else { return nil }
        return ranges
    }

    private struct Scanner {
        let bytes: UnsafeRawBufferPointer
        var position = 0

        mutating func skipWhitespace() {
            while position < bytes.count {
                switch bytes[position] {
                case 0x20, 0x09, 0x0A, 0x0D: position += 1
                default: return
                }
            }
        }

        /// Takes `byte` after any whitespace.
        mutating func take(_ byte: UInt8) -> Bool {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        var atEnd: Bool {
            mutating get {
                skipWhitespace()
                return position == bytes.count
            }
        }

        /// One element: from here to the comma or bracket that closes it at depth 0, whitespace after it
        /// left out; nil at the end of the bytes, or nested deeper than `deepest`.
        mutating func element() -> Range<Int>? {
            let start = position
            var depth = 0
            var end = position
            while position < bytes.count {
                let byte = bytes[position]
                switch byte {
                case 0x22:
                    position += 1
                    while position < bytes.count, bytes[position] != 0x22 {
                        position += bytes[position] == 0x5C ? 2 : 1
                    }
                    guard position < bytes.count else { return nil }
                case 0x7B, 0x5B:
                    depth += 1
                    guard depth <= SnapshotRecords.deepest else { return nil }
                case 0x7D, 0x5D:
                    if depth == 0 { return start < end ? start..<end : nil }
                    depth -= 1
                case 0x2C where depth == 0:
                    return start < end ? start..<end : nil
                case 0x20, 0x09, 0x0A, 0x0D:
                    position += 1
                    continue
                default:
                    break
                }
                position += 1
                end = position
            }
            return nil
        }
    }
}
