/// Whether a higher value of an indicator points to a need (e.g. child poverty) or to an asset.
public enum Polarity: String, Sendable, Codable, CaseIterable {
    /// Higher means more need.
    case higherIsNeed = "need"
    /// Higher means better.
    case higherIsBetter = "asset"
    /// Descriptive, no judgement (e.g. share of people 65+).
    case neutral = "neutral"
}

/// An indicator (Kennzahl) computed from variables by a formula.
public struct Indicator: Sendable, Hashable, Codable {
    public var id: Int64?
    public var key: String
    public var name: String
    /// Formula over variable keys, e.g. `share(sgb2_u15, ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14)`.
    public var formula: String
    public var unit: String
    public var topic: String
    public var polarity: Polarity
    public var definition: String
    public var source: String
    /// Decimal places shown.
    public var decimals: Int
    /// ISO date from which this version of the definition applies; nil for "from the start".
    /// A changed definition is a new version, so earlier periods keep the definition of their time.
    public var validFrom: String?

    public init(id: Int64? = nil, key: String, name: String, formula: String, unit: String, topic: String,
                polarity: Polarity, definition: String = "", source: String = "", decimals: Int = 1, validFrom: String? = nil) {
        self.id = id
        self.key = key
        self.name = name
        self.formula = formula
        self.unit = unit
        self.topic = topic
        self.polarity = polarity
        self.definition = definition
        self.source = source
        self.decimals = decimals
        self.validFrom = validFrom
    }

    /// The version in force at `period` among `versions` of one indicator: the latest whose
    /// `validFrom` is not after the period (a version without a date counts from the start).
    public static func version(at period: Period, in versions: [Indicator]) -> Indicator? {
        versions.filter { ($0.validFrom ?? "") <= period.date }.max { ($0.validFrom ?? "") < ($1.validFrom ?? "") }
    }
}
