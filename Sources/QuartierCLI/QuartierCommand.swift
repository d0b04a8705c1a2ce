import ArgumentParser
import QuartierStore

/// The `quartier` command line: serve the atlas, import data, load the demo town.
public struct QuartierCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "quartier",
        abstract: "Quartier – offenes kleinräumiges Sozialmonitoring für Städte und Kreise.",
        discussion: """
            Examples:
              quartier demo                          # load the demo town into the default database
              quartier serve --demo                  # serve the atlas on http://127.0.0.1:8080
              quartier import areas gebiete.geojson --level Sozialraum --code-property SR_ID --name-property SR_Name
              quartier import table einwohner.csv --mapping zuordnung.ini
              quartier release --all --by "Karla Meier"     # publish what was imported
              quartier user add --login admin --name "Anna Admin" --instance-admin
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, ImportCommand.self, DemoCommand.self, ClassifyCommand.self, IndexCommand.self, IndicatorCommand.self, ExportCommand.self, ValidateCommand.self, ReportCommand.self, AggregateCommand.self, AuditCommand.self, UserCommand.self, TownCommand.self, ReleaseCommand.self, MigrateCommand.self, BackupCommand.self, RestoreCommand.self, CopyCommand.self]
    )

    public init() {}
}

/// Where the atlas lives: `--database` (or `--db`), else `QUARTIER_DATABASE` (or `QUARTIER_DB`),
/// else `quartier.sqlite` in the data directory (`QUARTIER_DATA_DIR`, else `$XDG_DATA_HOME/quartier`,
/// else `~/.local/share/quartier`). A `postgres://` URL selects the PostgreSQL store.
struct DatabaseOptions: ParsableArguments {
    @Option(name: [.customLong("database"), .customLong("db")],
            help: ArgumentHelp("SQLite database file or postgres://user:password@host:port/db?schema=atlas URL.", valueName: "path-or-url"))
    var db: String?

    func resolvedPath(environment: [String: String] = ProcessEnvironment.current) -> String {
        if let db, !db.isEmpty { return db }
        for key in ["QUARTIER_DATABASE", "QUARTIER_DB"] { if let e = environment[key], !e.isEmpty { return e } }
        return DataDirectory.resolve(environment: environment) + "/quartier.sqlite"
    }

    /// The atlas store; a bad URL or an unreachable server ends the command with a message.
    func open() async throws -> any AtlasStore {
        let locator = resolvedPath()
        do {
            return try await Stores.openAtlas(locator)
        } catch let e as StoreError {
            printError("Datenbank \(Stores.redacted(locator)): \(e.message)")
            throw ExitCode.failure
        }
    }
}
