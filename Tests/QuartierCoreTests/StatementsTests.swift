import Testing
@testable import QuartierCore

@Suite struct StatementsTests {
    let poverty = Indicator(key: "kinderarmut", name: "Kinderarmut", formula: "share(a, b)", unit: "%", topic: "Soziale Lage", polarity: .higherIsNeed, decimals: 1)
    let care = Indicator(key: "betreuung", name: "Betreuungsquote", formula: "share(a, b)", unit: "%", topic: "Bildung", polarity: .higherIsBetter, decimals: 1)
    let area = Area(code: "SR06", name: "Altstadt", levelKey: "sozialraum")

    func outcome(_ v: Double, n: Double, d: Double, low: Bool = false) -> AreaOutcome {
        AreaOutcome(area: area, outcome: Outcome(value: v, status: .ok, reason: nil, numerator: n, denominator: d),
                    interval: Reliability.wilson(successes: n, trials: d), lowReliability: low)
    }

    func fmt(_ v: Double, _ i: Indicator) -> String {
        let r = (v * 10).rounded() / 10
        return String(String(r).map { $0 == "." ? "," : $0 }) + " %"
    }

    @Test func highestValueOfTheLevel() {
        let input = Statements.Input(indicator: poverty, area: outcome(42.8, n: 184, d: 430),
                                     town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [42.8, 20, 10, 5])
        let s = Statements.make(areaName: "Altstadt", levelName: "Sozialraum", inputs: [input], format: fmt)
        #expect(s == ["Im Sozialraum Altstadt ist der Wert für „Kinderarmut“ mit 42,8 % der höchste aller 4 Sozialräume (Stadt: 19,6 %)."])
    }

    @Test func clearlyAboveTheTownByItsInterval() {
        let input = Statements.Input(indicator: poverty, area: outcome(30, n: 120, d: 400),
                                     town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [42.8, 30, 10, 5])
        let s = Statements.make(areaName: "Altstadt", levelName: "Sozialraum", inputs: [input], format: fmt)
        #expect(s.count == 1)
        #expect(s[0].hasPrefix("Im Sozialraum Altstadt liegt der Wert für „Kinderarmut“ mit 30,0 % deutlich über dem der Stadt (Stadt: 19,6 %)"))
    }

    @Test func englishStatementsUseTheCatalogsNames() {
        let catalogPoverty = Indicator(key: "kinderarmut", name: "Kinderarmut (SGB II unter 15)", formula: "share(a, b)", unit: "%", topic: "Soziale Lage",
                                       polarity: .higherIsNeed, decimals: 1)
        let top = Statements.Input(indicator: catalogPoverty, area: outcome(42.8, n: 184, d: 430),
                                   town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [42.8, 20, 10, 5])
        let english = Statements.make(areaName: "Altstadt", levelName: "Sozialraum", inputs: [top], wording: .english) { v, _ in "\(v) %" }
        #expect(english == ["In the social area Altstadt, “Child poverty (SGB II, under 15)” is 42.8 %, the highest of all 4 social areas (town: 19.6 %)."])
        let above = Statements.Input(indicator: poverty, area: outcome(30, n: 120, d: 400),
                                     town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [42.8, 30, 10, 5])
        let own = Statements.make(areaName: "Neue Heide", levelName: "Wohnblock", inputs: [above], wording: .english) { v, _ in "\(v) %" }
        // A name the town wrote itself stays as written; an unknown level is named, not translated.
        #expect(own.count == 1 && own[0].hasPrefix("In Neue Heide (Wohnblock), “Kinderarmut” is 30.0 %, clearly above the town's value (town: 19.6 %); the 95 % interval runs from "))
    }

    @Test func noStatementWhenTheIntervalCoversTheTownOrTiesAtTheTop() {
        let within = Statements.Input(indicator: poverty, area: outcome(22, n: 11, d: 50),
                                      town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [42.8, 22, 10, 5])
        let tie = Statements.Input(indicator: care, area: outcome(90, n: 90, d: 100),
                                   town: Outcome(value: 85, status: .ok, reason: nil), levelValues: [90, 90, 80])
        #expect(Statements.make(areaName: "A", levelName: "Sozialraum", inputs: [within, tie], format: fmt).isEmpty)
    }

    @Test func needComesFirstAndLowReliabilityIsSaid() {
        let best = Statements.Input(indicator: care, area: outcome(99, n: 99, d: 100),
                                    town: Outcome(value: 85, status: .ok, reason: nil), levelValues: [99, 90, 80])
        let worst = Statements.Input(indicator: poverty, area: outcome(50, n: 10, d: 20, low: true),
                                     town: Outcome(value: 19.6, status: .ok, reason: nil), levelValues: [50, 20, 10])
        let s = Statements.make(areaName: "Neue Heide", levelName: "Wohnblock", inputs: [best, worst], format: fmt)
        #expect(s.count == 2)
        #expect(s[0].hasPrefix("Im Gebiet Neue Heide (Wohnblock) ist der Wert für „Kinderarmut“"))
        #expect(s[0].hasSuffix("wenig aussagekräftig."))
        #expect(s[1].contains("„Betreuungsquote“ mit 99,0 % der höchste aller 3 Gebiete"))
    }
}
