/// A position: x/y in a projected system, or longitude/latitude in degrees.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
}

/// A closed ring (first point repeated at the end is optional in memory; writers close it).
public typealias Ring = [Point]

/// A polygon: an outer ring followed by holes.
public struct Polygon: Sendable, Hashable {
    public var rings: [Ring]
    public init(rings: [Ring]) { self.rings = rings }
    public init(outer: Ring, holes: [Ring] = []) { self.rings = [outer] + holes }
}

/// One or more polygons: the geometry of an area.
public struct MultiPolygon: Sendable, Hashable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }

    public var boundingBox: BoundingBox {
        var b = BoundingBox.empty
        for p in polygons { for r in p.rings { for pt in r { b.include(pt) } } }
        return b
    }

    /// Applies `transform` to every point.
    public func map(_ transform: (Point) -> Point) -> MultiPolygon {
        MultiPolygon(polygons.map { Polygon(rings: $0.rings.map { $0.map(transform) }) })
    }

    /// Signed area by the shoelace formula (positive for counter-clockwise outer rings), summed
    /// with holes subtracting.
    public var area: Double {
        var total = 0.0
        for p in polygons {
            for (i, r) in p.rings.enumerated() {
                let a = abs(Self.ringArea(r))
                total += i == 0 ? a : -a
            }
        }
        return total
    }

    public static func ringArea(_ r: Ring) -> Double {
        guard r.count >= 3 else { return 0 }
        var s = 0.0
        for i in 0..<r.count {
            let a = r[i], b = r[(i + 1) % r.count]
            s += a.x * b.y - b.x * a.y
        }
        return s / 2
    }

    /// A point for a label: the area-weighted centroid of the largest polygon's outer ring,
    /// moved inside if it falls outside (concave shapes).
    public var labelPoint: Point? {
        guard let largest = polygons.max(by: { abs(Self.ringArea($0.rings.first ?? [])) < abs(Self.ringArea($1.rings.first ?? [])) }),
              let ring = largest.rings.first, ring.count >= 3 else { return nil }
        var cx = 0.0, cy = 0.0, a2 = 0.0
        for i in 0..<ring.count {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            let c = p.x * q.y - q.x * p.y
            a2 += c
            cx += (p.x + q.x) * c
            cy += (p.y + q.y) * c
        }
        guard a2 != 0 else { return ring[0] }
        let centroid = Point(cx / (3 * a2), cy / (3 * a2))
        if MultiPolygon([largest]).contains(centroid) { return centroid }
        // Fall back: midpoint of the widest horizontal span through the centroid's y.
        var xs: [Double] = []
        for i in 0..<ring.count {
            let p = ring[i], q = ring[(i + 1) % ring.count]
            if (p.y > centroid.y) != (q.y > centroid.y) {
                xs.append(p.x + (centroid.y - p.y) / (q.y - p.y) * (q.x - p.x))
            }
        }
        xs.sort()
        var best: Point = ring[0], width = -1.0
        var i = 0
        while i + 1 < xs.count {
            if xs[i + 1] - xs[i] > width { width = xs[i + 1] - xs[i]; best = Point((xs[i] + xs[i + 1]) / 2, centroid.y) }
            i += 2
        }
        return best
    }

    /// Even-odd point-in-polygon test over all rings.
    public func contains(_ pt: Point) -> Bool {
        for p in polygons {
            var inside = false
            for r in p.rings {
                var j = r.count - 1
                for i in 0..<r.count {
                    let a = r[i], b = r[j]
                    if (a.y > pt.y) != (b.y > pt.y),
                       pt.x < (b.x - a.x) * (pt.y - a.y) / (b.y - a.y) + a.x {
                        inside.toggle()
                    }
                    j = i
                }
            }
            if inside { return true }
        }
        return false
    }
}

/// An axis-aligned box.
public struct BoundingBox: Sendable, Hashable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    public var isEmpty: Bool { minX > maxX || minY > maxY }

    public mutating func include(_ p: Point) {
        if p.x < minX { minX = p.x }
        if p.x > maxX { maxX = p.x }
        if p.y < minY { minY = p.y }
        if p.y > maxY { maxY = p.y }
    }

    public mutating func include(_ b: BoundingBox) {
        guard !b.isEmpty else { return }
        include(Point(b.minX, b.minY)); include(Point(b.maxX, b.maxY))
    }
}
