import Foundation
import QuartierCore

/// The report template: which chapters and indicators, and the planner's texts per chapter.
public enum ReportAdminPage {
    public static func render(townName: String, names: [String], template: ReportTemplate, topics: [(topic: String, indicators: [Indicator])],
                              canEdit: Bool, canManageUsers: Bool, csrf: String, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Sozialbericht: Vorlage und Texte" : "Social report: template and texts")
        AdminPages.adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        AdminPages.notice(&m, message: message, error: error)
        let q = "?vorlage=" + (template.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        m.element("p", ["class": "actions"]) { p in
            p.element("a", ["href": Layout.link("/bericht" + q, lang)], text: de ? "Bericht ansehen (HTML)" : "View report (HTML)")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/bericht.pdf" + q, lang), "download": "sozialbericht.pdf"], text: de ? "Bericht als PDF" : "Report as PDF")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/steckbriefe.pdf", lang), "download": "gebietsprofile.pdf"], text: de ? "Alle Gebietsprofile als PDF" : "All area profiles as PDF")
        }
        if names.count > 1 {
            m.element("form", ["method": "get", "action": Layout.action("/verwaltung/bericht"), "class": "controls"]) { f in
                f.element("label", ["for": "vorlage-wahl"], text: de ? "Vorlage" : "Template")
                f.element("select", ["id": "vorlage-wahl", "name": "vorlage"]) { s in
                    for n in names { s.element("option", ["value": n, "selected": n == template.name ? "selected" : nil], text: n) }
                }
                f.element("button", ["type": "submit"], text: de ? "Öffnen" : "Open")
            }
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/bericht"), "class": "admin-form report-template"]) { f in
            AdminPages.csrfField(&f, csrf)
            f.element("label", ["for": "t-name"], text: de ? "Name der Vorlage (unter neuem Namen speichern legt eine neue an)" : "Template name")
            f.void("input", ["type": "text", "id": "t-name", "name": "vorlage", "value": template.name, "required": "required"])
            f.element("fieldset") { fs in
                fs.element("legend", text: de ? "Teile des Berichts" : "Parts of the report")
                for (key, label, on) in [("fruehwarnung", de ? "Auffälligkeiten (Frühwarnung)" : "Early warning", template.earlyWarning),
                                         ("massnahmen", de ? "Maßnahmen und ihre Wirkung" : "Measures and their effect", template.measures),
                                         ("profile", de ? "Gebietsprofile" : "Area profiles", template.profiles),
                                         ("methoden", de ? "Methoden und Quellen" : "Methods and sources", template.annex)] {
                    fs.void("input", ["type": "checkbox", "id": "teil-\(key)", "name": "teil", "value": key, "checked": on ? "checked" : nil])
                    fs.element("label", ["for": "teil-\(key)"], text: label)
                }
            }
            f.element("label", ["for": "text-einleitung"], text: de ? "Einleitung" : "Introduction")
            f.element("textarea", ["id": "text-einleitung", "name": "text:einleitung", "rows": "4"], text: template.texts["einleitung"] ?? "")
            for (i, t) in topics.enumerated() {
                f.element("fieldset", ["class": "chapter"]) { fs in
                    fs.element("legend", text: "\(i + 1). \(t.topic)")
                    for ind in t.indicators {
                        fs.void("input", ["type": "checkbox", "id": "ind-\(ind.key)", "name": "indikator", "value": ind.key,
                                          "checked": template.includes(ind.key) ? "checked" : nil])
                        fs.element("label", ["for": "ind-\(ind.key)"], text: ind.name)
                    }
                    fs.element("label", ["for": "bew-\(i)", "class": "wide"], text: de ? "Bewertung" : "Interpretation")
                    fs.element("textarea", ["id": "bew-\(i)", "name": "text:bewertung:\(t.topic)", "rows": "4", "class": "wide"],
                               text: template.texts["bewertung:" + t.topic] ?? "")
                    fs.element("label", ["for": "emp-\(i)", "class": "wide"], text: de ? "Handlungsempfehlungen" : "Recommendations")
                    fs.element("textarea", ["id": "emp-\(i)", "name": "text:empfehlung:\(t.topic)", "rows": "4", "class": "wide"],
                               text: template.texts["empfehlung:" + t.topic] ?? "")
                }
            }
            f.element("label", ["for": "text-fazit"], text: de ? "Fazit und Handlungsempfehlungen" : "Conclusions")
            f.element("textarea", ["id": "text-fazit", "name": "text:fazit", "rows": "5"], text: template.texts["fazit"] ?? "")
            if let by = template.updatedBy, let at = template.updatedAt {
                f.element("p", ["class": "note"], text: (de ? "Zuletzt gespeichert von \(by), " : "Last saved by \(by), ") + AdminPages.date(at, lang))
            }
            if canEdit { f.element("button", ["type": "submit"], text: de ? "Vorlage speichern" : "Save template") }
        }
        return Layout.page(title: de ? "Sozialbericht" : "Social report", townName: townName, lang: lang, path: "/verwaltung/bericht", body: m.output)
    }
}
