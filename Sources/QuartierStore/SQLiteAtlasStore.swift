import Foundation
import GRDB
import GRDBSQLite
import QuartierCore

/// Opening the SQLite files of the atlas and the instance the same way.
enum SQLiteFiles {
    /// A WAL-mode pool with foreign keys, a 10-second busy timeout and `synchronous = NORMAL`
    /// (durable at every checkpoint, consistent always); creates the folder if needed.
    static func openPool(path: String) throws -> DatabasePool {
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Reads through a memory map instead of one pread per page: a 542-area report read a
            // third of its time in the kernel without it (perf). The map shares the page cache.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
        }
        return try DatabasePool(path: path, configuration: config)
    }
}

/// The embedded store: one SQLite file in WAL mode, through GRDB, with versioned migrations.
public final class SQLiteAtlasStore: AtlasStore {
    public let path: String
    let pool: DatabasePool
    /// The last coverage and publication state read, with the data version they belong to
    /// (every import, release and rollback raises the version, also from another process).
    private let coverageCache = VersionedCache<Coverage>()
    let publicationCache = VersionedCache<PublicationState>()

    /// Opens (creating if needed) the database at `path` and migrates it to the current schema.
    public init(path: String) throws {
        self.path = path
        pool = try SQLiteFiles.openPool(path: path)
        try Self.migrator.migrate(pool)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-atlas") { db in
            try db.execute(sql: """
                CREATE TABLE municipality (
                    id INTEGER PRIMARY KEY,
                    ags TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL
                );
                CREATE TABLE area_level (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    parent_key TEXT,
                    rank INTEGER NOT NULL
                );
                CREATE TABLE area (
                    id INTEGER PRIMARY KEY,
                    level_id INTEGER NOT NULL REFERENCES area_level(id),
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    parent_code TEXT,
                    geometry BLOB,
                    valid_from TEXT,
                    valid_to TEXT
                );
                CREATE TABLE variable (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    label TEXT NOT NULL,
                    unit TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE period (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL UNIQUE
                );
                CREATE TABLE import_batch (
                    id INTEGER PRIMARY KEY,
                    label TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    value_count INTEGER NOT NULL,
                    area_count INTEGER NOT NULL
                );
                -- No foreign-key clauses here: the importer resolves every id inside the same
                -- transaction, and four key lookups per row would double the import time.
                CREATE TABLE value (
                    variable_id INTEGER NOT NULL,
                    period_id INTEGER NOT NULL,
                    area_id INTEGER NOT NULL,
                    value REAL,
                    status INTEGER NOT NULL,
                    symbol TEXT,
                    batch_id INTEGER NOT NULL,
                    PRIMARY KEY (variable_id, period_id, area_id)
                ) WITHOUT ROWID;
                CREATE TABLE indicator (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL,
                    valid_from TEXT NOT NULL DEFAULT '',
                    name TEXT NOT NULL,
                    formula TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    topic TEXT NOT NULL,
                    polarity TEXT NOT NULL,
                    definition TEXT NOT NULL,
                    source TEXT NOT NULL,
                    decimals INTEGER NOT NULL,
                    UNIQUE (key, valid_from)
                );
                """)
        }
        m.registerMigration("v2-facilities") { db in
            try db.execute(sql: """
                CREATE TABLE facility (
                    id INTEGER PRIMARY KEY,
                    key TEXT NOT NULL UNIQUE,
                    category TEXT NOT NULL,
                    name TEXT NOT NULL,
                    capacity INTEGER,
                    longitude REAL NOT NULL,
                    latitude REAL NOT NULL,
                    area_code TEXT
                );
                """)
        }
        m.registerMigration("v3-publication") { db in
            try db.execute(sql: """
                CREATE TABLE dataset_release (
                    variable_key TEXT NOT NULL,
                    period_date TEXT NOT NULL,
                    released_by TEXT NOT NULL,
                    released_at TEXT NOT NULL,
                    PRIMARY KEY (variable_key, period_date)
                );
                CREATE TABLE indicator_release (
                    key TEXT PRIMARY KEY,
                    released_by TEXT NOT NULL,
                    released_at TEXT NOT NULL
                );
                ALTER TABLE import_batch ADD COLUMN rolled_back_at TEXT;
                ALTER TABLE area ADD COLUMN batch_id INTEGER;
                ALTER TABLE facility ADD COLUMN batch_id INTEGER;
                -- Rows an import overwrote, kept so that the import can be rolled back.
                CREATE TABLE value_history (
                    variable_id INTEGER NOT NULL, period_id INTEGER NOT NULL, area_id INTEGER NOT NULL,
                    value REAL, status INTEGER NOT NULL, symbol TEXT, batch_id INTEGER NOT NULL,
                    replaced_by INTEGER NOT NULL
                );
                CREATE INDEX value_history_replaced ON value_history (replaced_by);
                CREATE TABLE area_history (
                    id INTEGER NOT NULL, level_id INTEGER NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL, parent_code TEXT,
                    geometry BLOB, valid_from TEXT, valid_to TEXT, batch_id INTEGER, replaced_by INTEGER NOT NULL
                );
                CREATE TABLE facility_history (
                    id INTEGER NOT NULL, key TEXT NOT NULL, category TEXT NOT NULL, name TEXT NOT NULL, capacity INTEGER,
                    longitude REAL NOT NULL, latitude REAL NOT NULL, area_code TEXT, batch_id INTEGER, replaced_by INTEGER NOT NULL
                );
                CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
                INSERT INTO meta (key, value) VALUES ('version', (SELECT COALESCE(MAX(id), 0) FROM import_batch));
                """)
        }
        m.registerMigration("v4-measures") { db in
            try db.execute(sql: """
                CREATE TABLE measure (
                    id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, title TEXT NOT NULL, description TEXT NOT NULL,
                    department TEXT NOT NULL, start TEXT NOT NULL, end TEXT, budget REAL, programme TEXT NOT NULL,
                    target_group TEXT NOT NULL, released_by TEXT, released_at TEXT, batch_id INTEGER
                );
                CREATE TABLE measure_area (
                    measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE, area_code TEXT NOT NULL,
                    PRIMARY KEY (measure_id, area_code)
                );
                CREATE TABLE measure_target (
                    measure_id INTEGER NOT NULL REFERENCES measure(id) ON DELETE CASCADE, indicator_key TEXT NOT NULL,
                    direction INTEGER NOT NULL, PRIMARY KEY (measure_id, indicator_key)
                );
                """)
        }
        m.registerMigration("v5-area-versions") { db in
            // Earlier boundaries of an area, kept when a dated import changes them.
            try db.execute(sql: """
                CREATE TABLE area_version (
                    code TEXT NOT NULL, level_id INTEGER NOT NULL, name TEXT NOT NULL, parent_code TEXT, geometry BLOB,
                    valid_from TEXT, valid_to TEXT NOT NULL, batch_id INTEGER NOT NULL,
                    PRIMARY KEY (code, valid_to)
                );
                """)
        }
        m.registerMigration("v6-report-templates") { db in
            try db.execute(sql: """
                CREATE TABLE report_template (name TEXT PRIMARY KEY, config TEXT NOT NULL, updated_by TEXT, updated_at TEXT);
                """)
        }
        // The import that created a variable, so that its rollback removes the variable again.
        m.registerMigration("v7-variable-batch") { db in
            try db.execute(sql: "ALTER TABLE variable ADD COLUMN batch_id INTEGER")
        }
        // Who imported and rolled back a batch, and the upload it consumed, in the batch's own
        // transaction: the audit log reads imports from here (see `TownAudit`).
        m.registerMigration("v8-batch-origin") { db in
            try db.execute(sql: """
                ALTER TABLE import_batch ADD COLUMN imported_by TEXT;
                ALTER TABLE import_batch ADD COLUMN upload_token TEXT;
                ALTER TABLE import_batch ADD COLUMN rolled_back_by TEXT;
                CREATE UNIQUE INDEX import_batch_upload ON import_batch (upload_token);
                """)
        }
        // Area levels are released like datasets; the levels an atlas already had were public
        // and stay so.
        m.registerMigration("v9-level-release") { db in
            try db.execute(sql: """
                CREATE TABLE level_release (level_key TEXT PRIMARY KEY, released_by TEXT NOT NULL, released_at TEXT NOT NULL);
                INSERT INTO level_release SELECT key, 'Aktualisierung', ? FROM area_level;
                """, arguments: [Timestamp.string(Date())])
        }
        // Named mappings for the tables of one source, recognised by their header.
        m.registerMigration("v10-source-templates") { db in
            try db.execute(sql: """
                CREATE TABLE source_template (name TEXT PRIMARY KEY, mapping TEXT NOT NULL, header TEXT NOT NULL, updated_by TEXT, updated_at TEXT);
                """)
        }
        // Where a level's boundaries came from: the file's coordinate system and PROJ's
        // transformation to ETRS89 (recorded by each area import).
        m.registerMigration("v11-level-source") { db in
            try db.execute(sql: """
                ALTER TABLE area_level ADD COLUMN source_crs TEXT;
                ALTER TABLE area_level ADD COLUMN transformation TEXT;
                """)
        }
        // The town's legal pages (Impressum, privacy policy, accessibility statement).
        m.registerMigration("v12-legal-pages") { db in
            try db.execute(sql: "CREATE TABLE legal_page (kind TEXT PRIMARY KEY, text TEXT NOT NULL, contact TEXT, updated_by TEXT, updated_at TEXT)")
        }
        // Facilities are released like data (those already there were public, so they stay so);
        // staff notes per area.
        m.registerMigration("v13-facility-release-area-notes") { db in
            try db.execute(sql: """
                CREATE TABLE facility_release (key TEXT PRIMARY KEY, released_by TEXT NOT NULL, released_at TEXT NOT NULL);
                INSERT INTO facility_release SELECT key, 'Quartier (Umstellung)', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM facility;
                CREATE TABLE area_note (area_code TEXT PRIMARY KEY, text TEXT NOT NULL, written_by TEXT, written_at TEXT, released_by TEXT, released_at TEXT);
                """)
        }
        return m
    }

    // MARK: Reading

    public func municipality() async throws -> Municipality? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, ags, name FROM municipality ORDER BY id LIMIT 1").map {
                Municipality(id: $0["id"], ags: $0["ags"], name: $0["name"])
            }
        }
    }

    public func levels() async throws -> [AreaLevel] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, key, name, parent_key, rank, source_crs, transformation FROM area_level ORDER BY rank, key").map {
                AreaLevel(id: $0["id"], key: $0["key"], name: $0["name"], parentKey: $0["parent_key"], rank: $0["rank"],
                          sourceCRS: $0["source_crs"], transformation: $0["transformation"])
            }
        }
    }

    private static func areaSelect(geometry: Bool = true) -> String {
        """
        SELECT a.id, a.code, a.name, l.key AS level_key, a.parent_code, \(geometry ? "a.geometry" : "NULL AS geometry"), a.valid_from, a.valid_to
        FROM area a JOIN area_level l ON l.id = a.level_id
        """
    }

    private static func area(_ r: Row) -> Area {
        let blob: Data? = r["geometry"]
        return Area(id: r["id"], code: r["code"], name: r["name"], levelKey: r["level_key"], parentCode: r["parent_code"],
                    geometryWKB: blob.map { [UInt8]($0) }, validFrom: r["valid_from"], validTo: r["valid_to"])
    }

    public func areas(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        try await pool.read { db in
            let select = Self.areaSelect(geometry: includeGeometry)
            if let levelKey {
                return try Row.fetchAll(db, sql: select + " WHERE l.key = ? ORDER BY a.code", arguments: [levelKey]).map(Self.area)
            }
            return try Row.fetchAll(db, sql: select + " ORDER BY l.rank, a.code").map(Self.area)
        }
    }

    public func areaVersions(levelKey: String?, includeGeometry: Bool) async throws -> [Area] {
        try await pool.read { db in
            let select = """
                SELECT v.rowid AS id, v.code, v.name, l.key AS level_key, v.parent_code, \(includeGeometry ? "v.geometry" : "NULL AS geometry"), v.valid_from, v.valid_to
                FROM area_version v JOIN area_level l ON l.id = v.level_id
                """
            if let levelKey {
                return try Row.fetchAll(db, sql: select + " WHERE l.key = ? ORDER BY v.code, v.valid_to", arguments: [levelKey]).map(Self.area)
            }
            return try Row.fetchAll(db, sql: select + " ORDER BY l.rank, v.code, v.valid_to").map(Self.area)
        }
    }

    public func area(code: String) async throws -> Area? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.areaSelect() + " WHERE a.code = ?", arguments: [code]).map(Self.area)
        }
    }

    public func variables() async throws -> [Variable] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, key, label, unit, source FROM variable ORDER BY key").map {
                Variable(id: $0["id"], key: $0["key"], label: $0["label"], unit: $0["unit"], source: $0["source"])
            }
        }
    }

    public func periods() async throws -> [Period] {
        try await pool.read { db in
            // A period row is only written together with its values, so every period has values.
            try String.fetchAll(db, sql: "SELECT date FROM period ORDER BY date").map(Period.init(date:))
        }
    }

    private static func indicator(_ r: Row) -> Indicator {
        Indicator(id: r["id"], key: r["key"], name: r["name"], formula: r["formula"], unit: r["unit"], topic: r["topic"],
                  polarity: Polarity(rawValue: r["polarity"]) ?? .neutral, definition: r["definition"], source: r["source"],
                  decimals: r["decimals"], validFrom: (r["valid_from"] as String?).flatMap { $0.isEmpty ? nil : $0 })
    }

    public func indicators() async throws -> [Indicator] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM indicator i WHERE valid_from = (SELECT MAX(valid_from) FROM indicator j WHERE j.key = i.key)
                ORDER BY topic, name
                """).map(Self.indicator)
        }
    }

    public func indicatorVersions(key: String) async throws -> [Indicator] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM indicator WHERE key = ? ORDER BY valid_from", arguments: [key]).map(Self.indicator)
        }
    }

    public func values(variableKeys: [String], periods: [Period]?, areaCodes: [String]?) async throws -> [DataValue] {
        guard !variableKeys.isEmpty else { return [] }
        return try await pool.read { db in
            var sql = """
                SELECT a.code, vr.key, p.date, v.value, v.status, v.symbol
                FROM value v
                JOIN variable vr ON vr.id = v.variable_id
                JOIN period p ON p.id = v.period_id
                JOIN area a ON a.id = v.area_id
                WHERE vr.key IN (\(Array(repeating: "?", count: variableKeys.count).joined(separator: ",")))
                """
            var args = StatementArguments(variableKeys)
            if let periods {
                if periods.isEmpty { return [] }
                sql += " AND p.date IN (\(Array(repeating: "?", count: periods.count).joined(separator: ",")))"
                args += StatementArguments(periods.map(\.date))
            }
            if let areaCodes {
                if areaCodes.isEmpty { return [] }
                sql += " AND a.code IN (\(Array(repeating: "?", count: areaCodes.count).joined(separator: ",")))"
                args += StatementArguments(areaCodes)
            }
            sql += " ORDER BY p.date, vr.key, a.code"
            return try Row.fetchAll(db, sql: sql, arguments: args).map { r in
                DataValue(areaCode: r[0], variableKey: r[1], period: Period(date: r[2]), value: r[3],
                          status: ValueStatus(rawValue: r[4]) ?? .missing, symbol: r[5])
            }
        }
    }

    public func statistics() async throws -> StoreStatistics {
        try await pool.read { db in
            func count(_ t: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(t)") ?? 0 }
            let indicatorCount = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT key) FROM indicator") ?? 0
            return StoreStatistics(areas: try count("area"), variables: try count("variable"), values: try count("value"),
                                   indicators: indicatorCount, batches: try count("import_batch"))
        }
    }

    public func facilities() async throws -> [Facility] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.*, r.released_by, r.released_at FROM facility f LEFT JOIN facility_release r ON r.key = f.key ORDER BY f.category, f.name
                """).compactMap { r in
                guard let cat = Facility.Category(rawValue: r["category"]) else { return nil }
                let by: String? = r["released_by"]
                return Facility(key: r["key"], category: cat, name: r["name"], capacity: r["capacity"], longitude: r["longitude"],
                                latitude: r["latitude"], areaCode: r["area_code"],
                                release: by.map { ReleaseMark(by: $0, at: Timestamp.date(r["released_at"]) ?? Date()) })
            }
        }
    }

    public func dataVersion() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'version'") ?? 0 }
    }

    public func coverage() async throws -> Coverage {
        try await versioned(coverageCache) { db in
            var c = Coverage()
            for r in try Row.fetchAll(db, sql: """
                SELECT vr.key, p.date, l.key
                FROM (SELECT DISTINCT v.variable_id, v.period_id, a.level_id FROM value v JOIN area a ON a.id = v.area_id WHERE v.status <> 2) s
                JOIN variable vr ON vr.id = s.variable_id JOIN period p ON p.id = s.period_id JOIN area_level l ON l.id = s.level_id
                """) {
                c.insert(variableKey: r[0], period: r[1], levelKey: r[2])
            }
            return c
        }
    }

    /// `read` once per data version: the version and the value come from one snapshot, so a
    /// concurrent write cannot pair them wrongly.
    func versioned<T: Sendable>(_ cache: VersionedCache<T>, _ read: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let (version, value) = try await pool.read { db -> (Int, T) in
            let version = try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'version'") ?? 0
            return (version, try cache.value(at: version) ?? read(db))
        }
        cache.store(value, at: version)
        return value
    }

    /// Runs SQLite's integrity check; "ok" when the file is sound.
    public func integrityCheck() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }
}
