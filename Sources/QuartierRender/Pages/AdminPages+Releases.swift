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
            n.element("a", ["href": Layout.link("/verwaltung/massnahmen", lang)], text: de ? "Maßnahmen" : "Measures")
            n.element("a", ["href": Layout.link("/verwaltung/bericht", lang)], text: de ? "Sozialbericht" : "Social report")
            if canManageUsers {
                n.element("a", ["href": Layout.link("/verwaltung/benutzer", lang)], text: de ? "Benutzer" : "Users")
                n.element("a", ["href": Layout.link("/verwaltung/protokoll", lang)], text: de ? "Protokoll" : "Audit log")
                n.element("a", ["href": Layout.link("/verwaltung/rechtliches", lang)], text: de ? "Rechtliches" : "Legal pages")
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
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/freigabe"), "class": "release"]) { f in
            csrfField(&f, o.csrf)
            f.element("h2", text: de ? "Datensätze (Variable × Stichtag)" : "Datasets (variable × reference date)")
            f.open("fieldset", ["class": "plain"])
            f.element("legend", ["class": "visually-hidden"], text: de ? "Datensätze auswählen" : "Select datasets")
            f.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in
                    h.element("tr") { tr in
                        for c in (de ? ["Auswahl", "Variable", "Stichtag", "Werte", "Importiert", "Status"] : ["Select", "Variable", "Date", "Values", "Imported", "State"]) {
                            tr.element("th", ["scope": "col"], text: c)
                        }
                    }
                }
                t.element("tbody") { b in
                    for d in o.datasets {
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
            s.element("p", text: de ? "Ausgewählt: \(p.datasets.count) Datensätze, \(p.indicators.count) Indikatoren, \(p.levels.count) Gebietsebenen (\(n) insgesamt). Noch ist nichts geändert."
                                    : "Selected: \(p.datasets.count) datasets, \(p.indicators.count) indicators, \(p.levels.count) area levels (\(n) in all). Nothing has changed yet.")
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
