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
        m.open("body")
        m.element("a", ["class": "skip", "href": "#main"], text: lang == .de ? "Zum Inhalt springen" : "Skip to content")
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
                n.element("a", ["href": link("/suche", lang)], text: lang == .de ? "Suche" : "Search")
                n.element("a", ["href": "/api"], text: lang.t("nav.api"))
                let other: Language = lang == .de ? .en : .de
                n.element("a", ["href": link(path, other), "lang": other.rawValue, "hreflang": other.rawValue], text: lang.t("lang.switch"))
            }
        }
        m.open("main", ["id": "main"])
        m.raw(body)
        m.close("main")
        m.element("footer", ["class": "site"]) { f in f.element("p", text: lang.t("footer.text")) }
        m.close("body")
        m.close("html")
        return m.output
    }

    /// Adds `lang=en` to a link when the page is in English.
    public static func link(_ path: String, _ lang: Language) -> String {
        guard lang == .en else { return path }
        return path + (path.contains("?") ? "&" : "?") + "lang=en"
    }
}
