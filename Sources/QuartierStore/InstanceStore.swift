import Foundation
import GRDB
import QuartierCore

/// What a user may do in one town's atlas.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads the internal atlas.
    case viewer
    /// Imports, releases, rolls back and deletes data.
    case editor
    /// Manages the town's users, and everything an editor does.
    case admin

    private var rank: Int { switch self { case .viewer: 0; case .editor: 1; case .admin: 2 } }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

public struct Town: Sendable, Hashable, Codable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var ags: String
    /// Path of the town's atlas database.
    public var database: String

    public init(id: Int64, slug: String, name: String, ags: String, database: String) {
        self.id = id; self.slug = slug; self.name = name; self.ags = ags; self.database = database
    }
}

public struct User: Sendable, Hashable, Codable {
    public var id: Int64
    public var login: String
    public var name: String
    public var passwordHash: String
    public var instanceAdmin: Bool
    public var lockedUntil: Date?
    /// Role per town id.
    public var roles: [Int64: Role]

    /// The user's role in a town; instance administrators are administrators everywhere.
    public func role(in townID: Int64) -> Role? { instanceAdmin ? .admin : roles[townID] }
}

public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var user: String
    public var town: String
    public var action: String
    public var detail: String

    public init(at: Date, user: String, town: String, action: String, detail: String) {
        self.at = at; self.user = user; self.town = town; self.action = action; self.detail = detail
    }
}

/// The installation's own database: towns, users and their roles, sessions, login attempts
/// and the audit log. Each town's data live in the town's own atlas (a SQLite file or a
/// PostgreSQL schema), so one town's figures cannot appear in another town's atlas through a
/// missing filter. Sessions live here too, so several servers can share one installation.
public protocol InstanceStore: Sendable {
    func towns() async throws -> [Town]
    @discardableResult
    func addTown(slug: String, name: String, ags: String, database: String) async throws -> Town
    func user(login: String) async throws -> User?
    func user(id: Int64) async throws -> User?
    /// Users with a role in the town (or all users when `townID` is nil), by login.
    func users(townID: Int64?) async throws -> [User]
    func userCount() async throws -> Int
    @discardableResult
    func addUser(login: String, name: String, passwordHash: String, instanceAdmin: Bool) async throws -> User
    /// Sets a new password hash and ends every session of the user.
    func setPassword(userID: Int64, hash: String) async throws
    /// Gives the user a role in the town, or takes it away (`role` nil); ends the user's sessions.
    func setRole(_ role: Role?, userID: Int64, townID: Int64) async throws
    /// Makes the user an administrator of the installation or takes it away; ends the user's
    /// sessions. Refuses to take it from the last one, so the installation keeps an administrator.
    func setInstanceAdmin(_ admin: Bool, userID: Int64) async throws
    func deleteUser(id: Int64) async throws
    func recordAttempt(login: String, address: String, success: Bool, at: Date) async throws
    /// Failed attempts since `since` for the login (after its last success) and for the address.
    func failures(login: String, address: String, since: Date) async throws -> (login: Int, address: Int)
    func lock(userID: Int64, until: Date) async throws
    /// Counts the failed attempts since `since` (for the login after its last success, and for
    /// the address) and records this attempt as failed, in one serialised write: parallel
    /// attempts each see those begun before them, so none gets past the limits unseen.
    func beginAttempt(login: String, address: String, since: Date, at: Date) async throws -> (login: Int, address: Int)
    /// Turns the attempt begun at `at` into a success.
    func succeedAttempt(login: String, address: String, at: Date) async throws
    /// A new session; returns the token for the cookie and the session's CSRF token.
    func createSession(userID: Int64, lifetime: TimeInterval) async throws -> (token: String, csrf: String)
    /// The user and CSRF token of a live session.
    func session(token: String) async throws -> (user: User, csrf: String)?
    func endSession(token: String) async throws
    func log(user: String, town: String, action: String, detail: String) async throws
    /// Keeps an uploaded file between its preview and its confirmation (a day at most).
    func stashUpload(token: String, meta: String, bytes: [UInt8]) async throws
    func upload(token: String) async throws -> (meta: String, bytes: [UInt8])?
    /// Removes a pending upload; true if it was still there. Confirmations claim their upload
    /// this way before importing, so one upload is imported at most once, even after a kill.
    @discardableResult func dropUpload(token: String) async throws -> Bool
    /// The newest entries first; for one town or (nil) for all.
    func audit(town: String?, limit: Int) async throws -> [AuditEntry]
}

extension InstanceStore {
    public func recordAttempt(login: String, address: String, success: Bool) async throws {
        try await recordAttempt(login: login, address: address, success: success, at: Date())
    }

    public func audit(town: String?) async throws -> [AuditEntry] { try await audit(town: town, limit: 500) }
}

extension Town {
    /// Lower-case letters, digits and hyphens: safe in a URL path and a file name.
    public static func isSlug(_ s: String) -> Bool {
        (2...40).contains(s.utf8.count) && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
            && s.first != "-"
    }

    /// A URL-safe short name from a name ("Weserbrück (Demostadt)" → "weserbrueck-demostadt").
    public static func slug(from name: String) -> String {
        var out = ""
        for ch in name.lowercased() {
            switch ch {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case "a"..."z", "0"..."9": out.append(ch)
            default: if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return isSlug(out) ? out : "stadt"
    }
}

/// The embedded instance database: one SQLite file next to the first town's atlas.
public final class SQLiteInstanceStore: InstanceStore {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        pool = try SQLiteFiles.openPool(path: path)
        var m = DatabaseMigrator()
        m.registerMigration("v1-instance") { db in
            try db.execute(sql: """
                CREATE TABLE town (
                    id INTEGER PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, ags TEXT NOT NULL,
                    database TEXT NOT NULL, created_at TEXT NOT NULL
                );
                CREATE TABLE user (
                    id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE COLLATE NOCASE, name TEXT NOT NULL,
                    password_hash TEXT NOT NULL, instance_admin INTEGER NOT NULL DEFAULT 0,
                    locked_until TEXT, created_at TEXT NOT NULL
                );
                CREATE TABLE membership (
                    user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    town_id INTEGER NOT NULL REFERENCES town(id) ON DELETE CASCADE,
                    role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
                    PRIMARY KEY (user_id, town_id)
                );
                -- Only the SHA-256 of a session token is stored.
                CREATE TABLE session (
                    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
                    csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
                );
                CREATE TABLE login_attempt (login TEXT NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL, success INTEGER NOT NULL);
                CREATE INDEX login_attempt_login ON login_attempt (login, at);
                CREATE INDEX login_attempt_address ON login_attempt (address, at);
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, town TEXT NOT NULL,
                    action TEXT NOT NULL, detail TEXT NOT NULL
                );
                """)
        }
        m.registerMigration("v2-pending-upload") { db in
            try db.execute(sql: """
                CREATE TABLE pending_upload (token_hash TEXT PRIMARY KEY, meta TEXT NOT NULL, bytes BLOB NOT NULL, created_at TEXT NOT NULL);
                """)
        }
        try m.migrate(pool)
    }

    /// Points towns (by short name) at new atlas files, after a restore.
    public func relocateTowns(_ moves: [(String, String)]) throws {
        try pool.write { db in
            for (slug, database) in moves { try db.execute(sql: "UPDATE town SET database = ? WHERE slug = ?", arguments: [database, slug]) }
        }
    }

    // MARK: Pending uploads

    public func stashUpload(token: String, meta: String, bytes: [UInt8]) async throws {
        let now = Date()
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM pending_upload WHERE created_at < ?", arguments: [Timestamp.string(now.addingTimeInterval(-86_400))])
            try db.execute(sql: "INSERT INTO pending_upload (token_hash, meta, bytes, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [TokenDigest.hex(token), meta, Data(bytes), Timestamp.string(now)])
        }
    }

    public func upload(token: String) async throws -> (meta: String, bytes: [UInt8])? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT meta, bytes FROM pending_upload WHERE token_hash = ?", arguments: [TokenDigest.hex(token)]).map {
                (meta: $0[0], bytes: [UInt8]($0[1] as Data))
            }
        }
    }

    @discardableResult public func dropUpload(token: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM pending_upload WHERE token_hash = ?", arguments: [TokenDigest.hex(token)])
            return db.changesCount > 0
        }
    }


    // MARK: Towns

    public func towns() async throws -> [Town] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, slug, name, ags, database FROM town ORDER BY id").map {
                Town(id: $0[0], slug: $0[1], name: $0[2], ags: $0[3], database: $0[4])
            }
        }
    }

    @discardableResult
    public func addTown(slug: String, name: String, ags: String, database: String) async throws -> Town {
        guard Town.isSlug(slug) else {
            throw StoreError("Kurzname „\(slug)“: erwartet 2–40 Kleinbuchstaben, Ziffern oder Bindestriche")
        }
        return try await pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM town WHERE slug = ?", arguments: [slug]) ?? 0 > 0 {
                throw StoreError("Eine Gemeinde mit dem Kurznamen „\(slug)“ gibt es schon")
            }
            try db.execute(sql: "INSERT INTO town (slug, name, ags, database, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [slug, name, ags, database, Timestamp.string(Date())])
            return Town(id: db.lastInsertedRowID, slug: slug, name: name, ags: ags, database: database)
        }
    }

    // MARK: Users

    private static let userSelect = "SELECT id, login, name, password_hash, instance_admin, locked_until FROM user"

    private static func user(_ db: Database, _ r: Row) throws -> User {
        let id: Int64 = r[0]
        var roles: [Int64: Role] = [:]
        for m in try Row.fetchAll(db, sql: "SELECT town_id, role FROM membership WHERE user_id = ?", arguments: [id]) {
            roles[m[0]] = Role(rawValue: m[1])
        }
        return User(id: id, login: r[1], name: r[2], passwordHash: r[3], instanceAdmin: r[4], lockedUntil: Timestamp.date(r[5]), roles: roles)
    }

    public func user(login: String) async throws -> User? {
        try await pool.read { db in try Row.fetchOne(db, sql: Self.userSelect + " WHERE login = ?", arguments: [login]).map { try Self.user(db, $0) } }
    }

    public func user(id: Int64) async throws -> User? {
        try await pool.read { db in try Row.fetchOne(db, sql: Self.userSelect + " WHERE id = ?", arguments: [id]).map { try Self.user(db, $0) } }
    }

    /// Users with a role in the town (or all users when `townID` is nil), by login.
    public func users(townID: Int64?) async throws -> [User] {
        try await pool.read { db in
            let rows = if let townID {
                try Row.fetchAll(db, sql: Self.userSelect + " WHERE id IN (SELECT user_id FROM membership WHERE town_id = ?) ORDER BY login", arguments: [townID])
            } else {
                try Row.fetchAll(db, sql: Self.userSelect + " ORDER BY login")
            }
            return try rows.map { try Self.user(db, $0) }
        }
    }

    public func userCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user") ?? 0 }
    }

    @discardableResult
    public func addUser(login: String, name: String, passwordHash: String, instanceAdmin: Bool) async throws -> User {
        try await pool.write { db in
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE login = ?", arguments: [login]) ?? 0 > 0 {
                throw StoreError("Den Benutzer „\(login)“ gibt es schon")
            }
            try db.execute(sql: "INSERT INTO user (login, name, password_hash, instance_admin, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [login, name, passwordHash, instanceAdmin, Timestamp.string(Date())])
            return User(id: db.lastInsertedRowID, login: login, name: name, passwordHash: passwordHash, instanceAdmin: instanceAdmin,
                        lockedUntil: nil, roles: [:])
        }
    }

    /// Sets a new password hash and ends every session of the user.
    public func setPassword(userID: Int64, hash: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET password_hash = ?, locked_until = NULL WHERE id = ?", arguments: [hash, userID])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userID])
        }
    }

    /// Gives the user a role in the town, or takes it away (`role` nil).
    public func setRole(_ role: Role?, userID: Int64, townID: Int64) async throws {
        try await pool.write { db in
            if let role {
                try db.execute(sql: "INSERT OR REPLACE INTO membership (user_id, town_id, role) VALUES (?, ?, ?)", arguments: [userID, townID, role.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM membership WHERE user_id = ? AND town_id = ?", arguments: [userID, townID])
            }
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userID])
        }
    }

    public func setInstanceAdmin(_ admin: Bool, userID: Int64) async throws {
        try await pool.write { db in
            if !admin {
                let others = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE instance_admin = 1 AND id <> ?", arguments: [userID]) ?? 0
                guard others > 0 else { throw StoreError.lastInstanceAdmin }
            }
            try db.execute(sql: "UPDATE user SET instance_admin = ? WHERE id = ?", arguments: [admin, userID])
            try db.execute(sql: "DELETE FROM session WHERE user_id = ?", arguments: [userID])
        }
    }

    public func deleteUser(id: Int64) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM user WHERE id = ?", arguments: [id]) }
    }

    // MARK: Login attempts

    public func recordAttempt(login: String, address: String, success: Bool, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO login_attempt (login, address, at, success) VALUES (?, ?, ?, ?)",
                           arguments: [login.lowercased(), address, Timestamp.string(at), success])
            try db.execute(sql: "DELETE FROM login_attempt WHERE at < ?", arguments: [Timestamp.string(at.addingTimeInterval(-86_400))])
        }
    }

    /// Failed attempts since `since` for the login (after its last success) and for the address.
    public func failures(login: String, address: String, since: Date) async throws -> (login: Int, address: Int) {
        try await pool.read { db in
            let s = Timestamp.string(since)
            let lastOK = try String.fetchOne(db, sql: "SELECT MAX(at) FROM login_attempt WHERE login = ? AND success = 1", arguments: [login.lowercased()]) ?? ""
            let byLogin = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_attempt WHERE login = ? AND success = 0 AND at >= ? AND at > ?",
                                           arguments: [login.lowercased(), s, lastOK]) ?? 0
            let byAddress = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_attempt WHERE address = ? AND success = 0 AND at >= ?",
                                             arguments: [address, s]) ?? 0
            return (byLogin, byAddress)
        }
    }

    public func beginAttempt(login: String, address: String, since: Date, at: Date) async throws -> (login: Int, address: Int) {
        try await pool.write { db in
            let s = Timestamp.string(since), l = login.lowercased()
            let lastOK = try String.fetchOne(db, sql: "SELECT MAX(at) FROM login_attempt WHERE login = ? AND success = 1", arguments: [l]) ?? ""
            let byLogin = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_attempt WHERE login = ? AND success = 0 AND at >= ? AND at > ?",
                                           arguments: [l, s, lastOK]) ?? 0
            let byAddress = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM login_attempt WHERE address = ? AND success = 0 AND at >= ?",
                                             arguments: [address, s]) ?? 0
            try db.execute(sql: "INSERT INTO login_attempt (login, address, at, success) VALUES (?, ?, ?, 0)", arguments: [l, address, Timestamp.string(at)])
            try db.execute(sql: "DELETE FROM login_attempt WHERE at < ?", arguments: [Timestamp.string(at.addingTimeInterval(-86_400))])
            return (byLogin, byAddress)
        }
    }

    public func succeedAttempt(login: String, address: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE login_attempt SET success = 1 WHERE rowid = (SELECT rowid FROM login_attempt WHERE login = ? AND address = ? AND at = ? AND success = 0 LIMIT 1)
                """, arguments: [login.lowercased(), address, Timestamp.string(at)])
        }
    }

    public func lock(userID: Int64, until: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE user SET locked_until = ? WHERE id = ?", arguments: [Timestamp.string(until), userID])
        }
    }

    // MARK: Sessions

    /// A new session; returns the token for the cookie and the session's CSRF token.
    public func createSession(userID: Int64, lifetime: TimeInterval) async throws -> (token: String, csrf: String) {
        let token = RandomToken.make(), csrf = RandomToken.make()
        let now = Date()
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires_at < ?", arguments: [Timestamp.string(now)])
            try db.execute(sql: "INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [TokenDigest.hex(token), userID, csrf, Timestamp.string(now), Timestamp.string(now.addingTimeInterval(lifetime))])
        }
        return (token, csrf)
    }

    /// The user and CSRF token of a live session.
    public func session(token: String) async throws -> (user: User, csrf: String)? {
        guard token.utf8.count == 64 else { return nil }
        return try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT user_id, csrf FROM session WHERE token_hash = ? AND expires_at > ?",
                                           arguments: [TokenDigest.hex(token), Timestamp.string(Date())]),
                  let u = try Row.fetchOne(db, sql: Self.userSelect + " WHERE id = ?", arguments: [r[0] as Int64]) else { return nil }
            return (try Self.user(db, u), r[1])
        }
    }

    public func endSession(token: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [TokenDigest.hex(token)]) }
    }

    // MARK: Audit

    public func log(user: String, town: String, action: String, detail: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO audit (at, user, town, action, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Timestamp.string(Date()), user, town, action, detail])
        }
    }

    /// The newest entries first; for one town or (nil) for all.
    public func audit(town: String?, limit: Int) async throws -> [AuditEntry] {
        try await pool.read { db in
            let rows = if let town {
                try Row.fetchAll(db, sql: "SELECT at, user, town, action, detail FROM audit WHERE town = ? ORDER BY id DESC LIMIT ?", arguments: [town, limit])
            } else {
                try Row.fetchAll(db, sql: "SELECT at, user, town, action, detail FROM audit ORDER BY id DESC LIMIT ?", arguments: [limit])
            }
            return rows.map { AuditEntry(at: Timestamp.date($0[0]) ?? Date(), user: $0[1], town: $0[2], action: $0[3], detail: $0[4]) }
        }
    }
}
