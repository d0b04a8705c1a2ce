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
