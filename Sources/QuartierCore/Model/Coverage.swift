/// Which variables hold values (anything but "missing") in which period on which level: what
/// an indicator can be computed from. Read once per data version.
public struct Coverage: Sendable, Hashable {
    /// level key → variable key → period dates.
    public var dates: [String: [String: Set<String>]]

    public init(dates: [String: [String: Set<String>]] = [:]) { self.dates = dates }

    public mutating func insert(variableKey: String, period: String, levelKey: String) {
        dates[levelKey, default: [:]][variableKey, default: []].insert(period)
    }

    /// Whether the variable has values in the period on any of the levels.
    public func has(_ variableKey: String, at period: String, onAny levelKeys: [String]) -> Bool {
        levelKeys.contains { dates[$0]?[variableKey]?.contains(period) ?? false }
    }

    /// Only what `keep` lets through (the public view: released datasets on released levels).
    public func filtered(_ keep: (_ variableKey: String, _ period: String, _ levelKey: String) -> Bool) -> Coverage {
        var out = Coverage()
        for (level, variables) in dates {
            for (variable, periods) in variables {
                for p in periods where keep(variable, p, level) { out.insert(variableKey: variable, period: p, levelKey: level) }
            }
        }
        return out
    }
}
