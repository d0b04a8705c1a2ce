import Foundation
import Testing
@testable import QuartierStore

/// The stores the contract tests run against: SQLite always, PostgreSQL when `scripts/test`
/// has started a throwaway cluster and named it in `QUARTIER_TEST_POSTGRES`.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var available: [Backend] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgres] }
}

enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["QUARTIER_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A schema of its own for one test.
    static func location() throws -> PostgresLocation {
        let url = try #require(url, "QUARTIER_TEST_POSTGRES is not set")
        return try PostgresLocation(url: url).with(schema: "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20))
    }
}

func makeStore(_ backend: Backend) async throws -> any AtlasStore {
    switch backend {
    case .sqlite: try SQLiteAtlasStore(path: temporaryDatabasePath())
    case .postgres: try await PostgresAtlasStore(location: try TestPostgres.location())
    }
}
