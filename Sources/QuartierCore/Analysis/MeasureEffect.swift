import Foundation

/// Did a measure change its target indicator? A difference-in-differences comparison of the
/// measure's areas against similar areas without it, before and after the start.
///
/// - Before: the last (up to `prePeriods`) reference dates before the start.
/// - After: the reference dates at least one year after the start (effects need time).
/// - Comparison areas: the `k` areas of the same level without the measure whose values before
///   the start were closest to the measure's areas (Euclidean distance of the standardised
///   values over the before-dates; ties by code); `k = max(3, 2 × treated areas)`.
/// - Estimate: (after − before in the measure's areas) − (after − before in the comparison
///   areas). For shares with counts the group values are pooled rates (sum of numerators over
///   sum of denominators) and the 95 % interval comes from the binomial variances of the four
///   pooled rates (with each group's mean yearly denominator as n). Without counts the interval
///   comes from the spread of the areas' own changes (needs two areas on each side).
///
/// It is an indication, not proof of cause: other influences on the same areas can produce the
/// same difference.
public enum MeasureEffect {
    public struct Series: Sendable {
        /// Outcome per area code and period.
        public var areas: [String: [Period: Outcome]]
        public var town: [Period: Outcome]
        public init(areas: [String: [Period: Outcome]], town: [Period: Outcome]) {
            self.areas = areas
            self.town = town
        }
    }

    public enum Method: String, Sendable { case counts, areas, none }

    public enum Verdict: String, Sendable { case expected, opposite, unclear, unknown }

    public struct Estimate: Sendable {
        public var before: [Period]
        public var after: [Period]
        public var comparison: [(code: String, distance: Double)]
        public var treatedBefore: Double
        public var treatedAfter: Double
        public var comparisonBefore: Double
        public var comparisonAfter: Double
        public var townBefore: Double?
        public var townAfter: Double?
        public var difference: Double
        public var interval: (low: Double, high: Double)?
        public var method: Method
        /// True when the numbers are too small for a statement (see `warning`).
        public var smallNumbers: Bool
        public var warning: String?
        public var verdict: Verdict
    }

    public enum Failure: Error, Equatable, Sendable {
        case noPeriodBefore
        case noPeriodAfter
        case noTreatedValues
        case noComparisonAreas
    }

    /// The comparison areas for treated areas over the given before-dates.
    public static func comparisonAreas(series: Series, treated: [String], candidates: [String], before: [Period], k: Int? = nil) -> [(code: String, distance: Double)] {
        let treatedSet = Set(treated)
        let usable = candidates.filter { c in !treatedSet.contains(c) && before.allSatisfy { series.areas[c]?[$0]?.value != nil } }.sorted()
        let count = k ?? max(3, 2 * treated.count)
        var scored: [(code: String, distance: Double)] = []
        for c in usable {
            var sum = 0.0
            for p in before {
                let all = series.areas.values.compactMap { $0[p]?.value }
                let mean = all.reduce(0, +) / Double(max(1, all.count))
                let sd = all.count > 1 ? (all.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(all.count - 1)).squareRoot() : 0
                let t = treated.compactMap { series.areas[$0]?[p]?.value }
                guard !t.isEmpty else { continue }
                let target = t.reduce(0, +) / Double(t.count)
                let d = (series.areas[c]![p]!.value! - target) / (sd > 0 ? sd : 1)
                sum += d * d
            }
            scored.append((c, sum.squareRoot()))
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.code < $1.code }
        return Array(scored.prefix(count))
    }

    /// The before- and after-dates for a start date among the available periods.
    public static func windows(periods: [Period], start: String, prePeriods: Int = 3) -> (before: [Period], after: [Period]) {
        let sorted = periods.sorted()
        let before = Array(sorted.filter { $0.date < start }.suffix(prePeriods))
        let y = (Int(start.prefix(4)) ?? 0) + 1
        let oneYearLater = String(format: "%04d", y) + start.dropFirst(4)
        return (before, sorted.filter { $0.date >= oneYearLater })
    }

    public static func estimate(series: Series, treated: [String], candidates: [String], start: String, direction: Int,
                                prePeriods: Int = 3, minimumDenominator: Double = 50, k: Int? = nil) throws(Failure) -> Estimate {
        let periods = Set(series.areas.values.flatMap { $0.keys }).union(series.town.keys)
        let (before, after) = windows(periods: Array(periods), start: start, prePeriods: prePeriods)
        guard !before.isEmpty else { throw .noPeriodBefore }
        guard !after.isEmpty else { throw .noPeriodAfter }
        let treatedUsable = treated.filter { c in (before + after).allSatisfy { series.areas[c]?[$0]?.value != nil } }
        guard !treatedUsable.isEmpty else { throw .noTreatedValues }
        let comparison = comparisonAreas(series: series, treated: treatedUsable, candidates: candidates, before: before, k: k)
            .filter { c in after.allSatisfy { series.areas[c.code]?[$0]?.value != nil } }
        guard !comparison.isEmpty else { throw .noComparisonAreas }
        let comparisonCodes = comparison.map(\.code)

        func townMean(_ ps: [Period]) -> Double? {
            let v = ps.compactMap { series.town[$0]?.value }
            return v.count == ps.count ? v.reduce(0, +) / Double(v.count) : nil
        }

        // Counts are usable when every cell has a numerator not above its denominator.
        let cells = (treatedUsable + comparisonCodes).flatMap { c in (before + after).map { series.areas[c]![$0]! } }
        let hasCounts = cells.allSatisfy { o in
            if let n = o.numerator, let d = o.denominator, d > 0, n >= 0, n <= d { return true }
            return false
        }
        var estimate: Estimate
        if hasCounts {
            let scale = cells.first { ($0.numerator ?? 0) > 0 }.map { $0.value! / ($0.numerator! / $0.denominator!) } ?? 100
            func pooled(_ codes: [String], _ ps: [Period]) -> (rate: Double, n: Double, casesPerPeriod: Double) {
                var num = 0.0, den = 0.0
                for c in codes { for p in ps { num += series.areas[c]![p]!.numerator!; den += series.areas[c]![p]!.denominator! } }
                return (num / den, den / Double(ps.count), num / Double(ps.count))
            }
            let tb = pooled(treatedUsable, before), ta = pooled(treatedUsable, after)
            let cb = pooled(comparisonCodes, before), ca = pooled(comparisonCodes, after)
            let variance = [tb, ta, cb, ca].map { $0.rate * (1 - $0.rate) / $0.n }.reduce(0, +)
            let se = variance.squareRoot() * scale
            let did = ((ta.rate - tb.rate) - (ca.rate - cb.rate)) * scale
            estimate = Estimate(before: before, after: after, comparison: comparison, treatedBefore: tb.rate * scale, treatedAfter: ta.rate * scale,
                                comparisonBefore: cb.rate * scale, comparisonAfter: ca.rate * scale, townBefore: townMean(before), townAfter: townMean(after),
                                difference: did, interval: (did - 1.96 * se, did + 1.96 * se), method: .counts, smallNumbers: false, warning: nil, verdict: .unknown)
            if min(tb.n, ta.n) < minimumDenominator || min(tb.casesPerPeriod, ta.casesPerPeriod) < 10 {
                estimate.smallNumbers = true
                estimate.warning = "Zu kleine Zahlen: In den Gebieten der Maßnahme stehen im Mittel nur \(Int(min(tb.n, ta.n).rounded())) Personen "
                    + "im Nenner und \(Int(min(tb.casesPerPeriod, ta.casesPerPeriod).rounded())) Fälle im Zähler je Stichtag. "
                    + "Zufällige Schwankungen sind so groß, dass sich über eine Wirkung nichts sagen lässt."
            }
        } else {
            func mean(_ codes: [String], _ ps: [Period]) -> Double {
                let v = codes.flatMap { c in ps.map { series.areas[c]![$0]!.value! } }
                return v.reduce(0, +) / Double(v.count)
            }
            func changes(_ codes: [String]) -> [Double] { codes.map { mean([$0], after) - mean([$0], before) } }
            let dt = changes(treatedUsable), dc = changes(comparisonCodes)
            let did = dt.reduce(0, +) / Double(dt.count) - dc.reduce(0, +) / Double(dc.count)
            estimate = Estimate(before: before, after: after, comparison: comparison, treatedBefore: mean(treatedUsable, before),
                                treatedAfter: mean(treatedUsable, after), comparisonBefore: mean(comparisonCodes, before),
                                comparisonAfter: mean(comparisonCodes, after), townBefore: townMean(before), townAfter: townMean(after),
                                difference: did, interval: nil, method: .areas, smallNumbers: false, warning: nil, verdict: .unknown)
            if dt.count >= 2 && dc.count >= 2 {
                func variance(_ x: [Double]) -> Double {
                    let m = x.reduce(0, +) / Double(x.count)
                    return x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count - 1)
                }
                let se = (variance(dt) / Double(dt.count) + variance(dc) / Double(dc.count)).squareRoot()
                let t = tQuantile975(df: min(dt.count, dc.count) - 1)
                estimate.interval = (did - t * se, did + t * se)
            } else {
                estimate.method = .none
                estimate.smallNumbers = true
                estimate.warning = "Zu wenige Gebiete: Ohne Zähler und Nenner braucht ein Intervall mindestens zwei Gebiete mit und zwei ohne Maßnahme. "
                    + "Der Unterschied ist deshalb nur eine Beschreibung."
            }
        }
        if let i = estimate.interval, !estimate.smallNumbers {
            let d = Double(direction < 0 ? -1 : 1)
            if i.low * d > 0 && i.high * d > 0 { estimate.verdict = .expected }
            else if i.low * d < 0 && i.high * d < 0 { estimate.verdict = .opposite }
            else { estimate.verdict = .unclear }
        }
        return estimate
    }

    /// The 97.5 % quantile of Student's t distribution.
    public static func tQuantile975(df: Int) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                               2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
        guard df >= 1 else { return .infinity }
        return df <= table.count ? table[df - 1] : 1.96
    }
}
