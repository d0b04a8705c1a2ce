/// Simplifies a set of area polygons for display while keeping shared boundaries shared: the
/// rings are cut into arcs at junctions (points where more than two boundary lines meet), every
/// arc is simplified once with Douglas–Peucker, and both neighbours reuse the same simplified
/// arc, so no slivers or gaps open between them (the approach of TopoJSON).
///
/// Shared vertices must be exactly equal in the input (as in any topologically clean layer).
/// An arc with interior points keeps at least one, so no ring collapses to a line.
public enum TopologySimplifier {
    /// `tolerance` is in the units of the coordinates after multiplying x by `xScale` (use
    /// cos(latitude) for longitude/latitude, so the tolerance is in degrees of latitude).
    public static func simplify(_ shapes: [MultiPolygon], tolerance: Double, xScale: Double = 1) -> [MultiPolygon] {
        // 1. Distinct neighbours of every vertex over all rings.
        var rings: [[Point]] = []
        for mp in shapes { for p in mp.polygons { for r in p.rings { rings.append(open(r)) } } }
        var neighbours: [Point: Set<Point>] = [:]
        for r in rings where r.count >= 3 {
            for k in 0..<r.count {
                neighbours[r[k], default: []].insert(r[(k + r.count - 1) % r.count])
                neighbours[r[k], default: []].insert(r[(k + 1) % r.count])
            }
        }
        func isJunction(_ p: Point) -> Bool { (neighbours[p]?.count ?? 0) > 2 }

        // 2. Simplify every arc once, keyed by its canonical (ordered) form.
        var cache: [[Point]: [Point]] = [:]
        func simplifiedArc(_ arc: [Point]) -> [Point] {
            let reversed = Array(arc.reversed())
            let forward = less(arc, reversed)
            let canonical = forward ? arc : reversed
            let result: [Point]
            if let hit = cache[canonical] { result = hit } else {
                result = douglasPeucker(canonical, tolerance: tolerance, xScale: xScale)
                cache[canonical] = result
            }
            return forward ? result : Array(result.reversed())
        }

        var index = 0
        return shapes.map { mp in
            MultiPolygon(mp.polygons.map { poly in
                Polygon(rings: poly.rings.map { _ in
                    let r = rings[index]
                    index += 1
                    guard r.count >= 3 else { return r }
                    let junctions = r.indices.filter { isJunction(r[$0]) }
                    var out: [Point] = []
                    if junctions.isEmpty {
                        // A ring without junctions (an island, or an enclave and its hole): start at its
                        // smallest point and in the direction of its smaller neighbour, so that both copies
                        // of a shared ring are cut the same way.
                        let start = r.indices.min { lessPoint(r[$0], r[$1]) }!
                        var rotated = Array(r[start...] + r[..<start])
                        let flipped = lessPoint(rotated[rotated.count - 1], rotated[1])
                        if flipped { rotated = [rotated[0]] + rotated[1...].reversed() }
                        let mid = rotated.count / 2
                        out += simplifiedArc(Array(rotated[0...mid])).dropLast()
                        out += simplifiedArc(Array(rotated[mid...]) + [rotated[0]]).dropLast()
                        if flipped { out = [out[0]] + out[1...].reversed() }
                    } else {
                        let rotated = Array(r[junctions[0]...] + r[..<junctions[0]])
                        var arcStart = 0
                        for k in 1...rotated.count {
                            let p = rotated[k % rotated.count]
                            if k == rotated.count || isJunction(p) {
                                let arc = Array(rotated[arcStart..<k]) + [p]
                                out += simplifiedArc(arc).dropLast()
                                arcStart = k
                            }
                        }
                    }
                    out.append(out[0])
                    return out
                })
            })
        }
    }

    /// Simplifies with the smallest tolerance (from `tolerance` upwards, doubling) that brings the
    /// total number of points within `budget`.
    public static func simplify(_ shapes: [MultiPolygon], tolerance: Double, xScale: Double = 1, budget: Int) -> (shapes: [MultiPolygon], tolerance: Double) {
        var t = tolerance
        var result = simplify(shapes, tolerance: t, xScale: xScale)
        var rounds = 0
        while pointCount(result) > budget && rounds < 12 {
            t *= 2
            result = simplify(shapes, tolerance: t, xScale: xScale)
            rounds += 1
        }
        return (result, t)
    }

    public static func pointCount(_ shapes: [MultiPolygon]) -> Int {
        shapes.reduce(0) { $0 + $1.polygons.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count } } }
    }

    /// The ring without its closing point.
    static func open(_ r: Ring) -> [Point] {
        if r.count > 1 && r.first == r.last { return Array(r.dropLast()) }
        return r
    }

    static func lessPoint(_ a: Point, _ b: Point) -> Bool { a.x != b.x ? a.x < b.x : a.y < b.y }

    static func less(_ a: [Point], _ b: [Point]) -> Bool {
        for (p, q) in zip(a, b) where p != q { return lessPoint(p, q) }
        return false
    }

    /// Douglas–Peucker keeping both ends; an arc with interior points keeps at least the farthest one.
    static func douglasPeucker(_ pts: [Point], tolerance: Double, xScale: Double) -> [Point] {
        guard pts.count > 2 else { return pts }
        var keep = [Bool](repeating: false, count: pts.count)
        keep[0] = true
        keep[pts.count - 1] = true
        func dist(_ p: Point, _ a: Point, _ b: Point) -> Double {
            let ax = a.x * xScale, bx = b.x * xScale, px = p.x * xScale
            let dx = bx - ax, dy = b.y - a.y
            let len2 = dx * dx + dy * dy
            if len2 == 0 { return ((px - ax) * (px - ax) + (p.y - a.y) * (p.y - a.y)).squareRoot() }
            let t = max(0, min(1, ((px - ax) * dx + (p.y - a.y) * dy) / len2))
            let cx = ax + t * dx, cy = a.y + t * dy
            return ((px - cx) * (px - cx) + (p.y - cy) * (p.y - cy)).squareRoot()
        }
        var stack = [(0, pts.count - 1)]
        var first = true
        while let (s, e) = stack.popLast() {
            guard e > s + 1 else { continue }
            var best = -1.0, bestI = s
            for i in (s + 1)..<e {
                let d = dist(pts[i], pts[s], pts[e])
                if d > best { best = d; bestI = i }
            }
            if best > tolerance || first {
                keep[bestI] = true
                stack.append((s, bestI))
                stack.append((bestI, e))
            }
            first = false
        }
        return pts.indices.filter { keep[$0] }.map { pts[$0] }
    }
}
