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
            for try await (id, key, name, parent, rank) in try await c.query("SELECT id, key, name, parent_key, rank FROM area_level ORDER BY rank, key COLLATE \"C\"", logger: logger)
                .decode((Int64, String, String, String?, Int).self) {
                out.append(AreaLevel(id: id, key: key, name: name, parentKey: parent, rank: rank))
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
            for try await (key, category, name, capacity, lon, lat, area) in try await c.query("""
                SELECT key, category, name, capacity, longitude, latitude, area_code FROM facility ORDER BY category COLLATE "C", name COLLATE "C"
                """, logger: logger).decode((String, String, String, Int?, Double, Double, String?).self) {
                guard let cat = Facility.Category(rawValue: category) else { continue }
                out.append(Facility(key: key, category: cat, name: name, capacity: capacity, longitude: lon, latitude: lat, areaCode: area))
            }
            return out
        }
    }

    public func dataVersion() async throws -> Int {
        try await read { c in try await c.int("SELECT value FROM meta WHERE key = 'version'", logger: logger) ?? 0 }
    }

    // MARK: Writing

    public func apply(_ batch: ImportBatch, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt {
        try await write { c in try await self.apply(batch, c, progress: progress) }
    }

    private func apply(_ batch: ImportBatch, _ c: PostgresConnection, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt {
        // One import at a time per atlas, as SQLite's single writer does.
        try await c.run("LOCK TABLE meta IN EXCLUSIVE MODE", logger: logger)
        if let m = batch.municipality {
            try await c.run("INSERT INTO municipality (ags, name) VALUES (\(m.ags), \(m.name)) ON CONFLICT (ags) DO UPDATE SET name = excluded.name",
                            logger: logger)
        }
        var levels = batch.levels
        let declared = Set(levels.map(\.key))
        var maxRank = try await c.int("SELECT MAX(rank) FROM area_level", logger: logger) ?? -1
        for l in levels { maxRank = max(maxRank, l.rank) }
        for key in Set(batch.areas.map(\.levelKey)).subtracting(declared).sorted() {
            if try await c.int("SELECT id FROM area_level WHERE key = \(key)", logger: logger) == nil {
                maxRank += 1
                levels.append(AreaLevel(key: key, name: key.prefix(1).uppercased() + key.dropFirst(), parentKey: nil, rank: maxRank))
            }
        }
        for l in levels {
            try await c.run("""
                INSERT INTO area_level (key, name, parent_key, rank) VALUES (\(l.key), \(l.name), \(l.parentKey), \(l.rank))
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key, rank = excluded.rank
                """, logger: logger)
        }
        var levelIDs: [String: Int64] = [:]
        for try await (id, key) in try await c.query("SELECT id, key FROM area_level", logger: logger).decode((Int64, String).self) { levelIDs[key] = id }

        let now = Timestamp.string(Date())
        guard let batchID = try await c.int64("""
            INSERT INTO import_batch (label, kind, created_at, value_count, area_count)
            VALUES (\(batch.label), \(batch.kind), \(now), \(batch.values.entries.count), \(batch.areas.count)) RETURNING id
            """, logger: logger) else { throw StoreError("Import konnte nicht angelegt werden") }

        for a in batch.areas {
            try await c.run("""
                INSERT INTO area_history SELECT id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id, \(batchID)
                FROM area WHERE code = \(a.code)
                """, logger: logger)
            let geometry = a.geometryWKB.map { ByteBuffer(bytes: $0) }
            if let from = a.validFrom, let geometry {
                try await c.run("""
                    INSERT INTO area_version (code, level_id, name, parent_code, geometry, valid_from, valid_to, batch_id)
                    SELECT code, level_id, name, parent_code, geometry, valid_from, \(from), \(batchID) FROM area
                    WHERE code = \(a.code) AND geometry IS NOT NULL AND geometry <> \(geometry) AND (valid_from IS NULL OR valid_from < \(from))
                    ON CONFLICT (code, valid_to) DO NOTHING
                    """, logger: logger)
            }
            guard let lid = levelIDs[a.levelKey] else { throw StoreError("Gebietsebene „\(a.levelKey)“ fehlt") }
            try await c.run("""
                INSERT INTO area (level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id)
                VALUES (\(lid), \(a.code), \(a.name), \(a.parentCode), \(geometry), \(a.validFrom), \(a.validTo), \(batchID))
                ON CONFLICT (code) DO UPDATE SET level_id = excluded.level_id, name = excluded.name, parent_code = excluded.parent_code,
                    geometry = COALESCE(excluded.geometry, area.geometry), valid_from = excluded.valid_from, valid_to = excluded.valid_to,
                    batch_id = excluded.batch_id
                """, logger: logger)
        }
        for v in batch.variables {
            try await c.run("""
                INSERT INTO variable (key, label, unit, source) VALUES (\(v.key), \(v.label), \(v.unit), \(v.source))
                ON CONFLICT (key) DO UPDATE SET label = excluded.label, unit = excluded.unit, source = excluded.source
                """, logger: logger)
        }
        for i in batch.indicators {
            try await c.run("DELETE FROM indicator_release WHERE key = \(i.key)", logger: logger)
            try await c.run("""
                INSERT INTO indicator (key, valid_from, name, formula, unit, topic, polarity, definition, source, decimals)
                VALUES (\(i.key), \(i.validFrom ?? ""), \(i.name), \(i.formula), \(i.unit), \(i.topic), \(i.polarity.rawValue), \(i.definition), \(i.source), \(i.decimals))
                ON CONFLICT (key, valid_from) DO UPDATE SET name = excluded.name, formula = excluded.formula, unit = excluded.unit, topic = excluded.topic,
                    polarity = excluded.polarity, definition = excluded.definition, source = excluded.source, decimals = excluded.decimals
                """, logger: logger)
        }
        for f in batch.facilities {
            try await c.run("""
                INSERT INTO facility_history SELECT id, key, category, name, capacity, longitude, latitude, area_code, batch_id, \(batchID)
                FROM facility WHERE key = \(f.key)
                """, logger: logger)
            try await c.run("""
                INSERT INTO facility (key, category, name, capacity, longitude, latitude, area_code, batch_id)
                VALUES (\(f.key), \(f.category.rawValue), \(f.name), \(f.capacity), \(f.longitude), \(f.latitude), \(f.areaCode), \(batchID))
                ON CONFLICT (key) DO UPDATE SET category = excluded.category, name = excluded.name, capacity = excluded.capacity,
                    longitude = excluded.longitude, latitude = excluded.latitude, area_code = excluded.area_code, batch_id = excluded.batch_id
                """, logger: logger)
        }
        for m in batch.measures { try await save(m, c, batchID: batchID) }
        try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)

        let vb = batch.values
        guard !vb.entries.isEmpty else {
            return ImportReceipt(batchID: batchID, areas: batch.areas.count, variables: batch.variables.count, values: 0, indicators: batch.indicators.count)
        }
        let areaIDs = try await ids(c, table: "area", column: "code", keys: vb.areaCodes, what: "Gebiet")
        let variableIDs = try await ids(c, table: "variable", column: "key", keys: vb.variableKeys, what: "Variable")
        try await c.run("INSERT INTO period (date) SELECT unnest(\(vb.periods)::text[]) ON CONFLICT (date) DO NOTHING", logger: logger)
        let periodIDs = try await ids(c, table: "period", column: "date", keys: vb.periods, what: "Stichtag")

        // Keep what this batch overwrites (for a rollback) and take its datasets off the public atlas.
        var slices = Set<Int>()
        for e in vb.entries { slices.insert(Int(e.variable) * vb.periods.count + Int(e.period)) }
        let sorted = slices.sorted()
        let sliceVariables = sorted.map { variableIDs[$0 / vb.periods.count] }, slicePeriods = sorted.map { periodIDs[$0 % vb.periods.count] }
        try await c.run("""
            INSERT INTO value_history SELECT v.variable_id, v.period_id, v.area_id, v.value, v.status, v.symbol, v.batch_id, \(batchID)
            FROM value v JOIN unnest(\(sliceVariables)::bigint[], \(slicePeriods)::bigint[]) AS s(variable_id, period_id)
              ON s.variable_id = v.variable_id AND s.period_id = v.period_id
            """, logger: logger)
        try await c.run("""
            DELETE FROM dataset_release r USING unnest(\(sorted.map { vb.variableKeys[$0 / vb.periods.count] })::text[],
                                                       \(sorted.map { vb.periods[$0 % vb.periods.count] })::text[]) AS s(k, d)
            WHERE r.variable_key = s.k AND r.period_date = s.d
            """, logger: logger)

        // The values travel by COPY into a temporary table, then merge into `value` in one statement.
        try await c.run("""
            CREATE TEMPORARY TABLE import_value (variable_id BIGINT, period_id BIGINT, area_id BIGINT, value DOUBLE PRECISION,
                status BIGINT, symbol TEXT) ON COMMIT DROP
            """, logger: logger)
        let symbols = ValueBatch.symbols.map { s in s.map { Self.copyEscaped($0) } }
        var written = 0
        try await c.copyFrom(table: "import_value", columns: ["variable_id", "period_id", "area_id", "value", "status", "symbol"],
                             logger: logger) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for e in vb.entries {
                buffer.writeString(String(variableIDs[Int(e.variable)]))
                buffer.writeInteger(UInt8(9))
                buffer.writeString(String(periodIDs[Int(e.period)]))
                buffer.writeInteger(UInt8(9))
                buffer.writeString(String(areaIDs[Int(e.area)]))
                buffer.writeInteger(UInt8(9))
                if (e.status == 0 || e.status == 3) && e.value.isFinite { buffer.writeString("\(e.value)") } else { buffer.writeStaticString("\\N") }
                buffer.writeInteger(UInt8(9))
                buffer.writeString(String(e.status))
                buffer.writeInteger(UInt8(9))
                if let s = symbols[Int(e.symbol)] { buffer.writeString(s) } else { buffer.writeStaticString("\\N") }
                buffer.writeInteger(UInt8(10))
                written += 1
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                    if let progress { progress(written) }
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        try await c.run("""
            INSERT INTO value (variable_id, period_id, area_id, value, status, symbol, batch_id)
            SELECT variable_id, period_id, area_id, value, status, symbol, \(batchID) FROM import_value
            ON CONFLICT (variable_id, period_id, area_id) DO UPDATE SET value = excluded.value, status = excluded.status,
                symbol = excluded.symbol, batch_id = excluded.batch_id
            """, logger: logger)
        progress?(written)
        return ImportReceipt(batchID: batchID, areas: batch.areas.count, variables: batch.variables.count,
                             values: written, indicators: batch.indicators.count)
    }

    /// Text-format COPY escaping.
    static func copyEscaped(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The ids of keys in a table, in the keys' order; a missing key is an error naming it.
    private func ids(_ c: PostgresConnection, table: String, column: String, keys: [String], what: String) async throws -> [Int64] {
        var byKey: [String: Int64] = [:]
        for try await (id, key) in try await c.query("SELECT id, \(unescaped: column) FROM \(unescaped: table) WHERE \(unescaped: column) = ANY(\(keys))",
                                                    logger: logger).decode((Int64, String).self) {
            byKey[key] = id
        }
        return try keys.map { k in
            guard let id = byKey[k] else { throw StoreError("\(what) „\(k)“ existiert nicht") }
            return id
        }
    }
}

extension PostgresConnection {
    /// The first column of the first row as an integer (nil when there is no row or it is NULL).
    func int(_ q: PostgresQuery, logger: Logger) async throws -> Int? {
        for try await v in try await query(q, logger: logger).decode(Int?.self) { return v }
        return nil
    }

    func int64(_ q: PostgresQuery, logger: Logger) async throws -> Int64? {
        for try await v in try await query(q, logger: logger).decode(Int64?.self) { return v }
        return nil
    }

    func string(_ q: PostgresQuery, logger: Logger) async throws -> String? {
        for try await v in try await query(q, logger: logger).decode(String?.self) { return v }
        return nil
    }

    func bool(_ q: PostgresQuery, logger: Logger) async throws -> Bool {
        for try await v in try await query(q, logger: logger).decode(Bool?.self) { return v ?? false }
        return false
    }
}
