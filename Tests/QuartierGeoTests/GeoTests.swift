import Testing
@testable import QuartierGeo

@Suite struct GeoTests {
    @Test func centralMeridianAndEquatorMapToFalseOrigin() {
        let p = CoordinateSystem.utm(zone: 32).fromWGS84(Point(9, 0))
        #expect(abs(p.x - 500_000) < 1e-6)
        #expect(abs(p.y) < 1e-6)
    }

    @Test func knownPointInZone32() {
        // Reference: the GRS80 meridian arc to 52° N, integrated numerically, is 5,763,343.5499 m; UTM scales it by 0.9996.
        let p = CoordinateSystem.utm(zone: 32).fromWGS84(Point(9, 52))
        #expect(abs(p.x - 500_000) < 1e-6)
        #expect(abs(p.y - 5_763_343.5499 * 0.9996) < 0.005)
    }

    @Test func roundTripIsBelowAMillimetre() {
        for zone in [32, 33] {
            let forward = CoordinateSystem.utm(zone: zone).converterFromWGS84(), inverse = CoordinateSystem.utm(zone: zone).converterToWGS84()
            for lon in stride(from: 5.5, through: 15.5, by: 1.0) {
                for lat in stride(from: 47.0, through: 55.0, by: 1.0) {
                    let en = forward(Point(lon, lat))
                    let back = inverse(en)
                    let again = forward(back)
                    #expect(abs(again.x - en.x) < 0.001 && abs(again.y - en.y) < 0.001)
                    #expect(abs(back.x - lon) < 1e-8 && abs(back.y - lat) < 1e-8)
                }
            }
        }
    }

    @Test func crsIdentifiers() {
        #expect(CoordinateSystem(identifier: "urn:ogc:def:crs:EPSG::25832") == .utm(zone: 32))
        #expect(CoordinateSystem(identifier: "EPSG:25833") == .utm(zone: 33))
        #expect(CoordinateSystem(identifier: "http://www.opengis.net/def/crs/EPSG/0/4326") == .wgs84)
        #expect(CoordinateSystem(identifier: "urn:ogc:def:crs:OGC:1.3:CRS84") == .wgs84)
        #expect(CoordinateSystem(identifier: "EPSG:31467") == .gaussKrueger(zone: 3))
        #expect(CoordinateSystem(identifier: "urn:ogc:def:crs:EPSG::3857") == .webMercator)
        // Any system PROJ knows (Lambert-93, UTM with zone prefix, LAEA Europe); codes it does not know, or that are no CRS, are refused.
        #expect(CoordinateSystem(identifier: "EPSG:2154")?.name == "RGF93 v1 / Lambert-93")
        #expect(CoordinateSystem(epsg: 4647)?.name == "ETRS89 / UTM zone 32N (zE-N)" && CoordinateSystem(epsg: 3035) != nil)
        #expect(CoordinateSystem(identifier: "EPSG:99999") == nil && CoordinateSystem(epsg: 7030) == nil)
    }

    @Test func wkbRoundTripAndContainment() throws {
        let square = Polygon(outer: [Point(0, 0), Point(10, 0), Point(10, 10), Point(0, 10)], holes: [[Point(4, 4), Point(6, 4), Point(6, 6), Point(4, 6)]])
        let mp = MultiPolygon([square, Polygon(outer: [Point(20, 0), Point(22, 0), Point(22, 2), Point(20, 0)])])
        let decoded = try WKB.decode(WKB.encode(mp))
        #expect(decoded.polygons.count == 2)
        #expect(decoded.polygons[0].rings.count == 2)
        #expect(decoded.polygons[0].rings[0].count == 5)   // written closed
        #expect(decoded.contains(Point(1, 1)))
        #expect(!decoded.contains(Point(5, 5)))            // in the hole
        #expect(decoded.area == 100 - 4 + 2)
        #expect(throws: WKB.DecodeError.self) { try WKB.decode([1, 6, 0, 0, 0, 1]) }
    }

    @Test func labelPointLiesInsideAConcaveShape() throws {
        let u = MultiPolygon([Polygon(outer: [Point(0, 0), Point(10, 0), Point(10, 10), Point(8, 10), Point(8, 2), Point(2, 2), Point(2, 10), Point(0, 10)])])
        let lp = try #require(u.labelPoint)
        #expect(u.contains(lp))
    }
}
