import Foundation
import QuartierStore

/// Backup and restore of a whole installation (the instance database and every town's atlas),
/// and its copy from SQLite into PostgreSQL. SQLite files are copied with SQLite's online
/// backup, so servers may keep running; PostgreSQL goes through `pg_dump`/`pg_restore`.
public enum InstallationBackup {
    /// What a backup folder holds (`manifest.json`).
    public struct Manifest: Codable, Sendable {
        public struct Entry: Codable, Sendable {
            public var slug: String
            public var file: String
        }
        public var format = 1
        public var kind: String
        public var created: String
        public var towns: [Entry]
        public var instance: String
    }

    /// Writes the installation into the new folder `folder` and returns its manifest.
    public static func backup(instanceLocator: String, towns: [Town], to folder: String) throws(AtlasError) -> Manifest {
        guard !FileManager.default.fileExists(atPath: folder) else { throw AtlasError(kind: .conflict, message: "\(folder): gibt es schon; erwartet einen neuen Ordner") }
        return try wrap {
            try FileManager.default.createDirectory(atPath: folder + "/towns", withIntermediateDirectories: true)
            let stamp = ISO8601DateFormatter().string(from: Date())
            var manifest: Manifest
            if PostgresLocation.isURL(instanceLocator) {
                let instance = try PostgresLocation(url: instanceLocator)
                var schemas = [instance.schema]
                for t in towns {
                    let l = try PostgresLocation(url: t.database)
                    guard l.host == instance.host, l.port == instance.port, l.database == instance.database else {
                        throw AtlasError.invalid("Gemeinde \(t.slug) liegt in einer anderen Datenbank (\(l)); pg_dump sichert eine Datenbank")
                    }
                    schemas.append(l.schema)
                }
                try runPostgresTool("pg_dump", instance, ["--format=custom", "--no-owner", "--file", folder + "/quartier.pgdump"] + schemas.flatMap { ["--schema", $0] })
                manifest = Manifest(kind: "postgres", created: stamp, towns: towns.map { .init(slug: $0.slug, file: (try? PostgresLocation(url: $0.database).schema) ?? "") },
                                    instance: instance.schema)
            } else {
                try (try SQLiteInstanceStore(path: instanceLocator)).backup(to: folder + "/instance.sqlite")
                for t in towns {
                    try (try SQLiteAtlasStore(path: t.database)).backup(to: folder + "/towns/\(t.slug).sqlite")
                }
                manifest = Manifest(kind: "sqlite", created: stamp, towns: towns.map { .init(slug: $0.slug, file: "towns/\($0.slug).sqlite") },
                                    instance: "instance.sqlite")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
            return manifest
        }
    }

    /// Restores the backup in `folder`: SQLite files to `atlas` (the first town), the instance
    /// database and `towns/<slug>.sqlite` beside it; PostgreSQL with `pg_restore --clean`.
    /// Existing databases are replaced only with `force`. Returns what was restored, in words.
    public static func restore(from folder: String, atlas: String, instanceLocator: String, force: Bool) async throws(AtlasError) -> String {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data) else {
            throw AtlasError.notFound("\(folder)/manifest.json: fehlt oder ist keine Quartier-Sicherung")
        }
        return try await wrap {
            if manifest.kind == "postgres" {
                guard PostgresLocation.isURL(instanceLocator) else { throw AtlasError.invalid("Die Sicherung stammt aus PostgreSQL; --database muss eine postgres://-URL sein") }
                let l = try PostgresLocation(url: instanceLocator)
                if !force, let existing = try? await Stores.openInstance(instanceLocator), try await existing.towns().count > 0 {
                    throw AtlasError(kind: .conflict, message: "Die Datenbank enthält schon eine Installation; mit --force ersetzen")
                }
                try runPostgresTool("pg_restore", l, ["--clean", "--if-exists", "--no-owner", "--single-transaction", folder + "/quartier.pgdump"])
                return "Wiederhergestellt: Instanz und \(manifest.towns.count) Gemeinde(n) in \(l)."
            }
            guard !PostgresLocation.isURL(atlas) else { throw AtlasError.invalid("Die Sicherung stammt aus SQLite; zum Übertragen nach PostgreSQL 'quartier copy' verwenden") }
            let instanceDir = (instanceLocator as NSString).deletingLastPathComponent
            // The first town of the backup is the one served at the root: it goes to `atlas`.
            var targets: [(Manifest.Entry, String)] = []
            for (i, t) in manifest.towns.enumerated() {
                targets.append((t, i == 0 ? atlas : (instanceDir.isEmpty ? "." : instanceDir) + "/towns/\(t.slug).sqlite"))
            }
            for path in [instanceLocator] + targets.map(\.1) where FileManager.default.fileExists(atPath: path) && !force {
                throw AtlasError(kind: .conflict, message: "\(path): gibt es schon; mit --force ersetzen")
            }
            func put(_ source: String, _ target: String) throws {
                let dir = (target as NSString).deletingLastPathComponent
                if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
                let temporary = target + ".restore-\(UUID().uuidString)"
                try FileManager.default.copyItem(atPath: folder + "/" + source, toPath: temporary)
                for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
                // rename(2) replaces the file in one step: a crash leaves the old or the new database.
                guard rename(temporary, target) == 0 else { throw StoreError("\(target): kann nicht ersetzt werden") }
            }
            try put(manifest.instance, instanceLocator)
            for (t, target) in targets { try put(t.file, target) }
            let instance = try SQLiteInstanceStore(path: instanceLocator)
            try instance.relocateTowns(targets.map { ($0.0.slug, URL(fileURLWithPath: $0.1).standardizedFileURL.path) })
            return "Wiederhergestellt: Instanz \(instanceLocator) und \(targets.count) Gemeinde(n)."
        }
    }

    /// Copies every town's SQLite atlas and the SQLite instance database into PostgreSQL: the first
    /// town to `target`'s schema, every further town to `town_<slug>`, the instance to
    /// `instanceTarget` (default: the schema `instance`). Returns one line per database copied.
    public static func copyToPostgres(atlas: String, instancePath: String, target: PostgresLocation,
                                      instanceTarget: PostgresLocation?) async throws(AtlasError) -> [String] {
        try await wrap {
            let instance = try SQLiteInstanceStore(path: instancePath)
            let primary = try await instance.ensureTown(atlasPath: atlas, store: try SQLiteAtlasStore(path: atlas))
            let towns = try await instance.towns()
            func location(_ t: Town) -> PostgresLocation {
                t.id == primary.id ? target : target.with(schema: "town_" + t.slug.replacingOccurrences(of: "-", with: "_"))
            }
            var lines: [String] = []
            for t in towns {
                let counts = try await SQLiteToPostgres.copy(atlas: try SQLiteAtlasStore(path: t.database), to: try await PostgresAtlasStore(location: location(t)))
                lines.append("\(t.slug) → \(location(t)): \(counts["value"] ?? 0) Werte, \(counts["area"] ?? 0) Gebiete, \(counts["import_batch"] ?? 0) Importe")
            }
            let locations = Dictionary(uniqueKeysWithValues: towns.map { ($0.id, location($0).url) })
            let instanceLocation = instanceTarget ?? target.with(schema: "instance")
            let counts = try await SQLiteToPostgres.copy(instance: instance, to: try await PostgresInstanceStore(location: instanceLocation),
                                                         townLocation: { locations[$0.id] ?? "" })
            lines.append("Instanz → \(instanceLocation): \(counts["user"] ?? 0) Benutzer, \(counts["town"] ?? 0) Gemeinden, \(counts["audit"] ?? 0) Protokolleinträge")
            return lines
        }
    }

    /// Runs pg_dump or pg_restore against a location; the password travels in PGPASSWORD, not argv.
    static func runPostgresTool(_ tool: String, _ l: PostgresLocation, _ arguments: [String]) throws {
        let candidates = ["/usr/bin/\(tool)"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw AtlasError.notFound("\(tool) fehlt (Debian: apt-get install postgresql-client)")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = ["--host", l.host, "--port", String(l.port), "--username", l.user, "--dbname", l.database] + arguments
        var env = ProcessInfo.processInfo.environment
        if let pw = l.password { env["PGPASSWORD"] = pw }
        p.environment = env
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw AtlasError.invalid("\(tool) endete mit Status \(p.terminationStatus)") }
    }

    /// Store and file errors become the planner's message; AtlasErrors pass as they are.
    private static func wrap<T>(_ body: () async throws -> T) async throws(AtlasError) -> T {
        do { return try await body() } catch let e as AtlasError { throw e } catch let e as StoreError {
            throw AtlasError.invalid(e.message)
        } catch {
            throw AtlasError.invalid(String(describing: error))
        }
    }

    private static func wrap<T>(_ body: () throws -> T) throws(AtlasError) -> T {
        do { return try body() } catch let e as AtlasError { throw e } catch let e as StoreError {
            throw AtlasError.invalid(e.message)
        } catch {
            throw AtlasError.invalid(String(describing: error))
        }
    }
}
