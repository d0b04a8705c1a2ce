/// The language of the sentences Quartier writes itself: the profile's statements, the early
/// warning's findings and the reasons for a missing value. German is the original; English uses
/// the standard catalog's English names for indicators, levels and variables (a name a town wrote
/// itself stays as written).
public enum Wording: Sendable {
    case german, english

    /// The German level names that take "Im …" ("Im Sozialraum Altstadt").
    static let masculineLevels: Set<String> = ["Sozialraum", "Stadtteil", "Bezirk", "Ortsteil", "Planungsraum", "Quartier"]

    /// "Im Sozialraum Altstadt" / "In the social area Altstadt"; a level without a known article
    /// becomes "Im Gebiet Altstadt (Wohnblock)" / "In Altstadt (Wohnblock)".
    func place(area: String, level: String, withLevelName: Bool = true) -> String {
        switch self {
        case .german:
            if Self.masculineLevels.contains(level) { return "Im \(level) \(area)" }
            return withLevelName ? "Im Gebiet \(area) (\(level))" : "Im Gebiet \(area)"
        case .english:
            let english = StandardCatalog.english(level)
            if english != level { return "In the \(english.lowercased()) \(area)" }
            return withLevelName ? "In \(area) (\(level))" : "In \(area)"
        }
    }

    /// "Sozialräume" / "social areas", for "aller 16 …".
    func plural(_ level: String) -> String {
        switch self {
        case .german: return Statements.plural(level)
        case .english:
            let english = StandardCatalog.english(level)
            guard english != level else { return "areas" }
            let lower = english.lowercased()
            if lower.hasSuffix("y") { return lower.dropLast() + "ies" }
            return lower + "s"
        }
    }

    func name(_ indicator: Indicator) -> String {
        self == .english ? StandardCatalog.english(indicator.name) : indicator.name
    }

    /// A reason for a missing value, as the formula evaluator and the label lookup write it in
    /// German ("kein Wert für „Einwohner 0 bis 2 Jahre“ (2 Jahre vorher)"), in this language.
    /// A reason of unknown form stays German rather than being guessed at.
    public func reason(_ german: String) -> String {
        guard self == .english else { return german }
        var s = Self.englishLabels(german)
        let fixed: [String: String] = [
            "Division durch null": "division by zero", "keine Gebiete": "no areas", "nicht definiert": "not defined",
            "change braucht eine feste Zahl von Jahren": "change() needs a fixed number of years",
        ]
        if let f = fixed[s] { return f }
        s = s.replacing(" Jahre vorher)", with: " years earlier)")
        if s.hasPrefix("kein Wert für ") { return "no value for " + s.dropFirst("kein Wert für ".count) }
        if s.hasSuffix(" ist geheim gehalten") { return s.dropLast(" ist geheim gehalten".count) + " is suppressed" }
        return s
    }

    /// German quotes around a label („…“) become English ones around its English label (“…”).
    static func englishLabels(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "„"), let close = rest[open...].firstIndex(of: "“") {
            out += rest[..<open]
            let label = String(rest[rest.index(after: open)..<close])
            out += "“" + StandardCatalog.english(label) + "”"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
