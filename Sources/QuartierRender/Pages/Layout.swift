import QuartierCore

/// The frame around every page: head, header with navigation and language switch, footer.
public enum Layout {
    /// `path` is the current path with its query (without `lang`), for the language switch.
    public static func page(title: String, townName: String?, lang: Language, path: String, body: String) -> String {
        var m = Markup()
        m.raw("<!DOCTYPE html>")
        m.open("html", ["lang": lang.rawValue])
        m.open("head")
        m.void("meta", ["charset": "utf-8"])
        m.void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        m.element("title", text: title + (townName.map { " – " + $0 } ?? "") + " – Quartier")
        m.void("link", ["rel": "stylesheet", "href": "/static/quartier.css"])
        m.close("head")
        let site = Site.current
        m.open("body", ["class": site.isInternal ? "internal" : nil])
        m.element("a", ["class": "skip", "href": "#main"], text: lang == .de ? "Zum Inhalt springen" : "Skip to content")
        if site.isInternal {
            m.element("div", ["class": "internal-banner", "role": "note"]) { b in
                b.element("strong", text: lang == .de ? "Interner Atlas" : "Internal atlas")
                b.text(lang == .de ? " – zeigt auch nicht freigegebene Daten. " : " – includes data not yet released. ")
                b.element("a", ["href": link(site.publicBase + "/", lang, absolute: true)], text: lang == .de ? "Öffentliche Ansicht" : "Public view")
            }
            if !site.missingLegalPages.isEmpty {
                m.element("div", ["class": "notice legal-missing", "role": "note"]) { b in
                    b.text((lang == .de ? "Es fehlen noch: " : "Still missing: ") + site.missingLegalPages.joined(separator: ", ")
                           + (lang == .de ? ". Ein öffentliches Angebot einer Behörde braucht sie (DDG §5, DSGVO Art. 13, BITV 2.0 §7). " : ". A public body's website needs them. "))
                    if site.isTownAdmin {
                        b.element("a", ["href": link(site.publicBase + "/intern/verwaltung/rechtliches", lang, absolute: true)], text: lang == .de ? "Jetzt eintragen" : "Write them now")
                    }
                }
            }
        }
        m.element("header", ["class": "site"]) { h in
            h.element("a", ["class": "brand", "href": link("/", lang)]) { b in
                b.element("strong", text: townName ?? "Quartier")
                b.element("span", text: lang.t("app.tagline"))
            }
            h.element("nav", ["aria-label": lang == .de ? "Hauptnavigation" : "Main navigation"]) { n in
                n.element("a", ["href": link("/", lang)], text: lang.t("nav.start"))
                n.element("a", ["href": link("/gebiete", lang)], text: lang.t("nav.areas"))
                n.element("a", ["href": link("/sozialindex", lang)], text: lang == .de ? "Sozialindex" : "Social index")
                n.element("a", ["href": link("/fruehwarnung", lang)], text: lang == .de ? "Frühwarnung" : "Early warning")
                n.element("a", ["href": link("/massnahmen", lang)], text: lang == .de ? "Maßnahmen" : "Measures")
                n.element("a", ["href": link("/suche", lang)], text: lang == .de ? "Suche" : "Search")
                n.element("a", ["href": site.publicBase + "/api"], text: lang.t("nav.api"))
                if site.canAdminister {
                    n.element("a", ["href": link(site.publicBase + "/intern/verwaltung", lang, absolute: true)], text: lang == .de ? "Verwaltung" : "Administration")
                }
                let other: Language = lang == .de ? .en : .de
                n.element("a", ["href": link(path, other), "lang": other.rawValue, "hreflang": other.rawValue], text: lang.t("lang.switch"))
            }
        }
        m.open("main", ["id": "main"])
        m.raw(body)
        m.close("main")
        m.element("footer", ["class": "site"]) { f in
            f.element("p", text: lang.t("footer.text"))
            f.element("nav", ["class": "legal", "aria-label": lang == .de ? "Rechtliches" : "Legal"]) { n in
                for (i, kind) in LegalPage.Kind.allCases.enumerated() {
                    if i > 0 { n.text(" · ") }
                    n.element("a", ["href": link(site.publicBase + "/" + kind.rawValue, lang, absolute: true)], text: kind.footerName(german: lang == .de))
                }
            }
            f.element("p", ["class": "account"]) { p in
                if site.townCount > 1 {
                    p.element("a", ["href": link("/gemeinden", lang, absolute: true)], text: lang == .de ? "Alle Gemeinden" : "All towns")
                    p.text(" · ")
                }
                if let user = site.userName, let csrf = site.csrf {
                    p.text((lang == .de ? "Angemeldet: " : "Signed in: ") + user + " · ")
                    if !site.isInternal && !site.isInstallationPage {
                        p.element("a", ["href": link(site.publicBase + "/intern/", lang, absolute: true)], text: lang == .de ? "Interner Atlas" : "Internal atlas")
                        p.text(" · ")
                    }
                    p.element("a", ["href": link("/konto", lang, absolute: true)], text: lang == .de ? "Konto" : "Account")
                    p.text(" · ")
                    p.element("form", ["method": "post", "action": "/abmelden", "class": "inline"]) { f in
                        f.void("input", ["type": "hidden", "name": "csrf", "value": csrf])
                        f.element("button", ["type": "submit", "class": "link"], text: lang == .de ? "Abmelden" : "Sign out")
                    }
                } else {
                    p.element("a", ["href": link("/anmelden", lang, absolute: true), "rel": "nofollow"], text: lang == .de ? "Anmelden (Verwaltung)" : "Sign in (staff)")
                }
            }
        }
        m.close("body")
        m.close("html")
        return m.output
    }

    /// A link inside the current atlas (below the site's base path), with `lang=en` when the
    /// page is in English. `absolute` links are taken as they are (login, landing page).
    public static func link(_ path: String, _ lang: Language, absolute: Bool = false) -> String {
        let full = absolute || !path.hasPrefix("/") ? path : action(path)
        guard lang == .en else { return full }
        return full + (full.contains("?") ? "&" : "?") + "lang=en"
    }

    /// A path inside the current atlas, for form actions and download links.
    public static func action(_ path: String) -> String {
        let base = Site.current.base
        if base.isEmpty { return path }
        return path == "/" ? base + "/" : base + path
    }
}
