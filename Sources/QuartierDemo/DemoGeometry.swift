import Foundation
import QuartierGeo

/// The demo town's polygons: a 4 × 4 grid in ETRS89/UTM 32N whose inner vertices are jittered
/// and whose edges are bent the same way for both neighbours, so the areas tile the town
/// exactly; unions of cells give the Stadtteile and the town outline.
struct DemoGeometry {
    static let rows = 4, cols = 4
    static let origin = Point(510_400, 5_831_200)    // south-west corner, near Nienburg/Weser
    static let cellWidth = 1_450.0, cellHeight = 1_300.0

    /// Grid vertex (r, c) with r = 0 the northern edge.
    func vertex(_ r: Int, _ c: Int) -> Point {
        var g = SplitMix64(seed: SplitMix64.seed(r, c, 17))
        let onBorder = r == 0 || c == 0 || r == Self.rows || c == Self.cols
        let j = onBorder ? 140.0 : 320.0
        var x = Self.origin.x + Double(c) * Self.cellWidth + (g.unit() - 0.5) * 2 * j
        var y = Self.origin.y + Double(Self.rows - r) * Self.cellHeight + (g.unit() - 0.5) * 2 * j
        // Round the outline: pull the four corners in.
        if (r == 0 || r == Self.rows) && (c == 0 || c == Self.cols) {
            x += c == 0 ? 420 : -420
            y += r == 0 ? -380 : 380
        }
        return Point(x, y)
    }

    /// Points along the edge between two grid vertices (excluding the end), bent by a
    /// deterministic wiggle that depends only on the (unordered) edge.
    func edge(from a: (Int, Int), to b: (Int, Int)) -> [Point] {
        let forward = (a.0, a.1) < (b.0, b.1)
        let (s, e) = forward ? (a, b) : (b, a)
        let p = vertex(s.0, s.1), q = vertex(e.0, e.1)
        var g = SplitMix64(seed: SplitMix64.seed(s.0, s.1, e.0, e.1, 99))
        let steps = 6
        var pts: [Point] = []
        let dx = q.x - p.x, dy = q.y - p.y
        let len = (dx * dx + dy * dy).squareRoot()
        let nx = -dy / len, ny = dx / len
        let phase = g.unit() * 6.283
        let amp = 35 + g.unit() * 60
        for k in 0..<steps {
            let t = Double(k) / Double(steps)
            let off = k == 0 ? 0 : amp * sin(Double.pi * t) * sin(phase + t * 9.4)
            pts.append(Point(p.x + dx * t + nx * off, p.y + dy * t + ny * off))
        }
        // Walking the edge backwards: from the far vertex up to (not including) the near one.
        return forward ? pts : [q] + pts.dropFirst().reversed()
    }

    /// The outline (in WGS84) of the union of grid cells, found by walking the cell edges that
    /// are not shared between two chosen cells.
    func union(of cells: [(Int, Int)]) -> MultiPolygon {
        struct V: Hashable { var r: Int, c: Int }
        let chosen = Set(cells.map { V(r: $0.0, c: $0.1) })
        // Directed boundary edges, counter-clockwise around each cell in map orientation
        // (north up): top-left → bottom-left → bottom-right → top-right → top-left.
        var next: [V: [V]] = [:]
        var count = 0
        for cell in chosen {
            let tl = V(r: cell.r, c: cell.c), bl = V(r: cell.r + 1, c: cell.c)
            let br = V(r: cell.r + 1, c: cell.c + 1), tr = V(r: cell.r, c: cell.c + 1)
            let sides: [(V, V, V)] = [(tl, bl, V(r: cell.r, c: cell.c - 1)), (bl, br, V(r: cell.r + 1, c: cell.c)),
                                       (br, tr, V(r: cell.r, c: cell.c + 1)), (tr, tl, V(r: cell.r - 1, c: cell.c))]
            for (a, b, neighbour) in sides where !chosen.contains(neighbour) {
                next[a, default: []].append(b)
                count += 1
            }
        }
        var polygons: [Polygon] = []
        while let start = next.keys.sorted(by: { ($0.r, $0.c) < ($1.r, $1.c) }).first {
            var ring: [Point] = []
            var cur = start
            repeat {
                guard var outs = next[cur], !outs.isEmpty else { break }
                let nxt = outs.removeFirst()
                next[cur] = outs.isEmpty ? nil : outs
                ring.append(contentsOf: edge(from: (cur.r, cur.c), to: (nxt.r, nxt.c)))
                cur = nxt
            } while cur != start
            ring.append(ring[0])
            let toLonLat = CoordinateSystem.utm(zone: 32).converterToWGS84()
            polygons.append(Polygon(outer: ring.map(toLonLat)))
        }
        return MultiPolygon(polygons)
    }
}
