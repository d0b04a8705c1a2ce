import Foundation
import QuartierCore
import QuartierStore
import QuartierTestSupport
import Testing

/// GeoPackages as GIS departments hand them out (issue 18): written by GDAL's ogr2ogr (in
/// EPSG:25832, with Z, with several layers) and by Quartier's own export, read by `import areas`.
@Suite(.serialized) struct GeoPackageTests {
    static func ogr2ogr(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ogr2ogr")
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func areas(_ db: String) async throws -> [Area] {
        try await SQLiteAtlasStore(path: db).areas(levelKey: nil, includeGeometry: true)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ogr2ogr"), "GDAL's ogr2ogr (gdal-bin, installed by .ci/run)"))
    func aGeoPackageFromGDALImportsLikeItsGeoJSON() async throws {
        let dir = try Support.temporaryDirectory()
        let geojson = Support.examples.appendingPathComponent("gebiete.geojson").path
        let gpkg = dir.appendingPathComponent("gis.gpkg").path
        // Two layers: the areas in UTM 32 with Z, and the same areas again in Gauß-Krüger.
        #expect(try Self.ogr2ogr(["-f", "GPKG", gpkg, geojson, "-nln", "sozialraeume", "-dim", "XYZ"]) == 0)
        #expect(try Self.ogr2ogr(["-f", "GPKG", "-update", gpkg, geojson, "-nln", "gk_alt", "-t_srs", "EPSG:31467"]) == 0)
        let reference = dir.appendingPathComponent("ref.sqlite").path
        let fromGeoJSON = try Support.run(["import", "areas", geojson, "--db", reference, "--level", "Sozialraum", "--code-property", "SR_ID", "--name-property", "SR_Name"])
        #expect(fromGeoJSON.status == 0, "\(fromGeoJSON.stderr)")
        let db = dir.appendingPathComponent("g.sqlite").path
        // Several layers and none chosen: refused, the layers listed.
        let ask = try Support.run(["import", "areas", gpkg, "--db", db, "--level", "Sozialraum", "--code-property", "SR_ID"])
        #expect(ask.status != 0 && ask.stderr.contains("--layer") && ask.stderr.contains("„gk_alt“") && ask.stderr.contains("„sozialraeume“"), "\(ask.stderr)")
        let r = try Support.run(["import", "areas", gpkg, "--db", db, "--layer", "sozialraeume", "--level", "Sozialraum", "--code-property", "SR_ID", "--name-property", "SR_Name"])
        #expect(r.status == 0 && r.stdout.contains("EPSG:25832"), "\(r.stdout)\(r.stderr)")
        let mine = try await Self.areas(db), theirs = try await Self.areas(reference)
        #expect(mine.map(\.code) == theirs.map(\.code) && mine.map(\.name) == theirs.map(\.name))
        for (a, b) in zip(mine, theirs) {
            let x = try #require(a.multiPolygon).boundingBox, y = try #require(b.multiPolygon).boundingBox
            #expect(abs(x.minX - y.minX) < 1e-9 && abs(x.maxY - y.maxY) < 1e-9, "\(a.code)")
        }
        // The Gauß-Krüger layer comes back through BeTA2007 and its inverse: the same places within centimetres.
        let gkDB = dir.appendingPathComponent("gk.sqlite").path
        let gk = try Support.run(["import", "areas", gpkg, "--db", gkDB, "--layer", "gk_alt", "--level", "Sozialraum", "--code-property", "SR_ID"])
        #expect(gk.status == 0 && gk.stdout.contains("DHDN to ETRS89"), "\(gk.stdout)\(gk.stderr)")
        // The layer keeps where its coordinates came from and how they were converted.
        let level = try #require(try await SQLiteAtlasStore(path: gkDB).levels().first { $0.key == "sozialraum" })
        #expect(level.sourceCRS == "EPSG:31467 DHDN / 3-degree Gauss-Kruger zone 3" && level.transformation?.contains("DHDN to ETRS89") == true,
                "\(level)")
        let utmLevel = try #require(try await SQLiteAtlasStore(path: db).levels().first { $0.key == "sozialraum" })
        #expect(utmLevel.sourceCRS == "EPSG:25832 ETRS89 / UTM zone 32N" && utmLevel.transformation != nil, "\(utmLevel)")
        for (a, b) in zip(try await Self.areas(gkDB), theirs) {
            let x = try #require(a.multiPolygon).boundingBox, y = try #require(b.multiPolygon).boundingBox
            #expect(abs(x.minX - y.minX) * 68_000 < 0.05 && abs(x.maxY - y.maxY) * 111_000 < 0.05, "\(a.code)")
        }
        let wrong = try Support.run(["import", "areas", gpkg, "--db", db, "--layer", "strassen", "--level", "Sozialraum", "--code-property", "SR_ID"])
        #expect(wrong.status != 0 && wrong.stderr.contains("gefunden „strassen“"), "\(wrong.stderr)")
    }

    /// The atlas's own GeoPackage export imports back into an atlas without areas.
    @Test func theAtlasOwnGeoPackageImportsBack() async throws {
        let dir = try Support.temporaryDirectory()
        let full = dir.appendingPathComponent("demo.sqlite").path
        #expect(try Support.run(["demo", "--db", full]).status == 0)
        let gpkg = dir.appendingPathComponent("export.gpkg").path
        let e = try Support.run(["export", gpkg, "--db", full, "--level", "sozialraum", "--year", "2024"])
        #expect(e.status == 0, "\(e.stderr)")
        let empty = dir.appendingPathComponent("leer.sqlite").path
        let i = try Support.run(["import", "areas", gpkg, "--db", empty, "--level", "Sozialraum", "--code-property", "code", "--name-property", "name"])
        #expect(i.status == 0, "\(i.stderr)")
        let original = try await Self.areas(full).filter { $0.levelKey == "sozialraum" }, back = try await Self.areas(empty)
        #expect(back.count == original.count && Set(back.map(\.code)) == Set(original.map(\.code)))
        let byCode = Dictionary(uniqueKeysWithValues: original.map { ($0.code, $0) })
        for a in back {
            let x = try #require(a.multiPolygon).boundingBox, y = try #require(byCode[a.code]?.multiPolygon).boundingBox
            #expect(abs(x.minX - y.minX) < 1e-12 && abs(x.maxY - y.maxY) < 1e-12)
        }
        // Not a GeoPackage: named as such.
        let fake = try Support.write("kein SQLite", to: "falsch.gpkg", in: dir)
        let bad = try Support.run(["import", "areas", fake.path, "--db", empty, "--level", "Sozialraum", "--code-property", "code"])
        #expect(bad.status != 0 && bad.stderr.contains("falsch.gpkg") && bad.stderr.contains("GeoPackage"), "\(bad.stderr)")
    }

    /// Facilities from a GeoPackage point layer (made by ogr2ogr from a CSV in EPSG:25832),
    /// assigned to the areas that contain them.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ogr2ogr"), "GDAL's ogr2ogr (gdal-bin, installed by .ci/run)"))
    func facilitiesFromAGeoPackage() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("f.sqlite").path
        #expect(try Support.run(["import", "areas", Support.examples.appendingPathComponent("gebiete.geojson").path, "--db", db, "--level", "Sozialraum",
                                 "--code-property", "SR_ID", "--name-property", "SR_Name"]).status == 0)
        let csv = try Support.write("Kategorie,Name,Plaetze,Rechtswert,Hochwert\nKita,Kita Sonnenschein,45,512500,5834500\nSchule,Grundschule Nord,240,512400,5834600\n",
                                    to: "einrichtungen.csv", in: dir)
        let gpkg = dir.appendingPathComponent("einrichtungen.gpkg").path
        #expect(try Self.ogr2ogr(["-f", "GPKG", gpkg, csv.path, "-oo", "X_POSSIBLE_NAMES=Rechtswert", "-oo", "Y_POSSIBLE_NAMES=Hochwert",
                                  "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:25832", "-nln", "einrichtungen"]) == 0)
        let r = try Support.run(["import", "facilities", gpkg, "--db", db])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let facilities = try await SQLiteAtlasStore(path: db).facilities()
        #expect(facilities.count == 2 && facilities.allSatisfy { $0.areaCode == "001" }, "\(facilities)")
        #expect(facilities.contains { $0.name == "Kita Sonnenschein" && $0.capacity == 45 && $0.category == .kita })
        // The same points as a shapefile whose .prj says UTM 32: a --crs of UTM 33 contradicts it.
        let shp = dir.appendingPathComponent("einrichtungen.shp").path
        #expect(try Self.ogr2ogr(["-f", "ESRI Shapefile", shp, csv.path, "-oo", "X_POSSIBLE_NAMES=Rechtswert", "-oo", "Y_POSSIBLE_NAMES=Hochwert",
                                  "-oo", "KEEP_GEOM_COLUMNS=NO", "-a_srs", "EPSG:25832"]) == 0)
        let contradicting = try Support.run(["import", "facilities", shp, "--db", db, "--crs", "EPSG:25833"])
        #expect(contradicting.status != 0 && contradicting.stderr.contains("einrichtungen.prj") && contradicting.stderr.contains("EPSG:25832 (ETRS89 / UTM zone 32N)")
                && contradicting.stderr.contains("--force-crs"), "\(contradicting.stderr)")
        let agreeing = try Support.run(["import", "facilities", shp, "--db", db, "--crs", "EPSG:25832"])
        #expect(agreeing.status == 0, "\(agreeing.stderr)")
        // Forced, the points would lie 400 km east, outside every area: refused too, with nothing stored.
        let forced = try Support.run(["import", "facilities", shp, "--db", db, "--crs", "EPSG:25833", "--force-crs"])
        #expect(forced.status != 0 && forced.stderr.contains("Kita Sonnenschein"), "\(forced.stderr)")
        // Longitudes and latitudes in a CSV read as UTM (its default): refused with EPSG:4326 named.
        let degrees = try Support.write("Kategorie,Name,Rechtswert,Hochwert\nKita,Kita am Markt,9.21,52.64\n", to: "grad.csv", in: dir)
        let wrong = try Support.run(["import", "facilities", degrees.path, "--db", db])
        #expect(wrong.status != 0 && wrong.stderr.contains("Kita am Markt") && wrong.stderr.contains("außerhalb des Geltungsbereichs")
                && wrong.stderr.contains("--crs EPSG:4326"), "\(wrong.stderr)")
        #expect(try await SQLiteAtlasStore(path: db).facilities().count == 2)
    }
}
