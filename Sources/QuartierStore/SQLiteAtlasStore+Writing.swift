import Foundation
import GRDB
import GRDBSQLite
import QuartierCore

/// Writing: import batches (one transaction each), rollback of a batch, deletion.
extension SQLiteAtlasStore {
    // MARK: Writing

    public func apply(_ batch: ImportBatch, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt {
        try await pool.write { db in try Self.apply(batch, db: db, progress: progress) }
    }

    static func apply(_ batch: ImportBatch, db: Database, progress: (@Sendable (Int) -> Void)?) throws -> ImportReceipt {
        if let m = batch.municipality {
            try db.execute(sql: "INSERT INTO municipality (ags, name) VALUES (?, ?) ON CONFLICT(ags) DO UPDATE SET name = excluded.name",
                           arguments: [m.ags, m.name])
        }
        // Levels named by areas but not declared are created below the finest existing level.
        var levels = batch.levels
        let declared = Set(levels.map(\.key))
        var maxRank = try Int.fetchOne(db, sql: "SELECT MAX(rank) FROM area_level") ?? -1
        for l in levels { maxRank = max(maxRank, l.rank) }
        for key in Set(batch.areas.map(\.levelKey)).subtracting(declared).sorted() {
            if try Int64.fetchOne(db, sql: "SELECT id FROM area_level WHERE key = ?", arguments: [key]) == nil {
                maxRank += 1
                let name = key.prefix(1).uppercased() + key.dropFirst()
                levels.append(AreaLevel(key: key, name: name, parentKey: nil, rank: maxRank))
            }
        }
        for l in levels {
            try db.execute(sql: """
                INSERT INTO area_level (key, name, parent_key, rank, source_crs, transformation) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET name = excluded.name, parent_key = excluded.parent_key, rank = excluded.rank,
                    source_crs = coalesce(excluded.source_crs, source_crs), transformation = CASE WHEN excluded.source_crs IS NULL THEN transformation ELSE excluded.transformation END
                """, arguments: [l.key, l.name, l.parentKey, l.rank, l.sourceCRS, l.transformation])
        }
        var levelIDs: [String: Int64] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT id, key FROM area_level") { levelIDs[r["key"]] = r["id"] }

        let now = Timestamp.string(Date())
        if let token = batch.origin?.uploadToken, let earlier = try Int64.fetchOne(db, sql: "SELECT id FROM import_batch WHERE upload_token = ?", arguments: [token]) {
            throw StoreError.uploadTaken(earlier)
        }
        try db.execute(sql: """
            INSERT INTO import_batch (label, kind, created_at, value_count, area_count, imported_by, upload_token) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [batch.label, batch.kind, now, batch.values.entries.count, batch.areas.count, batch.origin?.user, batch.origin?.uploadToken])
        let batchID = db.lastInsertedRowID

        let areaStmt = try db.makeStatement(sql: """
            INSERT INTO area (level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(code) DO UPDATE SET level_id = excluded.level_id, name = excluded.name, parent_code = excluded.parent_code,
                geometry = COALESCE(excluded.geometry, area.geometry), valid_from = excluded.valid_from, valid_to = excluded.valid_to,
                batch_id = excluded.batch_id
            """)
        let areaHistory = try db.makeStatement(sql: """
            INSERT INTO area_history SELECT id, level_id, code, name, parent_code, geometry, valid_from, valid_to, batch_id, ? FROM area WHERE code = ?
            """)
        // A dated import that changes a boundary keeps the earlier boundary as a version of the layer.
        let archive = try db.makeStatement(sql: """
            INSERT INTO area_version (code, level_id, name, parent_code, geometry, valid_from, valid_to, batch_id)
            SELECT code, level_id, name, parent_code, geometry, valid_from, ?, ? FROM area
            WHERE code = ? AND geometry IS NOT NULL AND geometry != ? AND (valid_from IS NULL OR valid_from < ?)
            ON CONFLICT (code, valid_to) DO NOTHING
            """)
        for a in batch.areas {
            try areaHistory.execute(arguments: [batchID, a.code])
            if let from = a.validFrom, let g = a.geometryWKB {
                try archive.execute(arguments: [from, batchID, a.code, Data(g), from])
            }
            guard let lid = levelIDs[a.levelKey] else { throw StoreError("Gebietsebene „\(a.levelKey)“ fehlt") }
            try areaStmt.execute(arguments: [lid, a.code, a.name, a.parentCode, a.geometryWKB.map { Data($0) }, a.validFrom, a.validTo, batchID])
        }
        let varStmt = try db.makeStatement(sql: """
            INSERT INTO variable (key, label, unit, source, batch_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET label = excluded.label, unit = excluded.unit, source = excluded.source
            """)
        for v in batch.variables { try varStmt.execute(arguments: [v.key, v.label, v.unit, v.source, batchID]) }
        let indStmt = try db.makeStatement(sql: """
            INSERT INTO indicator (key, valid_from, name, formula, unit, topic, polarity, definition, source, decimals) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key, valid_from) DO UPDATE SET name = excluded.name, formula = excluded.formula, unit = excluded.unit, topic = excluded.topic,
                polarity = excluded.polarity, definition = excluded.definition, source = excluded.source, decimals = excluded.decimals
            """)
        for i in batch.indicators {
            // A changed definition is internal again until an editor releases it anew.
            try db.execute(sql: "DELETE FROM indicator_release WHERE key = ?", arguments: [i.key])
            try indStmt.execute(arguments: [i.key, i.validFrom ?? "", i.name, i.formula, i.unit, i.topic, i.polarity.rawValue, i.definition, i.source, i.decimals])
        }

        let facStmt = try db.makeStatement(sql: """
            INSERT INTO facility (key, category, name, capacity, longitude, latitude, area_code, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET category = excluded.category, name = excluded.name, capacity = excluded.capacity,
                longitude = excluded.longitude, latitude = excluded.latitude, area_code = excluded.area_code, batch_id = excluded.batch_id
            """)
        let facHistory = try db.makeStatement(sql: """
            INSERT INTO facility_history SELECT id, key, category, name, capacity, longitude, latitude, area_code, batch_id, ? FROM facility WHERE key = ?
            """)
        // A changed facility is internal until released again; an unchanged one keeps its release.
        let facUnrelease = try db.makeStatement(sql: """
            DELETE FROM facility_release WHERE key = ? AND NOT EXISTS (SELECT 1 FROM facility WHERE key = ? AND category = ? AND name = ?
                AND capacity IS ? AND longitude = ? AND latitude = ? AND area_code IS ?)
            """)
        for f in batch.facilities {
            try facUnrelease.execute(arguments: [f.key, f.key, f.category.rawValue, f.name, f.capacity, f.longitude, f.latitude, f.areaCode])
            try facHistory.execute(arguments: [batchID, f.key])
            try facStmt.execute(arguments: [f.key, f.category.rawValue, f.name, f.capacity, f.longitude, f.latitude, f.areaCode, batchID])
        }

        for measure in batch.measures { try Self.save(measure, db: db, batchID: batchID) }
        try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        let vb = batch.values
        guard !vb.entries.isEmpty else {
            return ImportReceipt(batchID: batchID, areas: batch.areas.count, variables: batch.variables.count, values: 0, indicators: batch.indicators.count)
        }
        var areaIDs: [Int64] = []
        for code in vb.areaCodes {
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM area WHERE code = ?", arguments: [code]) else {
                throw StoreError("Gebiet „\(code)“ existiert nicht")
            }
            areaIDs.append(id)
        }
        var variableIDs: [Int64] = []
        for key in vb.variableKeys {
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM variable WHERE key = ?", arguments: [key]) else {
                throw StoreError("Variable „\(key)“ existiert nicht")
            }
            variableIDs.append(id)
        }
        var periodIDs: [Int64] = []
        for date in vb.periods {
            try db.execute(sql: "INSERT INTO period (date) VALUES (?) ON CONFLICT(date) DO NOTHING", arguments: [date])
            periodIDs.append(try Int64.fetchOne(db, sql: "SELECT id FROM period WHERE date = ?", arguments: [date])!)
        }
        // Keep what this batch overwrites (for a rollback), and take its datasets off the public
        // atlas: changed figures are internal until an editor releases them again.
        var slices = Set<Int>()
        for e in vb.entries { slices.insert(Int(e.variable) * vb.periods.count + Int(e.period)) }
        let history = try db.makeStatement(sql: """
            INSERT INTO value_history SELECT variable_id, period_id, area_id, value, status, symbol, batch_id, ?
            FROM value WHERE variable_id = ? AND period_id = ?
            """)
        let unrelease = try db.makeStatement(sql: "DELETE FROM dataset_release WHERE variable_key = ? AND period_date = ?")
        for slice in slices.sorted() {
            let vi = slice / vb.periods.count, pi = slice % vb.periods.count
            try history.execute(arguments: [batchID, variableIDs[vi], periodIDs[pi]])
            try unrelease.execute(arguments: [vb.variableKeys[vi], vb.periods[pi]])
        }

        // The hot loop binds through SQLite's C API, many rows per statement: a statement's own
        // cost (step, reset, halt) was half of SQLite's time with one row each.
        func insert(rows: Int) throws -> Statement {
            let one = "(?, ?, ?, ?, ?, ?, \(batchID))"
            return try db.makeStatement(sql: """
                INSERT INTO value (variable_id, period_id, area_id, value, status, symbol, batch_id) VALUES \(Array(repeating: one, count: rows).joined(separator: ", "))
                ON CONFLICT(variable_id, period_id, area_id) DO UPDATE SET value = excluded.value, status = excluded.status,
                    symbol = excluded.symbol, batch_id = excluded.batch_id
                """)
        }
        let chunk = 128
        let fullRows = min(chunk, vb.entries.count)
        let full = try insert(rows: fullRows)
        let symbols: [String?] = ValueBatch.symbols
        // Writing in primary-key order appends to the B-tree instead of inserting at random places.
        let order = Self.keyOrder(vb, variableIDs: variableIDs, periodIDs: periodIDs, areaIDs: areaIDs)
        var next = 0
        while next < order.count {
            let rows = min(chunk, order.count - next)
            let stmt = rows == fullRows ? full : try insert(rows: rows)
            let s = stmt.sqliteStatement
            sqlite3_reset(s)
            var column: Int32 = 1
            for index in order[next..<(next + rows)] {
                let e = vb.entries[index]
                sqlite3_bind_int64(s, column, variableIDs[Int(e.variable)])
                sqlite3_bind_int64(s, column + 1, periodIDs[Int(e.period)])
                sqlite3_bind_int64(s, column + 2, areaIDs[Int(e.area)])
                if e.status == 0 || e.status == 3 { sqlite3_bind_double(s, column + 3, e.value) } else { sqlite3_bind_null(s, column + 3) }
                sqlite3_bind_int(s, column + 4, Int32(e.status))
                if let sym = symbols[Int(e.symbol)] {
                    _ = sym.withCString { sqlite3_bind_text(s, column + 5, $0, -1, SQLITE_TRANSIENT_PTR) }
                } else {
                    sqlite3_bind_null(s, column + 5)
                }
                column += 6
            }
            let rc = sqlite3_step(s)
            guard rc == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            sqlite3_reset(s)
            if let progress, next / 50_000 != (next + rows) / 50_000 { progress(next + rows) }
            next += rows
        }
        return ImportReceipt(batchID: batchID, areas: batch.areas.count, variables: batch.variables.count,
                             values: next, indicators: batch.indicators.count)
    }
}

extension SQLiteAtlasStore {
    /// The entries' indices in the order of the value table's key (variable, period, area ids).
    /// Each entry's key ranks and index are packed into one integer, so the sort compares
    /// integers instead of looking ids up through closures (measured: a third of the time).
    static func keyOrder(_ vb: ValueBatch, variableIDs: [Int64], periodIDs: [Int64], areaIDs: [Int64]) -> [Int] {
        func ranks(_ ids: [Int64]) -> [UInt64] {
            var r = [UInt64](repeating: 0, count: ids.count)
            for (rank, i) in ids.indices.sorted(by: { ids[$0] < ids[$1] }).enumerated() { r[i] = UInt64(rank) }
            return r
        }
        let v = ranks(variableIDs), p = ranks(periodIDs), a = ranks(areaIDs)
        let n = UInt64(vb.entries.count)
        let span = [UInt64(max(p.count, 1)), UInt64(max(a.count, 1)), max(n, 1)]
        var total = UInt64(max(v.count, 1))
        for s in span {
            let (m, overflow) = total.multipliedReportingOverflow(by: s)
            guard !overflow else {
                return vb.entries.indices.sorted { x, y in
                    let ex = vb.entries[x], ey = vb.entries[y]
                    return (variableIDs[Int(ex.variable)], periodIDs[Int(ex.period)], areaIDs[Int(ex.area)])
                        < (variableIDs[Int(ey.variable)], periodIDs[Int(ey.period)], areaIDs[Int(ey.area)])
                }
            }
            total = m
        }
        let pc = span[0], ac = span[1]
        var keys = [UInt64](repeating: 0, count: vb.entries.count)
        for (i, e) in vb.entries.enumerated() {
            keys[i] = ((v[Int(e.variable)] * pc + p[Int(e.period)]) * ac + a[Int(e.area)]) * n + UInt64(i)
        }
        keys.sort()
        return keys.map { Int($0 % n) }
    }
}

/// SQLITE_TRANSIENT: SQLite copies the bound text.
private let SQLITE_TRANSIENT_PTR = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
