import ArgumentParser
import Hummingbird
import QuartierDemo
import QuartierServer
import QuartierStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web atlas and the JSON API.",
        discussion: """
            Example:
              quartier serve --demo --port 8080
            then open http://127.0.0.1:8080 in a browser. Health check: http://127.0.0.1:8080/health
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Load the demo town first if the database holds no areas yet.")
    var demo = false

    @Option(help: "Denominator below which a rate is flagged as of low reliability.")
    var minDenominator: Double = 50

    func run() async throws {
        let path = database.resolvedPath()
        let store = try SQLiteAtlasStore(path: path)
        if demo, try await store.statistics().areas == 0 {
            let receipt = try await store.apply(DemoTown.batch(), progress: nil)
            print("Demostadt geladen: \(receipt.areas) Gebiete, \(receipt.values) Werte.")
        }
        print("Quartier: http://\(host):\(port)  (Datenbank: \(path))")
        let app = buildApplication(store: store, configuration: ServerConfiguration(host: host, port: port, minimumDenominator: minDenominator))
        try await app.runService()
    }
}
