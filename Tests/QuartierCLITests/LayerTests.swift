import Foundation
import Testing

/// The layers of docs/ARCHITECTURE.md, checked file by file: which Quartier targets each target's
/// files may import, that HTTP stays in QuartierServer (and the `serve` command that starts it),
/// and that the application layer's target depends on no Hummingbird product that brings HTTP.
@Suite struct LayerTests {
    static let sources = Support.packageRoot.appendingPathComponent("Sources")

    /// The Quartier targets a target may import (arrows point down only).
    static let allowed: [String: Set<String>] = [
        "QuartierCore": [],
        "QuartierGeo": ["QuartierGEOS", "QuartierPROJ"],
        "QuartierGEOS": [],
        "QuartierPROJ": [],
        "QuartierPrefetch": [],
        "QuartierZlib": [],
        "QuartierFormats": ["QuartierCore", "QuartierGeo", "QuartierZlib"],
        "QuartierStore": ["QuartierCore", "QuartierGeo"],
        "QuartierRSVG": [],
        "QuartierRender": ["QuartierCore", "QuartierGeo", "QuartierRSVG"],
        "QuartierDemo": ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierStore"],
        "QuartierAggregate": ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierPrefetch"],
        "QuartierAtlas": ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierStore", "QuartierRender"],
        "QuartierServer": ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierStore", "QuartierRender", "QuartierAtlas"],
        "QuartierCLI": ["QuartierCore", "QuartierGeo", "QuartierFormats", "QuartierStore", "QuartierRender", "QuartierAtlas",
                        "QuartierDemo", "QuartierAggregate", "QuartierServer"],
        "quartier": ["QuartierCLI"],
    ]
    /// Modules of the HTTP stack.
    static let http: Set<String> = ["Hummingbird", "HummingbirdCore", "HummingbirdRouter", "HummingbirdAuth", "HummingbirdTesting",
                                    "HTTPTypes", "NIOHTTP1", "NIOHTTP2", "NIOPosix"]
    /// The only files outside QuartierServer that may import QuartierServer or the HTTP stack.
    static let startsTheServer: Set<String> = ["QuartierCLI/ServeCommand.swift"]

    static func imports(of file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            for prefix in ["import ", "@testable import ", "@_exported import "] where t.hasPrefix(prefix) {
                return String(t.dropFirst(prefix.count).split(separator: " ").first ?? "")
            }
            return nil
        }
    }

    static func swiftFiles(in target: String) -> [URL] {
        let dir = sources.appendingPathComponent(target)
        let walker = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
        return (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    @Test func everyTargetImportsOnlyTheLayersBelowIt() throws {
        let targets = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(Set(targets) == Set(Self.allowed.keys), "a target without a row in the layer table")
        var checked = 0
        for target in targets {
            for file in Self.swiftFiles(in: target) {
                let name = target + "/" + file.lastPathComponent
                for module in try Self.imports(of: file) {
                    if module.hasPrefix("Quartier") || module == "quartier" {
                        #expect(module == target || Self.allowed[target, default: []].contains(module), "\(name) imports \(module)")
                        if module == "QuartierServer" {
                            #expect(target == "QuartierServer" || Self.startsTheServer.contains(name), "\(name) imports the web server")
                        }
                    }
                    if Self.http.contains(module) {
                        #expect(target == "QuartierServer" || Self.startsTheServer.contains(name), "\(name) imports \(module) (HTTP belongs to QuartierServer)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 100)
        // The application layer exists and holds the services both front ends use.
        let atlas = Set(Self.swiftFiles(in: "QuartierAtlas").map(\.lastPathComponent))
        #expect(atlas.isSuperset(of: ["AtlasQueries.swift", "ImportService.swift", "ReportBuilder.swift", "GeometryCache.swift", "AtlasError.swift"]))
    }

    /// Only `HummingbirdBcrypt` (bcrypt in C, without any Hummingbird dependency of its own) may
    /// come from the Hummingbird project into QuartierAtlas.
    @Test func theApplicationTargetDependsOnNoHTTPProduct() throws {
        let manifest = try String(contentsOf: Support.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        let start = try #require(manifest.range(of: ".target(name: \"QuartierAtlas\""))
        let end = try #require(manifest.range(of: "]),", range: start.upperBound..<manifest.endIndex))
        let dependencies = String(manifest[start.upperBound..<end.lowerBound])
        let products = dependencies.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        #expect(products.contains("HummingbirdBcrypt"))
        for p in products {
            #expect(!Self.http.contains(p) && p != "QuartierServer", "QuartierAtlas depends on \(p)")
        }
    }
}
