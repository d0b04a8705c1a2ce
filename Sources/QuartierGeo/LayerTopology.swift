import Foundation
import QuartierGEOS

/// The exact topology of an area layer by GEOS (C API, one context per call): overlaps between
/// areas, gaps enclosed by them, parts outside the parent area. The overlay runs in the frame
/// the coordinates come in: a file's own system, in floating precision, exactly as GEOS (and so
/// shapely and QGIS) sees the layer; a stored level in longitude/latitude, snap-rounded to
/// 10⁻⁷° (about 1 cm: a vertex on its neighbour's edge in the system the layer was drawn in
/// lies millimetres off it after conversion). Every piece found is measured in ETRS89-LAEA
/// (EPSG:3035, equal-area) by PROJ, in m².
extension LayerValidator {
    /// A GEOS context with the geometries it made, freed together.
    final class GEOS {
        let handle: GEOSContextHandle_t
        private let reader: OpaquePointer?
        private let writer: OpaquePointer?
        private var owned: [OpaquePointer] = []
        /// Measures a polygon piece in m² (converted to the equal-area system).
        let measure: @Sendable (MultiPolygon) -> Double

        init?(measure: @escaping @Sendable (MultiPolygon) -> Double) {
            guard let h = GEOS_init_r() else { return nil }
            handle = h
            reader = GEOSWKBReader_create_r(h)
            writer = GEOSWKBWriter_create_r(h)
            self.measure = measure
        }

        deinit {
            for g in owned { GEOSGeom_destroy_r(handle, g) }
            if let reader { GEOSWKBReader_destroy_r(handle, reader) }
            if let writer { GEOSWKBWriter_destroy_r(handle, writer) }
            GEOS_finish_r(handle)
        }

        /// Keeps `g` until the context ends.
        @discardableResult
        func own(_ g: OpaquePointer?) -> OpaquePointer? {
            if let g { owned.append(g) }
            return g
        }

        func geometry(_ mp: MultiPolygon) -> OpaquePointer? {
            let wkb = WKB.encode(mp)
            return own(wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) })
        }

        /// The area of the polygonal parts of `g` (a result may mix polygons and lines), in m².
        func area(_ g: OpaquePointer?) -> Double {
            guard let g else { return 0 }
            var a = 0.0
            guard GEOSArea_r(handle, g, &a) == 1, a > 0 else { return 0 }
            return measure(MultiPolygon(GeometryValidity.polygonalParts(g, handle: handle, writer: writer)))
        }

        /// A point inside `g` (GEOS's point on surface).
        func pointInside(_ g: OpaquePointer) -> Point? {
            guard let p = own(GEOSPointOnSurface_r(handle, g)) else { return nil }
            var x = 0.0, y = 0.0
            guard GEOSGeomGetX_r(handle, p, &x) == 1, GEOSGeomGetY_r(handle, p, &y) == 1 else { return nil }
            return Point(x, y)
        }
    }

    static let equalArea = CoordinateSystem(epsg: 3035)

    /// A sliver's area in the unit that shows it: "14 mm²", "3,2 cm²", "0,42 m²".
    static func smallArea(_ m2: Double) -> String {
        let t: String
        if m2 < 1e-4 { t = String(format: "%.0f mm²", m2 * 1e6) }
        else if m2 < 0.01 { t = String(format: "%.1f cm²", m2 * 1e4) }
        else { t = String(format: "%.2f m²", m2) }
        return t.replacingOccurrences(of: ".", with: ",")
    }

    /// `invalid`: the shapes GEOS found invalid already; they take no part.
    static func topology(_ shapes: [Shape], parents: [Shape], sliver: Double, frame: CoordinateSystem, invalid: Set<Int>) -> [Finding] {
        guard let laea = equalArea else { return [] }
        let fromFrame = frame.converterToWGS84(), toLAEA = laea.converterFromWGS84()
        let toMetres: @Sendable (Point) -> Point = { toLAEA(fromFrame($0)) }
        // The shoelace formula about the piece's first vertex: a sliver of square millimetres at
        // coordinates in the millions would otherwise vanish in rounding.
        @Sendable func ringArea(_ ring: Ring) -> Double {
            let pts = ring.map(toMetres)
            guard let o = pts.first, pts.count > 2 else { return 0 }
            var twice = 0.0
            for k in 0..<pts.count {
                let a = pts[k], b = pts[(k + 1) % pts.count]
                twice += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y)
            }
            return abs(twice) / 2
        }
        guard let geos = GEOS(measure: { mp in
            mp.polygons.reduce(0) { sum, p in sum + ringArea(p.rings[0]) - p.rings.dropFirst().reduce(0) { $0 + ringArea($1) } }
        }) else { return [] }
        let grid = frame.isGeographic ? 1e-7 : 0
        func place(_ p: Point?) -> String {
            guard let p, p.x.isFinite else { return "" }
            let ll = fromFrame(p)
            return ll.x.isFinite ? " (bei \(String(format: "%.5f", ll.x)), \(String(format: "%.5f", ll.y)))" : ""
        }
        // Only geometries GEOS accepts as valid take part (the invalid ones are reported already,
        // by the validity check that ran before; they are not checked twice).
        var items: [(index: Int, g: OpaquePointer, box: BoundingBox)] = []
        for (i, s) in shapes.enumerated() where !invalid.contains(i) {
            guard let g = geos.geometry(s.geometry) else { continue }
            items.append((i, g, s.geometry.boundingBox))
        }
        var out: [Finding] = []
        func label(_ i: Int) -> String { "\(shapes[i].name) (\(shapes[i].code))" }

        // Overlaps: pairs whose boxes meet (a sweep along x), then their intersection's area.
        let byX = items.sorted { $0.box.minX < $1.box.minX }
        var slivers: [(codes: [String], m2: Double)] = []
        for (k, a) in byX.enumerated() {
            var j = k + 1
            while j < byX.count, byX[j].box.minX <= a.box.maxX {
                let b = byX[j]
                j += 1
                guard b.box.minY <= a.box.maxY, a.box.minY <= b.box.maxY, GEOSIntersects_r(geos.handle, a.g, b.g) == 1,
                      let cut = geos.own(GEOSIntersectionPrec_r(geos.handle, a.g, b.g, grid)) else { continue }
                let m2 = geos.area(cut)
                guard m2 > 0 else { continue }
                let (x, y) = a.index < b.index ? (a.index, b.index) : (b.index, a.index)
                if m2 < sliver { slivers.append(([shapes[x].code, shapes[y].code], m2)); continue }
                out.append(Finding(kind: .overlap, codes: [shapes[x].code, shapes[y].code], squareMetres: m2,
                                   message: "\(label(x)) und \(label(y)) überlappen sich auf \(Self.area(m2))\(place(geos.pointInside(cut)))."))
            }
        }
        out.sort { ($0.codes.first ?? "", $0.codes.last ?? "") < ($1.codes.first ?? "", $1.codes.last ?? "") }

        // Gaps: the holes of the union of all areas, each with the areas along its edge.
        var clones: [OpaquePointer?] = items.compactMap { GEOSGeom_clone_r(geos.handle, $0.g) }
        let collection = clones.withUnsafeMutableBufferPointer {
            GEOSGeom_createCollection_r(geos.handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), $0.baseAddress, UInt32($0.count))
        }
        geos.own(collection)
        if let collection, let union = geos.own(GEOSUnaryUnionPrec_r(geos.handle, collection, grid)) {
            var gaps: [Finding] = []
            for p in 0..<max(0, Int(GEOSGetNumGeometries_r(geos.handle, union))) {
                guard let polygon = GEOSGetGeometryN_r(geos.handle, union, Int32(p)) else { continue }
                for h in 0..<max(0, Int(GEOSGetNumInteriorRings_r(geos.handle, polygon))) {
                    guard let ring = GEOSGetInteriorRingN_r(geos.handle, polygon, Int32(h)), let shell = GEOSGeom_clone_r(geos.handle, ring),
                          let hole = geos.own(GEOSGeom_createPolygon_r(geos.handle, shell, nil, 0)) else { continue }
                    let m2 = geos.area(hole)
                    var hb = BoundingBox.empty
                    if let env = geos.own(GEOSEnvelope_r(geos.handle, hole)) {
                        var x0 = 0.0, y0 = 0.0, x1 = 0.0, y1 = 0.0
                        if GEOSGeom_getXMin_r(geos.handle, env, &x0) == 1, GEOSGeom_getYMin_r(geos.handle, env, &y0) == 1,
                           GEOSGeom_getXMax_r(geos.handle, env, &x1) == 1, GEOSGeom_getYMax_r(geos.handle, env, &y1) == 1 {
                            hb = BoundingBox(minX: x0, minY: y0, maxX: x1, maxY: y1)
                        }
                    }
                    let around = items.filter { it in
                        it.box.minX <= hb.maxX && hb.minX <= it.box.maxX && it.box.minY <= hb.maxY && hb.minY <= it.box.maxY
                            && GEOSIntersects_r(geos.handle, it.g, hole) == 1
                    }.map(\.index).sorted()
                    let codes = around.map { shapes[$0].code }
                    if m2 < sliver { slivers.append((codes, m2)); continue }
                    let names = around.map(label)
                    gaps.append(Finding(kind: .gap, codes: codes, squareMetres: m2, message: names.count == 1
                        ? "Loch von \(Self.area(m2)) in \(names[0]), das kein anderes Gebiet füllt\(place(geos.pointInside(hole)))."
                        : "Lücke von \(Self.area(m2)) zwischen \(names.joined(separator: ", "))\(place(geos.pointInside(hole)))."))
                }
            }
            out += gaps.sorted { $0.codes.joined() < $1.codes.joined() }
        }
        clones.removeAll()
        if !slivers.isEmpty {
            let total = slivers.reduce(0) { $0 + $1.m2 }
            out.append(Finding(kind: .sliver, codes: Array(Set(slivers.flatMap(\.codes))).sorted(), squareMetres: total,
                               message: "\(slivers.count) Splitter unter \(Self.area(sliver)) (zusammen \(Self.smallArea(total))) an gemeinsamen Grenzen, etwa zwischen \(slivers.prefix(3).map { $0.codes.joined(separator: " und ") }.joined(separator: "; ")): Rundung der Koordinaten, kein Fehler."))
        }

        // Nesting: the part of each area outside its parent.
        let parentByCode = Dictionary(parents.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let geometryOf = Dictionary(items.map { ($0.index, $0.g) }, uniquingKeysWith: { a, _ in a })
        for (index, s) in shapes.enumerated() {
            guard let pc = s.parentCode else { continue }
            guard let parent = parentByCode[pc] else {
                if !parents.isEmpty {
                    out.append(Finding(kind: .outsideParent, codes: [s.code], squareMetres: nil,
                                       message: "\(s.name) (\(s.code)): Das übergeordnete Gebiet \(pc) gibt es nicht."))
                }
                continue
            }
            guard let g = geometryOf[index], let pg = geos.geometry(parent.geometry), GEOSisValid_r(geos.handle, pg) == 1,
                  let outside = geos.own(GEOSDifferencePrec_r(geos.handle, g, pg, grid)) else { continue }
            let m2 = geos.area(outside), whole = geos.area(g)
            guard m2 >= sliver, whole > 0 else { continue }
            let share = m2 / whole * 100
            out.append(Finding(kind: .outsideParent, codes: [s.code, pc], squareMetres: m2,
                               message: "\(s.name) (\(s.code)) liegt zu \(share >= 1 ? String(Int(share.rounded())) : String(format: "%.1f", share).replacingOccurrences(of: ".", with: ",")) % (\(Self.area(m2))) außerhalb von \(parent.name) (\(pc))\(place(geos.pointInside(outside)))."))
        }
        return out
    }
}
