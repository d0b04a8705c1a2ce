import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierCore
import QuartierDemo
import QuartierRender
import QuartierAtlas
import QuartierServer
import QuartierStore
import QuartierTestSupport
import Testing

/// The PDFs checked with poppler's tools (Debian poppler-utils, installed by .ci/run).
@Suite struct PDFTests {
    static func tool(_ name: String, _ args: [String]) throws -> String {
        let path = "/usr/bin/" + name
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(name) comes with poppler-utils")
        return try Tool.output(path, args)
    }

    static func write(_ data: Data, _ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try data.write(to: url)
        return url
    }

    static func pages(_ url: URL) throws -> Int {
        let info = try tool("pdfinfo", [url.path])
        return Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
    }

    /// Every page rendered (grey, low resolution) has ink on it.
    static func everyPageHasInk(_ url: URL, pages: Int) throws {
        let prefix = url.deletingLastPathComponent().appendingPathComponent("page").path
        _ = try tool("pdftoppm", ["-gray", "-r", "12", url.path, prefix])
        let files = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path).filter { $0.hasPrefix("page") && $0.hasSuffix(".pgm") }
        #expect(files.count == pages)
        for f in files {
            let bytes = [UInt8](try Data(contentsOf: url.deletingLastPathComponent().appendingPathComponent(f)))
            // Skip the header (P5, size, maxval: three lines).
            var newlines = 0, start = 0
            for (i, b) in bytes.enumerated() where b == 10 { newlines += 1; if newlines == 3 { start = i + 1; break } }
            let dark = bytes[start...].filter { $0 < 200 }.count
            #expect(dark > 20, "\(f) is blank")
        }
    }

    @Test func theReportIsARealPDF() async throws {
        let store = try PublicationTests.tempStore("atlas.sqlite")
        try await DemoTown.install(into: store)
        try await store.save(template: ReportTemplate(texts: ["bewertung:Soziale Lage": "Die Kinderarmut in der Altstadt bleibt hoch; größere Straßenzüge sind betroffen.",
                                                             "empfehlung:Soziale Lage": "Familienzentrum ausbauen und Übergänge in Arbeit fördern.",
                                                             "fazit": "Gemeinsam mit den Trägern weiterarbeiten."]), by: "Test")
        let data = try await ReportBuilder(store: store).pdf(year: nil, levelKey: nil)
        let url = try Self.write(data, "bericht.pdf")
        let pages = try Self.pages(url)
        #expect(pages > 30)
        let text = try Self.tool("pdftotext", ["-layout", url.path, "-"])
        for heading in ["Sozialbericht", "Inhalt", "Die Stadt auf einen Blick", "1. Bevölkerungsstruktur", "Soziale Lage", "Kinderarmut (SGB II unter 15)",
                        "Auffälligkeiten (Frühwarnung)", "Maßnahmen und ihre Wirkung", "Gebietsprofile", "Methoden und Quellen"] {
            #expect(text.contains(heading), "\(heading)")
        }
        // Statements, umlauts and ß, and the planner's texts.
        #expect(text.contains("Den höchsten Wert hat"))
        for word in ["Mühlentorsfeld", "Schäferhof", "größere Straßenzüge", "Übergänge", "Handlungsempfehlungen", "Bewertung", "Gemeinsam mit den Trägern"] {
            #expect(text.contains(word), "\(word)")
        }
        // Fonts: DejaVu Sans and its bold cut, embedded as subsets with a Unicode map.
        let fonts = try Self.tool("pdffonts", [url.path])
        #expect(fonts.contains("+DejaVuSans ") && fonts.contains("+DejaVuSans-Bold ") && fonts.contains("CID TrueType"))
        #expect(!fonts.contains(" no "))
        try Self.everyPageHasInk(url, pages: pages)
        // The contents give the right pages: each chapter heading is on the page its entry names.
        let contents = try Self.tool("pdftotext", ["-layout", "-f", "2", "-l", "3", url.path, "-"])
        for chapter in ["1. Bevölkerungsstruktur", "Gebietsprofile", "Methoden und Quellen"] {
            let line = try #require(contents.split(separator: "\n").first { $0.contains(chapter) }, "\(chapter) in the contents")
            let page = try #require(Int(line.split(separator: " ").last ?? ""))
            let onPage = try Self.tool("pdftotext", ["-f", String(page), "-l", String(page), url.path, "-"])
            #expect(onPage.contains(chapter), "\(chapter) on page \(page)")
        }
        // Page numbers, and one bookmark per chapter and indicator.
        #expect(text.contains("Seite 2 von \(pages)"))
        let raw = String(decoding: data, as: UTF8.self)
        #expect(raw.contains("/Outlines") && raw.contains("/PageMode /UseOutlines"))
        #expect(raw.components(separatedBy: "/Dest [").count - 1 > 29 + 6)
    }

    @Test func tablesBreakAcrossPagesWithTheirHeaderRepeated() throws {
        var flow = PDFFlow(title: "Test", subject: "", footer: "Test")
        flow.heading("Eine lange Tabelle", level: 1)
        flow.table(header: ["Gebiet", "Wert"], rows: (1...300).map { ["Gebiet Nr. \($0)", "\($0),5 %"] }, widths: [3, 1], numeric: [false, true])
        let url = try Self.write(flow.finished().data(), "tabelle.pdf")
        let pages = try Self.pages(url)
        #expect(pages >= 5)
        for p in 1...pages {
            let t = try Self.tool("pdftotext", ["-f", String(p), "-l", String(p), url.path, "-"])
            #expect(t.contains("Gebiet\n") || t.contains("Gebiet Wert") || t.contains("Gebiet"), "page \(p)")
            #expect(t.components(separatedBy: "Wert").count - 1 >= 1, "header on page \(p)")
        }
        let all = try Self.tool("pdftotext", [url.path, "-"])
        #expect(all.contains("Gebiet Nr. 300"))
        #expect(all.contains("300,5 %"))
    }

    @Test func profilesOfAllAreasInOnePDF() async throws {
        let store = try PublicationTests.tempStore("atlas.sqlite")
        try await DemoTown.install(into: store)
        let url = try Self.write(try await ReportBuilder(store: store).profilesPDF(year: nil, levelKey: nil), "steckbriefe.pdf")
        let pages = try Self.pages(url)
        #expect(pages >= 17)
        let text = try Self.tool("pdftotext", [url.path, "-"])
        for area in ["Nordertor", "Altstadt", "Mühlentorsfeld", "Neue Heide"] { #expect(text.contains("\(area) (Sozialraum"), "\(area)") }
        #expect(text.contains("Männer"))
        try Self.everyPageHasInk(url, pages: pages)
    }

    @Test func oneButtonForTheReportAndTheTemplateInTheWebUI() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let start = HTTP.body(try await client.execute(uri: "/", method: .get))
            #expect(start.contains("href=\"/bericht.pdf\""))
            let pdf = try await client.execute(uri: "/bericht.pdf", method: .get)
            #expect(pdf.status == .ok)
            #expect(pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF-1.7"))
            for (path, type) in [("/bericht.docx", "wordprocessingml"), ("/bericht.pptx", "presentationml"), ("/steckbriefe.docx", "wordprocessingml")] {
                let r = try await client.execute(uri: path, method: .get)
                #expect(r.status == .ok, "\(path)")
                #expect(r.headers[.contentType]?.contains(type) == true, "\(path)")
                #expect(String(buffer: r.body).hasPrefix("PK"), "\(path) is a zip package")
            }
            let emil = try await HTTP.login(client, "emil")
            let page = HTTP.body(try await client.execute(uri: "/intern/verwaltung/bericht", method: .get, headers: emil.headers))
            #expect(page.contains("Bericht als PDF"))
            let save = try await HTTP.post(client, "/intern/verwaltung/bericht", [
                ("csrf", emil.csrf), ("vorlage", "stadtrat"), ("indikator", "kinderarmut"), ("indikator", "sgb2_quote"), ("teil", "methoden"),
                ("text:bewertung:Soziale Lage", "Armut konzentriert sich in der Altstadt."), ("text:fazit", "Prävention stärken."),
            ], cookie: emil.cookie)
            #expect(save.status == .ok)
            #expect(HTTP.body(save).contains("Vorlage „stadtrat“ gespeichert"))
            let unnamed = try await HTTP.post(client, "/intern/verwaltung/bericht", [("csrf", emil.csrf), ("vorlage", " "), ("text:fazit", "Entwurf")],
                                              cookie: emil.cookie)
            #expect(unnamed.status == .badRequest)
            #expect(HTTP.body(unnamed).contains("Feld „Vorlage“"))
            #expect(HTTP.body(unnamed).contains(">Entwurf</textarea>"))
            let internalReport = HTTP.body(try await client.execute(uri: "/intern/bericht?vorlage=stadtrat", method: .get, headers: emil.headers))
            #expect(internalReport.contains("Armut konzentriert sich in der Altstadt."))
            #expect(internalReport.contains("Prävention stärken."))
            #expect(!internalReport.contains("Altenquotient"))
            #expect(!internalReport.contains("Gebietsprofile</h2>"))
            // The public report takes the selection, never the internal texts.
            let publicReport = HTTP.body(try await client.execute(uri: "/bericht?vorlage=stadtrat", method: .get))
            #expect(!publicReport.contains("Armut konzentriert sich"))
            #expect(!publicReport.contains("Altenquotient"))
            let internalPDF = try await client.execute(uri: "/intern/bericht.pdf?vorlage=stadtrat", method: .get, headers: emil.headers)
            let url = try Self.write(Data(buffer: internalPDF.body), "stadtrat.pdf")
            let text = try Self.tool("pdftotext", [url.path, "-"])
            #expect(text.contains("Armut konzentriert sich in der Altstadt."))
            #expect(text.contains("Fazit und Handlungsempfehlungen"))
        }
        #expect(try await inst.instance.audit(town: "weserbrueck").contains { $0.action == "Berichtsvorlage gespeichert" })
    }
}
