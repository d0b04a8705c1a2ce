import ArgumentParser
import Foundation
import QuartierAtlas
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
        let (_, instanceLocator, towns) = try await installation(database, instanceOptions)
        do {
            let manifest = try InstallationBackup.backup(instanceLocator: instanceLocator, towns: towns, to: folder)
            print("Sicherung in \(folder): Instanz und \(towns.count) Gemeinde(n) (\(manifest.kind)).")
        } catch {
            printError(error.message)
            throw ExitCode.failure
        }
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
        let atlas = database.resolvedPath()
        let instanceLocator = instanceOptions.resolvedPath(atlasPath: atlas, environment: ProcessEnvironment.current)
        do {
            print(try await InstallationBackup.restore(from: folder, atlas: atlas, instanceLocator: instanceLocator, force: force))
        } catch {
            printError(error.message)
            throw ExitCode.failure
        }
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
        let instanceTarget: PostgresLocation?
        do { instanceTarget = try toInstance.map { try PostgresLocation(url: $0) } } catch let e as StoreError {
            printError("--to-instance: " + e.message); throw ExitCode.validationFailure
        }
        do {
            for line in try await InstallationBackup.copyToPostgres(atlas: atlas, instancePath: instancePath, target: target, instanceTarget: instanceTarget) {
                print(line)
            }
        } catch {
            printError(error.message)
            throw ExitCode.failure
        }
    }
}
