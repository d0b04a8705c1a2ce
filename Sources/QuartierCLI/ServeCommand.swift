import Foundation
import ArgumentParser
import Hummingbird
import Logging
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

    @Option(help: "Configuration file (key = value lines; see docs/quartier.conf.example). Also QUARTIER_CONFIG.")
    var config: String?

    @Option(help: "Address to listen on (default 127.0.0.1; QUARTIER_HOST).")
    var host: String?

    @Option(parsing: .unconditional, help: "Port to listen on, 1–65535 (default 8080; QUARTIER_PORT).")
    var port: Int?

    @Flag(help: "Load the demo town first if the database holds no areas yet.")
    var demo = false

    @Option(help: "Denominator below which a rate is flagged as of low reliability (default 50; QUARTIER_MIN_DENOMINATOR).")
    var minDenominator: Double?

    @Option(parsing: .unconditional, help: "Largest upload in megabytes, 1–4096 (default 50; QUARTIER_UPLOAD_LIMIT_MB).")
    var uploadLimitMb: Int?

    @Flag(help: "Always mark cookies Secure (set automatically behind a TLS proxy sending X-Forwarded-Proto: https; QUARTIER_SECURE_COOKIES=1).")
    var secureCookies = false

    @Option(parsing: .unconditional, help: "Days after which an internal dataset is listed as due for publication, 1–3650 (default 120; QUARTIER_PUBLISH_AFTER_DAYS).")
    var publishAfterDays: Int?

    @Option(help: "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable), e.g. 127.0.0.1 (QUARTIER_TRUSTED_PROXY, comma-separated).")
    var trustedProxy: [String] = []

    @Option(help: "Log format: text or json (one JSON object per line; QUARTIER_LOG_FORMAT).")
    var logFormat: String?

    @Flag(help: "Log every request: method, path, status, milliseconds (QUARTIER_ACCESS_LOG=1).")
    var accessLog = false

    func run() async throws {
        if let config { setenv("QUARTIER_CONFIG", config, 1) }
        let env = ProcessEnvironment.current
        // The PostgreSQL pool size is read where the pool is made; a value from the file reaches it this way.
        if let pool = env["QUARTIER_PG_POOL"] { setenv("QUARTIER_PG_POOL", pool, 0) }
        func setting<T>(_ flag: T?, _ key: String, _ parse: (String) -> T?, default value: T) throws -> T {
            if let flag { return flag }
            guard let text = env[key], !text.isEmpty else { return value }
            guard let v = parse(text) else { printError("\(key): „\(text)“ ist kein gültiger Wert"); throw ExitCode.validationFailure }
            return v
        }
        /// A number setting within its range; outside it, the option (or variable) and the range are named.
        func bounded<T: Comparable>(_ flag: T?, _ option: String, _ key: String, _ parse: (String) -> T?, default value: T, _ range: ClosedRange<T>) throws -> T {
            let v = try setting(flag, key, parse, default: value)
            guard range.contains(v) else {
                printError("\(flag != nil ? option : key): erwartet \(range.lowerBound) bis \(range.upperBound), gefunden \(v)")
                throw ExitCode.validationFailure
            }
            return v
        }
        let yes: (String) -> Bool? = { ["1", "true", "yes", "ja"].contains($0.lowercased()) ? true : ["0", "false", "no", "nein"].contains($0.lowercased()) ? false : nil }
        let format = try setting(logFormat, "QUARTIER_LOG_FORMAT", { ["text", "json"].contains($0) ? $0 : nil }, default: "text")
        // A value given on the command line does not pass through the parser above.
        guard ["text", "json"].contains(format) else { printError("--log-format: erwartet text oder json, nicht „\(format)“"); throw ExitCode.validationFailure }
        if format == "json" { LoggingSystem.bootstrap { JSONLogHandler(label: $0) } }

        // Every setting is checked before anything is opened or loaded.
        var configuration = ServerConfiguration(host: try setting(host, "QUARTIER_HOST", { $0 }, default: "127.0.0.1"),
                                                port: try bounded(port, "--port", "QUARTIER_PORT", { Int($0) }, default: 8080, 1...65_535),
                                                minimumDenominator: try bounded(minDenominator, "--min-denominator", "QUARTIER_MIN_DENOMINATOR", { Double($0) },
                                                                                default: 50, 0...1_000_000_000))
        configuration.maxUploadBytes = try bounded(uploadLimitMb, "--upload-limit-mb", "QUARTIER_UPLOAD_LIMIT_MB", { Int($0) }, default: 50, 1...4096) * 1_048_576
        configuration.secureCookies = try setting(secureCookies ? true : nil, "QUARTIER_SECURE_COOKIES", yes, default: false)
        configuration.publishAfterDays = try bounded(publishAfterDays, "--publish-after-days", "QUARTIER_PUBLISH_AFTER_DAYS", { Int($0) }, default: 120, 1...3650)
        configuration.trustedProxies = Set(trustedProxy.isEmpty
            ? (env["QUARTIER_TRUSTED_PROXY"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            : trustedProxy)
        configuration.accessLog = try setting(accessLog ? true : nil, "QUARTIER_ACCESS_LOG", yes, default: false)
        let path = database.resolvedPath(environment: env)
        let store = try await database.open()
        if demo, try await store.statistics().areas == 0 {
            let receipt = try await DemoTown.install(into: store)
            say("Demostadt geladen: \(receipt.areas) Gebiete, \(receipt.values) Werte.")
        }
        let instancePath = instanceOptions.resolvedPath(atlasPath: path, environment: env)
        let instance = try await instanceOptions.open(atlasPath: path)
        let primary = try await instance.ensureTown(atlasPath: path, store: store)
        var sites = [TownSite(town: primary, store: store, base: "")]
        for town in try await instance.towns() where town.id != primary.id {
            sites.append(TownSite(town: town, store: try await Stores.openAtlas(town.database), base: "/" + town.slug))
        }
        configuration.townsLocation = PostgresLocation.isURL(path) ? path : (instancePath as NSString).deletingLastPathComponent + "/towns"
        configuration.uploadDirectory = env["QUARTIER_UPLOAD_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (PostgresLocation.isURL(instancePath) ? NSTemporaryDirectory() + "quartier-uploads" : (instancePath as NSString).deletingLastPathComponent + "/uploads")
        var logger = Logger(label: "quartier")
        logger.logLevel = .info
        say("Quartier: http://\(configuration.host):\(configuration.port)  (Datenbank: \(Stores.redacted(path)), Instanz: \(Stores.redacted(instancePath)))")
        for s in sites.dropFirst() { say("  \(s.town.name): http://\(configuration.host):\(configuration.port)\(s.base)/") }
        if try await instance.userCount() == 0 {
            say("Noch kein Konto: 'quartier user add --login admin --name \"…\" --instance-admin' legt die erste Administration an.")
        }
        let app = buildApplication(sites: sites, instance: instance, configuration: configuration, logger: logger)
        // SIGTERM and SIGINT stop accepting connections, let running requests finish, then exit.
        try await app.runService()
    }

    /// Writes a start-up line unbuffered, so that it reaches a log (systemd, a pipe) at once; as
    /// a JSON object when the log format is JSON.
    func say(_ line: String) {
        if (logFormat ?? ProcessEnvironment.current["QUARTIER_LOG_FORMAT"]) == "json" {
            JSONLogHandler(label: "quartier").log(event: LogEvent(level: .info, message: "\(line)", metadata: nil, source: "quartier",
                                                                  file: #fileID, function: #function, line: #line))
        } else {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
