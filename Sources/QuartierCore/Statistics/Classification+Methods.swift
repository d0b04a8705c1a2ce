/// The map classification methods, each reproducing mapclassify's (PySAL) definition so that
/// maps made here and in Python agree. Every method returns upper bounds; intervals are closed
/// on the right (mapclassify's convention) unless `closure` says otherwise.
extension Classification {
    /// The methods a user can choose, with their URL keys.
    public enum Method: String, Sendable, CaseIterable {
        case quantile, equalInterval = "equal", fisherJenks = "jenks", standardDeviation = "stddev",
             headTail = "headtail", maximumBreaks = "maxbreaks", manual

        public var germanName: String {
            switch self {
            case .quantile: "Quantile"
            case .equalInterval: "Gleiche Intervalle"
            case .fisherJenks: "Natürliche Brüche (Fisher-Jenks)"
            case .standardDeviation: "Standardabweichung"
            case .headTail: "Head/Tail-Brüche"
            case .maximumBreaks: "Größte Lücken"
            case .manual: "Eigene Grenzen"
            }
        }

        public var englishName: String {
            switch self {
            case .quantile: "Quantiles"
            case .equalInterval: "Equal intervals"
            case .fisherJenks: "Natural breaks (Fisher-Jenks)"
            case .standardDeviation: "Standard deviation"
            case .headTail: "Head/tail breaks"
            case .maximumBreaks: "Maximum breaks"
            case .manual: "Manual breaks"
            }
        }
    }

    /// Classifies with `method`; `classes` is ignored where the method sets its own number.
    public static func make(_ method: Method, values: [Double], classes: Int, quantileType: Int = 7, manualBreaks: [Double] = []) -> Classification {
        switch method {
        case .quantile: quantiles(values, classes: classes, type: quantileType)
        case .equalInterval: equalInterval(values, classes: classes)
        case .fisherJenks: fisherJenks(values, classes: classes)
        case .standardDeviation: standardDeviation(values)
        case .headTail: headTail(values)
        case .maximumBreaks: maximumBreaks(values, classes: classes)
        case .manual: manual(values, breaks: manualBreaks)
        }
    }

    private static func finiteSorted(_ values: [Double]) -> [Double] { values.filter(\.isFinite).sorted() }

    /// Equal intervals between minimum and maximum (mapclassify `EqualInterval`).
    public static func equalInterval(_ values: [Double], classes k: Int) -> Classification {
        let s = finiteSorted(values)
        guard let lo = s.first, let hi = s.last, k >= 1 else { return Classification(upperBounds: [], method: "equal") }
        guard hi > lo else { return Classification(upperBounds: [hi], method: "equal") }
        let width = (hi - lo) / Double(k)
        // As numpy.arange(min + width, max + width, width): start + i · step, the last set to the maximum.
        var cuts = (0..<k).map { (lo + width) + Double($0) * width }
        cuts[k - 1] = hi
        return Classification(upperBounds: cuts, method: "equal")
    }

    /// Exact optimal natural breaks: the partition into `k` classes of consecutive sorted values
    /// with the least within-class sum of squared deviations (Fisher 1958; mapclassify
    /// `FisherJenks`). Dynamic programming with the divide-and-conquer optimisation (the optimal
    /// split point is monotone), O(k · n log n), exact in double precision. Bounds are each class's
    /// largest value. With fewer distinct values than `k`, every distinct value is its own class.
    public static func fisherJenks(_ values: [Double], classes k: Int) -> Classification {
        let x = finiteSorted(values)
        let n = x.count
        guard n > 0, k >= 1 else { return Classification(upperBounds: [], method: "jenks") }
        var distinct: [Double] = []
        for v in x where distinct.last != v { distinct.append(v) }
        if distinct.count <= k { return Classification(upperBounds: distinct, method: "jenks") }
        // Prefix sums for the cost of a class x[i...j] (0-based, inclusive).
        var s1 = [Double](repeating: 0, count: n + 1), s2 = [Double](repeating: 0, count: n + 1)
        for i in 0..<n { s1[i + 1] = s1[i] + x[i]; s2[i + 1] = s2[i] + x[i] * x[i] }
        @inline(__always) func cost(_ i: Int, _ j: Int) -> Double {
            let w = Double(j - i + 1)
            let a = s1[j + 1] - s1[i]
            return max(0, (s2[j + 1] - s2[i]) - a * a / w)
        }
        // prev[j]: best cost of x[0...j] in c−1 classes; cur[j] in c classes; split[c][j]: start of the last class.
        var prev = (0..<n).map { cost(0, $0) }
        var cur = [Double](repeating: .infinity, count: n)
        var split = [[Int]](repeating: [Int](repeating: 0, count: n), count: k + 1)
        for c in 2...k {
            // Solve cur[j] for j in lo...hi knowing the optimal start lies in optLo...optHi.
            func solve(_ lo: Int, _ hi: Int, _ optLo: Int, _ optHi: Int) {
                if lo > hi { return }
                let mid = (lo + hi) / 2
                var best = Double.infinity, bestI = max(optLo, c - 1)
                let upper = min(mid, optHi)
                var i = max(optLo, c - 1)
                while i <= upper {
                    let v = prev[i - 1] + cost(i, mid)
                    if v < best { best = v; bestI = i }
                    i += 1
                }
                cur[mid] = best
                split[c][mid] = bestI
                solve(lo, mid - 1, optLo, bestI)
                solve(mid + 1, hi, bestI, optHi)
            }
            for j in 0..<(c - 1) { cur[j] = .infinity }
            solve(c - 1, n - 1, c - 1, n - 1)
            swap(&prev, &cur)
        }
        var bounds = [Double](repeating: 0, count: k)
        var end = n - 1
        var c = k
        while c >= 2 {
            let start = split[c][end]
            bounds[c - 1] = x[end]
            end = start - 1
            c -= 1
        }
        bounds[0] = x[end]
        return Classification(upperBounds: bounds, method: "jenks")
    }

    /// Classes by the mean and multiples of the sample standard deviation (mapclassify `StdMean`):
    /// bounds at mean + m · sd for m in `multiples`, plus the maximum if it lies above.
    public static func standardDeviation(_ values: [Double], multiples: [Double] = [-2, -1, 1, 2]) -> Classification {
        let s = finiteSorted(values)
        guard let hi = s.last else { return Classification(upperBounds: [], method: "stddev") }
        let mean = s.reduce(0, +) / Double(s.count)
        let sd = s.count > 1 ? (s.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(s.count - 1)).squareRoot() : 0
        var cuts = multiples.map { mean + sd * $0 }
        if let last = cuts.last, last < hi { cuts.append(hi) }
        return Classification(upperBounds: cuts, method: "stddev")
    }

    /// Head/tail breaks for heavy-tailed data (Jiang 2013; mapclassify `HeadTailBreaks`): the
    /// mean splits the values; the part above the mean (the head) is split again, until the head
    /// holds a single distinct value.
    public static func headTail(_ values: [Double]) -> Classification {
        var head = finiteSorted(values)
        var cuts: [Double] = []
        while !head.isEmpty {
            let mean = head.reduce(0, +) / Double(head.count)
            if let last = cuts.last, last == mean { break }
            cuts.append(mean)
            guard head.first != head.last else { break }
            head = head.filter { $0 > mean }
        }
        return Classification(upperBounds: cuts, method: "headtail")
    }

    /// Breaks in the middle of the k − 1 widest gaps between sorted values (mapclassify
    /// `MaximumBreaks`); the last bound is the maximum. Equal gaps are taken from the top.
    public static func maximumBreaks(_ values: [Double], classes k: Int) -> Classification {
        let x = finiteSorted(values)
        guard let hi = x.last, k >= 1 else { return Classification(upperBounds: [], method: "maxbreaks") }
        guard x.count > 1 else { return Classification(upperBounds: [hi], method: "maxbreaks") }
        let gaps = (0..<(x.count - 1)).map { (gap: x[$0 + 1] - x[$0], index: $0) }
        let order = gaps.sorted { $0.gap != $1.gap ? $0.gap < $1.gap : $0.index < $1.index }
        var mids: [Double] = []
        for c in 1..<k where c <= order.count {
            let g = order[order.count - c]
            mids.append((x[g.index] + x[g.index + 1]) / 2)
        }
        mids.append(hi)
        mids.sort()
        return Classification(upperBounds: mids, method: "maxbreaks")
    }

    /// Equal-width classes on both sides of a centre (the town's value, or zero for changes), for
    /// diverging colour schemes: the centre is always a bound, the widest side sets the width.
    public static func aroundCentre(_ values: [Double], centre: Double, classes k: Int) -> Classification {
        let s = finiteSorted(values)
        guard let lo = s.first, let hi = s.last else { return Classification(upperBounds: [], method: "centre") }
        let half = max(1, k / 2)
        let reach = max(hi - centre, centre - lo, 1e-12)
        let step = reach / Double(half)
        var bounds = (1...half).map { centre - reach + Double($0) * step }   // ends with the centre
        bounds += (1...half).map { centre + Double($0) * step }
        bounds[bounds.count - 1] = max(bounds[bounds.count - 1], hi)
        return Classification(upperBounds: bounds, method: "centre")
    }

    /// The user's own bounds (mapclassify `UserDefined`); the maximum is added if it lies above the last.
    public static func manual(_ values: [Double], breaks: [Double]) -> Classification {
        var b = breaks.sorted()
        if let hi = finiteSorted(values).last, b.last.map({ $0 < hi }) ?? true { b.append(hi) }
        return Classification(upperBounds: b, method: "manual")
    }
}
