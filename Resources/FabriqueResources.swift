public import Foundation

/// The data shipped inside the program: the default catalogue and the language files.
public enum EmbeddedData {
    /// The folder of the embedded default catalogue.
    public static var catalogueURL: URL { root.appendingPathComponent("catalogue") }

    /// The folder of the language files (`fr.json`, `en.json`).
    public static var languageURL: URL { root.appendingPathComponent("lang") }

    /// The characters of the Linux console font the installation sets (see `GlyphSet`).
    public static var consoleGlyphsURL: URL { root.appendingPathComponent("console/Lat15-Fixed16.json") }

    /// The resource folder: beside the program, where `swift build` and the installation put it, found
    /// without Foundation's `Bundle` (whose set-up was a tenth of the kiosk's start); else where
    /// `Bundle.module` says (the build folder of a program moved away from it).
    static let root: URL = besideProgram() ?? bundled

    /// The resource folder as SwiftPM's `Bundle.module` finds it.
    static var bundled: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }

    /// SwiftPM's name for this target's resource folder (package name, underscore, target name).
    static let folderName = "fabrique_FabriqueResources.resources"

    /// The resource folder in the running program's own folder (links resolved), when there is one.
    static func besideProgram() -> URL? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let program = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let folder = URL(fileURLWithPath: program).deletingLastPathComponent().appendingPathComponent(folderName, isDirectory: true)
        var status = stat()
        guard stat(folder.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return folder
    }
}
