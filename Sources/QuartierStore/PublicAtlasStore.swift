import QuartierCore

/// The public view of a town's atlas: only released datasets and indicators, and no value of a
/// suppressed cell. Everything public (pages, API, OGC API, exports) reads through this view,
/// so a route cannot show internal data by forgetting a check.
public struct PublicAtlasStore: AtlasStore {
    public let base: any AtlasStore
    /// A release (or withdrawal) not yet made, for previewing what the public would see after it.
    public let pending: (change: PublicationState, withdraw: Bool)?

    public init(base: any AtlasStore) {
        self.base = base
        self.pending = nil
    }

    /// The public view as it would be after releasing (or, with `withdraw`, withdrawing) `change`.
    public init(base: any AtlasStore, after change: PublicationState, withdraw: Bool = false) {
        self.base = base
        self.pending = (change, withdraw)
    }

    /// What is released, with the pending change applied.
    private func publishedState() async throws -> PublicationState {
        var state = try await base.publication()
        guard let (change, withdraw) = pending else { return state }
        if withdraw {
            state.datasets.subtract(change.datasets); state.indicators.subtract(change.indicators); state.levels.subtract(change.levels)
        } else {
            state.datasets.formUnion(change.datasets); state.indicators.formUnion(change.indicators); state.levels.formUnion(change.levels)
        }
        return state
    }

    public func municipality() async throws -> Municipality? { try await base.municipality() }

    /// Released area levels only: a layer an upload created stays internal until released.
    public func levels() async throws -> [AreaLevel] {
        let released = try await publishedState().levels
        return try await base.levels().filter { released.contains($0.key) }
    }
    public func areas(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        let released = try await publishedState().levels
        if let levelKey, !released.contains(levelKey) { return [] }
        return try await base.areas(levelKey: levelKey, includeGeometry: includeGeometry).filter { released.contains($0.levelKey) }
    }
    public func area(code: String) async throws -> Area? {
        guard let a = try await base.area(code: code), try await publishedState().levels.contains(a.levelKey) else { return nil }
        return a
    }
    public func areaVersions(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        let released = try await publishedState().levels
        if let levelKey, !released.contains(levelKey) { return [] }
        return try await base.areaVersions(levelKey: levelKey, includeGeometry: includeGeometry).filter { released.contains($0.levelKey) }
    }

    /// The codes of areas on internal levels (usually none), whose values stay internal too.
    private func internalAreaCodes(_ released: Set<String>) async throws -> Set<String> {
        let levels = try await base.levels().map(\.key)
        guard levels.contains(where: { !released.contains($0) }) else { return [] }
        return Set(try await base.areas(levelKey: nil, includeGeometry: false).filter { !released.contains($0.levelKey) }.map(\.code))
    }
    /// Released facilities only.
    public func facilities() async throws -> [Facility] { try await base.facilities().filter { $0.release != nil } }
    public func setFacilityReleased(_ released: Bool, keys: [String], by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func deleteFacility(key: String) async throws -> Bool { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    /// Released notes on released levels only.
    public func areaNotes() async throws -> [AreaNote] {
        let released = try await publishedState().levels
        let hidden = try await internalAreaCodes(released)
        return try await base.areaNotes().filter { $0.release != nil && !hidden.contains($0.areaCode) }
    }
    public func save(areaNote: AreaNote, by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func setAreaNoteReleased(_ released: Bool, codes: [String], by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func dataVersion() async throws -> Int { try await base.dataVersion() }
    /// Released datasets on released levels only.
    public func coverage() async throws -> Coverage {
        let publication = try await publishedState()
        return try await base.coverage().filtered { variable, period, level in
            publication.levels.contains(level) && publication.datasets.contains(Dataset(variableKey: variable, period: Period(date: period)))
        }
    }

    public func variables() async throws -> [Variable] {
        let released = Set(try await publishedState().datasets.map(\.variableKey))
        return try await base.variables().filter { released.contains($0.key) }
    }

    public func periods() async throws -> [Period] {
        let released = Set(try await publishedState().datasets.map(\.period))
        return try await base.periods().filter { released.contains($0) }
    }

    public func indicators() async throws -> [Indicator] {
        let released = try await publishedState().indicators
        return try await base.indicators().filter { released.contains($0.key) }
    }

    public func indicatorVersions(key: String) async throws -> [Indicator] {
        guard try await publishedState().indicators.contains(key) else { return [] }
        return try await base.indicatorVersions(key: key)
    }

    public func values(variableKeys: [String], periods: [Period]?, areaCodes: [String]?) async throws -> [DataValue] {
        let publication = try await publishedState()
        let released = publication.datasets
        let keys = variableKeys.filter { k in released.contains { $0.variableKey == k } }
        guard !keys.isEmpty else { return [] }
        let hidden = try await internalAreaCodes(publication.levels)
        return try await base.values(variableKeys: keys, periods: periods, areaCodes: areaCodes).compactMap { v in
            guard released.contains(Dataset(variableKey: v.variableKey, period: v.period)), !hidden.contains(v.areaCode) else { return nil }
            var out = v
            if v.status == .suppressed || v.status == .missing { out.value = nil }
            return out
        }
    }

    public func statistics() async throws -> StoreStatistics {
        let s = try await base.statistics()
        let pub = try await publishedState()
        let hidden = try await internalAreaCodes(pub.levels).count
        return StoreStatistics(areas: s.areas - hidden, variables: Set(pub.datasets.map(\.variableKey)).count, values: 0,
                               indicators: pub.indicators.count, batches: 0)
    }

    public func publication() async throws -> PublicationState { try await publishedState() }
    public func datasets() async throws -> [DatasetState] {
        let released = try await publishedState().datasets
        return try await base.datasets().filter { released.contains($0.dataset) }
    }
    public func indicatorReleases() async throws -> [String: ReleaseMark] { try await base.indicatorReleases() }
    /// The marks of the released levels (every mark is a release).
    public func levelReleases() async throws -> [String: ReleaseMark] { try await base.levelReleases() }
    public func setLevelReleased(_ released: Bool, keys: [String], by user: String) async throws {
        throw StoreError("Die öffentliche Sicht ist nur lesbar")
    }
    public func batches() async throws -> [BatchInfo] { [] }

    public func apply(_ batch: ImportBatch, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt {
        throw StoreError("Die öffentliche Sicht ist nur lesbar")
    }
    public func setReleased(_ released: Bool, datasets: [Dataset], indicators: [String], by user: String) async throws {
        throw StoreError("Die öffentliche Sicht ist nur lesbar")
    }
    public func rollback(batchID: Int64, by user: String?) async throws -> BatchInfo { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func delete(dataset: Dataset) async throws -> Int { throw StoreError("Die öffentliche Sicht ist nur lesbar") }

    /// Released measures only.
    public func measures() async throws -> [Measure] { try await base.measures().filter { $0.release != nil } }
    public func save(measure: Measure) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func deleteMeasure(key: String) async throws -> Bool { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
    public func setMeasureReleased(_ released: Bool, keys: [String], by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }

    /// The selection of the templates, without the planner's texts (drafts stay internal).
    public func reportTemplates() async throws -> [ReportTemplate] {
        try await base.reportTemplates().map { var t = $0; t.texts = [:]; t.updatedBy = nil; return t }
    }
    public func save(template: ReportTemplate, by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }

    /// The legal pages are public text.
    public func legalPages() async throws -> [LegalPage] { try await base.legalPages() }
    public func save(legalPage: LegalPage, by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }

    /// Source templates are staff work: none in public.
    public func sourceTemplates() async throws -> [SourceTemplate] { [] }
    public func save(sourceTemplate: SourceTemplate, by user: String) async throws { throw StoreError("Die öffentliche Sicht ist nur lesbar") }
}
