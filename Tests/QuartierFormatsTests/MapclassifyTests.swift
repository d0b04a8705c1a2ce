import Foundation
import QuartierCore
import QuartierTestSupport
import Testing
@testable import QuartierFormats

/// Quartier's classification against mapclassify (PySAL), run live from the test venv that
/// `scripts/test` sets up, on three data sets including mapclassify's own calemp.
@Suite struct MapclassifyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func oracle() throws -> JSONValue {
        let python = Oracle.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("No Python with mapclassify at \(python): run scripts/test, which creates the test venv.")
            return .array([])
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [root.appendingPathComponent("Tests/QuartierFormatsTests/Oracles/mapclassify_oracle.py").path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return try JSONScanner.parse([UInt8](data))
    }

    func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($1)) }
    }

    @Test(Oracle.needs(python: ["mapclassify"], "mapclassify"))
    func everyMethodEqualsMapclassifyOnThreeDataSets() throws {
        let sets = try #require(try Self.oracle().arrayValue)
        #expect(sets.count == 3)
        for set in sets {
            let name = set["name"]?.stringValue ?? "?"
            let values = (set["values"]?.arrayValue ?? []).compactMap(\.numberValue)
            let manual = (set["manual"]?.arrayValue ?? []).compactMap(\.numberValue)
            for method in Classification.Method.allCases {
                let key = method.rawValue
                guard let expected = set["results"]?[key] else { Issue.record("\(name): no oracle for \(key)"); continue }
                let bins = (expected["bins"]?.arrayValue ?? []).compactMap(\.numberValue)
                let counts = (expected["counts"]?.arrayValue ?? []).compactMap(\.numberValue).map { Int($0) }
                let c = Classification.make(method, values: values, classes: 5, manualBreaks: manual)
                #expect(close(c.upperBounds, bins), "\(name) \(key): \(c.upperBounds) vs mapclassify \(bins)")
                #expect(c.counts(values) == counts, "\(name) \(key): counts \(c.counts(values)) vs \(counts)")
            }
        }
    }
}
