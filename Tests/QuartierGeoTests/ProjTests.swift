import Foundation
import QuartierTestSupport
import Testing
@testable import QuartierGeo

/// Coordinates through PROJ (issue 18) against PROJ's own command-line tool `cs2cs` (Debian
/// proj-bin) with the same grids: 49 points a system, forward and back, within 1 cm.
@Suite struct ProjTests {
    static let cs2cs = "/usr/bin/cs2cs"

    /// Runs cs2cs on "a b" lines; its output columns.
    static func cs2cs(_ from: String, _ to: String, _ lines: [String]) throws -> [(Double, Double)] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: cs2cs)
        p.arguments = ["-d", "10", from, to]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        input.fileHandleForWriting.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map { line in
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).compactMap { Double($0) }
            return (f[0], f[1])
        }
    }

    /// The systems the issue names, with the longitudes they are used in and whether their EPSG
    /// axis order is northing first (cs2cs keeps the authority's order; Quartier normalises).
    static let systems: [(code: Int, lon: ClosedRange<Double>, northFirst: Bool)] = [
        (31466, 5.0...7.5, true), (31467, 7.5...10.5, true), (31468, 10.5...13.5, true), (31469, 13.5...15.0, true),
        (25832, 6.0...12.0, false), (25833, 12.0...15.0, false), (4647, 6.0...12.0, false), (3035, 6.0...15.0, true), (4326, 6.0...15.0, true),
    ]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/cs2cs"), "cs2cs from Debian proj-bin (installed by .ci/run)"))
    func everySystemAgreesWithCs2csWithinOneCentimetre() throws {
        for s in Self.systems {
            let system = try #require(CoordinateSystem(epsg: s.code), "EPSG:\(s.code)")
            var points: [Point] = []
            for i in 0..<7 { for j in 0..<7 {
                points.append(Point(s.lon.lowerBound + (s.lon.upperBound - s.lon.lowerBound) * Double(i) / 6, 47.6 + 6.8 * Double(j) / 6))
            } }
            // ETRS89 geographic in cs2cs's (EPSG) order: latitude, longitude.
            let theirs = try Self.cs2cs("EPSG:4258", "EPSG:\(s.code)", points.map { "\($0.y) \($0.x)" })
            #expect(theirs.count == points.count)
            let forward = system.converterFromWGS84(), inverse = system.converterToWGS84()
            var worst = 0.0, worstBack = 0.0
            var projected: [Point] = []
            for (p, t) in zip(points, theirs) {
                let expected = s.northFirst ? Point(t.1, t.0) : Point(t.0, t.1)
                let mine = forward(p)
                projected.append(expected)
                // Degrees for 4326: compared in metres.
                let d = system.isGeographic
                    ? hypot((mine.x - expected.x) * 111_320 * cos(p.y * .pi / 180), (mine.y - expected.y) * 110_574)
                    : hypot(mine.x - expected.x, mine.y - expected.y)
                worst = max(worst, d)
            }
            let back = try Self.cs2cs("EPSG:\(s.code)", "EPSG:4258", projected.map { s.northFirst ? "\($0.y) \($0.x)" : "\($0.x) \($0.y)" })
            for (p, t) in zip(projected, back) {
                let mine = inverse(p)
                worstBack = max(worstBack, hypot((mine.x - t.1) * 111_320 * cos(t.0 * .pi / 180), (mine.y - t.0) * 110_574))
            }
            #expect(worst <= 0.01, "EPSG:\(s.code) forward: \(worst) m")
            #expect(worstBack <= 0.01, "EPSG:\(s.code) inverse: \(worstBack) m")
        }
    }

    /// For Gauß-Krüger PROJ takes the BeTA2007 grid (proj-data) inside Germany and says so; the
    /// transformation's name and accuracy are what the import log shows.
    @Test func gaussKruegerUsesTheBeTA2007GridAndNamesIt() throws {
        let gk = try #require(CoordinateSystem(epsg: 31467))
        let t = try #require(gk.transformationToWGS84())
        let p = t(Point(3_550_000, 5_800_000))       // near Hannover
        #expect(abs(p.x - 9.73) < 0.05 && abs(p.y - 52.33) < 0.05, "\(p)")
        let used = try #require(t.lastOperation)
        #expect(used.name.contains("DHDN to ETRS89 (8)") && used.accuracy == 0.9, "\(used)")
        #expect(t.lastOperationText?.hasSuffix("Genauigkeit 0,9 m") == true)
        // Outside every system's domain PROJ has no answer: NaN, which the import refuses.
        #expect(CoordinateSystem.utm(zone: 32).toWGS84(Point(1e12, 1e12)).x.isNaN)
    }
}
