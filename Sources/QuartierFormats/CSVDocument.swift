import Foundation

/// A delimited text file decoded to UTF-8, scanned record by record over bytes (RFC 4180
/// quoting, CR/LF/CRLF line ends). Lines that are empty or hold only delimiters are skipped.
public struct CSVDocument: Sendable {
    public let file: String
    public let encoding: TextEncoding
    public let delimiter: UInt8
    public let bytes: [UInt8]
    /// For a spreadsheet: its rows, already split into cells (number cells marked), and the
    /// sheet's name; nil for a CSV file.
    let grid: [(line: Int, fields: [Field])]?
    public let sheetName: String?
    /// The workbook's sheets, for the preview (empty for a CSV file).
    public let sheetNames: [String]

    public static let quote: UInt8 = 34

    /// Decodes `raw` and picks the delimiter (`;`, tab or `,`, whichever the header line uses
    /// most outside quotes; `;` wins ties) unless one is given.
    /// An Excel workbook (XLSX, recognised by its zip signature) is read as its sheet `sheet`
    /// (name or 1-based number; the first without one): every command that reads a table reads
    /// Excel files alike.
    public init(raw: [UInt8], file: String, encoding forced: TextEncoding? = nil, delimiter: UInt8? = nil, sheet: String? = nil) throws(ImportFailure) {
        if XLSXWorkbook.looksLikeZip(raw) || CompoundFile.looksLikeCompoundFile(raw) {
            let workbook = try XLSXWorkbook(raw: raw, file: file)
            self = CSVDocument(sheet: try workbook.sheet(sheet), of: workbook)
            return
        }
        self.file = file
        let decoded = try TextDecoder.decode(raw, file: file, forced: forced)
        self.encoding = decoded.encoding
        self.bytes = decoded.utf8
        self.delimiter = delimiter ?? Self.detectDelimiter(decoded.utf8)
        self.grid = nil
        self.sheetName = nil
        self.sheetNames = []
    }

    /// A sheet as a table: its cells' text in one buffer, number cells marked with their value.
    /// Lines are the sheet's row numbers, columns its column numbers (A = 1).
    public init(sheet: XLSXWorkbook.Sheet, of workbook: XLSXWorkbook) {
        self.file = workbook.file
        self.encoding = .utf8
        self.delimiter = 59
        self.sheetName = sheet.name
        self.sheetNames = workbook.sheetNames
        var bytes: [UInt8] = []
        var grid: [(line: Int, fields: [Field])] = []
        grid.reserveCapacity(sheet.rows.count)
        // A sheet stores no trailing empty cells: every row gets the sheet's width.
        let width = sheet.rows.map(\.cells.count).max() ?? 0
        for row in sheet.rows {
            var fields: [Field] = []
            fields.reserveCapacity(width)
            for cell in row.cells {
                let start = bytes.count
                var number: Double?
                switch cell {
                case .empty: break
                case .text(let t): bytes.append(contentsOf: t.utf8)
                case .number(let v, let stored):
                    number = v
                    // A whole number as digits ("2024", not "2024.0": codes and years stay what
                    // they are), else the stored text, or the plain value instead of exponent form.
                    let shown = v == v.rounded() && abs(v) < CellParser.largest ? String(Int64(v))
                        : stored.contains(where: { $0 == "E" || $0 == "e" }) ? CSVWriter.numberText(v).replacingOccurrences(of: ",", with: ".") : stored
                    bytes.append(contentsOf: shown.utf8)
                }
                fields.append(Field(start: start, end: bytes.count, escaped: false, number: number))
            }
            while fields.count < width { fields.append(Field(start: bytes.count, end: bytes.count, escaped: false)) }
            grid.append((row.number, fields))
        }
        self.bytes = bytes
        self.grid = grid
    }

    /// The number of lines (rows of a sheet), an upper bound of the records.
    public var lineCount: Int {
        if let grid { return grid.count }
        var n = 1
        for b in bytes where b == 10 { n += 1 }
        return n
    }

    public var delimiterName: String {
        if let sheetName { return "Excel-Tabellenblatt „\(sheetName)“" }
        return switch delimiter {
        case 59: "Semikolon (;)"
        case 44: "Komma (,)"
        case 9: "Tabulator"
        default: "„\(String(decoding: [delimiter], as: UTF8.self))“"
        }
    }

    static func detectDelimiter(_ b: [UInt8]) -> UInt8 {
        var counts: [UInt8: Int] = [59: 0, 9: 0, 44: 0]
        var inQuotes = false
        var i = 0
        // Skip leading blank lines.
        while i < b.count, b[i] == 10 || b[i] == 13 { i += 1 }
        while i < b.count {
            let c = b[i]
            if c == quote { inQuotes.toggle() } else if !inQuotes {
                if c == 10 || c == 13 { break }
                if c == 59 || c == 9 || c == 44 { counts[c, default: 0] += 1 }
            }
            i += 1
        }
        let order: [UInt8] = [59, 9, 44]
        var best: UInt8 = 59, bestCount = 0
        for d in order where counts[d]! > bestCount { best = d; bestCount = counts[d]! }
        return best
    }

    /// One field of a record: a byte range in the document, and whether it holds doubled quotes.
    public struct Field: Sendable {
        var start: Int
        var end: Int
        var escaped: Bool
        /// A spreadsheet's number cell: its value, which no decimal-mark rule reinterprets.
        var number: Double? = nil
    }

    /// Read access to the current record's fields, valid only inside `forEachRecord`'s body.
    public struct Record {
        let buffer: UnsafeBufferPointer<UInt8>
        let fields: [Field]
        public let line: Int

        public var count: Int { fields.count }

        /// The field's bytes (quotes removed; doubled quotes still doubled), trimmed of spaces.
        public func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
            guard i < fields.count else { return UnsafeBufferPointer(rebasing: buffer[0..<0]) }
            var s = fields[i].start, e = fields[i].end
            while s < e, buffer[s] == 32 || buffer[s] == 9 { s += 1 }
            while e > s, buffer[e - 1] == 32 || buffer[e - 1] == 9 { e -= 1 }
            return UnsafeBufferPointer(rebasing: buffer[s..<e])
        }

        /// Whether the field is a spreadsheet's number cell.
        public func isNumber(_ i: Int) -> Bool { i < fields.count && fields[i].number != nil }

        /// The field read as a cell value: a spreadsheet's number cell as stored, text by
        /// `CellParser` with the decimal mark given. The one way every command reads a number.
        public func cell(_ i: Int, decimal: CellParser.DecimalMark) -> ParsedCell {
            if i < fields.count, let v = fields[i].number {
                return abs(v) < CellParser.largest ? .number(v) : .invalid
            }
            return CellParser.parse(bytes(i), decimal: decimal)
        }

        /// The field as text, trimmed, with doubled quotes made single.
        public func string(_ i: Int) -> String {
            let b = bytes(i)
            if i < fields.count, fields[i].escaped {
                var out: [UInt8] = []
                var k = 0
                while k < b.count {
                    out.append(b[k])
                    if b[k] == CSVDocument.quote, k + 1 < b.count, b[k + 1] == CSVDocument.quote { k += 1 }
                    k += 1
                }
                return String(decoding: out, as: UTF8.self)
            }
            return String(decoding: b, as: UTF8.self)
        }
    }

    /// Calls `body` for every non-blank record with its starting line.
    public func forEachRecord(_ body: (Record) throws -> Void) throws {
        if let grid {
            try bytes.withUnsafeBufferPointer { buf in
                for row in grid { try body(Record(buffer: buf, fields: row.fields, line: row.line)) }
            }
            return
        }
        try bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            let d = delimiter
            var pos = 0
            var line = 1
            var fields: [Field] = []
            fields.reserveCapacity(16)
            while pos < n {
                fields.removeAll(keepingCapacity: true)
                let startLine = line
                var nonEmpty = false
                while true {
                    if pos < n, buf[pos] == Self.quote {
                        let qLine = line
                        pos += 1
                        let start = pos
                        var escaped = false
                        var closed = false
                        while pos < n {
                            let c = buf[pos]
                            if c == Self.quote {
                                if pos + 1 < n, buf[pos + 1] == Self.quote { escaped = true; pos += 2; continue }
                                closed = true
                                break
                            }
                            if c == 10 { line += 1 }
                            pos += 1
                        }
                        guard closed else {
                            throw ImportFailure(ImportIssue(file: file, line: qLine, column: fields.count + 1,
                                expected: "das Anführungszeichen, das hier beginnt, wird bis zum Dateiende nicht geschlossen"))
                        }
                        fields.append(Field(start: start, end: pos, escaped: escaped))
                        nonEmpty = true
                        pos += 1
                        while pos < n, buf[pos] == 32 || buf[pos] == 9, buf[pos] != d { pos += 1 }
                        if pos < n, buf[pos] != d, buf[pos] != 10, buf[pos] != 13 {
                            throw ImportFailure(ImportIssue(file: file, line: line, column: fields.count,
                                found: String(decoding: [buf[pos]], as: UTF8.self),
                                expected: "nach dem schließenden Anführungszeichen ein Trennzeichen oder das Zeilenende"))
                        }
                    } else {
                        let start = pos
                        while pos < n {
                            let c = buf[pos]
                            if c == d || c == 10 || c == 13 { break }
                            pos += 1
                        }
                        if pos > start { nonEmpty = nonEmpty || buf[start..<pos].contains { $0 != 32 && $0 != 9 } }
                        fields.append(Field(start: start, end: pos, escaped: false))
                    }
                    if pos < n, buf[pos] == d { pos += 1; continue }
                    if pos < n, buf[pos] == 13 { pos += 1 }
                    if pos < n, buf[pos] == 10 { pos += 1 }
                    line += 1
                    break
                }
                if nonEmpty { try body(Record(buffer: buf, fields: fields, line: startLine)) }
            }
        }
    }
}
