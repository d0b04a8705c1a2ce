import Foundation

/// Checks an area layer the way a GIS colleague would, and says what is wrong in plain words:
/// duplicate codes, rings with the wrong orientation, invalid geometries (GEOS: rings that cross
/// themselves or each other, holes outside their shell), overlaps between
/// areas (which pairs, how large), gaps enclosed by areas, and areas outside their parent.
///
/// Overlaps, gaps and parts outside the parent are computed exactly by GEOS on the layer in an
/// equal-area projection (ETRS89-LAEA, EPSG:3035, by PROJ): an overlap is the intersection of two
/// areas, a gap a hole in the union of all areas, each with its area in m², the areas involved
/// and a point inside it. Pieces under `sliverArea` square metres are reported as slivers
/// (a note, not an error): the rounding of coordinates at shared boundaries leaves such.
public struct LayerValidator: Sendable {
    public struct Shape: Sendable {
        public var code: String
        public var name: String
        public var parentCode: String?
        /// In the validator's `frame` (WGS84 longitude/latitude unless told otherwise).
        public var geometry: MultiPolygon
        public init(code: String, name: String, parentCode: String? = nil, geometry: MultiPolygon) {
            self.code = code
            self.name = name
            self.parentCode = parentCode
            self.geometry = geometry
        }
    }

    public struct Finding: Sendable, Hashable {
        public enum Kind: String, Sendable { case duplicateCode, orientation, invalidGeometry, overlap, gap, outsideParent, sliver }

        /// Whether the finding is an error of the layer (slivers and turned rings are notes).
        public var isError: Bool { kind != .orientation && kind != .sliver }
        public var kind: Kind
        public var codes: [String]
        /// Square metres, for overlaps, gaps and parts outside the parent.
        public var squareMetres: Double?
        public var message: String
    }

    /// Overlaps and gaps smaller than this (m²) are slivers.
    public var sliverArea: Double
    /// The system the shapes' coordinates are in: the layer's own (a file being checked, where
    /// its neighbours' shared vertices are exact), or WGS84 for a stored level.
    public var frame: CoordinateSystem

    public init(sliverArea: Double = 1, frame: CoordinateSystem = .wgs84) {
        self.sliverArea = sliverArea
        self.frame = frame
    }

    public func validate(_ shapes: [Shape], parents: [Shape] = []) -> [Finding] {
        var out: [Finding] = []
        var seen: [String: String] = [:]
        for s in shapes {
            if let other = seen[s.code] {
                out.append(Finding(kind: .duplicateCode, codes: [s.code], squareMetres: nil,
                                   message: "Der Code \(s.code) kommt mehrfach vor („\(other)“ und „\(s.name)“)."))
            }
            seen[s.code] = s.name
        }
        var turned: [String] = []
        var invalid = Set<Int>()
        for (index, s) in shapes.enumerated() {
            for p in s.geometry.polygons {
                for (ri, r) in p.rings.enumerated() {
                    let area = MultiPolygon.ringArea(r)
                    if ((ri == 0 && area < 0) || (ri > 0 && area > 0)) && turned.last != s.code { turned.append(s.code) }
                }
            }
            if let problem = GeometryValidity.problem(wkb: WKB.encode(s.geometry)) {
                invalid.insert(index)
                out.append(Finding(kind: .invalidGeometry, codes: [s.code], squareMetres: nil, message: "\(s.name) (\(s.code)): \(problem.description)."))
            }
        }
        if !turned.isEmpty {
            out.append(Finding(kind: .orientation, codes: turned, squareMetres: nil,
                               message: "\(turned.count) Gebiete haben Ringe in Gegenrichtung zu RFC 7946 (Außenring im Uhrzeigersinn, wie in Shapefiles üblich): \(turned.prefix(10).joined(separator: ", "))\(turned.count > 10 ? " …" : ""). Quartier dreht sie beim Speichern; kein Fehler."))
        }
        out += Self.topology(shapes, parents: parents, sliver: sliverArea, frame: frame, invalid: invalid)
        return out
    }

    static func area(_ m2: Double) -> String {
        if m2 < 1 { return smallArea(m2) }
        if m2 >= 10_000 { return String(format: "%.1f ha", m2 / 10_000).replacingOccurrences(of: ".", with: ",") }
        return "\(Int(m2.rounded())) m²"
    }
}
