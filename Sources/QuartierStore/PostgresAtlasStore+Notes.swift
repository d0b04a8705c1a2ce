import Foundation
import PostgresNIO
import QuartierCore

/// Facility releases and deletion, and the staff's area notes.
extension PostgresAtlasStore {
    public func setFacilityReleased(_ released: Bool, keys: [String], by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            for key in keys {
                guard try await c.bool("SELECT EXISTS (SELECT 1 FROM facility WHERE key = \(key))", logger: logger) else {
                    throw StoreError("Einrichtung „\(key)“ existiert nicht")
                }
                if released {
                    try await c.run("INSERT INTO facility_release VALUES (\(key), \(user), \(now)) ON CONFLICT (key) DO NOTHING", logger: logger)
                } else {
                    try await c.run("DELETE FROM facility_release WHERE key = \(key)", logger: logger)
                }
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    public func deleteFacility(key: String) async throws -> Bool {
        try await write { c in
            let n = try await c.int("WITH d AS (DELETE FROM facility WHERE key = \(key) RETURNING 1) SELECT COUNT(*) FROM d", logger: logger) ?? 0
            try await c.run("DELETE FROM facility_release WHERE key = \(key)", logger: logger)
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
            return n > 0
        }
    }

    public func areaNotes() async throws -> [AreaNote] {
        try await read { c in
            var out: [AreaNote] = []
            for try await (code, text, by, at, relBy, relAt) in try await c.query("""
                SELECT area_code, text, written_by, written_at, released_by, released_at FROM area_note ORDER BY area_code COLLATE "C"
                """, logger: logger).decode((String, String, String?, String?, String?, String?).self) {
                out.append(AreaNote(areaCode: code, text: text, writtenBy: by, writtenAt: Timestamp.date(at),
                                    release: relBy.map { ReleaseMark(by: $0, at: Timestamp.date(relAt) ?? Date()) }))
            }
            return out
        }
    }

    public func save(areaNote note: AreaNote, by user: String) async throws {
        let text = try AreaNote.checked(note.text)
        let now = Timestamp.string(Date())
        try await write { c in
            guard try await c.bool("SELECT EXISTS (SELECT 1 FROM area WHERE code = \(note.areaCode))", logger: logger) else {
                throw StoreError("Gebiet „\(note.areaCode)“ existiert nicht")
            }
            if text.isEmpty {
                try await c.run("DELETE FROM area_note WHERE area_code = \(note.areaCode)", logger: logger)
            } else {
                try await c.run("""
                    INSERT INTO area_note (area_code, text, written_by, written_at) VALUES (\(note.areaCode), \(text), \(user), \(now))
                    ON CONFLICT (area_code) DO UPDATE SET text = excluded.text, written_by = excluded.written_by, written_at = excluded.written_at,
                        released_by = CASE WHEN area_note.text = excluded.text THEN area_note.released_by END,
                        released_at = CASE WHEN area_note.text = excluded.text THEN area_note.released_at END
                    """, logger: logger)
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }

    public func setAreaNoteReleased(_ released: Bool, codes: [String], by user: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            for code in codes {
                guard try await c.bool("SELECT EXISTS (SELECT 1 FROM area_note WHERE area_code = \(code))", logger: logger) else {
                    throw StoreError("Für das Gebiet „\(code)“ gibt es keine Notiz")
                }
                if released {
                    try await c.run("UPDATE area_note SET released_by = \(user), released_at = \(now) WHERE area_code = \(code) AND released_by IS NULL",
                                    logger: logger)
                } else {
                    try await c.run("UPDATE area_note SET released_by = NULL, released_at = NULL WHERE area_code = \(code)", logger: logger)
                }
            }
            try await c.run("UPDATE meta SET value = value + 1 WHERE key = 'version'", logger: logger)
        }
    }
}
