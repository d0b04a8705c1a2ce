import ArgumentParser
import Foundation
import QuartierCore
import QuartierAtlas
import QuartierStore

/// Where the instance database (towns, users, sessions, audit log) lives: `--instance`, else
/// `QUARTIER_INSTANCE`, else `instance.sqlite` next to a SQLite atlas, or the schema `instance`
/// of the atlas's PostgreSQL database.
struct InstanceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Instance database (users, towns, sessions, audit log): SQLite file or postgres:// URL.", valueName: "path-or-url"))
    var instance: String?

    func resolvedPath(atlasPath: String, environment: [String: String] = ProcessEnvironment.current) -> String {
        if let instance, !instance.isEmpty { return instance }
        if let e = environment["QUARTIER_INSTANCE"], !e.isEmpty { return e }
        return (try? Stores.defaultInstance(forAtlas: atlasPath)) ?? "instance.sqlite"
    }

    /// The instance database belonging to the atlas of `database`.
    func open(_ database: DatabaseOptions) async throws -> any InstanceStore {
        try await open(atlasPath: database.resolvedPath())
    }

    func open(atlasPath: String) async throws -> any InstanceStore {
        let locator = resolvedPath(atlasPath: atlasPath, environment: ProcessEnvironment.current)
        do {
            return try await Stores.openInstance(locator)
        } catch let e as StoreError {
            printError("Instanzdatenbank \(Stores.redacted(locator)): \(e.message)")
            throw ExitCode.failure
        }
    }
}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage staff accounts (the first administrator; everything else in the web UI).",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account.",
            discussion: """
                The password is read from QUARTIER_PASSWORD, else from standard input (one line),
                never from the command line. Example (the first administrator of the installation):
                  quartier user add --login admin --name "Anna Admin" --instance-admin
                A town administrator:
                  quartier user add --login k.meier --name "Karla Meier" --town weserbrueck --role admin
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var instanceOptions: InstanceOptions
        @Option(help: "Login name.") var login: String
        @Option(help: "Full name.") var name: String
        @Flag(help: "Administrator of the whole installation (all towns).") var instanceAdmin = false
        @Option(help: "Short name of the town the role applies to (see 'quartier town list').") var town: String?
        @Option(help: "Role in the town: viewer, editor or admin.") var role: String = "viewer"
        @Option(help: "bcrypt cost (2^cost rounds).") var cost: UInt8 = 12

        func run() async throws {
            let atlasPath = database.resolvedPath()
            let instance = try await instanceOptions.open(atlasPath: atlasPath)
            _ = try await instance.ensureTown(atlasPath: atlasPath, store: try await database.open())
            guard let r = Role(rawValue: role) else { printError("--role: erwartet viewer, editor oder admin, nicht „\(role)“"); throw ExitCode.validationFailure }
            guard instanceAdmin || town != nil else { printError("Entweder --instance-admin oder --town angeben."); throw ExitCode.validationFailure }
            var password = ProcessEnvironment.current["QUARTIER_PASSWORD"] ?? ""
            if password.isEmpty { password = readLine(strippingNewline: true) ?? "" }
            if let problem = Passwords.problem(password, login: login) { printError("Passwort: " + problem); throw ExitCode.failure }
            let towns = try await instance.towns()
            var townID: Int64?
            if let town {
                guard let t = towns.first(where: { $0.slug == town }) else {
                    printError("--town: keine Gemeinde „\(town)“; vorhanden: \(towns.map(\.slug).joined(separator: ", "))"); throw ExitCode.failure
                }
                townID = t.id
            }
            do {
                let user = try await instance.addUser(login: login, name: name, passwordHash: Passwords(cost: cost).hash(password), instanceAdmin: instanceAdmin)
                if let townID { try await instance.setRole(r, userID: user.id, townID: townID) }
                try await instance.log(user: "Kommandozeile", town: town ?? "", action: "Benutzer angelegt",
                                       detail: login + (instanceAdmin ? " (Administration der Installation)" : " als \(r.rawValue)"))
                print("Benutzer „\(login)“ angelegt" + (instanceAdmin ? " (Administration der Installation)." : " mit der Rolle \(r.rawValue) in \(town ?? "")."))
            } catch let e as StoreError {
                printError(e.message); throw ExitCode.failure
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their roles.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var instanceOptions: InstanceOptions

        func run() async throws {
            let instance = try await instanceOptions.open(database)
            let towns = Dictionary(uniqueKeysWithValues: try await instance.towns().map { ($0.id, $0.slug) })
            for u in try await instance.users(townID: nil) {
                let roles = u.roles.map { "\(towns[$0.key] ?? "?"): \($0.value.rawValue)" }.sorted().joined(separator: ", ")
                print("\(u.login)\t\(u.name)\t\(u.instanceAdmin ? "Administration der Installation" : roles)")
            }
        }
    }
}

struct TownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "town",
        abstract: "Towns of a shared installation (e.g. a Landkreis hosting its member towns).",
        subcommands: [Add.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a town with its own atlas database (served below /<slug>; running servers serve it within seconds).",
            discussion: """
                Example:
                  quartier town add --slug nordstadt --name Nordstadt --ags 03256001
                  quartier import areas gebiete.geojson --db ~/.local/share/quartier/towns/nordstadt.sqlite ...
                """
        )
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var instanceOptions: InstanceOptions
        @Option(help: "Short name used in URLs (lower-case letters, digits, hyphens).") var slug: String
        @Option(help: "Name of the town.") var name: String
        @Option(help: "Official municipality key (AGS, 8 digits).") var ags: String = ""
        @Option(help: "Atlas database of the town (default: towns/<slug>.sqlite next to the instance database).") var atlas: String?

        func run() async throws {
            let atlasPath = database.resolvedPath()
            let instancePath = instanceOptions.resolvedPath(atlasPath: atlasPath)
            let instance = try await instanceOptions.open(atlasPath: atlasPath)
            _ = try await instance.ensureTown(atlasPath: atlasPath, store: try await database.open())
            // A town of a PostgreSQL installation gets its own schema in the same database.
            let towns = PostgresLocation.isURL(atlasPath) ? atlasPath : (instancePath as NSString).deletingLastPathComponent + "/towns"
            do {
                let town = try await instance.registerTown(slug: slug, name: name, ags: ags, atlas: atlas, townsLocation: towns, by: "Kommandozeile")
                print("Gemeinde „\(town.name)“ angelegt: /\(slug), Atlas \(Stores.redacted(town.database)); laufende Server zeigen sie in wenigen Sekunden.")
            } catch let e as StoreError {
                printError(e.message); throw ExitCode.failure
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the towns of the installation.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var instanceOptions: InstanceOptions

        func run() async throws {
            let instance = try await instanceOptions.open(database)
            for t in try await instance.towns() { print("\(t.slug)\t\(t.name)\t\(t.ags)\t\(Stores.redacted(t.database))") }
        }
    }
}

struct ReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release",
        abstract: "Release data to the public atlas (or withdraw the release).",
        discussion: """
            Examples:
              quartier release --all --by "Karla Meier"
              quartier release --variable ew_gesamt --year 2024 --by "Karla Meier"
              quartier release --indicator kinderarmut --withdraw --by "Karla Meier"
              quartier release --level stadtteil --by "Karla Meier"

            An area level that an import created is internal (its areas, boundaries and their
            values) until it is released; --all releases every level too.
            """
    )
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var instanceOptions: InstanceOptions
    @Flag(help: "Every dataset, indicator and area level.") var all = false
    @Option(help: "Variable key (with --year: one dataset; without: all its years).") var variable: String?
    @Option(help: "Year of the reference date.") var year: Int?
    @Option(help: "Indicator key.") var indicator: String?
    @Option(help: "Area level, by name or key (as `quartier import areas --level` named it).") var level: String?
    @Flag(help: "Withdraw instead of release.") var withdraw = false
    @Option(help: "Who releases (name for the record).") var by: String
    @Flag(help: "Only say what the public atlas would show afterwards (which indicators move to which date, areas gaining or losing values, partial years); change nothing.")
    var dryRun = false

    func run() async throws {
        let path = database.resolvedPath()
        let store = try await database.open()
        let all = try await store.datasets().map(\.dataset)
        var datasets: [Dataset] = []
        var indicators: [String] = []
        if self.all {
            datasets = all
            indicators = try await store.indicators().map(\.key)
        }
        if let variable {
            datasets += all.filter { $0.variableKey == variable && (year == nil || $0.period.year == year) }
            if datasets.isEmpty { printError("--variable: keine Daten für „\(variable)“\(year.map { " im Jahr \($0)" } ?? "")"); throw ExitCode.failure }
        }
        if let indicator { indicators.append(indicator) }
        var levels = self.all ? try await store.levels().map(\.key) : []
        if let level { levels.append(AreaLevel.key(forName: level)) }
        guard !datasets.isEmpty || !indicators.isEmpty || !levels.isEmpty else {
            printError("Nichts gewählt: --all, --variable, --indicator oder --level angeben."); throw ExitCode.validationFailure
        }
        if dryRun {
            let preview = try await ReleasePreview.make(store: store, change: PublicationState(datasets: Set(datasets), indicators: Set(indicators), levels: Set(levels)),
                                                        withdraw: withdraw, minimumDenominator: Reliability.defaultMinimumDenominator)
            print("Probelauf: \(withdraw ? "Zurückziehen" : "Freigabe") von \(datasets.count) Datensätzen, \(indicators.count) Indikatoren, \(levels.count) Gebietsebenen; nichts wird geändert.")
            for line in preview.lines(german: true) { print((line.warning ? "! " : "  ") + line.text) }
            return
        }
        do {
            if !levels.isEmpty { try await store.setLevelReleased(!withdraw, keys: levels, by: by) }
            try await store.setReleased(!withdraw, datasets: datasets, indicators: indicators, by: by)
        } catch let e as StoreError {
            printError(e.message); throw ExitCode.failure
        }
        let instance = try await instanceOptions.open(atlasPath: path)
        let town = try await instance.ensureTown(atlasPath: path, store: store)
        try await instance.log(user: by, town: town.slug, action: withdraw ? "Freigabe zurückgezogen" : "freigegeben",
                               detail: "\(datasets.count) Datensätze, \(indicators.count) Indikatoren, \(levels.count) Gebietsebenen (Kommandozeile)")
        print("\(withdraw ? "Zurückgezogen" : "Freigegeben"): \(datasets.count) Datensätze, \(indicators.count) Indikatoren, \(levels.count) Gebietsebenen.")
    }
}
