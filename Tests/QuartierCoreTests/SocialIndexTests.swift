import Testing
@testable import QuartierCore

@Suite struct SocialIndexTests {
    let codes = ["A", "B", "C", "D"]
    let population: [String: Double] = ["A": 1000, "B": 1000, "C": 1000, "D": 1000]

    @Test func singleIndicatorIsItsZScoreWithPopulationSD() {
        let idx = SocialIndex(status: [.init(key: "a")])
        let r = idx.compute(codes: codes, population: population, values: ["a": ["A": 1, "B": 2, "C": 3, "D": 4]])
        let z = 1.5 / 1.25.squareRoot()
        #expect(abs(r[0].status!.index + z) < 1e-12)
        #expect(abs(r[3].status!.index - z) < 1e-12)
        #expect(r.map { $0.status!.label } == ["hoch", "mittel", "mittel", "niedrig"])
    }

    @Test func directionTurnsAnIndicator() {
        let idx = SocialIndex(status: [.init(key: "a"), .init(key: "b", direction: -1)])
        let r = idx.compute(codes: codes, population: population, values: ["a": ["A": 1, "B": 2, "C": 3, "D": 4], "b": ["A": 4, "B": 3, "C": 2, "D": 1]])
        let single = SocialIndex(status: [.init(key: "a")]).compute(codes: codes, population: population, values: ["a": ["A": 1, "B": 2, "C": 3, "D": 4]])
        for (x, y) in zip(r, single) { #expect(abs(x.status!.index - y.status!.index) < 1e-12) }
        #expect(r.allSatisfy { $0.status!.classChangesWithout.isEmpty })
        #expect(abs(r[0].status!.contributions[1] - r[0].status!.contributions[0]) < 1e-12)
    }

    @Test func handComputedSumAndLeaveOneOut() {
        let idx = SocialIndex(status: [.init(key: "a"), .init(key: "b")])
        let r = idx.compute(codes: codes, population: population, values: ["a": ["A": 1, "B": 2, "C": 3, "D": 4], "b": ["A": 1, "B": 1, "C": 1, "D": 10]])
        let expected = [-1.0186104367191051, -0.5438438301022153, -0.06907722348532547, 1.6315314903066458]
        for (x, e) in zip(r, expected) { #expect(abs(x.status!.index - e) < 1e-12) }
        #expect(r.map { $0.status!.label } == ["hoch", "mittel", "mittel", "sehr niedrig"])
        #expect(r[0].status!.classChangesWithout == ["a"])
        #expect(r[3].status!.classChangesWithout == ["b"])
        #expect(r[1].status!.classChangesWithout.isEmpty)
    }

    @Test func smallAndListedAreasAreExcludedAndDoNotMoveTheOthers() {
        var pop = population
        pop["E"] = 120
        let idx = SocialIndex(status: [.init(key: "a")], excludedCodes: ["F"])
        let values = ["a": ["A": 1.0, "B": 2, "C": 3, "D": 4, "E": 100, "F": -50, "G": 5]]
        pop["F"] = 5000
        let r = idx.compute(codes: codes + ["E", "F", "G"], population: pop, values: values)
        #expect(r[4].excluded == "weniger als 300 Einwohner" && r[4].status == nil)
        #expect(r[5].excluded == "von Hand ausgeschlossen")
        #expect(r[6].excluded == "Einwohnerzahl fehlt")
        #expect(abs(r[0].status!.index + 1.5 / 1.25.squareRoot()) < 1e-12)
    }

    @Test func missingValueExcludesTheArea() {
        let idx = SocialIndex(status: [.init(key: "a"), .init(key: "b")])
        let r = idx.compute(codes: codes, population: population, values: ["a": ["A": 1, "B": 2, "C": 3, "D": 4], "b": ["A": 1, "B": 2, "C": 3]])
        #expect(r[3].excluded == "Wert fehlt: b")
        #expect(r[0].status != nil)
    }

    @Test func allEqualValuesAndASingleAreaGiveZero() {
        let idx = SocialIndex(status: [.init(key: "a")])
        let equal = idx.compute(codes: codes, population: population, values: ["a": ["A": 5, "B": 5, "C": 5, "D": 5]])
        #expect(equal.allSatisfy { $0.status!.index == 0 && $0.status!.label == "mittel" })
        let single = idx.compute(codes: ["A"], population: population, values: ["a": ["A": 7]])
        #expect(single[0].status!.index == 0)
    }

    @Test func statusAndDynamicsGroup() {
        let idx = SocialIndex(status: [.init(key: "s")], dynamics: [.init(key: "d")])
        let r = idx.compute(codes: codes, population: population,
                            values: ["s": ["A": 1, "B": 2, "C": 3, "D": 4], "d": ["A": 4, "B": 3, "C": 2, "D": 1]])
        #expect(r[0].group == "hoch / negativ")
        #expect(r[3].group == "niedrig / positiv")
    }

    @Test func scaleBoundariesAreClosedOnTheRight() {
        let s = SocialIndex.Scale.berlinStatus
        #expect(s.classIndex(-1) == 0)
        #expect(s.classIndex(-0.999) == 1)
        #expect(s.classIndex(1) == 1)
        #expect(s.classIndex(1.5) == 2)
        #expect(s.classIndex(1.5001) == 3)
    }

    @Test func classificationEdgeCases() {
        for method in Classification.Method.allCases {
            #expect(Classification.make(method, values: [], classes: 5).upperBounds.isEmpty || method == .manual, "\(method)")
            let one = Classification.make(method, values: [3], classes: 5, manualBreaks: [1])
            #expect(one.classIndex(of: 3) != nil, "\(method)")
            let equal = Classification.make(method, values: [2, 2, 2, 2], classes: 5, manualBreaks: [1])
            #expect(equal.counts([2, 2, 2, 2]).reduce(0, +) == 4, "\(method)")
        }
        let jenks = Classification.fisherJenks([1, 1, 2, 2, 10, 10, 11], classes: 3)
        #expect(jenks.upperBounds == [1, 2, 11])
        #expect(Classification.fisherJenks([1, 2, 3], classes: 5).upperBounds == [1, 2, 3])
        let left = Classification(upperBounds: [2, 4], method: "manual", closure: .left)
        #expect(left.classIndex(of: 2) == 1)
        #expect(Classification(upperBounds: [2, 4], method: "manual").classIndex(of: 2) == 0)
    }
}
