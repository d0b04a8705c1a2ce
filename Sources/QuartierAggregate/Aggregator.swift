import Foundation
import QuartierCore
import QuartierFormats
import QuartierGeo

/// An age group [lo, hi] in completed years; `hi` nil is open-ended.
public struct AgeGroup: Sendable, Hashable {
    public var lo: Int
    public var hi: Int?
    public init(_ lo: Int, _ hi: Int?) { self.lo = lo; self.hi = hi }

    /// The atlas variable key, as in the standard catalog (ew_0_2, …, ew_80_plus).
    public var key: String { hi.map { "ew_\(lo)_\($0)" } ?? "ew_\(lo)_plus" }
    /// "00-02", …, "65+".
    public var label: String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return hi.map { "\(two(lo))-\(two($0))" } ?? "\(lo)+"
    }

    /// The groups of DOMAIN.md §5 (the standard catalog's age variables).
    public static let standard: [AgeGroup] = [AgeGroup(0, 2), AgeGroup(3, 5), AgeGroup(6, 9), AgeGroup(10, 14), AgeGroup(15, 17),
                                              AgeGroup(18, 24), AgeGroup(25, 64), AgeGroup(65, 79), AgeGroup(80, nil)]

    /// Parses "0-2,3-5,…,65-" (a trailing dash is open-ended).
    public static func parse(_ s: String) -> [AgeGroup]? {
        var out: [AgeGroup] = []
        for part in s.split(separator: ",") {
            let p = part.trimmingCharacters(in: .whitespaces)
            let ends = p.split(separator: "-", omittingEmptySubsequences: false)
            guard ends.count == 2, let lo = Int(ends[0]) else { return nil }
            if ends[1].isEmpty || ends[1] == "+" { out.append(AgeGroup(lo, nil)) } else {
                guard let hi = Int(ends[1]), hi >= lo else { return nil }
                out.append(AgeGroup(lo, hi))
            }
        }
        // Consecutive from 0, open at the end.
        guard !out.isEmpty, out[0].lo == 0, out.last?.hi == nil else { return nil }
        for k in 1..<out.count { guard let prevHi = out[k - 1].hi, out[k].lo == prevHi + 1 else { return nil } }
        return out
    }
}

public struct AggregateOptions: Sendable {
    /// ISO reference date (Stichtag).
    public var referenceDate: String
    public var ageGroups: [AgeGroup] = AgeGroup.standard
    public var includeSecondaryResidences = false
    /// The decimal mark of the coordinates, where the file leaves it open.
    public var decimal: CellParser.DecimalMark?
    /// Explicit column names by role (from a mapping file).
    public var columns: [String: String] = [:]
    /// Share of bad rows above which the run stops and writes nothing.
    public var maxBadShare = 0.01
    /// Coordinate system of the persons' coordinates.
    public var pointsCRS = CoordinateSystem(epsg: 25832)!
    /// Code of the whole town's row (e.g. its AGS); nil writes no town row.
    public var townCode: String?

    public init(referenceDate: String) { self.referenceDate = referenceDate }
}

/// Counts per area, before disclosure control.
public struct AreaCounts: Sendable {
    /// Area codes: the areas, then their parents, then the town (if any).
    public var codes: [String]
    /// Number of base areas at the start of `codes`.
    public var baseCount: Int
    /// Parent index per code (nil for top).
    public var parent: [Int?]
    public var variables: [String]
    /// counts[area][variable]
    public var counts: [[Int]]
    /// area × age group × sex × foreign, for the base areas (unprotected; for checks inside the office only).
    public var crosstab: [Int]
    public var ageGroups: [AgeGroup]
    public var log: ProcessingLog
}

/// What the run did, without any person-level detail.
public struct ProcessingLog: Sendable {
    public var recordsIn = 0
    public var assigned = 0
    public var unassigned = 0
    public var unassignedReasons: [String: Int] = [:]
    /// Unassigned persons per street key (never per person or house).
    public var unassignedByStreet: [String: Int] = [:]
    public var secondaryResidences = 0
    public var badRows = 0
    /// Line and column of bad rows (first 50), with what was expected.
    public var badRowNotes: [String] = []
    public var streetGaps = 0
    public var suppressedPrimary = 0
    public var suppressedSecondary = 0
    public var excludedAreas: [String] = []
    public var rounded: Int?
    /// Withheld cells whose interval stays narrower than required after secondary suppression (0 when protected).
    public var auditWeakCells = 0
    /// The narrowest interval of a withheld cell.
    public var auditNarrowest: Double?
    public var auditWeakLabels: [String] = []
    public var seconds = 0.0
}

public struct AggregateFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

public enum Aggregator {
    /// Reads the register extract and counts per area. Throws when the file cannot be read or
    /// too many rows are bad; then nothing is written.
    public static func count(persons raw: [UInt8], file: String, areas: AreaIndex, streets: StreetDirectory?, options o: AggregateOptions,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> AreaCounts {
        try await count(persons: PersonFile(bytes: raw), file: file, areas: areas, streets: streets, options: o, progress: progress)
    }

    /// The same for a mapped file (`PersonFile(path:)`), whose pages are given back as they are read.
    public static func count(persons data: PersonFile, file: String, areas: AreaIndex, streets: StreetDirectory?, options o: AggregateOptions,
                             progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> AreaCounts {
        let start = Date()
        guard let ref = parseISO(o.referenceDate) else {
            throw AggregateFailure(message: "--date: erwartet ein Datum JJJJ-MM-TT, nicht „\(o.referenceDate)“")
        }
        var log = ProcessingLog()
        let groups = o.ageGroups
        let maxAge = 130
        var groupOfAge = [Int](repeating: groups.count - 1, count: maxAge + 1)
        for (gi, g) in groups.enumerated() { for a in g.lo...min(g.hi ?? maxAge, maxAge) { groupOfAge[a] = gi } }
        let n = areas.codes.count
        let G = groups.count
        let size = data.count
        // About two persons per household and 50 bytes per person.
        let expectedHouseholds = size / 100
        var counted: Tally?
        var cols: PersonColumns?
        let raw = data.buffer
        var headerStart = 0
        if size >= 3, raw[0] == 0xEF, raw[1] == 0xBB, raw[2] == 0xBF { headerStart = 3 }
        var headerEnd = headerStart
        while headerEnd < size && raw[headerEnd] != 10 { headerEnd += 1 }
        if FastScan.eligible(UnsafeBufferPointer(rebasing: raw[0..<headerEnd])) {
            // Quote-free UTF-8 (checked while scanning): lines are split directly, in parts in parallel.
            var h = Array(raw[headerStart..<headerEnd])
            if h.last == 13 { h.removeLast() }
            guard !h.isEmpty else { throw AggregateFailure(message: "\(file): die Datei ist leer") }
            let counts = [UInt8(59), 9, 44].map { d in (d, h.filter { $0 == d }.count) }
            let delimiter = counts.max { $0.1 < $1.1 }!.0
            let header = h.split(separator: delimiter, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            let c = try PersonColumns.resolve(header: header, explicit: o.columns, file: file)
            let context = CountContext(cols: c, ref: ref, groupOfAge: groupOfAge, groups: G, maxAge: maxAge, areas: areas, streets: streets,
                                       includeSecondary: o.includeSecondaryResidences, decimal: o.decimal)
            let bodyStart = min(size, headerEnd + 1)
            // Parts end at a line end; each numbers its own lines, the offsets are added when they merge.
            let threads = size - bodyStart > 1_000_000 ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
            var cuts = [bodyStart]
            for k in 1..<threads {
                var cut = max(cuts.last!, bodyStart + (size - bodyStart) * k / threads)
                while cut < size && raw[cut - 1] != 10 { cut += 1 }
                cuts.append(cut)
            }
            cuts.append(size)
            let parts = (0..<threads).map { (cuts[$0], cuts[$0 + 1]) }
            let results = try await withThrowingTaskGroup(of: (Int, Tally, Bool, Int).self) { group in
                for (k, part) in parts.enumerated() {
                    group.addTask {
                        var t = Tally(areas: n, groups: G, expectedHouseholds: expectedHouseholds / threads)
                        let (ok, lines) = FastScan.scan(data, from: part.0, to: part.1, delimiter: delimiter, into: &t, context,
                                                        progress: k == 0 ? progress.map { p in { p($0 * threads, 0) } } : nil)
                        t.finish()
                        return (k, t, ok, lines)
                    }
                }
                var out: [(Int, Tally, Bool, Int)] = []
                for try await r in group { out.append(r) }
                return out.sorted { $0.0 < $1.0 }
            }
            if results.allSatisfy({ $0.2 }) {
                cols = c
                // The header is line 1; a part's line 0 is the line after the previous part's last.
                var merged = results[0].1
                merged.notes = merged.notes.map { ($0.line + 2, $0.column, $0.what) }
                merged.marks = merged.marks.shifted(2)
                var offset = 2 + results[0].3
                for r in results.dropFirst() {
                    merged.merge(r.1, lineOffset: offset)
                    offset += r.3
                }
                counted = merged
            }
        }
        if counted == nil {
            // The general reader: quotes, other encodings.
            let doc = try CSVDocument(raw: data.bytes, file: file)
            var t = Tally(areas: n, groups: G, expectedHouseholds: expectedHouseholds)
            var context: CountContext?
            try doc.forEachRecord { rec in
                guard let x = context else {
                    let c = try PersonColumns.resolve(header: (0..<rec.count).map { rec.string($0) }, explicit: o.columns, file: file)
                    cols = c
                    context = CountContext(cols: c, ref: ref, groupOfAge: groupOfAge, groups: G, maxAge: maxAge, areas: areas, streets: streets,
                                           includeSecondary: o.includeSecondaryResidences, decimal: o.decimal)
                    return
                }
                t.add(rec, x)
                if let progress, t.log.recordsIn % 100_000 == 0 { progress(t.log.recordsIn, rec.line) }
            }
            t.finish()
            counted = t
        }
        guard let tally = counted else { throw AggregateFailure(message: "\(file): die Datei ist leer") }
        log = tally.log
        log.badRowNotes = Tally.format(tally.notes)
        if let problem = tally.marks.problem(file: file) { throw AggregateFailure(message: problem) }
        guard cols != nil else { throw AggregateFailure(message: "\(file): die Datei ist leer") }
        let considered = log.recordsIn
        if considered > 0, Double(log.badRows) / Double(considered) > o.maxBadShare {
            throw AggregateFailure(message: "\(file): \(log.badRows) von \(considered) Datensätzen sind fehlerhaft (mehr als \(Int(o.maxBadShare * 100)) %); "
                                   + "es wurde nichts geschrieben.\n" + log.badRowNotes.joined(separator: "\n"))
        }
        let total = tally.total, female = tally.female, foreign = tally.foreign, longResident = tally.longResident
        let byGroup = tally.byGroup, byGroupFemale = tally.byGroupFemale, crosstab = tally.crosstab
        let households = tally.households
        var hhTotal = [Int](repeating: 0, count: n), hhOne = [Int](repeating: 0, count: n)
        var hhChildren = [Int](repeating: 0, count: n), hhSingleParent = [Int](repeating: 0, count: n)
        households.forEach { a, adults, children in
            hhTotal[a] += 1
            if adults + children == 1 { hhOne[a] += 1 }
            if children > 0 { hhChildren[a] += 1; if adults == 1 { hhSingleParent[a] += 1 } }
        }

        var variables = ["ew_gesamt"] + groups.map(\.key) + groups.map { $0.key + "_w" } + ["ew_weiblich", "ew_auslaendisch"]
        let hasMoveIn = cols?.moveIn != nil, hasHouseholds = cols?.household != nil
        if hasMoveIn { variables.append("ew_wohndauer_5") }
        if hasHouseholds { variables += ["hh_gesamt", "hh_einpersonen", "hh_mit_kindern", "hh_alleinerziehend"] }
        var counts: [[Int]] = (0..<n).map { a in
            var row = [total[a]] + (0..<G).map { byGroup[a * G + $0] } + (0..<G).map { byGroupFemale[a * G + $0] } + [female[a], foreign[a]]
            if hasMoveIn { row.append(longResident[a]) }
            if hasHouseholds { row += [hhTotal[a], hhOne[a], hhChildren[a], hhSingleParent[a]] }
            return row
        }
        // Higher levels: the parents named by the areas, then the town.
        var codes = areas.codes
        var parent: [Int?] = Array(repeating: nil, count: n)
        for (i, p) in areas.parents.enumerated() {
            guard let p, !p.isEmpty else { continue }
            if let k = codes.firstIndex(of: p) { parent[i] = k } else {
                codes.append(p); parent.append(nil); counts.append([Int](repeating: 0, count: variables.count)); parent[i] = codes.count - 1
            }
        }
        if let town = o.townCode {
            codes.append(town); parent.append(nil); counts.append([Int](repeating: 0, count: variables.count))
            let t = codes.count - 1
            for i in 0..<t where parent[i] == nil { parent[i] = t }
        }
        // Sum bottom-up (base areas first; parents after their children).
        for i in 0..<codes.count {
            guard let p = parent[i] else { continue }
            // Only base areas and parents whose own sums are complete; parents are appended after children.
            for v in 0..<variables.count { counts[p][v] += counts[i][v] }
        }
        log.seconds = Date().timeIntervalSince(start)
        log.streetGaps = streets?.gaps.count ?? 0
        return AreaCounts(codes: codes, baseCount: n, parent: parent, variables: variables, counts: counts, crosstab: crosstab, ageGroups: groups, log: log)
    }

    static func parseISO(_ s: String) -> (Int, Int, Int)? {
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, (1...12).contains(p[1]), (1...31).contains(p[2]) else { return nil }
        return (p[0], p[1], p[2])
    }

    /// The unprotected cross-table area × age group × sex × foreign in the layout of the peer
    /// pipelines (`peer_geopandas.py`): only non-zero cells, sorted by code, group, sex, foreign.
    public static func crosstabCSV(_ c: AreaCounts, codeColumn: String) -> String {
        var out = "\(codeColumn);Altersgruppe;Geschlecht;auslaendisch;Anzahl\n"
        let G = c.ageGroups.count
        let sexes = ["m", "w", "d"]
        let order = (0..<c.baseCount).sorted { c.codes[$0] < c.codes[$1] }
        for a in order {
            for g in 0..<G { for s in [2, 0, 1] { for f in 0...1 {   // d, m, w: sorted by label, as pandas groups
                let v = c.crosstab[((a * G + g) * 3 + s) * 2 + f]
                if v > 0 { out += "\(c.codes[a]);\(c.ageGroups[g].label);\(sexes[s]);\(f == 1 ? "True" : "False");\(v)\n" }
            } } }
        }
        return out
    }
}
