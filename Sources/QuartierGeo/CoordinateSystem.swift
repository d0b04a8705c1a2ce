/// The coordinate reference systems Quartier reads. ETRS89 and WGS84 are treated as identical
/// (they differ by well under a metre, far below what a small-area map shows).
public enum CoordinateSystem: Sendable, Hashable, CustomStringConvertible {
    /// EPSG:4326 / OGC CRS84: longitude, latitude in degrees.
    case wgs84
    /// EPSG:25832 (zone 32) or EPSG:25833 (zone 33): ETRS89 / UTM.
    case utm(zone: Int)
    /// EPSG:3857, spherical web mercator.
    case webMercator
    /// EPSG:31466–31469: DHDN / 3-degree Gauß-Krüger zones 2–5 (Bessel ellipsoid). Converted to
    /// ETRS89 with the Helmert transformation EPSG:1776 (about 1–3 m; see docs/METHODS.md).
    case gaussKrueger(zone: Int)

    public var epsg: Int {
        switch self {
        case .wgs84: 4326
        case .utm(let z): 25800 + z
        case .webMercator: 3857
        case .gaussKrueger(let z): 31464 + z
        }
    }

    public var description: String { "EPSG:\(epsg)" }

    public init?(epsg: Int) {
        switch epsg {
        case 4326, 4258: self = .wgs84
        case 25832: self = .utm(zone: 32)
        case 25833: self = .utm(zone: 33)
        case 3857, 900913: self = .webMercator
        case 31466...31469: self = .gaussKrueger(zone: epsg - 31464)
        default: return nil
        }
    }

    /// Parses "EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "http://www.opengis.net/def/crs/EPSG/0/25832",
    /// "urn:ogc:def:crs:OGC:1.3:CRS84" and a bare "25832".
    public init?(identifier: String) {
        let s = identifier.trimmingWhitespace
        if s.hasSuffix("CRS84") { self = .wgs84; return }
        var digits = ""
        for ch in s.reversed() { if ch.isASCII && ch.isNumber { digits.insert(ch, at: digits.startIndex) } else { break } }
        guard let code = Int(digits) else { return nil }
        self.init(epsg: code)
    }

    /// Converts a point in this system to WGS84 longitude/latitude.
    public func toWGS84(_ p: Point) -> Point {
        converterToWGS84()(p)
    }

    /// Converts WGS84/ETRS89 longitude/latitude to this system.
    public func fromWGS84(_ p: Point) -> Point {
        switch self {
        case .wgs84: p
        case .utm(let z): TransverseMercator.utm(zone: z).forward(p)
        case .webMercator: WebMercator.forward(p)
        case .gaussKrueger(let z): TransverseMercator.gaussKrueger(zone: z).forward(Datum.etrs89ToDHDN(p))
        }
    }

    /// A converter for many points (reuses the projection's coefficients).
    public func converterToWGS84() -> @Sendable (Point) -> Point {
        switch self {
        case .wgs84: return { $0 }
        case .utm(let z):
            let tm = TransverseMercator.utm(zone: z)
            return { tm.inverse($0) }
        case .webMercator:
            return { WebMercator.inverse($0) }
        case .gaussKrueger(let z):
            let tm = TransverseMercator.gaussKrueger(zone: z)
            return { Datum.dhdnToETRS89(tm.inverse($0)) }
        }
    }

    public static let supportedList = "EPSG:4326, EPSG:25832, EPSG:25833, EPSG:3857, EPSG:31466–31469"
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
