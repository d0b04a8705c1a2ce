import Testing
@testable import QuartierCore

@Suite struct ComputationTests {
    let levels = [
        AreaLevel(key: "stadt", name: "Stadt", rank: 0),
        AreaLevel(key: "teil", name: "Stadtteil", parentKey: "stadt", rank: 1),
        AreaLevel(key: "sr", name: "Sozialraum", parentKey: "teil", rank: 2),
    ]
    let areas = [
        Area(code: "T", name: "Stadt", levelKey: "stadt"),
        Area(code: "N", name: "Nord", levelKey: "teil", parentCode: "T"),
        Area(code: "S", name: "Süd", levelKey: "teil", parentCode: "T"),
        Area(code: "a", name: "A", levelKey: "sr", parentCode: "N"),
        Area(code: "b", name: "B", levelKey: "sr", parentCode: "N"),
        Area(code: "c", name: "C", levelKey: "sr", parentCode: "S"),
    ]
    let p = Period(year: 2024)

    func v(_ area: String, _ key: String, _ value: Double?, _ status: ValueStatus = .ok) -> DataValue {
        DataValue(areaCode: area, variableKey: key, period: p, value: value, status: status)
    }

    @Test func parentRateComesFromSummedCountsNotMeanOfRates() throws {
        let values = [v("a", "k", 10), v("a", "n", 100), v("b", "k", 90), v("b", "n", 300), v("c", "k", 5), v("c", "n", 50)]
        let c = IndicatorComputation(areas: areas, levels: levels, values: values)
        let f = try Formula("share(k, n)")
        // Nord: (10 + 90) / (100 + 300) = 25 %, not the mean of 10 % and 30 %.
        #expect(c.evaluate(f, areaCode: "N").value == 25)
        // The town has no stored values here: the finest level is summed.
        #expect(c.townOutcome(f).value == 105.0 / 450.0 * 100)
    }

    @Test func storedTopValueWinsOverSum() throws {
        let values = [v("a", "k", 1), v("a", "n", 10), v("b", "k", nil, .suppressed), v("b", "n", 10),
                      v("c", "k", 4), v("c", "n", 20), v("T", "k", 7), v("T", "n", 40)]
        let c = IndicatorComputation(areas: areas, levels: levels, values: values)
        let f = try Formula("share(k, n)")
        #expect(c.townOutcome(f).value == 17.5)
        // A suppressed child suppresses the computed parent.
        #expect(c.evaluate(f, areaCode: "N").status == .suppressed)
        #expect(c.evaluate(f, areaCode: "S").value == 20)
    }

    @Test func lowReliabilityBelowMinimumDenominator() throws {
        let values = [v("a", "k", 3), v("a", "n", 20), v("c", "k", 30), v("c", "n", 200)]
        let c = IndicatorComputation(areas: areas, levels: levels, values: values, minimumDenominator: 50)
        let f = try Formula("share(k, n)")
        let rows = c.outcomes(f, isShare: true, levelKey: "sr")
        #expect(rows.first { $0.area.code == "a" }!.lowReliability)
        #expect(!rows.first { $0.area.code == "c" }!.lowReliability)
        #expect(rows.first { $0.area.code == "c" }!.intervalLower != nil)
        #expect(rows.first { $0.area.code == "b" }!.outcome.status == .missing)
    }

    @Test func keysFromNames() {
        #expect(AreaLevel.key(forName: "Sozialraum") == "sozialraum")
        #expect(AreaLevel.key(forName: "Bezirk Süd") == "bezirk-sued")
        #expect(Variable.key(forLabel: "Einwohner 0–2 Jahre") == "einwohner_0_2_jahre")
        #expect(Variable.key(forLabel: "65+ Ältere") == "v_65_aeltere")
        #expect(Variable.isValidKey("ew_0_2"))
        #expect(!Variable.isValidKey("0ew"))
        #expect(!Variable.isValidKey("Ew"))
    }

    @Test func periods() {
        #expect(Period(year: 2024).date == "2024-12-31")
        #expect(Period(year: 2024).germanDate == "31.12.2024")
        #expect(Period.isValidISODate("2024-02-29"))
        #expect(!Period.isValidISODate("2023-02-29"))
        #expect(!Period.isValidISODate("2023-13-01"))
    }
}
