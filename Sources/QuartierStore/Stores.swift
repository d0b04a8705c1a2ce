import Foundation

/// Opens stores by where they live: a SQLite file path, or a `postgres://` URL.
public enum Stores {
    /// The atlas at `locator`, migrated to the current schema.
    public static func openAtlas(_ locator: String) async throws -> any AtlasStore {
        if PostgresLocation.isURL(locator) { return try await PostgresAtlasStore(url: locator) }
        return try SQLiteAtlasStore(path: locator)
    }

    /// Where the instance database is when none is named: next to a SQLite atlas
    /// (`instance.sqlite`), or in the schema `instance` of the atlas's PostgreSQL database.
    public static func defaultInstance(forAtlas locator: String) throws -> String {
        if PostgresLocation.isURL(locator) { return try PostgresLocation(url: locator).with(schema: "instance").url }
        let dir = (locator as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/instance.sqlite"
    }

    public static func openInstance(_ locator: String) async throws -> any InstanceStore {
        if PostgresLocation.isURL(locator) { return try await PostgresInstanceStore(location: try PostgresLocation(url: locator)) }
        return try SQLiteInstanceStore(path: locator)
    }

    /// One spelling per database, to recognise a town's atlas: the absolute path of a file, or
    /// the URL in normal form.
    public static func canonical(_ locator: String) -> String {
        if PostgresLocation.isURL(locator) { return (try? PostgresLocation(url: locator).url) ?? locator }
        return URL(fileURLWithPath: locator).standardizedFileURL.path
    }

    /// The locator without a password, for messages and logs.
    public static func redacted(_ locator: String) -> String {
        PostgresLocation.isURL(locator) ? PostgresLocation.redacted(locator) : locator
    }
}
