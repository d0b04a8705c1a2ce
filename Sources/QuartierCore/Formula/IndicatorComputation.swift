/// One area's result for an indicator.
public struct AreaOutcome: Sendable, Hashable {
    public var area: Area
    public var outcome: Outcome
    /// Wilson 95 % interval in percent, for shares.
    public var interval: (lower: Double, upper: Double)? {
        get { intervalLower.flatMap { l in intervalUpper.map { (l, $0) } } }
        set { intervalLower = newValue?.lower; intervalUpper = newValue?.upper }
    }
    public var intervalLower: Double?
    public var intervalUpper: Double?
    public var lowReliability: Bool

    public init(area: Area, outcome: Outcome, interval: (lower: Double, upper: Double)?, lowReliability: Bool) {
        self.area = area
        self.outcome = outcome
        self.intervalLower = interval?.lower
        self.intervalUpper = interval?.upper
        self.lowReliability = lowReliability
    }
}

/// Computes indicator values for areas from variable values.
///
/// An area's inputs are its own stored values; where an area has no stored value for a variable,
/// the values of its child areas are summed (any suppressed child suppresses the sum). The
/// town's value is the top area's (level rank 0) or, without one, the sum over all areas of the
/// finest level. Rates are therefore always computed from summed counts.
public final class IndicatorComputation: Sendable {
    public let areas: [Area]
    public let levels: [AreaLevel]
    private let values: [String: [String: [String: Cell]]]   // area code → variable → date → cell
    private let children: [String: [String]]
    public let minimumDenominator: Double
    /// The reference period; `change(x, n)` looks n years before it. Nil when `values` hold one period.
    public let period: Period?

    public init(areas: [Area], levels: [AreaLevel], values: [DataValue], period: Period? = nil,
                minimumDenominator: Double = Reliability.defaultMinimumDenominator) {
        self.areas = areas
        self.levels = levels
        self.minimumDenominator = minimumDenominator
        self.period = period ?? values.first?.period
        var v: [String: [String: [String: Cell]]] = [:]
        for d in values { v[d.areaCode, default: [:]][d.variableKey, default: [:]][d.period.date] = Cell(value: d.value, status: d.status) }
        self.values = v
        var c: [String: [String]] = [:]
        for a in areas { if let p = a.parentCode { c[p, default: []].append(a.code) } }
        self.children = c
    }

    /// The input cell of `variable` for the area with `code`, `yearsBefore` years before the
    /// reference period (own value, else the sum of its children).
    public func cell(_ code: String, _ variable: String, yearsBefore: Int = 0) -> Cell {
        guard let date = period?.earlier(years: yearsBefore).date else { return .missing }
        return cell(code, variable, date: date)
    }

    private func cell(_ code: String, _ variable: String, date: String) -> Cell {
        if let own = values[code]?[variable]?[date] { return own }
        guard let kids = children[code], !kids.isEmpty else { return .missing }
        return Self.sum(kids.map { cell($0, variable, date: date) })
    }

    static func sum(_ cells: [Cell]) -> Cell {
        var total = 0.0
        var estimated = false
        for c in cells {
            switch c.status {
            case .suppressed: return Cell(value: nil, status: .suppressed)
            case .missing: return .missing
            case .estimated: estimated = true; total += c.value ?? 0
            case .ok: total += c.value ?? 0
            }
        }
        return Cell(value: total, status: estimated ? .estimated : .ok)
    }

    public func evaluate(_ formula: Formula, areaCode: String) -> Outcome {
        formula.evaluate { cell(areaCode, $0, yearsBefore: $1) }
    }

    /// Outcomes for every area of `levelKey`.
    public func outcomes(_ formula: Formula, isShare: Bool, levelKey: String) -> [AreaOutcome] {
        areas.filter { $0.levelKey == levelKey }.map { area in
            outcome(formula, isShare: isShare, area: area)
        }
    }

    public func outcome(_ formula: Formula, isShare: Bool, area: Area) -> AreaOutcome {
        let o = evaluate(formula, areaCode: area.code)
        var interval: (Double, Double)?
        var low = false
        if let n = o.numerator, let d = o.denominator {
            if isShare { interval = Reliability.wilson(successes: n, trials: d) }
            low = d < minimumDenominator
        }
        return AreaOutcome(area: area, outcome: o, interval: interval, lowReliability: low)
    }

    /// The town's value: the top-level area's, or the sum over the finest level.
    public func townOutcome(_ formula: Formula) -> Outcome {
        let topKeys = Set(levels.filter { $0.rank == 0 }.map(\.key))
        if let top = areas.first(where: { topKeys.contains($0.levelKey) }) {
            return evaluate(formula, areaCode: top.code)
        }
        guard let finest = levels.max(by: { $0.rank < $1.rank }) else { return Outcome(value: nil, status: .missing, reason: "keine Gebiete") }
        let codes = areas.filter { $0.levelKey == finest.key }.map(\.code)
        return formula.evaluate { v, back in Self.sum(codes.map { cell($0, v, yearsBefore: back) }) }
    }
}
