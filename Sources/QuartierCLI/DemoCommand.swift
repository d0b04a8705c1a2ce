import ArgumentParser
import QuartierDemo
import QuartierStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo town Weserbrück (16 Sozialräume, 2015–2025) into the database.",
        discussion: """
            The demo is built by code, the same every time. Example:
              quartier demo --db /tmp/demo.sqlite
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Load even if the database already holds areas (demo values are replaced).")
    var force = false

    func run() async throws {
        let store = try await database.open()
        if !force, try await store.statistics().areas > 0 {
            printError("Die Datenbank \(Stores.redacted(database.resolvedPath())) enthält schon Gebiete. Mit --force trotzdem laden.")
            throw ExitCode.failure
        }
        let r = try await DemoTown.install(into: store)
        print("Demostadt geladen: \(r.areas) Gebiete, \(r.variables) Variablen, \(r.values) Werte, \(r.indicators) Indikatoren → \(Stores.redacted(database.resolvedPath()))")
    }
}
