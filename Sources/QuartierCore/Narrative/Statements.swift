/// Plain sentences generated from the data for an area profile (German, or English under
/// `Wording.english`), e.g.
/// "Im Sozialraum Altstadt ist der Wert für „Kinderarmut“ mit 42,8 % der höchste aller
/// 16 Sozialräume (Stadt: 19,6 %)."
///
/// Rules, in this order: the highest and lowest value among the areas of the level; a value whose
/// 95 % interval lies wholly above or below the town's value ("deutlich"). Indicators that signal
/// need come first; at most `limit` sentences. Values of low reliability say so.
public enum Statements {
    public struct Input: Sendable {
        public var indicator: Indicator
        public var area: AreaOutcome
        public var town: Outcome
        /// Values of all areas of the same level with a value (including this one).
        public var levelValues: [Double]

        public init(indicator: Indicator, area: AreaOutcome, town: Outcome, levelValues: [Double]) {
            self.indicator = indicator
            self.area = area
            self.town = town
            self.levelValues = levelValues
        }
    }

    /// `format` renders a value with its unit in the wording's language (the caller owns number
    /// formatting).
    public static func make(areaName: String, levelName: String, inputs: [Input], limit: Int = 6, wording: Wording = .german,
                            format: (Double, Indicator) -> String) -> [String] {
        let place = wording.place(area: areaName, level: levelName)
        let levelPlural = wording.plural(levelName)
        let english = wording == .english
        var scored: [(priority: Int, text: String)] = []
        for input in inputs {
            let ind = input.indicator
            guard !ind.isCount, let v = input.area.outcome.value, input.area.outcome.status == .ok,
                  let t = input.town.value, input.levelValues.count >= 3 else { continue }
            let need = ind.polarity == .higherIsNeed
            let name = wording.name(ind)
            let caveat = !input.area.lowReliability ? ""
                : english ? " The number is small, so the value says little." : " Die Zahl ist klein und daher wenig aussagekräftig."
            let town = (english ? "town: " : "Stadt: ") + format(t, ind)
            let count = input.levelValues.count
            let maxV = input.levelValues.max()!, minV = input.levelValues.min()!
            let distinctTop = input.levelValues.filter { $0 == maxV }.count == 1
            let distinctBottom = input.levelValues.filter { $0 == minV }.count == 1
            if v == maxV && distinctTop {
                scored.append((need ? 0 : 2, english
                    ? "\(place), “\(name)” is \(format(v, ind)), the highest of all \(count) \(levelPlural) (\(town)).\(caveat)"
                    : "\(place) ist der Wert für „\(name)“ mit \(format(v, ind)) der höchste aller \(count) \(levelPlural) (\(town)).\(caveat)"))
                continue
            }
            if v == minV && distinctBottom {
                scored.append((ind.polarity == .higherIsBetter ? 1 : 3, english
                    ? "\(place), “\(name)” is \(format(v, ind)), the lowest of all \(count) \(levelPlural) (\(town)).\(caveat)"
                    : "\(place) ist der Wert für „\(name)“ mit \(format(v, ind)) der niedrigste aller \(count) \(levelPlural) (\(town)).\(caveat)"))
                continue
            }
            if let lo = input.area.intervalLower, let hi = input.area.intervalUpper, lo > t || hi < t {
                let above = lo > t
                let priority = above ? (need ? 1 : 4) : (ind.polarity == .higherIsBetter ? 1 : 4)
                scored.append((priority, english
                    ? "\(place), “\(name)” is \(format(v, ind)), clearly \(above ? "above" : "below") the town's value (\(town)); the 95 % interval runs from \(format(lo, ind)) to \(format(hi, ind))."
                    : "\(place) liegt der Wert für „\(name)“ mit \(format(v, ind)) deutlich \(above ? "über" : "unter") dem der Stadt (\(town)); das 95-%-Intervall reicht von \(format(lo, ind)) bis \(format(hi, ind))."))
            }
        }
        return scored.enumerated().sorted { ($0.element.priority, $0.offset) < ($1.element.priority, $1.offset) }.prefix(limit).map(\.element.text)
    }

    /// Plural of a level name for "aller 16 …".
    public static func plural(_ levelName: String) -> String {
        switch levelName {
        case "Sozialraum": "Sozialräume"
        case "Stadtteil": "Stadtteile"
        case "Bezirk": "Bezirke"
        case "Ortsteil": "Ortsteile"
        case "Planungsraum": "Planungsräume"
        case "Quartier": "Quartiere"
        default: "Gebiete"
        }
    }
}
