import Foundation
import Logging
import NIOCore
import PostgresNIO
import QuartierCore

/// Writing: import batches (one transaction each), rollback of a batch, deletion.
extension PostgresAtlasStore {
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
                INSERT INTO area_level (key, name, parent_key, rank, source_crs, transformation)
                VALUES (\(l.key), \(l.name), \(l.parentKey), \(l.rank), \(l.sourceCRS), \(l.transformation))
                ON CONFLICT (key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key, rank = excluded.rank,
                    source_crs = coalesce(excluded.source_crs, area_level.source_crs),
                    transformation = CASE WHEN excluded.source_crs IS NULL THEN area_level.transformation ELSE excluded.transformation END
                """, logger: logger)
        }
        var levelIDs: [String: Int64] = [:]
        for try await (id, key) in try await c.query("SELECT id, key FROM area_level", logger: logger).decode((Int64, String).self) { levelIDs[key] = id }

        let now = Timestamp.string(Date())
        if let token = batch.origin?.uploadToken, let earlier = try await c.int64("SELECT id FROM import_batch WHERE upload_token = \(token)", logger: logger) {
            throw StoreError.uploadTaken(earlier)
        }
        guard let batchID = try await c.int64("""
            INSERT INTO import_batch (label, kind, created_at, value_count, area_count, imported_by, upload_token)
            VALUES (\(batch.label), \(batch.kind), \(now), \(batch.values.entries.count), \(batch.areas.count),
                    \(batch.origin?.user), \(batch.origin?.uploadToken)) RETURNING id
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
                INSERT INTO variable (key, label, unit, source, batch_id) VALUES (\(v.key), \(v.label), \(v.unit), \(v.source), \(batchID))
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
            // A changed facility is internal until released again; an unchanged one keeps its release.
            try await c.run("""
                DELETE FROM facility_release WHERE key = \(f.key) AND NOT EXISTS (SELECT 1 FROM facility WHERE key = \(f.key)
                    AND category = \(f.category.rawValue) AND name = \(f.name) AND capacity IS NOT DISTINCT FROM \(f.capacity)
                    AND longitude = \(f.longitude) AND latitude = \(f.latitude) AND area_code IS NOT DISTINCT FROM \(f.areaCode))
                """, logger: logger)
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
