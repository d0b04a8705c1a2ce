import Testing
@testable import QuartierCore

@Suite struct StatisticsTests {
    // Expected values from numpy.quantile with the Hyndman–Fan methods that match R's types 1–9.
    static let data: [Double] = [3.1, 7.4, 1.2, 9.9, 4.4, 4.4, 12.5, 0.3, 6.6, 8.8, 2.0]
    static let expected: [Double: [Double]] = [
        0.1: [1.2, 1.2, 0.3, 0.39, 0.84, 0.48, 1.2, 0.72, 0.75],
        0.25: [2.0, 2.0, 2.0, 1.8, 2.275, 2.0, 2.55, 2.183333333333333, 2.20625],
        0.9: [9.9, 9.9, 9.9, 9.79, 10.94, 11.98, 9.9, 11.286666666666667, 11.2],
    ]

    @Test(arguments: 1...9) func quantileTypesMatchR(type: Int) {
        let s = Self.data.sorted()
        for (p, values) in Self.expected {
            let q = Quantile.value(s, p: p, type: type)
            #expect(abs(q - values[type - 1]) < 1e-9, "type \(type), p \(p): \(q)")
        }
        #expect(Quantile.value(s, p: 0.5, type: type) == 4.4)
    }

    @Test func wilsonIntervalMatchesFormula() throws {
        let w = try #require(Reliability.wilson(successes: 5, trials: 50))
        #expect(abs(w.lower - 4.347576493189041) < 1e-9)
        #expect(abs(w.upper - 21.360231437479655) < 1e-9)
        let zero = try #require(Reliability.wilson(successes: 0, trials: 20))
        #expect(zero.lower == 0)
        #expect(abs(zero.upper - 16.112515805281937) < 1e-9)
        #expect(Reliability.wilson(successes: 1, trials: 0) == nil)
    }

    @Test func quantileClassesAreClosedOnTheRight() {
        let values: [Double] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        let c = Classification.quantiles(values, classes: 5)
        #expect(c.upperBounds == [2.8, 4.6, 6.4, 8.2, 10])
        #expect(c.classIndex(of: 2.8) == 0)
        #expect(c.classIndex(of: 2.81) == 1)
        #expect(c.classIndex(of: 10) == 4)
        #expect(c.counts(values) == [2, 2, 2, 2, 2])
    }

    @Test func tiedValuesCollapseClasses() {
        let c = Classification.quantiles([1, 1, 1, 1, 2], classes: 4)
        #expect(c.upperBounds == [1, 2])
    }
}
