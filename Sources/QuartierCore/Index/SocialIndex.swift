/// A composite social index by the method of Berlin's Monitoring Soziale Stadtentwicklung:
/// z-standardise each indicator over the valid areas (unweighted mean, population standard
/// deviation), sum the z-values (turned so that higher always means more need), and
/// z-standardise the sum again. The same for the dynamics (changes over time). Areas below a
/// minimum population or listed by hand are excluded and get no index.
///
/// Classes (configurable thresholds t₁ < t₂ < …, intervals closed on the right: class 0 is
/// x ≤ t₁, class i is tᵢ < x ≤ tᵢ₊₁, the last class x > tₙ). Berlin's defaults:
/// status −1, 1, 1.5 → hoch, mittel, niedrig, sehr niedrig; dynamics −1, 1 → positiv, stabil, negativ.
public struct SocialIndex: Sendable {
    public struct Component: Sendable, Hashable {
        public var key: String
        /// +1 when a higher value means more need (unemployment), −1 when it means less.
        public var direction: Double
        public init(key: String, direction: Double = 1) {
            self.key = key
            self.direction = direction
        }
    }

    public struct Scale: Sendable, Hashable {
        public var thresholds: [Double]
        public var labels: [String]
        /// Which side of a threshold a value equal to it falls on (right: the lower class).
        public var closure: Classification.Closure
        public init(thresholds: [Double], labels: [String], closure: Classification.Closure = .right) {
            precondition(labels.count == thresholds.count + 1, "one label more than thresholds")
            self.thresholds = thresholds
            self.labels = labels
            self.closure = closure
        }

        public static let berlinStatus = Scale(thresholds: [-1, 1, 1.5], labels: ["hoch", "mittel", "niedrig", "sehr niedrig"])
        public static let berlinDynamics = Scale(thresholds: [-1, 1], labels: ["positiv", "stabil", "negativ"])

        public func classIndex(_ x: Double) -> Int {
            Classification.classIndex(of: x, bounds: thresholds, closure: closure)
        }
    }

    /// One dimension (status or dynamics) for one area.
    public struct Score: Sendable, Hashable {
        public var index: Double
        public var classIndex: Int
        public var label: String
        /// Each indicator's z-value (turned by its direction), in the order of the components.
        public var contributions: [Double]
        /// Components whose omission would move the area into another class.
        public var classChangesWithout: [String]

        public init(index: Double, classIndex: Int, label: String, contributions: [Double], classChangesWithout: [String]) {
            self.index = index
            self.classIndex = classIndex
            self.label = label
            self.contributions = contributions
            self.classChangesWithout = classChangesWithout
        }
    }

    public struct AreaResult: Sendable, Hashable {
        public var code: String
        /// Why the area has no index ("unter 300 Einwohner", "ausgeschlossen", "Wert fehlt: …").
        public var excluded: String?
        public var status: Score?
        public var dynamics: Score?

        public init(code: String, excluded: String? = nil, status: Score? = nil, dynamics: Score? = nil) {
            self.code = code
            self.excluded = excluded
            self.status = status
            self.dynamics = dynamics
        }
        /// Berlin's overlay of status and dynamics, e.g. "mittel / stabil".
        public var group: String? {
            guard let s = status else { return nil }
            guard let d = dynamics else { return s.label }
            return s.label + " / " + d.label
        }
    }

    public var status: [Component]
    public var dynamics: [Component]
    public var minimumPopulation: Double
    public var excludedCodes: Set<String>
    public var statusScale: Scale
    public var dynamicsScale: Scale

    public init(status: [Component], dynamics: [Component] = [], minimumPopulation: Double = 300, excludedCodes: Set<String> = [],
                statusScale: Scale = .berlinStatus, dynamicsScale: Scale = .berlinDynamics) {
        self.status = status
        self.dynamics = dynamics
        self.minimumPopulation = minimumPopulation
        self.excludedCodes = excludedCodes
        self.statusScale = statusScale
        self.dynamicsScale = dynamicsScale
    }

    /// Computes the index. `values[key][code]` holds each component's value per area; `population[code]` the residents.
    public func compute(codes: [String], population: [String: Double], values: [String: [String: Double]]) -> [AreaResult] {
        let excluded = Self.exclusions(codes: codes, population: population, values: values, keys: (status + dynamics).map(\.key),
                                       minimumPopulation: minimumPopulation, excludedCodes: excludedCodes)
        var results = codes.map { AreaResult(code: $0, excluded: excluded[$0]) }
        let valid = codes.filter { excluded[$0] == nil }
        let s = dimension(status, scale: statusScale, codes: valid, values: values)
        let d = dynamics.isEmpty ? [:] : dimension(dynamics, scale: dynamicsScale, codes: valid, values: values)
        for i in results.indices {
            results[i].status = s[results[i].code]
            results[i].dynamics = d[results[i].code]
        }
        return results
    }

    /// Why areas get no index: listed by hand, below the minimum population, population or a value missing.
    public static func exclusions(codes: [String], population: [String: Double], values: [String: [String: Double]], keys: [String],
                                  minimumPopulation: Double, excludedCodes: Set<String>) -> [String: String] {
        var out: [String: String] = [:]
        for code in codes {
            if excludedCodes.contains(code) {
                out[code] = "von Hand ausgeschlossen"
            } else if let p = population[code], p < minimumPopulation {
                out[code] = "weniger als \(Int(minimumPopulation)) Einwohner"
            } else if population[code] == nil && minimumPopulation > 0 {
                out[code] = "Einwohnerzahl fehlt"
            } else if let missing = keys.first(where: { values[$0]?[code]?.isFinite != true }) {
                out[code] = "Wert fehlt: \(missing)"
            }
        }
        return out
    }

    /// Mean and population standard deviation.
    public static func meanAndSD(_ xs: [Double]) -> (mean: Double, sd: Double) {
        guard !xs.isEmpty else { return (.nan, .nan) }
        let m = xs.reduce(0, +) / Double(xs.count)
        let v = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count)
        return (m, v.squareRoot())
    }

    /// z-standardises `xs`; all-equal values give 0 (no spread, no signal).
    public static func zScores(_ xs: [Double]) -> [Double] {
        let (m, sd) = meanAndSD(xs)
        return xs.map { sd > 0 ? ($0 - m) / sd : 0 }
    }

    private func dimension(_ components: [Component], scale: Scale, codes: [String], values: [String: [String: Double]]) -> [String: Score] {
        guard !components.isEmpty, !codes.isEmpty else { return [:] }
        // z[c][a]: component c's turned z-value for area a.
        let z: [[Double]] = components.map { comp in
            Self.zScores(codes.map { values[comp.key]![$0]! }).map { $0 * comp.direction }
        }
        func index(leaving out: Int?) -> [Double] {
            let sums = codes.indices.map { a in components.indices.reduce(0.0) { $0 + ($1 == out ? 0 : z[$1][a]) } }
            return Self.zScores(sums)
        }
        let full = index(leaving: nil)
        let loo: [[Double]] = components.count > 1 ? components.indices.map { index(leaving: $0) } : []
        var out: [String: Score] = [:]
        for (a, code) in codes.enumerated() {
            let cls = scale.classIndex(full[a])
            var changes: [String] = []
            for (c, alt) in loo.enumerated() where scale.classIndex(alt[a]) != cls { changes.append(components[c].key) }
            out[code] = Score(index: full[a], classIndex: cls, label: scale.labels[cls],
                              contributions: components.indices.map { z[$0][a] }, classChangesWithout: changes)
        }
        return out
    }
}
