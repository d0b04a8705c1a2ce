import Foundation
import QuartierCore
import Testing

/// Difference-in-differences on hand-computed cases.
@Suite struct MeasureEffectTests {
    static let p2018 = Period(year: 2018), p2019 = Period(year: 2019), p2020 = Period(year: 2020)

    static func share(_ n: Double, _ d: Double) -> Outcome { Outcome(value: n / d * 100, status: .ok, numerator: n, denominator: d) }
    static func plain(_ v: Double) -> Outcome { Outcome(value: v, status: .ok) }

    @Test func windowsLeaveTheFirstYearOut() {
        let periods = (2014...2022).map { Period(year: $0) }
        let w = MeasureEffect.windows(periods: periods, start: "2019-08-01")
        #expect(w.before == [Period(year: 2016), Period(year: 2017), Period(year: 2018)])
        #expect(w.after == [Period(year: 2020), Period(year: 2021), Period(year: 2022)])
    }

    @Test func comparisonAreasAreTheMostSimilarBeforeTheStart() {
        // At 2018: A 20, B 19, C 30, D without a value. Mean 23, SD √37; B is 1/√37 away, C 10/√37.
        let series = MeasureEffect.Series(areas: ["A": [Self.p2018: Self.plain(20)], "B": [Self.p2018: Self.plain(19)],
                                                  "C": [Self.p2018: Self.plain(30)], "D": [:]], town: [:])
        let chosen = MeasureEffect.comparisonAreas(series: series, treated: ["A"], candidates: ["A", "B", "C", "D"], before: [Self.p2018], k: 5)
        #expect(chosen.map(\.code) == ["B", "C"])
        #expect(abs(chosen[0].distance - 1 / 37.0.squareRoot()) < 1e-12)
        #expect(abs(chosen[1].distance - 10 / 37.0.squareRoot()) < 1e-12)
        let one = MeasureEffect.comparisonAreas(series: series, treated: ["A"], candidates: ["B", "C"], before: [Self.p2018], k: 1)
        #expect(one.map(\.code) == ["B"])
    }

    /// A: 20 % → 15 %; comparison B: 19 % → 18 %; DiD −4 points.
    static func pooledCase(denominator d: Double) -> MeasureEffect.Series {
        MeasureEffect.Series(areas: [
            "A": [p2018: share(0.20 * d, d), p2019: share(0.18 * d, d), p2020: share(0.15 * d, d)],
            "B": [p2018: share(0.19 * d, d), p2019: share(0.19 * d, d), p2020: share(0.18 * d, d)],
            "C": [p2018: share(0.30 * d, d), p2019: share(0.30 * d, d), p2020: share(0.31 * d, d)],
        ], town: [p2018: share(0.2, 1), p2020: share(0.19, 1)])
    }

    @Test func differenceInDifferencesWithBinomialInterval() throws {
        let e = try MeasureEffect.estimate(series: Self.pooledCase(denominator: 1000), treated: ["A"], candidates: ["B", "C"],
                                           start: "2019-01-01", direction: -1, prePeriods: 1, k: 1)
        #expect(e.before == [Self.p2018])
        #expect(e.after == [Self.p2020])
        #expect(e.comparison.map(\.code) == ["B"])
        #expect(e.method == .counts)
        #expect(abs(e.difference - -4) < 1e-9)
        // SE = 100·√(.2·.8 + .15·.85 + .19·.81 + .18·.82)/1000 = 2.42693…
        let se = 100 * ((0.2 * 0.8 + 0.15 * 0.85 + 0.19 * 0.81 + 0.18 * 0.82) / 1000).squareRoot()
        let i = try #require(e.interval)
        #expect(abs(i.low - (-4 - 1.96 * se)) < 1e-9)
        #expect(abs(i.high - (-4 + 1.96 * se)) < 1e-9)
        #expect(abs(i.low - -8.7568) < 1e-3)
        #expect(e.verdict == .unclear)
        #expect(!e.smallNumbers)
        #expect(e.townBefore == 20 && e.townAfter == 19)

        // Ten times the people: the same difference, an interval clear of zero.
        let big = try MeasureEffect.estimate(series: Self.pooledCase(denominator: 10_000), treated: ["A"], candidates: ["B", "C"],
                                             start: "2019-01-01", direction: -1, prePeriods: 1, k: 1)
        #expect(abs(big.difference - -4) < 1e-9)
        #expect(big.interval!.high < 0)
        #expect(big.verdict == .expected)
        // Expected to rise: the same result is the opposite of what was hoped.
        let rise = try MeasureEffect.estimate(series: Self.pooledCase(denominator: 10_000), treated: ["A"], candidates: ["B", "C"],
                                              start: "2019-01-01", direction: 1, prePeriods: 1, k: 1)
        #expect(rise.verdict == .opposite)
    }

    @Test func smallNumbersGiveAWarningAndNoVerdict() throws {
        let series = MeasureEffect.Series(areas: [
            "A": [Self.p2018: Self.share(4, 30), Self.p2020: Self.share(2, 30)],
            "B": [Self.p2018: Self.share(400, 3000), Self.p2020: Self.share(390, 3000)],
        ], town: [:])
        let e = try MeasureEffect.estimate(series: series, treated: ["A"], candidates: ["B"], start: "2019-01-01", direction: -1, prePeriods: 1)
        #expect(e.smallNumbers)
        #expect(e.warning?.contains("Zu kleine Zahlen") == true)
        #expect(e.verdict == .unknown)
        // Enough people, but too few cases also count as small.
        let rare = MeasureEffect.Series(areas: [
            "A": [Self.p2018: Self.share(3, 3000), Self.p2020: Self.share(2, 3000)],
            "B": [Self.p2018: Self.share(400, 3000), Self.p2020: Self.share(390, 3000)],
        ], town: [:])
        #expect(try MeasureEffect.estimate(series: rare, treated: ["A"], candidates: ["B"], start: "2019-01-01", direction: -1, prePeriods: 1).smallNumbers)
        // And large numbers do not.
        let large = MeasureEffect.Series(areas: [
            "A": [Self.p2018: Self.share(300, 3000), Self.p2020: Self.share(200, 3000)],
            "B": [Self.p2018: Self.share(400, 3000), Self.p2020: Self.share(390, 3000)],
        ], town: [:])
        let ok = try MeasureEffect.estimate(series: large, treated: ["A"], candidates: ["B"], start: "2019-01-01", direction: -1, prePeriods: 1)
        #expect(!ok.smallNumbers)
        #expect(ok.warning == nil)
    }

    @Test func withoutCountsTheIntervalComesFromTheAreas() throws {
        // A1 10→8, A2 12→11; B1 11→11, B2 9→10; C 30→30 (not similar).
        let series = MeasureEffect.Series(areas: [
            "A1": [Self.p2018: Self.plain(10), Self.p2020: Self.plain(8)], "A2": [Self.p2018: Self.plain(12), Self.p2020: Self.plain(11)],
            "B1": [Self.p2018: Self.plain(11), Self.p2020: Self.plain(11)], "B2": [Self.p2018: Self.plain(9), Self.p2020: Self.plain(10)],
            "C": [Self.p2018: Self.plain(30), Self.p2020: Self.plain(30)],
        ], town: [:])
        let e = try MeasureEffect.estimate(series: series, treated: ["A1", "A2"], candidates: ["B1", "B2", "C"], start: "2019-01-01",
                                           direction: -1, prePeriods: 1, k: 2)
        #expect(e.method == .areas)
        #expect(e.comparison.map(\.code) == ["B1", "B2"])
        #expect(abs(e.difference - -2) < 1e-12)
        let i = try #require(e.interval)
        #expect(abs(i.low - (-2 - 12.706 * 0.5.squareRoot())) < 1e-9)
        #expect(abs(i.high - (-2 + 12.706 * 0.5.squareRoot())) < 1e-9)
        #expect(e.verdict == .unclear)
        // One treated area without counts: a description only.
        let single = try MeasureEffect.estimate(series: series, treated: ["A1"], candidates: ["B1", "B2"], start: "2019-01-01", direction: -1, prePeriods: 1)
        #expect(single.method == .none)
        #expect(single.interval == nil)
        #expect(single.warning?.contains("Zu wenige Gebiete") == true)
    }

    @Test func missingWindowsAreReported() {
        let series = Self.pooledCase(denominator: 1000)
        #expect(throws: MeasureEffect.Failure.noPeriodBefore) {
            try MeasureEffect.estimate(series: series, treated: ["A"], candidates: ["B"], start: "2010-01-01", direction: -1)
        }
        #expect(throws: MeasureEffect.Failure.noPeriodAfter) {
            try MeasureEffect.estimate(series: series, treated: ["A"], candidates: ["B"], start: "2020-06-01", direction: -1)
        }
    }
}
