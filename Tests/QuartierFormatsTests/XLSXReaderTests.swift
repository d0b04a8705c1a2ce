import Foundation
import QuartierCore
@testable import QuartierFormats
import QuartierTestSupport
import Testing
import ZIPFoundation

/// Workbooks as towns receive them, written here as the XML Excel writes: shared strings,
/// number and date cells, merged header cells, several sheets.
enum XLSXFixture {
    enum Cell { case s(String), n(String), date(Int), inline(String), empty }

    /// A zip of the given parts, deflated.
    static func zip(_ parts: [(String, String)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in data.subdata(in: Int(p)..<(Int(p) + n)) }
        }
        return [UInt8](archive.data ?? Data())
    }

    static func workbook(_ sheets: [(name: String, rows: [[Cell]], merges: [String])]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { p, n in
                data.subdata(in: Int(p)..<Int(p) + n)
            }
        }
        var shared: [String] = []
        func letters(_ c: Int) -> String {
            var c = c + 1, out = ""
            while c > 0 { let r = (c - 1) % 26; out = String(UnicodeScalar(UInt8(65 + r))) + out; c = (c - 1) / 26 }
            return out
        }
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var rels = "", list = ""
        for (i, sheet) in sheets.enumerated() {
            var xml = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            for (r, row) in sheet.rows.enumerated() {
                xml += "<row r=\"\(r + 1)\">"
                for (c, cell) in row.enumerated() {
                    let ref = letters(c) + String(r + 1)
                    switch cell {
                    case .s(let t): shared.append(t); xml += "<c r=\"\(ref)\" t=\"s\"><v>\(shared.count - 1)</v></c>"
                    case .n(let v): xml += "<c r=\"\(ref)\"><v>\(v)</v></c>"
                    case .date(let serial): xml += "<c r=\"\(ref)\" s=\"1\"><v>\(serial)</v></c>"
                    case .inline(let t): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(esc(t))</t></is></c>"
                    case .empty: break
                    }
                }
                xml += "</row>"
            }
            xml += "</sheetData>"
            if !sheet.merges.isEmpty { xml += "<mergeCells>" + sheet.merges.map { "<mergeCell ref=\"\($0)\"/>" }.joined() + "</mergeCells>" }
            xml += "</worksheet>"
            try add("xl/worksheets/sheet\(i + 1).xml", xml)
            rels += "<Relationship Id=\"rId\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(i + 1).xml\"/>"
            list += "<sheet name=\"\(esc(sheet.name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        try add("xl/workbook.xml", #"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"# + list + "</sheets></workbook>")
        try add("xl/_rels/workbook.xml.rels", #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"# + rels + "</Relationships>")
        try add("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + shared.map { "<si><t xml:space=\"preserve\">\(esc($0))</t></si>" }.joined() + "</sst>")
        try add("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>"#)
        return [UInt8](archive.data!)
    }
}

@Suite struct XLSXReaderTests {
    static let context = TableContext(areaCodes: ["01", "02", "03", "SR01", "SR02"], variables: StandardCatalog.variables)

    static func read(_ raw: [UInt8], _ mappingText: String = "") throws -> TableData {
        let mapping = try TableMapping(mappingText: mappingText, file: "zuordnung.ini")
        return try TableReader(mapping: mapping, context: context).read(raw: raw, file: "tabelle.xlsx")
    }

    static func values(_ d: TableData) -> [String: Double] {
        var out: [String: Double] = [:]
        for e in d.entries { out["\(d.areaCodes[Int(e.area)]) \(d.variables[Int(e.variable)].key) \(d.periods[Int(e.period)])"] = e.status == 0 ? e.value : -1 }
        return out
    }

    /// A template shipped in examples/templates.
    static func shippedTemplate(_ name: String) throws -> TableMapping {
        let url = Oracle.packageRoot.appendingPathComponent("examples/templates/" + name)
        return try TableMapping(mappingText: try String(contentsOf: url, encoding: .utf8), file: url.path)
    }

    /// The GENESIS table 12411-01-01-4 as downloaded from the Regionaldatenbank (ISO-8859-1, title
    /// block, a header over three rows, untitled code column, footnotes), read by its shipped
    /// template: the three values of Flensburg and Kiel, cell by cell.
    @Test(Oracle.needs(shared: ["data/formats/regionalstatistik/12411-01-01-4.csv"], "real Regionaldatenbank table"))
    func theRegionalstatistikTableReadsByItsTemplate() throws {
        let raw = [UInt8](try Data(contentsOf: Oracle.sharedFile("data/formats/regionalstatistik/12411-01-01-4.csv")))
        let context = TableContext(areaCodes: ["01001", "01002"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try Self.shippedTemplate("regionalstatistik-12411-01-01-4.ini"), context: context)
            .read(raw: raw, file: "12411-01-01-4.csv")
        #expect(d.encoding == .iso88591 || d.encoding == .windows1252)
        #expect(d.titleLines.first == "GENESIS-Tabelle: 12411-01-01-4")
        #expect(Self.values(d) == ["01001 ew_gesamt 2018-12-31": 89_504, "01001 ew_weiblich 2018-12-31": 44_905, "01001 ew_maennlich 2018-12-31": 44_599,
                                   "01002 ew_gesamt 2018-12-31": 247_548, "01002 ew_weiblich 2018-12-31": 126_982, "01002 ew_maennlich 2018-12-31": 120_566])
        #expect(d.footnotes.contains { $0.hasPrefix("Stand: 21.03.2020") }, "\(d.footnotes)")
        #expect(d.skippedAreaRows > 400)
    }

    /// The BA's "Arbeitsmarkt kommunal" workbooks (one per municipality, a row per
    /// characteristic, a column per year) read by their shipped template, values cell by cell.
    @Test(Oracle.needs(shared: ["data/formats/ba_arbeitsmarkt_kommunal/Arbeitsmarkt-kommunal_06440002_Bad_Nauheim_Stadt.xlsx",
                                "data/formats/ba_arbeitsmarkt_kommunal/Arbeitsmarkt-kommunal_06440011_Hirzenhain.xlsx"], "real BA workbooks"))
    func theBAWorkbooksReadByTheirTemplate() throws {
        let template = try Self.shippedTemplate("ba-arbeitsmarkt-kommunal.ini")
        let context = TableContext(areaCodes: ["06440002", "06440011"], variables: StandardCatalog.variables)
        func read(_ name: String) throws -> TableData {
            let raw = [UInt8](try Data(contentsOf: Oracle.sharedFile("data/formats/ba_arbeitsmarkt_kommunal/" + name)))
            return try TableReader(mapping: template, context: context).read(raw: raw, file: name)
        }
        let nauheim = try read("Arbeitsmarkt-kommunal_06440002_Bad_Nauheim_Stadt.xlsx")
        let v = Self.values(nauheim)
        #expect(nauheim.areaCodes == ["06440002"] && nauheim.periods == ["2020-12-31", "2021-12-31", "2022-12-31", "2023-12-31", "2024-12-31"])
        #expect(v["06440002 svb_wohnort 2020-12-31"] == 11_961 && v["06440002 svb_wohnort 2024-12-31"] == 13_029)
        #expect(v["06440002 alo_gesamt 2020-12-31"] == 908.75 && v["06440002 alo_gesamt 2024-12-31"] == 883)
        #expect(v["06440002 alo_u25 2022-12-31"] == 56.5 && v["06440002 alo_langzeit 2021-12-31"] == 285.25)
        #expect(nauheim.entries.count == 20)
        #expect(nauheim.skipped.keys.contains("Sozialversicherungspflichtig Beschäftigte am Arbeitsort (Stichtag 30.06.) / Männer"), "\(nauheim.skipped.keys.sorted())")
        let hirzenhain = try read("Arbeitsmarkt-kommunal_06440011_Hirzenhain.xlsx")
        #expect(hirzenhain.areaCodes == ["06440011"] && hirzenhain.entries.count == 20)
    }

    /// A fact sheet generated here in the BA's layout (title block, a merged heading per
    /// section, "dar." rows, a suppressed cell, footnotes) read by the same shipped template.
    @Test func aGeneratedFactSheetReadsByTheBATemplate() throws {
        let wide = "Sozialversicherungspflichtig Beschäftigte\nam Wohnort  (Stichtag 30.06.)"
        let rows: [[XLSXFixture.Cell]] = [
            [.empty, .empty, .empty, .empty, .s("Arbeitsmarkt kommunal")],
            [],
            [.s("Beschäftigte und Arbeitslose"), .s("Beschäftigte und Arbeitslose")],
            [.s("03256999 Weserbrück, Stadt (Gebietsstand im Jahr 2024)")],
            [.n("2024"), .n("2024")],
            [],
            [.s("Merkmale"), .s("Merkmale"), .n("2023"), .n("2024")],
            [.s("Merkmale"), .s("Merkmale"), .n("1"), .n("2")],
            [.s(wide), .s(wide)],
            [.s("Insgesamt"), .empty, .n("12000"), .n("12100")],
            [.s("dar."), .s("Männer"), .n("6000"), .s("*")],
            [.s("Arbeitslose (Jahresdurchschnitte)"), .s("Arbeitslose (Jahresdurchschnitte)")],
            [.s("Insgesamt"), .empty, .n("826.66666666666663"), .n("883")],
            [.s(""), .s("Langzeitarbeitslose"), .n("200.75"), .s("*")],
            [.empty, .empty, .empty, .s("© Statistik der Bundesagentur für Arbeit")],
            [.s("*) Aus Gründen der statistischen Geheimhaltung werden Zahlenwerte unter 3 anonymisiert.")],
        ]
        let raw = try XLSXFixture.workbook([("Deckblatt", [[.s("Arbeitsmarkt kommunal")]], []), ("Daten", rows, ["A9:B9", "A12:B12"])])
        let context = TableContext(areaCodes: ["03256999"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try Self.shippedTemplate("ba-arbeitsmarkt-kommunal.ini"), context: context).read(raw: raw, file: "arbeitsmarkt.xlsx")
        #expect(Self.values(d) == ["03256999 svb_wohnort 2023-12-31": 12_000, "03256999 svb_wohnort 2024-12-31": 12_100,
                                   "03256999 alo_gesamt 2023-12-31": 826.66666666666663, "03256999 alo_gesamt 2024-12-31": 883,
                                   "03256999 alo_langzeit 2023-12-31": 200.75, "03256999 alo_langzeit 2024-12-31": -1])
        #expect(d.footnotes.first?.hasPrefix("*) Aus Gründen") == true || d.footnotes.contains { $0.hasPrefix("© Statistik") }, "\(d.footnotes)")
    }

    /// A table generated here in the Regionaldatenbank's CSV layout (ISO-8859-1, title block,
    /// three header rows, untitled code column, footnotes) read by the same shipped template.
    @Test func aGeneratedRegionaldatenbankTableReadsByItsTemplate() throws {
        let text = """
            GENESIS-Tabelle: 12411-01-01-4
            Bevölkerung nach Geschlecht - Stichtag 31.12. - regionale;;;;
            Tiefe: Kreise und krfr. Städte;;;;
            ;;Stichtag;Stichtag;Stichtag
            ;;31.12.2018;31.12.2018;31.12.2018
            ;;Insgesamt;männlich;weiblich
            DG;Deutschland;83019213;40966691;42052522
            03256999;      Weserbrück, Stadt;31507;15402;16105
            03257;      Schaumburg, Landkreis;-;.;x
            __________
            "Hinweis: eine Fußnote,
            über zwei Zeilen"
            Stand: 21.03.2020 / 12:15:06
            """.replacingOccurrences(of: "\n", with: "\r\n")
        let raw = Array(text.data(using: .isoLatin1)!)
        let context = TableContext(areaCodes: ["03256999", "03257"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try Self.shippedTemplate("regionalstatistik-12411-01-01-4.ini"), context: context).read(raw: raw, file: "12411.csv")
        #expect(Self.values(d) == ["03256999 ew_gesamt 2018-12-31": 31_507, "03256999 ew_maennlich 2018-12-31": 15_402, "03256999 ew_weiblich 2018-12-31": 16_105,
                                   "03257 ew_gesamt 2018-12-31": 0, "03257 ew_maennlich 2018-12-31": -1, "03257 ew_weiblich 2018-12-31": -1])
        #expect(d.skippedAreaRows == 1 && d.footnotes.count == 3, "\(d.footnotes)")
    }

    /// Flensburg's table 18 as transcribed (a column per measure and year, "Anzahl_2018") read
    /// by its shipped template: a year in a column name is the column's date.
    @Test(Oracle.needs(shared: ["data/flensburg/raw/tab18_regelleistungsberechtigte_sgb2.csv"], "real Flensburg table 18"))
    func flensburgsTable18ReadsByItsTemplate() throws {
        let raw = [UInt8](try Data(contentsOf: Oracle.sharedFile("data/flensburg/raw/tab18_regelleistungsberechtigte_sgb2.csv")))
        let context = TableContext(areaCodes: Set((1...13).map { String(format: "STGT%02d", $0) }), variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try Self.shippedTemplate("flensburg-tab18-sgb2.ini"), context: context).read(raw: raw, file: "tab18.csv")
        let v = Self.values(d)
        #expect(d.entries.count == 52 && d.periods == ["2018-12-31", "2019-12-31", "2020-12-31", "2021-12-31"])
        #expect(v["STGT01 sgb2_personen 2018-12-31"] == 554 && v["STGT03 sgb2_personen 2019-12-31"] == 2352 && v["STGT13 sgb2_personen 2021-12-31"] == 150)
        #expect(d.skipped.keys.sorted() == ["Anteil_in_%_2018", "Anteil_in_%_2019", "Anteil_in_%_2020", "Anteil_in_%_2021"])
    }

    /// The atlas's own Excel download (XLSXWriter) reads back with every value as written.
    @Test func theAtlasOwnWorkbookReadsBack() throws {
        var w = CSVWriter()
        w.row(["Gebiet", "Variable", "Stichtag", "Wert"])
        w.row([.text("SR01"), .text("ew_gesamt"), .text("2024-12-31"), .number(1464)])
        w.row([.text("SR02"), .text("ew_gesamt"), .text("2024-12-31"), .number(1.464)])
        w.row([.text("SR01"), .text("ew_0_2"), .text("2024-12-31"), .number(4.22594)])
        let raw = [UInt8](try XLSXWriter.workbook(sheetName: "werte", rows: w.rows))
        let d = try Self.read(raw)
        #expect(Self.values(d) == ["SR01 ew_gesamt 2024-12-31": 1464, "SR02 ew_gesamt 2024-12-31": 1.464, "SR01 ew_0_2 2024-12-31": 4.22594])
        #expect(d.sheetName == "werte" && d.delimiterName == "Excel-Tabellenblatt „werte“")
    }

    /// A published layout: a title block, a header over two rows with merged cells, area codes
    /// stored as numbers, numbers stored as text with space separators, official symbols,
    /// footnotes and a source line below, and a second sheet chosen by name.
    @Test func aPublishedLayoutIsReadCellByCell() throws {
        let rows: [[XLSXFixture.Cell]] = [
            [.s("Bevölkerung nach Stadtteilen, 31.12.2024")],
            [.s("Stadt Weserbrück, Fachdienst Statistik")],
            [],
            [.s("Gebiet"), .s("Name"), .s("Einwohner"), .s("Ausländer"), .empty],
            [.s("Gebiet"), .s("Name"), .s("insgesamt"), .s("absolut"), .s("Anteil in %")],
            [.n("1"), .s("Nord"), .inline("12 345"), .n("1200"), .n("9.7205346294046173")],
            [.n("2"), .s("Mitte"), .n("8000"), .s("*"), .s("x")],
            [.n("3"), .s("Süd"), .s("-  23"), .s("–"), .n("0")],
            [.s("* aus Datenschutzgründen geheim gehalten")],
            [.s("Quelle: Einwohnermelderegister")],
        ]
        let raw = try XLSXFixture.workbook([("Deckblatt", [[.s("Nur Text")]], []),
                                            ("Stadtteile", rows, ["A4:A5", "B4:B5", "D4:E4"])])
        let mapping = """
            [columns]
            area = Gebiet
            area_name = Name
            [options]
            sheet = Stadtteile
            layout = wide
            period = 2024
            area_code_width = 2
            unmapped = create
            """
        let d = try Self.read(raw, mapping)
        #expect(d.titleLines == ["Bevölkerung nach Stadtteilen, 31.12.2024", "Stadt Weserbrück, Fachdienst Statistik"])
        #expect(d.footnotes == ["* aus Datenschutzgründen geheim gehalten", "Quelle: Einwohnermelderegister"])
        #expect(d.sheetNames == ["Deckblatt", "Stadtteile"])
        #expect(d.variables.map(\.label) == ["Einwohner / insgesamt", "Ausländer / absolut", "Ausländer / Anteil in %"])
        let keys = d.variables.map(\.key)
        let v = Self.values(d)
        #expect(v["01 \(keys[0]) 2024-12-31"] == 12_345)
        #expect(v["01 \(keys[1]) 2024-12-31"] == 1200)
        #expect(v["01 \(keys[2]) 2024-12-31"] == 9.7205346294046173)
        #expect(v["02 \(keys[1]) 2024-12-31"] == -1)          // * suppressed
        #expect(v["03 \(keys[0]) 2024-12-31"] == -23)
        #expect(v["03 \(keys[1]) 2024-12-31"] == 0)           // – is zero
        #expect(d.entries.count == 9)
        // Without the sheet: the first one, which has no area column; the message says which sheets there are.
        #expect(throws: ImportFailure.self) { try Self.read(raw, "[options]\nsheet = Daten") }
        do { _ = try Self.read(raw, "[options]\nsheet = Daten") } catch let error as ImportFailure {
            #expect(error.description.contains("1 „Deckblatt“, 2 „Stadtteile“"), "\(error)")
        }
    }

    /// Number cells keep their value under either decimal mark; text cells follow the file's
    /// rules, so `1.464` beside `4.22594` as text is refused with the cell named.
    @Test func numberCellsAreExactAndAmbiguousTextIsRefused() throws {
        let typed = try XLSXFixture.workbook([("T", [[.s("Gebiet"), .s("ew_gesamt")], [.s("SR01"), .n("1.464")], [.s("SR02"), .n("4.22594")]], [])])
        let v = Self.values(try Self.read(typed, "[options]\nperiod = 2024\ndecimal = comma"))
        #expect(v["SR01 ew_gesamt 2024-12-31"] == 1.464 && v["SR02 ew_gesamt 2024-12-31"] == 4.22594)
        let text = try XLSXFixture.workbook([("T", [[.s("Gebiet"), .s("ew_gesamt")], [.s("SR01"), .s("1.464")], [.s("SR02"), .s("4.22594")], [.s("03"), .s("12")]], [])])
        do {
            _ = try Self.read(text, "[options]\nperiod = 2024")
            Issue.record("an ambiguous text cell was read")
        } catch let error as ImportFailure {
            #expect(error.issues.first?.line == 2 && error.issues.first?.column == 2 && error.issues.first?.found == "1.464", "\(error)")
            #expect(error.description.contains("--decimal point"))
        }
        let point = Self.values(try Self.read(text, "[options]\nperiod = 2024\ndecimal = point"))
        #expect(point["SR01 ew_gesamt 2024-12-31"] == 1.464)
    }

    /// Area codes a spreadsheet stored as numbers get their leading zeros back from the
    /// atlas's own codes (01001 stored as 1001).
    @Test func numericAreaCodesGetTheirLeadingZerosBack() throws {
        let raw = try XLSXFixture.workbook([("T", [[.s("Gebiet"), .s("ew_gesamt")], [.n("1001"), .n("89504")], [.n("1002"), .n("247548")]], [])])
        let context = TableContext(areaCodes: ["01001", "01002", "01"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try TableMapping(mappingText: "[options]\nperiod = 2018", file: "z.ini"), context: context).read(raw: raw, file: "kreise.xlsx")
        #expect(Self.values(d) == ["01001 ew_gesamt 2018-12-31": 89_504, "01002 ew_gesamt 2018-12-31": 247_548])
    }

    /// Dates stored as serial numbers with a date format are dates.
    @Test func dateCellsAreReadAsDates() throws {
        let raw = try XLSXFixture.workbook([("T", [[.s("Gebiet"), .s("Variable"), .s("Stichtag"), .s("Wert")],
                                                   [.s("SR01"), .s("ew_gesamt"), .date(45_657), .n("10")]], [])])
        #expect(Self.values(try Self.read(raw)) == ["SR01 ew_gesamt 2024-12-31": 10])
        #expect(XLSXWorkbook.isoDate(serial: 1) == "1899-12-31")
        #expect(XLSXWorkbook.isoDate(serial: 61) == "1900-03-01")
    }

    /// An Excel 97–2003 file as IT.NRW publishes it (BIFF8: title block merged over 37 columns,
    /// a header over four rows, a row per year with the year as text, "..." for months not yet
    /// reported, notes below) read by its shipped template, values cell by cell.
    @Test(Oracle.needs(shared: ["data/formats/it_nrw/13211-03ir.xls"], "real IT.NRW .xls table"))
    func theITNRWWorkbookReadsByItsTemplate() throws {
        let raw = [UInt8](try Data(contentsOf: Oracle.sharedFile("data/formats/it_nrw/13211-03ir.xls")))
        let doc = try CSVDocument(raw: raw, file: "13211-03ir.xls")
        #expect(doc.sheetNames == ["Temporär"])
        let context = TableContext(areaCodes: ["05315000"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: try Self.shippedTemplate("it-nrw-13211-03ir.ini"), context: context).read(raw: raw, file: "13211-03ir.xls")
        let v = Self.values(d)
        #expect(d.titleLines.contains("Köln, krfr. Stadt") && d.titleLines.contains("Arbeitslose\u{A0}(Anzahl)"), "\(d.titleLines)")
        #expect(d.entries.count == 15 * 36, "\(d.entries.count)")
        #expect(d.periods.count == 15 * 12 && d.periods.contains("2014-01-31") && d.periods.contains("2000-12-31") && d.periods.contains("2012-02-29"))
        #expect(v["05315000 alo_gesamt 2014-01-31"] == 54_197 && v["05315000 alo_maennlich 2014-01-31"] == 29_674 && v["05315000 alo_weiblich 2014-01-31"] == 24_523)
        #expect(v["05315000 alo_gesamt 2014-06-30"] == 52_998 && v["05315000 alo_weiblich 2013-08-31"] == 24_794)
        #expect(v["05315000 alo_gesamt 2000-12-31"] == 50_799 && v["05315000 alo_weiblich 2000-12-31"] == 20_256)
        // The 18 cells of months not yet reported: missing, with the official symbol kept.
        let later = d.entries.filter { $0.status != 0 }
        #expect(later.count == 18 && later.allSatisfy { TableData.symbols[Int($0.symbol)] == "..." })
        #expect(v["05315000 alo_gesamt 2014-07-31"] == -1)
        #expect(d.footnotes.contains { $0.hasPrefix("Quelle: Statistik der Bundesagentur für Arbeit") }, "\(d.footnotes.prefix(3))")
        #expect(d.variables.map(\.key).sorted() == ["alo_gesamt", "alo_maennlich", "alo_weiblich"])
    }

    /// A month written out or shortened, with a note on the day, names the month; other text does not.
    @Test func monthColumnsAreRecognised() {
        let p = TableMapping.YearPattern(prefix: "", suffix: " / Insgesamt", spec: .init(key: "alo_gesamt"), placeholder: .month)
        #expect(p.match("Januar (31.) / Insgesamt") == "01")
        #expect(p.match("Februar (28. bzw. 29.) / Insgesamt") == "02")
        #expect(p.match("Mrz. / Insgesamt") == "03" && p.match("März / Insgesamt") == "03" && p.match("Dez / Insgesamt") == "12")
        #expect(p.match("Jahresmittel / Insgesamt") == nil && p.match("Januar bis März / Insgesamt") == nil)
        #expect(p.match("Januar (31.) / männlich") == nil)
    }

    /// A damaged or foreign OLE2 file is refused with what is wrong, never read out of bounds.
    @Test func damagedOldExcelFilesAreRefused() throws {
        var header = CompoundFile.signature + [UInt8](repeating: 0, count: 504)
        header[0x1E] = 9; header[0x20] = 6
        header[0x2C] = 0xFF; header[0x2D] = 0xFF      // more FAT sectors than the file holds
        #expect(throws: ImportFailure.self) { _ = try CSVDocument(raw: header, file: "kaputt.xls") }
        do { _ = try CSVDocument(raw: header, file: "kaputt.xls") } catch let e {
            #expect(e.description.contains("kaputt.xls") && e.description.contains("beschädigt"), "\(e)")
        }
        // Every truncation of a real-looking file is refused or read, never a crash.
        if let raw = try? Data(contentsOf: Oracle.sharedFile("data/formats/it_nrw/13211-03ir.xls")) {
            let bytes = [UInt8](raw)
            for cut in stride(from: 0, to: bytes.count, by: 997) {
                _ = try? XLSXWorkbook(raw: Array(bytes.prefix(cut)), file: "teil.xls").sheet(nil)
            }
            var flipped = bytes
            for i in stride(from: 512, to: flipped.count, by: 331) { flipped[i] ^= 0x5A }
            _ = try? XLSXWorkbook(raw: flipped, file: "verändert.xls").sheet(nil)
        }
    }

    /// A sheet is inflated while it is parsed, within the archive limits: a sheet whose data
    /// are damaged (CRC) or that would inflate a thousandfold is refused naming the part.
    @Test func aDamagedOrExplodingSheetIsRefusedWhileItIsRead() throws {
        let good = try XLSXFixture.workbook([(name: "Daten", rows: [[.s("Gebiet"), .s("ew_gesamt")], [.s("01"), .n("12")]], merges: [])])
        let directory = try ZipDirectory(good)
        let sheet = try #require(directory.entries.first { $0.name.hasPrefix("xl/worksheets/") })
        var broken = good
        // The stored CRC of the sheet no longer fits its data.
        broken[sheet.dataStart + sheet.packed / 2] ^= 0x01
        do {
            _ = try XLSXWorkbook(raw: broken, file: "kaputt.xlsx").sheet(nil)
            Issue.record("a damaged sheet was read")
        } catch {
            #expect(error.description.contains("xl/worksheets/") && error.description.contains("beschädigt"), "\(error)")
        }
        // 2 MB of one repeated row in a few KB: the inflater stops at its limit (the archive's
        // ratio limit or what is left of the budget, whichever is less), not after inflating all.
        let row = "<row><c><v>1</v></c></row>"
        let xml = "<worksheet><sheetData>" + String(repeating: row, count: 80_000) + "</sheetData></worksheet>"
        let huge = try XLSXFixture.zip([("xl/worksheets/sheet1.xml", xml)])
        let bomb = try ZipDirectory(huge)
        var budget = 1_000_000
        #expect(throws: ZipDirectory.Failure.tooLarge("xl/worksheets/sheet1.xml")) { _ = try bomb.bytes(of: bomb.entries[0], budget: &budget) }
        budget = 4_000_000
        #expect(try bomb.bytes(of: bomb.entries[0], budget: &budget) == Array(xml.utf8))
    }

    /// Merged ranges cost what they cover: a sheet whose ranges together cover more cells than a
    /// sheet may hold is refused instead of being filled cell by cell.
    @Test func tooManyMergedCellsAreRefused() throws {
        let bomb = try XLSXFixture.workbook([(name: "A", rows: [[.s("Gebiet"), .s("ew_gesamt")], [.s("01"), .n("1")]],
                                              merges: (0..<400).map { _ in "A1:A65536" })])
        do {
            _ = try XLSXWorkbook(raw: bomb, file: "verbunden.xlsx").sheet(nil)
            Issue.record("a sheet merging 26 million cells was filled")
        } catch {
            #expect(error.description.contains("verbundene Zellen"), "\(error)")
        }
    }

    @Test func damagedAndForeignZipsAreRefusedWithTheirName() throws {
        #expect(throws: ImportFailure.self) { try Self.read([0x50, 0x4B, 3, 4] + [UInt8](repeating: 0, count: 40)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        let data = Data("x".utf8)
        try archive.addEntry(with: "content.xml", type: .file, uncompressedSize: Int64(1), compressionMethod: .deflate) { (_: Int64, _: Int) in data }
        do { _ = try Self.read([UInt8](archive.data!)) } catch let error as ImportFailure { #expect(error.description.contains("tabelle.xlsx") && error.description.contains("ODS")) }
    }

    /// The Zensus 2022 table as published: 12,000 rows of all of Germany, a title block, a
    /// two-row header with merged cells; the rows of the atlas's areas are read, the others
    /// skipped and counted.
    @Test(Oracle.needs(shared: ["data/formats/zensus2022/Regionaltabelle_Bevoelkerung.xlsx"], "real Zensus 2022 workbook"))
    func theZensusWorkbookReadsAsPublished() throws {
        let raw = [UInt8](try Data(contentsOf: Oracle.sharedFile("data/formats/zensus2022/Regionaltabelle_Bevoelkerung.xlsx")))
        let mapping = try Self.shippedTemplate("zensus2022-bevoelkerung.ini")
        let context = TableContext(areaCodes: ["01001", "010010000000"], variables: StandardCatalog.variables)
        let d = try TableReader(mapping: mapping, context: context).read(raw: raw, file: "Regionaltabelle_Bevoelkerung.xlsx")
        #expect(d.titleLines.count == 2)
        #expect(Self.values(d) == ["01001 ew_gesamt 2022-05-15": 95_015, "010010000000 ew_gesamt 2022-05-15": 95_015])
        #expect(d.skippedAreaRows > 12_000)
        #expect(d.skipped.keys.contains { $0.hasPrefix("Veränderung Zensus 2022 zur Bevölkerungsfortschreibung") && $0.hasSuffix("** / absolut") }, "\(d.skipped.keys.sorted())")
    }
}

/// Missing-value codes and values far outside the rest (issue 17).
@Suite struct SentinelTests {
    static let context = TableContext(areaCodes: Set((1...10).map { String(format: "SR%02d", $0) }), variables: StandardCatalog.variables)
    static let csv = "Gebiet;ew_gesamt\n" + (1...10).map { i in "SR\(String(format: "%02d", i));\(i == 4 ? "-9999" : i == 7 ? "250000" : String(1000 + 10 * i))" }.joined(separator: "\n") + "\n"

    static func read(_ extra: String) throws -> TableData {
        try TableReader(mapping: try TableMapping(mappingText: "[options]\nperiod = 2024\n" + extra, file: "z.ini"), context: context)
            .read(raw: Array(csv.utf8), file: "sgb2.csv")
    }

    @Test func aMissingValueCodeStopsTheImportAndNamesBothWaysOn() throws {
        do {
            _ = try Self.read("")
            Issue.record("-9999 was stored as a number")
        } catch let f as ImportFailure {
            #expect(f.issues.count == 1)
            #expect(f.issues.first?.line == 5 && f.issues.first?.found == "-9999")
            #expect(f.description.contains("--missing -9999") && f.description.contains("--confirm-values"), "\(f)")
        }
        let declared = try Self.read("missing = -9999")
        #expect(declared.declaredMissing == 1)
        #expect(declared.entries.first { declared.areaCodes[Int($0.area)] == "SR04" }?.status == UInt8(ValueStatus.missing.rawValue))
        let confirmed = try Self.read("confirm_values = ja")
        #expect(confirmed.entries.first { confirmed.areaCodes[Int($0.area)] == "SR04" }?.value == -9999)
        // The value far above the others is reported, not refused.
        #expect(declared.outliers == ["Einwohnerinnen und Einwohner (Hauptwohnsitz) 2024-12-31: SR07 hat 250000, die übrigen liegen um 1060"], "\(declared.outliers)")
    }
}

/// The decimal mark is decided per column (issue 17): a German count column keeps its
/// thousands points beside a column that only makes sense with a decimal point.
@Suite struct DecimalPerColumnTests {
    @Test func eachColumnIsReadWithItsOwnMark() throws {
        let csv = "Gebiet;ew_gesamt;alo_quote\nSR01;1.464;4.22594\nSR02;12.345;12.5\nSR03;987;3\n"
        var known = StandardCatalog.variables
        known.append(Variable(key: "alo_quote", label: "Arbeitslosenquote"))
        let context = TableContext(areaCodes: ["SR01", "SR02", "SR03"], variables: known)
        let d = try TableReader(mapping: try TableMapping(mappingText: "[options]\nperiod = 2024", file: "z.ini"), context: context)
            .read(raw: Array(csv.utf8), file: "gemischt.csv")
        let v = XLSXReaderTests.values(d)
        #expect(v["SR01 ew_gesamt 2024-12-31"] == 1464 && v["SR02 ew_gesamt 2024-12-31"] == 12_345 && v["SR03 ew_gesamt 2024-12-31"] == 987)
        #expect(v["SR01 alo_quote 2024-12-31"] == 4.22594 && v["SR02 alo_quote 2024-12-31"] == 12.5 && v["SR03 alo_quote 2024-12-31"] == 3)
    }
}

/// A published table listing districts and their parts with the same numbers and names
/// (issue 17): told apart by its level column and [levels] prefixes.
@Suite struct LevelColumnTests {
    static let csv = "Ebene;Nr;Name;Einwohner\nStadtbezirk;1;Mitte;5 000\nStadtteil;1;Mitte;2 000\nStadtteil;2;Nord;3 000\nStadtbezirk;2;Nord;3 000\n"
    static let context = TableContext(areaCodes: ["SB1", "SB2", "ST1", "ST2"], variables: StandardCatalog.variables)

    @Test func rowsOfSeveralLevelsAreMatchedByTheirLevel() throws {
        let mapping = try TableMapping(mappingText: """
            [columns]
            area = Nr
            area_name = Name
            level = Ebene
            [options]
            layout = wide
            period = 2024
            [levels]
            Stadtbezirk = SB
            Stadtteil = ST
            [variables]
            Einwohner = ew_gesamt
            """, file: "bezirke.ini")
        let d = try TableReader(mapping: mapping, context: Self.context).read(raw: Array(Self.csv.utf8), file: "bezirke.csv")
        #expect(XLSXReaderTests.values(d) == ["SB1 ew_gesamt 2024-12-31": 5000, "ST1 ew_gesamt 2024-12-31": 2000,
                                             "ST2 ew_gesamt 2024-12-31": 3000, "SB2 ew_gesamt 2024-12-31": 3000])
        // A level the mapping does not name is refused with the known ones.
        do {
            _ = try TableReader(mapping: mapping, context: Self.context).read(raw: Array((Self.csv + "Ortsteil;3;Süd;10\n").utf8), file: "bezirke.csv")
            Issue.record("an unknown level was read")
        } catch {
            let f = error
            #expect(f.description.contains("„Ortsteil“") && f.description.contains("„Stadtbezirk“, „Stadtteil“"), "\(f)")
        }
    }
}

