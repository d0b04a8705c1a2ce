import ArgumentParser
import Foundation
import QuartierCore
import QuartierStore

/// Every atlas of the installation: the first town's (`--database`) and those registered in
/// the instance database.
private func installation(_ database: DatabaseOptions, _ instanceOptions: InstanceOptions) async throws -> (instance: any InstanceStore, instanceLocator: String, towns: [Town]) {
    let atlas = database.resolvedPath()
    let instanceLocator = instanceOptions.resolvedPath(atlasPath: atlas, environment: ProcessEnvironment.current)
    let instance = try await instanceOptions.open(atlasPath: atlas)
    _ = try await instance.ensureTown(atlasPath: atlas, store: try await database.open())
    return (instance, instanceLocator, try await instance.towns())
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply schema migrations to the instance database and every town's atlas (SQLite or PostgreSQL).",
        discussion: """
            Servers migrate on start as well; run this before starting several servers after an upgrade.
            Example:
              quartier migrate --database postgres://quartier@db.example/quartier
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var instanceOptions: InstanceOptions

    func run() async throws {
        let atlas = database.resolvedPath()
        let instanceLocator = instanceOptions.resolvedPath(atlasPath: atlas, environment: ProcessEnvironment.current)
        func migrate(_ locator: String, instance: Bool) async throws -> String {
            if PostgresLocation.isURL(locator) {
                let l = try PostgresLocation(url: locator)
                let applied = instance ? try await PostgresInstanceStore.migrate(location: l) : try await PostgresAtlasStore.migrate(location: l)
                return applied.isEmpty ? "aktuell" : "angewendet: " + applied.joined(separator: ", ")
            }
            if instance { _ = try SQLiteInstanceStore(path: locator) } else { _ = try SQLiteAtlasStore(path: locator) }
            return "aktuell"
        }
        do {
            print("Instanz \(Stores.redacted(instanceLocator)): \(try await migrate(instanceLocator, instance: true))")
            print("Atlas \(Stores.redacted(atlas)): \(try await migrate(atlas, instance: false))")
            let instance = try await Stores.openInstance(instanceLocator)
            for town in try await instance.towns() where Stores.canonical(town.database) != Stores.canonical(atlas) {
                print("Atlas \(town.slug) \(Stores.redacted(town.database)): \(try await migrate(town.database, instance: false))")
            }
        } catch let e as StoreError {
            printError(e.message)
            throw ExitCode.failure
        }
    }
}

/// What a backup folder holds.
struct BackupManifest: Codable {
    struct Entry: Codable {
        var slug: String
        var file: String
    }
    var format = 1
    var kind: String
    var created: String
    var towns: [Entry]
    var instance: String
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Back up the whole installation (instance database and every town's atlas) into a new folder.",
        discussion: """
            SQLite: each database is copied with SQLite's online backup, so servers may keep running.
            PostgreSQL: pg_dump (custom format) of the instance schema and every town's schema into
            FOLDER/quartier.pgdump; pg_dump must be installed and not older than the server.
            Example:
              quartier backup /var/backups/quartier/2026-11-25
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var instanceOptions: InstanceOptions
    @Argument(help: "Folder to create for the backup.") var folder: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: folder) else { printError("\(folder): gibt es schon; erwartet einen neuen Ordner"); throw ExitCode.failure }
        let (_, instanceLocator, towns) = try await installation(database, instanceOptions)
        try FileManager.default.createDirectory(atPath: folder + "/towns", withIntermediateDirectories: true)
        let stamp = ISO8601DateFormatter().string(from: Date())
        var manifest: BackupManifest
        if PostgresLocation.isURL(instanceLocator) {
            let instance = try PostgresLocation(url: instanceLocator)
            var schemas = [instance.schema]
            for t in towns {
                let l = try PostgresLocation(url: t.database)
                guard l.host == instance.host, l.port == instance.port, l.database == instance.database else {
                    printError("Gemeinde \(t.slug) liegt in einer anderen Datenbank (\(l)); pg_dump sichert eine Datenbank"); throw ExitCode.failure
                }
                schemas.append(l.schema)
            }
            try runPostgresTool("pg_dump", instance, ["--format=custom", "--no-owner", "--file", folder + "/quartier.pgdump"] + schemas.flatMap { ["--schema", $0] })
            manifest = BackupManifest(kind: "postgres", created: stamp, towns: towns.map { .init(slug: $0.slug, file: (try? PostgresLocation(url: $0.database).schema) ?? "") },
                                      instance: instance.schema)
        } else {
            try (try SQLiteInstanceStore(path: instanceLocator)).backup(to: folder + "/instance.sqlite")
            for t in towns {
                try (try SQLiteAtlasStore(path: t.database)).backup(to: folder + "/towns/\(t.slug).sqlite")
            }
            manifest = BackupManifest(kind: "sqlite", created: stamp, towns: towns.map { .init(slug: $0.slug, file: "towns/\($0.slug).sqlite") },
                                      instance: "instance.sqlite")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
        print("Sicherung in \(folder): Instanz und \(towns.count) Gemeinde(n) (\(manifest.kind)).")
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore an installation from a folder written by 'quartier backup' (stop the servers first).",
        discussion: """
            SQLite: the first town goes to --database, the instance database next to it (or to
            --instance), further towns to towns/<slug>.sqlite beside the instance database.
            PostgreSQL: pg_restore --clean into the database of --database.
            Existing databases are only replaced with --force.
            Example:
              quartier restore /var/backups/quartier/2026-11-25 --force
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var instanceOptions: InstanceOptions
    @Argument(help: "Backup folder.") var folder: String
    @Flag(help: "Replace existing databases.") var force = false

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json"),
              let manifest = try? JSONDecoder().decode(BackupManifest.self, from: data) else {
            printError("\(folder)/manifest.json: fehlt oder ist keine Quartier-Sicherung"); throw ExitCode.failure
        }
        let atlas = database.resolvedPath()
        let instanceLocator = instanceOptions.resolvedPath(atlasPath: atlas, environment: ProcessEnvironment.current)
        if manifest.kind == "postgres" {
            guard PostgresLocation.isURL(instanceLocator) else { printError("Die Sicherung stammt aus PostgreSQL; --database muss eine postgres://-URL sein"); throw ExitCode.failure }
            let l = try PostgresLocation(url: instanceLocator)
            if !force, let existing = try? await Stores.openInstance(instanceLocator), try await existing.towns().count > 0 {
                printError("Die Datenbank enthält schon eine Installation; mit --force ersetzen"); throw ExitCode.failure
            }
            try runPostgresTool("pg_restore", l, ["--clean", "--if-exists", "--no-owner", "--single-transaction", folder + "/quartier.pgdump"])
            print("Wiederhergestellt: Instanz und \(manifest.towns.count) Gemeinde(n) in \(l).")
            return
        }
        guard !PostgresLocation.isURL(atlas) else { printError("Die Sicherung stammt aus SQLite; zum Übertragen nach PostgreSQL 'quartier copy' verwenden"); throw ExitCode.failure }
        let instanceDir = (instanceLocator as NSString).deletingLastPathComponent
        // The first town of the backup is the one served at the root: it goes to --database.
        var targets: [(BackupManifest.Entry, String)] = []
        for (i, t) in manifest.towns.enumerated() {
            targets.append((t, i == 0 ? atlas : (instanceDir.isEmpty ? "." : instanceDir) + "/towns/\(t.slug).sqlite"))
        }
        for path in [instanceLocator] + targets.map(\.1) where FileManager.default.fileExists(atPath: path) && !force {
            printError("\(path): gibt es schon; mit --force ersetzen"); throw ExitCode.failure
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
        print("Wiederhergestellt: Instanz \(instanceLocator) und \(targets.count) Gemeinde(n).")
    }
}

struct CopyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy",
        abstract: "Copy a whole SQLite installation (instance database and every town's atlas) into PostgreSQL.",
        discussion: """
            The first town goes to the schema of --to (default atlas), the instance to the schema
            instance, every further town to the schema town_<slug>. The target schemas must be empty.
            Example:
              quartier copy --database ~/.local/share/quartier/quartier.sqlite --to postgres://quartier@db.example/quartier
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var instanceOptions: InstanceOptions
    @Option(help: "Target: postgres://user:password@host:port/database?schema=atlas") var to: String
    @Option(help: "Target of the instance database (default: the schema instance of the target database).") var toInstance: String?

    func run() async throws {
        let atlas = database.resolvedPath()
        guard !PostgresLocation.isURL(atlas) else { printError("--database: erwartet eine SQLite-Datei als Quelle"); throw ExitCode.validationFailure }
        let target: PostgresLocation
        do { target = try PostgresLocation(url: to) } catch let e as StoreError { printError("--to: " + e.message); throw ExitCode.validationFailure }
        let instancePath = instanceOptions.resolvedPath(atlasPath: atlas, environment: ProcessEnvironment.current)
        let instance = try SQLiteInstanceStore(path: instancePath)
        let primary = try await instance.ensureTown(atlasPath: atlas, store: try SQLiteAtlasStore(path: atlas))
        let towns = try await instance.towns()
        func location(_ t: Town) -> PostgresLocation {
            t.id == primary.id ? target : target.with(schema: "town_" + t.slug.replacingOccurrences(of: "-", with: "_"))
        }
        do {
            for t in towns {
                let counts = try await SQLiteToPostgres.copy(atlas: try SQLiteAtlasStore(path: t.database), to: try await PostgresAtlasStore(location: location(t)))
                print("\(t.slug) → \(location(t)): \(counts["value"] ?? 0) Werte, \(counts["area"] ?? 0) Gebiete, \(counts["import_batch"] ?? 0) Importe")
            }
            let locations = Dictionary(uniqueKeysWithValues: towns.map { ($0.id, location($0).url) })
            let instanceTarget = try toInstance.map { try PostgresLocation(url: $0) } ?? target.with(schema: "instance")
            let counts = try await SQLiteToPostgres.copy(instance: instance, to: try await PostgresInstanceStore(location: instanceTarget),
                                                         townLocation: { locations[$0.id] ?? "" })
            print("Instanz → \(instanceTarget): \(counts["user"] ?? 0) Benutzer, \(counts["town"] ?? 0) Gemeinden, \(counts["audit"] ?? 0) Protokolleinträge")
        } catch let e as StoreError {
            printError(e.message)
            throw ExitCode.failure
        }
    }
}

/// Runs pg_dump or pg_restore against a location; the password travels in PGPASSWORD, not argv.
func runPostgresTool(_ tool: String, _ l: PostgresLocation, _ arguments: [String]) throws {
    let candidates = ["/usr/bin/\(tool)"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
        .sorted { $0.compare($1, options: .numeric) == .orderedDescending }.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
    guard let executable = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        printError("\(tool) fehlt (Debian: apt-get install postgresql-client)"); throw ExitCode.failure
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = ["--host", l.host, "--port", String(l.port), "--username", l.user, "--dbname", l.database] + arguments
    var env = ProcessInfo.processInfo.environment
    if let pw = l.password { env["PGPASSWORD"] = pw }
    p.environment = env
    try p.run()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { printError("\(tool) endete mit Status \(p.terminationStatus)"); throw ExitCode.failure }
}
