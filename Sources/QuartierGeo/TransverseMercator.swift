import Foundation

/// Transverse Mercator on an ellipsoid by Krüger's series to sixth order in n (Karney 2011),
/// accurate to well below a millimetre within a UTM zone.
public struct TransverseMercator: Sendable, Hashable {
    public let semiMajorAxis: Double
    public let flattening: Double
    public let centralMeridian: Double
    public let scale: Double
    public let falseEasting: Double
    public let falseNorthing: Double

    private let a: Double         // rectifying radius A
    private let e: Double         // first eccentricity
    private let alpha: [Double]
    private let beta: [Double]
    private let delta: [Double]

    public init(semiMajorAxis: Double = 6_378_137, flattening: Double = 1 / 298.257222101,
                centralMeridian: Double, scale: Double = 0.9996, falseEasting: Double = 500_000, falseNorthing: Double = 0) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
        self.centralMeridian = centralMeridian
        self.scale = scale
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        let n = flattening / (2 - flattening)
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n
        a = semiMajorAxis / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256)
        e = 2 * n.squareRoot() / (1 + n)
        alpha = [
            n / 2 - 2 * n2 / 3 + 5 * n3 / 16 + 41 * n4 / 180 - 127 * n5 / 288 + 7891 * n6 / 37800,
            13 * n2 / 48 - 3 * n3 / 5 + 557 * n4 / 1440 + 281 * n5 / 630 - 1983433 * n6 / 1935360,
            61 * n3 / 240 - 103 * n4 / 140 + 15061 * n5 / 26880 + 167603 * n6 / 181440,
            49561 * n4 / 161280 - 179 * n5 / 168 + 6601661 * n6 / 7257600,
            34729 * n5 / 80640 - 3418889 * n6 / 1995840,
            212378941 * n6 / 319334400,
        ]
        beta = [
            n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800,
            n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720,
            17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720,
            4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600,
            4583 * n5 / 161280 - 108847 * n6 / 3991680,
            20648693 * n6 / 638668800,
        ]
        delta = [
            2 * n - 2 * n2 / 3 - 2 * n3 + 116 * n4 / 45 + 26 * n5 / 45 - 2854 * n6 / 675,
            7 * n2 / 3 - 8 * n3 / 5 - 227 * n4 / 45 + 2704 * n5 / 315 + 2323 * n6 / 945,
            56 * n3 / 15 - 136 * n4 / 35 - 1262 * n5 / 105 + 73814 * n6 / 2835,
            4279 * n4 / 630 - 332 * n5 / 35 - 399572 * n6 / 14175,
            4174 * n5 / 315 - 144838 * n6 / 6237,
            601676 * n6 / 22275,
        ]
    }

    /// UTM zone `zone` north on GRS80 (ETRS89).
    public static func utm(zone: Int) -> TransverseMercator {
        TransverseMercator(centralMeridian: Double(zone) * 6 - 183)
    }

    /// Gauß-Krüger zone `zone` (2–5) on the Bessel ellipsoid (DHDN): central meridian 3·zone,
    /// scale 1, false easting zone · 1,000,000 + 500,000 m.
    public static func gaussKrueger(zone: Int) -> TransverseMercator {
        TransverseMercator(semiMajorAxis: Datum.Ellipsoid.bessel1841.a, flattening: Datum.Ellipsoid.bessel1841.f,
                           centralMeridian: Double(3 * zone), scale: 1, falseEasting: Double(zone) * 1_000_000 + 500_000)
    }

    /// Longitude/latitude in degrees → easting/northing in metres.
    public func forward(_ lonLat: Point) -> Point {
        let phi = lonLat.y * .pi / 180
        let lam = (lonLat.x - centralMeridian) * .pi / 180
        let s = sin(phi)
        let t = sinh(atanh(s) - e * atanh(e * s))
        let xiP = atan2(t, cos(lam))
        let etaP = atanh(sin(lam) / (1 + t * t).squareRoot())
        var xi = xiP, eta = etaP
        for j in 1...6 {
            let k = 2 * Double(j)
            xi += alpha[j - 1] * sin(k * xiP) * cosh(k * etaP)
            eta += alpha[j - 1] * cos(k * xiP) * sinh(k * etaP)
        }
        return Point(falseEasting + scale * a * eta, falseNorthing + scale * a * xi)
    }

    /// Easting/northing in metres → longitude/latitude in degrees.
    public func inverse(_ en: Point) -> Point {
        let xi = (en.y - falseNorthing) / (scale * a)
        let eta = (en.x - falseEasting) / (scale * a)
        var xiP = xi, etaP = eta
        for j in 1...6 {
            let k = 2 * Double(j)
            xiP -= beta[j - 1] * sin(k * xi) * cosh(k * eta)
            etaP -= beta[j - 1] * cos(k * xi) * sinh(k * eta)
        }
        let chi = asin(sin(xiP) / cosh(etaP))
        var phi = chi
        for j in 1...6 { phi += delta[j - 1] * sin(2 * Double(j) * chi) }
        let lam = atan2(sinh(etaP), cos(xiP))
        return Point(centralMeridian + lam * 180 / .pi, phi * 180 / .pi)
    }
}
