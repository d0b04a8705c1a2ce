import Foundation
import QuartierCore

/// The UI language: German by default, English on request (`?lang=en`).
public enum Language: String, Sendable, CaseIterable {
    case de, en

    public init(query: String?) { self = query == "en" ? .en : .de }

    /// UI text for a key; falls back to the key itself.
    public func t(_ key: String) -> String {
        let table = self == .de ? Self.german : Self.english
        return table[key] ?? key
    }

    static let german: [String: String] = [
        "app.tagline": "Kleinräumiges Sozialmonitoring",
        "nav.start": "Start", "nav.areas": "Gebiete", "nav.api": "API",
        "start.indicators": "Indikatoren nach Themen", "start.areas": "Gebiete",
        "start.intro": "Kennzahlen zur sozialen Lage in den Gebieten der Stadt: Karten, Tabellen und Gebietsprofile.",
        "start.empty": "Noch keine Daten. Importieren Sie Gebiete und Tabellen mit „quartier import“ oder laden Sie die Demostadt mit „quartier demo“.",
        "indicator.map": "Karte", "indicator.table": "Tabelle", "indicator.town": "Gesamtstadt",
        "indicator.definition": "Definition", "indicator.formula": "Formel", "indicator.source": "Quelle",
        "indicator.refdate": "Stichtag", "indicator.validfrom": "Definition gültig ab", "indicator.unit": "Einheit", "indicator.polarity": "Lesart",
        "polarity.need": "Höherer Wert zeigt höheren Bedarf", "polarity.asset": "Höherer Wert ist günstiger", "polarity.neutral": "Beschreibend, ohne Wertung",
        "table.rank": "Rang", "table.area": "Gebiet", "table.value": "Wert", "table.ci": "95-%-Konfidenzintervall",
        "table.counts": "Zähler / Nenner", "table.note": "Hinweis", "table.town": "Stadt", "table.diff": "Abweichung",
        "note.suppressed": "geheim gehalten", "note.missing": "kein Wert", "note.low": "geringe Aussagekraft (kleine Zahl)",
        "note.estimated": "geschätzt",
        "legend.title": "Legende", "legend.nodata": "kein Wert", "legend.suppressed": "geheim gehalten", "legend.areas": "Gebiete",
        "legend.closure": "; Klassen rechts geschlossen: „über a bis b“ enthält b",
        "legend.closureLeft": "; Klassen links geschlossen (wie R findInterval): „a bis unter b“ enthält a",
        "form.method": "Klassen nach", "form.classes": "Anzahl",
        "form.year": "Jahr", "form.level": "Ebene", "form.show": "Anzeigen",
        "profile.title": "Gebietsprofil", "profile.level": "Ebene", "profile.parent": "Gehört zu", "profile.indicators": "Alle Indikatoren im Vergleich zur Stadt",
        "profile.locator": "Lage in der Stadt", "profile.sub": "Untergeordnete Gebiete", "profile.statements": "Auffälligkeiten",
        "footer.text": "Quartier – offenes kleinräumiges Sozialmonitoring (EUPL-1.2). Alle Inhalte werden von diesem Server ausgeliefert.",
        "notfound.title": "Nicht gefunden", "lang.switch": "English",
    ]

    static let english: [String: String] = [
        "app.tagline": "Small-area social monitoring",
        "nav.start": "Home", "nav.areas": "Areas", "nav.api": "API",
        "start.indicators": "Indicators by topic", "start.areas": "Areas",
        "start.intro": "Figures on the social situation in the town's areas: maps, tables and area profiles.",
        "start.empty": "No data yet. Import areas and tables with “quartier import” or load the demo town with “quartier demo”.",
        "indicator.map": "Map", "indicator.table": "Table", "indicator.town": "Whole town",
        "indicator.definition": "Definition", "indicator.formula": "Formula", "indicator.source": "Source",
        "indicator.refdate": "Reference date", "indicator.validfrom": "Definition valid from", "indicator.unit": "Unit", "indicator.polarity": "Reading",
        "polarity.need": "A higher value means more need", "polarity.asset": "A higher value is better", "polarity.neutral": "Descriptive",
        "table.rank": "Rank", "table.area": "Area", "table.value": "Value", "table.ci": "95 % confidence interval",
        "table.counts": "Numerator / denominator", "table.note": "Note", "table.town": "Town", "table.diff": "Difference",
        "note.suppressed": "suppressed", "note.missing": "no value", "note.low": "low reliability (small numbers)",
        "note.estimated": "estimated",
        "legend.title": "Legend", "legend.nodata": "no value", "legend.suppressed": "suppressed", "legend.areas": "areas",
        "legend.closure": "; classes closed on the right: “over a to b” includes b",
        "legend.closureLeft": "; classes closed on the left (as R's findInterval): “a to below b” includes a",
        "form.method": "Classes by", "form.classes": "Number",
        "form.year": "Year", "form.level": "Level", "form.show": "Show",
        "profile.title": "Area profile", "profile.level": "Level", "profile.parent": "Part of", "profile.indicators": "All indicators compared with the town",
        "profile.locator": "Location in the town", "profile.sub": "Sub-areas", "profile.statements": "Notable findings",
        "footer.text": "Quartier – open small-area social monitoring (EUPL-1.2). Everything is served by this server.",
        "notfound.title": "Not found", "lang.switch": "Deutsch",
    ]
}

extension Language {
    /// "1 Gebiet", "3 Gebiete" / "1 area", "3 areas".
    public func areas(_ n: Int) -> String {
        self == .de ? (n == 1 ? "1 Gebiet" : "\(n) Gebiete") : (n == 1 ? "1 area" : "\(n) areas")
    }

    /// The language of generated sentences and reasons.
    public var wording: Wording { self == .en ? .english : .german }

    /// The standard catalog's texts in this language: names, definitions, topics, units, sources,
    /// level names and variable labels (a text the town wrote itself stays as written).
    public func catalog(_ i: Indicator) -> Indicator { self == .en ? StandardCatalog.english(i) : i }
    public func catalog(_ l: AreaLevel) -> AreaLevel { self == .en ? StandardCatalog.english(l) : l }
    public func catalog(_ text: String) -> String { self == .en ? StandardCatalog.english(text) : text }

    /// A variable's label with the date it is missing for ("Einwohner 0 bis 2 Jahre (31.12.2013)"),
    /// the label in this language.
    public func catalogLabel(_ text: String) -> String {
        guard self == .en else { return text }
        let whole = StandardCatalog.english(text)
        if whole != text { return whole }
        if let open = text.range(of: " (", options: .backwards), text.hasSuffix(")") {
            return StandardCatalog.english(String(text[..<open.lowerBound])) + text[open.lowerBound...]
        }
        return StandardCatalog.english(text)
    }
}
