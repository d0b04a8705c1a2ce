import Foundation
import Testing
@testable import QuartierGeo

@Suite struct SimplifierTests {
    /// A 3 × 3 grid of cells whose edges wiggle through many points; edges are generated once
    /// per edge, so neighbours share their vertices exactly. The middle cell is an enclave: the
    /// cell around it... here instead cell (1,1) is also cut out of a big surrounding polygon.
    func grid() -> [MultiPolygon] {
        func vertex(_ r: Int, _ c: Int) -> Point { Point(Double(c) * 100 + Double((r * 7 + c * 3) % 5), Double(r) * 100 + Double((r * 3 + c * 5) % 7)) }
        func edge(_ a: (Int, Int), _ b: (Int, Int)) -> [Point] {
            let forward = a < b
            let (s, e) = forward ? (a, b) : (b, a)
            let p = vertex(s.0, s.1), q = vertex(e.0, e.1)
            var pts: [Point] = []
            for k in 0..<40 {
                let t = Double(k) / 40
                let wiggle = k == 0 ? 0 : sin(t * 12 + Double(s.0 + e.1)) * 3 + (k % 2 == 0 ? 0.2 : -0.2)
                pts.append(Point(p.x + (q.x - p.x) * t + (q.y - p.y) / 100 * wiggle, p.y + (q.y - p.y) * t - (q.x - p.x) / 100 * wiggle))
            }
            return forward ? pts : [q] + pts.dropFirst().reversed()
        }
        var out: [MultiPolygon] = []
        for r in 0..<3 {
            for c in 0..<3 {
                let corners = [(r, c), (r + 1, c), (r + 1, c + 1), (r, c + 1)]
                var ring: [Point] = []
                for k in 0..<4 { ring += edge(corners[k], corners[(k + 1) % 4]) }
                ring.append(ring[0])
                out.append(MultiPolygon([Polygon(outer: ring)]))
            }
        }
        return out
    }

    func vertexSets(_ shapes: [MultiPolygon]) -> [Set<Point>] {
        shapes.map { Set($0.polygons.flatMap { $0.rings.flatMap { $0 } }) }
    }

    @Test func sharedBoundariesStayShared() {
        let original = grid()
        let simplified = TopologySimplifier.simplify(original, tolerance: 2)
        let before = original.reduce(0) { $0 + $1.polygons[0].rings[0].count }
        let after = simplified.reduce(0) { $0 + $1.polygons[0].rings[0].count }
        #expect(after * 3 < before, "simplification removed points: \(before) → \(after)")
        let orig = vertexSets(original), simp = vertexSets(simplified)
        for i in original.indices {
            for j in original.indices where j > i {
                let shared = orig[i].intersection(orig[j])
                guard shared.count > 1 else { continue }
                // Every kept vertex of the shared boundary is kept by both neighbours.
                #expect(simp[i].intersection(shared) == simp[j].intersection(shared), "cells \(i) and \(j)")
                #expect(simp[i].intersection(shared).count >= 2)
            }
        }
        // No gaps or overlaps: the simplified cells' areas add up to the simplified outline's area.
        let total = simplified.reduce(0) { $0 + $1.area }
        let outline = grid9Outline(simplified)
        #expect(abs(total - outline) < 1e-6)
    }

    /// Area of the union by the boundary segments used once (the outline), via the shoelace formula.
    func grid9Outline(_ shapes: [MultiPolygon]) -> Double {
        var count: [[Point]: Int] = [:]
        var directed: [(Point, Point)] = []
        for s in shapes {
            let r = s.polygons[0].rings[0]
            for k in 0..<(r.count - 1) {
                let a = r[k], b = r[k + 1]
                let key = TopologySimplifier.lessPoint(a, b) ? [a, b] : [b, a]
                count[key, default: 0] += 1
                directed.append((a, b))
            }
        }
        // Sum of cross products of outline segments = twice the signed area of the union.
        var sum = 0.0
        for (a, b) in directed {
            let key = TopologySimplifier.lessPoint(a, b) ? [a, b] : [b, a]
            if count[key] == 1 { sum += a.x * b.y - b.x * a.y }
        }
        return abs(sum / 2)
    }

    @Test func enclaveAndHoleStayIdentical() {
        var ring: [Point] = []
        for k in 0..<60 {
            let t = Double(k) / 60 * 2 * .pi
            ring.append(Point(50 + (20 + sin(t * 5)) * cos(t), 50 + (20 + sin(t * 5)) * sin(t)))
        }
        ring.append(ring[0])
        let outer: Ring = [Point(0, 0), Point(100, 0), Point(100, 100), Point(0, 100), Point(0, 0)]
        let surrounding = MultiPolygon([Polygon(outer: outer, holes: [Array(ring.reversed())])])
        let enclave = MultiPolygon([Polygon(outer: ring)])
        let s = TopologySimplifier.simplify([surrounding, enclave], tolerance: 1.5)
        let hole = Set(s[0].polygons[0].rings[1]), inner = Set(s[1].polygons[0].rings[0])
        #expect(hole == inner)
        #expect(inner.count < 60 && inner.count >= 4)
    }

    @Test func sizeBudgetRaisesTheTolerance() {
        let original = grid()
        let (shapes, tolerance) = TopologySimplifier.simplify(original, tolerance: 0.01, budget: 80)
        #expect(TopologySimplifier.pointCount(shapes) <= 80 || tolerance > 10)
        #expect(tolerance > 0.01)
        #expect(TopologySimplifier.pointCount(TopologySimplifier.simplify(original, tolerance: 0.01)) > 80)
    }

    @Test func straightArcsKeepAPointSoRingsDoNotCollapse() {
        let a = MultiPolygon([Polygon(outer: [Point(0, 0), Point(1, 0), Point(2, 0), Point(2, 1), Point(0, 1), Point(0, 0)])])
        let s = TopologySimplifier.simplify([a], tolerance: 10)
        #expect(s[0].polygons[0].rings[0].count >= 4)
    }
}
