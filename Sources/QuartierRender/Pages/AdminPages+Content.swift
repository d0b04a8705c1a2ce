import Foundation
import QuartierCore

/// The staff pages for what planners maintain beside the data: indicators, facilities and
/// area notes. Each is internal until released; a change is internal again until released anew.
extension AdminPages {
    static func releaseState(_ mark: ReleaseMark?, _ de: Bool) -> String {
        mark.map { (de ? "freigegeben von " : "released by ") + $0.by + ", " + stamp($0.at) } ?? (de ? "intern" : "internal")
    }

    static func stamp(_ d: Date) -> String {
        let c = berlin.dateComponents([.year, .month, .day], from: d)
        return String(format: "%02d.%02d.%04d", c.day ?? 0, c.month ?? 0, c.year ?? 0)
    }

    static func postButton(_ m: inout Markup, action: String, csrf: String, label: String, danger: Bool = false,
                           hidden: [(String, String)] = []) {
        m.element("form", ["method": "post", "action": Layout.action(action), "class": "inline"]) { f in
            csrfField(&f, csrf)
            for (n, v) in hidden { f.void("input", ["type": "hidden", "name": n, "value": v]) }
            f.element("button", ["type": "submit", "class": danger ? "danger" : nil], text: label)
        }
    }

    // MARK: Indicators

    public static func indicatorList(townName: String, indicators: [(indicator: Indicator, versions: Int, release: ReleaseMark?)], canEdit: Bool,
                                     canManageUsers: Bool, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = de ? "Indikatoren verwalten" : "Manage indicators"
        var m = Markup()
        m.element("h1", text: title)
        adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        notice(&m, message: message, error: error)
        m.element("p", text: de ? "Ein Indikator ist eine Formel über Variablen. Neue und geänderte Indikatoren sind intern, bis sie unter „Freigabe“ freigegeben werden. Eine Änderung mit „gültig ab“ ist eine neue Fassung: frühere Stichtage behalten die alte Definition."
                                : "An indicator is a formula over variables. New and changed indicators are internal until released under “Release”. A change with “valid from” is a new version: earlier dates keep the old definition.")
        if canEdit { m.element("p") { p in p.element("a", ["href": Layout.link("/verwaltung/indikatoren/neu", lang), "class": "button"], text: de ? "Neuer Indikator" : "New indicator") } }
        m.element("div", ["class": "table-scroll"]) { w in
            w.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in h.element("tr") { tr in
                    for c in (de ? ["Indikator", "Formel", "Thema", "Fassungen", "Status", ""] : ["Indicator", "Formula", "Topic", "Versions", "State", ""]) {
                        tr.element("th", ["scope": "col"], text: c)
                    }
                } }
                t.element("tbody") { b in
                    for row in indicators {
                        let i = row.indicator
                        b.element("tr", ["class": row.release == nil ? "internal" : "released"]) { tr in
                            tr.element("th", ["scope": "row"]) { th in th.element("a", ["href": Layout.link("/indikator/\(i.key)", lang)], text: i.name) }
                            tr.element("td") { td in td.element("code", text: i.formula) }
                            tr.element("td", text: i.topic)
                            tr.element("td", ["class": "num"], text: String(row.versions))
                            tr.element("td", text: releaseState(row.release, de))
                            tr.element("td") { td in
                                if canEdit { td.element("a", ["href": Layout.link("/verwaltung/indikatoren/\(i.key)", lang)], text: de ? "Bearbeiten" : "Edit") }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: "/verwaltung/indikatoren", body: m.output)
    }

    /// The draft's values on the current data, as the editor's preview shows them.
    public struct IndicatorPreview: Sendable {
        public var level: String
        public var period: Period?
        public var rows: [(area: String, value: String)]
        public var town: String?
        public var missing: [String]
        public var problem: String?
        public init(level: String, period: Period?, rows: [(area: String, value: String)], town: String?, missing: [String], problem: String?) {
            self.level = level; self.period = period; self.rows = rows; self.town = town; self.missing = missing; self.problem = problem
        }
    }

    /// A formula error with the formula and a caret under the character it names.
    public struct FormulaProblem: Sendable {
        public var message: String
        public var formula: String
        /// 1-based character position.
        public var position: Int
        public init(message: String, formula: String, position: Int) { self.message = message; self.formula = formula; self.position = position }
    }

    public struct IndicatorFormModel: Sendable {
        public var townName: String
        public var key: String?
        public var values: [String: String]
        public var variables: [Variable]
        public var topics: [String]
        public var versions: [Indicator]
        public var preview: IndicatorPreview?
        public var formulaProblem: FormulaProblem?
        public var csrf: String
        public var error: String?
        public var lang: Language
        public init(townName: String, key: String?, values: [String: String], variables: [Variable], topics: [String], versions: [Indicator],
                    preview: IndicatorPreview?, formulaProblem: FormulaProblem?, csrf: String, error: String?, lang: Language) {
            self.townName = townName; self.key = key; self.values = values; self.variables = variables; self.topics = topics; self.versions = versions
            self.preview = preview; self.formulaProblem = formulaProblem; self.csrf = csrf; self.error = error; self.lang = lang
        }
    }

    /// The formula check and the preview, the part the page's script replaces as the planner types.
    public static func indicatorCheck(_ model: IndicatorFormModel) -> String {
        let de = model.lang == .de
        var m = Markup()
        if let p = model.formulaProblem {
            m.element("div", ["class": "notice error formula-problem", "role": "alert"]) { d in
                d.element("p", text: p.message)
                let chars = Array(p.formula)
                let at = min(max(0, p.position - 1), chars.count)
                d.element("pre", ["class": "formula-caret"]) { pre in
                    pre.text(String(chars[..<at]))
                    pre.element("mark", text: at < chars.count ? String(chars[at]) : " ")
                    if at + 1 < chars.count { pre.text(String(chars[(at + 1)...])) }
                    pre.text("\n" + String(repeating: " ", count: at) + "^")
                }
            }
        } else if let pv = model.preview {
            m.element("h2", ["id": "h-vorschau"], text: de ? "Vorschau auf den aktuellen Daten" : "Preview on the current data")
            if let problem = pv.problem {
                m.element("p", ["class": "notice error", "role": "alert"], text: problem)
            } else {
                m.element("p", text: de ? "Werte auf der Ebene „\(pv.level)“" + (pv.period.map { ", Stand \($0.germanDate)" } ?? "") + "; noch nicht gespeichert."
                                        : "Values on the level “\(pv.level)”" + (pv.period.map { ", as of \($0.germanDate)" } ?? "") + "; not saved yet.")
                if !pv.missing.isEmpty {
                    m.element("p", ["class": "period-note"], text: (de ? "Es fehlen: " : "Missing: ") + pv.missing.joined(separator: ", "))
                }
                m.element("table", ["class": "admin preview-values"]) { t in
                    t.element("thead") { h in h.element("tr") { tr in
                        tr.element("th", ["scope": "col"], text: de ? "Gebiet" : "Area")
                        tr.element("th", ["scope": "col"], text: de ? "Wert" : "Value")
                    } }
                    t.element("tbody") { b in
                        if let town = pv.town {
                            b.element("tr", ["class": "town"]) { tr in
                                tr.element("th", ["scope": "row"], text: de ? "Gesamtstadt" : "Whole town")
                                tr.element("td", ["class": "num"], text: town)
                            }
                        }
                        for r in pv.rows {
                            b.element("tr") { tr in
                                tr.element("th", ["scope": "row"], text: r.area)
                                tr.element("td", ["class": "num"], text: r.value)
                            }
                        }
                    }
                }
            }
        }
        return m.output
    }

    public static func indicatorForm(_ model: IndicatorFormModel) -> String {
        let de = model.lang == .de, v = model.values
        let title = model.key == nil ? (de ? "Neuer Indikator" : "New indicator") : (de ? "Indikator bearbeiten" : "Edit indicator")
        let action = model.key.map { "/verwaltung/indikatoren/\($0)" } ?? "/verwaltung/indikatoren/neu"
        var m = Markup()
        m.element("h1", text: title)
        notice(&m, message: nil, error: model.error)
        m.element("form", ["method": "post", "action": Layout.action(action), "class": "admin-form", "id": "indicator-form",
                           "data-preview": Layout.action("/verwaltung/indikatoren/vorschau")]) { f in
            csrfField(&f, model.csrf)
            if let key = model.key { f.void("input", ["type": "hidden", "name": "bestehend", "value": key]) }
            func field(_ name: String, _ label: String, hint: String? = nil, required: Bool = false, readonly: Bool = false, list: String? = nil) {
                f.element("label", ["for": "i-\(name)"], text: label)
                f.void("input", ["type": "text", "id": "i-\(name)", "name": name, "value": v[name] ?? "", "required": required ? "required" : nil,
                                 "readonly": readonly ? "readonly" : nil, "list": list, "aria-describedby": hint == nil ? nil : "i-\(name)-hint",
                                 "autocomplete": "off", "spellcheck": name == "formel" ? "false" : nil])
                if let hint { f.element("p", ["class": "hint", "id": "i-\(name)-hint"], text: hint) }
            }
            field("schluessel", de ? "Schlüssel" : "Key", hint: de ? "Kleinbuchstaben, Ziffern und _, beginnt mit einem Buchstaben; nicht mehr änderbar." : "Lower-case letters, digits and _; cannot be changed later.",
                  required: true, readonly: model.key != nil)
            field("name", "Name", required: true)
            field("formel", de ? "Formel" : "Formula",
                  hint: de ? "Über Variablenschlüssel, z. B. share(sgb2_u15, ew_0_14). Funktionen: share(a, b) = 100·a/b, per100, per1000, ratio(a, b), sum(a, …), change(x, n)."
                           : "Over variable keys, e.g. share(sgb2_u15, ew_0_14). Functions: share(a, b) = 100·a/b, per100, per1000, ratio(a, b), sum(a, …), change(x, n).",
                  required: true)
            field("einheit", de ? "Einheit" : "Unit", hint: de ? "z. B. %, je 1.000, Personen" : "e.g. %, per 1,000, persons", required: true)
            field("thema", de ? "Thema" : "Topic", required: true, list: "themen")
            f.element("datalist", ["id": "themen"]) { d in for t in model.topics { d.void("option", ["value": t]) } }
            f.element("label", ["for": "i-polaritaet"], text: de ? "Richtung" : "Polarity")
            f.element("select", ["id": "i-polaritaet", "name": "polaritaet"]) { s in
                for (value, deL, enL) in [("neutral", "beschreibend (keine Wertung)", "descriptive (no judgement)"), ("need", "höher = mehr Bedarf", "higher = more need"),
                                          ("asset", "höher = besser", "higher = better")] {
                    s.element("option", ["value": value, "selected": (v["polaritaet"] ?? "neutral") == value ? "selected" : nil], text: de ? deL : enL)
                }
            }
            field("nachkommastellen", de ? "Nachkommastellen" : "Decimal places", hint: de ? "0 bis 6" : "0 to 6")
            f.element("label", ["for": "i-definition"], text: "Definition")
            f.element("textarea", ["id": "i-definition", "name": "definition", "rows": "3"], text: v["definition"] ?? "")
            field("quelle", de ? "Quelle" : "Source")
            f.element("label", ["for": "i-gueltig"], text: de ? "Gültig ab (optional)" : "Valid from (optional)")
            f.void("input", ["type": "date", "id": "i-gueltig", "name": "gueltig_ab", "value": v["gueltig_ab"] ?? "", "aria-describedby": "i-gueltig-hint"])
            f.element("p", ["class": "hint", "id": "i-gueltig-hint"],
                      text: de ? "Leer: die Definition gilt für alle Stichtage (eine bestehende Fassung ohne Datum wird ersetzt). Mit Datum: eine neue Fassung ab diesem Tag; frühere Stichtage behalten die bisherige."
                               : "Empty: the definition applies to all dates (replacing a version without a date). With a date: a new version from that day; earlier dates keep the previous one.")
            f.element("div", ["class": "buttons"]) { d in
                d.element("button", ["type": "submit", "name": "aktion", "value": "vorschau", "class": "secondary"], text: de ? "Vorschau" : "Preview")
                d.element("button", ["type": "submit", "name": "aktion", "value": "speichern"], text: de ? "Speichern" : "Save")
            }
        }
        m.element("section", ["id": "vorschau", "aria-live": "polite", "aria-labelledby": "h-vorschau"]) { s in s.raw(indicatorCheck(model)) }
        if model.versions.count > 0 {
            m.element("h2", text: de ? "Fassungen" : "Versions")
            m.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in h.element("tr") { tr in
                    for c in (de ? ["Gültig ab", "Name", "Formel", "Einheit"] : ["Valid from", "Name", "Formula", "Unit"]) { tr.element("th", ["scope": "col"], text: c) }
                } }
                t.element("tbody") { b in
                    for i in model.versions {
                        b.element("tr") { tr in
                            tr.element("td", text: i.validFrom.map { Period(date: $0).germanDate } ?? (de ? "von Anfang an" : "from the start"))
                            tr.element("td", text: i.name)
                            tr.element("td") { td in td.element("code", text: i.formula) }
                            tr.element("td", text: i.unit)
                        }
                    }
                }
            }
        }
        m.element("details", ["class": "variables"]) { d in
            d.element("summary", text: de ? "Verfügbare Variablen (\(model.variables.count))" : "Available variables (\(model.variables.count))")
            d.element("ul", ["class": "variable-list"]) { ul in
                for variable in model.variables { ul.element("li") { li in li.element("code", text: variable.key); li.text(" – " + variable.label) } }
            }
        }
        m.element("script", ["src": "/static/quartier.js", "defer": "defer"], text: "")
        return Layout.page(title: title, townName: model.townName, lang: model.lang, path: action, body: m.output)
    }

    /// Form values of a stored indicator.
    public static func values(of i: Indicator) -> [String: String] {
        ["schluessel": i.key, "name": i.name, "formel": i.formula, "einheit": i.unit, "thema": i.topic, "polaritaet": i.polarity.rawValue,
         "nachkommastellen": String(i.decimals), "definition": i.definition, "quelle": i.source, "gueltig_ab": ""]
    }

    // MARK: Facilities

    public static func facilityList(townName: String, facilities: [Facility], areaNames: [String: String], canEdit: Bool, canManageUsers: Bool,
                                    csrf: String, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = de ? "Einrichtungen verwalten" : "Manage facilities"
        var m = Markup()
        m.element("h1", text: title)
        adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        notice(&m, message: message, error: error)
        m.element("p", text: de ? "Kitas, Schulen, Jugendzentren und Spielplätze auf den Karten. Neue und geänderte Einrichtungen sind intern, bis sie freigegeben werden."
                                : "Day-care centres, schools, youth centres and playgrounds on the maps. New and changed facilities are internal until released.")
        if canEdit {
            m.element("details", ["class": "upload", "open": facilities.isEmpty ? "open" : nil]) { d in
                d.element("summary", text: de ? "Einrichtungen hochladen" : "Upload facilities")
                d.element("form", ["method": "post", "action": Layout.action("/verwaltung/einrichtungen/hochladen"), "enctype": "multipart/form-data", "class": "admin-form"]) { f in
                    csrfField(&f, csrf)
                    f.element("label", ["for": "e-datei"], text: de ? "Datei (CSV mit Koordinaten, GeoJSON, Shapefile als ZIP, GeoPackage)" : "File (CSV with coordinates, GeoJSON, zipped shapefile, GeoPackage)")
                    f.void("input", ["type": "file", "id": "e-datei", "name": "datei", "required": "required", "accept": ".csv,.txt,.geojson,.json,.zip,.gpkg"])
                    f.element("label", ["for": "e-kategorie"], text: de ? "Kategorie" : "Category")
                    f.element("select", ["id": "e-kategorie", "name": "kategorie"]) { s in
                        s.element("option", ["value": ""], text: de ? "aus der Spalte „Kategorie“" : "from the column “Kategorie”")
                        for c in Facility.Category.allCases { s.element("option", ["value": c.rawValue], text: de ? c.germanName : c.englishName) }
                    }
                    for (name, label, value) in [("spalte_name", de ? "Spalte mit dem Namen" : "Name column", "Name"),
                                                 ("spalte_plaetze", de ? "Spalte mit den Plätzen" : "Capacity column", "Plaetze"),
                                                 ("spalte_x", de ? "Spalte Rechtswert/Länge (CSV)" : "Easting/longitude column (CSV)", "Rechtswert"),
                                                 ("spalte_y", de ? "Spalte Hochwert/Breite (CSV)" : "Northing/latitude column (CSV)", "Hochwert"),
                                                 ("crs", de ? "Koordinatensystem (leer: CSV EPSG:25832, sonst aus der Datei)" : "Coordinate system (empty: CSV EPSG:25832, else from the file)", "")] {
                        f.element("label", ["for": "e-\(name)"], text: label)
                        f.void("input", ["type": "text", "id": "e-\(name)", "name": name, "value": value])
                    }
                    f.element("button", ["type": "submit"], text: de ? "Hochladen" : "Upload")
                }
            }
        }
        let internalKeys = facilities.filter { $0.release == nil }.map(\.key)
        if canEdit, !internalKeys.isEmpty {
            m.element("form", ["method": "post", "action": Layout.action("/verwaltung/einrichtungen/freigeben"), "class": "actions"]) { f in
                csrfField(&f, csrf)
                f.void("input", ["type": "hidden", "name": "alle", "value": "1"])
                f.element("button", ["type": "submit"], text: de ? (internalKeys.count == 1 ? "Die interne Einrichtung freigeben" : "Alle \(internalKeys.count) internen Einrichtungen freigeben")
                                                  : (internalKeys.count == 1 ? "Release the internal facility" : "Release all \(internalKeys.count) internal facilities"))
            }
        }
        if facilities.isEmpty { m.element("p", text: de ? "Noch keine Einrichtungen." : "No facilities yet.") }
        m.element("div", ["class": "table-scroll"]) { w in
            w.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in h.element("tr") { tr in
                    for c in (de ? ["Einrichtung", "Kategorie", "Gebiet", "Plätze", "Status", "Aktionen"] : ["Facility", "Category", "Area", "Places", "State", "Actions"]) {
                        tr.element("th", ["scope": "col"], text: c)
                    }
                } }
                t.element("tbody") { b in
                    for fac in facilities {
                        b.element("tr", ["class": fac.release == nil ? "internal" : "released", "id": "f-\(fac.key)"]) { tr in
                            tr.element("th", ["scope": "row"], text: fac.name)
                            tr.element("td", text: de ? fac.category.germanName : fac.category.englishName)
                            tr.element("td", text: fac.areaCode.map { areaNames[$0] ?? $0 } ?? "")
                            tr.element("td", ["class": "num"], text: fac.capacity.map { NumberFormat.forLanguage(lang).format(Double($0), decimals: 0) } ?? "")
                            tr.element("td", text: releaseState(fac.release, de))
                            tr.element("td") { td in
                                guard canEdit else { return }
                                td.element("a", ["href": Layout.link("/verwaltung/einrichtungen/\(fac.key)", lang)], text: de ? "Bearbeiten" : "Edit")
                                postButton(&td, action: "/verwaltung/einrichtungen/" + (fac.release == nil ? "freigeben" : "zurueckziehen"), csrf: csrf,
                                           label: fac.release == nil ? (de ? "Freigeben" : "Release") : (de ? "Zurückziehen" : "Withdraw"), hidden: [("schluessel", fac.key)])
                                postButton(&td, action: "/verwaltung/einrichtungen/\(fac.key)/loeschen", csrf: csrf, label: de ? "Löschen" : "Delete", danger: true)
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: "/verwaltung/einrichtungen", body: m.output)
    }

    public static func facilityForm(townName: String, facility: Facility, values: [String: String], csrf: String, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = de ? "Einrichtung bearbeiten" : "Edit facility"
        let action = "/verwaltung/einrichtungen/\(facility.key)"
        var m = Markup()
        m.element("h1", text: title)
        notice(&m, message: nil, error: error)
        m.element("p", text: de ? "Nach dem Speichern ist die Einrichtung intern, bis sie wieder freigegeben wird."
                                : "After saving, the facility is internal until released again.")
        m.element("form", ["method": "post", "action": Layout.action(action), "class": "admin-form"]) { f in
            csrfField(&f, csrf)
            f.element("label", ["for": "f-name"], text: "Name")
            f.void("input", ["type": "text", "id": "f-name", "name": "name", "value": values["name"] ?? "", "required": "required"])
            f.element("label", ["for": "f-kategorie"], text: de ? "Kategorie" : "Category")
            f.element("select", ["id": "f-kategorie", "name": "kategorie"]) { s in
                for c in Facility.Category.allCases {
                    s.element("option", ["value": c.rawValue, "selected": values["kategorie"] == c.rawValue ? "selected" : nil], text: de ? c.germanName : c.englishName)
                }
            }
            for (name, label, hint) in [("plaetze", de ? "Plätze (optional)" : "Places (optional)", de ? "eine ganze Zahl" : "a whole number"),
                                        ("laenge", de ? "Länge (WGS84, Grad)" : "Longitude (WGS84, degrees)", de ? "z. B. 9,2085" : "e.g. 9.2085"),
                                        ("breite", de ? "Breite (WGS84, Grad)" : "Latitude (WGS84, degrees)", de ? "z. B. 52,6405" : "e.g. 52.6405")] {
                f.element("label", ["for": "f-\(name)"], text: label)
                f.void("input", ["type": "text", "id": "f-\(name)", "name": name, "value": values[name] ?? "", "inputmode": "decimal", "aria-describedby": "f-\(name)-hint"])
                f.element("p", ["class": "hint", "id": "f-\(name)-hint"], text: hint)
            }
            f.element("button", ["type": "submit"], text: de ? "Speichern" : "Save")
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: action, body: m.output)
    }

    /// Form values of a stored facility (coordinates with a German decimal comma).
    public static func values(of f: Facility) -> [String: String] {
        func deg(_ v: Double) -> String { String(format: "%.6f", v).replacingOccurrences(of: ".", with: ",") }
        return ["name": f.name, "kategorie": f.category.rawValue, "plaetze": f.capacity.map(String.init) ?? "", "laenge": deg(f.longitude), "breite": deg(f.latitude)]
    }

    // MARK: Area notes

    public static func noteList(townName: String, levels: [AreaLevel], areas: [Area], notes: [String: AreaNote], canEdit: Bool, canManageUsers: Bool,
                                csrf: String, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = de ? "Notizen zu Gebieten" : "Area notes"
        var m = Markup()
        m.element("h1", text: title)
        adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        notice(&m, message: message, error: error)
        m.element("p", text: de ? "Was die Zahlen nicht sagen: ein neues Baugebiet, eine geschlossene Schule, eine geänderte Grenze. Eine freigegebene Notiz steht im öffentlichen Steckbrief und im Sozialbericht; eine geänderte ist intern, bis sie wieder freigegeben wird."
                                : "What the figures do not say: a new estate, a closed school, a changed boundary. A released note appears in the public profile and the social report; a changed one is internal until released again.")
        for level in levels {
            let inLevel = areas.filter { $0.levelKey == level.key }
            guard !inLevel.isEmpty else { continue }
            m.element("h2", text: level.name)
            m.element("div", ["class": "table-scroll"]) { w in
                w.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in h.element("tr") { tr in
                        for c in (de ? ["Gebiet", "Notiz", "Status", "Aktionen"] : ["Area", "Note", "State", "Actions"]) { tr.element("th", ["scope": "col"], text: c) }
                    } }
                    t.element("tbody") { b in
                        for a in inLevel {
                            let note = notes[a.code]
                            b.element("tr", ["class": note == nil ? nil : note?.release == nil ? "internal" : "released"]) { tr in
                                tr.element("th", ["scope": "row"], text: "\(a.name) (\(a.code))")
                                tr.element("td", text: note.map { $0.text.count > 120 ? String($0.text.prefix(119)) + "…" : $0.text } ?? "–")
                                tr.element("td", text: note.map { releaseState($0.release, de) } ?? "")
                                tr.element("td") { td in
                                    guard canEdit else { return }
                                    td.element("a", ["href": Layout.link("/verwaltung/notizen/\(a.code)", lang)],
                                               text: note == nil ? (de ? "Schreiben" : "Write") : (de ? "Bearbeiten" : "Edit"))
                                    if let note {
                                        postButton(&td, action: "/verwaltung/notizen/\(a.code)/" + (note.release == nil ? "freigeben" : "zurueckziehen"), csrf: csrf,
                                                   label: note.release == nil ? (de ? "Freigeben" : "Release") : (de ? "Zurückziehen" : "Withdraw"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: "/verwaltung/notizen", body: m.output)
    }

    public static func noteForm(townName: String, area: Area, text: String, note: AreaNote?, csrf: String, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = (de ? "Notiz: " : "Note: ") + area.name
        let action = "/verwaltung/notizen/\(area.code)"
        var m = Markup()
        m.element("h1", text: title)
        notice(&m, message: nil, error: error)
        if let note, let by = note.writtenBy {
            m.element("p", text: (de ? "Zuletzt geschrieben von " : "Last written by ") + by + (note.writtenAt.map { ", " + stamp($0) } ?? "") + "; " + releaseState(note.release, de) + ".")
        }
        m.element("form", ["method": "post", "action": Layout.action(action), "class": "admin-form"]) { f in
            csrfField(&f, csrf)
            f.element("label", ["for": "n-text"], text: de ? "Notiz (höchstens \(AreaNote.maximumLength) Zeichen; leer löscht die Notiz)" : "Note (at most \(AreaNote.maximumLength) characters; empty deletes it)")
            f.element("textarea", ["id": "n-text", "name": "text", "rows": "6", "maxlength": String(AreaNote.maximumLength)], text: text)
            f.element("button", ["type": "submit"], text: de ? "Speichern" : "Save")
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: action, body: m.output)
    }
}
