import Foundation
import Logging
import NIOCore
import PostgresNIO
import QuartierCore

/// The instance database in a PostgreSQL schema (default `instance`): shared by every server
/// of the installation, so a login made through one server is valid on all of them.
public final class PostgresInstanceStore: InstanceStore {
    public let location: PostgresLocation
    let connector: PostgresConnector
    var logger: Logger { connector.logger }

    public init(location: PostgresLocation) async throws {
        self.location = location
        connector = PostgresConnector.shared(for: location)
        try await Self.migrations.migrate(connector, schema: location.schema)
    }

    public static func migrate(location: PostgresLocation) async throws -> [String] {
        try await migrations.migrate(PostgresConnector.shared(for: location), schema: location.schema)
    }

    static let migrations = PostgresMigrations(steps: [
        ("v1-instance", """
            CREATE TABLE town (
                id BIGSERIAL PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, ags TEXT NOT NULL,
                database TEXT NOT NULL, created_at TEXT NOT NULL
            );
            CREATE TABLE app_user (
                id BIGSERIAL PRIMARY KEY, login TEXT NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL,
                instance_admin BOOLEAN NOT NULL DEFAULT FALSE, locked_until TEXT, created_at TEXT NOT NULL
            );
            CREATE UNIQUE INDEX app_user_login ON app_user (lower(login));
            CREATE TABLE membership (
                user_id BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                town_id BIGINT NOT NULL REFERENCES town(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
                PRIMARY KEY (user_id, town_id)
            );
            CREATE TABLE session (
                token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL
            );
            CREATE TABLE login_attempt (login TEXT NOT NULL, address TEXT NOT NULL, at TEXT NOT NULL, success BOOLEAN NOT NULL);
            CREATE INDEX login_attempt_login ON login_attempt (login, at);
            CREATE INDEX login_attempt_address ON login_attempt (address, at);
            CREATE TABLE audit (
                id BIGSERIAL PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, town TEXT NOT NULL,
                action TEXT NOT NULL, detail TEXT NOT NULL
            )
            """),
        ("v2-pending-upload", """
            CREATE TABLE pending_upload (token_hash TEXT PRIMARY KEY, meta TEXT NOT NULL, bytes BYTEA NOT NULL, created_at TEXT NOT NULL)
            """),
    ])

    private func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connector.withConnection(schema: location.schema, body)
    }

    private func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connector.transaction(schema: location.schema, body)
    }


    // MARK: Towns

    public func towns() async throws -> [Town] {
        try await read { c in
            var out: [Town] = []
            for try await (id, slug, name, ags, db) in try await c.query("SELECT id, slug, name, ags, database FROM town ORDER BY id", logger: logger)
                .decode((Int64, String, String, String, String).self) {
                out.append(Town(id: id, slug: slug, name: name, ags: ags, database: db))
            }
            return out
        }
    }

    @discardableResult
    public func addTown(slug: String, name: String, ags: String, database: String) async throws -> Town {
        guard Town.isSlug(slug) else {
            throw StoreError("Kurzname „\(slug)“: erwartet 2–40 Kleinbuchstaben, Ziffern oder Bindestriche")
        }
        let now = Timestamp.string(Date())
        return try await write { c in
            try await c.run("LOCK TABLE town IN EXCLUSIVE MODE", logger: logger)
            if try await c.bool("SELECT EXISTS (SELECT 1 FROM town WHERE slug = \(slug))", logger: logger) {
                throw StoreError("Eine Gemeinde mit dem Kurznamen „\(slug)“ gibt es schon")
            }
            guard let id = try await c.int64("""
                INSERT INTO town (slug, name, ags, database, created_at) VALUES (\(slug), \(name), \(ags), \(database), \(now)) RETURNING id
                """, logger: logger) else { throw StoreError("Gemeinde konnte nicht angelegt werden") }
            return Town(id: id, slug: slug, name: name, ags: ags, database: database)
        }
    }

    // MARK: Users

    private func fetchUsers(_ c: PostgresConnection, _ q: PostgresQuery) async throws -> [User] {
        var users: [User] = []
        for try await (id, login, name, hash, admin, locked) in try await c.query(q, logger: logger)
            .decode((Int64, String, String, String, Bool, String?).self) {
            users.append(User(id: id, login: login, name: name, passwordHash: hash, instanceAdmin: admin, lockedUntil: Timestamp.date(locked), roles: [:]))
        }
        guard !users.isEmpty else { return [] }
        var roles: [Int64: [Int64: Role]] = [:]
        for try await (user, town, role) in try await c.query("""
            SELECT user_id, town_id, role FROM membership WHERE user_id = ANY(\(users.map(\.id)))
            """, logger: logger).decode((Int64, Int64, String).self) {
            roles[user, default: [:]][town] = Role(rawValue: role)
        }
        return users.map { u in
            var u = u
            u.roles = roles[u.id] ?? [:]
            return u
        }
    }

    public func user(login: String) async throws -> User? {
        try await read { c in
            try await fetchUsers(c, "SELECT id, login, name, password_hash, instance_admin, locked_until FROM app_user WHERE lower(login) = lower(\(login))").first
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await read { c in
            try await fetchUsers(c, "SELECT id, login, name, password_hash, instance_admin, locked_until FROM app_user WHERE id = \(id)").first
        }
    }

    public func users(townID: Int64?) async throws -> [User] {
        try await read { c in
            if let townID {
                return try await fetchUsers(c, """
                    SELECT id, login, name, password_hash, instance_admin, locked_until FROM app_user
                    WHERE id IN (SELECT user_id FROM membership WHERE town_id = \(townID)) ORDER BY login COLLATE "C"
                    """)
            }
            return try await fetchUsers(c, "SELECT id, login, name, password_hash, instance_admin, locked_until FROM app_user ORDER BY login COLLATE \"C\"")
        }
    }

    public func userCount() async throws -> Int {
        try await read { c in try await c.int("SELECT COUNT(*) FROM app_user", logger: logger) ?? 0 }
    }

    @discardableResult
    public func addUser(login: String, name: String, passwordHash: String, instanceAdmin: Bool) async throws -> User {
        let now = Timestamp.string(Date())
        return try await write { c in
            if try await c.bool("SELECT EXISTS (SELECT 1 FROM app_user WHERE lower(login) = lower(\(login)))", logger: logger) {
                throw StoreError("Den Benutzer „\(login)“ gibt es schon")
            }
            guard let id = try await c.int64("""
                INSERT INTO app_user (login, name, password_hash, instance_admin, created_at)
                VALUES (\(login), \(name), \(passwordHash), \(instanceAdmin), \(now)) RETURNING id
                """, logger: logger) else { throw StoreError("Benutzer konnte nicht angelegt werden") }
            return User(id: id, login: login, name: name, passwordHash: passwordHash, instanceAdmin: instanceAdmin, lockedUntil: nil, roles: [:])
        }
    }

    public func setPassword(userID: Int64, hash: String) async throws {
        try await write { c in
            try await c.run("UPDATE app_user SET password_hash = \(hash), locked_until = NULL WHERE id = \(userID)", logger: logger)
            try await c.run("DELETE FROM session WHERE user_id = \(userID)", logger: logger)
        }
    }

    public func setRole(_ role: Role?, userID: Int64, townID: Int64) async throws {
        try await write { c in
            if let role {
                try await c.run("""
                    INSERT INTO membership (user_id, town_id, role) VALUES (\(userID), \(townID), \(role.rawValue))
                    ON CONFLICT (user_id, town_id) DO UPDATE SET role = excluded.role
                    """, logger: logger)
            } else {
                try await c.run("DELETE FROM membership WHERE user_id = \(userID) AND town_id = \(townID)", logger: logger)
            }
            try await c.run("DELETE FROM session WHERE user_id = \(userID)", logger: logger)
        }
    }

    public func setInstanceAdmin(_ admin: Bool, userID: Int64) async throws {
        try await write { c in
            if !admin {
                // Locks the administrators' rows, so two revocations at once cannot leave none.
                try await c.run("SELECT id FROM app_user WHERE instance_admin FOR UPDATE", logger: logger)
                let others = try await c.int("SELECT COUNT(*) FROM app_user WHERE instance_admin AND id <> \(userID)", logger: logger) ?? 0
                guard others > 0 else { throw StoreError.lastInstanceAdmin }
            }
            try await c.run("UPDATE app_user SET instance_admin = \(admin) WHERE id = \(userID)", logger: logger)
            try await c.run("DELETE FROM session WHERE user_id = \(userID)", logger: logger)
        }
    }

    public func deleteUser(id: Int64) async throws {
        try await write { c in try await c.run("DELETE FROM app_user WHERE id = \(id)", logger: logger) }
    }

    // MARK: Login attempts

    public func recordAttempt(login: String, address: String, success: Bool, at: Date) async throws {
        let stamp = Timestamp.string(at), cutoff = Timestamp.string(at.addingTimeInterval(-86_400))
        try await write { c in
            try await c.run("INSERT INTO login_attempt (login, address, at, success) VALUES (\(login.lowercased()), \(address), \(stamp), \(success))",
                            logger: logger)
            try await c.run("DELETE FROM login_attempt WHERE at < \(cutoff)", logger: logger)
        }
    }

    public func beginAttempt(login: String, address: String, since: Date, at: Date) async throws -> (login: Int, address: Int) {
        let s = Timestamp.string(since), l = login.lowercased(), stamp = Timestamp.string(at), cutoff = Timestamp.string(at.addingTimeInterval(-86_400))
        return try await write { c in
            // One attempt at a time across every server of the installation (released at commit).
            try await c.run("SELECT pg_advisory_xact_lock(7310511)", logger: logger)
            let lastOK = try await c.string("SELECT MAX(at) FROM login_attempt WHERE login = \(l) AND success", logger: logger) ?? ""
            let byLogin = try await c.int("""
                SELECT COUNT(*) FROM login_attempt WHERE login = \(l) AND NOT success AND at >= \(s) AND at > \(lastOK)
                """, logger: logger) ?? 0
            let byAddress = try await c.int("SELECT COUNT(*) FROM login_attempt WHERE address = \(address) AND NOT success AND at >= \(s)",
                                            logger: logger) ?? 0
            try await c.run("INSERT INTO login_attempt (login, address, at, success) VALUES (\(l), \(address), \(stamp), false)", logger: logger)
            try await c.run("DELETE FROM login_attempt WHERE at < \(cutoff)", logger: logger)
            return (byLogin, byAddress)
        }
    }

    public func succeedAttempt(login: String, address: String, at: Date) async throws {
        let l = login.lowercased(), stamp = Timestamp.string(at)
        try await write { c in
            try await c.run("""
                UPDATE login_attempt SET success = true WHERE ctid = (SELECT ctid FROM login_attempt WHERE login = \(l) AND address = \(address) AND at = \(stamp) AND NOT success LIMIT 1)
                """, logger: logger)
        }
    }

    public func failures(login: String, address: String, since: Date) async throws -> (login: Int, address: Int) {
        let s = Timestamp.string(since), l = login.lowercased()
        return try await read { c in
            let lastOK = try await c.string("SELECT MAX(at) FROM login_attempt WHERE login = \(l) AND success", logger: logger) ?? ""
            let byLogin = try await c.int("""
                SELECT COUNT(*) FROM login_attempt WHERE login = \(l) AND NOT success AND at >= \(s) AND at > \(lastOK)
                """, logger: logger) ?? 0
            let byAddress = try await c.int("SELECT COUNT(*) FROM login_attempt WHERE address = \(address) AND NOT success AND at >= \(s)",
                                            logger: logger) ?? 0
            return (byLogin, byAddress)
        }
    }

    public func lock(userID: Int64, until: Date) async throws {
        let stamp = Timestamp.string(until)
        try await write { c in try await c.run("UPDATE app_user SET locked_until = \(stamp) WHERE id = \(userID)", logger: logger) }
    }

    // MARK: Sessions

    public func createSession(userID: Int64, lifetime: TimeInterval) async throws -> (token: String, csrf: String) {
        let token = RandomToken.make(), csrf = RandomToken.make()
        let now = Date()
        let hash = TokenDigest.hex(token), created = Timestamp.string(now), expires = Timestamp.string(now.addingTimeInterval(lifetime))
        try await write { c in
            try await c.run("DELETE FROM session WHERE expires_at < \(created)", logger: logger)
            try await c.run("""
                INSERT INTO session (token_hash, user_id, csrf, created_at, expires_at) VALUES (\(hash), \(userID), \(csrf), \(created), \(expires))
                """, logger: logger)
        }
        return (token, csrf)
    }

    public func session(token: String) async throws -> (user: User, csrf: String)? {
        guard token.utf8.count == 64 else { return nil }
        let hash = TokenDigest.hex(token), now = Timestamp.string(Date())
        return try await read { c -> (user: User, csrf: String)? in
            var found: (Int64, String)?
            for try await (user, csrf) in try await c.query("SELECT user_id, csrf FROM session WHERE token_hash = \(hash) AND expires_at > \(now)",
                                                            logger: logger).decode((Int64, String).self) { found = (user, csrf) }
            guard let found, let u = try await fetchUsers(c, """
                SELECT id, login, name, password_hash, instance_admin, locked_until FROM app_user WHERE id = \(found.0)
                """).first else { return nil }
            return (u, found.1)
        }
    }

    public func endSession(token: String) async throws {
        let hash = TokenDigest.hex(token)
        try await write { c in try await c.run("DELETE FROM session WHERE token_hash = \(hash)", logger: logger) }
    }

    // MARK: Pending uploads

    public func stashUpload(token: String, meta: String, bytes: [UInt8]) async throws {
        let now = Date()
        let hash = TokenDigest.hex(token), created = Timestamp.string(now), cutoff = Timestamp.string(now.addingTimeInterval(-86_400))
        try await write { c in
            try await c.run("DELETE FROM pending_upload WHERE created_at < \(cutoff)", logger: logger)
            try await c.run("INSERT INTO pending_upload (token_hash, meta, bytes, created_at) VALUES (\(hash), \(meta), \(ByteBuffer(bytes: bytes)), \(created))",
                            logger: logger)
        }
    }

    public func upload(token: String) async throws -> (meta: String, bytes: [UInt8])? {
        let hash = TokenDigest.hex(token)
        return try await read { c -> (meta: String, bytes: [UInt8])? in
            for try await (meta, bytes) in try await c.query("SELECT meta, bytes FROM pending_upload WHERE token_hash = \(hash)", logger: logger)
                .decode((String, ByteBuffer).self) {
                return (meta, Array(bytes.readableBytesView))
            }
            return nil
        }
    }

    @discardableResult public func dropUpload(token: String) async throws -> Bool {
        let hash = TokenDigest.hex(token)
        return try await write { c in
            try await c.int("WITH gone AS (DELETE FROM pending_upload WHERE token_hash = \(hash) RETURNING 1) SELECT COUNT(*) FROM gone", logger: logger) ?? 0
        } > 0
    }

    // MARK: Audit

    public func log(user: String, town: String, action: String, detail: String) async throws {
        let now = Timestamp.string(Date())
        try await write { c in
            try await c.run("INSERT INTO audit (at, user_name, town, action, detail) VALUES (\(now), \(user), \(town), \(action), \(detail))",
                            logger: logger)
        }
    }

    public func audit(town: String?, limit: Int) async throws -> [AuditEntry] {
        try await read { c in
            var out: [AuditEntry] = []
            let q: PostgresQuery = """
                SELECT at, user_name, town, action, detail FROM audit WHERE (\(town == nil) OR town = \(town ?? "")) ORDER BY id DESC LIMIT \(limit)
                """
            for try await (at, user, t, action, detail) in try await c.query(q, logger: logger).decode((String, String, String, String, String).self) {
                out.append(AuditEntry(at: Timestamp.date(at) ?? Date(), user: user, town: t, action: action, detail: detail))
            }
            return out
        }
    }
}
