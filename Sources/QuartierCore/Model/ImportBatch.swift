/// Values in compact form: indices into lists of area codes, variable keys and period dates,
/// so a million values cost 24 bytes each.
public struct ValueBatch: Sendable {
    public struct Entry: Sendable, Hashable {
        public var area: Int32
        public var variable: Int32
        public var period: Int32
        /// `ValueStatus` raw value.
        public var status: UInt8
        /// Index into `ValueBatch.symbols` (0 = none).
        public var symbol: UInt8
        public var value: Double

        public init(area: Int32, variable: Int32, period: Int32, status: UInt8 = 0, symbol: UInt8 = 0, value: Double) {
            self.area = area; self.variable = variable; self.period = period
            self.status = status; self.symbol = symbol; self.value = value
        }
    }

    /// Official symbols by index; index 0 means none.
    public static let symbols: [String?] = [nil, "-", ".", "*", "/", "x", "..."]

    public var areaCodes: [String]
    public var variableKeys: [String]
    public var periods: [String]
    public var entries: [Entry]

    public init(areaCodes: [String] = [], variableKeys: [String] = [], periods: [String] = [], entries: [Entry] = []) {
        self.areaCodes = areaCodes
        self.variableKeys = variableKeys
        self.periods = periods
        self.entries = entries
    }

    public func dataValue(_ e: Entry) -> DataValue {
        let status = ValueStatus(rawValue: Int(e.status)) ?? .missing
        return DataValue(areaCode: areaCodes[Int(e.area)], variableKey: variableKeys[Int(e.variable)],
                         period: Period(date: periods[Int(e.period)]),
                         value: (status == .ok || status == .estimated) ? e.value : nil,
                         status: status, symbol: Self.symbols[Int(e.symbol)])
    }
}

/// Everything one import adds or replaces, written in a single transaction: all or nothing.
public struct ImportBatch: Sendable {
    public var label: String
    public var kind: String
    public var municipality: Municipality?
    public var levels: [AreaLevel]
    public var areas: [Area]
    public var variables: [Variable]
    public var values: ValueBatch
    public var indicators: [Indicator]
    public var facilities: [Facility]
    public var measures: [Measure]
    /// Who imported it and from which pending upload; kept with the batch in the same
    /// transaction, so the audit log cannot miss an import and an upload cannot be imported twice.
    public var origin: ImportOrigin?

    public init(label: String, kind: String, municipality: Municipality? = nil, levels: [AreaLevel] = [], areas: [Area] = [],
                variables: [Variable] = [], values: ValueBatch = ValueBatch(), indicators: [Indicator] = [], facilities: [Facility] = [],
                measures: [Measure] = []) {
        self.label = label
        self.kind = kind
        self.municipality = municipality
        self.levels = levels
        self.areas = areas
        self.variables = variables
        self.values = values
        self.indicators = indicators
        self.facilities = facilities
        self.measures = measures
    }
}

/// Who started an import: the account's login (or "Kommandozeile") and, for a web upload, the
/// upload's token. A token is taken by one import only.
public struct ImportOrigin: Sendable, Hashable, Codable {
    public var user: String
    public var uploadToken: String?

    public init(user: String, uploadToken: String? = nil) {
        self.user = user
        self.uploadToken = uploadToken
    }
}

/// What an applied import wrote.
public struct ImportReceipt: Sendable, Hashable, Codable {
    public var batchID: Int64
    public var areas: Int
    public var variables: Int
    public var values: Int
    public var indicators: Int

    public init(batchID: Int64, areas: Int, variables: Int, values: Int, indicators: Int) {
        self.batchID = batchID; self.areas = areas; self.variables = variables; self.values = values; self.indicators = indicators
    }
}
