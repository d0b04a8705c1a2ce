import ArgumentParser
import Foundation
import QuartierRender
import QuartierServer
import QuartierStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the Sozialbericht draft as one printable HTML file (chapters by topic, maps, tables, statements, early warning, area profiles, methods).",
        discussion: """
            Example:
              quartier report sozialbericht-2025.html --year 2025
            Open the file in a browser and print it, or serve the atlas and open /bericht.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Output HTML file.") var file: String
    @Option(help: "Year (default: the latest).") var year: String?
    @Option(help: "Area level key (default: the finest level).") var level: String?

    func run() async throws {
        let store = try SQLiteAtlasStore(path: database.resolvedPath())
        let html: String
        do { html = try await ReportBuilder(store: store).html(year: year, levelKey: level) } catch let e as AtlasRequestError {
            printError(e.message)
            throw ExitCode.failure
        }
        // The stylesheet is written into the file's folder so the report opens on its own.
        let css = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("quartier.css")
        try Data(html.replacingOccurrences(of: "href=\"/static/quartier.css\"", with: "href=\"quartier.css\"").utf8).write(to: URL(fileURLWithPath: file))
        try Data(Stylesheet.css.utf8).write(to: css)
        print("\(file): Sozialbericht geschrieben (mit \(css.lastPathComponent)).")
    }
}
