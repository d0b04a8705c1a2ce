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

    /// A decimal number with a point or comma (coordinates), or nil.
    @inline(__always)
    static func double(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == 45 { negative = true; i = 1 }
        var intPart: Int64 = 0, frac: Int64 = 0, scale = 1.0
        var digits = 0, seenPoint = false
        while i < b.count {
            let c = b[i]
            if c >= 48 && c <= 57 {
                if seenPoint { frac = frac * 10 + Int64(c - 48); scale *= 10 } else { intPart = intPart * 10 + Int64(c - 48) }
                digits += 1
            } else if (c == 46 || c == 44) && !seenPoint {
                seenPoint = true
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        let v = Double(intPart) + Double(frac) / scale
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

    static func lowerASCII(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8] { b.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 } }

    /// 0 male, 1 female, 2 diverse or no entry; nil for an unknown code.
    static func sex(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        let s = lowerASCII(b)
        switch s {
        case [109], [49], Array("männlich".utf8), Array("maennlich".utf8), Array("male".utf8): return 0
        case [119], [102], [50], Array("weiblich".utf8), Array("female".utf8): return 1
        case [100], [120], [111], [51], [52], Array("divers".utf8), Array("ohne angabe".utf8), Array("unbestimmt".utf8): return 2
        default: return nil
        }
    }

    /// German when any of the citizenships is German ("deutsch", "DE", "DEU" or the key 000); nil when empty.
    static func isForeign(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !b.isEmpty else { return nil }
        let s = lowerASCII(b)
        var start = 0
        for k in 0...s.count where k == s.count || s[k] == 44 || s[k] == 124 || s[k] == 47 {
            var part = Array(s[start..<k])
            while part.first == 32 { part.removeFirst() }
            while part.last == 32 { part.removeLast() }
            if part == Array("deutsch".utf8) || part == [100, 101] || part == [100, 101, 117] || part == [48, 48, 48] { return false }
            start = k + 1
        }
        return true
    }

    /// true main residence, false secondary, nil unknown.
    static func mainResidence(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        let s = lowerASCII(b)
        if s.isEmpty { return true }
        switch s {
        case [104], [104, 119], [49], Array("haupt".utf8), Array("hauptwohnung".utf8), Array("alleinige wohnung".utf8), [97]: return true
        case [110], [110, 119], [50], Array("neben".utf8), Array("nebenwohnung".utf8): return false
        default: return nil
        }
    }
}
