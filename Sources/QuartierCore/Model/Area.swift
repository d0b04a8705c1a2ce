/// A small area (Sozialraum, Stadtteil, …) of one level, with its boundary.
///
/// Geometry is kept as well-known binary (WKB) of a MultiPolygon in WGS84 longitude/latitude
/// (EPSG:4326), the form GeoJSON and GeoPackage use; `QuartierGeo` decodes it.
public struct Area: Sendable, Hashable, Codable {
    public var id: Int64?
    public var code: String
    public var name: String
    public var levelKey: String
    public var parentCode: String?
    public var geometryWKB: [UInt8]?
    /// ISO dates (YYYY-MM-DD); nil means open-ended.
    public var validFrom: String?
    public var validTo: String?

    public init(id: Int64? = nil, code: String, name: String, levelKey: String, parentCode: String? = nil,
                geometryWKB: [UInt8]? = nil, validFrom: String? = nil, validTo: String? = nil) {
        self.id = id
        self.code = code
        self.name = name
        self.levelKey = levelKey
        self.parentCode = parentCode
        self.geometryWKB = geometryWKB
        self.validFrom = validFrom
        self.validTo = validTo
    }
}
