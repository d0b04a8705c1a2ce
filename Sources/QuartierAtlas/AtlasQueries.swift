import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierStore

/// An indicator computed for one period and level.
public struct IndicatorResult: Sendable {
    public var indicator: Indicator
    public var periods: [Period]
    public var period: Period
    public var levels: [AreaLevel]
    public var level: AreaLevel
    public var rows: [AreaOutcome]
    public var town: Outcome
    /// What the period lacks for this indicator on this level, in words ("Arbeitslose 15–64 Jahre
    /// (31.12.2026)"); empty when it can be computed.
    public var missing: [String] = []
    /// The latest period in which the indicator can be computed on this level (the default).
    public var latestComplete: Period?
}

/// Which periods an indicator can be computed in: every variable of its formula has values in the
/// period (and in the earlier years a `change` reads) on the level or a finer one, whose counts a
/// parent area sums. Pages use an indicator's latest such period by default, so a new partial year
/// moves only the indicators it completes.
public struct Completeness: Sendable {
    public let coverage: Coverage
    public let levels: [AreaLevel]
    /// Periods with values, ascending.
    public let periods: [Period]
    let labels: [String: String]

    public init(coverage: Coverage, levels: [AreaLevel], periods: [Period], variables: [Variable]) {
        self.coverage = coverage
        self.levels = levels
        self.periods = periods
        self.labels = Dictionary(variables.map { ($0.key, $0.label) }, uniquingKeysWith: { a, _ in a })
    }

    /// The level and every finer one.
    func sources(_ levelKey: String) -> [String] {
        guard let rank = levels.first(where: { $0.key == levelKey })?.rank else { return [levelKey] }
        return levels.filter { $0.rank >= rank }.map(\.key)
    }

    /// What the formula lacks in period `p` on the level, oldest need last.
    public func missing(_ f: Formula, levelKey: String, at p: Period) -> [Formula.Requirement] {
        let from = sources(levelKey)
        return f.requirements.filter { !coverage.has($0.variable, at: p.earlier(years: $0.yearsBack).date, onAny: from) }
    }

    /// The missing requirements in words: the variable's label and the date it is missing for.
    public func describe(_ missing: [Formula.Requirement], at p: Period) -> [String] {
        missing.map { "\(labels[$0.variable] ?? $0.variable) (\(p.earlier(years: $0.yearsBack).germanDate))" }
    }

    /// The latest period in which the indicator (its version valid then) can be computed on the level.
    public func latest(_ versions: [Indicator], levelKey: String) -> Period? {
        for p in periods.reversed() {
            guard let i = Indicator.version(at: p, in: versions), let f = try? Formula(i.formula) else { continue }
            if missing(f, levelKey: levelKey, at: p).isEmpty { return p }
        }
        return nil
    }

    /// A reason for a missing value with variable keys replaced by their labels ("kein Wert für
    /// ew_0_2" → "kein Wert für „Einwohner 0 bis 2 Jahre“"): pages never show internal keys.
    public func labelled(_ outcome: Outcome) -> Outcome {
        guard let reason = outcome.reason else { return outcome }
        var o = outcome
        o.reason = reason.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            labels[String(word)].map { "„\($0)“" } ?? String(word)
        }.joined(separator: " ")
        return o
    }

    public func labelled(_ rows: [AreaOutcome]) -> [AreaOutcome] {
        rows.map { var r = $0; r.outcome = labelled(r.outcome); return r }
    }

    /// The latest period in which every formula can be computed on the level.
    public func latest(all formulas: [Formula], levelKey: String) -> Period? {
        periods.last { p in formulas.allSatisfy { missing($0, levelKey: levelKey, at: p).isEmpty } }
    }
}

/// Reads from the store and computes what pages and the API show. Shared by both so the map,
/// the table and the JSON always agree.
public struct AtlasQueries: Sendable {
    public let store: any AtlasStore
    public let minimumDenominator: Double
    /// Profiles and indicator results of the current data version.
    public let memo: ResultMemo

    public init(store: any AtlasStore, minimumDenominator: Double, memo: ResultMemo = ResultMemo()) {
        self.store = store
        self.minimumDenominator = minimumDenominator
        self.memo = memo
    }

    /// Levels that hold areas, coarsest first, excluding the single whole-town level.
    public func mapLevels(_ levels: [AreaLevel], areas: [Area]) -> [AreaLevel] {
        let used = Set(areas.map(\.levelKey))
        let withAreas = levels.filter { used.contains($0.key) }
        let mappable = withAreas.filter { l in areas.filter { $0.levelKey == l.key }.count > 1 }
        return mappable.isEmpty ? withAreas : mappable
    }

    /// Men and women per age group in percent of all residents, for the area and the town;
    /// nil where the counts by sex are missing or suppressed.
    public struct Pyramid: Sendable {
        public var groups: [String]
        public var men: [Double], women: [Double]
        public var townMen: [Double]?, townWomen: [Double]?
    }

    static func pyramid(_ c: IndicatorComputation, areaCode: String) -> Pyramid? {
        func split(_ values: (String) -> Double?) -> ([Double], [Double])? {
            var men: [Double] = [], women: [Double] = []
            for g in StandardCatalog.pyramidGroups {
                guard let total = values(g.key), let w = values(g.key + "_w") else { return nil }
                men.append(total - w)
                women.append(w)
            }
            let sum = men.reduce(0, +) + women.reduce(0, +)
            guard sum > 0 else { return nil }
            return (men.map { $0 / sum * 100 }, women.map { $0 / sum * 100 })
        }
        func ok(_ cell: Cell) -> Double? { cell.status == .ok ? cell.value : nil }
        guard let area = split({ ok(c.cell(areaCode, $0)) }) else { return nil }
        let town = split { key in (try? Formula(key)).flatMap { f in let o = c.townOutcome(f); return o.status == .ok ? o.value : nil } }
        return Pyramid(groups: StandardCatalog.pyramidGroups.map(\.label), men: area.0, women: area.1, townMen: town?.0, townWomen: town?.1)
    }

    /// Years back for the trend marks of the area profile.
    public static let trendYears = 2

    /// The reference period and the earlier ones a `change(x, n)` needs.
    static func periods(_ p: Period, lookback: Int) -> [Period] {
        [p] + (0..<lookback).map { p.earlier(years: $0 + 1) }
    }

    public func resolvePeriod(_ year: String?, in periods: [Period]) throws(AtlasError) -> Period {
        guard let latest = periods.last else { throw AtlasError.notFound("Es sind noch keine Werte importiert.") }
        guard let year, !year.isEmpty else { return latest }
        // A full date names one period (several in a year with monthly data).
        if year.count == 10, let exact = periods.first(where: { $0.date == year }) { return exact }
        guard let y = Int(year) else {
            throw AtlasError.invalid("„\(year)“ ist kein Jahr; erwartet z. B. \(latest.year).")
        }
        guard let p = periods.last(where: { $0.year == y }) else {
            let list = periods.map { String($0.year) }
            throw AtlasError.notFound("Für \(y) gibt es keine Werte; vorhanden: \(list.first!)–\(list.last!).")
        }
        return p
    }

    /// What the store holds, for choosing each indicator's period.
    public func completeness() async throws -> Completeness {
        Completeness(coverage: try await store.coverage(), levels: try await store.levels(), periods: try await store.periods(),
                     variables: try await store.variables())
    }

    /// An indicator on a level in the year asked for, else in its latest complete period.
    public func indicator(key: String, year: String?, levelKey: String?) async throws -> IndicatorResult {
        try await memoized("indicator\u{1}\(key)\u{1}\(year ?? "")\u{1}\(levelKey ?? "")") {
            try await computeIndicator(key: key, year: year, levelKey: levelKey)
        }
    }

    func computeIndicator(key: String, year: String?, levelKey: String?) async throws -> IndicatorResult {
        let versions = try await store.indicatorVersions(key: key)
        guard !versions.isEmpty else {
            throw AtlasError.notFound("Den Indikator „\(key)“ gibt es nicht.")
        }
        return try await indicator(versions: versions, year: year, levelKey: levelKey)
    }

    /// A draft indicator on the current data, as it would show once saved (the editor's preview):
    /// in its latest complete period on the level, every version's validity ignored.
    public func preview(_ draft: Indicator, levelKey: String?) async throws -> IndicatorResult {
        var d = draft
        d.validFrom = nil
        return try await indicator(versions: [d], year: nil, levelKey: levelKey)
    }

    func indicator(versions: [Indicator], year: String?, levelKey: String?) async throws -> IndicatorResult {
        let key = versions[0].key
        let complete = try await completeness()
        let periods = complete.periods
        let allLevels = complete.levels
        let areas = try await store.areas(levelKey: nil, includeGeometry: false)
        let levels = mapLevels(allLevels, areas: areas)
        let level: AreaLevel
        if let levelKey, !levelKey.isEmpty {
            guard let l = levels.first(where: { $0.key == levelKey }) else {
                throw AtlasError.notFound("Die Ebene „\(levelKey)“ gibt es nicht; vorhanden: \(levels.map(\.key).joined(separator: ", ")).")
            }
            level = l
        } else {
            guard let finest = levels.last else { throw AtlasError.notFound("Es sind noch keine Gebiete angelegt.") }
            level = finest
        }
        let latestComplete = complete.latest(versions, levelKey: level.key)
        let period = (year ?? "").isEmpty ? try latestComplete ?? resolvePeriod(nil, in: periods) : try resolvePeriod(year, in: periods)
        guard let indicator = Indicator.version(at: period, in: versions) else {
            throw AtlasError.notFound("Der Indikator „\(key)“ ist erst ab \(versions[0].validFrom ?? "") definiert.")
        }
        let formula = try Formula(indicator.formula)
        let values = try await store.values(variableKeys: formula.variables, periods: Self.periods(period, lookback: formula.lookbackYears), areaCodes: nil)
        let computation = IndicatorComputation(areas: areas, levels: allLevels, values: values, period: period, minimumDenominator: minimumDenominator)
        let rows = computation.outcomes(formula, isShare: indicator.isShare, levelKey: level.key)
        return IndicatorResult(indicator: indicator, periods: periods, period: period, levels: levels, level: level,
                               rows: complete.labelled(rows), town: complete.labelled(computation.townOutcome(formula)),
                               missing: complete.describe(complete.missing(formula, levelKey: level.key, at: period), at: period),
                               latestComplete: latestComplete)
    }

    /// Every indicator for one area (and the town). With a year, all in that period; without,
    /// each indicator in its own latest complete period, and `period` is the one most rows share
    /// (`rowPeriods` names each row's, `missing` what a row's period lacks, in words).
    public typealias Profile = (area: Area, period: Period?, periods: [Period], rows: [(Indicator, AreaOutcome, Outcome)], areas: [Area], levels: [AreaLevel],
                                statements: [Statements.Input], earlier: [String: Double], pyramid: Pyramid?, rowPeriods: [String: Period], missing: [String: [String]])

    public func profile(code: String, year: String?) async throws -> Profile {
        try await memoized("profile\u{1}\(code)\u{1}\(year ?? "")") { try await computeProfile(code: code, year: year) }
    }

    func computeProfile(code: String, year: String?) async throws -> Profile {
        let areas = try await store.areas(levelKey: nil, includeGeometry: false)
        guard let area = areas.first(where: { $0.code == code }) else {
            throw AtlasError.notFound("Das Gebiet „\(code)“ gibt es nicht.")
        }
        let complete = try await completeness()
        let levels = complete.levels
        let periods = complete.periods
        guard !periods.isEmpty else { return (area, nil, [], [], areas, levels, [], [:], nil, [:], [:]) }
        let chosen: Period? = (year ?? "").isEmpty ? nil : try resolvePeriod(year, in: periods)
        let latest = periods.last!
        // Each indicator in its version valid at its period.
        var formulas: [(Indicator, Formula, Period)] = []
        for current in try await store.indicators() {
            let versions = current.validFrom == nil ? [current] : try await store.indicatorVersions(key: current.key)
            let p = chosen ?? complete.latest(versions, levelKey: area.levelKey) ?? latest
            guard let i = Indicator.version(at: p, in: versions), let f = try? Formula(i.formula) else { continue }
            formulas.append((i, f, p))
        }
        // The headline period: the one most rows use (the later one on a tie).
        var counts: [Period: Int] = [:]
        for (_, _, p) in formulas { counts[p, default: 0] += 1 }
        let period = chosen ?? counts.max { a, b in a.value != b.value ? a.value < b.value : a.key.date < b.key.date }?.key ?? latest
        var keys: Set<String> = []
        var wanted: Set<Period> = []
        for (_, f, p) in formulas {
            keys.formUnion(f.variables)
            wanted.formUnion(Self.periods(p, lookback: max(f.lookbackYears, Self.trendYears)))
        }
        wanted.formUnion(Self.periods(period, lookback: Self.trendYears))
        for g in StandardCatalog.pyramidGroups { keys.insert(g.key); keys.insert(g.key + "_w") }
        let values = try await store.values(variableKeys: keys.sorted(), periods: wanted.sorted { $0.date < $1.date }, areaCodes: nil)
        var computations: [Period: IndicatorComputation] = [:]
        func computation(_ p: Period) -> IndicatorComputation {
            if let c = computations[p] { return c }
            let c = IndicatorComputation(areas: areas, levels: levels, values: values, period: p, minimumDenominator: minimumDenominator)
            computations[p] = c
            return c
        }
        // The same indicators two years earlier, for the trend marks.
        var earlier: [String: Double] = [:]
        var rows: [(Indicator, AreaOutcome, Outcome)] = []
        var statements: [Statements.Input] = []
        var rowPeriods: [String: Period] = [:]
        var missing: [String: [String]] = [:]
        for (i, f, p) in formulas {
            let now = computation(p)
            let o = computation(p.earlier(years: Self.trendYears)).evaluate(f, areaCode: area.code)
            if o.status == .ok, let v = o.value { earlier[i.key] = v }
            var areaOutcome = now.outcome(f, isShare: i.isShare, area: area)
            areaOutcome.outcome = complete.labelled(areaOutcome.outcome)
            let row = (i, areaOutcome, complete.labelled(now.townOutcome(f)))
            rows.append(row)
            let levelValues = now.outcomes(f, isShare: i.isShare, levelKey: area.levelKey).compactMap { $0.outcome.status == .ok ? $0.outcome.value : nil }
            statements.append(Statements.Input(indicator: i, area: row.1, town: row.2, levelValues: levelValues))
            rowPeriods[i.key] = p
            let lacking = complete.missing(f, levelKey: area.levelKey, at: p)
            if !lacking.isEmpty { missing[i.key] = complete.describe(lacking, at: p) }
        }
        return (area, period, periods, rows, areas, levels, statements, earlier, Self.pyramid(computation(period), areaCode: area.code), rowPeriods, missing)
    }
}

/// The Berlin-style index for a level and period, from indicators of the atlas.
public struct SocialIndexResult: Sendable {
    public var indicators: [Indicator]
    public var statusKeys: [String]
    public var dynamicsKeys: [String]
    public var periods: [Period]
    public var period: Period
    public var levels: [AreaLevel]
    public var level: AreaLevel
    public var areas: [Area]
    public var results: [SocialIndex.AreaResult]
    public var method: CompositeIndex.Method = .zScore
    public var classLabels: [String] = SocialIndex.Scale.berlinStatus.labels
    public var classBounds: [String] = ["≤ −1", "−1 … 1", "1 … 1,5", "> 1,5"]
}

extension AtlasQueries {
    /// Default index indicators: Berlin's status shares and their two-year dynamics, where present.
    public static let defaultStatus = ["arbeitslosenanteil", "sgb2_quote", "kinderarmut"]
    public static let defaultDynamics = ["arbeitslosenanteil_dynamik", "sgb2_quote_dynamik", "kinderarmut_dynamik"]

    public func socialIndex(statusKeys: [String]?, dynamicsKeys: [String]?, year: String?, levelKey: String?, minimumPopulation: Double,
                            method: CompositeIndex.Method = .zScore) async throws -> SocialIndexResult {
        let indicators = try await store.indicators()
        let known = Set(indicators.map(\.key))
        let status = statusKeys ?? Self.defaultStatus.filter(known.contains)
        let dynamics = method != .zScore ? [] : (dynamicsKeys ?? (statusKeys == nil ? Self.defaultDynamics.filter(known.contains) : []))
        guard !status.isEmpty else {
            throw AtlasError.invalid("Bitte mindestens einen Status-Indikator wählen.")
        }
        for k in status + dynamics where !known.contains(k) {
            throw AtlasError.notFound("Den Indikator „\(k)“ gibt es nicht.")
        }
        // Without a year: the latest period in which every component can be computed on the level.
        var year = year
        if (year ?? "").isEmpty, let key = status.first {
            let probe = try await indicator(key: key, year: nil, levelKey: levelKey)
            let complete = try await completeness()
            let formulas = (status + dynamics).compactMap { k in indicators.first { $0.key == k }.flatMap { try? Formula($0.formula) } }
            if let p = complete.latest(all: formulas, levelKey: probe.level.key) { year = p.date }
        }
        var values: [String: [String: Double]] = [:]
        var first: IndicatorResult?
        var town: [String: Double] = [:]
        for key in status + dynamics {
            let r = try await indicator(key: key, year: year, levelKey: levelKey)
            if first == nil { first = r }
            town[key] = r.town.value
            for row in r.rows where row.outcome.status == .ok { values[key, default: [:]][row.area.code] = row.outcome.value }
        }
        let base = first!
        var population: [String: Double] = [:]
        if known.contains("einwohner") {
            let r = try await indicator(key: "einwohner", year: base.period.date, levelKey: base.level.key)
            for row in r.rows { if let v = row.outcome.value { population[row.area.code] = v } }
        }
        let byKey = Dictionary(uniqueKeysWithValues: indicators.map { ($0.key, $0) })
        func component(_ k: String) -> SocialIndex.Component { .init(key: k, direction: byKey[k]?.polarity == .higherIsBetter ? -1 : 1) }
        let index = SocialIndex(status: status.map(component), dynamics: dynamics.map(component),
                                minimumPopulation: population.isEmpty ? 0 : minimumPopulation)
        let codes = base.rows.map(\.area.code)
        if method != .zScore {
            // Other methods: status indicators only, quintile classes (R type 7); PCA groups indicators by topic.
            let composite = CompositeIndex(method: method, components: status.map { k in
                CompositeIndex.Component(key: k, direction: component(k).direction, dimension: byKey[k]?.topic ?? "")
            }, classes: .quantiles(5, type: 7))
            let excluded = SocialIndex.exclusions(codes: codes, population: population, values: values, keys: status,
                                                  minimumPopulation: population.isEmpty ? 0 : minimumPopulation, excludedCodes: [])
            let scored = Dictionary(uniqueKeysWithValues: composite.compute(codes: codes.filter { excluded[$0] == nil }, values: values, town: town).map { ($0.code, $0) })
            let results = codes.map { code in
                SocialIndex.AreaResult(code: code, excluded: excluded[code], status: scored[code].map {
                    SocialIndex.Score(index: $0.index, classIndex: $0.classIndex, label: $0.label, contributions: $0.contributions, classChangesWithout: $0.classChangesWithout)
                }, dynamics: nil)
            }
            return SocialIndexResult(indicators: indicators, statusKeys: status, dynamicsKeys: [], periods: base.periods, period: base.period,
                                     levels: base.levels, level: base.level, areas: base.rows.map(\.area), results: results, method: method,
                                     classLabels: ["1", "2", "3", "4", "5"],
                                     classBounds: ["1. Quintil", "2. Quintil", "3. Quintil", "4. Quintil", "5. Quintil (höchster Bedarf)"])
        }
        return SocialIndexResult(indicators: indicators, statusKeys: status, dynamicsKeys: dynamics, periods: base.periods, period: base.period,
                                 levels: base.levels, level: base.level, areas: base.rows.map(\.area),
                                 results: index.compute(codes: codes, population: population, values: values))
    }
}

extension AtlasQueries {
    /// Early-warning findings for a level and period, comparing with `years` years before.
    public func earlyWarning(year: String?, levelKey: String?, years: Int, lang: NumberFormatting, wording: Wording = .german) async throws -> (period: Period, periods: [Period], level: AreaLevel, levels: [AreaLevel], findings: [EarlyWarning.Finding]) {
        let periods = try await store.periods()
        // Without a year each indicator is compared in its own latest complete period.
        let chosen: Period? = (year ?? "").isEmpty ? nil : try resolvePeriod(year, in: periods)
        var period = try chosen ?? resolvePeriod(nil, in: periods)
        var used: [Period] = []
        var inputs: [EarlyWarning.Input] = []
        var level: AreaLevel?
        var levels: [AreaLevel] = []
        for ind in try await store.indicators() where ind.isShare && ind.polarity != .neutral {
            let now = try await indicator(key: ind.key, year: chosen?.date, levelKey: levelKey)
            level = now.level
            levels = now.levels
            guard let then = periods.contains(now.period.earlier(years: years)) ? now.period.earlier(years: years)
                    : periods.last(where: { $0.year == now.period.year - years }) else { continue }
            let earlier = try await indicator(key: ind.key, year: then.date, levelKey: now.level.key)
            used.append(now.period)
            inputs.append(EarlyWarning.Input(indicator: now.indicator, now: now.rows, earlier: earlier.rows, townNow: now.town,
                                             townEarlier: earlier.town, years: years, period: now.period))
        }
        if chosen == nil, let last = used.max() { period = last }
        guard let level else { throw AtlasError.notFound("Es gibt keine Indikatoren mit einer Lesart (Bedarf oder Vorteil).") }
        let findings = EarlyWarning.find(inputs, levelName: level.name, wording: wording, format: lang.value, points: lang.points)
        return (period, periods, level, levels, findings)
    }
}

/// Number formatting for generated sentences, supplied by the caller (the UI's locale).
public struct NumberFormatting: Sendable {
    public var value: @Sendable (Double, Indicator) -> String
    public var points: @Sendable (Double) -> String
    public init(value: @escaping @Sendable (Double, Indicator) -> String, points: @escaping @Sendable (Double) -> String) {
        self.value = value
        self.points = points
    }
}

/// An indicator over all periods for one area and the town.
public struct SeriesResult: Sendable {
    public var indicator: Indicator
    public var area: Area
    public var periods: [Period]
    public var areaValues: [Outcome]
    public var townValues: [Outcome]
    /// Boundary changes the series crosses without a finer level to recompute from (ISO dates).
    public var breaks: [String] = []
    /// Periods recomputed from the finer level for the current boundary.
    public var recomputed: [Period] = []
}

extension AtlasQueries {
    public func series(key: String, areaCode: String) async throws -> SeriesResult {
        let versions = try await store.indicatorVersions(key: key)
        guard let newest = versions.last else { throw AtlasError.notFound("Den Indikator „\(key)“ gibt es nicht.") }
        let areas = try await store.areas(levelKey: nil, includeGeometry: false)
        guard let area = areas.first(where: { $0.code == areaCode }) else {
            throw AtlasError.notFound("Das Gebiet „\(areaCode)“ gibt es nicht.")
        }
        let levels = try await store.levels()
        let periods = try await store.periods()
        var keys = Set<String>()
        for v in versions { if let f = try? Formula(v.formula) { keys.formUnion(f.variables) } }
        let values = try await store.values(variableKeys: keys.sorted(), periods: nil, areaCodes: nil)
        // Dated layers: before the area's last boundary change its stored values describe the old
        // boundary. With a finer level they are recomputed (as the sum of today's sub-areas);
        // without one the series shows a break.
        let changes = try await store.boundaryChanges()[area.code] ?? []
        let hasChildren = areas.contains { $0.parentCode == area.code }
        let recomputeBefore = hasChildren ? changes.last : nil
        let finerValues = recomputeBefore.map { date in values.filter { !($0.areaCode == area.code && $0.period.date < date) } }
        var result = SeriesResult(indicator: newest, area: area, periods: periods, areaValues: [], townValues: [],
                                  breaks: hasChildren ? [] : changes.filter { d in periods.contains { $0.date < d } && periods.contains { $0.date >= d } })
        for p in periods {
            guard let ind = Indicator.version(at: p, in: versions), let f = try? Formula(ind.formula) else {
                result.areaValues.append(Outcome(value: nil, status: .missing, reason: "nicht definiert"))
                result.townValues.append(Outcome(value: nil, status: .missing, reason: "nicht definiert"))
                continue
            }
            let c = IndicatorComputation(areas: areas, levels: levels, values: values, period: p, minimumDenominator: minimumDenominator)
            if let recomputeBefore, let finerValues, p.date < recomputeBefore {
                let finer = IndicatorComputation(areas: areas, levels: levels, values: finerValues, period: p, minimumDenominator: minimumDenominator)
                result.areaValues.append(finer.evaluate(f, areaCode: area.code))
                result.recomputed.append(p)
            } else {
                result.areaValues.append(c.evaluate(f, areaCode: area.code))
            }
            result.townValues.append(c.townOutcome(f))
        }
        return result
    }
}


