import Foundation
import Logging
import NIOCore
import PostgresNIO
import QuartierCore

/// The server store: one atlas in one schema of a PostgreSQL database, with the same tables
/// and the same contract as `SQLiteAtlasStore`. Several towns share a database (one schema
/// each) and a connection pool.
public final class PostgresAtlasStore: AtlasStore {
    public let location: PostgresLocation
    let connector: PostgresConnector
    var schema: String { location.schema }
    var logger: Logger { connector.logger }
    /// The last coverage read, with the data version it belongs to.
    private let coverageCache = VersionedCache<Coverage>()
    let publicationCache = VersionedCache<PublicationState>()

    /// Connects and migrates the schema to the current version.
    public init(location: PostgresLocation) async throws {
        self.location = location
        connector = PostgresConnector.shared(for: location)
        try await Self.migrations.migrate(connector, schema: location.schema)
    }

    public convenience init(url: String) async throws {
        try await self.init(location: try PostgresLocation(url: url))
    }

    /// Applies missing migrations; returns their ids (for `quartier migrate`).
    public static func migrate(location: PostgresLocation) async throws -> [String] {
        try await migrations.migrate(PostgresConnector.shared(for: location), schema: location.schema)
    }

    static let migrations = PostgresMigrations(steps: [
        ("v1-atlas", """
            CREATE TABLE municipality (id BIGSERIAL PRIMARY KEY, ags TEXT NOT NULL UNIQUE, name TEXT NOT NULL);
            CREATE TABLE area_level (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, name TEXT NOT NULL, parent_key TEXT, rank BIGINT NOT NULL);
            CREATE TABLE area (
                id BIGSERIAL PRIMARY KEY, level_id BIGINT NOT NULL REFERENCES area_level(id), code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL, parent_code TEXT, geometry BYTEA, valid_from TEXT, valid_to TEXT, batch_id BIGINT
            );
            CREATE TABLE variable (id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, label TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
            CREATE TABLE period (id BIGSERIAL PRIMARY KEY, date TEXT NOT NULL UNIQUE);
            CREATE TABLE import_batch (
                id BIGSERIAL PRIMARY KEY, label TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL,
                value_count BIGINT NOT NULL, area_count BIGINT NOT NULL, rolled_back_at TEXT
            );
            CREATE TABLE value (
                variable_id BIGINT NOT NULL, period_id BIGINT NOT NULL, area_id BIGINT NOT NULL, value DOUBLE PRECISION,
                status BIGINT NOT NULL, symbol TEXT, batch_id BIGINT NOT NULL, PRIMARY KEY (variable_id, period_id, area_id)
            );
            CREATE INDEX value_batch ON value (batch_id);
            CREATE TABLE indicator (
                id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL, valid_from TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, formula TEXT NOT NULL,
                unit TEXT NOT NULL, topic TEXT NOT NULL, polarity TEXT NOT NULL, definition TEXT NOT NULL, source TEXT NOT NULL,
                decimals BIGINT NOT NULL, UNIQUE (key, valid_from)
            );
            CREATE TABLE facility (
                id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, category TEXT NOT NULL, name TEXT NOT NULL, capacity BIGINT,
                longitude DOUBLE PRECISION NOT NULL, latitude DOUBLE PRECISION NOT NULL, area_code TEXT, batch_id BIGINT
            );
            CREATE TABLE dataset_release (
                variable_key TEXT NOT NULL, period_date TEXT NOT NULL, released_by TEXT NOT NULL, released_at TEXT NOT NULL,
                PRIMARY KEY (variable_key, period_date)
            );
            CREATE TABLE indicator_release (key TEXT PRIMARY KEY, released_by TEXT NOT NULL, released_at TEXT NOT NULL);
            CREATE TABLE value_history (
                variable_id BIGINT NOT NULL, period_id BIGINT NOT NULL, area_id BIGINT NOT NULL, value DOUBLE PRECISION,
                status BIGINT NOT NULL, symbol TEXT, batch_id BIGINT NOT NULL, replaced_by BIGINT NOT NULL
            );
            CREATE INDEX value_history_replaced ON value_history (replaced_by);
            CREATE TABLE area_history (
                id BIGINT NOT NULL, level_id BIGINT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, parent_code TEXT,
                geometry BYTEA, valid_from TEXT, valid_to TEXT, batch_id BIGINT, replaced_by BIGINT NOT NULL
            );
            CREATE TABLE facility_history (
                id BIGINT NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL, capacity BIGINT,
                longitude DOUBLE PRECISION NOT NULL, latitude DOUBLE PRECISION NOT NULL, area_code TEXT, batch_id BIGINT, replaced_by BIGINT NOT NULL
            );
            CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);
            INSERT INTO meta (key, value) VALUES ('version', 0);
            CREATE TABLE measure (
                id BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, description TEXT NOT NULL,
                department TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT, budget DOUBLE PRECISION, programme TEXT NOT NULL,
                target_group TEXT NOT NULL, released_by TEXT, released_at TEXT, batch_id BIGINT
            );
            CREATE TABLE measure_area (
                measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE, area_code TEXT NOT NULL,
                PRIMARY KEY (measure_id, area_code)
            );
            CREATE TABLE measure_target (
                measure_id BIGINT NOT NULL REFERENCES measure(id) ON DELETE CASCADE, indicator_key TEXT NOT NULL,
                direction BIGINT NOT NULL, PRIMARY KEY (measure_id, indicator_key)
            );
            CREATE TABLE area_version (
                id BIGSERIAL, code TEXT NOT NULL, level_id BIGINT NOT NULL, name TEXT NOT NULL, parent_code TEXT, geometry BYTEA,
                valid_from TEXT, valid_to TEXT NOT NULL, batch_id BIGINT NOT NULL, PRIMARY KEY (code, valid_to)
            );
            CREATE TABLE report_template (name TEXT PRIMARY KEY, config TEXT NOT NULL, updated_by TEXT, updated_at TEXT)
            """),
        // The import that created a variable, so that its rollback removes the variable again.
        ("v2-variable-batch", "ALTER TABLE variable ADD COLUMN batch_id BIGINT"),
        // Who imported and rolled back a batch, and the upload it consumed (see the SQLite store).
        ("v3-batch-origin", """
            ALTER TABLE import_batch ADD COLUMN imported_by TEXT;
            ALTER TABLE import_batch ADD COLUMN upload_token TEXT;
            ALTER TABLE import_batch ADD COLUMN rolled_back_by TEXT;
            CREATE UNIQUE INDEX import_batch_upload ON import_batch (upload_token)
            """),
        // Area levels are released like datasets; existing levels were public and stay so.
        ("v4-level-release", """
            CREATE TABLE level_release (level_key TEXT PRIMARY KEY, released_by TEXT NOT NULL, released_at TEXT NOT NULL);
            INSERT INTO level_release SELECT key, 'Aktualisierung', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM area_level
            """),
        ("v5-source-templates", """
            CREATE TABLE source_template (name TEXT PRIMARY KEY, mapping TEXT NOT NULL, header TEXT NOT NULL, updated_by TEXT, updated_at TEXT)
            """),
        ("v6-level-source", """
            ALTER TABLE area_level ADD COLUMN source_crs TEXT;
            ALTER TABLE area_level ADD COLUMN transformation TEXT
            """),
        ("v7-legal-pages", "CREATE TABLE legal_page (kind TEXT PRIMARY KEY, text TEXT NOT NULL, contact TEXT, updated_by TEXT, updated_at TEXT)"),
        ("v8-facility-release-area-notes", """
            CREATE TABLE facility_release (key TEXT PRIMARY KEY, released_by TEXT NOT NULL, released_at TEXT NOT NULL);
            INSERT INTO facility_release SELECT key, 'Quartier (Umstellung)', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') FROM facility;
            CREATE TABLE area_note (area_code TEXT PRIMARY KEY, text TEXT NOT NULL, written_by TEXT, written_at TEXT, released_by TEXT, released_at TEXT)
            """),
    ])

    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connector.withConnection(schema: schema, body)
    }

    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connector.transaction(schema: schema, body)
    }

    // MARK: Reading

    public func municipality() async throws -> Municipality? {
        try await read { c in
            for try await (id, ags, name) in try await c.query("SELECT id, ags, name FROM municipality ORDER BY id LIMIT 1", logger: logger)
                .decode((Int64, String, String).self) {
                return Municipality(id: id, ags: ags, name: name)
            }
            return nil
        }
    }

    public func levels() async throws -> [AreaLevel] {
        try await read { c in
            var out: [AreaLevel] = []
            for try await (id, key, name, parent, rank, crs, transformation) in try await c.query(
                "SELECT id, key, name, parent_key, rank, source_crs, transformation FROM area_level ORDER BY rank, key COLLATE \"C\"", logger: logger)
                .decode((Int64, String, String, String?, Int, String?, String?).self) {
                out.append(AreaLevel(id: id, key: key, name: name, parentKey: parent, rank: rank, sourceCRS: crs, transformation: transformation))
            }
            return out
        }
    }

    private func fetchAreas(_ c: PostgresConnection, _ q: PostgresQuery) async throws -> [Area] {
        var out: [Area] = []
        for try await (id, code, name, level, parent, geometry, from, to) in try await c.query(q, logger: logger)
            .decode((Int64, String, String, String, String?, ByteBuffer?, String?, String?).self) {
            out.append(Area(id: id, code: code, name: name, levelKey: level, parentCode: parent,
                            geometryWKB: geometry.map { Array($0.readableBytesView) }, validFrom: from, validTo: to))
        }
        return out
    }

    private static func areaSelect(geometry: Bool = true) -> String {
        """
        SELECT a.id, a.code, a.name, l.key, a.parent_code, \(geometry ? "a.geometry" : "NULL::bytea"), a.valid_from, a.valid_to
        FROM area a JOIN area_level l ON l.id = a.level_id
        """
    }

    public func areas(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        let select = Self.areaSelect(geometry: includeGeometry)
        return try await read { c in
            if let levelKey {
                return try await fetchAreas(c, "\(unescaped: select) WHERE l.key = \(levelKey) ORDER BY a.code COLLATE \"C\"")
            }
            return try await fetchAreas(c, "\(unescaped: select) ORDER BY l.rank, a.code COLLATE \"C\"")
        }
    }

    public func areaVersions(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        let select = """
            SELECT v.id, v.code, v.name, l.key, v.parent_code, \(includeGeometry ? "v.geometry" : "NULL::bytea"), v.valid_from, v.valid_to
            FROM area_version v JOIN area_level l ON l.id = v.level_id
            """
        return try await read { c in
            if let levelKey {
                return try await fetchAreas(c, "\(unescaped: select) WHERE l.key = \(levelKey) ORDER BY v.code COLLATE \"C\", v.valid_to COLLATE \"C\"")
            }
            return try await fetchAreas(c, "\(unescaped: select) ORDER BY l.rank, v.code COLLATE \"C\", v.valid_to COLLATE \"C\"")
        }
    }

    public func area(code: String) async throws -> Area? {
        try await read { c in try await fetchAreas(c, "\(unescaped: Self.areaSelect()) WHERE a.code = \(code)").first }
    }

    public func variables() async throws -> [Variable] {
        try await read { c in
            var out: [Variable] = []
            for try await (id, key, label, unit, source) in try await c.query("SELECT id, key, label, unit, source FROM variable ORDER BY key COLLATE \"C\"", logger: logger)
                .decode((Int64, String, String, String, String).self) {
                out.append(Variable(id: id, key: key, label: label, unit: unit, source: source))
            }
            return out
        }
    }

    public func periods() async throws -> [Period] {
        try await read { c in
            var out: [Period] = []
            for try await date in try await c.query("SELECT date FROM period ORDER BY date COLLATE \"C\"", logger: logger).decode(String.self) {
                out.append(Period(date: date))
            }
            return out
        }
    }

    private static let indicatorColumns = "id, key, valid_from, name, formula, unit, topic, polarity, definition, source, decimals"

    private func fetchIndicators(_ c: PostgresConnection, _ q: PostgresQuery) async throws -> [Indicator] {
        var out: [Indicator] = []
        for try await (id, key, from, name, formula, unit, topic, polarity, definition, source, decimals) in try await c.query(q, logger: logger)
            .decode((Int64, String, String, String, String, String, String, String, String, String, Int).self) {
            out.append(Indicator(id: id, key: key, name: name, formula: formula, unit: unit, topic: topic,
                                 polarity: Polarity(rawValue: polarity) ?? .neutral, definition: definition, source: source,
                                 decimals: decimals, validFrom: from.isEmpty ? nil : from))
        }
        return out
    }

    public func indicators() async throws -> [Indicator] {
        try await read { c in
            try await fetchIndicators(c, """
                SELECT \(unescaped: Self.indicatorColumns) FROM indicator i
                WHERE valid_from = (SELECT MAX(valid_from) FROM indicator j WHERE j.key = i.key)
                ORDER BY topic COLLATE "C", name COLLATE "C"
                """)
        }
    }

    public func indicatorVersions(key: String) async throws -> [Indicator] {
        try await read { c in
            try await fetchIndicators(c, "SELECT \(unescaped: Self.indicatorColumns) FROM indicator WHERE key = \(key) ORDER BY valid_from COLLATE \"C\"")
        }
    }

    public func values(variableKeys: [String], periods: [Period]?, areaCodes: [String]?) async throws -> [DataValue] {
        guard !variableKeys.isEmpty else { return [] }
        if let periods, periods.isEmpty { return [] }
        if let areaCodes, areaCodes.isEmpty { return [] }
        let dates = periods.map { $0.map(\.date) }
        return try await read { c in
            let q: PostgresQuery = """
                SELECT a.code, vr.key, p.date, v.value, v.status, v.symbol
                FROM value v
                JOIN variable vr ON vr.id = v.variable_id
                JOIN period p ON p.id = v.period_id
                JOIN area a ON a.id = v.area_id
                WHERE vr.key = ANY(\(variableKeys))
                  AND (\(dates == nil) OR p.date = ANY(\(dates ?? [])))
                  AND (\(areaCodes == nil) OR a.code = ANY(\(areaCodes ?? [])))
                ORDER BY p.date COLLATE "C", vr.key COLLATE "C", a.code COLLATE "C"
                """
            var out: [DataValue] = []
            for try await (code, key, date, value, status, symbol) in try await c.query(q, logger: logger)
                .decode((String, String, String, Double?, Int, String?).self) {
                out.append(DataValue(areaCode: code, variableKey: key, period: Period(date: date), value: value,
                                     status: ValueStatus(rawValue: status) ?? .missing, symbol: symbol))
            }
            return out
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await read { c in
            for try await (a, v, n, i, b) in try await c.query("""
                SELECT (SELECT COUNT(*) FROM area), (SELECT COUNT(*) FROM variable), (SELECT COUNT(*) FROM value),
                       (SELECT COUNT(DISTINCT key) FROM indicator), (SELECT COUNT(*) FROM import_batch)
                """, logger: logger).decode((Int, Int, Int, Int, Int).self) {
                return StoreStatistics(areas: a, variables: v, values: n, indicators: i, batches: b)
            }
            return StoreStatistics(areas: 0, variables: 0, values: 0, indicators: 0, batches: 0)
        }
    }

    public func facilities() async throws -> [Facility] {
        try await read { c in
            var out: [Facility] = []
            for try await (key, category, name, capacity, lon, lat, area, by, at) in try await c.query("""
                SELECT f.key, f.category, f.name, f.capacity, f.longitude, f.latitude, f.area_code, r.released_by, r.released_at
                FROM facility f LEFT JOIN facility_release r ON r.key = f.key ORDER BY f.category COLLATE "C", f.name COLLATE "C"
                """, logger: logger).decode((String, String, String, Int?, Double, Double, String?, String?, String?).self) {
                guard let cat = Facility.Category(rawValue: category) else { continue }
                out.append(Facility(key: key, category: cat, name: name, capacity: capacity, longitude: lon, latitude: lat, areaCode: area,
                                    release: by.map { ReleaseMark(by: $0, at: Timestamp.date(at) ?? Date()) }))
            }
            return out
        }
    }

    public func dataVersion() async throws -> Int {
        try await read { c in try await c.int("SELECT value FROM meta WHERE key = 'version'", logger: logger) ?? 0 }
    }

    public func coverage() async throws -> Coverage {
        try await versioned(coverageCache) { c, logger in
            var out = Coverage()
            for try await (variable, period, level) in try await c.query("""
                SELECT vr.key, p.date, l.key
                FROM (SELECT DISTINCT v.variable_id, v.period_id, a.level_id FROM value v JOIN area a ON a.id = v.area_id WHERE v.status <> 2) s
                JOIN variable vr ON vr.id = s.variable_id JOIN period p ON p.id = s.period_id JOIN area_level l ON l.id = s.level_id
                """, logger: logger).decode((String, String, String).self) {
                out.insert(variableKey: variable, period: period, levelKey: level)
            }
            return out
        }
    }

    /// `read` once per data version. The version is read first: a write in between makes the next
    /// call read again, and a value is never kept under a newer version than it saw.
    func versioned<T: Sendable>(_ cache: VersionedCache<T>,
                                _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let version = try await dataVersion()
        if let cached = cache.value(at: version) { return cached }
        let logger = self.logger
        let fresh = try await read { c in try await body(c, logger) }
        cache.store(fresh, at: version)
        return fresh
    }
}
