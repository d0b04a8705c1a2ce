/// Map classes: upper bounds of each class, intervals closed on the right as in mapclassify:
/// class 0 is (−∞, b₀], class i is (bᵢ₋₁, bᵢ].
public struct Classification: Sendable, Hashable {
    /// Which end of each class interval belongs to it.
    public enum Closure: String, Sendable {
        /// (bᵢ₋₁, bᵢ]: mapclassify's convention, Quartier's default.
        case right
        /// [bᵢ₋₁, bᵢ): R's `findInterval`.
        case left
    }

    public var upperBounds: [Double]
    public var method: String
    public var closure: Closure

    public init(upperBounds: [Double], method: String, closure: Closure = .right) {
        self.upperBounds = upperBounds
        self.method = method
        self.closure = closure
    }

    /// Quantile classes with R type 7 (linear interpolation, mapclassify's default) unless told otherwise.
    /// Repeated bounds (ties) collapse, so fewer classes than asked may result.
    public static func quantiles(_ values: [Double], classes k: Int, type: Int = 7) -> Classification {
        let s = values.filter { $0.isFinite }.sorted()
        guard !s.isEmpty, k >= 1 else { return Classification(upperBounds: [], method: "quantile") }
        var bounds: [Double] = []
        for i in 1...k {
            let b = i == k ? s[s.count - 1] : Quantile.value(s, p: Double(i) / Double(k), type: type)
            if bounds.last.map({ b > $0 }) ?? true { bounds.append(b) }
        }
        return Classification(upperBounds: bounds, method: "quantile")
    }

    /// The class of `x` among classes split at `bounds` (ascending): 0 below the first bound, …,
    /// `bounds.count` above the last; a value equal to a bound is in the class below it with
    /// `.right` and in the class above it with `.left` (R's `findInterval`).
    public static func classIndex(of x: Double, bounds: [Double], closure: Closure) -> Int {
        switch closure {
        case .right: bounds.firstIndex { x <= $0 } ?? bounds.count
        case .left: bounds.firstIndex { x < $0 } ?? bounds.count
        }
    }

    /// Class index of `value` (0-based); nil for a non-finite value.
    public func classIndex(of value: Double) -> Int? {
        guard value.isFinite, !upperBounds.isEmpty else { return nil }
        switch closure {
        case .right:
            for (i, b) in upperBounds.enumerated() where value <= b { return i }
        case .left:
            for (i, b) in upperBounds.enumerated() where value < b { return i }
        }
        return upperBounds.count - 1
    }

    /// Number of values in each class.
    public func counts(_ values: [Double]) -> [Int] {
        var c = Array(repeating: 0, count: upperBounds.count)
        for v in values { if let i = classIndex(of: v) { c[i] += 1 } }
        return c
    }
}
