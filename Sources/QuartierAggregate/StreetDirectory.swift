import QuartierFormats

/// A street directory (Straßenverzeichnis): per street key, house-number ranges (all, odd or
/// even numbers, optionally a suffix range) and the area they belong to.
///
/// CSV columns (semicolon or comma): Strassenschluessel; Hausnummer_von; Hausnummer_bis;
/// Seite (alle | ungerade | gerade); Zusatz_von; Zusatz_bis (optional, letters); Gebiet.
public struct StreetDirectory: Sendable {
    public struct Range: Sendable, Hashable {
        public var street: String
        public var from: Int
        public var to: Int
        /// 0 all, 1 odd, 2 even.
        public var side: Int
        public var suffixFrom: String
        public var suffixTo: String
        public var area: String
        public var line: Int

        func covers(_ n: Int, _ suffix: String) -> Bool {
            guard n >= from, n <= to else { return false }
            if side == 1 && n % 2 == 0 { return false }
            if side == 2 && n % 2 != 0 { return false }
            if suffixFrom.isEmpty && suffixTo.isEmpty { return true }
            return suffix >= suffixFrom && suffix <= (suffixTo.isEmpty ? suffixFrom : suffixTo)
        }

        func overlaps(_ o: Range) -> Bool {
            guard street == o.street, from <= o.to, o.from <= to else { return false }
            if side != 0 && o.side != 0 && side != o.side { return false }
            // Both without suffix ranges, or their suffix ranges meet.
            let a = (suffixFrom, suffixTo.isEmpty ? suffixFrom : suffixTo), b = (o.suffixFrom, o.suffixTo.isEmpty ? o.suffixFrom : o.suffixTo)
            // A range without suffixes covers every suffix of its numbers.
            if a.0.isEmpty || b.0.isEmpty { return true }
            return a.0 <= b.1 && b.0 <= a.1
        }
    }

    public private(set) var byStreet: [String: [Range]] = [:]
    /// Numbers inside a street's range that no entry covers, per street (for the log).
    public private(set) var gaps: [(street: String, side: Int, from: Int, to: Int)] = []

    public init(raw: [UInt8], file: String) throws(ImportFailure) {
        let doc = try CSVDocument(raw: raw, file: file)
        var header: [String]?
        var idx: [String: Int] = [:]
        var issues: [ImportIssue] = []
        var ranges: [Range] = []
        do {
            try doc.forEachRecord { rec in
                if header == nil {
                    let h = (0..<rec.count).map { rec.string($0).lowercased() }
                    header = h
                    for (key, names) in [("street", ["strassenschluessel", "straßenschlüssel", "strasse", "straße", "street_key"]),
                                         ("from", ["hausnummer_von", "von", "from"]), ("to", ["hausnummer_bis", "bis", "to"]),
                                         ("side", ["seite", "side", "paritaet", "parität"]), ("sfrom", ["zusatz_von"]), ("sto", ["zusatz_bis"]),
                                         ("area", ["gebiet", "area", "sozialraum", "code"])] {
                        if let i = names.lazy.compactMap({ h.firstIndex(of: $0) }).first { idx[key] = i }
                    }
                    for (key, label) in [("street", "Straßenschlüssel"), ("from", "Hausnummer_von"), ("to", "Hausnummer_bis"), ("area", "Gebiet")] where idx[key] == nil {
                        issues.append(ImportIssue(file: file, line: rec.line, expected: "eine Spalte „\(label)“"))
                    }
                    if !issues.isEmpty { throw ImportFailure(issues: issues) }
                    return
                }
                let street = rec.string(idx["street"]!)
                guard let from = Fields.int(rec.bytes(idx["from"]!)), let to = Fields.int(rec.bytes(idx["to"]!)), from <= to else {
                    issues.append(ImportIssue(file: file, line: rec.line, columnName: "Hausnummer_von/bis", expected: "zwei Hausnummern, von ≤ bis"))
                    return
                }
                var side = 0
                if let s = idx["side"] {
                    switch rec.string(s).lowercased() {
                    case "", "alle", "a", "all": side = 0
                    case "ungerade", "u", "odd": side = 1
                    case "gerade", "g", "even": side = 2
                    default:
                        issues.append(ImportIssue(file: file, line: rec.line, column: s + 1, columnName: "Seite", expected: "alle, ungerade oder gerade"))
                        return
                    }
                }
                let area = rec.string(idx["area"]!)
                guard !street.isEmpty, !area.isEmpty else {
                    issues.append(ImportIssue(file: file, line: rec.line, expected: "Straßenschlüssel und Gebiet"))
                    return
                }
                ranges.append(Range(street: street, from: from, to: to, side: side,
                                    suffixFrom: idx["sfrom"].map { rec.string($0).lowercased() } ?? "",
                                    suffixTo: idx["sto"].map { rec.string($0).lowercased() } ?? "", area: area, line: rec.line))
            }
        } catch let e as ImportFailure {
            throw e
        } catch {
            throw ImportFailure(ImportIssue(file: file, expected: "eine lesbare Tabelle"))
        }
        for r in ranges { byStreet[r.street, default: []].append(r) }
        // Overlaps are errors (a house would belong to two areas).
        for (_, rs) in byStreet {
            for i in rs.indices { for j in rs.indices where j > i && rs[i].overlaps(rs[j]) {
                issues.append(ImportIssue(file: file, line: rs[j].line, found: "Straße \(rs[j].street): \(rs[j].from)–\(rs[j].to)",
                                          expected: "keine Überschneidung mit Zeile \(rs[i].line) (\(rs[i].from)–\(rs[i].to))"))
            } }
        }
        if !issues.isEmpty { throw ImportFailure(issues: Array(issues.prefix(50)), moreCount: max(0, issues.count - 50)) }
        // Gaps are reported: house numbers of one parity between a street's first and last entry
        // that no range covers (e.g. odd numbers 15–19 missing).
        for (street, rs) in byStreet.sorted(by: { $0.key < $1.key }) {
            for side in [1, 2] {
                let relevant = rs.filter { $0.side == 0 || $0.side == side }
                guard let lo = relevant.map(\.from).min(), let hi = relevant.map(\.to).max(), hi - lo < 100_000 else { continue }
                var start: Int?
                var n = lo % 2 == (side == 1 ? 1 : 0) ? lo : lo + 1
                while n <= hi + 2 {
                    let covered = n <= hi && relevant.contains { n >= $0.from && n <= $0.to }
                    if !covered && n <= hi { if start == nil { start = n } }
                    else if let s0 = start { gaps.append((street, side, s0, n - 2)); start = nil }
                    n += 2
                }
            }
        }
    }

    /// The area of a house, or nil.
    public func area(street: String, number: Int, suffix: String) -> String? {
        byStreet[street]?.first { $0.covers(number, suffix.lowercased()) }?.area
    }
}
