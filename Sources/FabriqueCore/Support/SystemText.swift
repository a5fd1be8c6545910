public import FoundationEssentials
import Glibc

/// What the C library and the system say, written without Foundation's formatters: the kiosk's binary
/// links FoundationEssentials only (full Foundation brought 50 MB of code and ICU data, and 4 MB of
/// resident pages, to every start; BENCHMARKS.md).
public enum SystemText {
    /// The system's reason for a failed file operation (`Permission denied`), from the POSIX error
    /// FoundationEssentials carries; otherwise the error's own description.
    public static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return SystemText.words(errno: posix.code.rawValue) }
        if let cocoa = error as? CocoaError {
            if let posix = cocoa.userInfo["NSUnderlyingError"] as? POSIXError {
                return SystemText.words(errno: posix.code.rawValue)
            }
            switch cocoa.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return SystemText.words(errno: ENOENT)
            case .fileReadNoPermission, .fileWriteNoPermission: return SystemText.words(errno: EACCES)
            case .fileWriteOutOfSpace: return SystemText.words(errno: ENOSPC)
            case .fileReadCorruptFile: return "content not as expected"
            default: break
            }
        }
        return String(describing: error)
    }

    /// The system's words for an errno value (`strerror`: « Permission denied »).
    public static func words(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// `value` with `digits` decimals, exactly as C's `printf("%.Nf")` writes it (the decimal point is
    /// a dot: the C locale's, since the kiosk sets only `LC_CTYPE`).
    public static func fixed(_ value: Double, digits: Int) -> String {
        let format = "%.\(max(0, min(digits, 17)))f"
        // 64 bytes hold every figure the program writes; a larger number (1e300 has 301 digits) is
        // written again into a buffer of the length vsnprintf asked for.
        var length = 64
        while true {
            var buffer = [CChar](repeating: 0, count: length)
            let written = withVaList([value]) { arguments in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, $0.count, format, arguments) }
            }
            guard written >= 0 else { return String(value) }
            if Int(written) < length {
                return String(decoding: buffer[..<Int(written)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            length = Int(written) + 1
        }
    }

    /// `value` written with at least `width` digits, zeros in front (`7` → `07`): by hand, since
    /// `String(format:)` boxed each number for Foundation's formatter, and dates are written for every
    /// record.
    public static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count - (value < 0 ? 1 : 0)))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// The user's home folder from the password database, for when `HOME` is not set.
    public static func homeDirectory() -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let status = getpwuid_r(getuid(), &entry, &buffer, buffer.count, &result)
        guard status == 0, let found = result, let directory = found.pointee.pw_dir else { return "/" }
        return String(cString: directory)
    }

    /// Whether `path` is a folder (links followed).
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
