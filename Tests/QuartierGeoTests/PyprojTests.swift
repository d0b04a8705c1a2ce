import Foundation
import QuartierTestSupport
import Testing
@testable import QuartierGeo

/// Coordinate transforms against pyproj (PROJ), run live from the test venv: 1,000 points per system.
@Suite struct PyprojTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Case: Decodable { var lonlat: [[Double]]; var xy: [[Double]] }

    static func oracle() throws -> [String: Case] {
        let python = Oracle.python
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("No Python with pyproj at \(python): run scripts/test, which creates the test venv.")
            return [:]
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [root.appendingPathComponent("Tests/QuartierGeoTests/Oracles/pyproj_oracle.py").path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return try JSONDecoder().decode([String: Case].self, from: data)
    }

    @Test(Oracle.needs(python: ["pyproj"], "pyproj"))
    func everySystemAgreesWithPyproj() throws {
        let cases = try Self.oracle()
        #expect(cases.count == 7)
        for (code, c) in cases.sorted(by: { $0.key < $1.key }) {
            let system = try #require(CoordinateSystem(epsg: Int(code)!))
            // Transverse Mercator and web mercator within 1 mm. Gauß-Krüger: Quartier goes through Debian's
            // PROJ with proj-data's BeTA2007 grid (checked to 1 cm against cs2cs in ProjTests); pyproj's wheel
            // ships no grids and falls back to a Helmert set (EPSG:1776, accuracy 3 m), so the two differ by
            // up to the Helmert set's error.
            let bound = code.hasPrefix("3146") ? 3.5 : 0.001
            var worst = 0.0, worstBack = 0.0
            for (ll, xy) in zip(c.lonlat, c.xy) {
                let mine = system.fromWGS84(Point(ll[0], ll[1]))
                worst = max(worst, hypot(mine.x - xy[0], mine.y - xy[1]))
                let back = system.toWGS84(Point(xy[0], xy[1]))
                let metres = hypot((back.x - ll[0]) * 111_320 * cos(ll[1] * .pi / 180), (back.y - ll[1]) * 110_574)
                worstBack = max(worstBack, metres)
            }
            #expect(worst <= bound, "EPSG:\(code) forward: largest difference \(worst) m")
            #expect(worstBack <= bound, "EPSG:\(code) inverse: largest difference \(worstBack) m")
        }
    }
}
