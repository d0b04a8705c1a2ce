import Foundation
import QuartierCore

/// The administration overview: release and withdrawal.
extension AdminPages {
    // MARK: Administration overview: release

    public struct Overview: Sendable {
        public var townName: String
        public var datasets: [DatasetState]
        public var variableLabels: [String: String]
        public var indicators: [(indicator: Indicator, release: ReleaseMark?)]
        /// Area levels with their number of areas and release.
        public var levels: [(level: AreaLevel, areas: Int, release: ReleaseMark?)] = []
        public var publishAfterDays: Int
        public var now: Date
        public var canEdit: Bool
        public var canManageUsers: Bool
        public var csrf: String
        public var message: String?
        public var error: String?
        public var lang: Language
        /// A release (or withdrawal) to confirm, with what the public atlas would show after it.
        public var preview: ReleasePreviewView?
        /// Which datasets the list shows, and how it groups them.
        public var filter: DatasetFilter = .all
        public var grouping: DatasetGrouping = .batch

        public init(townName: String, datasets: [DatasetState], variableLabels: [String: String], indicators: [(indicator: Indicator, release: ReleaseMark?)],
                    publishAfterDays: Int, now: Date, canEdit: Bool, canManageUsers: Bool, csrf: String, message: String?, error: String?, lang: Language) {
            self.townName = townName; self.datasets = datasets; self.variableLabels = variableLabels; self.indicators = indicators
            self.publishAfterDays = publishAfterDays; self.now = now; self.canEdit = canEdit; self.canManageUsers = canManageUsers
            self.csrf = csrf; self.message = message; self.error = error; self.lang = lang
        }
    }

    static func adminNav(_ m: inout Markup, canEdit: Bool, canManageUsers: Bool, lang: Language) {
        let de = lang == .de
        m.element("nav", ["class": "admin-nav", "aria-label": de ? "Verwaltung" : "Administration"]) { n in
            n.element("a", ["href": Layout.link("/verwaltung", lang)], text: de ? "Freigabe" : "Release")
            n.element("a", ["href": Layout.link("/verwaltung/importe", lang)], text: de ? "Importe" : "Imports")
            if canEdit { n.element("a", ["href": Layout.link("/verwaltung/hochladen", lang)], text: de ? "Hochladen" : "Upload") }
            n.element("a", ["href": Layout.link("/verwaltung/indikatoren", lang)], text: de ? "Indikatoren" : "Indicators")
            n.element("a", ["href": Layout.link("/verwaltung/einrichtungen", lang)], text: de ? "Einrichtungen" : "Facilities")
            n.element("a", ["href": Layout.link("/verwaltung/notizen", lang)], text: de ? "Notizen" : "Notes")
            n.element("a", ["href": Layout.link("/verwaltung/massnahmen", lang)], text: de ? "Maßnahmen" : "Measures")
            n.element("a", ["href": Layout.link("/verwaltung/bericht", lang)], text: de ? "Sozialbericht" : "Social report")
            if canManageUsers {
                n.element("a", ["href": Layout.link("/verwaltung/benutzer", lang)], text: de ? "Benutzer" : "Users")
                n.element("a", ["href": Layout.link("/verwaltung/protokoll", lang)], text: de ? "Protokoll" : "Audit log")
                n.element("a", ["href": Layout.link("/verwaltung/rechtliches", lang)], text: de ? "Rechtliches" : "Legal pages")
            }
        }
    }

    /// Which datasets the release page lists (`?zeigen=`).
    public enum DatasetFilter: String, Sendable, CaseIterable {
        case all = "alle", `internal` = "intern", released = "freigegeben", overdue = "ueberfaellig"
        func label(_ de: Bool, days: Int) -> String {
            switch self {
            case .all: de ? "alle" : "all"
            case .internal: de ? "intern" : "internal"
            case .released: de ? "freigegeben" : "released"
            case .overdue: de ? "länger als \(days) Tage intern" : "internal for more than \(days) days"
            }
        }
    }

    /// How the release page groups datasets (`?gruppe=`): by the import that brought them or by variable.
    public enum DatasetGrouping: String, Sendable, CaseIterable {
        case batch = "import", variable = "variable"
        func label(_ de: Bool) -> String {
            switch self {
            case .batch: de ? "Import" : "import"
            case .variable: de ? "Variable" : "variable"
            }
        }
    }

    /// The selection of a release to confirm and its effect on the public atlas, in words.
    public struct ReleasePreviewView: Sendable {
        public var lines: [(text: String, warning: Bool)]
        /// The selection as the form sends it (`d` = variable|date, `i` = indicator, `l` = level).
        public var datasets: [String], indicators: [String], levels: [String]
        public var withdraw: Bool
        public init(lines: [(text: String, warning: Bool)], datasets: [String], indicators: [String], levels: [String], withdraw: Bool) {
            self.lines = lines; self.datasets = datasets; self.indicators = indicators; self.levels = levels; self.withdraw = withdraw
        }
    }

    public static func overview(_ o: Overview) -> String {
        let lang = o.lang, de = lang == .de
        let nf = NumberFormat.forLanguage(lang)
        var m = Markup()
        m.element("h1", text: de ? "Verwaltung: Freigabe" : "Administration: release")
        adminNav(&m, canEdit: o.canEdit, canManageUsers: o.canManageUsers, lang: lang)
        notice(&m, message: o.message, error: o.error)
        if let p = o.preview { releasePreview(&m, p, csrf: o.csrf, lang: lang) }
        let limit = TimeInterval(o.publishAfterDays) * 86_400
        let overdue = o.datasets.filter { $0.release == nil && o.now.timeIntervalSince($0.importedAt) > limit }
        m.element("section", ["aria-labelledby": "h-overdue"]) { s in
            s.element("h2", ["id": "h-overdue"], text: de ? "Länger als \(o.publishAfterDays) Tage intern" : "Internal for more than \(o.publishAfterDays) days")
            if overdue.isEmpty {
                s.element("p", text: de ? "Keine: alle älteren Datensätze sind freigegeben." : "None: every older dataset has been released.")
            } else {
                s.element("ul", ["class": "overdue"]) { ul in
                    for d in overdue {
                        let days = Int(o.now.timeIntervalSince(d.importedAt) / 86_400)
                        ul.element("li", text: "\(o.variableLabels[d.dataset.variableKey] ?? d.dataset.variableKey) \(d.dataset.period.year): "
                                   + (de ? "seit \(days) Tagen intern" : "internal for \(days) days"))
                    }
                }
            }
        }
        // Filter and grouping of the dataset list (a GET form: works without JavaScript).
        m.element("form", ["method": "get", "action": Layout.action("/verwaltung"), "class": "controls release-filter"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            f.element("label", ["for": "zeigen"], text: de ? "Datensätze zeigen" : "Show datasets")
            f.element("select", ["id": "zeigen", "name": "zeigen"]) { sel in
                for c in DatasetFilter.allCases {
                    sel.element("option", ["value": c.rawValue, "selected": c == o.filter ? "selected" : nil], text: c.label(de, days: o.publishAfterDays))
                }
            }
            f.element("label", ["for": "gruppe"], text: de ? "gruppiert nach" : "grouped by")
            f.element("select", ["id": "gruppe", "name": "gruppe"]) { sel in
                for g in DatasetGrouping.allCases {
                    sel.element("option", ["value": g.rawValue, "selected": g == o.grouping ? "selected" : nil], text: g.label(de))
                }
            }
            f.element("button", ["type": "submit"], text: lang.t("form.show"))
        }
        let shown = o.datasets.filter { d in
            switch o.filter {
            case .all: true
            case .internal: d.release == nil
            case .released: d.release != nil
            case .overdue: d.release == nil && o.now.timeIntervalSince(d.importedAt) > limit
            }
        }
        // Groups: newest import first, or variables by label.
        var groups: [(key: String, title: String, batch: Int64?, rows: [DatasetState])] = []
        switch o.grouping {
        case .batch:
            var byBatch: [Int64: [DatasetState]] = [:]
            for d in shown { byBatch[d.batchID ?? 0, default: []].append(d) }
            for id in byBatch.keys.sorted(by: >) {
                let rows = byBatch[id]!
                let first = rows[0]
                groups.append(("b\(id)", (de ? "Import Nr. \(id)" : "Import no. \(id)") + (first.batchLabel.map { ": " + $0 } ?? "") + ", " + date(first.importedAt, lang),
                               id, rows))
            }
        case .variable:
            var byVariable: [String: [DatasetState]] = [:]
            for d in shown { byVariable[d.dataset.variableKey, default: []].append(d) }
            for key in byVariable.keys.sorted(by: { (o.variableLabels[$0] ?? $0) < (o.variableLabels[$1] ?? $1) }) {
                groups.append(("v-\(key)", o.variableLabels[key] ?? key, nil, byVariable[key]!))
            }
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/freigabe"), "class": "release"]) { f in
            csrfField(&f, o.csrf)
            f.element("h2", text: (de ? "Datensätze (Variable × Stichtag)" : "Datasets (variable × reference date)")
                      + " – \(shown.count) " + (de ? "von" : "of") + " \(o.datasets.count)")
            if shown.isEmpty {
                f.element("p", text: de ? "Keine Datensätze in dieser Auswahl." : "No datasets in this selection.")
            }
            for g in groups {
                let internalCount = g.rows.filter { $0.release == nil }.count
                // Groups with nothing left to release are folded (a click opens them; no script needed).
                f.open("details", ["class": "dataset-group", "open": internalCount > 0 || o.filter != .all ? "open" : nil])
                f.element("summary") { l in
                    l.element("span", ["class": "group-title"], text: g.title)
                    l.text(" · \(g.rows.count) " + (de ? (g.rows.count == 1 ? "Datensatz" : "Datensätze") : (g.rows.count == 1 ? "dataset" : "datasets"))
                           + ", \(internalCount) " + (de ? "intern" : "internal"))
                }
                f.open("fieldset", ["class": "plain"])
                f.element("legend", ["class": "visually-hidden"], text: g.title)
                if let batch = g.batch, internalCount > 0, o.canEdit {
                    f.element("p", ["class": "actions"]) { p in
                        p.element("button", ["type": "submit", "name": "aktion", "value": "import-\(batch)"],
                                  text: internalCount == 1
                                    ? (de ? "Den internen Datensatz dieses Imports freigeben …" : "Release the internal dataset of this import …")
                                    : (de ? "Alle \(internalCount) internen Datensätze dieses Imports freigeben …" : "Release all \(internalCount) internal datasets of this import …"))
                    }
                }
                f.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in
                        h.element("tr") { tr in
                            for c in (de ? ["Auswahl", "Variable", "Stichtag", "Werte", "Importiert", "Status"] : ["Select", "Variable", "Date", "Values", "Imported", "State"]) {
                                tr.element("th", ["scope": "col"], text: c)
                            }
                        }
                    }
                    t.element("tbody") { b in
                        for d in g.rows {
                            let id = "d-\(d.dataset.variableKey)-\(d.dataset.period.date)"
                            b.element("tr", ["class": d.release == nil ? "internal" : "released"]) { tr in
                                tr.element("td") { td in
                                    td.void("input", ["type": "checkbox", "name": "d", "id": id, "value": "\(d.dataset.variableKey)|\(d.dataset.period.date)",
                                                      "disabled": o.canEdit ? nil : "disabled"])
                                }
                                tr.element("td") { td in td.element("label", ["for": id], text: o.variableLabels[d.dataset.variableKey] ?? d.dataset.variableKey) }
                                tr.element("td", text: d.dataset.period.date)
                                tr.element("td", ["class": "num"], text: nf.format(Double(d.values), decimals: 0))
                                tr.element("td", text: date(d.importedAt, lang))
                                tr.element("td", text: d.release.map { (de ? "freigegeben von " : "released by ") + $0.by + ", " + date($0.at, lang) }
                                    ?? (de ? "intern" : "internal"))
                            }
                        }
                    }
                }
                f.close("fieldset")
                f.close("details")
            }
            f.element("h2", text: de ? "Indikatoren" : "Indicators")
            f.open("fieldset", ["class": "plain"])
            f.element("legend", ["class": "visually-hidden"], text: de ? "Indikatoren auswählen" : "Select indicators")
            f.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in
                    h.element("tr") { tr in
                        for c in (de ? ["Auswahl", "Indikator", "Formel", "Status"] : ["Select", "Indicator", "Formula", "State"]) { tr.element("th", ["scope": "col"], text: c) }
                    }
                }
                t.element("tbody") { b in
                    for (ind, rel) in o.indicators {
                        b.element("tr", ["class": rel == nil ? "internal" : "released"]) { tr in
                            tr.element("td") { td in
                                td.void("input", ["type": "checkbox", "name": "i", "id": "i-\(ind.key)", "value": ind.key, "disabled": o.canEdit ? nil : "disabled"])
                            }
                            tr.element("td") { td in td.element("label", ["for": "i-\(ind.key)"], text: ind.name) }
                            tr.element("td") { td in td.element("code", text: ind.formula) }
                            tr.element("td", text: rel.map { (de ? "freigegeben von " : "released by ") + $0.by + ", " + date($0.at, lang) } ?? (de ? "intern" : "internal"))
                        }
                    }
                }
            }
            f.close("fieldset")
            f.element("h2", text: de ? "Gebietsebenen" : "Area levels")
            f.element("p", text: de ? "Eine hochgeladene Gebietsebene ist intern, bis sie freigegeben wird; solange zeigt der öffentliche Atlas weder ihre Gebiete noch deren Werte."
                                    : "An uploaded area level is internal until released; until then the public atlas shows neither its areas nor their values.")
            f.open("fieldset", ["class": "plain"])
            f.element("legend", ["class": "visually-hidden"], text: de ? "Gebietsebenen auswählen" : "Select area levels")
            f.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in
                    h.element("tr") { tr in
                        for c in (de ? ["Auswahl", "Ebene", "Gebiete", "Koordinaten der Datei", "Status"] : ["Select", "Level", "Areas", "Coordinates of the file", "State"]) { tr.element("th", ["scope": "col"], text: c) }
                    }
                }
                t.element("tbody") { b in
                    for (level, count, rel) in o.levels {
                        b.element("tr", ["class": rel == nil ? "internal" : "released"]) { tr in
                            tr.element("td") { td in
                                td.void("input", ["type": "checkbox", "name": "l", "id": "l-\(level.key)", "value": level.key, "disabled": o.canEdit ? nil : "disabled"])
                            }
                            tr.element("td") { td in td.element("label", ["for": "l-\(level.key)"], text: level.name) }
                            tr.element("td", ["class": "num"], text: nf.format(Double(count), decimals: 0))
                            tr.element("td") { td in
                                if let crs = level.sourceCRS {
                                    td.text(crs)
                                    if let t = level.transformation {
                                        td.void("br")
                                        td.element("small", text: (de ? "umgerechnet mit " : "converted with ") + t)
                                    }
                                } else {
                                    td.text("–")
                                }
                            }
                            tr.element("td", text: rel.map { (de ? "freigegeben von " : "released by ") + $0.by + ", " + date($0.at, lang) } ?? (de ? "intern" : "internal"))
                        }
                    }
                }
            }
            f.close("fieldset")
            if o.canEdit {
                f.element("p", ["class": "actions"]) { p in
                    p.element("button", ["type": "submit", "name": "aktion", "value": "vorschau"], text: de ? "Auswahl freigeben …" : "Release selection …")
                    p.element("button", ["type": "submit", "name": "aktion", "value": "zurueckziehen"], text: de ? "Freigabe zurückziehen" : "Withdraw release")
                    p.element("button", ["type": "submit", "name": "aktion", "value": "loeschen", "class": "danger"], text: de ? "Ausgewählte Datensätze löschen" : "Delete selected datasets")
                }
            }
        }
        return Layout.page(title: de ? "Verwaltung" : "Administration", townName: o.townName, lang: lang, path: "/verwaltung", body: m.output)
    }
}

extension AdminPages {
    /// The confirmation step of a release: what changes in public, then confirm or go back.
    static func releasePreview(_ m: inout Markup, _ p: ReleasePreviewView, csrf: String, lang: Language) {
        let de = lang == .de
        m.element("section", ["class": "release-preview", "aria-labelledby": "h-preview"]) { s in
            s.element("h2", ["id": "h-preview"], text: p.withdraw
                ? (de ? "Vorschau: so sieht der öffentliche Atlas nach dem Zurückziehen aus" : "Preview: the public atlas after the withdrawal")
                : (de ? "Vorschau: so sieht der öffentliche Atlas nach der Freigabe aus" : "Preview: the public atlas after the release"))
            let n = p.datasets.count + p.indicators.count + p.levels.count
            func count(_ k: Int, _ one: String, _ many: String) -> String { "\(k) " + (k == 1 ? one : many) }
            s.element("p", text: de ? "Ausgewählt: \(count(p.datasets.count, "Datensatz", "Datensätze")), \(count(p.indicators.count, "Indikator", "Indikatoren")), \(count(p.levels.count, "Gebietsebene", "Gebietsebenen")) (\(n) insgesamt). Noch ist nichts geändert."
                                    : "Selected: \(count(p.datasets.count, "dataset", "datasets")), \(count(p.indicators.count, "indicator", "indicators")), \(count(p.levels.count, "area level", "area levels")) (\(n) in all). Nothing has changed yet.")
            s.element("ul", ["class": "preview-lines"]) { ul in
                for line in p.lines { ul.element("li", ["class": line.warning ? "warning" : nil], text: line.text) }
            }
            s.element("form", ["method": "post", "action": Layout.action("/verwaltung/freigabe"), "class": "actions"]) { f in
                csrfField(&f, csrf)
                for d in p.datasets { f.void("input", ["type": "hidden", "name": "d", "value": d]) }
                for i in p.indicators { f.void("input", ["type": "hidden", "name": "i", "value": i]) }
                for l in p.levels { f.void("input", ["type": "hidden", "name": "l", "value": l]) }
                f.element("button", ["type": "submit", "name": "aktion", "value": p.withdraw ? "zurueckziehen" : "freigeben"],
                          text: p.withdraw ? (de ? "Zurückziehen bestätigen" : "Confirm withdrawal") : (de ? "Freigabe bestätigen" : "Confirm release"))
                f.element("a", ["href": Layout.link("/verwaltung", lang), "class": "button-link"], text: de ? "Abbrechen" : "Cancel")
            }
        }
    }
}
