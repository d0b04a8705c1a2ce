import Foundation
import GRDB
import QuartierCore

/// Facility releases and deletion, and the staff's area notes.
extension SQLiteAtlasStore {
    public func setFacilityReleased(_ released: Bool, keys: [String], by user: String) async throws {
        try await pool.write { db in
            for key in keys {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM facility WHERE key = ?)", arguments: [key]) == true else {
                    throw StoreError("Einrichtung „\(key)“ existiert nicht")
                }
                if released {
                    try db.execute(sql: "INSERT OR IGNORE INTO facility_release VALUES (?, ?, ?)", arguments: [key, user, Timestamp.string(Date())])
                } else {
                    try db.execute(sql: "DELETE FROM facility_release WHERE key = ?", arguments: [key])
                }
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    public func deleteFacility(key: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM facility WHERE key = ?", arguments: [key])
            let n = db.changesCount
            try db.execute(sql: "DELETE FROM facility_release WHERE key = ?", arguments: [key])
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
            return n > 0
        }
    }

    public func areaNotes() async throws -> [AreaNote] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT area_code, text, written_by, written_at, released_by, released_at FROM area_note ORDER BY area_code").map { r in
                let by: String? = r[4]
                return AreaNote(areaCode: r[0], text: r[1], writtenBy: r[2], writtenAt: Timestamp.date(r[3]),
                                release: by.map { ReleaseMark(by: $0, at: Timestamp.date(r[5]) ?? Date()) })
            }
        }
    }

    public func save(areaNote note: AreaNote, by user: String) async throws {
        let text = try AreaNote.checked(note.text)
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM area WHERE code = ?)", arguments: [note.areaCode]) == true else {
                throw StoreError("Gebiet „\(note.areaCode)“ existiert nicht")
            }
            if text.isEmpty {
                try db.execute(sql: "DELETE FROM area_note WHERE area_code = ?", arguments: [note.areaCode])
            } else {
                try db.execute(sql: """
                    INSERT INTO area_note (area_code, text, written_by, written_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(area_code) DO UPDATE SET text = excluded.text, written_by = excluded.written_by, written_at = excluded.written_at,
                        released_by = CASE WHEN area_note.text = excluded.text THEN area_note.released_by END,
                        released_at = CASE WHEN area_note.text = excluded.text THEN area_note.released_at END
                    """, arguments: [note.areaCode, text, user, Timestamp.string(Date())])
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }

    public func setAreaNoteReleased(_ released: Bool, codes: [String], by user: String) async throws {
        try await pool.write { db in
            for code in codes {
                guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM area_note WHERE area_code = ?)", arguments: [code]) == true else {
                    throw StoreError("Für das Gebiet „\(code)“ gibt es keine Notiz")
                }
                if released {
                    try db.execute(sql: "UPDATE area_note SET released_by = ?, released_at = ? WHERE area_code = ? AND released_by IS NULL",
                                   arguments: [user, Timestamp.string(Date()), code])
                } else {
                    try db.execute(sql: "UPDATE area_note SET released_by = NULL, released_at = NULL WHERE area_code = ?", arguments: [code])
                }
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'version'")
        }
    }
}
