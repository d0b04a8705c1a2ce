/// The coordinate reference systems Quartier reads. ETRS89 and WGS84 are treated as identical
/// (they differ by well under a metre, far below what a small-area map shows).
///
/// A value type around the EPSG code (a plain struct: an enum with several payload cases
/// miscompiled in Swift 6.3 debug builds inside typed-throwing functions).
public struct CoordinateSystem: Sendable, Hashable, CustomStringConvertible {
    public let epsg: Int

    private init(code: Int) { self.epsg = code }

    /// EPSG:4326 / OGC CRS84: longitude, latitude in degrees.
    public static let wgs84 = CoordinateSystem(code: 4326)
    /// EPSG:3857, spherical web mercator.
    public static let webMercator = CoordinateSystem(code: 3857)
    /// EPSG:25832 (zone 32) or EPSG:25833 (zone 33): ETRS89 / UTM.
    public static func utm(zone: Int) -> CoordinateSystem { CoordinateSystem(code: 25800 + zone) }
    /// EPSG:31466–31469: DHDN / 3-degree Gauß-Krüger zones 2–5 (Bessel ellipsoid). Converted to
    /// ETRS89 with the Helmert transformation EPSG:1776 (see docs/METHODS.md).
    public static func gaussKrueger(zone: Int) -> CoordinateSystem { CoordinateSystem(code: 31464 + zone) }

    /// The UTM zone, for EPSG:25832/25833.
    public var utmZone: Int? { epsg == 25832 || epsg == 25833 ? epsg - 25800 : nil }
    /// The Gauß-Krüger zone, for EPSG:31466–31469.
    public var gaussKruegerZone: Int? { (31466...31469).contains(epsg) ? epsg - 31464 : nil }

    public var description: String { "EPSG:\(epsg)" }

    public init?(epsg: Int) {
        switch epsg {
        case 4326, 4258: self = .wgs84
        case 25832, 25833, 3857, 31466...31469: self.init(code: epsg)
        case 900913: self = .webMercator
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
        if let z = utmZone { return TransverseMercator.utm(zone: z).forward(p) }
        if let z = gaussKruegerZone { return TransverseMercator.gaussKrueger(zone: z).forward(Datum.etrs89ToDHDN(p)) }
        if self == .webMercator { return WebMercator.forward(p) }
        return p
    }

    /// A converter for many points (reuses the projection's coefficients).
    public func converterToWGS84() -> @Sendable (Point) -> Point {
        if let z = utmZone {
            let tm = TransverseMercator.utm(zone: z)
            return { tm.inverse($0) }
        }
        if let z = gaussKruegerZone {
            let tm = TransverseMercator.gaussKrueger(zone: z)
            return { Datum.dhdnToETRS89(tm.inverse($0)) }
        }
        if self == .webMercator { return { WebMercator.inverse($0) } }
        return { $0 }
    }

    /// Whether areas read in this system and converted to WGS84 (`converted`) lie where the
    /// system is used: ETRS89/UTM and DHDN/Gauß-Krüger are European systems (EPSG area of use,
    /// widened a little). Longitudes and latitudes declared as UTM land near 0° N and fail here.
    public func isPlausible(converted bb: BoundingBox) -> Bool {
        guard utmZone != nil || gaussKruegerZone != nil else { return true }
        return bb.minX >= -20 && bb.maxX <= 45 && bb.minY >= 30 && bb.maxY <= 85
    }

    /// The refusal when `isPlausible` fails: what the file holds and which option settles it.
    public func implausibility(converted bb: BoundingBox) -> String {
        let lon = (bb.minX + bb.maxX) / 2, lat = (bb.minY + bb.maxY) / 2
        func deg(_ v: Double) -> String { String(Double(Int((v * 10).rounded())) / 10).replacingOccurrences(of: ".", with: ",") }
        return "Koordinaten in \(self): umgerechnet lägen die Gebiete bei \(deg(lon))° Länge, \(deg(lat))° Breite, außerhalb Europas; sind es Längen- und Breitengrade, dann --crs EPSG:4326, sonst das Koordinatensystem der Datei mit --crs angeben"
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
