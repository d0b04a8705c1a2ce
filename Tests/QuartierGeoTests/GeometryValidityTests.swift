import QuartierGeo
import Testing

/// GEOS decides whether an area's geometry is valid, and says where it is not.
@Suite struct GeometryValidityTests {
    static func square(_ x: Double, _ y: Double, _ d: Double) -> Ring {
        [Point(x, y), Point(x + d, y), Point(x + d, y + d), Point(x, y + d), Point(x, y)]
    }

    @Test func aValidSquareWithAHoleHasNoProblem() {
        let poly = Polygon(outer: Self.square(9, 52, 0.01), holes: [Self.square(9.002, 52.002, 0.002)])
        #expect(GeometryValidity.problem(wkb: WKB.encode(MultiPolygon([poly]))) == nil)
    }

    @Test func aBowTieCrossesItselfWhereItsEdgesMeet() throws {
        let bowtie = MultiPolygon([Polygon(outer: [Point(9, 52), Point(9.01, 52.01), Point(9.01, 52), Point(9, 52.01), Point(9, 52)])])
        let p = try #require(GeometryValidity.problem(wkb: WKB.encode(bowtie)))
        #expect(p.reason == "Self-intersection")
        #expect(abs(p.x - 9.005) < 1e-9 && abs(p.y - 52.005) < 1e-9)
        #expect(p.description == "Der Rand schneidet sich selbst (bei 9.005000, 52.005000)")
    }

    @Test func aHoleOutsideItsShellAndOverlappingPartsAreInvalid() throws {
        let outside = MultiPolygon([Polygon(outer: Self.square(9, 52, 0.01), holes: [Self.square(9.02, 52.02, 0.002)])])
        #expect(try #require(GeometryValidity.problem(wkb: WKB.encode(outside))).reason == "Hole lies outside shell")
        let overlapping = MultiPolygon([Polygon(outer: Self.square(9, 52, 0.01)), Polygon(outer: Self.square(9.005, 52.005, 0.01))])
        #expect(GeometryValidity.problem(wkb: WKB.encode(overlapping)) != nil)
    }

    @Test func bytesThatAreNoGeometryAreAProblemNotACrash() {
        #expect(GeometryValidity.problem(wkb: [1, 6, 0, 0, 0, 5, 0, 0, 0])?.reason == "unreadable geometry")
        #expect(GeometryValidity.problem(wkb: [])?.reason == "unreadable geometry")
    }
}
