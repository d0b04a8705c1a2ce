import Foundation
import Testing
@testable import QuartierCore

@Suite struct CompositeIndexTests {
    let codes = ["A", "B", "C", "D"]
    let values: [String: [String: Double]] = [
        "a": ["A": 1, "B": 2, "C": 3, "D": 4],
        "b": ["A": 1, "B": 1, "C": 1, "D": 10],
    ]
    let halves = CompositeIndex.ClassRule.thresholds([0], labels: ["unten", "oben"])

    @Test func zScoreEqualsTheBerlinStatusIndex() {
        let ci = CompositeIndex(method: .zScore, components: [.init(key: "a"), .init(key: "b")],
                                classes: .thresholds([-1, 1, 1.5], labels: ["hoch", "mittel", "niedrig", "sehr niedrig"]))
        let r = ci.compute(codes: codes, values: values)
        let berlin = SocialIndex(status: [.init(key: "a"), .init(key: "b")], minimumPopulation: 0)
            .compute(codes: codes, population: [:], values: values)
        for (x, y) in zip(r, berlin) {
            #expect(abs(x.index - y.status!.index) < 1e-12)
            #expect(x.label == y.status!.label)
            #expect(x.classChangesWithout == y.status!.classChangesWithout)
        }
    }

    @Test func weightsCount() {
        let ci = CompositeIndex(method: .minMax, components: [.init(key: "a", weight: 3), .init(key: "b", weight: 1)], classes: halves)
        let r = ci.compute(codes: codes, values: values)
        // a scaled: 0, 1/3, 2/3, 1; b scaled: 0, 0, 0, 1; weighted mean (3a + b) / 4.
        #expect(abs(r[1].index - 0.25) < 1e-12)
        #expect(abs(r[3].index - 1) < 1e-12)
        #expect(r[0].contributions == [0, 0])
    }

    @Test func ratioToTownWithDirection() {
        let ci = CompositeIndex(method: .ratioToTown, components: [.init(key: "a"), .init(key: "b", direction: -1)], classes: halves)
        let r = ci.compute(codes: ["A", "B"], values: ["a": ["A": 10, "B": 20], "b": ["A": 40, "B": 80]], town: ["a": 20, "b": 40])
        #expect(r[0].contributions == [50, 100])
        #expect(r[1].contributions == [100, 50])
        #expect(r[0].index == 75 && r[1].index == 75)
    }

    @Test func minMaxTurnsAndHandlesEqualValues() {
        #expect(CompositeIndex.minMax([1, 2, 3]) == [0, 0.5, 1])
        #expect(CompositeIndex.minMax([5, 5]) == [0, 0])
        let ci = CompositeIndex(method: .minMax, components: [.init(key: "a", direction: -1)], classes: halves)
        let expected: [Double] = [1, 2.0 / 3, 1.0 / 3, 0]
        let got = ci.compute(codes: codes, values: values).map(\.index)
        #expect(zip(got, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func exponentialTransformOfRanks() {
        let x = CompositeIndex.exponentialTransform(ranksOf: [10, 40, 20, 30])
        let c = 1 - exp(-100.0 / 23)
        #expect(abs(x[1] - 100) < 1e-9)                       // the most deprived gets 100
        #expect(abs(x[0] - -23 * log(1 - 0.25 * c)) < 1e-12)
        #expect(abs(x[2] - -23 * log(1 - 0.5 * c)) < 1e-12)
        let ties = CompositeIndex.exponentialTransform(ranksOf: [1, 1, 2])
        #expect(ties[0] == ties[1])
        #expect(abs(ties[0] - -23 * log(1 - 0.5 * c)) < 1e-12)  // mean rank 1.5 of 3
    }

    @Test func firstPrincipalComponent() {
        let z1 = SocialIndex.zScores([1, 2, 3, 4, 5]), z2 = SocialIndex.zScores([2, 1, 4, 3, 6])
        let v = CompositeIndex.firstPrincipalComponent([z1, z2])
        #expect(abs(v[0] - 1 / 2.0.squareRoot()) < 1e-9 && abs(v[1] - 1 / 2.0.squareRoot()) < 1e-9)
        let anti = CompositeIndex.firstPrincipalComponent([z1, z1.map { -$0 * 0.5 + 0.01 }].map(SocialIndex.zScores))
        #expect(anti[0] > 0)
    }

    @Test func principalComponentPerDimensionSummed() {
        let vals: [String: [String: Double]] = [
            "edu1": ["A": 1, "B": 2, "C": 3, "D": 4], "edu2": ["A": 2, "B": 2, "C": 5, "D": 6],
            "inc1": ["A": 9, "B": 1, "C": 5, "D": 2],
        ]
        let ci = CompositeIndex(method: .principalComponent,
                                components: [.init(key: "edu1", dimension: "Bildung"), .init(key: "edu2", dimension: "Bildung"), .init(key: "inc1", dimension: "Einkommen")],
                                classes: .quantiles(2, type: 7))
        let r = ci.compute(codes: codes, values: vals)
        // Each dimension is scaled to 0…1: the index lies in 0…2; A is lowest in education, highest in income.
        #expect(r.allSatisfy { $0.index >= 0 && $0.index <= 2 })
        #expect(abs(r[0].index - 1) < 1e-12)
        #expect(r.map(\.label).allSatisfy { $0 == "1" || $0 == "2" })
    }

    @Test func quantileClassesOfAnyRType() {
        let ci = CompositeIndex(method: .minMax, components: [.init(key: "x")], classes: .quantiles(5, type: 9))
        let vals = ["x": Dictionary(uniqueKeysWithValues: (1...10).map { ("a\($0)", Double($0)) })]
        let r = ci.compute(codes: (1...10).map { "a\($0)" }, values: vals)
        #expect(r.map(\.label) == ["1", "1", "2", "2", "3", "3", "4", "4", "5", "5"])
    }

    @Test func singleAreaAndAllEqual() {
        let ci = CompositeIndex(method: .zScore, components: [.init(key: "a")], classes: halves)
        #expect(ci.compute(codes: ["A"], values: ["a": ["A": 3]]).first?.index == 0)
        #expect(ci.compute(codes: codes, values: ["a": ["A": 2, "B": 2, "C": 2, "D": 2]]).allSatisfy { $0.index == 0 })
    }
}
