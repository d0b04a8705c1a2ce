import QuartierFormats

/// Where the columns of a register extract are. Found by their usual names; a mapping file
/// (`[columns]`, e.g. `birth = GEBDAT`) names them when a register software calls them otherwise.
public struct PersonColumns: Sendable {
    public var id: Int?
    public var birth: Int?
    public var sex: Int?
    public var citizenship: Int?
    public var household: Int?
    public var residence: Int?
    public var moveIn: Int?
    public var street: Int?
    public var houseNumber: Int?
    public var suffix: Int?
    public var x: Int?
    public var y: Int?

    static var names: [(role: WritableKeyPath<PersonColumns, Int?>, key: String, label: String, candidates: [String])] { [
        (\.id, "id", "Personen-ID", ["personen_id", "person_id", "id", "ordnungsmerkmal", "om"]),
        (\.birth, "birth", "Geburtsdatum oder -jahr", ["geburtsdatum", "geburtsjahr", "gebdat", "geburtstag", "birth", "birth_year", "birthdate"]),
        (\.sex, "sex", "Geschlecht", ["geschlecht", "sex", "gender"]),
        (\.citizenship, "citizenship", "Staatsangehörigkeit", ["staatsangehoerigkeit", "staatsangehörigkeit", "staatsangehoerigkeiten",
                                                              "staatsangehörigkeiten", "nationalitaet", "nationalität", "citizenship"]),
        (\.household, "household", "Haushalt", ["haushalt_id", "haushalt", "haushaltsnummer", "household", "household_id"]),
        (\.residence, "residence", "Wohnungsstatus", ["wohnungsstatus", "wohnstatus", "wohnungsart", "residence", "hauptwohnung"]),
        (\.moveIn, "move_in", "Einzugsdatum", ["einzugsdatum", "einzug", "zuzugsdatum", "move_in"]),
        (\.street, "street", "Straßenschlüssel", ["strassenschluessel", "straßenschlüssel", "strassenschlüssel", "strassen_nr", "street_key", "strasse", "straße"]),
        (\.houseNumber, "house_number", "Hausnummer", ["hausnummer", "hausnr", "house_number"]),
        (\.suffix, "suffix", "Hausnummernzusatz", ["hausnummernzusatz", "zusatz", "hausnr_zusatz", "suffix"]),
        (\.x, "x", "Rechtswert", ["rechtswert", "ostwert", "x", "easting"]),
        (\.y, "y", "Hochwert", ["hochwert", "nordwert", "y", "northing"]),
    ] }

    /// Resolves the header; `explicit` maps a role key to a column name from the mapping file.
    public static func resolve(header: [String], explicit: [String: String], file: String) throws(ImportFailure) -> PersonColumns {
        var c = PersonColumns()
        let lower = header.map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
        var issues: [ImportIssue] = []
        for n in names {
            if let name = explicit[n.key] {
                guard let i = lower.firstIndex(of: name.lowercased()) else {
                    issues.append(ImportIssue(file: file, line: 1, columnName: name, expected: "die Spalte „\(name)“ für \(n.label) (aus der Zuordnungsdatei)"))
                    continue
                }
                c[keyPath: n.role] = i
            } else if let i = n.candidates.lazy.compactMap({ lower.firstIndex(of: $0) }).first {
                c[keyPath: n.role] = i
            }
        }
        for (role, label) in [(c.birth, "Geburtsdatum oder -jahr"), (c.sex, "Geschlecht"), (c.citizenship, "Staatsangehörigkeit")] where role == nil {
            issues.append(ImportIssue(file: file, line: 1, found: header.joined(separator: " | "), expected: "eine Spalte für \(label)"))
        }
        if (c.x == nil || c.y == nil) && (c.street == nil || c.houseNumber == nil) {
            issues.append(ImportIssue(file: file, line: 1, found: header.joined(separator: " | "),
                                      expected: "Koordinaten (Rechtswert und Hochwert) oder Straßenschlüssel und Hausnummer"))
        }
        if !issues.isEmpty { throw ImportFailure(issues: issues) }
        return c
    }
}

/// Byte-level field parsing for register records.
enum Fields {
    /// A non-negative integer, or nil.
    @inline(__always)
    static func int(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty else { return nil }
        var v = 0
        for c in b {
            guard c >= 48 && c <= 57 else { return nil }
            v = v &* 10 &+ Int(c - 48)
        }
        return v
    }

    /// A coordinate as written in a register extract: digits with a decimal point or comma and
    /// perhaps thousands separators ("567123.45", "567.123,45", "5.934.100"). A cell with one
    /// point followed by exactly three digits ("567.123") reads differently with a decimal point
    /// than with a decimal comma: without a forced mark it is read the German way (thousands)
    /// and noted, and the count is refused at the end when another cell shows that the column
    /// uses a decimal point (the import's number reader decides a column the same way).
    @inline(__always)
    static func coordinate(_ b: UnsafeBufferPointer<UInt8>, line: Int, _ marks: inout CoordinateMarks) -> Double? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == 45 || b[0] == 43 { negative = b[0] == 45; i = 1 }
        var points = 0, commas = 0, last: UInt8 = 0, lastAt = -1
        var run = 0, digits = 0
        var groupsOK = true           // every separator before the last is followed by three digits
        var start = i
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 { run += 1; digits += 1 }
            else if c == 46 || c == 44 {
                if lastAt >= 0 && run != 3 { groupsOK = false }
                if c == 46 { points += 1 } else { commas += 1 }
                last = c; lastAt = i; run = 0
            } else { return nil }
            i += 1
        }
        guard digits > 0 else { return nil }
        // Which separator is the decimal mark in this cell (0: none, the number is whole).
        var decimal: UInt8 = 0
        if points > 0 && commas > 0 {
            // "567.123,45": the last separator is the decimal mark, once, the others group.
            guard groupsOK, (last == 44 ? commas : points) == 1 else { return nil }
            decimal = last
            if decimal == 46 { marks.point(line) } else { marks.comma(line) }
        } else if points + commas >= 2 {
            // "5.934.100": thousands only.
            guard groupsOK, run == 3 else { return nil }
            if marks.forced == (last == 46 ? .point : .comma) { return nil }
        } else if points + commas == 1 {
            let mark: CellParser.DecimalMark = last == 46 ? .point : .comma
            if run != 3 || mark == .comma {
                // Only a decimal mark explains it ("567123.45", "567123,4"), or a comma (German).
                if let f = marks.forced, f != mark { if run != 3 { return nil } } else { decimal = last }
                if decimal != 0 { if mark == .point { marks.point(line) } else { marks.comma(line) } }
            } else if marks.forced == .point {
                decimal = last
            } else if marks.forced == nil {
                marks.ambiguousPoint(line, String(decoding: b, as: UTF8.self))
            }
        }
        var whole: Int64 = 0, frac: Int64 = 0, scale = 1.0
        var afterDecimal = false
        while start < b.count {
            let c = b[start]
            if c >= 48 && c <= 57 {
                if afterDecimal { if scale < 1e15 { frac = frac * 10 + Int64(c - 48); scale *= 10 } }
                else { guard whole < 100_000_000_000_000 else { return nil }; whole = whole * 10 + Int64(c - 48) }
            } else if c == decimal && start == lastAt {
                afterDecimal = true
            }
            start += 1
        }
        let v = Double(whole) + Double(frac) / scale
        return negative ? -v : v
    }

    /// A date as (year, month, day): YYYY-MM-DD, DD.MM.YYYY, YYYYMMDD; a plain year gives month 0.
    @inline(__always)
    static func date(_ b: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        func num(_ s: Int, _ n: Int) -> Int? {
            guard s + n <= b.count else { return nil }
            var v = 0
            for k in s..<(s + n) { let c = b[k]; guard c >= 48 && c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        switch b.count {
        case 4: return num(0, 4).map { ($0, 0, 0) }
        case 8: if let y = num(0, 4), let m = num(4, 2), let d = num(6, 2), (1...12).contains(m), (1...31).contains(d) { return (y, m, d) }
        case 10:
            if b[4] == 45, b[7] == 45, let y = num(0, 4), let m = num(5, 2), let d = num(8, 2), (1...12).contains(m), (1...31).contains(d) { return (y, m, d) }
            if b[2] == 46, b[5] == 46, let d = num(0, 2), let m = num(3, 2), let y = num(6, 4), (1...12).contains(m), (1...31).contains(d) { return (y, m, d) }
        default: break
        }
        return nil
    }

    /// Whether the bytes equal `word` (lower-case ASCII or UTF-8), ignoring ASCII case; no allocation.
    @inline(__always)
    static func equals(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard b.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<b.count {
            var c = b[k]
            if c >= 65 && c <= 90 { c += 32 }
            if c != w[k] { return false }
        }
        return true
    }

    /// 0 male, 1 female, 2 diverse or no entry; nil for an unknown code.
    @inline(__always)
    static func sex(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        if b.count == 1 {
            switch b[0] | 0x20 {
            case 109, 0x31 | 0x20: return 0          // m, 1
            case 119, 102, 0x32 | 0x20: return 1     // w, f, 2
            case 100, 120, 111, 0x33 | 0x20, 0x34 | 0x20: return 2   // d, x, o, 3, 4
            default: return nil
            }
        }
        if equals(b, "männlich") || equals(b, "maennlich") || equals(b, "male") { return 0 }
        if equals(b, "weiblich") || equals(b, "female") { return 1 }
        if equals(b, "divers") || equals(b, "ohne angabe") || equals(b, "unbestimmt") { return 2 }
        return nil
    }

    /// German when any of the citizenships is German ("deutsch", "DE", "DEU" or the key 000); nil when empty.
    @inline(__always)
    static func isForeign(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !b.isEmpty else { return nil }
        if b.count == 7, equals(b, "deutsch") { return false }   // most records
        var start = 0
        var k = 0
        while k <= b.count {
            if k == b.count || b[k] == 44 || b[k] == 124 || b[k] == 47 {
                var s0 = start, e0 = k
                while s0 < e0 && b[s0] == 32 { s0 += 1 }
                while e0 > s0 && b[e0 - 1] == 32 { e0 -= 1 }
                let part = UnsafeBufferPointer(rebasing: b[s0..<e0])
                if equals(part, "deutsch") || equals(part, "de") || equals(part, "deu") || equals(part, "000") { return false }
                start = k + 1
            }
            k += 1
        }
        return true
    }

    /// true main residence, false secondary, nil unknown.
    @inline(__always)
    static func mainResidence(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        if b.isEmpty { return true }
        if equals(b, "h") || equals(b, "hw") || equals(b, "1") || equals(b, "a") || equals(b, "haupt") || equals(b, "hauptwohnung") || equals(b, "alleinige wohnung") { return true }
        if equals(b, "n") || equals(b, "nw") || equals(b, "2") || equals(b, "neben") || equals(b, "nebenwohnung") { return false }
        return nil
    }

    /// A household key: the number itself when the ID is numeric, else the standard library's
    /// hash of its bytes (one seed per process, which is all a key within one run needs), with the
    /// top bit set so that it cannot equal a numeric ID.
    @inline(__always)
    static func householdKey(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        if b.count <= 18, let n = int(b) { return n }
        var h = Hasher()
        h.combine(bytes: UnsafeRawBufferPointer(b))
        return h.finalize() | Int.min
    }
}

/// What the coordinate cells of a register extract say about their decimal mark (see
/// `Fields.coordinate`): the first line that only a decimal point or comma explains, and the
/// cells that read differently with either.
struct CoordinateMarks: Sendable {
    var forced: CellParser.DecimalMark?
    var pointLine: Int?
    var commaLine: Int?
    var ambiguous: [(line: Int, text: String)] = []
    var ambiguousCount = 0

    mutating func point(_ line: Int) { if pointLine == nil || line < pointLine! { pointLine = line } }
    mutating func comma(_ line: Int) { if commaLine == nil || line < commaLine! { commaLine = line } }
    mutating func ambiguousPoint(_ line: Int, _ text: String) {
        ambiguousCount += 1
        if ambiguous.count < 5 { ambiguous.append((line, text)) }
    }

    /// A later part of the file, whose lines start at `offset`.
    mutating func merge(_ o: CoordinateMarks, offset: Int) {
        if let l = o.pointLine { point(l + offset) }
        if let l = o.commaLine { comma(l + offset) }
        ambiguousCount += o.ambiguousCount
        ambiguous += o.ambiguous.prefix(max(0, 5 - ambiguous.count)).map { ($0.line + offset, $0.text) }
    }

    /// Lines shifted by `offset` (the first part's lines count from the header).
    func shifted(_ offset: Int) -> CoordinateMarks {
        var m = self
        m.pointLine = pointLine.map { $0 + offset }
        m.commaLine = commaLine.map { $0 + offset }
        m.ambiguous = ambiguous.map { ($0.line + offset, $0.text) }
        return m
    }

    /// Why the coordinates cannot be read as written, if they cannot: a file mixing decimal point
    /// and comma, or cells like "567.123" in a column that uses a decimal point.
    func problem(file: String) -> String? {
        guard forced == nil else { return nil }
        if let p = pointLine, let c = commaLine {
            return "\(file): die Koordinaten mischen Dezimalpunkt (Zeile \(p)) und Dezimalkomma (Zeile \(c)); --decimal point oder --decimal comma sagt, welches gilt. Es wurde nichts geschrieben."
        }
        if let p = pointLine, ambiguousCount > 0 {
            let cells = ambiguous.map { "„\($0.text)“ (Zeile \($0.line))" }.joined(separator: ", ")
            return "\(file): die Koordinaten haben einen Dezimalpunkt (Zeile \(p)); dann ist \(cells)\(ambiguousCount > ambiguous.count ? " und \(ambiguousCount - ambiguous.count) weitere" : "") mehrdeutig (Bruch oder Zahl mit Tausenderpunkt): --decimal point oder --decimal comma entscheidet. Es wurde nichts geschrieben."
        }
        return nil
    }
}
