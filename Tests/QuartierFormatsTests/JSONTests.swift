import QuartierCore
import QuartierGeo
import Testing
@testable import QuartierFormats

@Suite struct JSONTests {
    @Test func parsesValues() throws {
        let v = try JSONScanner.parse(Array(#"{"a": [1, -2.5, 3e2, 0.1], "b": "x\"y\u00e4\n", "c": true, "d": null, "e": {}}"#.utf8))
        #expect(v["a"] == .array([.number(1), .number(-2.5), .number(300), .number(0.1)]))
        #expect(v["b"]?.stringValue == "x\"yä\n")
        #expect(v["c"] == .bool(true))
        #expect(v["d"] == .null)
        #expect(v["e"] == .object([]))
    }

    @Test func syntaxErrorHasLineAndColumn() {
        do { _ = try JSONScanner.parse(Array("{\n  \"a\": [1, 2,, 3]\n}".utf8)); Issue.record("no error") } catch {
            #expect(error.line == 2)
            #expect(error.column == 14)
        }
    }

    @Test func outputEscapesAndRoundTrips() throws {
        var j = JSONOutput()
        j.beginObject()
        j.field("s", "a\"b\\c\n<d>")
        j.field("n", 1.5)
        j.field("i", 3)
        j.field("null", nil as String?)
        j.beginArray("l")
        j.value("x")
        j.rawValue("2")
        j.endArray()
        j.endObject()
        let back = try JSONScanner.parse(Array(j.text.utf8))
        #expect(back["s"]?.stringValue == "a\"b\\c\n<d>")
        #expect(back["n"] == .number(1.5))
        #expect(back["l"] == .array([.string("x"), .number(2)]))
        #expect(!j.text.contains("<"))
    }

    @Test func geoJSONReaderConvertsUTMAndWriterRoundTrips() throws {
        let text = """
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},
             "features":[{"type":"Feature","properties":{"id":7,"n":"Sieben","p":"T"},
               "geometry":{"type":"Polygon","coordinates":[[[500000,5761038.2125],[501000,5761038.2125],[501000,5762038.2125],[500000,5761038.2125]]]}}]}
            """
        let r = try GeoJSONAreaReader(codeProperty: "id", nameProperty: "n", parentProperty: "p", levelKey: "sr").read(raw: Array(text.utf8), file: "g.json")
        #expect(r.crs == .utm(zone: 32))
        let a = try #require(r.areas.first)
        #expect(a.code == "7")
        #expect(a.name == "Sieben")
        #expect(a.parentCode == "T")
        let mp = try WKB.decode(try #require(a.geometryWKB))
        #expect(abs(mp.polygons[0].rings[0][0].x - 9) < 1e-9)
        #expect(abs(mp.polygons[0].rings[0][0].y - 52) < 1e-7)
        let out = try JSONScanner.parse(Array(GeoJSONWriter.featureCollection(r.areas).utf8))
        let feature = try #require(out["features"]?.arrayValue?.first)
        #expect(feature["properties"]?["code"]?.stringValue == "7")
        #expect(feature["geometry"]?["type"]?.stringValue == "MultiPolygon")
        // RFC 7946: the exterior ring is counter-clockwise.
        let ring = try #require(feature["geometry"]?["coordinates"]?.arrayValue?[0].arrayValue?[0].arrayValue)
        let pts = ring.map { Point($0.arrayValue![0].numberValue!, $0.arrayValue![1].numberValue!) }
        var area2 = 0.0
        for i in 0..<(pts.count - 1) { area2 += pts[i].x * pts[i + 1].y - pts[i + 1].x * pts[i].y }
        #expect(area2 > 0)
    }
}
