// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Quartier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quartier", targets: ["quartier"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // SHA-256 of session and upload tokens (already in the graph through PostgresNIO).
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        .target(name: "QuartierCore"),
        // GEOS (Debian's libgeos-dev), for the validity of area geometries.
        .systemLibrary(name: "QuartierGEOS", path: "Sources/QuartierGEOS"),
        // PROJ (Debian libproj-dev, grids from proj-data): every coordinate transformation.
        .systemLibrary(name: "QuartierPROJ", path: "Sources/QuartierPROJ"),
        .target(name: "QuartierGeo", dependencies: ["QuartierGEOS", "QuartierPROJ"]),
        .target(name: "QuartierDemo", dependencies: ["QuartierCore", "QuartierGeo", "QuartierStore", "QuartierFormats"]),
        // zlib (Debian's zlib1g-dev), to check a zip entry's deflate stream before ZIPFoundation reads it.
        .systemLibrary(name: "QuartierZlib", path: "Sources/QuartierZlib"),
        .target(name: "QuartierFormats", dependencies: [
            "QuartierCore", "QuartierGeo", "QuartierZlib",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .target(name: "QuartierStore", dependencies: [
            "QuartierCore", "QuartierGeo",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // librsvg with cairo (Debian's librsvg2-dev): SVG maps and charts to PNG, for downloads and
        // the images of the Word and PowerPoint reports. A kept renderer, not a hand-written one.
        .systemLibrary(name: "QuartierRSVG", path: "Sources/QuartierRSVG", providers: [.apt(["librsvg2-dev"])]),
        .target(name: "QuartierRender", dependencies: ["QuartierCore", "QuartierGeo", "QuartierRSVG",
                                                       .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        // A cache prefetch hint for the register count's hash table (Swift has none).
        .target(name: "QuartierPrefetch"),
        .target(name: "QuartierAggregate", dependencies: ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierPrefetch"]),
        // The application layer: queries and indicator computation for pages, imports with their
        // checks, reports, passwords. Both front ends use it; it never imports Hummingbird.
        .target(name: "QuartierAtlas", dependencies: [
            "QuartierCore", "QuartierGeo", "QuartierStore", "QuartierRender", "QuartierFormats",
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
        ]),
        // HTTP only: routing, middleware, sessions and CSRF, error mapping, the page cache.
        .target(name: "QuartierServer", dependencies: [
            "QuartierCore", "QuartierGeo", "QuartierStore", "QuartierRender", "QuartierFormats", "QuartierAtlas",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "QuartierCLI", dependencies: [
            "QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierStore", "QuartierAtlas", "QuartierServer", "QuartierDemo", "QuartierRender", "QuartierAggregate",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "quartier", dependencies: ["QuartierCLI"]),
        // What the fuzz harnesses run on each input; the tests replay the committed corpus through it.
        .target(name: "QuartierFuzzTargets", dependencies: ["QuartierCore", "QuartierFormats"], path: "Fuzz/QuartierFuzzTargets"),
        // Where the tests find the oracles kept outside the repository (../shared, the test venv).
        .target(name: "QuartierTestSupport", path: "Tests/QuartierTestSupport"),
        .testTarget(name: "QuartierCoreTests", dependencies: ["QuartierCore"]),
        .testTarget(name: "QuartierGeoTests", dependencies: ["QuartierGeo", "QuartierTestSupport"], exclude: ["Oracles"]),
        .testTarget(name: "QuartierFormatsTests", dependencies: ["QuartierFormats", "QuartierStore", "QuartierTestSupport", "QuartierFuzzTargets", "QuartierDemo",
                                                              .product(name: "ZIPFoundation", package: "ZIPFoundation")], exclude: ["Oracles"]),
        .testTarget(name: "QuartierStoreTests", dependencies: ["QuartierStore", "QuartierFormats", "QuartierDemo", "QuartierGeo"]),
        .testTarget(name: "QuartierServerTests", dependencies: [
            "QuartierServer", "QuartierAtlas", "QuartierStore", "QuartierDemo", "QuartierRender", "QuartierFormats", "QuartierCLI", "QuartierGeo", "QuartierTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ], exclude: ["__Snapshots__"]),
        .testTarget(name: "QuartierCLITests", dependencies: [
            "QuartierCLI", "QuartierAtlas", "QuartierServer", "QuartierStore", "QuartierFormats", "QuartierDemo", "QuartierGeo", "QuartierTestSupport",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses (Fuzz/Fuzz*), only when asked for: bench/fuzz.sh builds them with
// QUARTIER_FUZZ=1 and -sanitize=fuzzer,address; libFuzzer supplies their main.
if Context.environment["QUARTIER_FUZZ"] == "1" {
    package.targets.append(.target(name: "QuartierFuzzDriver", path: "Fuzz/QuartierFuzzDriver"))
    for name in ["FuzzCSV", "FuzzGeoJSON", "FuzzShapefile", "FuzzZip", "FuzzMultipart", "FuzzFormula", "FuzzXLS"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["QuartierFuzzTargets", "QuartierFuzzDriver"], path: "Fuzz/\(name)",
                                                 swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
