import Foundation

/// A composite index over chosen indicators, by one of the methods social monitoring uses:
///
/// - `zScore`: z-standardise each indicator (unweighted mean, population SD), weighted sum,
///   standardised again (Berlin Monitoring Soziale Stadtentwicklung, Hamburg).
/// - `ratioToTown`: each value divided by the town's value (town = 100), weighted mean.
/// - `minMax`: each indicator scaled to 0…1 between the lowest and highest area, weighted mean.
/// - `rankExponential`: each indicator ranked (1 = least deprived … n = most), the rank scaled to
///   R ∈ (0, 1] and transformed to X = −23 · ln(1 − R · (1 − e^(−100/23))), weighted sum
///   (English Indices of Deprivation).
/// - `principalComponent`: per dimension the first principal component of the z-standardised
///   indicators (correlation matrix; power iteration), min–max normalised per dimension and
///   summed over dimensions (RKI GISD).
///
/// Every indicator is turned by its direction first, so higher always means more need.
public struct CompositeIndex: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case zScore = "z", ratioToTown = "ratio", minMax = "minmax", rankExponential = "rank-exp", principalComponent = "pca"
    }

    public struct Component: Sendable, Hashable {
        public var key: String
        public var direction: Double
        public var weight: Double
        /// Dimension for `principalComponent` (e.g. "Bildung", "Beschäftigung", "Einkommen").
        public var dimension: String

        public init(key: String, direction: Double = 1, weight: Double = 1, dimension: String = "") {
            self.key = key
            self.direction = direction
            self.weight = weight
            self.dimension = dimension
        }
    }

    /// How index values become classes.
    public enum ClassRule: Sendable, Hashable {
        /// Fixed thresholds with labels (one more than thresholds).
        case thresholds([Double], labels: [String])
        /// `k` quantile classes of R type `type` (GISD publishes quintiles with type 9), labelled 1…k.
        case quantiles(Int, type: Int)
        /// `k` groups of the rank (1 = most need), labelled 1…k: deciles of the English Indices of
        /// Deprivation (decile 1 = the most deprived tenth).
        case rankGroups(Int)

        func classes(_ values: [Double], closure: Classification.Closure) -> [Int] {
            switch self {
            case .thresholds(let t, _):
                return values.map { Classification.classIndex(of: $0, bounds: t, closure: closure) }
            case .quantiles(let k, let type):
                let sorted = values.sorted()
                guard !sorted.isEmpty else { return [] }
                let bounds = (1..<k).map { Quantile.value(sorted, p: Double($0) / Double(k), type: type) }
                return values.map { Classification.classIndex(of: $0, bounds: bounds, closure: closure) }
            case .rankGroups(let k):
                let n = values.count
                return CompositeIndex.ranks(values).map { ($0 - 1) * k / max(1, n) }
            }
        }

        func label(_ i: Int) -> String {
            switch self {
            case .thresholds(_, let labels): labels[i]
            case .quantiles, .rankGroups: String(i + 1)
            }
        }
    }

    /// Ranks by index, 1 = the highest (most need); areas with the same index share the best
    /// rank of their group (1, 2, 2, 4).
    public static func ranks(_ index: [Double]) -> [Int] {
        let order = index.indices.sorted { index[$0] > index[$1] || (index[$0] == index[$1] && $0 < $1) }
        var rank = [Int](repeating: 0, count: index.count)
        for (position, a) in order.enumerated() {
            if position > 0, index[order[position - 1]] == index[a] { rank[a] = rank[order[position - 1]] } else { rank[a] = position + 1 }
        }
        return rank
    }

    public struct Result: Sendable, Hashable {
        public var code: String
        public var index: Double
        /// 1 = the highest index (most need).
        public var rank: Int
        public var classIndex: Int
        public var label: String
        /// Each component's part: its z-value, ratio, scaled value, exponential score or loading-weighted z.
        public var contributions: [Double]
        public var classChangesWithout: [String]
    }

    public var method: Method
    public var components: [Component]
    public var classes: ClassRule
    /// Where a value equal to a class bound goes (thresholds and quantiles).
    public var closure: Classification.Closure

    public init(method: Method, components: [Component], classes: ClassRule, closure: Classification.Closure = .right) {
        self.method = method
        self.components = components
        self.classes = classes
        self.closure = closure
    }

    /// Computes the index for `codes` (all with values; exclusion rules are the caller's).
    /// `town[key]` is the town's value of each indicator, needed by `ratioToTown`.
    public func compute(codes: [String], values: [String: [String: Double]], town: [String: Double] = [:]) -> [Result] {
        guard !codes.isEmpty, !components.isEmpty else { return [] }
        let (index, parts) = scores(components, codes: codes, values: values, town: town)
        let cls = classes.classes(index, closure: closure)
        let rank = Self.ranks(index)
        var changes = Array(repeating: [String](), count: codes.count)
        if components.count > 1 {
            for (c, comp) in components.enumerated() {
                var rest = components
                rest.remove(at: c)
                let alt = classes.classes(scores(rest, codes: codes, values: values, town: town).index, closure: closure)
                for a in codes.indices where alt[a] != cls[a] { changes[a].append(comp.key) }
            }
        }
        return codes.indices.map { a in
            Result(code: codes[a], index: index[a], rank: rank[a], classIndex: cls[a], label: classes.label(cls[a]),
                   contributions: parts.map { $0[a] }, classChangesWithout: changes[a])
        }
    }

    /// The index per area and each component's part per area.
    func scores(_ comps: [Component], codes: [String], values: [String: [String: Double]], town: [String: Double]) -> (index: [Double], parts: [[Double]]) {
        let raw: [[Double]] = comps.map { c in codes.map { values[c.key]?[$0] ?? .nan } }
        let totalWeight = comps.reduce(0) { $0 + $1.weight }
        switch method {
        case .zScore:
            let parts = zip(comps, raw).map { c, x in SocialIndex.zScores(x).map { $0 * c.direction } }
            let sums = codes.indices.map { a in zip(comps, parts).reduce(0.0) { $0 + $1.0.weight * $1.1[a] } }
            return (SocialIndex.zScores(sums), parts)
        case .ratioToTown:
            let parts = zip(comps, raw).map { c, x -> [Double] in
                let t = town[c.key] ?? .nan
                return x.map { v in
                    guard t != 0, t.isFinite else { return .nan }
                    return c.direction >= 0 ? v / t * 100 : t / v * 100
                }
            }
            return (codes.indices.map { a in zip(comps, parts).reduce(0.0) { $0 + $1.0.weight * $1.1[a] } / totalWeight }, parts)
        case .minMax:
            let parts = zip(comps, raw).map { c, x in Self.minMax(x.map { $0 * c.direction }) }
            return (codes.indices.map { a in zip(comps, parts).reduce(0.0) { $0 + $1.0.weight * $1.1[a] } / totalWeight }, parts)
        case .rankExponential:
            let parts = zip(comps, raw).map { c, x in Self.exponentialTransform(ranksOf: x.map { $0 * c.direction }) }
            return (codes.indices.map { a in zip(comps, parts).reduce(0.0) { $0 + $1.0.weight * $1.1[a] } / totalWeight }, parts)
        case .principalComponent:
            var parts = Array(repeating: [Double](repeating: 0, count: codes.count), count: comps.count)
            var index = [Double](repeating: 0, count: codes.count)
            var dimensions: [String] = []
            for c in comps where !dimensions.contains(c.dimension) { dimensions.append(c.dimension) }
            for d in dimensions {
                let members = comps.indices.filter { comps[$0].dimension == d }
                let z = members.map { m in SocialIndex.zScores(raw[m]).map { $0 * comps[m].direction } }
                let loadings = Self.firstPrincipalComponent(z)
                var score = [Double](repeating: 0, count: codes.count)
                for (j, m) in members.enumerated() {
                    for a in codes.indices {
                        parts[m][a] = loadings[j] * z[j][a]
                        score[a] += parts[m][a]
                    }
                }
                let scaled = Self.minMax(score)
                for a in codes.indices { index[a] += scaled[a] }
            }
            return (index, parts)
        }
    }

    /// Scales to 0…1 between minimum and maximum; all-equal values give 0.
    public static func minMax(_ x: [Double]) -> [Double] {
        guard let lo = x.min(), let hi = x.max(), hi > lo else { return x.map { _ in 0 } }
        return x.map { ($0 - lo) / (hi - lo) }
    }

    /// The English Indices of Deprivation transformation: ranks (ties share their mean rank),
    /// R = rank / n, X = −23 · ln(1 − R · (1 − e^(−100/23))), so X runs from near 0 to 100.
    public static func exponentialTransform(ranksOf x: [Double]) -> [Double] {
        let n = Double(x.count)
        let order = x.indices.sorted { x[$0] < x[$1] }
        var rank = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, x[order[j + 1]] == x[order[i]] { j += 1 }
            let mean = Double(i + j + 2) / 2
            for k in i...j { rank[order[k]] = mean }
            i = j + 1
        }
        let c = 1 - exp(-100.0 / 23)
        return rank.map { -23 * log(1 - ($0 / n) * c) }
    }

    /// Loadings of the first principal component of standardised variables (rows: variables),
    /// from their correlation matrix by power iteration; signed so that they sum to a positive value.
    public static func firstPrincipalComponent(_ z: [[Double]]) -> [Double] {
        let p = z.count
        guard p > 1, let n = z.first?.count, n > 1 else { return Array(repeating: 1, count: p) }
        var r = Array(repeating: Array(repeating: 0.0, count: p), count: p)
        for i in 0..<p { for j in 0..<p { r[i][j] = zip(z[i], z[j]).reduce(0) { $0 + $1.0 * $1.1 } / Double(n) } }
        var v = Array(repeating: 1 / Double(p).squareRoot(), count: p)
        for _ in 0..<500 {
            var w = (0..<p).map { i in (0..<p).reduce(0.0) { $0 + r[i][$1] * v[$1] } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { break }
            w = w.map { $0 / norm }
            let delta = zip(w, v).reduce(0) { $0 + abs($1.0 - $1.1) }
            v = w
            if delta < 1e-13 { break }
        }
        if v.reduce(0, +) < 0 { v = v.map { -$0 } }
        return v
    }
}
