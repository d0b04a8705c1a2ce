import Foundation
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
    @OptionGroup var instanceOptions: InstanceOptions

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port = 8080

    @Flag(help: "Load the demo town first if the database holds no areas yet.")
    var demo = false

    @Option(help: "Denominator below which a rate is flagged as of low reliability.")
    var minDenominator: Double = 50

    @Option(help: "Largest upload in megabytes.")
    var uploadLimitMb = 50

    @Flag(help: "Always mark cookies Secure (set automatically behind a TLS proxy sending X-Forwarded-Proto: https).")
    var secureCookies = false

    @Option(help: "Days after which an internal dataset is listed as due for publication.")
    var publishAfterDays = 120

    @Option(help: "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable), e.g. 127.0.0.1.")
    var trustedProxy: [String] = []

    func run() async throws {
        let path = database.resolvedPath()
        let store = try SQLiteAtlasStore(path: path)
        if demo, try await store.statistics().areas == 0 {
            let receipt = try await DemoTown.install(into: store)
            say("Demostadt geladen: \(receipt.areas) Gebiete, \(receipt.values) Werte.")
        }
        let instancePath = instanceOptions.resolvedPath(atlasPath: path)
        let instance = try InstanceStore(path: instancePath)
        let primary = try await instance.ensureTown(atlasPath: path, store: store)
        var sites = [TownSite(town: primary, store: store, base: "")]
        for town in try await instance.towns() where town.id != primary.id {
            sites.append(TownSite(town: town, store: try SQLiteAtlasStore(path: town.database), base: "/" + town.slug))
        }
        var configuration = ServerConfiguration(host: host, port: port, minimumDenominator: minDenominator)
        configuration.maxUploadBytes = uploadLimitMb * 1_048_576
        configuration.secureCookies = secureCookies
        configuration.publishAfterDays = publishAfterDays
        configuration.trustedProxies = Set(trustedProxy)
        configuration.uploadDirectory = (instancePath as NSString).deletingLastPathComponent + "/uploads"
        say("Quartier: http://\(host):\(port)  (Datenbank: \(path), Instanz: \(instancePath))")
        for s in sites.dropFirst() { say("  \(s.town.name): http://\(host):\(port)\(s.base)/") }
        if try await instance.userCount() == 0 {
            say("Noch kein Konto: 'quartier user add --login admin --name \"…\" --instance-admin' legt die erste Administration an.")
        }
        let app = buildApplication(sites: sites, instance: instance, configuration: configuration)
        try await app.runService()
    }

    /// Writes a start-up line unbuffered, so that it reaches a log (systemd, a pipe) at once.
    func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
