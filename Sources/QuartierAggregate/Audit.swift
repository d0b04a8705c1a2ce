import QuartierFormats

/// The disclosure audit: for every withheld cell, the interval of values that agrees with
/// everything published (all additive relations, all cells ≥ 0), computed by linear
/// programming. A cell is protected when its interval is at least `requiredWidth` wide.
public enum DisclosureAudit {
    /// A table as cells and additive relations: `value` nil for withheld cells.
    public struct Problem: Sendable {
        public var labels: [String]
        public var values: [Int?]
        /// The true values (known to the office; used to report, never published).
        public var truth: [Int]
        /// total cell, part cells
        public var relations: [(total: Int, parts: [Int])]
        /// Cells that are never published (e.g. men per age group, the rest of a total); they
        /// take part in the relations but need no protection of their own.
        public var implicit: Set<Int> = []
        /// Cells that may be negative (changes between two years); all others are counts ≥ 0.
        public var free: Set<Int> = []
        /// For tables read from files: each table's header and rows (label, cell ids), to write them back.
        public var layout: [(file: String, header: [String], rows: [(label: String, cells: [Int])])] = []

        public init(labels: [String], values: [Int?], truth: [Int], relations: [(total: Int, parts: [Int])], implicit: Set<Int> = []) {
            self.labels = labels; self.values = values; self.truth = truth; self.relations = relations; self.implicit = implicit
        }
    }

    public struct Finding: Sendable, Hashable {
        public var cell: Int
        public var label: String
        public var low: Double
        public var high: Double
        public var width: Double { high - low }
    }

    /// The interval of every withheld cell; unprotected ones are those narrower than `requiredWidth`.
    public static func intervals(_ p: Problem) -> [Finding] {
        let hidden = p.values.indices.filter { p.values[$0] == nil }
        guard !hidden.isEmpty else { return [] }
        // Connected parts: withheld cells linked by a relation.
        var parent = Dictionary(uniqueKeysWithValues: hidden.map { ($0, $0) })
        func find(_ x: Int) -> Int { var x = x; while parent[x]! != x { x = parent[x]! }; return x }
        for r in p.relations {
            let h = ([r.total] + r.parts).filter { p.values[$0] == nil }
            for k in h.dropFirst() { parent[find(k)] = find(h[0]) }
        }
        var parts: [Int: [Int]] = [:]
        for h in hidden { parts[find(h), default: []].append(h) }
        // Relations by the withheld cells they touch, so each part sees only its own.
        var relationsOf: [Int: [Int]] = [:]
        for (k, r) in p.relations.enumerated() {
            for c in Set([r.total] + r.parts) where p.values[c] == nil { relationsOf[c, default: []].append(k) }
        }
        // A cell that may be negative enters the linear programme shifted, x = y − shift with
        // y ≥ 0; the shift exceeds anything the published cells allow.
        let shift = 1_000_000 + 10 * p.values.reduce(0.0) { $0 + Double(abs($1 ?? 0)) }
        var out: [Finding] = []
        for (_, cells) in parts.sorted(by: { $0.key < $1.key }) {
            // Parts of implicit cells only (never published) need no interval.
            guard cells.contains(where: { !p.implicit.contains($0) }) else { continue }
            let index = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($1, $0) })
            var system = EqualitySystem(variables: cells.count)
            var used = Set<Int>()
            for c in cells { for k in relationsOf[c] ?? [] where used.insert(k).inserted {
                let r = p.relations[k]
                let members = [(r.total, -1.0)] + r.parts.map { ($0, 1.0) }
                var coefficients: [(Int, Double)] = []
                var rhs = 0.0
                for (cell, sign) in members {
                    if let j = index[cell] {
                        coefficients.append((j, sign))
                        if p.free.contains(cell) { rhs += sign * shift }
                    } else {
                        rhs -= sign * Double(p.values[cell]!)
                    }
                }
                system.add(coefficients, equals: rhs)
            } }
            switch system.bounds() {
            case .infeasible:
                for c in cells { out.append(Finding(cell: c, label: p.labels[c], low: Double(p.truth[c]), high: Double(p.truth[c]))) }
            case .bounds(let b):
                for (k, c) in cells.enumerated() {
                    if p.free.contains(c) {
                        let low = b[k].low - shift, high = b[k].high - shift
                        out.append(Finding(cell: c, label: p.labels[c], low: low <= 1 - shift ? -.infinity : low, high: high))
                    } else {
                        out.append(Finding(cell: c, label: p.labels[c], low: b[k].low, high: b[k].high))
                    }
                }
            }
        }
        return out.filter { !p.implicit.contains($0.cell) }.sorted { $0.cell < $1.cell }
    }

    /// Reads wide tables (first column: row labels; first row: column labels; a row and a column
    /// named Insgesamt, Summe, Gesamt or Total are the margins; ".", "*", "x" withheld, "-" zero).
    /// Cells with the same row and column label in several tables are one cell, which links them.
    public static func problem(tables: [(file: String, raw: [UInt8])]) throws(ImportFailure) -> Problem {
        try problem(tagged: tables.map { (nil, $0.file, $0.raw) })
    }

    /// Tables of several years: a table tagged with a year ("2024") holds that year's cells, so
    /// equal labels link tables of the same year only. A table tagged with two years
    /// ("2023-2024") holds changes: each of its cells is the later year's cell minus the earlier
    /// year's cell of the same label, and may be negative. Untagged tables are one year.
    public static func problem(tagged tables: [(tag: String?, file: String, raw: [UInt8])], decimal: CellParser.DecimalMark? = nil) throws(ImportFailure) -> Problem {
        var labels: [String] = [], values: [Int?] = [], index: [String: Int] = [:]
        var free = Set<Int>()
        var changes: [(from: String, to: String, cells: [(label: String, cell: Int)])] = []
        var relations: [(total: Int, parts: [Int])] = []
        var layout: [(file: String, header: [String], rows: [(label: String, cells: [Int])])] = []
        let totals: Set<String> = ["insgesamt", "summe", "gesamt", "total", "zusammen"]
        func cell(_ label: String, _ v: Int?) -> Int {
            // A cell published in any of the linked tables is known to whoever holds them all.
            if let i = index[label] { if values[i] == nil, let v { values[i] = v }; return i }
            index[label] = labels.count
            labels.append(label)
            values.append(v)
            return labels.count - 1
        }
        for (tag, file, raw) in tables {
            let years = (tag ?? "").split(separator: "-").map(String.init)
            guard tag == nil || (years.count <= 2 && years.allSatisfy { $0.count == 4 && Int($0) != nil }) else {
                throw ImportFailure(ImportIssue(file: file, expected: "ein Jahr wie 2024 oder zwei Jahre wie 2023-2024 vor dem Dateinamen, gefunden „\(tag ?? "")“"))
            }
            let isChange = years.count == 2
            let prefix = tag.map { isChange ? "Veränderung \($0): " : "\($0): " } ?? ""
            var changeCells: [(label: String, cell: Int)] = []
            let doc = try CSVDocument(raw: raw, file: file)
            var header: [String] = []
            var rows: [(label: String, cells: [Int])] = []
            var issues: [ImportIssue] = []
            // The import's number reader, a column at a time (decimal mark decided from all its
            // cells): "-" is a published zero, ".", "*", "x" are withheld.
            var labels: [String] = []
            var columns: [NumberColumn] = []
            do {
                try doc.forEachRecord { rec in
                    if header.isEmpty {
                        header = (0..<rec.count).map { rec.string($0) }
                        columns = header.indices.dropFirst().map { NumberColumn(file: file, name: header[$0]) }
                        return
                    }
                    labels.append(rec.string(0))
                    for k in 1..<header.count { columns[k - 1].append(rec, k) }
                }
            } catch { throw ImportFailure(ImportIssue(file: file, expected: "eine lesbare Tabelle")) }
            var read: [[ParsedCell]] = []
            for c in columns {
                do { read.append(try c.read(forced: decimal)) } catch { issues += error.issues }
            }
            if !issues.isEmpty { throw ImportFailure(issues: issues) }
            for (r, label) in labels.enumerated() {
                var ids: [Int] = []
                for k in 1..<header.count {
                    var v: Int?
                    switch read[k - 1][r] {
                    case .number(let n) where n == n.rounded() && (n >= 0 || isChange): v = Int(n)
                    case .symbol(_, _, let zero?): v = Int(zero)
                    case .symbol: v = nil
                    default:
                        let c = columns[k - 1].cells[r]
                        issues.append(ImportIssue(file: file, line: c.line, column: k + 1, found: c.text,
                                                  expected: isChange ? "eine ganze Zahl (auch negativ), „-“ für null oder „.“ für gesperrt" : "eine Anzahl, „-“ für null oder „.“ für gesperrt"))
                    }
                    let id = cell(prefix + "\(label) / \(header[k])", v)
                    if isChange { free.insert(id); changeCells.append(("\(label) / \(header[k])", id)) }
                    ids.append(id)
                }
                rows.append((label, ids))
            }
            if !issues.isEmpty { throw ImportFailure(issues: issues) }
            if isChange { changes.append((years[0], years[1], changeCells)) }
            layout.append((file, header, rows))
            let totalCol = header.dropFirst().firstIndex { totals.contains($0.lowercased()) }.map { $0 - 1 }
            let totalRow = rows.firstIndex { totals.contains($0.label.lowercased()) }
            if let tc = totalCol {
                for r in rows { relations.append((r.cells[tc], r.cells.indices.filter { $0 != tc }.map { r.cells[$0] })) }
            }
            if let tr = totalRow {
                for c in 0..<(header.count - 1) {
                    relations.append((rows[tr].cells[c], rows.indices.filter { $0 != tr }.map { rows[$0].cells[c] }))
                }
            }
        }
        // later = earlier + change, for every label the change table shares with both years.
        for c in changes {
            for (label, cell) in c.cells {
                guard let later = index["\(c.to): \(label)"], let earlier = index["\(c.from): \(label)"] else { continue }
                relations.append((later, [earlier, cell]))
            }
        }
        var problem = Problem(labels: labels, values: values, truth: values.map { $0 ?? 0 }, relations: relations)
        problem.free = free
        problem.layout = layout
        return problem
    }
}

extension Protection {
    /// The audit problem of a protected table (cells area × variable, with the relations of `relations(_:)`).
    static func auditProblem(_ c: AreaCounts, cells: [[Cell]]) -> DisclosureAudit.Problem {
        let V = c.variables.count
        var labels: [String] = [], values: [Int?] = [], truth: [Int] = []
        for a in 0..<c.codes.count { for v in 0..<V {
            labels.append("\(c.codes[a]) / \(c.variables[v])")
            values.append(cells[a][v].value)
            truth.append(c.counts[a][v])
        } }
        var rel = relations(c).map { r in (total: r.total.area * V + r.total.variable, parts: r.parts.map { $0.area * V + $0.variable }) }
        // What an attacker also knows: men per age group are the rest of the group (never published).
        var implicit = Set<Int>()
        for a in 0..<c.codes.count {
            for g in c.ageGroups {
                guard let all = c.variables.firstIndex(of: g.key), let women = c.variables.firstIndex(of: g.key + "_w") else { continue }
                let men = labels.count
                labels.append("\(c.codes[a]) / \(g.key)_m")
                values.append(nil)
                truth.append(c.counts[a][all] - c.counts[a][women])
                implicit.insert(men)
                rel.append((total: a * V + all, parts: [a * V + women, men]))
            }
        }
        return DisclosureAudit.Problem(labels: labels, values: values, truth: truth, relations: rel, implicit: implicit)
    }
}

/// Secondary suppression for any table given as cells and relations: withholds further cells
/// until every sensitive withheld cell keeps an interval at least `minWidth` wide.
public enum SecondarySuppression {
    /// Returns the number of cells withheld in addition and the sensitive cells still too narrow.
    @discardableResult
    public static func run(_ p: inout DisclosureAudit.Problem, sensitive: Set<Int>, minWidth: Double) -> (added: Int, weak: [DisclosureAudit.Finding]) {
        let primary = Set(p.values.indices.filter { p.values[$0] == nil })
        var added = 0
        var relationsOf: [Int: [Int]] = [:]
        for (k, r) in p.relations.enumerated() { for c in Set([r.total] + r.parts) { relationsOf[c, default: []].append(k) } }
        func hideSmallest(among members: [Int]) -> Bool {
            let open = members.filter { p.values[$0] != nil && !p.implicit.contains($0) }
            guard let pick = open.filter({ p.truth[$0] != 0 }).min(by: { (abs(p.truth[$0]), $0) < (abs(p.truth[$1]), $1) }) ?? open.min() else { return false }
            p.values[pick] = nil
            added += 1
            return true
        }
        // Naive pass: no relation may keep exactly one withheld cell.
        var changed = true
        while changed {
            changed = false
            for r in p.relations {
                let members = [r.total] + r.parts
                if members.filter({ p.values[$0] == nil }).count == 1, hideSmallest(among: members) { changed = true }
            }
        }
        // Audit rounds.
        var weak: [DisclosureAudit.Finding] = []
        for _ in 0..<500 {
            weak = DisclosureAudit.intervals(p).filter { $0.width < minWidth && sensitive.contains($0.cell) }
            guard !weak.isEmpty else { break }
            var progress = false
            var touched = Set<Int>()
            for w in weak {
                let rels = relationsOf[w.cell] ?? []
                guard !rels.contains(where: touched.contains) else { continue }
                rels.forEach { touched.insert($0) }
                // The weak cell's relations first; when all their cells are withheld already, the
                // relations of those cells, and so on outwards (a small total must go too).
                var frontier = rels, seen = Set(rels)
                for _ in 0..<4 {
                    if hideSmallest(among: frontier.flatMap { [p.relations[$0].total] + p.relations[$0].parts }) { progress = true; break }
                    let next = frontier.flatMap { [p.relations[$0].total] + p.relations[$0].parts }.flatMap { relationsOf[$0] ?? [] }.filter { seen.insert($0).inserted }
                    if next.isEmpty { break }
                    frontier = next
                }
            }
            if !progress { break }
        }
        guard weak.isEmpty else { return (added, weak) }
        // Clean-up: the greedy passes withhold more than needed. Each cell withheld in addition is
        // published again, the largest first, where the audit still passes without it.
        let extra = p.values.indices.filter { p.values[$0] == nil && !primary.contains($0) && !p.implicit.contains($0) }
            .sorted { (abs(p.truth[$0]), $0) > (abs(p.truth[$1]), $1) }
        if extra.count <= 500 {
            for cell in extra {
                p.values[cell] = p.truth[cell]
                if DisclosureAudit.intervals(p).contains(where: { $0.width < minWidth && sensitive.contains($0.cell) }) {
                    p.values[cell] = nil
                } else {
                    added -= 1
                }
            }
        }
        return (added, weak)
    }
}
