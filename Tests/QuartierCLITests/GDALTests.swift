import Foundation
import Testing

/// GDAL (Debian gdal-bin, installed by .ci/run) opens what Quartier writes and serves.
@Suite(.serialized) struct GDALTests {
    static func ogrinfo(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogrinfo")
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    func demo() throws -> (URL, String) {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("g.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        return (dir, db)
    }

    @Test func exportsOpenInGDAL() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo"), "gdal-bin is installed by .ci/run")
        let (dir, db) = try demo()
        for name in ["areas.gpkg", "areas.geojson"] {
            let out = dir.appendingPathComponent(name).path
            let r = try Support.run(["export", out, "--db", db, "--level", "sozialraum", "--year", "2024"])
            #expect(r.status == 0, "\(r.stderr)")
            let info = try Self.ogrinfo(["-ro", "-so", "-al", out])
            #expect(info.contains("Feature Count: 16"), "\(name): \(info.prefix(400))")
            #expect(info.contains("Geometry: Multi Polygon"), "\(name)")
            #expect(info.contains("kinderarmut: Real"), "\(name)")
            #expect(info.contains("ID[\"EPSG\",4326]"), "\(name)")
            #expect(!info.lowercased().contains("warning"), "\(name)")
        }
        let csv = dir.appendingPathComponent("areas.csv").path
        #expect(try Support.run(["export", csv, "--db", db]).status == 0)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        #expect(text.split(separator: "\r\n").count == 17)
        #expect(try Support.run(["export", dir.appendingPathComponent("x.shp").path, "--db", db]).status == 1)
    }

    @Test func ogcAPIFeaturesReadByGDAL() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/ogrinfo"), "gdal-bin is installed by .ci/run")
        let (_, db) = try demo()
        let port = 20_000 + Int.random(in: 0..<20_000)
        let server = Process()
        server.executableURL = Support.binary
        server.arguments = ["serve", "--db", db, "--port", String(port)]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        var up = false
        for _ in 0..<100 {
            if (try? Self.ogrinfo(["-ro", "OAPIF:http://127.0.0.1:\(port)/ogc"]))?.contains("successful") == true { up = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(up)
        let list = try Self.ogrinfo(["-ro", "OAPIF:http://127.0.0.1:\(port)/ogc"])
        for layer in ["gesamtstadt", "stadtteil", "sozialraum", "einrichtungen"] { #expect(list.contains(layer), "\(list)") }
        let areas = try Self.ogrinfo(["-ro", "-so", "OAPIF:http://127.0.0.1:\(port)/ogc", "sozialraum"])
        #expect(areas.contains("Feature Count: 16"), "\(areas.prefix(500))")
        let one = try Self.ogrinfo(["-ro", "-q", "-where", "code = 'SR06'", "OAPIF:http://127.0.0.1:\(port)/ogc", "sozialraum"])
        #expect(one.contains("Altstadt"))
        let points = try Self.ogrinfo(["-ro", "-so", "OAPIF:http://127.0.0.1:\(port)/ogc", "einrichtungen"])
        #expect(points.contains("Geometry: Point"))
    }
}
