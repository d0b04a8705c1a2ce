import ArgumentParser
import Foundation
import QuartierDemo
import QuartierStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Load the demo town Weserbrück (16 Sozialräume, 2015–2025) into the database.",
        discussion: """
            The demo is built by code, the same every time. Example:
              quartier demo --db /tmp/demo.sqlite
            With --files DIR, writes the demo town as a town's input files instead: its Sozialräume
            as a shapefile (sozialraeume.shp …) and as GeoJSON, both EPSG:25832 with the fields
            SR_ID, SR_Name, ST_ID, and a synthetic residents' register (melderegister.csv, one row
            per person with house coordinates) to try import, validate and aggregate:
              quartier demo --files /tmp/weserbrueck
              quartier aggregate /tmp/weserbrueck/melderegister.csv --areas /tmp/weserbrueck/sozialraeume.geojson \
                --code-property SR_ID --date 2024-12-31 --out /tmp/weserbrueck/zaehlung.csv
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Load even if the database already holds areas (demo values are replaced).")
    var force = false

    @Option(help: "Write the demo's area files and a synthetic register extract into this folder instead of loading a database.")
    var files: String?

    @Option(help: "With --files: the number of persons in the register extract.")
    var persons = 31_507

    @Option(help: "With --files: the seed of the register extract (the same seed gives the same file).")
    var seed: UInt64 = 1

    func validate() throws {
        guard persons >= 10, persons <= 5_000_000 else { throw ValidationError("--persons: eine Zahl von 10 bis 5000000; gefunden \(persons)") }
    }

    func run() async throws {
        if let files {
            let written = try DemoFiles.write(to: URL(fileURLWithPath: files), seed: seed, persons: persons)
            print("Demodateien geschrieben: \(written.count) Dateien in \(files) (\(persons) Personen)")
            return
        }
        let store = try await database.open()
        if !force, try await store.statistics().areas > 0 {
            printError("Die Datenbank \(Stores.redacted(database.resolvedPath())) enthält schon Gebiete. Mit --force trotzdem laden.")
            throw ExitCode.failure
        }
        let r = try await DemoTown.install(into: store)
        print("Demostadt geladen: \(r.areas) Gebiete, \(r.variables) Variablen, \(r.values) Werte, \(r.indicators) Indikatoren → \(Stores.redacted(database.resolvedPath()))")
    }
}
