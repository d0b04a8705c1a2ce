/// Sample quantiles with the nine definitions of R's `quantile(type = 1…9)` (Hyndman & Fan 1996).
public enum Quantile {
    /// The `p`-quantile (0 ≤ p ≤ 1) of `sorted` (ascending, non-empty) by R type `type`.
    public static func value(_ sorted: [Double], p: Double, type: Int = 7) -> Double {
        precondition(!sorted.isEmpty)
        let n = Double(sorted.count)
        func x(_ k: Int) -> Double { sorted[min(max(k, 1), sorted.count) - 1] }
        switch type {
        case 1, 2, 3:
            let m: Double = type == 3 ? -0.5 : 0
            let np = n * p + m
            let fuzz = 4 * Double.ulpOfOne * max(1, abs(np))
            let j = Int((np + fuzz).rounded(.down))
            var g = np - Double(j)
            if abs(g) < fuzz { g = 0 }
            var gamma: Double
            switch type {
            case 1: gamma = g > 0 ? 1 : 0
            case 2: gamma = g > 0 ? 1 : 0.5
            default: gamma = (g == 0 && j % 2 == 0) ? 0 : 1
            }
            if type == 2 && g == 0 { return (x(j) + x(j + 1)) / 2 }
            return gamma == 0 ? x(j) : x(j + 1)
        default:
            let (a, b): (Double, Double) = switch type {
            case 4: (0, 1)
            case 5: (0.5, 0.5)
            case 6: (0, 0)
            case 8: (1.0 / 3, 1.0 / 3)
            case 9: (3.0 / 8, 3.0 / 8)
            default: (1, 1)
            }
            // p-th quantile at position h = n·p + m with m = a + p·(1 − a − b).
            let m = a + p * (1 - a - b)
            let h = n * p + m
            let fuzz = 4 * Double.ulpOfOne * max(1, abs(h))
            let j = Int((h + fuzz).rounded(.down))
            var g = h - Double(j)
            if abs(g) < fuzz { g = 0 }
            if j < 1 { return sorted[0] }
            if j >= sorted.count { return sorted[sorted.count - 1] }
            return x(j) + g * (x(j + 1) - x(j))
        }
    }
}
