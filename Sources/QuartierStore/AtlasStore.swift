import Foundation
import QuartierCore

/// Where the atlas keeps its data. The server and CLI see only this protocol; the embedded
/// SQLite store is the default, a PostgreSQL store can stand in its place.
public protocol AtlasStore: Sendable {
    func municipality() async throws -> Municipality?
    func levels() async throws -> [AreaLevel]
    /// Areas, optionally of one level, ordered by level rank then code; with their geometry
    /// only when asked (computations need none, maps do).
    func areas(levelKey: String?, includeGeometry: Bool) async throws -> [Area]
    func area(code: String) async throws -> Area?
    /// Earlier boundaries (dated layers): areas with `validTo` set, the date their successor took over.
    func areaVersions(levelKey: String?, includeGeometry: Bool) async throws -> [Area]
    func variables() async throws -> [Variable]
    /// Periods that hold at least one value, ascending.
    func periods() async throws -> [Period]
    /// The newest version of every indicator, by topic and name.
    func indicators() async throws -> [Indicator]
    /// Every version of one indicator, oldest first (empty if there is none).
    func indicatorVersions(key: String) async throws -> [Indicator]
    /// Values of the given variables, optionally restricted to periods and areas.
    func values(variableKeys: [String], periods: [Period]?, areaCodes: [String]?) async throws -> [DataValue]
    /// Applies a batch in one transaction: either everything is written or nothing.
    /// `progress` is called inside the transaction with the number of values written so far.
    func apply(_ batch: ImportBatch, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt
    /// Facilities (Kitas, schools, youth centres, playgrounds) with their release marks, by category and name.
    func facilities() async throws -> [Facility]
    /// Releases (or withdraws) facilities by key; an unknown key fails.
    func setFacilityReleased(_ released: Bool, keys: [String], by user: String) async throws
    /// Deletes one facility and its release; false if there is none with that key.
    func deleteFacility(key: String) async throws -> Bool
    /// Counts for health checks and tests.
    func statistics() async throws -> StoreStatistics
    /// A number that changes whenever an import is applied (for caches); cheap to ask.
    func dataVersion() async throws -> Int
    /// Which variables have values in which period on which level (kept per data version).
    func coverage() async throws -> Coverage

    // Publication and import history
    /// The released datasets and indicators.
    func publication() async throws -> PublicationState
    /// Every dataset with its value count, import time and release mark.
    func datasets() async throws -> [DatasetState]
    func indicatorReleases() async throws -> [String: ReleaseMark]
    /// Releases (or withdraws) datasets and indicators; releasing one that does not exist fails.
    func setReleased(_ released: Bool, datasets: [Dataset], indicators: [String], by user: String) async throws
    /// Area levels: a level an import creates is internal until it is released.
    func levelReleases() async throws -> [String: ReleaseMark]
    func setLevelReleased(_ released: Bool, keys: [String], by user: String) async throws
    /// Applied imports, newest first.
    func batches() async throws -> [BatchInfo]
    /// Takes back the newest import still in force.
    func rollback(batchID: Int64, by user: String?) async throws -> BatchInfo
    /// Deletes one dataset; returns the number of values deleted.
    func delete(dataset: Dataset) async throws -> Int

    // Measures
    /// Every measure with its release mark, newest start first.
    func measures() async throws -> [Measure]
    /// Inserts or updates a measure by key (internal again until released); checks areas and indicators.
    func save(measure: Measure) async throws
    func deleteMeasure(key: String) async throws -> Bool
    func setMeasureReleased(_ released: Bool, keys: [String], by user: String) async throws

    // Report templates (selection of chapters and indicators, the planner's texts)
    func reportTemplates() async throws -> [ReportTemplate]
    func save(template: ReportTemplate, by user: String) async throws

    /// Source templates for table imports (named mappings that recognise their files).
    func sourceTemplates() async throws -> [SourceTemplate]
    func save(sourceTemplate: SourceTemplate, by user: String) async throws

    /// The town's Impressum, privacy policy and accessibility statement (public text).
    func legalPages() async throws -> [LegalPage]
    /// Saves one and raises the data version (the public pages are cached by it).
    func save(legalPage: LegalPage, by user: String) async throws

    /// Staff notes per area with their release marks, by area code.
    func areaNotes() async throws -> [AreaNote]
    /// Writes the note of `note.areaCode` (internal until released); an empty text deletes it.
    func save(areaNote: AreaNote, by user: String) async throws
    func setAreaNoteReleased(_ released: Bool, codes: [String], by user: String) async throws
}

extension AtlasStore {
    /// The named template, else the standard one (all indicators, no texts).
    public func reportTemplate(named name: String?) async throws -> ReportTemplate {
        let all = try await reportTemplates()
        return all.first { $0.name == (name ?? ReportTemplate.standardName) } ?? all.first { $0.name == ReportTemplate.standardName }
            ?? ReportTemplate()
    }
}

extension AtlasStore {
    /// The newest version of one indicator.
    public func indicator(key: String) async throws -> Indicator? {
        try await indicatorVersions(key: key).last
    }

    /// Areas with their geometry.
    public func areas(levelKey: String?) async throws -> [Area] {
        try await areas(levelKey: levelKey, includeGeometry: true)
    }

    /// Earlier boundaries with their geometry.
    public func areaVersions(levelKey: String?) async throws -> [Area] {
        try await areaVersions(levelKey: levelKey, includeGeometry: true)
    }

    /// The dates at which an area's boundary changed, per area code, ascending.
    public func boundaryChanges(levelKey: String? = nil) async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for v in try await areaVersions(levelKey: levelKey, includeGeometry: false) { if let to = v.validTo { out[v.code, default: []].append(to) } }
        return out.mapValues { $0.sorted() }
    }

    /// The areas of a level as they were on a date: the current areas that existed then, with
    /// the boundary that was valid then.
    public func areas(levelKey: String?, at date: String) async throws -> [Area] {
        let versions = try await areaVersions(levelKey: levelKey, includeGeometry: true)
        return try await areas(levelKey: levelKey, includeGeometry: true).compactMap { a in
            if let v = versions.first(where: { $0.code == a.code && ($0.validFrom ?? "") <= date && date < ($0.validTo ?? "") }) { return v }
            if let from = a.validFrom, from > date, versions.contains(where: { $0.code == a.code }) { return nil }
            return a
        }
    }
}

public struct StoreStatistics: Sendable, Hashable, Codable {
    public var areas: Int
    public var variables: Int
    public var values: Int
    public var indicators: Int
    public var batches: Int

    public init(areas: Int, variables: Int, values: Int, indicators: Int, batches: Int) {
        self.areas = areas; self.variables = variables; self.values = values; self.indicators = indicators; self.batches = batches
    }
}

/// A batch that contradicts what the store holds (e.g. values for an area that does not exist).
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The import that already consumed the upload a batch names (see `ImportOrigin`).
    public var takenBy: Int64?
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    static let lastInstanceAdmin = StoreError("Die Installation braucht mindestens eine Administratorin oder einen Administrator; erst eine weitere Person ernennen")

    static func uploadTaken(_ batchID: Int64) -> StoreError {
        var e = StoreError("Dieser Upload wurde schon übernommen: Import Nr. \(batchID)")
        e.takenBy = batchID
        return e
    }
}

extension AtlasStore {
    public func rollback(batchID: Int64) async throws -> BatchInfo { try await rollback(batchID: batchID, by: nil) }

    /// Releases every dataset, indicator, area level, measure, facility and area note (the demo, `quartier release --all`).
    public func releaseAll(by user: String) async throws {
        try await setReleased(true, datasets: try await datasets().map(\.dataset), indicators: try await indicators().map(\.key), by: user)
        let levels = try await levels().map(\.key)
        if !levels.isEmpty { try await setLevelReleased(true, keys: levels, by: user) }
        let measures = try await measures().map(\.key)
        if !measures.isEmpty { try await setMeasureReleased(true, keys: measures, by: user) }
        let facilities = try await facilities().filter { $0.release == nil }.map(\.key)
        if !facilities.isEmpty { try await setFacilityReleased(true, keys: facilities, by: user) }
        let notes = try await areaNotes().filter { $0.release == nil }.map(\.areaCode)
        if !notes.isEmpty { try await setAreaNoteReleased(true, codes: notes, by: user) }
    }
}

extension SourceTemplate {
    /// A name of 1 to 80 characters and a mapping of at most 64 KB.
    static func check(_ t: SourceTemplate) throws {
        guard !t.name.trimmingCharacters(in: .whitespaces).isEmpty, t.name.count <= 80 else {
            throw StoreError("Feld „Vorlage“: erwartet einen Namen mit 1 bis 80 Zeichen")
        }
        guard t.mapping.utf8.count <= 65_536, t.header.utf8.count <= 65_536 else { throw StoreError("Die Vorlage ist zu groß (höchstens 64 KB)") }
    }
}

extension ReportTemplate {
    /// The template as both stores keep it: its name checked, the change mark left out.
    func storedJSON() throws -> String {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 80 else {
            throw StoreError("Feld „Vorlage“: erwartet einen Namen mit 1 bis 80 Zeichen")
        }
        var t = self
        t.updatedBy = nil
        t.updatedAt = nil
        return String(decoding: try JSONEncoder().encode(t), as: UTF8.self)
    }

    /// A stored template; nil when its configuration cannot be read.
    static func stored(name: String, config: String, by: String?, at: Date?) -> ReportTemplate? {
        guard var t = try? JSONDecoder().decode(ReportTemplate.self, from: Data(config.utf8)) else { return nil }
        t.name = name
        t.updatedBy = by
        t.updatedAt = at
        return t
    }
}
