import Foundation
/// Disclosure control for the counts before anything leaves the registration office.
///
/// - Primary suppression: a cell with 1 to `minCount − 1` persons is withheld (written as ".").
///   Zero cells are published.
/// - Areas below `minPopulation` are withheld entirely (their persons still count in the sums
///   of higher levels).
/// - Secondary suppression: in every additive relation (an area's total and its age groups, its
///   women and their age groups, a parent and its sub-areas, the town and its areas) a single
///   withheld cell could be recomputed from the total and the others; then the smallest other
///   non-zero cell of the relation is withheld too, until no relation has exactly one.
/// - Rounding (base 3 or 5) instead: every count is rounded to the nearest multiple; nothing
///   is withheld.
public struct Protection: Sendable {
    public var minCount = 3
    public var minPopulation = 50
    public var rounding: Int?

    public init(minCount: Int = 3, minPopulation: Int = 50, rounding: Int? = nil) {
        self.minCount = minCount
        self.minPopulation = minPopulation
        self.rounding = rounding
    }

    public enum Cell: Sendable, Hashable {
        case value(Int)
        case suppressed(Reason)

        public var value: Int? { if case .value(let v) = self { v } else { nil } }
    }

    public enum Reason: String, Sendable, Hashable {
        case small = "kleine Fallzahl"
        case secondary = "Sekundärsperrung"
        case smallArea = "Gebiet unter der Mindestgröße"
    }

    /// One additive relation: total = sum of parts (cell = (area, variable)).
    public struct Relation: Sendable, Hashable {
        public var total: Cell2
        public var parts: [Cell2]
    }

    public struct Cell2: Sendable, Hashable { public var area: Int; public var variable: Int }

    /// The additive relations of the published table.
    public static func relations(_ c: AreaCounts) -> [Relation] {
        var out: [Relation] = []
        let total = c.variables.firstIndex(of: "ew_gesamt")!, women = c.variables.firstIndex(of: "ew_weiblich")!
        let groups = c.ageGroups.map { g in c.variables.firstIndex(of: g.key)! }
        let groupsW = c.ageGroups.map { g in c.variables.firstIndex(of: g.key + "_w")! }
        for a in 0..<c.codes.count {
            out.append(Relation(total: Cell2(area: a, variable: total), parts: groups.map { Cell2(area: a, variable: $0) }))
            out.append(Relation(total: Cell2(area: a, variable: women), parts: groupsW.map { Cell2(area: a, variable: $0) }))
        }
        for p in 0..<c.codes.count {
            let children = (0..<c.codes.count).filter { c.parent[$0] == p }
            guard !children.isEmpty else { continue }
            for v in 0..<c.variables.count {
                out.append(Relation(total: Cell2(area: p, variable: v), parts: children.map { Cell2(area: $0, variable: v) }))
            }
        }
        return out
    }

    /// The protected table; updates the log's counts.
    public func apply(_ c: AreaCounts, log: inout ProcessingLog) -> [[Cell]] {
        if let base = rounding {
            log.rounded = base
            return c.counts.map { row in row.map { v in .value(Int((Double(v) / Double(base)).rounded()) * base) } }
        }
        let total = c.variables.firstIndex(of: "ew_gesamt")!
        var cells: [[Cell]] = c.counts.map { row in row.map { v in v > 0 && v < minCount ? .suppressed(.small) : .value(v) } }
        log.suppressedPrimary = cells.reduce(0) { $0 + $1.filter { if case .suppressed = $0 { true } else { false } }.count }
        for a in 0..<c.codes.count where c.counts[a][total] < minPopulation && c.counts[a][total] > 0 {
            log.excludedAreas.append(c.codes[a])
            for v in 0..<c.variables.count { cells[a][v] = .suppressed(.smallArea) }
        }
        let relations = Self.relations(c)
        var changed = true
        var rounds = 0
        while changed && rounds < 100 {
            changed = false
            rounds += 1
            for r in relations {
                let members = [r.total] + r.parts
                let hidden = members.filter { cells[$0.area][$0.variable].value == nil }
                guard hidden.count == 1 else { continue }
                // One withheld cell in a relation can be recomputed: withhold the smallest other non-zero one.
                let candidates = members.filter { cells[$0.area][$0.variable].value.map { $0 > 0 } ?? false }
                guard let pick = candidates.min(by: { (c.counts[$0.area][$0.variable], $0.area, $0.variable) < (c.counts[$1.area][$1.variable], $1.area, $1.variable) }) else { continue }
                cells[pick.area][pick.variable] = .suppressed(.secondary)
                log.suppressedSecondary += 1
                changed = true
            }
        }
        // The audit: every withheld cell must keep an interval at least `minCount` wide given
        // everything published; where it does not, withhold the smallest other cell of one of
        // its relations and audit again.
        let byCell = Dictionary(grouping: relations.flatMap { r in ([r.total] + r.parts).map { ($0, r) } }, by: { $0.0 }).mapValues { $0.map(\.1) }
        // Only sensitive cells (small counts, small areas) need a protection interval; cells
        // withheld to protect them need none of their own.
        let V0 = c.variables.count
        func sensitive(_ f: DisclosureAudit.Finding) -> Bool {
            switch cells[f.cell / V0][f.cell % V0] {
            case .suppressed(.small), .suppressed(.smallArea): true
            default: false
            }
        }
        for _ in 0..<500 {
            let weak = DisclosureAudit.intervals(Self.auditProblem(c, cells: cells)).filter { $0.width < Double(minCount) && sensitive($0) }
            log.auditWeakCells = weak.count
            log.auditWeakLabels = weak.prefix(5).map(\.label)
            guard !weak.isEmpty else { break }
            let V = c.variables.count
            var progress = false
            var touched = Set<Int>()   // one new suppression per area per round, then audit again
            for w in weak where touched.insert(w.cell / V).inserted {
                let cell = Cell2(area: w.cell / V, variable: w.cell % V)
                guard cells[cell.area][cell.variable].value == nil else { continue }
                // The smallest published cell of the weak cell's relations, non-zero first, then a zero.
                let members = (byCell[cell] ?? []).flatMap { [$0.total] + $0.parts }.filter { cells[$0.area][$0.variable].value != nil }
                let pick = members.filter { c.counts[$0.area][$0.variable] > 0 }
                    .min(by: { (c.counts[$0.area][$0.variable], $0.area, $0.variable) < (c.counts[$1.area][$1.variable], $1.area, $1.variable) })
                    ?? members.min(by: { ($0.area, $0.variable) < ($1.area, $1.variable) })
                guard let pick else { continue }
                cells[pick.area][pick.variable] = .suppressed(.secondary)
                log.suppressedSecondary += 1
                progress = true
            }
            if !progress { break }
        }
        // Clean-up: publish again, largest first, every cell withheld in addition that the audit
        // does not need (the greedy passes withhold more than necessary).
        if log.auditWeakCells == 0 {
            let V = c.variables.count
            var extra: [Cell2] = []
            for a in 0..<c.codes.count { for v in 0..<V { if case .suppressed(.secondary) = cells[a][v] { extra.append(Cell2(area: a, variable: v)) } } }
            if extra.count <= 300 {
                for cell in extra.sorted(by: { (c.counts[$0.area][$0.variable], $0.area, $0.variable) > (c.counts[$1.area][$1.variable], $1.area, $1.variable) }) {
                    cells[cell.area][cell.variable] = .value(c.counts[cell.area][cell.variable])
                    if DisclosureAudit.intervals(Self.auditProblem(c, cells: cells)).contains(where: { $0.width < Double(minCount) && sensitive($0) }) {
                        cells[cell.area][cell.variable] = .suppressed(.secondary)
                    } else {
                        log.suppressedSecondary -= 1
                    }
                }
            }
        }
        if let narrowest = DisclosureAudit.intervals(Self.auditProblem(c, cells: cells)).filter(sensitive).map(\.width).min() { log.auditNarrowest = narrowest }
        return cells
    }
}

/// The outputs of `quartier aggregate`.
public enum AggregateOutput {
    /// The long table `quartier import table` reads: Gebiet;Variable;Stichtag;Wert, "." for withheld cells.
    public static func longCSV(_ c: AreaCounts, cells: [[Protection.Cell]], date: String) -> String {
        var out = "Gebiet;Variable;Stichtag;Wert\n"
        for a in 0..<c.codes.count {
            for (v, key) in c.variables.enumerated() {
                out += "\(c.codes[a]);\(key);\(date);" + (cells[a][v].value.map(String.init) ?? ".") + "\n"
            }
        }
        return out
    }

    /// The processing log: counts and reasons only, never a person, address or value of a withheld cell.
    public static func logText(_ log: ProcessingLog, file: String, date: String, areas: Int, protection: Protection) -> String {
        var s = "Quartier aggregate – Verarbeitungsprotokoll\n"
        s += "Eingabe: \((file as NSString).lastPathComponent), Stichtag \(date), \(areas) Gebiete\n"
        s += "Datensätze gelesen: \(log.recordsIn)\n"
        s += "zugeordnet: \(log.assigned)\n"
        s += "nicht zugeordnet: \(log.unassigned)\n"
        for (reason, n) in log.unassignedReasons.sorted(by: { $0.key < $1.key }) { s += "  \(reason): \(n)\n" }
        if !log.unassignedByStreet.isEmpty {
            s += "nicht zugeordnet nach Straßenschlüssel:\n"
            for (street, n) in log.unassignedByStreet.sorted(by: { $0.key < $1.key }) { s += "  \(street): \(n)\n" }
        }
        s += "ausgeschlossen (Nebenwohnung): \(log.secondaryResidences)\n"
        s += "fehlerhafte Datensätze: \(log.badRows)\n"
        for note in log.badRowNotes { s += "  \(note)\n" }
        if log.streetGaps > 0 { s += "Lücken im Straßenverzeichnis: \(log.streetGaps)\n" }
        if let base = log.rounded {
            s += "Geheimhaltung: alle Werte auf Vielfache von \(base) gerundet\n"
        } else {
            s += "Geheimhaltung: Mindestfallzahl \(protection.minCount), Mindestgröße eines Gebiets \(protection.minPopulation) Personen\n"
            s += "  gesperrt wegen kleiner Fallzahl: \(log.suppressedPrimary)\n"
            s += "  Sekundärsperrungen: \(log.suppressedSecondary)\n"
            s += "  Gebiete unter der Mindestgröße: \(log.excludedAreas.isEmpty ? "keine" : log.excludedAreas.joined(separator: ", "))\n"
            s += "  Prüfung (lineare Programmierung): " + (log.auditWeakCells == 0
                ? "jede gesperrte Zelle bleibt geschützt" + (log.auditNarrowest.map { "; engstes Intervall \(Int($0.isFinite ? $0 : 0)) Personen" + ($0.isFinite ? "" : " (unbeschränkt)") } ?? "")
                : "\(log.auditWeakCells) Zellen nicht ausreichend geschützt") + "\n"
        }
        s += "Dauer: \(String(format: "%.2f", log.seconds)) s\n"
        return s
    }
}
