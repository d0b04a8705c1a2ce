import Testing
@testable import QuartierCore

@Suite struct FormulaTests {
    func cells(_ d: [String: Double]) -> (String) -> Cell {
        { key in d[key].map { Cell(value: $0) } ?? .missing }
    }

    @Test func shareIsPercentOfDenominator() throws {
        let f = try Formula("share(a, b)")
        let o = f.evaluate(cells(["a": 25, "b": 200]))
        #expect(o.value == 12.5)
        #expect(o.numerator == 25)
        #expect(o.denominator == 200)
    }

    @Test func precedenceAndParentheses() throws {
        #expect(try Formula("1 + 2 * 3").evaluate(cells([:])).value == 7)
        #expect(try Formula("(1 + 2) * 3").evaluate(cells([:])).value == 9)
        #expect(try Formula("-a + 10 / 4").evaluate(cells(["a": 1])).value == 1.5)
        #expect(try Formula("per1000(a, b)").evaluate(cells(["a": 3, "b": 1500])).value == 2)
        #expect(try Formula("per100(a, b + c)").evaluate(cells(["a": 5, "b": 20, "c": 30])).value == 10)
        #expect(try Formula("ratio(a, b)").evaluate(cells(["a": 3, "b": 4])).value == 0.75)
        #expect(try Formula("sum(a, b, c)").evaluate(cells(["a": 1, "b": 2, "c": 3])).value == 6)
    }

    @Test func variablesInOrder() throws {
        #expect(try Formula("share(x + y, z + x)").variables == ["x", "y", "z"])
    }

    @Test func parseErrorPointsAtTheCharacter() {
        #expect(throws: FormulaError.self) { try Formula("share(a, b") }
        do { _ = try Formula("a + * b"); Issue.record("no error") } catch {
            #expect(error.position == 5)
        }
        do { _ = try Formula("a + b)"); Issue.record("no error") } catch {
            #expect(error.position == 6)
            #expect(error.message.contains(")"))
        }
        do { _ = try Formula("mean(a, b)"); Issue.record("no error") } catch {
            #expect(error.position == 1)
            #expect(error.message.contains("unbekannte Funktion „mean“"))
        }
        do { _ = try Formula("share(a)"); Issue.record("no error") } catch {
            #expect(error.message.contains("erwartet 2 Argumente"))
        }
    }

    @Test func unknownVariableIsNamed() throws {
        let f = try Formula("share(kinder, einwohner)")
        do { try f.validate(knownVariables: ["kinder"]); Issue.record("no error") } catch {
            #expect(error.message.contains("„einwohner“"))
            #expect(error.position == 15)
        }
    }

    @Test func divisionByZeroIsMissingWithReason() throws {
        let o = try Formula("share(a, b)").evaluate(cells(["a": 0, "b": 0]))
        #expect(o.value == nil)
        #expect(o.status == .missing)
        #expect(o.reason == "Division durch null")
    }

    @Test func suppressedInputSuppressesResult() throws {
        let o = try Formula("share(a, b)").evaluate { k in k == "a" ? Cell(value: nil, status: .suppressed) : Cell(value: 100) }
        #expect(o.status == .suppressed)
        #expect(o.value == nil)
    }

    @Test func indicatorKinds() {
        #expect(Indicator(key: "k", name: "", formula: "ew_a + ew_b", unit: "", topic: "", polarity: .neutral).isCount)
        #expect(!Indicator(key: "k", name: "", formula: "share(a, b)", unit: "", topic: "", polarity: .neutral).isCount)
        #expect(Indicator(key: "k", name: "", formula: "share(a, b)", unit: "", topic: "", polarity: .neutral).isShare)
        #expect(!Indicator(key: "k", name: "", formula: "per100(a, b)", unit: "", topic: "", polarity: .neutral).isShare)
    }

    @Test func standardCatalogFormulasUseStandardVariables() throws {
        let keys = Set(StandardCatalog.variables.map(\.key))
        #expect(StandardCatalog.indicators.count >= 20)
        for ind in StandardCatalog.indicators {
            try Formula(ind.formula).validate(knownVariables: keys)
        }
    }
}

@Suite struct ChangeTests {
    @Test func changeOfAShareIsInPercentagePoints() throws {
        let f = try Formula("change(share(k, n), 2)")
        #expect(f.lookbackYears == 2)
        let values: [Int: [String: Double]] = [0: ["k": 30, "n": 100], 2: ["k": 20, "n": 100]]
        let o = f.evaluate { key, back in values[back]?[key].map { Cell(value: $0) } ?? .missing }
        #expect(o.value == 10)
        #expect(o.numerator == nil)
    }

    @Test func missingEarlierYearNamesTheYear() throws {
        let o = try Formula("change(a, 5)").evaluate { key, back in back == 0 ? Cell(value: 1) : .missing }
        #expect(o.status == .missing)
        #expect(o.reason == "kein Wert für a (5 Jahre vorher)")
    }

    @Test func changeNeedsWholeYears() {
        #expect(throws: FormulaError.self) { try Formula("change(a, 1.5)") }
        #expect(throws: FormulaError.self) { try Formula("change(a, b)") }
        #expect(throws: FormulaError.self) { try Formula("change(a, 0)") }
    }

    @Test func computationLooksBackFromTheReferencePeriod() throws {
        let areas = [Area(code: "a", name: "A", levelKey: "sr")]
        let levels = [AreaLevel(key: "sr", name: "Sozialraum", rank: 1)]
        let values = [2020, 2022, 2024].map { DataValue(areaCode: "a", variableKey: "ew", period: Period(year: $0), value: Double($0 - 2000)) }
        let c = IndicatorComputation(areas: areas, levels: levels, values: values, period: Period(year: 2024))
        #expect(c.evaluate(try Formula("change(ew, 2)"), areaCode: "a").value == 2)
        #expect(c.evaluate(try Formula("change(ew, 4)"), areaCode: "a").value == 4)
        #expect(c.evaluate(try Formula("change(ew, 3)"), areaCode: "a").status == .missing)
        #expect(Period(date: "2024-02-29").earlier(years: 1).date == "2023-02-28")
    }

    @Test func versionInForceAtAPeriod() {
        let old = Indicator(key: "k", name: "alt", formula: "a", unit: "", topic: "", polarity: .neutral)
        let new = Indicator(key: "k", name: "neu", formula: "b", unit: "", topic: "", polarity: .neutral, validFrom: "2020-01-01")
        #expect(Indicator.version(at: Period(year: 2019), in: [old, new])?.name == "alt")
        #expect(Indicator.version(at: Period(year: 2020), in: [old, new])?.name == "neu")
        #expect(Indicator.version(at: Period(year: 2019), in: [new]) == nil)
    }

    /// Every formula costs bounded work per area (found by bench/fuzz.sh): a chain of signs is
    /// evaluated once, not twice per sign, and nested changes beyond the step limit are refused.
    @Test func evaluationCostIsBounded() throws {
        let signs = try Formula(String(repeating: "-", count: 26) + "share(eb_,_9p*0*0)")
        var lookups = 0
        let o = signs.evaluate { _, _ in lookups += 1; return Cell(value: nil, status: .missing) }
        #expect(o.status == .missing && lookups <= 4, "\(lookups) lookups")
        var nested = "x"
        for _ in 0..<12 { nested = "change(\(nested), 1)" }
        #expect(throws: FormulaError.self) { try Formula(nested) }
        var shallow = "x"
        for _ in 0..<3 { shallow = "change(\(shallow), 1)" }
        #expect(try Formula(shallow).variables == ["x"])
    }
}
