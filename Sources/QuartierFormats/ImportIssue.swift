/// One problem found in an input file, located as precisely as the format allows.
public struct ImportIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line (for CSV the physical line where the record starts); nil for whole-file problems.
    public var line: Int?
    /// Column number (1-based) and header name where known.
    public var column: Int?
    public var columnName: String?
    /// The value found, as written in the file.
    public var found: String?
    /// The form that was expected, in words.
    public var expected: String

    public init(file: String, line: Int? = nil, column: Int? = nil, columnName: String? = nil,
                found: String? = nil, expected: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.found = found
        self.expected = expected
    }

    /// A value as it may appear in a message: control characters (a NUL byte, a tab) made
    /// visible as `\u{0}`, and at most `limit` characters (a 10 MB header line is not echoed).
    public static func shown(_ text: String, limit: Int = 200) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "… (\(text.unicodeScalars.count) Zeichen)" }
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    public var description: String {
        var s = Self.shown(file, limit: 300)
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        s += ":"
        if let column {
            s += " Spalte \(column)"
            if let columnName, !columnName.isEmpty { s += " (\(Self.shown(columnName, limit: 100)))" }
            s += ":"
        } else if let columnName, !columnName.isEmpty {
            s += " Feld „\(Self.shown(columnName, limit: 100))“:"
        }
        if let found { s += " gefunden „\(Self.shown(found))“;" }
        s += " " + Self.shown(expected, limit: 2_000)
        return s
    }
}

/// An import that was refused: every issue found (the first `limit` kept), nothing written.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    public static let limit = 50
    public var issues: [ImportIssue]
    /// Issues beyond the first 50.
    public var moreCount: Int

    public init(issues: [ImportIssue], moreCount: Int = 0) {
        self.issues = issues
        self.moreCount = moreCount
    }

    public init(_ issue: ImportIssue) { self.init(issues: [issue]) }

    public var description: String {
        var lines = issues.map(\.description)
        if moreCount > 0 { lines.append("… und \(moreCount) weitere Fehler") }
        lines.append("Nichts wurde importiert.")
        return lines.joined(separator: "\n")
    }
}

/// Collects issues, keeping the first `ImportFailure.limit` and counting the rest.
struct IssueCollector {
    private(set) var issues: [ImportIssue] = []
    private(set) var more = 0

    var isEmpty: Bool { issues.isEmpty }

    mutating func add(_ issue: ImportIssue) {
        if issues.count < ImportFailure.limit { issues.append(issue) } else { more += 1 }
    }

    func throwIfAny() throws(ImportFailure) {
        if !issues.isEmpty { throw ImportFailure(issues: issues, moreCount: more) }
    }
}
