import Foundation
import QuartierGEOS

/// Whether a polygon layer's geometry is valid in the sense of OGC Simple Features, decided by
/// GEOS (the geometry engine QGIS and PostGIS use): rings that cross themselves or each other,
/// holes outside their shell, overlapping parts of one multipolygon, rings of too few points.
/// A geometry that is not valid has no well-defined area, so shares and point-in-area
/// assignments on it would be wrong.
public enum GeometryValidity {
    public struct Problem: Sendable, Hashable {
        /// GEOS's reason, in English (e.g. "Self-intersection").
        public var reason: String
        /// Where GEOS found it, in the geometry's coordinates.
        public var x: Double
        public var y: Double

        /// The reason in German words, with the place.
        public var description: String {
            let words: [String: String] = [
                "Self-intersection": "Der Rand schneidet sich selbst",
                "Ring Self-intersection": "Ein Ring berührt oder schneidet sich selbst",
                "Hole lies outside shell": "Ein Loch liegt außerhalb seines Außenrings",
                "Holes are nested": "Löcher liegen ineinander",
                "Interior is disconnected": "Die Fläche zerfällt durch ihre Löcher in Teile",
                "Nested shells": "Teilflächen liegen ineinander",
                "Duplicate Rings": "Ein Ring kommt doppelt vor",
                "Too few points in geometry component": "Ein Ring hat zu wenige Punkte",
                "Invalid Coordinate": "Eine Koordinate ist keine Zahl",
                "Ring is not closed": "Ein Ring ist nicht geschlossen",
            ]
            return "\(words[reason] ?? reason) (bei \(Self.coordinate(x)), \(Self.coordinate(y)))"
        }

        static func coordinate(_ v: Double) -> String {
            v.isFinite ? String(format: "%.6f", v) : "?"
        }
    }

    /// The first problem GEOS finds in the WKB geometry, or nil if it is valid. A WKB that GEOS
    /// cannot read counts as a problem too.
    public static func problem(wkb: [UInt8]) -> Problem? {
        guard let handle = GEOS_init_r() else { return Problem(reason: "GEOS could not start", x: .nan, y: .nan) }
        defer { GEOS_finish_r(handle) }
        guard let reader = GEOSWKBReader_create_r(handle) else { return Problem(reason: "GEOS could not start", x: .nan, y: .nan) }
        defer { GEOSWKBReader_destroy_r(handle, reader) }
        let geometry = wkb.withUnsafeBufferPointer { GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }
        guard let geometry else { return Problem(reason: "unreadable geometry", x: .nan, y: .nan) }
        defer { GEOSGeom_destroy_r(handle, geometry) }
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let valid = GEOSisValidDetail_r(handle, geometry, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        guard valid != 1 else { return nil }
        var x = Double.nan, y = Double.nan
        if let location {
            _ = GEOSGeomGetX_r(handle, location, &x)
            _ = GEOSGeomGetY_r(handle, location, &y)
        }
        return Problem(reason: reason.map { String(cString: $0) } ?? "GEOS error", x: x, y: y)
    }
}

extension GeometryValidity {
    /// A geometry GEOS made valid, and how much its area changed.
    public struct Repair: Sendable {
        public var geometry: MultiPolygon
        /// Area after the repair relative to the area GEOS computes for the invalid input
        /// (1 = unchanged); nil where the input's area is zero (a ring folded onto itself).
        public var areaRatio: Double?
    }

    /// Makes an invalid (multi)polygon valid with GEOS's "structure" method (as PostGIS's
    /// `ST_MakeValid(g, 'method=structure')`): rings are rebuilt from their noded lines, the
    /// parts of a self-crossing ring become separate polygons, collapsed parts are dropped.
    /// Only the polygonal parts are kept; nil where nothing polygonal is left or GEOS fails.
    public static func repaired(wkb: [UInt8]) -> Repair? {
        guard let handle = GEOS_init_r() else { return nil }
        defer { GEOS_finish_r(handle) }
        guard let reader = GEOSWKBReader_create_r(handle), let writer = GEOSWKBWriter_create_r(handle) else { return nil }
        defer { GEOSWKBReader_destroy_r(handle, reader); GEOSWKBWriter_destroy_r(handle, writer) }
        guard let input = wkb.withUnsafeBufferPointer({ GEOSWKBReader_read_r(handle, reader, $0.baseAddress, $0.count) }) else { return nil }
        defer { GEOSGeom_destroy_r(handle, input) }
        guard let params = GEOSMakeValidParams_create_r(handle) else { return nil }
        defer { GEOSMakeValidParams_destroy_r(handle, params) }
        _ = GEOSMakeValidParams_setMethod_r(handle, params, GEOS_MAKE_VALID_STRUCTURE)
        _ = GEOSMakeValidParams_setKeepCollapsed_r(handle, params, 0)
        guard let valid = GEOSMakeValidWithParams_r(handle, input, params) else { return nil }
        defer { GEOSGeom_destroy_r(handle, valid) }

        let polygons = polygonalParts(valid, handle: handle, writer: writer)
        guard !polygons.isEmpty else { return nil }
        var before = 0.0, after = 0.0
        _ = GEOSArea_r(handle, input, &before)
        _ = GEOSArea_r(handle, valid, &after)
        return Repair(geometry: MultiPolygon(polygons), areaRatio: before > 0 ? after / before : nil)
    }
}

extension GeometryValidity {
    /// The polygons of a GEOS result, which may mix polygons with lines and points (a geometry
    /// collection from make-valid, an intersection along a shared edge).
    static func polygonalParts(_ g: OpaquePointer, handle: GEOSContextHandle_t, writer: OpaquePointer?) -> [Polygon] {
        var polygons: [Polygon] = []
        func collect(_ g: OpaquePointer) {
            let type = GEOSGeomTypeId_r(handle, g)
            if type == Int32(GEOS_POLYGON.rawValue) || type == Int32(GEOS_MULTIPOLYGON.rawValue) {
                var size = 0
                guard let bytes = GEOSWKBWriter_write_r(handle, writer, g, &size) else { return }
                defer { GEOSFree_r(handle, bytes) }
                if let mp = try? WKB.decode(Array(UnsafeBufferPointer(start: bytes, count: size))) { polygons += mp.polygons }
            } else if type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
                for i in 0..<max(0, GEOSGetNumGeometries_r(handle, g)) {
                    if let part = GEOSGetGeometryN_r(handle, g, i) { collect(part) }
                }
            }
        }
        collect(g)
        return polygons
    }
}
