import QuartierCore
import Testing
@testable import QuartierFormats

/// Encodes text the way a town's software would save it.
enum Encode {
    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8($0.value) } }
    static func cp1252(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { u in
            if let i = TextEncoding.cp1252High.firstIndex(of: u.value), u.value > 0xFF { return UInt8(0x80 + i) }
            return UInt8(u.value)
        }
    }
    static func utf16LE(_ s: String) -> [UInt8] { [0xFF, 0xFE] + s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
}

@Suite struct TableReaderTests {
    let context = TableContext(areaCodes: ["001", "002", "010"], variables: StandardCatalog.variables)
    let longText = "Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2024;1.234\n002;ew_gesamt;2024;987\n010;ew_gesamt;2024;*\n001;Einwohnerinnen (weiblich);2024;640\n"
    let wideText = "Gebiet;Name;ew_gesamt;ew_weiblich\n001;Mühlenviertel;1.234;640\n002;Überm Bach;987;-\n"

    func read(_ bytes: [UInt8], mapping: TableMapping = TableMapping()) throws -> TableData {
        try TableReader(mapping: mapping, context: context).read(raw: bytes, file: "t.csv")
    }

    func values(_ d: TableData) -> [String: DataValue] {
        let b = d.importBatch(label: "t").values
        return Dictionary(uniqueKeysWithValues: b.entries.map { e in
            let v = b.dataValue(e)
            return ("\(v.areaCode)/\(v.variableKey)", v)
        })
    }

    static let encodings: [String] = ["utf8", "utf8bom", "cp1252", "latin1", "utf16"]

    func encode(_ s: String, _ enc: String) -> [UInt8] {
        switch enc {
        case "utf8": Array(s.utf8)
        case "utf8bom": [0xEF, 0xBB, 0xBF] + Array(s.utf8)
        case "cp1252": Encode.cp1252(s)
        case "latin1": Encode.latin1(s)
        default: Encode.utf16LE(s)
        }
    }

    @Test(arguments: encodings) func longFormInEveryEncoding(enc: String) throws {
        let text = longText.replacingOccurrences(of: "\n", with: "\r\n") + "002;Einwohner ohne deutsche Staatsangehörigkeit;2024;12\n"
        let d = try read(encode(text, enc))
        #expect(d.layout == .long)
        let v = values(d)
        #expect(v["001/ew_gesamt"]?.value == 1234)
        #expect(v["002/ew_gesamt"]?.value == 987)
        #expect(v["010/ew_gesamt"]?.status == .suppressed)
        #expect(v["010/ew_gesamt"]?.symbol == "*")
        #expect(v["001/ew_weiblich"]?.value == 640)
        #expect(v["002/ew_auslaendisch"]?.value == 12)
        #expect(d.areaCodes.contains("010"))   // leading zero kept
    }

    @Test(arguments: encodings) func wideFormInEveryEncoding(enc: String) throws {
        var m = TableMapping()
        m.period = "2023"
        let d = try read(encode(wideText, enc), mapping: m)
        #expect(d.layout == .wide)
        let v = values(d)
        #expect(v["001/ew_gesamt"]?.value == 1234)
        #expect(v["002/ew_weiblich"]?.value == 0)
        #expect(v["002/ew_weiblich"]?.symbol == "-")
        #expect(d.periods == ["2023-12-31"])
    }

    @Test func detectsEncodings() throws {
        #expect(try read(Array(longText.utf8)).encoding == .utf8)
        #expect(try read([0xEF, 0xBB, 0xBF] + Array(longText.utf8)).encoding == .utf8BOM)
        let withUmlaut = longText + "002;Einwohner ohne deutsche Staatsangehörigkeit;2024;12\n"
        #expect(try read(Encode.latin1(withUmlaut)).encoding == .iso88591)
        #expect(try read(Encode.cp1252(withUmlaut)).encoding == .iso88591)   // no byte 0x80–0x9F: read as ISO-8859-1, same text
        let euro = "Gebiet;Variable;Jahr;Wert\n001;Ausgaben €;2024;1\n"
        var m = TableMapping()
        m.unmapped = .create
        let d = try TableReader(mapping: m, context: context).read(raw: Encode.cp1252(euro), file: "e.csv")
        #expect(d.encoding == .windows1252)
        #expect(d.variables[0].label == "Ausgaben €")
    }

    @Test(arguments: [("\t", UInt8(9)), (",", UInt8(44)), (";", UInt8(59))]) func detectsDelimiter(sep: String, byte: UInt8) throws {
        let text = "Gebiet\(sep)Variable\(sep)Jahr\(sep)Wert\n001\(sep)ew_gesamt\(sep)2024\(sep)\"1.234\"\n"
        let doc = try CSVDocument(raw: Array(text.utf8), file: "d.csv")
        #expect(doc.delimiter == byte)
        #expect(values(try read(Array(text.utf8)))["001/ew_gesamt"]?.value == 1234)
    }

    @Test func commaSeparatedFileWithQuotedDecimalCommas() throws {
        // As in Flensburg's raw tables: comma-separated, decimal commas in quotes.
        let text = "Gebiet,Jahr,ew_gesamt,Anteil\n001,2021,554,\"15,8\"\n002,2021,1097,\"24,6\"\n"
        var m = TableMapping()
        m.variables["Anteil"] = .init(key: "anteil_x")
        let v = values(try read(Array(text.utf8), mapping: m))
        #expect(v["001/anteil_x"]?.value == 15.8)
        #expect(v["002/ew_gesamt"]?.value == 1097)
    }

    @Test func decimalPointFileIsRecognised() throws {
        let text = "Gebiet;Variable;Jahr;Wert\n001;ew_gesamt;2024;12.5\n002;ew_gesamt;2024;3.25\n"
        #expect(values(try read(Array(text.utf8)))["001/ew_gesamt"]?.value == 12.5)
    }

    @Test func mappingFileJoinsColumnsAndPadsCodes() throws {
        let mappingText = """
            # test
            [columns]
            area = Nr
            area_name = Name
            variable = Tabelle, Merkmal
            period = Jahr
            value = Wert
            [options]
            area_code_prefix = SR
            area_code_width = 2
            create_areas = Sozialraum
            unmapped = skip
            [variables]
            einwohner / gesamt = ew_gesamt | Einwohner | Personen | Melderegister
            """
        let m = try TableMapping(mappingText: mappingText, file: "m.ini")
        let text = "Tabelle;Merkmal;Jahr;Nr;Name;Wert\neinwohner;gesamt;2022;1;Altstadt;3323\nanderes;x;2022;1;Altstadt;5\n"
        let d = try TableReader(mapping: m, context: TableContext(areaCodes: [], variables: [])).read(raw: Array(text.utf8), file: "f.csv")
        #expect(d.newAreas.map(\.code) == ["SR01"])
        #expect(d.newAreas.first?.name == "Altstadt")
        #expect(d.newAreas.first?.levelKey == "sozialraum")
        #expect(d.variables.map(\.key) == ["ew_gesamt"])
        #expect(d.variables.first?.source == "Melderegister")
        #expect(d.skipped == ["anderes / x": 1])
        #expect(values(d)["SR01/ew_gesamt"]?.value == 3323)
    }

    @Test func mappingFileErrorsNameTheLine() {
        do { _ = try TableMapping(mappingText: "[columns]\narea = A\n[options]\nlayout = diagonal\n", file: "m.ini"); Issue.record("no error") } catch {
            #expect(error.line == 4)
            #expect(error.description.contains("m.ini:4"))
        }
        do { _ = try TableMapping(mappingText: "[sonstiges]\n", file: "m.ini"); Issue.record("no error") } catch {
            #expect(error.message.contains("unbekannter Abschnitt"))
        }
        do { _ = try TableMapping(mappingText: "[variables]\nLabel = Ungültig\n", file: "m.ini"); Issue.record("no error") } catch {
            #expect(error.message.contains("kein gültiger Variablenschlüssel"))
        }
    }

    @Test func quotedFieldsWithDelimitersNewlinesAndQuotes() throws {
        let text = "Gebiet;Name;ew_gesamt\n001;\"Am \"\"Markt\"\"; Nord\nteil\";12\n"
        var m = TableMapping()
        m.period = "2024"
        m.areaNameColumn = "Name"
        let doc = try CSVDocument(raw: Array(text.utf8), file: "q.csv")
        var names: [String] = []
        var lines: [Int] = []
        try doc.forEachRecord { r in names.append(r.string(1)); lines.append(r.line) }
        #expect(names == ["Name", "Am \"Markt\"; Nord\nteil"])
        #expect(lines == [1, 2])
        #expect(values(try read(Array(text.utf8), mapping: m))["001/ew_gesamt"]?.value == 12)
    }
}
