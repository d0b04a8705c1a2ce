import Testing
@testable import QuartierCore

@Suite struct EarlyWarningTests {
    let poverty = Indicator(key: "kinderarmut", name: "Kinderarmut", formula: "share(a, b)", unit: "%", topic: "T", polarity: .higherIsNeed)
    let neutral = Indicator(key: "u18", name: "Anteil unter 18", formula: "share(a, b)", unit: "%", topic: "T", polarity: .neutral)

    func row(_ code: String, _ n: Double, _ d: Double) -> AreaOutcome {
        AreaOutcome(area: Area(code: code, name: code == "A" ? "Altstadt" : "Heide", levelKey: "sr"),
                    outcome: Outcome(value: n / d * 100, status: .ok, reason: nil, numerator: n, denominator: d),
                    interval: Reliability.wilson(successes: n, trials: d), lowReliability: d < 50)
    }

    func fmt(_ v: Double, _ i: Indicator) -> String { String(Int((v * 10).rounded())) + "‰" }
    func pts(_ v: Double) -> String { (v >= 0 ? "+" : "") + String(Int((v * 10).rounded())) }

    @Test func clearlyAboveTownAndClearlyWorse() {
        let input = EarlyWarning.Input(indicator: poverty, now: [row("A", 200, 400), row("B", 10, 100)], earlier: [row("A", 100, 400), row("B", 9, 100)],
                                       townNow: Outcome(value: 20, status: .ok, reason: nil), townEarlier: Outcome(value: 19, status: .ok, reason: nil),
                                       years: 2, period: Period(year: 2025))
        let f = EarlyWarning.find([input], levelName: "Sozialraum", format: fmt, points: pts)
        #expect(f.count == 2)
        #expect(f[0].kind == .change)
        #expect(f[0].sentence == "Im Sozialraum Altstadt ist „Kinderarmut“ von 250‰ (2023) auf 500‰ (2025) gestiegen (+250; Stadt: +10).")
        let english = EarlyWarning.find([input], levelName: "Sozialraum", wording: .english, format: fmt, points: pts)
        #expect(english.map(\.sentence) == ["In the social area Altstadt, “Kinderarmut” rose from 250‰ (2023) to 500‰ (2025) (+250; town: +10).",
                                             "In the social area Altstadt, “Kinderarmut” is 500‰, clearly above the town's value (200‰; 95 % interval 451‰ to 549‰)."])
        #expect(f[1].kind == .level)
        #expect(f[1].sentence.hasPrefix("Im Sozialraum Altstadt liegt „Kinderarmut“ mit 500‰ deutlich über dem Wert der Stadt (200‰"))
    }

    @Test func smallNumbersAndNeutralIndicatorsAreNotFlagged() {
        // 3 of 10: the interval is wide and covers the town's value; a neutral indicator has no side of need.
        let small = EarlyWarning.Input(indicator: poverty, now: [row("A", 3, 10)], earlier: [row("A", 1, 10)],
                                       townNow: Outcome(value: 20, status: .ok, reason: nil), townEarlier: Outcome(value: 20, status: .ok, reason: nil),
                                       years: 2, period: Period(year: 2025))
        let neutralInput = EarlyWarning.Input(indicator: neutral, now: [row("A", 200, 400)], earlier: [row("A", 100, 400)],
                                              townNow: Outcome(value: 20, status: .ok, reason: nil), townEarlier: Outcome(value: 20, status: .ok, reason: nil),
                                              years: 2, period: Period(year: 2025))
        #expect(EarlyWarning.find([small, neutralInput], levelName: "Sozialraum", format: fmt, points: pts).isEmpty)
    }

    @Test func improvementIsNoWarning() {
        let input = EarlyWarning.Input(indicator: poverty, now: [row("A", 40, 400)], earlier: [row("A", 120, 400)],
                                       townNow: Outcome(value: 20, status: .ok, reason: nil), townEarlier: Outcome(value: 20, status: .ok, reason: nil),
                                       years: 2, period: Period(year: 2025))
        #expect(EarlyWarning.find([input], levelName: "Sozialraum", format: fmt, points: pts).isEmpty)
    }
}
