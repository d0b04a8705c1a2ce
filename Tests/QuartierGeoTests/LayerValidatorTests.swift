import Testing
@testable import QuartierGeo

@Suite struct LayerValidatorTests {
    /// Squares of 0.01° (about 680 m × 1.1 km at 52° N), counter-clockwise.
    func square(_ x: Double, _ y: Double, _ w: Double = 0.01, _ h: Double = 0.01) -> MultiPolygon {
        MultiPolygon([Polygon(outer: [Point(x, y), Point(x + w, y), Point(x + w, y + h), Point(x, y + h), Point(x, y)])])
    }

    func shape(_ code: String, _ g: MultiPolygon, parent: String? = nil) -> LayerValidator.Shape {
        LayerValidator.Shape(code: code, name: "Gebiet \(code)", parentCode: parent, geometry: g)
    }

    @Test func cleanTilingHasNoFindings() {
        let layer = [shape("A", square(9, 52)), shape("B", square(9.01, 52)), shape("C", square(9, 52.01)), shape("D", square(9.01, 52.01))]
        #expect(LayerValidator().validate(layer).isEmpty)
    }

    @Test func plantedOverlapIsNamedWithItsSize() throws {
        let layer = [shape("A", square(9, 52)), shape("B", square(9.008, 52))]   // B reaches 0.002° into A
        let f = LayerValidator().validate(layer)
        let overlap = try #require(f.first { $0.kind == .overlap })
        #expect(overlap.codes == ["A", "B"])
        // 0.002° × 0.01° at 52° N ≈ 137 m × 1,106 m ≈ 15 ha.
        let expected: Double = 0.002 * 68_535 * 0.01 * 110_574
        let found: Double = overlap.squareMetres ?? 0
        #expect(abs(found - expected) < 0.01 * expected, "\(found)")
        #expect(overlap.message.contains("Gebiet A (A) und Gebiet B (B) überlappen sich auf 15,3 ha (bei 9.00"))
    }

    @Test func plantedGapIsFoundBetweenItsNeighbours() throws {
        // A ring of four areas around an empty middle square.
        let layer = [shape("N", square(9, 52.02, 0.03, 0.01)), shape("S", square(9, 52, 0.03, 0.01)),
                     shape("W", square(9, 52.01, 0.01, 0.01)), shape("E", square(9.02, 52.01, 0.01, 0.01))]
        let f = LayerValidator().validate(layer)
        let gap = try #require(f.first { $0.kind == .gap })
        #expect(Set(gap.codes) == ["N", "S", "W", "E"])
        #expect(gap.message.hasPrefix("Lücke von 76,4 ha zwischen") && gap.message.contains("(bei 9.01500, 52.01500)"), "\(gap.message)")
        #expect(!f.contains { $0.kind == .overlap })
    }

    @Test func selfIntersectionIsFound() {
        let bowtie = MultiPolygon([Polygon(outer: [Point(9, 52), Point(9.01, 52.01), Point(9.01, 52), Point(9, 52.01), Point(9, 52)])])
        let f = LayerValidator().validate([shape("X", bowtie)])
        #expect(f.contains { $0.kind == .invalidGeometry && $0.codes == ["X"] && $0.message.contains("schneidet sich selbst") })
    }

    @Test func duplicateCodesAndAreasOutsideTheirParent() {
        let parents = [shape("P", square(9, 52, 0.02, 0.01))]
        let layer = [shape("A", square(9, 52), parent: "P"), shape("B", square(9.015, 52), parent: "P"), shape("A", square(9, 52.05), parent: "Q")]
        let f = LayerValidator().validate(layer, parents: parents)
        #expect(f.contains { $0.kind == .duplicateCode && $0.codes == ["A"] })
        #expect(f.contains { $0.kind == .outsideParent && $0.codes == ["B", "P"] && $0.message.contains("außerhalb von Gebiet P") })
        #expect(f.contains { $0.kind == .outsideParent && $0.message.contains("Das übergeordnete Gebiet Q gibt es nicht") })
    }

    @Test func clockwiseRingsAreReportedOnceAsInformation() {
        let cw = MultiPolygon([Polygon(outer: [Point(9, 52), Point(9, 52.01), Point(9.01, 52.01), Point(9.01, 52), Point(9, 52)])])
        let f = LayerValidator().validate([shape("A", cw), shape("B", square(9.01, 52))])
        #expect(f.count == 1)
        #expect(f[0].kind == .orientation && f[0].codes == ["A"])
    }
}
