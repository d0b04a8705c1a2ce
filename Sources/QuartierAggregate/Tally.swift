import QuartierFormats

/// A record of the register extract: its fields' bytes and its line.
protocol PersonRecord {
    func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8>
    func string(_ i: Int) -> String
    var line: Int { get }
}

extension CSVDocument.Record: PersonRecord {}

/// One line of a file without quotes, split at the delimiter.
struct LineRecord: PersonRecord {
    let buffer: UnsafeBufferPointer<UInt8>
    let bounds: UnsafeBufferPointer<Int>   // start, end pairs
    let count: Int
    let line: Int

    @inline(__always)
    func bytes(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        guard i < count else { return UnsafeBufferPointer(rebasing: buffer[0..<0]) }
        var s = bounds[2 * i], e = bounds[2 * i + 1]
        while s < e, buffer[s] == 32 || buffer[s] == 9 { s += 1 }
        while e > s, buffer[e - 1] == 32 || buffer[e - 1] == 9 { e -= 1 }
        return UnsafeBufferPointer(rebasing: buffer[s..<e])
    }

    func string(_ i: Int) -> String { String(decoding: bytes(i), as: UTF8.self) }
}

/// What the count needs besides the record.
struct CountContext: Sendable {
    var cols: PersonColumns
    var ref: (Int, Int, Int)
    var groupOfAge: [Int]
    var groups: Int
    var maxAge: Int
    var areas: AreaIndex
    var streets: StreetDirectory?
    var includeSecondary: Bool
    /// The decimal mark of the coordinates, when the planner gave it (`--decimal`).
    var decimal: CellParser.DecimalMark? = nil
}

/// The counters of one part in one block of memory, written through a pointer: the hot path
/// has no copy-on-write or bounds checks (every index comes from the area index and the age table).
final class Counters: @unchecked Sendable {
    let n: Int, G: Int
    let p: UnsafeMutablePointer<Int>
    let size: Int
    // Offsets of the blocks.
    let total = 0, female: Int, foreign: Int, longResident: Int, byGroup: Int, byGroupFemale: Int, crosstab: Int

    init(areas n: Int, groups G: Int) {
        self.n = n; self.G = G
        female = n; foreign = 2 * n; longResident = 3 * n; byGroup = 4 * n; byGroupFemale = 4 * n + n * G; crosstab = 4 * n + 2 * n * G
        size = crosstab + n * G * 6
        p = UnsafeMutablePointer<Int>.allocate(capacity: max(1, size))
        p.initialize(repeating: 0, count: max(1, size))
    }

    deinit { p.deallocate() }

    func array(_ offset: Int, _ count: Int) -> [Int] { Array(UnsafeBufferPointer(start: p + offset, count: count)) }

    func add(_ o: Counters) { for i in 0..<size { p[i] += o.p[i] } }
}

/// The coordinate fields of the last point located, as bytes (up to 64 in all), and its area.
struct LastPoint: Sendable {
    var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    var xCount = -1, yCount = -1
    var area: Int?

    @inline(__always)
    func matches(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == xCount, y.count == yCount else { return false }
        return withUnsafeBytes(of: bytes) { b in
            for k in 0..<x.count where b[k] != x[k] { return false }
            for k in 0..<y.count where b[xCount + k] != y[k] { return false }
            return true
        }
    }

    @inline(__always)
    mutating func remember(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>, area a: Int?) {
        guard x.count + y.count <= 64 else { xCount = -1; return }
        withUnsafeMutableBytes(of: &bytes) { b in
            for k in 0..<x.count { b[k] = x[k] }
            for k in 0..<y.count { b[x.count + k] = y[k] }
        }
        xCount = x.count; yCount = y.count; area = a
    }
}

/// Counts of one part of the file; parts are merged at the end.
struct Tally: Sendable {
    let counters: Counters
    var total: [Int] { counters.array(counters.total, counters.n) }
    var female: [Int] { counters.array(counters.female, counters.n) }
    var foreign: [Int] { counters.array(counters.foreign, counters.n) }
    var longResident: [Int] { counters.array(counters.longResident, counters.n) }
    var byGroup: [Int] { counters.array(counters.byGroup, counters.n * counters.G) }
    var byGroupFemale: [Int] { counters.array(counters.byGroupFemale, counters.n * counters.G) }
    var crosstab: [Int] { counters.array(counters.crosstab, counters.n * counters.G * 6) }
    var households: HouseholdTable
    var log = ProcessingLog()
    /// The last point located (its coordinate fields' bytes) and its area.
    var lastPoint = LastPoint()
    /// What the coordinate cells say about their decimal mark.
    var marks = CoordinateMarks()
    /// Bad rows: line (within the part scanned), column, what was expected; the first 50.
    var notes: [(line: Int, column: Int?, what: String)] = []

    init(areas n: Int, groups G: Int, expectedHouseholds: Int) {
        counters = Counters(areas: n, groups: G)
        households = HouseholdTable(expected: expectedHouseholds)
    }

    mutating func bad(_ line: Int, _ column: Int?, _ what: String) {
        log.badRows += 1
        if notes.count < 50 { notes.append((line, column, what)) }
    }

    @inline(__always)
    mutating func add<R: PersonRecord>(_ rec: R, _ x: CountContext) {
        let c = x.cols
        log.recordsIn += 1
        guard let b = Fields.date(rec.bytes(c.birth!)) else { bad(rec.line, c.birth, "ein Geburtsdatum (JJJJ-MM-TT, TT.MM.JJJJ) oder -jahr"); return }
        guard let sex = Fields.sex(rec.bytes(c.sex!)) else { bad(rec.line, c.sex, "ein Geschlecht (m, w, d, x)"); return }
        guard let isForeign = Fields.isForeign(rec.bytes(c.citizenship!)) else { bad(rec.line, c.citizenship, "eine Staatsangehörigkeit"); return }
        if let r = c.residence {
            guard let main = Fields.mainResidence(rec.bytes(r)) else { bad(rec.line, r, "den Wohnungsstatus (H/Haupt oder N/Neben)"); return }
            if !main && !x.includeSecondary { log.secondaryResidences += 1; return }
        }
        let ref = x.ref
        var age = ref.0 - b.0
        if b.1 > 0 && ref.1 > 0 && (ref.1, ref.2) < (b.1, b.2) { age -= 1 }
        guard age >= 0, age <= x.maxAge else { bad(rec.line, c.birth, "ein Geburtsdatum vor dem Stichtag"); return }
        var moveInYearsAgo: Int?
        if let m = c.moveIn {
            let mb = rec.bytes(m)
            if !mb.isEmpty {
                guard let d = Fields.date(mb) else { bad(rec.line, m, "ein Einzugsdatum (JJJJ-MM-TT oder TT.MM.JJJJ)"); return }
                var y = ref.0 - d.0
                if d.1 > 0 && (ref.1, ref.2) < (d.1, d.2) { y -= 1 }
                moveInYearsAgo = y
            }
        }
        // Area: coordinates first, else the street directory.
        var area: Int?
        if let cx = c.x, let cy = c.y {
            let xb = rec.bytes(cx), yb = rec.bytes(cy)
            if xb.isEmpty || yb.isEmpty {
                if c.street == nil { log.unassigned += 1; log.unassignedReasons["ohne Koordinaten", default: 0] += 1; return }
            } else {
                // Extracts are sorted by address: most persons live where the one before lived, and
                // then neither the coordinates need parsing nor the point locating.
                if lastPoint.matches(xb, yb) {
                    area = lastPoint.area
                } else {
                    marks.forced = x.decimal
                    guard let px = Fields.coordinate(xb, line: rec.line, &marks), let py = Fields.coordinate(yb, line: rec.line, &marks) else {
                        bad(rec.line, cx, "Koordinaten als Zahlen (Dezimalpunkt oder -komma, Tausenderpunkte in Dreiergruppen)"); return
                    }
                    area = x.areas.locate(px, py)
                    lastPoint.remember(xb, yb, area: area)
                }
                if area == nil && c.street == nil { log.unassigned += 1; log.unassignedReasons["Koordinaten außerhalb aller Gebiete", default: 0] += 1; return }
            }
        }
        if area == nil, let s = c.street, let h = c.houseNumber {
            let street = rec.string(s)
            let numberBytes = rec.bytes(h)
            var digits = 0
            while digits < numberBytes.count, numberBytes[digits] >= 48, numberBytes[digits] <= 57 { digits += 1 }
            guard digits > 0, let number = Fields.int(UnsafeBufferPointer(rebasing: numberBytes[0..<digits])) else {
                bad(rec.line, h, "eine Hausnummer"); return
            }
            var suffix = String(decoding: UnsafeBufferPointer(rebasing: numberBytes[digits...]), as: UTF8.self)
            while suffix.hasPrefix(" ") { suffix.removeFirst() }
            while suffix.hasSuffix(" ") { suffix.removeLast() }
            if let sx = c.suffix, suffix.isEmpty { suffix = rec.string(sx) }
            if let code = x.streets?.area(street: street, number: number, suffix: suffix), let i = x.areas.codes.firstIndex(of: code) {
                area = i
            } else {
                log.unassigned += 1
                log.unassignedReasons[x.streets == nil ? "kein Straßenverzeichnis" : "nicht im Straßenverzeichnis", default: 0] += 1
                log.unassignedByStreet[street.isEmpty ? "(ohne Straßenschlüssel)" : street, default: 0] += 1
                return
            }
        }
        guard let a = area else { log.unassigned += 1; log.unassignedReasons["ohne Adresse", default: 0] += 1; return }
        log.assigned += 1
        let G = x.groups
        let g = x.groupOfAge[min(age, x.maxAge)]
        let k = counters, p = k.p
        p[k.total + a] += 1
        p[k.byGroup + a * G + g] += 1
        if sex == 1 { p[k.female + a] += 1; p[k.byGroupFemale + a * G + g] += 1 }
        if isForeign { p[k.foreign + a] += 1 }
        if let y = moveInYearsAgo, y >= 5 { p[k.longResident + a] += 1 }
        p[k.crosstab + ((a * G + g) * 3 + sex) * 2 + (isForeign ? 1 : 0)] += 1
        if let hc = c.household {
            let hb = rec.bytes(hc)
            if !hb.isEmpty { households.add(key: Fields.householdKey(hb), area: Int32(a), child: age < 18) }
        }
    }

    /// Ends the count of a part: the household being summed goes into the table.
    mutating func finish() { households.flush() }

    /// The notes on bad rows as the log writes them, with line numbers of the file.
    static func format(_ notes: [(line: Int, column: Int?, what: String)]) -> [String] {
        notes.sorted { $0.line < $1.line }.prefix(50).map { "Zeile \($0.line)" + ($0.column.map { ", Spalte \($0 + 1)" } ?? "") + ": erwartet \($0.what)" }
    }

    /// Adds a later part of the file, whose lines start at `lineOffset`.
    mutating func merge(_ o: Tally, lineOffset: Int) {
        counters.add(o.counters)
        // Both tallies are finished (their household runs are in their tables).
        o.households.forEachKey { key, area, adults, children in households.add(key: key, area: area, adults: adults, children: children) }
        log.recordsIn += o.log.recordsIn; log.assigned += o.log.assigned; log.unassigned += o.log.unassigned
        for (k, v) in o.log.unassignedReasons { log.unassignedReasons[k, default: 0] += v }
        for (k, v) in o.log.unassignedByStreet { log.unassignedByStreet[k, default: 0] += v }
        log.secondaryResidences += o.log.secondaryResidences
        log.badRows += o.log.badRows
        notes += o.notes.prefix(max(0, 50 - notes.count)).map { ($0.line + lineOffset, $0.column, $0.what) }
        marks.merge(o.marks, offset: lineOffset)
    }
}

/// Splitting a quote-free UTF-8 file into lines and fields, in parts for several threads.
enum FastScan {
    /// Whether bytes are valid UTF-8 without a quote character (the header; the body is checked while it is scanned).
    static func eligible(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 34 { return false }
                i += 1
                continue
            }
            let len = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0
            guard len > 0, i + len <= n else { return false }
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    /// Scans the lines in [start, end) in one pass over the bytes: fields, line ends, and the
    /// fast path's conditions. Lines are numbered from 0 within the part. Returns false as soon
    /// as a quote or invalid UTF-8 turns up (then the general reader takes the whole file).
    /// Pages of a mapped file are given back every 16 MB.
    static func scan(_ file: PersonFile, from start: Int, to end: Int, delimiter: UInt8,
                     into tally: inout Tally, _ x: CountContext, progress: ((Int) -> Void)?) -> (ok: Bool, lines: Int) {
        let b = file.buffer
        var bounds = [Int](repeating: 0, count: 130)
        // Byte classes: 0 ordinary, 1 line end, 2 delimiter, 3 quote or non-ASCII (checked).
        var classes = [UInt8](repeating: 0, count: 256)
        classes[10] = 1
        classes[Int(delimiter)] = 2
        classes[34] = 3
        for c in 0x80..<256 { classes[c] = 3 }
        var pos = start, line = 0, released = start
        let ok = classes.withUnsafeBufferPointer { cls in bounds.withUnsafeMutableBufferPointer { bp -> Bool in
            while pos < end {
                var fields = 0, s = pos
                var k = pos
                while k < end {
                    let c = b[k]
                    let kind = cls[Int(c)]
                    if kind == 0 { k += 1; continue }
                    if kind == 1 { break }
                    if kind == 2 {
                        if fields < 64 { bp[2 * fields] = s; bp[2 * fields + 1] = k; fields += 1 }
                        s = k + 1
                        k += 1
                        continue
                    }
                    if c == 34 { return false }
                    let len = c >= 0xF5 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0
                    guard len > 0, k + len <= end else { return false }
                    for j in 1..<len where b[k + j] & 0xC0 != 0x80 { return false }
                    k += len
                }
                let next = k + 1
                var e = k
                if e > s && b[e - 1] == 13 { e -= 1 }
                if fields < 64 { bp[2 * fields] = s; bp[2 * fields + 1] = e; fields += 1 }
                // A line of nothing but blanks and delimiters is skipped; the first field decides almost always.
                var blank = true
                check: for f in 0..<fields {
                    var q = bp[2 * f]
                    while q < bp[2 * f + 1] {
                        let c = b[q]
                        if c != 32 && c != 9 && c != 13 { blank = false; break check }
                        q += 1
                    }
                }
                if !blank {
                    tally.add(LineRecord(buffer: b, bounds: UnsafeBufferPointer(bp), count: fields, line: line), x)
                    if let progress, tally.log.recordsIn % 100_000 == 0 { progress(tally.log.recordsIn) }
                }
                pos = next
                line += 1
                if pos - released >= 1 << 24 { file.release(from: released, to: pos); released = pos }
            }
            return true
        } }
        return (ok, line)
    }
}
