import QuartierCore
import QuartierGeo

/// A synthetic residents' register of the demo town, deterministic by seed: one row per person
/// with house coordinates in ETRS89/UTM 32N, in the layout `quartier aggregate` reads. It lets a
/// planner try the offline count without real person data, and it gives the tests a register
/// whose true counts are known: each person is placed inside one Sozialraum, at least a metre
/// from its boundary, so any correct point-in-polygon assignment finds the same area.
public struct SyntheticRegister: Sendable {
    /// One person as the generator placed them.
    public struct Resident: Sendable, Hashable {
        /// The Sozialraum the person lives in; nil for the few addresses without coordinates.
        public var areaCode: String?
        public var birthYear: Int
        public var sex: String
        public var foreign: Bool
        public var household: Int
    }

    public static let header = "Personen_ID;Geburtsjahr;Geschlecht;Staatsangehoerigkeit;Haushalt_ID;Rechtswert;Hochwert"
    /// The reference year the age structure is drawn for (ages are `referenceYear − birth year`).
    public static let referenceYear = 2024
    static let foreignLabels = ["türkisch", "polnisch", "syrisch", "rumänisch", "ukrainisch", "italienisch", "bulgarisch", "griechisch"]

    public var residents: [Resident] = []
    /// The extract as `quartier aggregate` reads it (UTF-8, `;`, a header line).
    public var csv: String = ""

    /// `persons` residents spread over the 16 Sozialräume by their 2015 population; `withoutCoordinates`
    /// of them (at one address) have empty coordinates, as in real extracts.
    public init(seed: UInt64 = 1, persons: Int = 31_507, withoutCoordinates: Int = 7) {
        var g = SplitMix64(seed: seed)
        let shapes = DemoFiles.sozialraumShapesUTM()
        let weights = DemoTown.profiles.map(\.population2015)
        let total = weights.reduce(0, +)
        var quota = weights.map { Int(($0 / total * Double(persons - withoutCoordinates)).rounded(.down)) }
        var k = 0
        while quota.reduce(0, +) < persons - withoutCoordinates { quota[k % quota.count] += 1; k += 1 }

        var lines = [Self.header]
        lines.reserveCapacity(persons + 1)
        var id = 0, household = 0
        func person(_ profile: DemoTown.Profile?, household: Int, at point: Point?, age hint: Int?) {
            id += 1
            let youth = profile?.youth ?? 1, old = profile?.age ?? 1
            let u = g.unit()
            let age: Int
            if let hint { age = hint } else if u < 0.17 * youth { age = Int(g.unit() * 18) } else if u < 1 - 0.21 * old {
                age = 18 + Int(g.unit() * 47)
            } else { age = 65 + Int(g.unit() * 31) }
            let s = g.unit()
            let sex = s < 0.002 ? "d" : (s < 0.5 ? "m" : "w")
            let foreign = g.unit() < (profile?.foreign ?? 0.1)
            let citizenship = foreign ? Self.foreignLabels[Int(g.unit() * Double(Self.foreignLabels.count)) % Self.foreignLabels.count] : "deutsch"
            let year = Self.referenceYear - age
            let xy = point.map { "\(Self.decimalText($0.x));\(Self.decimalText($0.y))" } ?? ";"
            lines.append("P\(1_000_000 + id);\(year);\(sex);\(citizenship);\(household);\(xy)")
            residents.append(Resident(areaCode: point == nil ? nil : profile?.code, birthYear: year, sex: sex, foreign: foreign, household: household))
        }
        for (i, profile) in DemoTown.profiles.enumerated() {
            let shape = shapes[i]
            var left = quota[i]
            while left > 0 {
                let at = Self.sample(inside: shape, using: &g)
                household += 1
                let size = min(left, 1 + Int(g.unit() * 4))
                // A household with children has adults too: the first member is an adult.
                for m in 0..<size { person(profile, household: household, at: at, age: m == 0 ? 18 + Int(g.unit() * 60) : nil) }
                left -= size
            }
        }
        household += 1
        for _ in 0..<withoutCoordinates { person(nil, household: household, at: nil, age: nil) }
        csv = lines.joined(separator: "\n") + "\n"
    }

    /// Counts of residents with coordinates by area, age group, sex and foreign citizenship.
    public func counts(ageGroups: [ClosedRange<Int>]) -> [String: Int] {
        var out: [String: Int] = [:]
        for r in residents {
            guard let code = r.areaCode else { continue }
            let age = Self.referenceYear - r.birthYear
            guard let g = ageGroups.firstIndex(where: { $0.contains(age) }) else { continue }
            out["\(code)|\(g)|\(r.sex)|\(r.foreign)", default: 0] += 1
        }
        return out
    }

    /// A point with centimetre coordinates inside `shape`, at least a metre from its boundary.
    static func sample(inside shape: MultiPolygon, using g: inout SplitMix64) -> Point {
        let bb = shape.boundingBox
        while true {
            let p = Point(centimetres(bb.minX + g.unit() * (bb.maxX - bb.minX)), centimetres(bb.minY + g.unit() * (bb.maxY - bb.minY)))
            if shape.contains(p), distanceToBoundary(p, shape) >= 1 { return p }
        }
    }

    static func centimetres(_ v: Double) -> Double { (v * 100).rounded() / 100 }

    static func distanceToBoundary(_ p: Point, _ shape: MultiPolygon) -> Double {
        var best = Double.infinity
        for polygon in shape.polygons {
            for ring in polygon.rings where ring.count > 1 {
                for k in 0..<ring.count {
                    let a = ring[k], b = ring[(k + 1) % ring.count]
                    let dx = b.x - a.x, dy = b.y - a.y
                    let len2 = dx * dx + dy * dy
                    let t = len2 == 0 ? 0 : max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
                    let ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y
                    best = min(best, (ex * ex + ey * ey).squareRoot())
                }
            }
        }
        return best
    }
}

extension SyntheticRegister {
    /// The extract's text with two decimals for coordinates, as register software writes them.
    static func decimalText(_ v: Double) -> String {
        let c = Int((v * 100).rounded())
        let frac = c % 100
        return "\(c / 100).\(frac < 10 ? "0" : "")\(frac)"
    }
}
