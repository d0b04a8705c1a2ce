import Foundation
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// A PostgreSQL database and the schema in it that holds one atlas (or the instance tables),
/// parsed from `postgres://user:password@host:port/database?schema=name`.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var schema: String

    /// Whether the text names a PostgreSQL database rather than a SQLite file.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a URL; the error names the part that is wrong.
    public init(url text: String) throws {
        guard Self.isURL(text), let c = URLComponents(string: text) else {
            throw StoreError("Datenbank „\(Self.redacted(text))“: erwartet postgres://benutzer:passwort@host:port/datenbank?schema=name")
        }
        guard let host = c.host, !host.isEmpty else { throw StoreError("Datenbank-URL: der Host fehlt") }
        self.host = host
        port = c.port ?? 5432
        user = c.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        password = c.password.flatMap { $0.removingPercentEncoding }
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.isEmpty ? user : path
        let schema = c.queryItems?.first { $0.name == "schema" }?.value ?? "atlas"
        guard Self.isIdentifier(schema) else {
            throw StoreError("Datenbank-URL, Parameter schema: „\(schema)“ ist kein gültiger Name (erwartet a–z, 0–9, _; höchstens 60 Zeichen)")
        }
        self.schema = schema
    }

    /// Lower-case letters, digits and underscores, starting with a letter: safe to put into SQL unquoted.
    public static func isIdentifier(_ s: String) -> Bool {
        guard let first = s.utf8.first, (97...122).contains(first), s.utf8.count <= 60 else { return false }
        return s.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    /// The same database, another schema.
    public func with(schema: String) -> PostgresLocation {
        var l = self
        l.schema = schema
        return l
    }

    /// The URL with the password (for storing the town's location in the instance database).
    public var url: String {
        var c = URLComponents()
        c.scheme = "postgres"
        c.host = host
        c.port = port
        c.user = user
        c.password = password
        c.path = "/" + database
        c.queryItems = [URLQueryItem(name: "schema", value: schema)]
        return c.string ?? ""
    }

    /// The URL without the password, for logs and messages.
    public var description: String { Self.redacted(url) }

    static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.password != nil else { return text }
        c.password = "***"
        return c.string ?? text
    }

    var server: Server { Server(host: host, port: port, user: user, password: password, database: database) }

    struct Server: Hashable {
        var host: String, port: Int, user: String, password: String?, database: String
    }
}

/// One connection pool per PostgreSQL database in this process, shared by every store in it
/// (one schema per town, so 400 towns do not open 400 pools). Each connection remembers the
/// schema it was last set to, so `SET search_path` is sent only when a connection changes hands
/// between towns.
final class PostgresConnector: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let searchPaths = Mutex<[Int: String]>([:])

    private static let registry = Mutex<[PostgresLocation.Server: PostgresConnector]>([:])

    static func shared(for location: PostgresLocation) -> PostgresConnector {
        registry.withLock { r in
            if let c = r[location.server] { return c }
            let c = PostgresConnector(location)
            r[location.server] = c
            return c
        }
    }

    private init(_ l: PostgresLocation) {
        var config = PostgresClient.Configuration(host: l.host, port: l.port, username: l.user, password: l.password, database: l.database, tls: .disable)
        config.options.maximumConnections = Int(ProcessInfo.processInfo.environment["QUARTIER_PG_POOL"] ?? "") ?? 16
        config.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "quartier.postgres")
        logger.logLevel = .error
        self.logger = logger
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.client = client
        runner = Task.detached { await client.run() }
    }

    /// Runs `body` on a connection whose search path is the schema.
    func withConnection<T: Sendable>(schema: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { conn in
                let current = searchPaths.withLock { $0[conn.id] }
                if current != schema {
                    try await conn.query(PostgresQuery(unsafeSQL: "SET search_path TO \(schema)"), logger: logger).drain()
                    searchPaths.withLock { $0[conn.id] = schema }
                }
                return try await body(conn)
            }
        } catch let e as StoreError {
            throw e
        } catch let e as PostgresTransactionError {
            if let inner = e.closureError as? StoreError { throw inner }
            throw StoreError.postgres(e.closureError ?? e.commitError ?? e.beginError ?? e)
        } catch {
            throw StoreError.postgres(error)
        }
    }

    /// Runs `body` in one transaction: all of it is committed, or none of it.
    func transaction<T: Sendable>(schema: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await withConnection(schema: schema) { conn in
            try await conn.withTransaction(logger: logger) { c -> T in try await body(c) }
        }
    }
}

extension StoreError {
    /// A PostgreSQL error with the server's message (PostgresNIO hides it from `description`).
    static func postgres(_ error: any Error) -> StoreError {
        if let p = error as? PSQLError {
            if let message = p.serverInfo?[.message] { return StoreError("PostgreSQL: \(message)") }
            return StoreError("PostgreSQL: \(p.code)")
        }
        return StoreError("PostgreSQL: \(error)")
    }
}

extension PostgresRowSequence {
    /// Reads the rest of the answer (statements without rows).
    func drain() async throws {
        for try await _ in self {}
    }
}

extension PostgresConnection {
    /// Runs a statement and reads its answer.
    func run(_ q: PostgresQuery, logger: Logger) async throws {
        try await query(q, logger: logger).drain()
    }

    /// Runs several statements separated by semicolons (DDL), without parameters.
    func script(_ sql: String, logger: Logger) async throws {
        for statement in sql.components(separatedBy: ";\n") {
            let s = statement.trimmingCharacters(in: .whitespacesAndNewlines)
            if !s.isEmpty { try await run(PostgresQuery(unsafeSQL: s), logger: logger) }
        }
    }
}

/// Versioned schema migrations for one PostgreSQL schema: applied in order, each in its own
/// transaction, under an advisory lock so that two servers starting at once do not race.
struct PostgresMigrations {
    var steps: [(id: String, sql: String)]

    /// Applies what is missing; returns the ids applied now.
    @discardableResult
    func migrate(_ connector: PostgresConnector, schema: String) async throws -> [String] {
        try await connector.withConnection(schema: "public") { conn in
            try await conn.withTransaction(logger: connector.logger) { c -> [String] in
                try await c.run("SELECT pg_advisory_xact_lock(hashtext(\(schema)))", logger: connector.logger)
                try await c.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: connector.logger)
                try await c.run(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(schema)"), logger: connector.logger)
                try await c.run("CREATE TABLE IF NOT EXISTS schema_migration (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)", logger: connector.logger)
                var done = Set<String>()
                for try await id in try await c.query("SELECT id FROM schema_migration", logger: connector.logger).decode(String.self) { done.insert(id) }
                var applied: [String] = []
                for step in steps where !done.contains(step.id) {
                    try await c.script(step.sql, logger: connector.logger)
                    try await c.run("INSERT INTO schema_migration (id, applied_at) VALUES (\(step.id), \(Timestamp.string(Date())))",
                                    logger: connector.logger)
                    applied.append(step.id)
                }
                return applied
            }
        }
    }
}
