/// A plain page for "not found" and other messages.
public enum MessagePage {
    public static func render(title: String, message: String, townName: String?, lang: Language, path: String) -> String {
        var m = Markup()
        m.element("h1", text: title)
        m.element("p", text: message)
        m.element("p") { p in p.element("a", ["href": Layout.link("/", lang)], text: lang.t("nav.start")) }
        return Layout.page(title: title, townName: townName, lang: lang, path: path, body: m.output)
    }
}
