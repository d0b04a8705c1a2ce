import Foundation
import QuartierCore

/// Generates the demo town's counts per Sozialraum and year, plus the town totals.
/// Labour-market counts of 1 or 2 are suppressed as the BA does (`*`), with a second cell
/// suppressed where one alone could be recomputed from the town total.
enum DemoValues {
    /// Base age structure (shares) for 0–2, 3–5, 6–9, 10–14, 15–17, 18–24, 25–64, 65–79, 80+.
    static let baseAges: [Double] = [0.028, 0.028, 0.036, 0.045, 0.028, 0.075, 0.53, 0.155, 0.075]
    static let ageKeys = ["ew_0_2", "ew_3_5", "ew_6_9", "ew_10_14", "ew_15_17", "ew_18_24", "ew_25_64", "ew_65_79", "ew_80_plus"]
    static let baSuppressed: Set<String> = ["sgb2_u15", "alo_u25", "alo_langzeit", "grusi_65", "sgb2_bg", "sgb2_personen", "alo_gesamt"]

    static func generate(profiles: [DemoTown.Profile], years: [Int], townCode: String) -> ValueBatch {
        // The catalog's variables the demo generates (household totals and residence durations
        // come only from `quartier aggregate`).
        let generated = areaCounts(profiles[0], year: years[0])
        let keys = StandardCatalog.variables.map(\.key).filter { generated[$0] != nil }
        let keyIndex = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, Int32($0)) })
        var batch = ValueBatch(areaCodes: profiles.map(\.code) + [townCode], variableKeys: keys,
                               periods: years.map { Period(year: $0).date })
        let townIndex = Int32(profiles.count)
        for (yi, year) in years.enumerated() {
            var counts: [[String: Int]] = []
            for p in profiles { counts.append(areaCounts(p, year: year)) }
            var status: [[String: UInt8]] = Array(repeating: [:], count: profiles.count)
            // Primary suppression: BA counts of 1 or 2.
            for key in baSuppressed {
                var suppressed: [Int] = []
                for (ai, c) in counts.enumerated() where (1...2).contains(c[key]!) {
                    status[ai][key] = 1
                    suppressed.append(ai)
                }
                // Secondary suppression: a lone suppressed cell could be recomputed from the total.
                if suppressed.count == 1 {
                    let other = counts.indices.filter { $0 != suppressed[0] }.min { counts[$0][key]! < counts[$1][key]! }!
                    status[other][key] = 1
                }
            }
            for (ai, c) in counts.enumerated() {
                for key in keys {
                    let st = status[ai][key] ?? 0
                    batch.entries.append(.init(area: Int32(ai), variable: keyIndex[key]!, period: Int32(yi), status: st,
                                               symbol: st == 1 ? 3 : 0, value: st == 1 ? 0 : Double(c[key]!)))
                }
            }
            for key in keys {
                let total = counts.reduce(0) { $0 + $1[key]! }
                batch.entries.append(.init(area: townIndex, variable: keyIndex[key]!, period: Int32(yi), value: Double(total)))
            }
        }
        return batch
    }

    static func areaCounts(_ p: DemoTown.Profile, year: Int) -> [String: Int] {
        var rng = SplitMix64(seed: SplitMix64.seed(year, Int(p.population2015), p.row, p.col))
        let t = Double(year - 2015)
        // The new estate grows in phases; others follow a steady trend.
        var population = p.population2015 * pow(1 + p.growth, t)
        if p.code == "SR15" { population = p.population2015 + 1900 * min(1, max(0, (t - 1) / 7)) }
        // 2015/16 and 2022 saw refugee arrivals, mostly in the inner city.
        let arrivals = (year >= 2016 ? 0.01 : 0) + (year >= 2022 ? 0.012 : 0)
        population *= 1 + arrivals * p.foreign * 4
        population *= 0.957 * (1 + rng.normal() * 0.004)   // the town has about 31,500 inhabitants

        let ageFactor = max(0.3, p.age + p.ageingTrend * t)
        var shares = baseAges
        for i in 0..<5 { shares[i] *= p.youth }
        shares[5] *= p.code == "SR06" || p.code == "SR10" ? 1.3 : 1
        shares[7] *= ageFactor
        shares[8] *= ageFactor * (1 + 0.01 * t)
        let rest = shares.enumerated().filter { $0.offset != 6 }.reduce(0) { $0 + $1.element }
        shares[6] = max(0.3, 1 - rest)
        let norm = shares.reduce(0, +)
        var c: [String: Int] = [:]
        var total = 0
        for (i, key) in ageKeys.enumerated() {
            let n = max(0, Int((population * shares[i] / norm * (1 + rng.normal() * 0.03)).rounded()))
            c[key] = n
            total += n
        }
        c["ew_gesamt"] = total
        let u15 = c["ew_0_2"]! + c["ew_3_5"]! + c["ew_6_9"]! + c["ew_10_14"]!
        let u18 = u15 + c["ew_15_17"]!
        let a15to64 = c["ew_15_17"]! + c["ew_18_24"]! + c["ew_25_64"]!
        let a15to24 = c["ew_15_17"]! + c["ew_18_24"]!
        let a65 = c["ew_65_79"]! + c["ew_80_plus"]!
        let u65 = total - a65

        func count(_ base: Int, _ rate: Double, noise: Double = 0.06) -> Int {
            max(0, min(base, Int((Double(base) * max(0, rate) * (1 + rng.normal() * noise)).rounded())))
        }
        // Women per age group (fewer girls are born than boys; women outlive men).
        let femaleShare: [Double] = [0.487, 0.487, 0.487, 0.487, 0.485, 0.47, 0.495, 0.53, 0.635]
        var women = 0
        for (i, key) in ageKeys.enumerated() {
            let n = count(c[key]!, femaleShare[i], noise: 0.02)
            c[key + "_w"] = n
            women += n
        }
        c["ew_weiblich"] = women
        let foreign = p.foreign * (1 + 0.03 * t) + arrivals * p.foreign * 3
        c["ew_auslaendisch"] = count(total, foreign, noise: 0.04)

        // SGB II: a slow decline to 2019, a rise in 2020 (pandemic) and after 2022 (arrivals).
        let cycle = (year >= 2020 ? 0.006 : 0) + (year >= 2022 ? 0.012 * p.foreign / 0.1 : 0) - 0.002 * min(t, 4)
        let s = max(0.008, p.poverty + p.povertyTrend * t + cycle * (p.poverty / 0.1))
        c["sgb2_personen"] = count(u65, s)
        c["sgb2_u15"] = count(u15, min(0.6, s * 1.5) * (1 - DemoTown.measureEffect(p.code, "kinderarmut", year)))
        c["sgb2_bg"] = max(0, Int((Double(c["sgb2_personen"]!) / (1.75 + 0.3 * p.youth)).rounded()))
        let u = (0.012 + 0.42 * s) * (1 - DemoTown.measureEffect(p.code, "arbeitslosenanteil", year))
        c["alo_gesamt"] = count(a15to64, u)
        c["alo_u25"] = count(a15to24, u * 0.9)
        c["alo_langzeit"] = min(c["alo_gesamt"]!, count(a15to64, u * 0.36))
        c["svb_wohnort"] = count(a15to64, 0.60 + 0.007 * t - 0.9 * s, noise: 0.015)
        c["grusi_65"] = count(a65, 0.015 + 0.35 * s)
        let households = Double(u18) / 1.75
        c["hh_mit_kindern"] = max(0, Int(households.rounded()))
        c["hh_alleinerziehend"] = count(c["hh_mit_kindern"]!, 0.13 + 0.75 * s)
        var places = p.kitaPlaces
        if let opens = p.kitaOpensIn, year >= opens { places += p.code == "SR15" ? 100 : 50 }
        c["kita_plaetze"] = places
        c["kita_betreut_3_5"] = count(c["ew_3_5"]!, min(0.98, 0.95 - 0.45 * s + 0.004 * t), noise: 0.02)
        return c
    }
}
