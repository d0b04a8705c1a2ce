/// Early warning ("Auffälligkeiten"): areas whose share lies clearly on the side of need from the
/// town's value, and areas whose share worsened clearly over n years, each as a plain sentence.
///
/// "Clearly" is statistical, not a fixed gap: the area's 95 % Wilson interval must lie wholly
/// beyond the town's value; a change counts when the intervals of the two years do not overlap.
/// Only indicators with a direction (need or asset) and a share formula are considered.
public enum EarlyWarning {
    public enum Kind: String, Sendable { case level, change }

    public struct Finding: Sendable, Hashable {
        public var kind: Kind
        public var areaCode: String
        public var areaName: String
        public var indicatorKey: String
        public var sentence: String
        /// How far beyond: the distance of the interval from the town value, or the change, in points.
        public var magnitude: Double
    }

    public struct Input: Sendable {
        public var indicator: Indicator
        public var now: [AreaOutcome]
        public var earlier: [AreaOutcome]
        public var townNow: Outcome
        public var townEarlier: Outcome
        public var years: Int
        public var period: Period

        public init(indicator: Indicator, now: [AreaOutcome], earlier: [AreaOutcome], townNow: Outcome, townEarlier: Outcome, years: Int, period: Period) {
            self.indicator = indicator
            self.now = now
            self.earlier = earlier
            self.townNow = townNow
            self.townEarlier = townEarlier
            self.years = years
            self.period = period
        }
    }

    public static func find(_ inputs: [Input], levelName: String, format: (Double, Indicator) -> String, points: (Double) -> String) -> [Finding] {
        var out: [Finding] = []
        let masculine = ["Sozialraum", "Stadtteil", "Bezirk", "Ortsteil", "Planungsraum", "Quartier"]
        for input in inputs {
            let ind = input.indicator
            guard ind.isShare, ind.polarity != .neutral else { continue }
            let worse: Double = ind.polarity == .higherIsNeed ? 1 : -1
            let earlierByCode = Dictionary(uniqueKeysWithValues: input.earlier.map { ($0.area.code, $0) })
            for a in input.now {
                guard a.outcome.status == .ok, let v = a.outcome.value, let lo = a.intervalLower, let hi = a.intervalUpper else { continue }
                let place = masculine.contains(levelName) ? "Im \(levelName) \(a.area.name)" : "Im Gebiet \(a.area.name)"
                if let t = input.townNow.value {
                    let beyond = worse > 0 ? lo - t : t - hi
                    if beyond > 0 {
                        let side = worse > 0 ? "über" : "unter"
                        out.append(Finding(kind: .level, areaCode: a.area.code, areaName: a.area.name, indicatorKey: ind.key,
                            sentence: "\(place) liegt „\(ind.name)“ mit \(format(v, ind)) deutlich \(side) dem Wert der Stadt (\(format(t, ind)); 95-%-Intervall \(format(lo, ind)) bis \(format(hi, ind))).",
                            magnitude: beyond))
                    }
                }
                guard let e = earlierByCode[a.area.code], e.outcome.status == .ok, let ev = e.outcome.value,
                      let elo = e.intervalLower, let ehi = e.intervalUpper else { continue }
                let change = v - ev
                let separated = worse > 0 ? lo > ehi : hi < elo
                if change * worse > 0 && separated {
                    let verb = change > 0 ? "gestiegen" : "gesunken"
                    let townChange = input.townNow.value.flatMap { tn in input.townEarlier.value.map { tn - $0 } }
                    let townText = townChange.map { "; Stadt: \(points($0))" } ?? ""
                    out.append(Finding(kind: .change, areaCode: a.area.code, areaName: a.area.name, indicatorKey: ind.key,
                        sentence: "\(place) ist „\(ind.name)“ von \(format(ev, ind)) (\(input.period.year - input.years)) auf \(format(v, ind)) (\(input.period.year)) \(verb) (\(points(change))\(townText)).",
                        magnitude: abs(change)))
                }
            }
        }
        return out.sorted { ($0.kind.rawValue, -$0.magnitude, $0.areaName) < ($1.kind.rawValue, -$1.magnitude, $1.areaName) }
    }
}
