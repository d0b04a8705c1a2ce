import Foundation
import GRDB
import NIOCore
import PostgresNIO

/// Copies SQLite databases into PostgreSQL schemas table by table, every row and column as it
/// is (history, releases, batch numbers, the data version), by COPY. The target schema must
/// be empty; the whole copy of one database is one transaction.
public enum SQLiteToPostgres {
    /// Atlas tables in an order that satisfies the foreign keys.
    static let atlasTables = ["municipality", "area_level", "area", "variable", "period", "import_batch", "value", "indicator", "facility",
                              "dataset_release", "indicator_release", "value_history", "area_history", "facility_history", "meta",
                              "measure", "measure_area", "measure_target", "area_version", "report_template", "level_release", "source_template", "legal_page",
                              "facility_release", "area_note"]
    /// Instance tables; sessions, login attempts and pending uploads are not copied (they are short-lived).
    static let instanceTables = ["town", "user", "membership", "audit"]
    static let renamedTables = ["user": "app_user"]
    static let renamedColumns = ["audit.user": "user_name"]

    /// Copies an atlas; returns the number of rows per table.
    public static func copy(atlas: SQLiteAtlasStore, to target: PostgresAtlasStore) async throws -> [String: Int] {
        guard try await target.statistics() == StoreStatistics(areas: 0, variables: 0, values: 0, indicators: 0, batches: 0) else {
            throw StoreError("Ziel \(target.location) ist nicht leer")
        }
        return try await copy(pool: atlas.pool, tables: atlasTables, connector: target.connector, schema: target.location.schema)
    }

    /// Copies the instance database; each town's `database` is replaced by `townLocation(town)`.
    public static func copy(instance: SQLiteInstanceStore, to target: PostgresInstanceStore,
                            townLocation: @Sendable (Town) -> String) async throws -> [String: Int] {
        guard try await target.towns().isEmpty, try await target.userCount() == 0 else {
            throw StoreError("Ziel \(target.location) ist nicht leer")
        }
        let counts = try await copy(pool: instance.pool, tables: instanceTables, connector: target.connector, schema: target.location.schema)
        for town in try await instance.towns() {
            let db = townLocation(town)
            try await target.connector.withConnection(schema: target.location.schema) { c in
                try await c.run("UPDATE town SET database = \(db) WHERE id = \(town.id)", logger: target.logger)
            }
        }
        return counts
    }

    private static func copy(pool: DatabasePool, tables: [String], connector: PostgresConnector, schema: String) async throws -> [String: Int] {
        try await connector.transaction(schema: schema) { c in
            let logger = connector.logger
            let targets = tables.map { renamedTables[$0] ?? $0 }
            try await c.run(PostgresQuery(unsafeSQL: "TRUNCATE " + targets.reversed().joined(separator: ", ") + " CASCADE"), logger: logger)
            var counts: [String: Int] = [:]
            for table in tables {
                let target = renamedTables[table] ?? table
                let (columns, rows) = try await pool.read { db -> ([String], [[DatabaseValue]]) in
                    let columns = try db.columns(in: table).map(\.name)
                    let quoted = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                    let rows = try Row.fetchAll(db, sql: "SELECT \(quoted) FROM \"\(table)\"").map { r in columns.indices.map { r[$0] as DatabaseValue } }
                    return (columns, rows)
                }
                let targetColumns = columns.map { renamedColumns["\(table).\($0)"] ?? $0 }
                var buffer = ByteBuffer()
                for row in rows {
                    for (i, v) in row.enumerated() {
                        if i > 0 { buffer.writeInteger(UInt8(9)) }
                        switch v.storage {
                        case .null: buffer.writeStaticString("\\N")
                        case .int64(let n): buffer.writeString(String(n))
                        case .double(let d): buffer.writeString("\(d)")
                        case .string(let s): buffer.writeString(PostgresAtlasStore.copyEscaped(s))
                        case .blob(let data):
                            buffer.writeStaticString("\\\\x")
                            for b in data { buffer.writeString(String(format: "%02x", b)) }
                        }
                    }
                    buffer.writeInteger(UInt8(10))
                }
                if !rows.isEmpty {
                    let data = buffer
                    try await c.copyFrom(table: target, columns: targetColumns, logger: logger) { w in try await w.write(data) }
                }
                if columns.contains("id") || target == "area_version" {
                    try await c.run(PostgresQuery(unsafeSQL: """
                        SELECT setval(pg_get_serial_sequence('\(target)', 'id'), COALESCE((SELECT MAX(id) FROM \(target)), 0) + 1, false)
                        """), logger: logger)
                }
                counts[table] = rows.count
            }
            return counts
        }
    }
}

extension SQLiteAtlasStore {
    /// A consistent copy of the database file while it is in use (SQLite's online backup).
    public func backup(to path: String) throws {
        try pool.backup(to: try DatabaseQueue(path: path))
    }
}

extension SQLiteInstanceStore {
    public func backup(to path: String) throws {
        try pool.backup(to: try DatabaseQueue(path: path))
    }
}
