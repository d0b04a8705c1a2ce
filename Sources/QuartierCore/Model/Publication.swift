import Foundation

/// One variable at one reference date: the unit an editor releases to the public.
public struct Dataset: Sendable, Hashable, Codable, Comparable {
    public var variableKey: String
    public var period: Period

    public init(variableKey: String, period: Period) {
        self.variableKey = variableKey
        self.period = period
    }

    public static func < (a: Dataset, b: Dataset) -> Bool {
        (a.variableKey, a.period.date) < (b.variableKey, b.period.date)
    }
}

/// Who released something to the public, and when.
public struct ReleaseMark: Sendable, Hashable, Codable {
    public var by: String
    public var at: Date

    public init(by: String, at: Date) {
        self.by = by
        self.at = at
    }
}

/// A dataset with its publication state and when its data arrived (for the "internal for too
/// long" list).
public struct DatasetState: Sendable, Hashable, Codable {
    public var dataset: Dataset
    public var values: Int
    public var importedAt: Date
    public var release: ReleaseMark?
    /// The latest import that brought values of this dataset, and its label (file name).
    public var batchID: Int64?
    public var batchLabel: String?

    public init(dataset: Dataset, values: Int, importedAt: Date, release: ReleaseMark?, batchID: Int64? = nil, batchLabel: String? = nil) {
        self.dataset = dataset
        self.values = values
        self.importedAt = importedAt
        self.release = release
        self.batchID = batchID
        self.batchLabel = batchLabel
    }
}

/// What the public may see: released datasets, indicators and area levels (a level's areas,
/// boundaries and the values of its areas). Everything else is internal.
public struct PublicationState: Sendable, Hashable {
    public var datasets: Set<Dataset>
    public var indicators: Set<String>
    public var levels: Set<String>

    public init(datasets: Set<Dataset> = [], indicators: Set<String> = [], levels: Set<String> = []) {
        self.datasets = datasets
        self.indicators = indicators
        self.levels = levels
    }
}

/// An applied import as the batch list shows it.
public struct BatchInfo: Sendable, Hashable, Codable {
    public var id: Int64
    public var label: String
    public var kind: String
    public var createdAt: Date
    public var values: Int
    public var areas: Int
    public var rolledBackAt: Date?
    /// Who imported it and who rolled it back (nil for imports older than the record).
    public var importedBy: String?
    public var rolledBackBy: String?

    public init(id: Int64, label: String, kind: String, createdAt: Date, values: Int, areas: Int, rolledBackAt: Date?,
                importedBy: String? = nil, rolledBackBy: String? = nil) {
        self.id = id; self.label = label; self.kind = kind; self.createdAt = createdAt
        self.values = values; self.areas = areas; self.rolledBackAt = rolledBackAt
        self.importedBy = importedBy; self.rolledBackBy = rolledBackBy
    }
}
