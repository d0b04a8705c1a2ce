import Foundation
import QuartierTestSupport
import Testing

/// The Sozialbericht as Word, PowerPoint and tagged PDF (issue 21), opened with the tools
/// others use: python-docx, python-pptx and pikepdf (PyPI, in the test venv), LibreOffice
/// (Debian's writer and impress without GUI) and poppler.
@Suite(.serialized) struct ReportFormatsTests {
    /// A demo atlas with one area renamed to a name outside Latin-1, and the report in every format.
    struct Fixture {
        let dir: URL
        let pdf: URL, docx: URL, pptx: URL, html: URL
        let profilesDOCX: URL

        static func make() throws -> Fixture {
            let dir = try Support.temporaryDirectory()
            let db = dir.appendingPathComponent("atlas.sqlite").path
            #expect(try Support.run(["demo", "--db", db]).status == 0)
            // The area's name as a town could have it (through the areas' import).
            let rename = "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n"
                + "c.execute(\"UPDATE area SET name = 'Łódź-Straße Süd' WHERE code = 'SR01'\")\nc.commit()\n"
            #expect(try python(["-c", rename, db]).status == 0)
            let f = Fixture(dir: dir, pdf: dir.appendingPathComponent("bericht.pdf"), docx: dir.appendingPathComponent("bericht.docx"),
                            pptx: dir.appendingPathComponent("bericht.pptx"), html: dir.appendingPathComponent("bericht.html"),
                            profilesDOCX: dir.appendingPathComponent("steckbriefe.docx"))
            for file in [f.pdf, f.docx, f.pptx, f.html] {
                let r = try Support.run(["report", file.path, "--db", db, "--internal"])
                #expect(r.status == 0, "\(file.lastPathComponent): \(r.stderr)")
            }
            let r = try Support.run(["report", f.profilesDOCX.path, "--profiles", "--db", db, "--internal"])
            #expect(r.status == 0, "\(r.stderr)")
            return f
        }
    }

    static func python(_ args: [String]) throws -> Support.RunResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Oracle.python)
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Support.RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func json(_ script: String, _ args: [String]) throws -> [String: Any] {
        let r = try python(["-c", script] + args)
        try #require(r.status == 0, "\(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    static func tool(_ path: String, _ args: [String]) throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is installed by .ci/run")
        return try Tool.output(path, args)
    }

    /// The chapter titles as the HTML report has them (`<h2>` with a chapter number).
    static func chapterTitles(_ html: String) -> [String] {
        html.components(separatedBy: "<h2").dropFirst().compactMap { part -> String? in
            guard let gt = part.firstIndex(of: ">"), let end = part.range(of: "</h2>") else { return nil }
            let text = String(part[part.index(after: gt)..<end.lowerBound])
            return text.first?.isNumber == true && text.contains(". ") ? text.replacingOccurrences(of: "&amp;", with: "&") : nil
        }
    }

    static let readDOCX = #"""
    import docx, json, sys
    from docx.oxml.ns import qn
    d = docx.Document(sys.argv[1])
    out = {"title": d.core_properties.title, "language": d.core_properties.language,
           "headings": [[p.style.name, p.text] for p in d.paragraphs if p.style.name.startswith("Heading")],
           "tables": [], "images": [], "toc": False, "bullets": 0}
    for t in d.tables:
        first = t.rows[0]._tr
        trPr = first.trPr
        repeat = trPr is not None and trPr.find(qn("w:tblHeader")) is not None
        out["tables"].append({"repeatHeader": repeat, "rows": [[c.text for c in r.cells] for r in t.rows]})
    for s in d.inline_shapes:
        pr = s._inline.docPr
        out["images"].append({"alt": pr.get("descr"), "width": s.width, "height": s.height})
    for p in d.paragraphs:
        if p.style.name == "List Bullet": out["bullets"] += 1
        for i in p._p.iter(qn("w:instrText")):
            if i.text and i.text.strip().startswith("TOC"): out["toc"] = True
    print(json.dumps(out))
    """#

    static let readPPTX = #"""
    import pptx, json, sys
    p = pptx.Presentation(sys.argv[1])
    slides = []
    for s in p.slides:
        title = s.shapes.title.text if s.shapes.title is not None else None
        pics = [sh._element.nvPicPr.cNvPr.get("descr") for sh in s.shapes if sh.shape_type == 13]
        texts = [sh.text_frame.text for sh in s.shapes if sh.has_text_frame]
        slides.append({"title": title, "pictures": pics, "texts": texts})
    print(json.dumps({"title": p.core_properties.title, "slides": slides}))
    """#

    /// Walks the structure tree in reading order: element types, heading titles, figures'
    /// alternative texts, tables' header cells; and what the catalog says.
    static let readPDF = #"""
    import pikepdf, json, sys
    pdf = pikepdf.open(sys.argv[1])
    root = pdf.Root
    out = {"marked": bool(root.MarkInfo.Marked), "lang": str(root.Lang), "displayTitle": bool(root.ViewerPreferences.DisplayDocTitle),
           "headings": [], "figures": [], "tables": [], "types": {}, "orphanMCIDs": 0, "pages": len(pdf.pages)}
    owned = set()
    def walk(e, table):
        s = str(e.get("/S", ""))
        out["types"][s] = out["types"].get(s, 0) + 1
        if s in ("/H1", "/H2", "/H3"): out["headings"].append([s[1:], str(e.get("/T", ""))])
        if s == "/Figure": out["figures"].append(str(e.get("/Alt", "")))
        if s == "/Table":
            table = {"th": 0, "td": 0, "scoped": 0}
            out["tables"].append(table)
        if s == "/TH" and table is not None:
            table["th"] += 1
            a = e.get("/A")
            if a is not None and str(a.get("/Scope", "")) == "/Column": table["scoped"] += 1
        if s == "/TD" and table is not None: table["td"] += 1
        kids = e.get("/K")
        if kids is None: return
        if not isinstance(kids, pikepdf.Array): kids = [kids]
        for k in kids:
            if isinstance(k, int):
                owned.add((e.Pg.objgen, int(k)))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR":
                owned.add((k.Pg.objgen, int(k.MCID)))
            elif isinstance(k, pikepdf.Dictionary):
                walk(k, table)
    tree = root.StructTreeRoot
    for k in (tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]): walk(k, None)
    # Every marked content on every page belongs to an element.
    for page in pdf.pages:
        for operands, op in pikepdf.parse_content_stream(page):
            if str(op) == "BDC":
                props = operands[1]
                if "/MCID" in props and (page.obj.objgen, int(props.MCID)) not in owned: out["orphanMCIDs"] += 1
    print(json.dumps(out))
    """#

    @Test(Oracle.needs(python: ["docx", "pptx", "pikepdf"], "report as DOCX, PPTX and tagged PDF"))
    func everyFormatOpensWithItsToolsAndHoldsTheReport() throws {
        let f = try Fixture.make()
        let html = try String(contentsOf: f.html, encoding: .utf8)
        let chapters = Self.chapterTitles(html)
        #expect(chapters.count >= 5, "\(chapters)")

        // Word: built-in headings, the contents field, tables with a repeating header whose cells
        // are the HTML report's, a picture with alternative text per map.
        let d = try Self.json(Self.readDOCX, [f.docx.path])
        #expect(d["title"] as? String == "Sozialbericht Weserbrück (Demostadt)")
        #expect(d["language"] as? String == "de-DE")
        #expect(d["toc"] as? Bool == true)
        let headings = try #require(d["headings"] as? [[String]])
        #expect(headings.filter { $0[0] == "Heading 1" }.map { $0[1] }.filter { $0.first?.isNumber == true } == chapters)
        #expect(headings.contains { $0[0] == "Heading 2" && $0[1] == "Altenquotient" })
        let tables = try #require(d["tables"] as? [[String: Any]])
        #expect(tables.count > 20)
        var cells = 0
        for t in tables {
            #expect(t["repeatHeader"] as? Bool == true)
            let rows = t["rows"] as? [[String]] ?? []
            // The key figures are cards on the web page: their table header is paper's only.
            for row in rows.first == ["Kennzahl", "Stadt"] ? Array(rows.dropFirst()) : rows {
                for cell in row where !cell.isEmpty {
                    let escaped = cell.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
                    let inHTML = html.contains(escaped)
                    #expect(inHTML, "DOCX cell „\(cell)“ is not in the HTML report")
                    cells += 1
                }
            }
        }
        #expect(cells > 500)
        let images = try #require(d["images"] as? [[String: Any]])
        #expect(images.count == html.components(separatedBy: "<figure class=\"report-map\"").count - 1)
        #expect(images.count >= 29)
        for image in images { #expect((image["alt"] as? String ?? "").hasPrefix("Karte „"), "\(image)") }
        #expect((d["bullets"] as? Int ?? 0) > 16)
        #expect(headings.contains { $0[1] == "Łódź-Straße Süd" })

        // PowerPoint: title, contents, then one slide per indicator with its map and legend.
        let p = try Self.json(Self.readPPTX, [f.pptx.path])
        let slides = try #require(p["slides"] as? [[String: Any]])
        #expect(slides.count == 2 + images.count)   // one per indicator map
        #expect(slides[0]["title"] as? String == "Sozialbericht Weserbrück (Demostadt)")
        #expect(slides[1]["title"] as? String == "Inhalt")
        for s in slides.dropFirst(2) {
            let pictures = s["pictures"] as? [String] ?? []
            #expect(pictures.count == 1 && pictures[0].hasPrefix("Karte „"), "\(s["title"] ?? "")")
            let texts = (s["texts"] as? [String] ?? []).joined(separator: "\n")
            #expect(texts.contains("Klassen (") && texts.contains("Stadt: ") && texts.contains("Abbildung "), "\(s["title"] ?? "")")
        }

        // The tagged PDF.
        let info = try Self.tool("/usr/bin/pdfinfo", [f.pdf.path])
        #expect(info.contains("Tagged:          yes"))
        let fonts = try Self.tool("/usr/bin/pdffonts", [f.pdf.path]).split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for line in fonts {
            let cols = line.split(separator: " ", omittingEmptySubsequences: true)
            // name, type…, encoding, emb, sub, uni, object, generation
            #expect(cols.count >= 7 && cols[cols.count - 5] == "yes" && cols[cols.count - 4] == "yes" && cols[cols.count - 3] == "yes", "\(line)")
        }
        let text = try Self.tool("/usr/bin/pdftotext", [f.pdf.path, "-"])
        #expect(text.contains("Łódź-Straße Süd"))
        let t = try Self.json(Self.readPDF, [f.pdf.path])
        #expect(t["marked"] as? Bool == true && t["lang"] as? String == "de-DE" && t["displayTitle"] as? Bool == true)
        #expect(t["orphanMCIDs"] as? Int == 0)
        let pdfHeadings = try #require(t["headings"] as? [[String]])
        // In order: the title, the contents, the glance, then the chapters as the HTML has them.
        #expect(pdfHeadings.first == ["H1", ""] || pdfHeadings.first?[0] == "H1")
        let pdfChapters = pdfHeadings.filter { $0[0] == "H1" && $0[1].first?.isNumber == true }.map { $0[1] }
        #expect(pdfChapters == chapters)
        #expect(pdfHeadings.contains(["H1", "Inhalt"]))
        // No level is skipped (PDF/UA: headings nest).
        var previous = 1
        for h in pdfHeadings {
            let level = Int(h[0].dropFirst()) ?? 0
            #expect(level <= previous + 1, "\(h) follows an H\(previous)")
            previous = level
        }
        #expect(pdfHeadings.firstIndex(of: ["H1", "Inhalt"])! < pdfHeadings.firstIndex(of: ["H1", "Die Stadt auf einen Blick"])!)
        let figures = try #require(t["figures"] as? [String])
        #expect(figures.count == images.count)
        for a in figures { #expect(a.hasPrefix("Karte „") && a.contains("Klassen"), "\(a)") }
        let pdfTables = try #require(t["tables"] as? [[String: Int]])
        #expect(pdfTables.count == tables.count)
        for table in pdfTables { #expect(table["th"]! >= 2 && table["scoped"] == table["th"] && table["td"]! > 0) }
        let types = try #require(t["types"] as? [String: Int])
        #expect((types["/L"] ?? 0) > 0 && types["/LI"] == types["/LBody"] && (types["/TOCI"] ?? 0) > 20)
    }

    /// Without its fonts a PDF is refused with the package and the variable named, never written
    /// with a stand-in that would lose characters.
    @Test func aPDFWithoutItsFontsIsRefusedWithThePackageNamed() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let pdf = dir.appendingPathComponent("bericht.pdf")
        let r = try Support.run(["report", pdf.path, "--db", db], environment: ["QUARTIER_FONT_DIR": dir.appendingPathComponent("keine-schriften").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("DejaVuSans.ttf fehlt") && r.stderr.contains("fonts-dejavu-core") && r.stderr.contains("QUARTIER_FONT_DIR"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: pdf.path))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice"), "LibreOffice (writer, impress) is installed by .ci/run"))
    func libreOfficeConvertsTheWordAndPowerPointFiles() throws {
        let f = try Fixture.make()
        let chapters = Self.chapterTitles(try String(contentsOf: f.html, encoding: .utf8))
        func converted(_ file: URL) throws -> URL {
            let out = f.dir.appendingPathComponent("lo-" + file.pathExtension)
            #expect(try SpreadsheetTests.convert(file, to: "pdf", into: out, profile: f.dir) == 0, "\(file.lastPathComponent)")
            return out.appendingPathComponent(file.deletingPathExtension().lastPathComponent + ".pdf")
        }
        let word = try Self.tool("/usr/bin/pdftotext", [try converted(f.docx).path, "-"])
        for c in chapters { #expect(word.contains(c), "the converted DOCX lacks „\(c)“") }
        #expect(word.contains("Łódź-Straße Süd"))
        let deckPDF = try converted(f.pptx)
        let slides = try Self.tool("/usr/bin/pdfinfo", [deckPDF.path])
        let pages = Int(slides.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
        #expect(pages > 20)
        let deck = try Self.tool("/usr/bin/pdftotext", [deckPDF.path, "-"])
        #expect(deck.contains("Altenquotient") && deck.contains("Klassen ("))
        let profiles = try Self.tool("/usr/bin/pdftotext", [try converted(f.profilesDOCX).path, "-"])
        #expect(profiles.contains("Łódź-Straße Süd (Sozialraum SR01)"))
    }
}
