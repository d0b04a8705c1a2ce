import QuartierCore
import Testing

/// Class conventions as publications use them (issue 24): which class a value on a bound joins,
/// for every R quantile type, and ranks with ties. The expected numbers are computed by hand.
@Suite struct ClassConventionTests {
    /// The median of 1…5 per R type (Hyndman & Fan): types 1, 2 and 5–9 give 3, type 3 (nearest
    /// even order statistic) gives 2, type 4 (linear in the empirical CDF) gives 2.5. With the bound
    /// on a value, right closure keeps that value in the lower class, left closure (R's
    /// findInterval) moves it up.
    @Test func bothClosuresAtExactBoundsForEveryQuantileType() {
        let values: [Double] = [1, 2, 3, 4, 5]
        let medians: [Double] = [3, 3, 2, 2.5, 3, 3, 3, 3, 3]
        let right: [[Int]] = [[3, 2], [3, 2], [2, 3], [2, 3], [3, 2], [3, 2], [3, 2], [3, 2], [3, 2]]
        let left: [[Int]] = [[2, 3], [2, 3], [1, 4], [2, 3], [2, 3], [2, 3], [2, 3], [2, 3], [2, 3]]
        for type in 1...9 {
            var c = Classification.quantiles(values, classes: 2, type: type)
            #expect(c.upperBounds == [medians[type - 1], 5], "type \(type): \(c.upperBounds)")
            #expect(c.counts(values) == right[type - 1], "type \(type), right")
            c.closure = .left
            #expect(c.counts(values) == left[type - 1], "type \(type), left")
            // The maximum stays in the last class under both.
            #expect(c.classIndex(of: 5) == 1)
        }
        #expect(Classification.classIndex(of: 1, bounds: [1, 2], closure: .right) == 0)
        #expect(Classification.classIndex(of: 1, bounds: [1, 2], closure: .left) == 1)
    }

    /// Ranks: 1 is the highest index; equal indices share the best rank of their group.
    @Test func ranksWithTies() {
        #expect(CompositeIndex.ranks([5, 7, 7, 1]) == [3, 1, 1, 4])
        #expect(CompositeIndex.ranks([2, 2, 2]) == [1, 1, 1])
        #expect(CompositeIndex.ranks([]) == [])
    }

    /// Each method's own class scale: deciles of the rank for rank-exp (decile 1 = the tenth with
    /// the most need), thresholds that respect the closure.
    @Test func classScalesPerMethod() {
        let codes = (1...20).map { "G\($0)" }
        var x: [String: Double] = [:]
        for (i, c) in codes.enumerated() { x[c] = Double(i) }
        let imd = CompositeIndex(method: .rankExponential, components: [.init(key: "x")], classes: .rankGroups(10))
        let r = imd.compute(codes: codes, values: ["x": x])
        // G20 has the highest value: rank 1, decile 1; G1 rank 20, decile 10.
        #expect(r.last?.rank == 1 && r.last?.label == "1" && r.first?.rank == 20 && r.first?.label == "10")
        #expect(Dictionary(grouping: r, by: \.label).mapValues(\.count) == Dictionary(uniqueKeysWithValues: (1...10).map { (String($0), 2) }))
        // Min–max on 0…1 with a threshold of 0.5: 0.5 itself is below with right, above with left.
        let half = ["a": 0.0, "b": 0.5, "c": 1.0]
        let right = CompositeIndex(method: .minMax, components: [.init(key: "x")], classes: .thresholds([0.5], labels: ["unten", "oben"]))
        #expect(right.compute(codes: ["a", "b", "c"], values: ["x": half]).map(\.label) == ["unten", "unten", "oben"])
        let left = CompositeIndex(method: .minMax, components: [.init(key: "x")], classes: .thresholds([0.5], labels: ["unten", "oben"]), closure: .left)
        #expect(left.compute(codes: ["a", "b", "c"], values: ["x": half]).map(\.label) == ["unten", "oben", "oben"])
        let berlin = SocialIndex.Scale(thresholds: [-1, 1, 1.5], labels: ["hoch", "mittel", "niedrig", "sehr niedrig"], closure: .left)
        #expect(berlin.classIndex(1) == 2 && SocialIndex.Scale.berlinStatus.classIndex(1) == 1)
    }
}
