// Foundation's `Bundle` is used here only, for the test that holds `EmbeddedData.root` to SwiftPM's own
// answer; nothing in the program calls it, so the linker leaves Foundation out of the kiosk.
import Foundation

extension EmbeddedData {
    /// The resource folder as SwiftPM's `Bundle.module` finds it.
    static var bundled: URL { Bundle.module.resourceURL ?? Bundle.module.bundleURL }
}
