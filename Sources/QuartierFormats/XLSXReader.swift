import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the sheets of an Office Open XML workbook (XLSX) as rows of cells, as a planner sees
/// them in Excel: shared and inline strings as text, numbers as numbers (exactly as stored),
/// date cells as ISO dates, the cells of a merged range all holding the range's value.
/// The zip's directory is checked like an uploaded shapefile's, and each part is inflated within
/// the same limits (size, ratio, CRC) as the XML parser (Foundation's, on libxml2) reads it.
public struct XLSXWorkbook: Sendable {
    public enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        /// A number cell: its value and the text Excel stored (e.g. "1.464" or "2024").
        case number(Double, String)
    }

    public struct Sheet: Sendable {
        public var name: String
        /// Non-empty rows with their 1-based row number in the sheet.
        public var rows: [(number: Int, cells: [Cell])]
    }

    public let file: String
    public let sheetNames: [String]
    let sheetPaths: [String]
    /// The archive, its sheets inflated when asked for; the shared strings and date styles read at once.
    let zip: ZipDirectory?
    let strings: [String]
    let dateStyles: [Bool]
    /// An OpenDocument spreadsheet's sheets, read at once (they share one XML part).
    let ods: [Sheet]?
    /// An Excel 97–2003 workbook (.xls).
    let biff: BIFFWorkbook?

    /// The most cells a sheet may hold (1,048,576 rows of 20 columns); beyond that the file is
    /// refused rather than read into memory.
    public static let maxCells = 20_971_520

    /// Whether the bytes start like a zip archive (an XLSX, ODS or zipped shapefile).
    public static func looksLikeZip(_ raw: [UInt8]) -> Bool {
        raw.count >= 4 && raw[0] == 0x50 && raw[1] == 0x4B && raw[2] == 3 && raw[3] == 4
    }

    public init(raw: [UInt8], file: String) throws(ImportFailure) {
        self.file = file
        if CompoundFile.looksLikeCompoundFile(raw) {
            let biff = try BIFFWorkbook(raw: raw, file: file)
            self.biff = biff
            self.sheetNames = biff.sheets.map(\.name)
            self.sheetPaths = []
            self.zip = nil
            self.strings = []
            self.dateStyles = []
            self.ods = nil
            return
        }
        self.biff = nil
        let zip: ZipDirectory
        do { zip = try ZipDirectory(raw) } catch {
            throw Self.failure(error, file: file, part: nil)
        }
        var budget = ShapefileArchive.maxExtractedBytes
        func part(_ path: String) throws(ImportFailure) -> [UInt8]? {
            guard let e = zip.entry(path) else { return nil }
            do { return try zip.bytes(of: e, budget: &budget) } catch { throw Self.failure(error, file: file, part: path) }
        }
        // An OpenDocument spreadsheet (LibreOffice's .ods): all sheets in content.xml.
        if zip.entry("xl/workbook.xml") == nil, let content = zip.entry("content.xml") {
            let handler = ODSHandler(maxCells: Self.maxCells)
            let stream = InflatingInputStream(zip, content, budget: budget)
            let parser = XMLParser(stream: stream)
            parser.delegate = handler
            let parsed = parser.parse()
            if let f = stream.failure { throw Self.failure(f, file: file, part: "content.xml") }
            if !parsed && !handler.tooLarge {
                throw ImportFailure(ImportIssue(file: file, line: parser.lineNumber, expected: "eine lesbare OpenDocument-Tabelle (ODS); ihr content.xml ist kein gültiges XML"))
            }
            if handler.tooLarge { throw ImportFailure(ImportIssue(file: file, expected: "höchstens \(Self.maxCells) Zellen in einem Tabellenblatt")) }
            guard !handler.sheets.isEmpty else { throw ImportFailure(ImportIssue(file: file, expected: "eine OpenDocument-Tabelle (ODS) mit mindestens einem Tabellenblatt")) }
            self.sheetNames = handler.sheets.map(\.name)
            self.sheetPaths = []
            self.zip = nil
            self.strings = []
            self.dateStyles = []
            self.ods = handler.sheets
            return
        }
        guard let workbook = try part("xl/workbook.xml") else {
            throw ImportFailure(ImportIssue(file: file, expected: "eine Excel-Arbeitsmappe (XLSX) oder OpenDocument-Tabelle (ODS): xl/workbook.xml und content.xml fehlen im ZIP-Archiv"))
        }
        let sheets = XMLCollector.parse(workbook) { name, attributes, out in
            if name == "sheet" { out.append([attributes["name"] ?? "", attributes["r:id"] ?? ""]) }
        }
        let rels = XMLCollector.parse(try part("xl/_rels/workbook.xml.rels") ?? []) { name, attributes, out in
            if name == "Relationship" { out.append([attributes["Id"] ?? "", attributes["Target"] ?? ""]) }
        }
        let target = Dictionary(rels.map { ($0[0], $0[1]) }, uniquingKeysWith: { a, _ in a })
        var names: [String] = [], paths: [String] = []
        for s in sheets {
            guard let t = target[s[1]] else { continue }
            names.append(s[0])
            paths.append(t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t)
        }
        guard !names.isEmpty else { throw ImportFailure(ImportIssue(file: file, expected: "eine Arbeitsmappe mit mindestens einem Tabellenblatt")) }
        self.sheetNames = names
        self.sheetPaths = paths
        self.strings = SharedStrings.parse(try part("xl/sharedStrings.xml") ?? [])
        self.dateStyles = DateStyles.parse(try part("xl/styles.xml") ?? [])
        self.zip = zip
        self.ods = nil
    }

    static func failure(_ f: ZipDirectory.Failure, file: String, part: String?) -> ImportFailure {
        switch f {
        case .damaged:
            ImportFailure(ImportIssue(file: file, found: part, expected: part == nil
                ? "eine unbeschädigte Excel-Datei (XLSX); das ZIP-Archiv darin ist beschädigt"
                : "einen lesbaren Eintrag der Excel-Datei (er ist beschädigt oder endet vorzeitig)"))
        case .tooLarge(let entry):
            ImportFailure(ImportIssue(file: file, found: part ?? entry, expected: ShapefileArchive.tooLargeText))
        }
    }

    /// The sheet named `choice` or numbered `choice` (1-based); the first sheet without a choice.
    public func sheet(_ choice: String?) throws(ImportFailure) -> Sheet {
        var index = 0
        if let choice, !choice.isEmpty {
            if let i = sheetNames.firstIndex(of: choice) ?? sheetNames.firstIndex(where: { $0.lowercased() == choice.lowercased() }) {
                index = i
            } else if let n = Int(choice), (1...sheetNames.count).contains(n) {
                index = n - 1
            } else {
                throw ImportFailure(ImportIssue(file: file, found: choice,
                    expected: "ein Tabellenblatt der Arbeitsmappe, nach Name oder Nummer: " + sheetNames.enumerated().map { "\($0.offset + 1) „\($0.element)“" }.joined(separator: ", ")))
            }
        }
        if let ods { return ods[index] }
        if let biff {
            let sheet = try biff.sheet(index, maxCells: Self.maxCells)
            return Sheet(name: sheet.name, rows: sheet.rows.filter { r in r.cells.contains { $0 != .empty } })
        }
        guard let zip, let entry = zip.entry(sheetPaths[index]) else {
            throw ImportFailure(ImportIssue(file: file, found: sheetNames[index], expected: "ein Tabellenblatt, das in der Datei vorhanden ist"))
        }
        let handler = SheetHandler(strings: strings, dateStyles: dateStyles, maxCells: Self.maxCells)
        // Inflated as the parser reads it: only the cells stay in memory, not the sheet's XML.
        let stream = InflatingInputStream(zip, entry, budget: ShapefileArchive.maxExtractedBytes)
        let parser = XMLParser(stream: stream)
        parser.delegate = handler
        parser.shouldProcessNamespaces = false
        let parsed = parser.parse()
        if let f = stream.failure { throw Self.failure(f, file: file, part: sheetPaths[index]) }
        if !parsed && !handler.tooLarge {
            throw ImportFailure(ImportIssue(file: file, line: parser.lineNumber, found: sheetNames[index],
                                            expected: "ein lesbares Tabellenblatt (XML-Fehler: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "unbekannt"))"))
        }
        if handler.tooLarge {
            throw ImportFailure(ImportIssue(file: file, found: sheetNames[index], expected: "höchstens \(Self.maxCells) Zellen in einem Tabellenblatt"))
        }
        var rows = handler.rows
        guard SheetHandler.fillMerged(&rows, handler.merged, maxCells: Self.maxCells) else {
            throw ImportFailure(ImportIssue(file: file, found: sheetNames[index], expected: "höchstens \(Self.maxCells) verbundene Zellen in einem Tabellenblatt"))
        }
        return Sheet(name: sheetNames[index], rows: rows.filter { r in r.cells.contains { $0 != .empty } })
    }

    /// "B12" → column 1 (0-based); nil for a reference without letters.
    static func column(of ref: String) -> Int? {
        var col = 0, letters = 0
        for u in ref.utf8 {
            guard u >= 65 && u <= 90 else { break }
            col = col * 26 + Int(u - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 ? nil : col - 1
    }

    static func row(of ref: String) -> Int? { Int(ref.drop { $0.isLetter }) }

    /// An Excel date serial (days since 1899-12-30, the 1900 leap-year slip included) as an ISO date.
    static func isoDate(serial: Double) -> String? {
        guard serial.isFinite, serial >= 1, serial < 2_958_466 else { return nil }
        let days = Int(serial.rounded(.down))
        let date = Date(timeIntervalSince1970: Double(days - 25_569) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        guard let y = c.year, let m = c.month, let d = c.day else { return nil }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// Collects elements of a small XML part (workbook, relationships) through a closure.
final class XMLCollector: NSObject, XMLParserDelegate {
    let body: (String, [String: String], inout [[String]]) -> Void
    var out: [[String]] = []

    init(_ body: @escaping (String, [String: String], inout [[String]]) -> Void) { self.body = body }

    static func parse(_ bytes: [UInt8], _ body: @escaping (String, [String: String], inout [[String]]) -> Void) -> [[String]] {
        let c = XMLCollector(body)
        run(bytes, c)
        return c.out
    }

    /// Runs Foundation's parser over a small part with `delegate` (nothing for an absent part).
    static func run(_ bytes: [UInt8], _ delegate: XMLParserDelegate) {
        guard !bytes.isEmpty else { return }
        let parser = XMLParser(data: Data(bytes))
        parser.delegate = delegate
        _ = parser.parse()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        body(elementName, attributeDict, &out)
    }
}

/// The shared string table: each `<si>`'s text runs joined (phonetic runs left out).
final class SharedStrings: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false

    static func parse(_ bytes: [UInt8]) -> [String] {
        let s = SharedStrings()
        XMLCollector.run(bytes, s)
        return s.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        switch elementName {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch elementName {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText && !inPhonetic { current += string }
    }
}

/// Which cell styles (indexes into `cellXfs`) show a date: the built-in date formats 14–22 and
/// 45–47, and custom formats with day, month or year codes outside quotes and brackets.
final class DateStyles: NSObject, XMLParserDelegate {
    var customDate: Set<Int> = []
    var styles: [Bool] = []
    private var inCellXfs = false

    static func parse(_ bytes: [UInt8]) -> [Bool] {
        let d = DateStyles()
        XMLCollector.run(bytes, d)
        return d.styles
    }

    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false
        for ch in code.lowercased() {
            if ch == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if ch == "[" { bracket = true; continue }
            if ch == "]" { bracket = false; continue }
            if bracket { continue }
            if ch == "d" || ch == "y" || ch == "m" { return true }
            if ch == "0" || ch == "#" { return false }
        }
        return false
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes attributeDict: [String: String] = [:]) {
        switch elementName {
        case "numFmt":
            if let id = attributeDict["numFmtId"].flatMap(Int.init), let code = attributeDict["formatCode"], Self.isDateFormat(code) { customDate.insert(id) }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributeDict["numFmtId"].flatMap(Int.init) ?? 0
            styles.append((14...22).contains(id) || (45...47).contains(id) || customDate.contains(id))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        if elementName == "cellXfs" { inCellXfs = false }
    }
}

/// Streams a worksheet's `<sheetData>` into rows, and its `<mergeCells>`.
final class SheetHandler: NSObject, XMLParserDelegate {
    let strings: [String]
    let dateStyles: [Bool]
    let maxCells: Int
    var rows: [(number: Int, cells: [XLSXWorkbook.Cell])] = []
    var merged: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
    var tooLarge = false

    private var cells: [XLSXWorkbook.Cell] = []
    private var rowNumber = 0
    private var column = 0
    private var type = "n"
    private var style = 0
    private var text = ""
    private var capturing = false
    private var inCell = false
    private var count = 0

    init(strings: [String], dateStyles: [Bool], maxCells: Int) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.maxCells = maxCells
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
                attributes a: [String: String] = [:]) {
        switch elementName {
        case "row":
            rowNumber = a["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = []
            column = 0
        case "c":
            inCell = true
            if let ref = a["r"], let c = XLSXWorkbook.column(of: ref) { column = c }
            type = a["t"] ?? "n"
            style = a["s"].flatMap(Int.init) ?? 0
            text = ""
        case "v", "t":
            if inCell { capturing = true }
        case "mergeCell":
            let parts = (a["ref"] ?? "").split(separator: ":").map(String.init)
            if parts.count == 2, let c0 = XLSXWorkbook.column(of: parts[0]), let r0 = XLSXWorkbook.row(of: parts[0]),
               let c1 = XLSXWorkbook.column(of: parts[1]), let r1 = XLSXWorkbook.row(of: parts[1]), r1 >= r0, c1 >= c0,
               (r1 - r0 + 1) * (c1 - c0 + 1) <= 65_536 {
                merged.append((r0, c0, r1, c1))
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch elementName {
        case "v", "t": capturing = false
        case "c":
            inCell = false
            let cell = value()
            if cell != .empty {
                count += column + 1 - cells.count
                if count > maxCells { tooLarge = true; parser.abortParsing(); return }
                if cells.count <= column { cells.append(contentsOf: repeatElement(.empty, count: column + 1 - cells.count)) }
                cells[column] = cell
            }
            column += 1
        case "row":
            if !cells.isEmpty { rows.append((rowNumber, cells)) }
        default: break
        }
    }

    private func value() -> XLSXWorkbook.Cell {
        switch type {
        case "s":
            guard let i = Int(text), i >= 0, i < strings.count else { return .empty }
            return strings[i].isEmpty ? .empty : .text(strings[i])
        case "inlineStr", "str":
            return text.isEmpty ? .empty : .text(text)
        case "b":
            return .text(text == "1" ? "WAHR" : "FALSCH")
        case "e":
            return .text(text)          // #DIV/0!, #N/A: shown as written, refused as a number
        default:
            let t = text.trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, let v = Double(t), v.isFinite else { return t.isEmpty ? .empty : .text(t) }
            if style < dateStyles.count, dateStyles[style], let iso = XLSXWorkbook.isoDate(serial: v) { return .text(iso) }
            return .number(v, t)
        }
    }

    /// Every cell of a merged range holds the range's top-left value, as the planner sees it.
    /// False, filling nothing, when the ranges together cover more than `maxCells` cells (a
    /// hostile file's thousands of full-height ranges would otherwise cost billions of steps).
    static func fillMerged(_ rows: inout [(number: Int, cells: [XLSXWorkbook.Cell])], _ merged: [(r0: Int, c0: Int, r1: Int, c1: Int)], maxCells: Int) -> Bool {
        guard !merged.isEmpty else { return true }
        var area = 0
        for m in merged {
            area += (m.r1 - m.r0 + 1) * (m.c1 - m.c0 + 1)
            if area > maxCells { return false }
        }
        var index: [Int: Int] = [:]
        for (i, r) in rows.enumerated() { index[r.number] = i }
        for m in merged {
            guard let top = index[m.r0], m.c0 < rows[top].cells.count else { continue }
            let v = rows[top].cells[m.c0]
            guard v != .empty else { continue }
            for r in m.r0...m.r1 {
                guard let i = index[r] else { continue }
                for c in m.c0...m.c1 where !(r == m.r0 && c == m.c0) {
                    if rows[i].cells.count <= c { rows[i].cells.append(contentsOf: repeatElement(.empty, count: c + 1 - rows[i].cells.count)) }
                    if rows[i].cells[c] == .empty { rows[i].cells[c] = v }
                }
            }
        }
        return true
    }
}

/// Streams an OpenDocument spreadsheet's content.xml into sheets: repeated rows and cells
/// expanded only where they hold something (LibreOffice writes a million empty rows as one),
/// merged ranges filled like Excel's.
final class ODSHandler: NSObject, XMLParserDelegate {
    let maxCells: Int
    var sheets: [XLSXWorkbook.Sheet] = []
    var tooLarge = false

    private var name = ""
    private var rows: [(number: Int, cells: [XLSXWorkbook.Cell])] = []
    private var merged: [(r0: Int, c0: Int, r1: Int, c1: Int)] = []
    private var cells: [XLSXWorkbook.Cell] = []
    private var rowNumber = 0
    private var rowRepeat = 1
    private var column = 0
    private var cellRepeat = 1
    private var pending: XLSXWorkbook.Cell = .empty
    private var valueType = ""
    private var text = ""
    private var paragraphs = 0
    private var inCell = false
    private var count = 0

    init(maxCells: Int) { self.maxCells = maxCells }

    func parser(_ parser: XMLParser, didStartElement e: String, namespaceURI: String?, qualifiedName qName: String?, attributes a: [String: String] = [:]) {
        switch e {
        case "table:table":
            name = a["table:name"] ?? "Tabelle \(sheets.count + 1)"
            rows = []
            merged = []
            rowNumber = 0
        case "table:table-row":
            rowRepeat = max(1, min(Int(a["table:number-rows-repeated"] ?? "1") ?? 1, 1_048_576))
            cells = []
            column = 0
        case "table:table-cell", "table:covered-table-cell":
            inCell = true
            cellRepeat = max(1, min(Int(a["table:number-columns-repeated"] ?? "1") ?? 1, 16_384))
            valueType = a["office:value-type"] ?? ""
            text = ""
            paragraphs = 0
            switch valueType {
            case "float", "percentage", "currency":
                let stored = a["office:value"] ?? ""
                pending = Double(stored).map { .number($0, stored) } ?? .empty
            case "date":
                pending = (a["office:date-value"]).map { .text(String($0.prefix(10))) } ?? .empty
            case "boolean":
                pending = .text(a["office:boolean-value"] == "true" ? "WAHR" : "FALSCH")
            default:
                pending = .empty
            }
            if let cs = a["table:number-columns-spanned"].flatMap(Int.init), let rs = a["table:number-rows-spanned"].flatMap(Int.init),
               cs * rs > 1, cs * rs <= 65_536 {
                merged.append((rowNumber + 1, column, rowNumber + rs, column + cs - 1))
            }
        case "text:p":
            if inCell { if paragraphs > 0 { text += "\n" }; paragraphs += 1 }
        case "text:s":
            if inCell { text += String(repeating: " ", count: max(1, min(Int(a["text:c"] ?? "1") ?? 1, 1_000))) }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inCell { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement e: String, namespaceURI: String?, qualifiedName qName: String?) {
        switch e {
        case "table:table-cell", "table:covered-table-cell":
            inCell = false
            var cell = pending
            if case .empty = cell, !text.isEmpty { cell = .text(text) }
            if cell != .empty {
                if column + cellRepeat > 16_384 { tooLarge = true; parser.abortParsing(); return }
                if cells.count < column { cells.append(contentsOf: repeatElement(.empty, count: column - cells.count)) }
                cells.append(contentsOf: repeatElement(cell, count: cellRepeat))
            }
            column += cellRepeat
        case "table:table-row":
            if cells.isEmpty {
                rowNumber += rowRepeat
            } else {
                for _ in 0..<rowRepeat {
                    rowNumber += 1
                    count += cells.count
                    if count > maxCells { tooLarge = true; parser.abortParsing(); return }
                    rows.append((rowNumber, cells))
                }
            }
        case "table:table":
            var filled = rows
            guard SheetHandler.fillMerged(&filled, merged, maxCells: maxCells) else { tooLarge = true; parser.abortParsing(); return }
            sheets.append(XLSXWorkbook.Sheet(name: name, rows: filled))
        default: break
        }
    }
}

