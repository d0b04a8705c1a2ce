import QuartierCore
import QuartierGeo

/// Writes areas as an RFC 7946 FeatureCollection (WGS84, exterior rings counter-clockwise,
/// 6 decimal places ≈ 0.1 m).
public enum GeoJSONWriter {
    /// Areas as features; `values` adds numeric properties per area (nil is written as null).
    public static func featureCollection(_ areas: [Area], levelNames: [String: String] = [:],
                                         values: (Area) -> [(String, Double?)] = { _ in [] }) -> String {
        var j = JSONOutput()
        j.beginObject()
        j.field("type", "FeatureCollection")
        j.beginArray("features")
        for a in areas {
            j.beginObject()
            j.field("type", "Feature")
            j.field("id", a.code)
            j.beginObject("properties")
            j.field("code", a.code)
            j.field("name", a.name)
            j.field("level", a.levelKey)
            if let n = levelNames[a.levelKey] { j.field("level_name", n) }
            j.field("parent", a.parentCode)
            j.field("valid_from", a.validFrom)
            j.field("valid_to", a.validTo)
            for (k, v) in values(a) { j.field(k, v, decimals: 4) }
            j.endObject()
            if let wkb = a.geometryWKB, let mp = try? WKB.decode(wkb) {
                j.rawField("geometry", geometry(mp))
            } else {
                j.rawField("geometry", "null")
            }
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return j.text
    }

    /// A facility as a GeoJSON point feature.
    public static func facility(_ f: Facility) -> String {
        var j = JSONOutput()
        j.beginObject()
        j.field("type", "Feature")
        j.field("id", f.key)
        j.beginObject("properties")
        j.field("category", f.category.rawValue)
        j.field("name", f.name)
        j.field("capacity", f.capacity.map(Double.init))
        j.field("area", f.areaCode)
        j.endObject()
        j.rawField("geometry", "{\"type\":\"Point\",\"coordinates\":[\(JSONOutput.number(f.longitude, decimals: 6)),\(JSONOutput.number(f.latitude, decimals: 6))]}")
        j.endObject()
        return j.text
    }

    /// A MultiPolygon geometry object with exterior rings made counter-clockwise and holes clockwise.
    public static func geometry(_ mp: MultiPolygon) -> String {
        var s = "{\"type\":\"MultiPolygon\",\"coordinates\":["
        for (pi, p) in mp.polygons.enumerated() {
            if pi > 0 { s += "," }
            s += "["
            for (ri, ring) in p.rings.enumerated() {
                if ri > 0 { s += "," }
                var r = ring
                if r.first != r.last, let f = r.first { r.append(f) }
                let ccw = signedArea(r) > 0
                if (ri == 0) != ccw { r.reverse() }
                s += "["
                for (k, pt) in r.enumerated() {
                    if k > 0 { s += "," }
                    s += "[" + JSONOutput.number(pt.x, decimals: 6) + "," + JSONOutput.number(pt.y, decimals: 6) + "]"
                }
                s += "]"
            }
            s += "]"
        }
        return s + "]}"
    }

    static func signedArea(_ r: Ring) -> Double {
        var a = 0.0
        for i in 0..<max(0, r.count - 1) { a += r[i].x * r[i + 1].y - r[i + 1].x * r[i].y }
        return a / 2
    }
}

extension Area {
    /// The decoded outline, if the area has one.
    public var multiPolygon: MultiPolygon? { geometryWKB.flatMap { try? WKB.decode($0) } }
}
