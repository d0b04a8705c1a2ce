import Foundation
import QuartierCore
import QuartierGeo
import QuartierStore

/// The demo town "Weserbrück": built deterministically by code, like Nienburg/Weser about 31,500
/// inhabitants in 16 Sozialräume (grouped into 5 Stadtteile), years 2015–2025. Its spatial
/// pattern is realistic on purpose: a poorer inner city around the station, a new estate that
/// grows fast from 2017, an ageing village in the south-west.
public enum DemoTown {
    public static let municipality = Municipality(ags: "03256999", name: "Weserbrück (Demostadt)")
    public static let years = Array(2015...2025)

    public static let levels = [
        AreaLevel(key: "gesamtstadt", name: "Gesamtstadt", parentKey: nil, rank: 0),
        AreaLevel(key: "stadtteil", name: "Stadtteil", parentKey: "gesamtstadt", rank: 1),
        AreaLevel(key: "sozialraum", name: "Sozialraum", parentKey: "stadtteil", rank: 2),
    ]

    /// A Sozialraum's character, driving its numbers.
    struct Profile {
        var code: String
        var name: String
        var stadtteil: String
        var row: Int, col: Int
        var population2015: Double
        var growth: Double          // yearly
        var youth: Double           // multiplies child shares
        var age: Double             // multiplies 65+ shares
        var ageingTrend: Double     // yearly change of `age`
        var poverty: Double         // SGB II rate for under 65
        var povertyTrend: Double    // yearly change (absolute)
        var foreign: Double
        var kitaPlaces: Int
        var kitaOpensIn: Int?       // year a new Kita adds places
    }

    static let stadtteile: [(code: String, name: String)] = [
        ("ST1", "Nord"), ("ST2", "Innenstadt"), ("ST3", "West"), ("ST4", "Ost"), ("ST5", "Süd"),
    ]

    static let profiles: [Profile] = [
        Profile(code: "SR01", name: "Nordertor", stadtteil: "ST1", row: 0, col: 0, population2015: 1650, growth: 0.002, youth: 1.0, age: 1.1, ageingTrend: 0.005, poverty: 0.06, povertyTrend: -0.001, foreign: 0.07, kitaPlaces: 75, kitaOpensIn: nil),
        Profile(code: "SR02", name: "Holtorfer Feld", stadtteil: "ST1", row: 0, col: 1, population2015: 2100, growth: 0.004, youth: 1.15, age: 0.9, ageingTrend: 0.004, poverty: 0.045, povertyTrend: -0.001, foreign: 0.05, kitaPlaces: 110, kitaOpensIn: nil),
        Profile(code: "SR03", name: "Langendamm", stadtteil: "ST1", row: 0, col: 2, population2015: 1900, growth: 0.0, youth: 0.95, age: 1.2, ageingTrend: 0.008, poverty: 0.05, povertyTrend: 0.0, foreign: 0.04, kitaPlaces: 60, kitaOpensIn: nil),
        Profile(code: "SR04", name: "Schäferhof", stadtteil: "ST1", row: 0, col: 3, population2015: 1400, growth: -0.002, youth: 0.9, age: 1.25, ageingTrend: 0.01, poverty: 0.04, povertyTrend: 0.0, foreign: 0.035, kitaPlaces: 0, kitaOpensIn: nil),
        Profile(code: "SR05", name: "Leintor", stadtteil: "ST3", row: 1, col: 0, population2015: 2300, growth: 0.003, youth: 1.05, age: 1.0, ageingTrend: 0.004, poverty: 0.09, povertyTrend: 0.001, foreign: 0.10, kitaPlaces: 95, kitaOpensIn: nil),
        Profile(code: "SR06", name: "Altstadt", stadtteil: "ST2", row: 1, col: 1, population2015: 2700, growth: 0.004, youth: 1.1, age: 0.85, ageingTrend: 0.0, poverty: 0.2, povertyTrend: 0.0015, foreign: 0.21, kitaPlaces: 120, kitaOpensIn: nil),
        Profile(code: "SR07", name: "Weserwall", stadtteil: "ST2", row: 1, col: 2, population2015: 2250, growth: 0.002, youth: 0.9, age: 1.05, ageingTrend: 0.003, poverty: 0.11, povertyTrend: 0.001, foreign: 0.12, kitaPlaces: 70, kitaOpensIn: nil),
        Profile(code: "SR08", name: "Mühlentorsfeld", stadtteil: "ST4", row: 1, col: 3, population2015: 2050, growth: 0.001, youth: 1.0, age: 1.05, ageingTrend: 0.005, poverty: 0.07, povertyTrend: 0.0, foreign: 0.08, kitaPlaces: 85, kitaOpensIn: nil),
        Profile(code: "SR09", name: "Lehmwandlung", stadtteil: "ST3", row: 2, col: 0, population2015: 2150, growth: 0.002, youth: 1.2, age: 0.9, ageingTrend: 0.003, poverty: 0.16, povertyTrend: 0.002, foreign: 0.15, kitaPlaces: 90, kitaOpensIn: nil),
        Profile(code: "SR10", name: "Bahnhofsviertel", stadtteil: "ST2", row: 2, col: 1, population2015: 2400, growth: 0.005, youth: 1.15, age: 0.8, ageingTrend: 0.0, poverty: 0.23, povertyTrend: 0.002, foreign: 0.24, kitaPlaces: 60, kitaOpensIn: 2021),
        Profile(code: "SR11", name: "Kattriede", stadtteil: "ST2", row: 2, col: 2, population2015: 2000, growth: 0.001, youth: 1.0, age: 1.0, ageingTrend: 0.004, poverty: 0.12, povertyTrend: -0.002, foreign: 0.11, kitaPlaces: 75, kitaOpensIn: nil),
        Profile(code: "SR12", name: "Hohe Feld", stadtteil: "ST4", row: 2, col: 3, population2015: 1800, growth: 0.002, youth: 1.05, age: 1.0, ageingTrend: 0.004, poverty: 0.06, povertyTrend: -0.001, foreign: 0.06, kitaPlaces: 70, kitaOpensIn: nil),
        Profile(code: "SR13", name: "Erichshagen", stadtteil: "ST5", row: 3, col: 0, population2015: 1900, growth: -0.006, youth: 0.75, age: 1.35, ageingTrend: 0.025, poverty: 0.03, povertyTrend: 0.0, foreign: 0.025, kitaPlaces: 45, kitaOpensIn: nil),
        Profile(code: "SR14", name: "Alpheide", stadtteil: "ST5", row: 3, col: 1, population2015: 1800, growth: 0.0, youth: 0.95, age: 1.1, ageingTrend: 0.006, poverty: 0.07, povertyTrend: 0.0, foreign: 0.06, kitaPlaces: 65, kitaOpensIn: nil),
        Profile(code: "SR15", name: "Neue Heide", stadtteil: "ST5", row: 3, col: 2, population2015: 520, growth: 0.16, youth: 1.6, age: 0.45, ageingTrend: -0.01, poverty: 0.035, povertyTrend: -0.001, foreign: 0.05, kitaPlaces: 0, kitaOpensIn: 2019),
        Profile(code: "SR16", name: "Meerbach", stadtteil: "ST4", row: 3, col: 3, population2015: 1350, growth: -0.001, youth: 0.9, age: 1.15, ageingTrend: 0.007, poverty: 0.05, povertyTrend: 0.0, foreign: 0.04, kitaPlaces: 40, kitaOpensIn: nil),
    ]

    /// The whole demo atlas as one import batch.
    public static func batch() -> ImportBatch {
        let geometry = DemoGeometry()
        var areas: [Area] = []
        let townCode = "03256999"
        areas.append(Area(code: townCode, name: "Weserbrück", levelKey: "gesamtstadt",
                          geometryWKB: WKB.encode(geometry.union(of: profiles.map { ($0.row, $0.col) }))))
        for st in stadtteile {
            let cells = profiles.filter { $0.stadtteil == st.code }.map { ($0.row, $0.col) }
            areas.append(Area(code: st.code, name: st.name, levelKey: "stadtteil", parentCode: townCode,
                              geometryWKB: WKB.encode(geometry.union(of: cells))))
        }
        var facilities: [Facility] = []
        for p in profiles {
            let shape = geometry.union(of: [(p.row, p.col)])
            areas.append(Area(code: p.code, name: p.name, levelKey: "sozialraum", parentCode: p.stadtteil, geometryWKB: WKB.encode(shape)))
            facilities += Self.facilities(for: p, shape: shape)
        }
        let values = DemoValues.generate(profiles: profiles, years: years, townCode: townCode)
        return ImportBatch(label: "Demostadt Weserbrück", kind: "demo", municipality: municipality, levels: levels, areas: areas,
                           variables: StandardCatalog.variables, values: values, indicators: StandardCatalog.indicators, facilities: facilities,
                           measures: measures)
    }
}

extension DemoTown {
    /// The demo's measures (Maßnahmen). Their effects are planted in the demo values
    /// (`measureEffect`), so that the effect view has something to find.
    public static let measures: [Measure] = [
        Measure(key: "familienzentrum-altstadt", title: "Familienzentrum Altstadt",
                description: "Beratung, Elterncafé, Hilfe bei Anträgen und Bewerbungen für Familien in der Altstadt und am Weserwall.",
                department: "Fachbereich Jugend und Familie", areaCodes: ["SR06", "SR07"], start: "2019-08-01", budget: 185_000,
                fundingProgramme: "Landesprogramm Familienzentren", targetGroup: "Familien mit Kindern unter 15 Jahren",
                targets: [.init(indicatorKey: "kinderarmut", direction: -1), .init(indicatorKey: "alleinerziehende", direction: -1)]),
        Measure(key: "quartiersmanagement-leintor", title: "Quartiersmanagement Leintor",
                description: "Quartiersbüro mit Beschäftigungslotsen und Kooperation mit dem Jobcenter.",
                department: "Fachbereich Stadtentwicklung", areaCodes: ["SR05"], start: "2021-03-01", end: "2025-12-31", budget: 240_000,
                fundingProgramme: "Sozialer Zusammenhalt (Städtebauförderung)", targetGroup: "Arbeitslose Erwachsene",
                targets: [.init(indicatorKey: "arbeitslosenanteil", direction: -1)]),
        Measure(key: "sprachkita-neue-heide", title: "Sprach-Kita Neue Heide",
                description: "Zusätzliche Fachkraft für sprachliche Bildung in der neuen Kita.",
                department: "Fachbereich Jugend und Familie", areaCodes: ["SR15"], start: "2020-01-01", budget: 45_000,
                fundingProgramme: "Bundesprogramm Sprach-Kitas", targetGroup: "Kinder von 1 bis 6 Jahren",
                targets: [.init(indicatorKey: "kinderarmut", direction: -1)]),
    ]

    /// The relative reduction a measure brought to an indicator's rate in an area and year.
    static func measureEffect(_ code: String, _ indicator: String, _ year: Int) -> Double {
        switch (indicator, code) {
        case ("kinderarmut", "SR06"), ("kinderarmut", "SR07"): year >= 2020 ? min(0.3, 0.1 * Double(year - 2019)) : 0
        case ("arbeitslosenanteil", "SR05"): year >= 2022 ? min(0.15, 0.05 * Double(year - 2021)) : 0
        default: 0
        }
    }

    static let schools: [String: String] = [
        "SR02": "Grundschule Holtorfer Feld", "SR05": "Grundschule Leintor", "SR06": "Grundschule Altstadt", "SR10": "Grundschule am Bahnhof",
        "SR12": "Grundschule Hohe Feld", "SR13": "Grundschule Erichshagen", "SR14": "Grundschule Alpheide", "SR07": "Oberschule am Weserwall",
        "SR08": "Gymnasium Mühlentorsfeld",
    ]
    static let youthCentres: [String: String] = ["SR06": "Jugendhaus Altstadt", "SR10": "Jugendtreff am Bahnhof", "SR09": "Jugendzentrum Lehmwandlung"]

    /// The demo's facilities in one Sozialraum: its Kitas (places as in `kita_plaetze` for the
    /// latest year), school, youth centre and playground, placed inside the area.
    static func facilities(for p: Profile, shape: MultiPolygon) -> [Facility] {
        guard let centre = shape.labelPoint else { return [] }
        let k = 1 / 111_000.0, kx = k / cos(centre.y * .pi / 180)
        func place(_ dx: Double, _ dy: Double) -> Point {
            let q = Point(centre.x + dx * kx, centre.y + dy * k)
            return shape.contains(q) ? q : centre
        }
        var out: [Facility] = []
        func add(_ key: String, _ cat: Facility.Category, _ name: String, _ cap: Int?, _ dx: Double, _ dy: Double) {
            let q = place(dx, dy)
            out.append(Facility(key: key, category: cat, name: name, capacity: cap, longitude: q.x, latitude: q.y, areaCode: p.code))
        }
        if p.kitaPlaces > 0 { add("kita-\(p.code.lowercased())-1", .kita, "Kita \(p.name)", p.kitaPlaces, 160, 130) }
        if let year = p.kitaOpensIn {
            add("kita-\(p.code.lowercased())-2", .kita, "Kita \(p.name) (seit \(year))", p.code == "SR15" ? 100 : 50, -140, 220)
        }
        if let school = schools[p.code] { add("schule-\(p.code.lowercased())", .schule, school, nil, -190, -110) }
        if let youth = youthCentres[p.code] { add("jugend-\(p.code.lowercased())", .jugend, youth, nil, 210, -170) }
        if p.code != "SR04" { add("spielplatz-\(p.code.lowercased())", .spielplatz, "Spielplatz \(p.name)", nil, -90, 190) }
        return out
    }
}

/// A small deterministic random generator (SplitMix64); also used by property tests.
public struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Roughly normal (sum of uniforms), mean 0, sd 1.
    mutating func normal() -> Double { (0..<12).reduce(0.0) { acc, _ in acc + unit() } - 6 }
    /// A seed for a stream that depends on several integers (a grid vertex, an edge): each value
    /// is mixed into the state of a fixed generator.
    static func seed(_ values: Int...) -> UInt64 {
        var g = SplitMix64(seed: 0x5EED)
        for v in values { g.state ^= UInt64(bitPattern: Int64(v)); _ = g.next() }
        return g.next()
    }
}

extension DemoTown {
    /// Loads the demo town and releases all of it, so that the public atlas shows the demo.
    @discardableResult
    public static func install(into store: any AtlasStore) async throws -> ImportReceipt {
        let receipt = try await store.apply(batch(), progress: nil)
        try await store.releaseAll(by: "Demo")
        return receipt
    }
}
