public import Foundation

/// The data shipped inside the program: the default catalogue and the language files.
public enum EmbeddedData {
    /// The folder of the embedded default catalogue.
    public static var catalogueURL: URL { root.appendingPathComponent("catalogue") }

    /// The folder of the language files (`fr.json`, `en.json`).
    public static var languageURL: URL { root.appendingPathComponent("lang") }

    /// The characters of the Linux console font the installation sets (see `GlyphSet`).
    public static var consoleGlyphsURL: URL { root.appendingPathComponent("console/Lat15-Fixed16.json") }

    private static var root: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
}
