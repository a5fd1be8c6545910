// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    // Each function in a section of its own, for the linker to lay out together the code a visit runs.
    .unsafeFlags(["-Xfrontend", "-function-sections"]),
]

// The code a kiosk visit runs, laid out together where it is in sections of its own (this package's
// modules, the Swift runtime, most of the standard library and FoundationEssentials; every package too when
// built as README's install section says): a `.text.hot` section before `.text`, from the linker script that
// `Benchmarks/hot_functions.py` makes. The kernel maps code 64 KB around each page first touched, so the
// 1.2 MB a visit runs, scattered over 14 MB of code, kept 7–10 MB of it resident.
//
// GNU ld rather than gold (the toolchain's default), for `-z pack-relative-relocs`: the position-independent
// kiosk's 53,700 relocations, all read by the loader at every start and so all resident, take 10 KB instead of
// 1.25 MB, and the program keeps its random address. `--no-export-dynamic`: nothing loads code into the kiosk,
// so its 11,700 symbols need no table the loader searches (0.9 MB).
let hotCodeTogether: [LinkerSetting] = [
    .unsafeFlags([
        "-use-ld=bfd",
        "-Xlinker", "-T", "-Xlinker", "\(Context.packageDirectory)/Linking/hot-functions.ld",
        // Without it GNU ld gives this program no RELRO (see the script).
        "-Xlinker", "-T", "-Xlinker", "\(Context.packageDirectory)/Linking/writable-rodata.ld",
        "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
        "-Xlinker", "--no-export-dynamic",
        // The C++ runtime and the unwinder from their static archives (see Linking/static-libstdc++): the kiosk
        // then loads neither libstdc++ nor libgcc_s, whose tables and code were 1 MB of its peak memory.
        "-L", "\(Context.packageDirectory)/Linking/static-libstdc++",
        "-Xclang-linker", "-static-libgcc",
    ]),
]

let package = Package(
    name: "fabrique",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fabrique", targets: ["fabrique"]),
        .executable(name: "fabrique-bench", targets: ["fabrique-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        // ncursesw, with the C globals and function-like macros Swift cannot import wrapped in `shim.h`.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Async-signal-safe terminal restoration; needs real C globals, so it cannot live in a header.
        .target(name: "CTerminalGuard", path: "Sources/CTerminalGuard"),
        .target(name: "FabriqueResources", path: "Resources",
                exclude: ["README.md"],
                resources: [.copy("catalogue"), .copy("lang"), .copy("console")],
                swiftSettings: strict),
        .target(name: "FabriqueCore",
                dependencies: [
                    .product(name: "Crypto", package: "swift-crypto"),
                    .product(name: "CryptoExtras", package: "swift-crypto"),
                ],
                swiftSettings: strict),
        .target(name: "FabriqueUI", dependencies: ["FabriqueCore"], swiftSettings: strict),
        // What the kiosk's effects do (records, tickets, printing), with no terminal: shared by the
        // real loop and the tests' pilot.
        .target(name: "FabriqueServices", dependencies: ["FabriqueCore", "FabriqueUI"], swiftSettings: strict),
        .target(name: "FabriqueTerminal",
                dependencies: ["FabriqueUI", "FabriqueServices", "CNcursesw", "CTerminalGuard"],
                swiftSettings: strict),
        .executableTarget(
            name: "fabrique",
            dependencies: [
                "FabriqueCore", "FabriqueUI", "FabriqueServices", "FabriqueTerminal", "FabriqueResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict,
            linkerSettings: hotCodeTogether),
        // The benchmark's data generator and in-process timings (see BENCHMARKS.md).
        .executableTarget(name: "fabrique-bench",
                          dependencies: ["FabriqueCore", "FabriqueResources"],
                          path: "Benchmarks/Sources/fabrique-bench",
                          swiftSettings: strict),
        .target(name: "FabriqueTesting",
                dependencies: ["FabriqueCore", "FabriqueUI", "FabriqueServices", "FabriqueTerminal", "FabriqueResources"],
                swiftSettings: strict),
        .testTarget(name: "FabriqueCoreTests",
                    dependencies: ["FabriqueCore", "FabriqueTesting", "FabriqueResources"],
                    swiftSettings: strict),
        .testTarget(name: "FabriqueUITests",
                    dependencies: ["FabriqueUI", "FabriqueServices", "FabriqueTerminal", "FabriqueTesting"],
                    exclude: ["__Snapshots__"],
                    swiftSettings: strict),
        .testTarget(name: "EndToEndTests",
                    dependencies: ["fabrique", "fabrique-bench", "FabriqueTesting"],
                    swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
