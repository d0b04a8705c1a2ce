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

    public static func find(_ inputs: [Input], levelName: String, wording: Wording = .german,
                            format: (Double, Indicator) -> String, points: (Double) -> String) -> [Finding] {
        var out: [Finding] = []
        let english = wording == .english
        for input in inputs {
            let ind = input.indicator
            guard ind.isShare, ind.polarity != .neutral else { continue }
            let worse: Double = ind.polarity == .higherIsNeed ? 1 : -1
            let earlierByCode = Dictionary(uniqueKeysWithValues: input.earlier.map { ($0.area.code, $0) })
            for a in input.now {
                guard a.outcome.status == .ok, let v = a.outcome.value, let lo = a.intervalLower, let hi = a.intervalUpper else { continue }
                let place = wording.place(area: a.area.name, level: levelName, withLevelName: false)
                let name = wording.name(ind)
                if let t = input.townNow.value {
                    let beyond = worse > 0 ? lo - t : t - hi
                    if beyond > 0 {
                        let sentence = english
                            ? "\(place), “\(name)” is \(format(v, ind)), clearly \(worse > 0 ? "above" : "below") the town's value (\(format(t, ind)); 95 % interval \(format(lo, ind)) to \(format(hi, ind)))."
                            : "\(place) liegt „\(name)“ mit \(format(v, ind)) deutlich \(worse > 0 ? "über" : "unter") dem Wert der Stadt (\(format(t, ind)); 95-%-Intervall \(format(lo, ind)) bis \(format(hi, ind)))."
                        out.append(Finding(kind: .level, areaCode: a.area.code, areaName: a.area.name, indicatorKey: ind.key, sentence: sentence,
                            magnitude: beyond))
                    }
                }
                guard let e = earlierByCode[a.area.code], e.outcome.status == .ok, let ev = e.outcome.value,
                      let elo = e.intervalLower, let ehi = e.intervalUpper else { continue }
                let change = v - ev
                let separated = worse > 0 ? lo > ehi : hi < elo
                if change * worse > 0 && separated {
                    let townChange = input.townNow.value.flatMap { tn in input.townEarlier.value.map { tn - $0 } }
                    let townText = townChange.map { (english ? "; town: " : "; Stadt: ") + points($0) } ?? ""
                    let before = input.period.year - input.years, now = input.period.year
                    let sentence = english
                        ? "\(place), “\(name)” \(change > 0 ? "rose" : "fell") from \(format(ev, ind)) (\(before)) to \(format(v, ind)) (\(now)) (\(points(change))\(townText))."
                        : "\(place) ist „\(name)“ von \(format(ev, ind)) (\(before)) auf \(format(v, ind)) (\(now)) \(change > 0 ? "gestiegen" : "gesunken") (\(points(change))\(townText))."
                    out.append(Finding(kind: .change, areaCode: a.area.code, areaName: a.area.name, indicatorKey: ind.key, sentence: sentence,
                        magnitude: abs(change)))
                }
            }
        }
        return out.sorted { ($0.kind.rawValue, -$0.magnitude, $0.areaName) < ($1.kind.rawValue, -$1.magnitude, $1.areaName) }
    }
}
