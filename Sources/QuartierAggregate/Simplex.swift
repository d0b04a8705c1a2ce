/// A small dense simplex solver for the disclosure audit: bounds of one variable subject to
/// A x = b, x ≥ 0. Two phases, Bland's rule (no cycling); fine for the few hundred withheld
/// cells of one connected part of a table.
public struct EqualitySystem: Sendable {
    public var a: [[Double]]
    public var b: [Double]
    public let n: Int

    public init(variables n: Int) {
        self.n = n
        a = []
        b = []
    }

    public mutating func add(_ coefficients: [(Int, Double)], equals rhs: Double) {
        var row = [Double](repeating: 0, count: n)
        for (j, v) in coefficients { row[j] += v }
        a.append(row)
        b.append(rhs)
    }

    public enum Outcome: Equatable, Sendable { case infeasible, bounds([(low: Double, high: Double)]) 
        public static func == (l: Outcome, r: Outcome) -> Bool {
            switch (l, r) {
            case (.infeasible, .infeasible): return true
            case (.bounds(let x), .bounds(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.low == $1.low && $0.high == $1.high }
            default: return false
            }
        }
    }

    static let eps = 1e-9

    /// For every variable, its smallest and largest value over all solutions (high is +∞ when unbounded).
    public func bounds() -> Outcome {
        let m = a.count
        if n == 0 { return .bounds([]) }
        // Tableau with artificials: columns 0..<n originals, n..<n+m artificials, last column rhs.
        let width = n + m + 1
        var t = [[Double]](repeating: [Double](repeating: 0, count: width), count: m)
        var basis = [Int](repeating: 0, count: m)
        for i in 0..<m {
            let sign: Double = b[i] < 0 ? -1 : 1
            for j in 0..<n { t[i][j] = a[i][j] * sign }
            t[i][n + i] = 1
            t[i][width - 1] = b[i] * sign
            basis[i] = n + i
        }
        // Phase 1: minimise the sum of artificials.
        var cost = [Double](repeating: 0, count: width)
        for i in 0..<m { cost[n + i] = 1 }
        guard let v1 = Self.solve(&t, &basis, cost: cost, allowed: n + m), v1 < 1e-7 else { return .infeasible }
        // Drive artificials out of the basis where possible; drop redundant rows.
        var i = 0
        while i < t.count {
            if basis[i] >= n {
                if let j = (0..<n).first(where: { abs(t[i][$0]) > Self.eps }) {
                    Self.pivot(&t, &basis, row: i, col: j)
                } else {
                    t.remove(at: i); basis.remove(at: i); continue
                }
            }
            i += 1
        }
        var out: [(low: Double, high: Double)] = []
        for j in 0..<n {
            var low = 0.0, high = Double.infinity
            var tmin = t, bmin = basis
            var c = [Double](repeating: 0, count: width)
            c[j] = 1
            if let v = Self.solve(&tmin, &bmin, cost: c, allowed: n) { low = v }
            var tmax = t, bmax = basis
            c[j] = -1
            if let v = Self.solve(&tmax, &bmax, cost: c, allowed: n) { high = -v }
            out.append((max(0, low), high))
        }
        return .bounds(out)
    }

    static func pivot(_ t: inout [[Double]], _ basis: inout [Int], row r: Int, col c: Int) {
        let p = t[r][c]
        for k in t[r].indices { t[r][k] /= p }
        for i in t.indices where i != r {
            let f = t[i][c]
            if abs(f) > 0 { for k in t[i].indices { t[i][k] -= f * t[r][k] } }
        }
        basis[r] = c
    }

    /// Minimises cost·x over the tableau's feasible basis; nil when unbounded.
    static func solve(_ t: inout [[Double]], _ basis: inout [Int], cost: [Double], allowed: Int) -> Double? {
        let width = cost.count
        for _ in 0..<10_000 {
            // Reduced costs: c_j − c_B · column_j.
            var entering: Int?
            for j in 0..<allowed where !basis.contains(j) {
                var rc = cost[j]
                for i in t.indices { rc -= cost[basis[i]] * t[i][j] }
                if rc < -eps { entering = j; break }   // Bland: the first improving column
            }
            guard let e = entering else {
                var v = 0.0
                for i in t.indices { v += cost[basis[i]] * t[i][width - 1] }
                return v
            }
            var leave: Int?
            var best = Double.infinity
            for i in t.indices where t[i][e] > eps {
                let ratio = t[i][width - 1] / t[i][e]
                if ratio < best - eps || (abs(ratio - best) <= eps && basis[i] < basis[leave ?? i]) { best = ratio; leave = i }
            }
            guard let l = leave else { return nil }
            pivot(&t, &basis, row: l, col: e)
        }
        return nil
    }
}
