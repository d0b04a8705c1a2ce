import QuartierCore
import QuartierStore

/// One target indicator of a measure with its effect estimate.
public struct MeasureTargetResult: Sendable {
    public var target: Measure.Target
    public var indicator: Indicator?
    public var periods: [Period]
    /// Mean over the measure's areas, the comparison areas, and the town's value, per period.
    public var treated: [Double?]
    public var comparison: [Double?]
    public var town: [Double?]
    public var estimate: MeasureEffect.Estimate?
    /// Why there is no estimate (in German).
    public var problem: String?
}

public struct MeasureResult: Sendable {
    public var measure: Measure
    public var areas: [Area]
    public var level: AreaLevel?
    public var targets: [MeasureTargetResult]
}

/// A row of "need against provision".
public struct ProvisionRow: Sendable {
    public var area: Area
    public var need: AreaOutcome
    public var measures: [Measure]
    public var facilities: [Facility]
    /// In the highest fifth of need on this level.
    public var highNeed: Bool
}

extension AtlasQueries {
    public func measureEffect(key: String) async throws -> MeasureResult {
        guard let measure = try await store.measures().first(where: { $0.key == key }) else {
            throw AtlasError.notFound("Die Maßnahme „\(key)“ gibt es nicht.")
        }
        let areas = try await store.areas(levelKey: nil, includeGeometry: false)
        let levels = try await store.levels()
        let treatedAreas = areas.filter { measure.areaCodes.contains($0.code) }
        let levelKey = treatedAreas.first?.levelKey
        let level = levels.first { $0.key == levelKey }
        let candidates = areas.filter { $0.levelKey == levelKey }.map(\.code)
        let periods = try await store.periods()
        var results: [MeasureTargetResult] = []
        for target in measure.targets {
            let versions = try await store.indicatorVersions(key: target.indicatorKey)
            guard let newest = versions.last, let levelKey else {
                results.append(MeasureTargetResult(target: target, indicator: nil, periods: [], treated: [], comparison: [], town: [], estimate: nil,
                                                   problem: "Der Indikator „\(target.indicatorKey)“ ist nicht (mehr) vorhanden oder nicht freigegeben."))
                continue
            }
            var keys = Set<String>()
            for v in versions { if let f = try? Formula(v.formula) { keys.formUnion(f.variables) } }
            let values = try await store.values(variableKeys: keys.sorted(), periods: nil, areaCodes: nil)
            var series = MeasureEffect.Series(areas: [:], town: [:])
            for p in periods {
                guard let ind = Indicator.version(at: p, in: versions), let f = try? Formula(ind.formula) else { continue }
                let c = IndicatorComputation(areas: areas, levels: levels, values: values, period: p, minimumDenominator: minimumDenominator)
                for row in c.outcomes(f, isShare: ind.isShare, levelKey: levelKey) where row.outcome.status == .ok {
                    series.areas[row.area.code, default: [:]][p] = row.outcome
                }
                let town = c.townOutcome(f)
                if town.status == .ok { series.town[p] = town }
            }
            var result = MeasureTargetResult(target: target, indicator: newest, periods: periods, treated: [], comparison: [], town: [], estimate: nil, problem: nil)
            do {
                let e = try MeasureEffect.estimate(series: series, treated: measure.areaCodes, candidates: candidates, start: measure.start,
                                                   direction: target.direction, minimumDenominator: minimumDenominator)
                result.estimate = e
                let comparisonCodes = e.comparison.map(\.code)
                func mean(_ codes: [String], _ p: Period) -> Double? {
                    let v = codes.compactMap { series.areas[$0]?[p]?.value }
                    return v.count == codes.count && !v.isEmpty ? v.reduce(0, +) / Double(v.count) : nil
                }
                result.treated = periods.map { mean(measure.areaCodes, $0) }
                result.comparison = periods.map { mean(comparisonCodes, $0) }
            } catch {
                result.problem = switch error {
                case .noPeriodBefore: "Vor dem Beginn der Maßnahme gibt es keine Werte."
                case .noPeriodAfter: "Ein Jahr nach dem Beginn gibt es noch keinen Stichtag mit Werten."
                case .noTreatedValues: "Für die Gebiete der Maßnahme fehlen Werte."
                case .noComparisonAreas: "Es gibt keine Vergleichsgebiete mit vollständigen Werten."
                }
                result.treated = periods.map { p in
                    let v = measure.areaCodes.compactMap { series.areas[$0]?[p]?.value }
                    return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
                }
                result.comparison = periods.map { _ in nil }
            }
            result.town = periods.map { series.town[$0]?.value }
            results.append(result)
        }
        return MeasureResult(measure: measure, areas: treatedAreas, level: level, targets: results)
    }

    /// Need (an indicator) against what is in place (measures running in the period, facilities) per area.
    public func provision(indicatorKey: String, year: String?, levelKey: String?) async throws -> (IndicatorResult, [ProvisionRow]) {
        let r = try await indicator(key: indicatorKey, year: year, levelKey: levelKey)
        let measures = try await store.measures().filter { m in
            m.start <= r.period.date && (m.end.map { $0 >= Period(year: r.period.year - 1).date } ?? true)
        }
        let facilities = try await store.facilities()
        let ok = r.rows.compactMap { $0.outcome.status == .ok ? $0.outcome.value : nil }.sorted()
        let threshold = ok.isEmpty ? Double.infinity : Quantile.value(ok, p: 0.8)
        let sign: Double = r.indicator.polarity == .higherIsBetter ? -1 : 1
        let rows = r.rows.map { row -> ProvisionRow in
            let v = row.outcome.status == .ok ? row.outcome.value : nil
            let high = v.map { sign > 0 ? $0 >= threshold : $0 <= Quantile.value(ok, p: 0.2) } ?? false
            return ProvisionRow(area: row.area, need: row, measures: measures.filter { m in m.areaCodes.contains(row.area.code) || m.areaCodes.contains(row.area.parentCode ?? "-") },
                                facilities: facilities.filter { $0.areaCode == row.area.code && $0.category != .spielplatz }, highNeed: high)
        }
        return (r, rows)
    }
}
