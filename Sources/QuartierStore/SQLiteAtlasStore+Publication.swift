import Foundation
import GRDB
import QuartierCore

extension SQLiteAtlasStore {

    public func publication() async throws -> PublicationState {
        try await versioned(publicationCache) { db in
            var state = PublicationState()
            for r in try Row.fetchAll(db, sql: "SELECT variable_key, period_date FROM dataset_release") {
                state.datasets.insert(Dataset(variableKey: r[0], period: Period(date: r[1])))
            }
            state.indicators = Set(try String.fetchAll(db, sql: "SELECT key FROM indicator_release"))
            state.levels = Set(try String.fetchAll(db, sql: "SELECT level_key FROM level_release"))
            return state
        }
    }

    public func levelReleases() async throws -> [String: ReleaseMark] {
        try await pool.read { db in try Self.marks(db, "SELECT level_key, released_by, released_at FROM level_release") }
    }

    /// Release marks by key from a query of (key, released_by, released_at).
    static func marks(_ db: Database, _ sql: String) throws -> [String: ReleaseMark] {
        var out: [String: ReleaseMark] = [:]
        for r in try Row.fetchAll(db, sql: sql) { out[r[0]] = ReleaseMark(by: r[1], at: Timestamp.date(r[2]) ?? Date()) }
        return out
    }

    public func setLevelReleased(_ released: Bool, keys: [String], by user: String) async throws {
        try await pool.write { db in
            let now = Timestamp.string(Date())
            for key in keys {
                if released {
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM area_level WHERE key = ?)", arguments: [key]) == true else {
                        throw StoreError("Gebietsebene \(key) existiert nicht")
                    }
                    try db.execute(sql: "INSERT OR IGNORE INTO level_release VALUES (?, ?, ?)", arguments: [key, user, now])
                } else {
                    try db.execute(sql: "DELETE FROM level_release WHERE level_key = ?", arguments: [key])
                }
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    public func datasets() async throws -> [DatasetState] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT vr.key, p.date, s.n, s.imported, r.released_by, r.released_at, s.batch, ib.label
                FROM (SELECT v.variable_id, v.period_id, COUNT(*) AS n, MAX(b.created_at) AS imported, MAX(v.batch_id) AS batch
                      FROM value v JOIN import_batch b ON b.id = v.batch_id GROUP BY v.variable_id, v.period_id) s
                JOIN variable vr ON vr.id = s.variable_id
                JOIN period p ON p.id = s.period_id
                JOIN import_batch ib ON ib.id = s.batch
                LEFT JOIN dataset_release r ON r.variable_key = vr.key AND r.period_date = p.date
                ORDER BY vr.key, p.date
                """).map { r in
                let by: String? = r[4]
                return DatasetState(dataset: Dataset(variableKey: r[0], period: Period(date: r[1])), values: r[2],
                                    importedAt: Timestamp.date(r[3]) ?? Date(timeIntervalSince1970: 0),
                                    release: by.map { ReleaseMark(by: $0, at: Timestamp.date(r[5]) ?? Date()) }, batchID: r[6], batchLabel: r[7])
            }
        }
    }

    public func indicatorReleases() async throws -> [String: ReleaseMark] {
        try await pool.read { db in try Self.marks(db, "SELECT key, released_by, released_at FROM indicator_release") }
    }

    public func setReleased(_ released: Bool, datasets: [Dataset], indicators: [String], by user: String) async throws {
        try await pool.write { db in
            let now = Timestamp.string(Date())
            for d in datasets {
                if released {
                    guard try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM value v JOIN variable vr ON vr.id = v.variable_id JOIN period p ON p.id = v.period_id
                                       WHERE vr.key = ? AND p.date = ?)
                        """, arguments: [d.variableKey, d.period.date]) == true else {
                        throw StoreError("Datensatz \(d.variableKey) \(d.period.date) existiert nicht")
                    }
                    // A re-release keeps the first (who, when); the audit log records each one.
                    try db.execute(sql: "INSERT OR IGNORE INTO dataset_release VALUES (?, ?, ?, ?)",
                                   arguments: [d.variableKey, d.period.date, user, now])
                } else {
                    try db.execute(sql: "DELETE FROM dataset_release WHERE variable_key = ? AND period_date = ?",
                                   arguments: [d.variableKey, d.period.date])
                }
            }
            for key in indicators {
                if released {
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM indicator WHERE key = ?)", arguments: [key]) == true else {
                        throw StoreError("Indikator \(key) existiert nicht")
                    }
                    try db.execute(sql: "INSERT OR IGNORE INTO indicator_release VALUES (?, ?, ?)", arguments: [key, user, now])
                } else {
                    try db.execute(sql: "DELETE FROM indicator_release WHERE key = ?", arguments: [key])
                }
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    public func batches() async throws -> [BatchInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "\(Self.batchColumns) ORDER BY id DESC").map(Self.batchInfo)
        }
    }

    /// Takes back the newest import that is still in force: its values, areas and facilities go,
    /// and what it had overwritten comes back. Batches roll back newest first, so that nothing a
    /// later import built on disappears underneath it.
    public func rollback(batchID: Int64, by user: String?) async throws -> BatchInfo {
        try await pool.write { db in
            guard let newest = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM import_batch WHERE rolled_back_at IS NULL") else {
                throw StoreError("Es gibt keinen Import, der zurückgenommen werden kann")
            }
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch WHERE id = ?", arguments: [batchID]) == 1 else {
                throw StoreError("Import \(batchID) existiert nicht")
            }
            guard newest == batchID else {
                throw StoreError("Import \(batchID) kann nicht zurückgenommen werden: zuerst den jüngeren Import \(newest) zurücknehmen")
            }
            try db.execute(sql: "DELETE FROM value WHERE batch_id = ?", arguments: [batchID])
            try db.execute(sql: """
                INSERT OR REPLACE INTO value SELECT variable_id, period_id, area_id, value, status, symbol, batch_id
                FROM value_history WHERE replaced_by = ?
                """, arguments: [batchID])
            try db.execute(sql: "DELETE FROM value_history WHERE replaced_by = ?", arguments: [batchID])
            try db.execute(sql: "DELETE FROM area WHERE batch_id = ?", arguments: [batchID])
            try db.execute(sql: """
                INSERT OR REPLACE INTO area (id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id)
                SELECT id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id FROM area_history WHERE replaced_by = ?
                """, arguments: [batchID])
            try db.execute(sql: "DELETE FROM area_history WHERE replaced_by = ?", arguments: [batchID])
            try db.execute(sql: "DELETE FROM facility WHERE batch_id = ?", arguments: [batchID])
            try db.execute(sql: """
                INSERT OR REPLACE INTO facility (id, key, category, name, capacity, longitude, latitude, area_code, batch_id)
                SELECT id, key, category, name, capacity, longitude, latitude, area_code, batch_id FROM facility_history WHERE replaced_by = ?
                """, arguments: [batchID])
            try db.execute(sql: "DELETE FROM facility_history WHERE replaced_by = ?", arguments: [batchID])
            try db.execute(sql: "DELETE FROM measure WHERE batch_id = ?", arguments: [batchID])
            try db.execute(sql: "DELETE FROM area_version WHERE batch_id = ?", arguments: [batchID])
            // Variables the import created go with it, unless values of other imports use them.
            try db.execute(sql: """
                DELETE FROM variable WHERE batch_id = ? AND id NOT IN (SELECT variable_id FROM value) AND id NOT IN (SELECT variable_id FROM value_history)
                """, arguments: [batchID])
            try Self.dropEmptyPeriods(db)
            try db.execute(sql: "UPDATE import_batch SET rolled_back_at = ?, rolled_back_by = ? WHERE id = ?",
                           arguments: [Timestamp.string(Date()), user, batchID])
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
            return Self.batchInfo(try Row.fetchOne(db, sql: "\(Self.batchColumns) WHERE id = ?", arguments: [batchID])!)
        }
    }

    static let batchColumns = "SELECT id, label, kind, created_at, value_count, area_count, rolled_back_at, imported_by, rolled_back_by FROM import_batch"

    static func batchInfo(_ r: Row) -> BatchInfo {
        BatchInfo(id: r[0], label: r[1], kind: r[2], createdAt: Timestamp.date(r[3]) ?? Date(timeIntervalSince1970: 0),
                  values: r[4], areas: r[5], rolledBackAt: Timestamp.date(r[6]), importedBy: r[7], rolledBackBy: r[8])
    }

    /// Deletes one dataset (all its values) and its release; returns how many values went.
    public func delete(dataset: Dataset) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: """
                DELETE FROM value WHERE variable_id = (SELECT id FROM variable WHERE key = ?) AND period_id = (SELECT id FROM period WHERE date = ?)
                """, arguments: [dataset.variableKey, dataset.period.date])
            let n = db.changesCount
            try db.execute(sql: "DELETE FROM dataset_release WHERE variable_key = ? AND period_date = ?",
                           arguments: [dataset.variableKey, dataset.period.date])
            try Self.dropEmptyPeriods(db)
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
            return n
        }
    }

    static func dropEmptyPeriods(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM period WHERE id NOT IN (SELECT DISTINCT period_id FROM value)")
    }

    // MARK: Measures

    public func measures() async throws -> [Measure] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM measure ORDER BY start DESC, title").map { r in
                let id: Int64 = r["id"]
                let by: String? = r["released_by"]
                return Measure(key: r["key"], title: r["title"], description: r["description"], department: r["department"],
                               areaCodes: try String.fetchAll(db, sql: "SELECT area_code FROM measure_area WHERE measure_id = ? ORDER BY area_code", arguments: [id]),
                               start: r["start"], end: r["end"], budget: r["budget"], fundingProgramme: r["programme"], targetGroup: r["target_group"],
                               targets: try Row.fetchAll(db, sql: "SELECT indicator_key, direction FROM measure_target WHERE measure_id = ? ORDER BY indicator_key",
                                                         arguments: [id]).map { Measure.Target(indicatorKey: $0[0], direction: $0[1]) },
                               release: by.map { ReleaseMark(by: $0, at: Timestamp.date(r["released_at"]) ?? Date()) })
            }
        }
    }

    public func save(measure: Measure) async throws {
        let problems = measure.problems()
        guard problems.isEmpty else { throw StoreError(problems.joined(separator: "; ")) }
        try await pool.write { db in
            let known = Set(try String.fetchAll(db, sql: "SELECT code FROM area"))
            let unknown = measure.areaCodes.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError("Feld „Gebiete“: unbekannt \(unknown.joined(separator: ", "))") }
            for t in measure.targets {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM indicator WHERE key = ?)", arguments: [t.indicatorKey]) == true else {
                    throw StoreError("Feld „Zielindikator“: unbekannt „\(t.indicatorKey)“")
                }
            }
            try Self.save(measure, db: db, batchID: nil)
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    /// Inserts or replaces a measure by key; a changed measure is internal until released again.
    static func save(_ m: Measure, db: Database, batchID: Int64?) throws {
        try db.execute(sql: """
            INSERT INTO measure (key, title, description, department, start, end, budget, programme, target_group, released_by, released_at, batch_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)
            ON CONFLICT(key) DO UPDATE SET title = excluded.title, description = excluded.description, department = excluded.department,
                start = excluded.start, end = excluded.end, budget = excluded.budget, programme = excluded.programme,
                target_group = excluded.target_group, released_by = NULL, released_at = NULL
            """, arguments: [m.key, m.title, m.description, m.department, m.start, m.end, m.budget, m.fundingProgramme, m.targetGroup, batchID])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM measure WHERE key = ?", arguments: [m.key])!
        try db.execute(sql: "DELETE FROM measure_area WHERE measure_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM measure_target WHERE measure_id = ?", arguments: [id])
        for code in Set(m.areaCodes) { try db.execute(sql: "INSERT INTO measure_area VALUES (?, ?)", arguments: [id, code]) }
        var seen = Set<String>()
        for t in m.targets where seen.insert(t.indicatorKey).inserted {
            try db.execute(sql: "INSERT INTO measure_target VALUES (?, ?, ?)", arguments: [id, t.indicatorKey, t.direction])
        }
    }

    public func deleteMeasure(key: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM measure WHERE key = ?", arguments: [key])
            let n = db.changesCount
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
            return n > 0
        }
    }

    public func setMeasureReleased(_ released: Bool, keys: [String], by user: String) async throws {
        try await pool.write { db in
            for key in keys {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM measure WHERE key = ?)", arguments: [key]) == true else {
                    throw StoreError("Maßnahme „\(key)“ existiert nicht")
                }
                if released {
                    try db.execute(sql: "UPDATE measure SET released_by = ?, released_at = ? WHERE key = ?", arguments: [user, Timestamp.string(Date()), key])
                } else {
                    try db.execute(sql: "UPDATE measure SET released_by = NULL, released_at = NULL WHERE key = ?", arguments: [key])
                }
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    // MARK: Report templates

    public func reportTemplates() async throws -> [ReportTemplate] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, config, updated_by, updated_at FROM report_template ORDER BY name").compactMap { r in
                ReportTemplate.stored(name: r[0], config: r[1], by: r[2], at: Timestamp.date(r[3]))
            }
        }
    }

    public func save(template: ReportTemplate, by user: String) async throws {
        let json = try template.storedJSON()
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO report_template (name, config, updated_by, updated_at) VALUES (?, ?, ?, ?)",
                           arguments: [template.name, json, user, Timestamp.string(Date())])
        }
    }

    // MARK: Source templates

    public func sourceTemplates() async throws -> [SourceTemplate] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, mapping, header, updated_by, updated_at FROM source_template ORDER BY name").map { r in
                SourceTemplate(name: r[0], mapping: r[1], header: r[2], updatedBy: r[3], updatedAt: Timestamp.date(r[4]))
            }
        }
    }

    public func save(sourceTemplate t: SourceTemplate, by user: String) async throws {
        try SourceTemplate.check(t)
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO source_template (name, mapping, header, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [t.name, t.mapping, t.header, user, Timestamp.string(Date())])
        }
    }

    // MARK: Legal pages

    public func legalPages() async throws -> [LegalPage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, text, contact, updated_by, updated_at FROM legal_page").compactMap { r in
                LegalPage.Kind(rawValue: r[0]).map { LegalPage(kind: $0, text: r[1], contact: r[2], updatedBy: r[3], updatedAt: Timestamp.date(r[4])) }
            }
        }
    }

    public func save(legalPage p: LegalPage, by user: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO legal_page (kind, text, contact, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [p.kind.rawValue, p.text, p.contact, user, Timestamp.string(Date())])
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }
}
