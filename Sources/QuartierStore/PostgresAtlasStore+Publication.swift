import Foundation
import Logging
import PostgresNIO
import QuartierCore

extension PostgresAtlasStore {

    public func publication() async throws -> PublicationState {
        try await versioned(publicationCache) { c, logger in
            var state = PublicationState()
            for try await (k, d) in try await c.query("SELECT variable_key, period_date FROM dataset_release", logger: logger).decode((String, String).self) {
                state.datasets.insert(Dataset(variableKey: k, period: Period(date: d)))
            }
            for try await k in try await c.query("SELECT key FROM indicator_release", logger: logger).decode(String.self) { state.indicators.insert(k) }
            for try await k in try await c.query("SELECT level_key FROM level_release", logger: logger).decode(String.self) { state.levels.insert(k) }
            return state
        }
    }

    public func levelReleases() async throws -> [String: ReleaseMark] {
        try await read { c in try await marks(c, "SELECT level_key, released_by, released_at FROM level_release") }
    }

    public func setLevelReleased(_ released: Bool, keys: [String], by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            for key in keys {
                if released {
                    guard try await c.int("SELECT COUNT(*) FROM area_level WHERE key = \(key)", logger: logger) == 1 else {
                        throw StoreError("Gebietsebene \(key) existiert nicht")
                    }
                    try await c.run("""
                        INSERT INTO level_release VALUES (\(key), \(user), \(now))
                        ON CONFLICT (level_key) DO NOTHING
                        """, logger: logger)
                } else {
                    try await c.run("DELETE FROM level_release WHERE level_key = \(key)", logger: logger)
                }
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    public func datasets() async throws -> [DatasetState] {
        try await read { c in
            var out: [DatasetState] = []
            for try await (key, date, n, imported, by, at, batch, label) in try await c.query("""
                SELECT vr.key, p.date, s.n, s.imported, r.released_by, r.released_at, s.batch, ib.label
                FROM (SELECT v.variable_id, v.period_id, COUNT(*) AS n, MAX(b.created_at) AS imported, MAX(v.batch_id) AS batch
                      FROM value v JOIN import_batch b ON b.id = v.batch_id GROUP BY v.variable_id, v.period_id) s
                JOIN variable vr ON vr.id = s.variable_id
                JOIN period p ON p.id = s.period_id
                JOIN import_batch ib ON ib.id = s.batch
                LEFT JOIN dataset_release r ON r.variable_key = vr.key AND r.period_date = p.date
                ORDER BY vr.key COLLATE "C", p.date COLLATE "C"
                """, logger: logger).decode((String, String, Int, String?, String?, String?, Int64, String).self) {
                out.append(DatasetState(dataset: Dataset(variableKey: key, period: Period(date: date)), values: n,
                                        importedAt: Timestamp.date(imported) ?? Date(timeIntervalSince1970: 0),
                                        release: by.map { ReleaseMark(by: $0, at: Timestamp.date(at) ?? Date()) }, batchID: batch, batchLabel: label))
            }
            return out
        }
    }

    public func indicatorReleases() async throws -> [String: ReleaseMark] {
        try await read { c in try await marks(c, "SELECT key, released_by, released_at FROM indicator_release") }
    }

    /// Release marks by key from a query of (key, released_by, released_at).
    private func marks(_ c: PostgresConnection, _ q: PostgresQuery) async throws -> [String: ReleaseMark] {
        var out: [String: ReleaseMark] = [:]
        for try await (k, by, at) in try await c.query(q, logger: logger).decode((String, String, String).self) {
            out[k] = ReleaseMark(by: by, at: Timestamp.date(at) ?? Date())
        }
        return out
    }

    public func setReleased(_ released: Bool, datasets: [Dataset], indicators: [String], by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            for d in datasets {
                if released {
                    guard try await c.bool("""
                        SELECT EXISTS (SELECT 1 FROM value v JOIN variable vr ON vr.id = v.variable_id JOIN period p ON p.id = v.period_id
                                       WHERE vr.key = \(d.variableKey) AND p.date = \(d.period.date))
                        """, logger: logger) else {
                        throw StoreError("Datensatz \(d.variableKey) \(d.period.date) existiert nicht")
                    }
                    try await c.run("""
                        INSERT INTO dataset_release VALUES (\(d.variableKey), \(d.period.date), \(user), \(now))
                        ON CONFLICT (variable_key, period_date) DO NOTHING
                        """, logger: logger)
                } else {
                    try await c.run("DELETE FROM dataset_release WHERE variable_key = \(d.variableKey) AND period_date = \(d.period.date)", logger: logger)
                }
            }
            for key in indicators {
                if released {
                    guard try await c.bool("SELECT EXISTS (SELECT 1 FROM indicator WHERE key = \(key))", logger: logger) else {
                        throw StoreError("Indikator \(key) existiert nicht")
                    }
                    try await c.run("""
                        INSERT INTO indicator_release VALUES (\(key), \(user), \(now))
                        ON CONFLICT (key) DO NOTHING
                        """, logger: logger)
                } else {
                    try await c.run("DELETE FROM indicator_release WHERE key = \(key)", logger: logger)
                }
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    private func fetchBatches(_ c: PostgresConnection, _ q: PostgresQuery) async throws -> [BatchInfo] {
        var out: [BatchInfo] = []
        for try await (id, label, kind, created, values, areas, rolled, by, rolledBy) in try await c.query(q, logger: logger)
            .decode((Int64, String, String, String, Int, Int, String?, String?, String?).self) {
            out.append(BatchInfo(id: id, label: label, kind: kind, createdAt: Timestamp.date(created) ?? Date(timeIntervalSince1970: 0),
                                 values: values, areas: areas, rolledBackAt: Timestamp.date(rolled), importedBy: by, rolledBackBy: rolledBy))
        }
        return out
    }

    public func batches() async throws -> [BatchInfo] {
        try await read { c in
            try await fetchBatches(c, "SELECT id, label, kind, created_at, value_count, area_count, rolled_back_at, imported_by, rolled_back_by FROM import_batch ORDER BY id DESC")
        }
    }

    public func rollback(batchID: Int64, by user: String?) async throws -> BatchInfo {
        try await write { c in
            try await c.run("LOCK TABLE meta IN EXCLUSIVE MODE", logger: logger)
            guard let newest = try await c.int64("SELECT MAX(id) FROM import_batch WHERE rolled_back_at IS NULL", logger: logger) else {
                throw StoreError("Es gibt keinen Import, der zurückgenommen werden kann")
            }
            guard try await c.int("SELECT COUNT(*) FROM import_batch WHERE id = \(batchID)", logger: logger) == 1 else {
                throw StoreError("Import \(batchID) existiert nicht")
            }
            guard newest == batchID else {
                throw StoreError("Import \(batchID) kann nicht zurückgenommen werden: zuerst den jüngeren Import \(newest) zurücknehmen")
            }
            try await c.run("DELETE FROM value WHERE batch_id = \(batchID)", logger: logger)
            try await c.run("""
                INSERT INTO value SELECT variable_id, period_id, area_id, value, status, symbol, batch_id FROM value_history WHERE replaced_by = \(batchID)
                ON CONFLICT (variable_id, period_id, area_id) DO UPDATE SET value = excluded.value, status = excluded.status,
                    symbol = excluded.symbol, batch_id = excluded.batch_id
                """, logger: logger)
            try await c.run("DELETE FROM value_history WHERE replaced_by = \(batchID)", logger: logger)
            try await c.run("DELETE FROM area WHERE batch_id = \(batchID)", logger: logger)
            try await c.run("""
                INSERT INTO area (id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id)
                SELECT id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id FROM area_history WHERE replaced_by = \(batchID)
                """, logger: logger)
            try await c.run("DELETE FROM area_history WHERE replaced_by = \(batchID)", logger: logger)
            try await c.run("DELETE FROM facility WHERE batch_id = \(batchID)", logger: logger)
            try await c.run("""
                INSERT INTO facility (id, key, category, name, capacity, longitude, latitude, area_code, batch_id)
                SELECT id, key, category, name, capacity, longitude, latitude, area_code, batch_id FROM facility_history WHERE replaced_by = \(batchID)
                """, logger: logger)
            try await c.run("DELETE FROM facility_history WHERE replaced_by = \(batchID)", logger: logger)
            try await c.run("DELETE FROM measure WHERE batch_id = \(batchID)", logger: logger)
            try await c.run("DELETE FROM area_version WHERE batch_id = \(batchID)", logger: logger)
            // Variables the import created go with it, unless values of other imports use them.
            try await c.run("""
                DELETE FROM variable WHERE batch_id = \(batchID) AND id NOT IN (SELECT variable_id FROM value) AND id NOT IN (SELECT variable_id FROM value_history)
                """, logger: logger)
            try await dropEmptyPeriods(c)
            try await c.run("UPDATE import_batch SET rolled_back_at = \(Timestamp.string(Date())), rolled_back_by = \(user) WHERE id = \(batchID)", logger: logger)
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
            guard let info = try await fetchBatches(c, """
                SELECT id, label, kind, created_at, value_count, area_count, rolled_back_at, imported_by, rolled_back_by FROM import_batch WHERE id = \(batchID)
                """).first else { throw StoreError("Import \(batchID) existiert nicht") }
            return info
        }
    }

    public func delete(dataset: Dataset) async throws -> Int {
        try await write { c in
            let n = try await c.int("""
                WITH d AS (DELETE FROM value WHERE variable_id = (SELECT id FROM variable WHERE key = \(dataset.variableKey))
                           AND period_id = (SELECT id FROM period WHERE date = \(dataset.period.date)) RETURNING 1)
                SELECT COUNT(*) FROM d
                """, logger: logger) ?? 0
            try await c.run("DELETE FROM dataset_release WHERE variable_key = \(dataset.variableKey) AND period_date = \(dataset.period.date)", logger: logger)
            try await dropEmptyPeriods(c)
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
            return n
        }
    }

    private func dropEmptyPeriods(_ c: PostgresConnection) async throws {
        try await c.run("DELETE FROM period p WHERE NOT EXISTS (SELECT 1 FROM value v WHERE v.period_id = p.id)", logger: logger)
    }

    // MARK: Measures

    public func measures() async throws -> [Measure] {
        try await read { c in
            var areas: [Int64: [String]] = [:], targets: [Int64: [Measure.Target]] = [:]
            for try await (id, code) in try await c.query("SELECT measure_id, area_code FROM measure_area ORDER BY area_code COLLATE \"C\"", logger: logger)
                .decode((Int64, String).self) { areas[id, default: []].append(code) }
            for try await (id, key, direction) in try await c.query("""
                SELECT measure_id, indicator_key, direction FROM measure_target ORDER BY indicator_key COLLATE "C"
                """, logger: logger).decode((Int64, String, Int).self) {
                targets[id, default: []].append(Measure.Target(indicatorKey: key, direction: direction))
            }
            var out: [Measure] = []
            for try await (id, key, title, description, department, start, end, budget, programme, group, by, at) in try await c.query("""
                SELECT id, key, title, description, department, start, "end", budget, programme, target_group, released_by, released_at
                FROM measure ORDER BY start COLLATE "C" DESC, title COLLATE "C"
                """, logger: logger).decode((Int64, String, String, String, String, String, String?, Double?, String, String, String?, String?).self) {
                out.append(Measure(key: key, title: title, description: description, department: department, areaCodes: areas[id] ?? [],
                                   start: start, end: end, budget: budget, fundingProgramme: programme, targetGroup: group,
                                   targets: targets[id] ?? [], release: by.map { ReleaseMark(by: $0, at: Timestamp.date(at) ?? Date()) }))
            }
            return out
        }
    }

    public func save(measure: Measure) async throws {
        let problems = measure.problems()
        guard problems.isEmpty else { throw StoreError(problems.joined(separator: "; ")) }
        try await write { c in
            var known = Set<String>()
            for try await code in try await c.query("SELECT code FROM area", logger: logger).decode(String.self) { known.insert(code) }
            let unknown = measure.areaCodes.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError("Feld „Gebiete“: unbekannt \(unknown.joined(separator: ", "))") }
            for t in measure.targets {
                guard try await c.bool("SELECT EXISTS (SELECT 1 FROM indicator WHERE key = \(t.indicatorKey))", logger: logger) else {
                    throw StoreError("Feld „Zielindikator“: unbekannt „\(t.indicatorKey)“")
                }
            }
            try await save(measure, c, batchID: nil)
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    func save(_ m: Measure, _ c: PostgresConnection, batchID: Int64?) async throws {
        guard let id = try await c.int64("""
            INSERT INTO measure (key, title, description, department, start, "end", budget, programme, target_group, released_by, released_at, batch_id)
            VALUES (\(m.key), \(m.title), \(m.description), \(m.department), \(m.start), \(m.end), \(m.budget), \(m.fundingProgramme), \(m.targetGroup), NULL, NULL, \(batchID))
            ON CONFLICT (key) DO UPDATE SET title = excluded.title, description = excluded.description, department = excluded.department,
                start = excluded.start, "end" = excluded."end", budget = excluded.budget, programme = excluded.programme,
                target_group = excluded.target_group, released_by = NULL, released_at = NULL
            RETURNING id
            """, logger: logger) else { throw StoreError("Maßnahme „\(m.key)“ konnte nicht gespeichert werden") }
        try await c.run("DELETE FROM measure_area WHERE measure_id = \(id)", logger: logger)
        try await c.run("DELETE FROM measure_target WHERE measure_id = \(id)", logger: logger)
        for code in Set(m.areaCodes).sorted() { try await c.run("INSERT INTO measure_area VALUES (\(id), \(code))", logger: logger) }
        var seen = Set<String>()
        for t in m.targets where seen.insert(t.indicatorKey).inserted {
            try await c.run("INSERT INTO measure_target VALUES (\(id), \(t.indicatorKey), \(t.direction))", logger: logger)
        }
    }

    public func deleteMeasure(key: String) async throws -> Bool {
        try await write { c in
            let n = try await c.int("WITH d AS (DELETE FROM measure WHERE key = \(key) RETURNING 1) SELECT COUNT(*) FROM d", logger: logger) ?? 0
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
            return n > 0
        }
    }

    public func setMeasureReleased(_ released: Bool, keys: [String], by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            for key in keys {
                guard try await c.bool("SELECT EXISTS (SELECT 1 FROM measure WHERE key = \(key))", logger: logger) else {
                    throw StoreError("Maßnahme „\(key)“ existiert nicht")
                }
                if released {
                    try await c.run("UPDATE measure SET released_by = \(user), released_at = \(now) WHERE key = \(key)", logger: logger)
                } else {
                    try await c.run("UPDATE measure SET released_by = NULL, released_at = NULL WHERE key = \(key)", logger: logger)
                }
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    // MARK: Report templates

    public func reportTemplates() async throws -> [ReportTemplate] {
        try await read { c in
            var out: [ReportTemplate] = []
            for try await (name, config, by, at) in try await c.query("""
                SELECT name, config, updated_by, updated_at FROM report_template ORDER BY name COLLATE "C"
                """, logger: logger).decode((String, String, String?, String?).self) {
                if let t = ReportTemplate.stored(name: name, config: config, by: by, at: Timestamp.date(at)) { out.append(t) }
            }
            return out
        }
    }

    public func save(template: ReportTemplate, by user: String) async throws {
        let json = try template.storedJSON()
        let now = Timestamp.string(Date())
        try await write { c in
            try await c.run("""
                INSERT INTO report_template (name, config, updated_by, updated_at) VALUES (\(template.name), \(json), \(user), \(now))
                ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    // MARK: Source templates

    public func sourceTemplates() async throws -> [SourceTemplate] {
        try await read { c in
            var out: [SourceTemplate] = []
            for try await (name, mapping, header, by, at) in try await c.query("""
                SELECT name, mapping, header, updated_by, updated_at FROM source_template ORDER BY name COLLATE "C"
                """, logger: logger).decode((String, String, String, String?, String?).self) {
                out.append(SourceTemplate(name: name, mapping: mapping, header: header, updatedBy: by, updatedAt: Timestamp.date(at)))
            }
            return out
        }
    }

    public func save(sourceTemplate t: SourceTemplate, by user: String) async throws {
        try SourceTemplate.check(t)
        let now = Timestamp.string(Date())
        try await write { c in
            try await c.run("""
                INSERT INTO source_template (name, mapping, header, updated_by, updated_at) VALUES (\(t.name), \(t.mapping), \(t.header), \(user), \(now))
                ON CONFLICT (name) DO UPDATE SET mapping = excluded.mapping, header = excluded.header, updated_by = excluded.updated_by,
                    updated_at = excluded.updated_at
                """, logger: logger)
        }
    }

    // MARK: Legal pages

    public func legalPages() async throws -> [LegalPage] {
        try await read { c in
            var out: [LegalPage] = []
            for try await (kind, text, contact, by, at) in try await c.query("SELECT kind, text, contact, updated_by, updated_at FROM legal_page", logger: logger)
                .decode((String, String, String?, String?, String?).self) {
                if let k = LegalPage.Kind(rawValue: kind) { out.append(LegalPage(kind: k, text: text, contact: contact, updatedBy: by, updatedAt: Timestamp.date(at))) }
            }
            return out
        }
    }

    public func save(legalPage p: LegalPage, by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            try await c.run("""
                INSERT INTO legal_page (kind, text, contact, updated_by, updated_at) VALUES (\(p.kind.rawValue), \(p.text), \(p.contact), \(user), \(now))
                ON CONFLICT (kind) DO UPDATE SET text = excluded.text, contact = excluded.contact, updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, logger: logger)
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }
}
