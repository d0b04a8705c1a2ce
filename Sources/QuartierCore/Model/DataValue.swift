/// The status of one cell: whether a number is there and may be shown.
public enum ValueStatus: Int, Sendable, Codable, CaseIterable {
    case ok = 0
    /// Withheld for privacy or secrecy (official symbols `.` and `*`, `/` too uncertain).
    case suppressed = 1
    /// Not available or not meaningful (`x`, `...`, empty cell).
    case missing = 2
    /// An estimate rather than a count.
    case estimated = 3

    public var key: String {
        switch self {
        case .ok: "ok"
        case .suppressed: "suppressed"
        case .missing: "missing"
        case .estimated: "estimated"
        }
    }

    public init?(key: String) {
        guard let s = Self.allCases.first(where: { $0.key == key }) else { return nil }
        self = s
    }
}

/// One value: area × variable × period, with its status and, where a table gave one, the
/// official symbol it came from (`-`, `.`, `*`, `x`, `...`, `/`).
public struct DataValue: Sendable, Hashable, Codable {
    public var areaCode: String
    public var variableKey: String
    public var period: Period
    /// Nil unless `status` is `.ok` or `.estimated`.
    public var value: Double?
    public var status: ValueStatus
    public var symbol: String?

    public init(areaCode: String, variableKey: String, period: Period, value: Double?,
                status: ValueStatus = .ok, symbol: String? = nil) {
        self.areaCode = areaCode
        self.variableKey = variableKey
        self.period = period
        self.value = value
        self.status = status
        self.symbol = symbol
    }
}
