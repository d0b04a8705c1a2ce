/// The one number reader for a column of a table, used by every command that reads numbers
/// (import, index, classify, audit, facilities): a spreadsheet's number cells as stored, text
/// cells by `CellParser`, and the decimal mark decided for the column from all of its cells.
/// A decimal comma is assumed unless the cells only make sense with a point; a cell that then
/// means two things (`1.464` beside `4.22594`) is refused with the option that settles it.
public struct NumberColumn: Sendable {
    public struct Cell: Sendable {
        public var line: Int
        public var column: Int
        public var text: String
        var bytes: [UInt8]
        var number: Double?
    }

    public var file: String
    public var name: String
    public private(set) var cells: [Cell] = []

    public init(file: String, name: String) {
        self.file = file
        self.name = name
    }

    /// Adds field `i` (0-based) of a record.
    public mutating func append(_ rec: CSVDocument.Record, _ i: Int) {
        let b = rec.bytes(i)
        cells.append(Cell(line: rec.line, column: i + 1, text: rec.string(i), bytes: Array(b),
                          number: rec.isNumber(i) ? (rec.cell(i, decimal: .point).number) : nil))
    }

    /// Adds a cell of a plain list (one value a line).
    public mutating func append(text: String, line: Int) {
        cells.append(Cell(line: line, column: 1, text: text, bytes: Array(text.utf8), number: nil))
    }

    static func parse(_ c: Cell, _ decimal: CellParser.DecimalMark) -> ParsedCell {
        if let v = c.number { return .number(v) }
        return c.bytes.withUnsafeBufferPointer { CellParser.parse($0, decimal: decimal) }
    }

    /// The decimal mark the column is read with (`forced` if given), or the problems.
    public func decimalMark(forced: CellParser.DecimalMark? = nil) throws(ImportFailure) -> CellParser.DecimalMark {
        func invalid(_ d: CellParser.DecimalMark) -> [Cell] { cells.filter { if case .invalid = Self.parse($0, d) { true } else { false } } }
        func issues(_ bad: [Cell], _ expected: String) -> ImportFailure {
            ImportFailure(issues: bad.prefix(ImportFailure.limit).map { ImportIssue(file: file, line: $0.line, column: $0.column, columnName: name, found: $0.text, expected: expected) },
                          moreCount: max(0, bad.count - ImportFailure.limit))
        }
        if let forced {
            let bad = invalid(forced)
            if !bad.isEmpty { throw issues(bad, CellParser.expectedNumber) }
            return forced
        }
        let underComma = invalid(.comma)
        if underComma.isEmpty { return .comma }
        if invalid(.point).isEmpty {
            let ambiguous = cells.filter { $0.number == nil && $0.bytes.withUnsafeBufferPointer { CellParser.isAmbiguousUnderPoint($0) } }
            if !ambiguous.isEmpty { throw issues(ambiguous, TableReader.ambiguousDecimal) }
            return .point
        }
        throw issues(underComma, CellParser.expectedNumber)
    }

    /// Every cell read: numbers, symbols and empty cells (`ParsedCell`), in order.
    public func read(forced: CellParser.DecimalMark? = nil) throws(ImportFailure) -> [ParsedCell] {
        let d = try decimalMark(forced: forced)
        return cells.map { Self.parse($0, d) }
    }

    /// The numbers, nil for empty cells and withheld symbols; `-` is zero, as on import.
    public func values(forced: CellParser.DecimalMark? = nil) throws(ImportFailure) -> [Double?] {
        try read(forced: forced).map(\.number)
    }
}

extension ParsedCell {
    /// The number a cell stands for: its value, zero for the symbol `-`, nil otherwise.
    public var number: Double? {
        switch self {
        case .number(let v): v
        case .symbol(_, _, let v): v
        case .empty, .invalid: nil
        }
    }
}

extension CellParser.DecimalMark {
    /// `comma`/`point` as the options --decimal and `decimal =` take them.
    public init?(option: String) {
        switch option.lowercased() {
        case "comma", "komma", ",": self = .comma
        case "point", "punkt", ".": self = .point
        default: return nil
        }
    }
}
