public import FoundationEssentials
import Glibc

/// The data shipped inside the program: the default catalogue and the language files.
public enum EmbeddedData {
    /// The folder of the embedded default catalogue.
    public static var catalogueURL: URL { root.appendingPathComponent("catalogue") }

    /// The folder of the language files (`fr.json`, `en.json`).
    public static var languageURL: URL { root.appendingPathComponent("lang") }

    /// The characters of the Linux console font the installation sets (see `GlyphSet`).
    public static var consoleGlyphsURL: URL { root.appendingPathComponent("console/Lat15-Fixed16.json") }

    /// The resource folder: beside the program, where `swift build` and the installation put it, found
    /// without Foundation's `Bundle` (whose set-up was a tenth of the kiosk's start, and which stops the
    /// program with a trap when the folder is missing). Where it is missing, the path it should have.
    static let root: URL = besideProgram() ?? expectedFolder()

    /// Whether the resource folder is where the program expects it, with its language files and the
    /// default catalogue; when it is not, nothing can be shown (the texts themselves are in it) and
    /// `missingMessage` says so.
    public static var isPresent: Bool {
        guard let folder = besideProgram() else { return false }
        return ["lang/fr.json", "lang/en.json", "catalogue/sites.json"].allSatisfy { file in
            var status = stat()
            return stat(folder.appendingPathComponent(file).path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
        }
    }

    /// What to print when the folder is missing: written here, in both languages, because the language
    /// files are in that very folder.
    public static var missingMessage: String {
        let path = expectedFolder().path
        return "fabrique : dossier de ressources introuvable ou incomplet : \(path) ; installez-le à côté du programme (README, « Installer une borne »).\n"
            + "fabrique: resource folder not found or incomplete: \(path); install it beside the program (README, \"Installing a terminal\").\n"
    }

    /// SwiftPM's name for this target's resource folder (package name, underscore, target name).
    static let folderName = "fabrique_FabriqueResources.resources"

    /// The resource folder in the running program's own folder (links resolved), when there is one.
    static func besideProgram() -> URL? {
        let folder = expectedFolder()
        var status = stat()
        guard stat(folder.path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return folder
    }

    /// Where the resource folder should be: in the running program's own folder, links resolved.
    static func expectedFolder() -> URL {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let program = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            : CommandLine.arguments.first ?? "fabrique"
        return URL(fileURLWithPath: program).deletingLastPathComponent().appendingPathComponent(folderName, isDirectory: true)
    }
}
