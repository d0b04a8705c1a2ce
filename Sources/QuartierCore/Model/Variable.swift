/// A counted quantity per area and reference date, e.g. residents aged 0–2 on 31 December.
public struct Variable: Sendable, Hashable, Codable {
    public var id: Int64?
    /// Identifier used in formulas and files: lower case letters, digits and `_`.
    public var key: String
    public var label: String
    public var unit: String
    public var source: String

    public init(id: Int64? = nil, key: String, label: String, unit: String = "Personen", source: String = "") {
        self.id = id
        self.key = key
        self.label = label
        self.unit = unit
        self.source = source
    }

    /// Whether `key` is a valid variable key (starts with a letter, then letters, digits, `_`).
    public static func isValidKey(_ key: String) -> Bool {
        guard let first = key.utf8.first, (first >= 97 && first <= 122) else { return false }
        return key.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// Derives a valid key from a free label ("Einwohner 0–2 Jahre" → "einwohner_0_2_jahre").
    public static func key(forLabel label: String) -> String {
        var out = ""
        for scalar in label.lowercased().unicodeScalars {
            switch scalar {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
            default: if !out.isEmpty && !out.hasSuffix("_") { out += "_" }
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        if out.isEmpty || !(out.first!.isLetter) { out = "v_" + out }
        return out
    }
}
