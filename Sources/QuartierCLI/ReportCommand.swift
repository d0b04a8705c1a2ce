import ArgumentParser
import Foundation
import QuartierRender
import QuartierAtlas
import QuartierStore

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the Sozialbericht (chapters by topic, maps, tables, statements, early warning, measures, area profiles, methods) as tagged PDF, Word (DOCX), PowerPoint (PPTX) or printable HTML.",
        discussion: """
            The file's extension chooses the format. Examples:
              quartier report sozialbericht-2025.pdf --year 2025
              quartier report sozialbericht-2025.html --template stadtrat
              quartier report sozialbericht-2025.docx      (Word: headings, contents field, tables, maps)
              quartier report ausschuss-2025.pptx          (one slide per indicator)
              quartier report steckbriefe.pdf --profiles   (also .docx)
            A template (chapters, indicators, and the planner's interpretation and recommendations)
            is edited in the web UI under /intern/verwaltung/bericht. By default the report holds
            released data only, like the public atlas; --internal includes everything.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Output file: .pdf, .docx, .pptx or .html.") var file: String
    @Option(help: "Year (default: the latest).") var year: String?
    @Option(help: "Area level key (default: the finest level).") var level: String?
    @Option(help: "Report template (default: standard).") var template: String?
    @Flag(help: "Write all area profiles (Steckbriefe) instead of the report.") var profiles = false
    @Flag(help: "Include data not yet released.") var `internal` = false

    func run() async throws {
        let full = try await database.open()
        let store: any AtlasStore = `internal` ? full : PublicAtlasStore(base: full)
        guard let format = ReportFormat(fileName: file), !(profiles && format == .pptx) else {
            printError("\(file): erwartet die Endung .pdf, .docx, .pptx oder .html" + (profiles ? " (Gebietsprofile: .pdf oder .docx)" : ""))
            throw ExitCode.failure
        }
        let builder = ReportBuilder(store: store)
        do {
            let data: Data
            switch (format, profiles) {
            case (.pdf, true): data = try await builder.profilesPDF(year: year, levelKey: level)
            case (.docx, true): data = try await builder.profilesDOCX(year: year, levelKey: level)
            case (.pdf, false): data = try await builder.pdf(year: year, levelKey: level, template: template)
            case (.docx, false): data = try await builder.docx(year: year, levelKey: level, template: template)
            case (.pptx, _): data = try await builder.pptx(year: year, levelKey: level, template: template)
            case (.html, _): data = Data()
            }
            if format != .html {
                try data.write(to: URL(fileURLWithPath: file))
                print("\(file): \(profiles ? "Gebietsprofile" : "Sozialbericht") als \(format.rawValue.uppercased()) geschrieben (\(data.count / 1024) KB).")
                return
            }
            let html = try await builder.html(year: year, levelKey: level, template: template)
            // The stylesheet is written into the file's folder so the report opens on its own.
            let css = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("quartier.css")
            try Data(html.replacingOccurrences(of: "href=\"/static/quartier.css\"", with: "href=\"quartier.css\"").utf8).write(to: URL(fileURLWithPath: file))
            try Data(Stylesheet.css.utf8).write(to: css)
            print("\(file): Sozialbericht geschrieben (mit \(css.lastPathComponent)).")
        } catch let e as AtlasError {
            printError(e.message)
            throw ExitCode.failure
        }
    }
}
