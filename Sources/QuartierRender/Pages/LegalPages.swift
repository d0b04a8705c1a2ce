import Foundation
import QuartierCore

/// The town's Impressum, privacy policy and accessibility statement as public pages, and the
/// admin's form to write them.
public enum LegalPages {
    /// The public page; an empty one says that the town has not written it yet.
    public static func page(_ page: LegalPage?, kind: LegalPage.Kind, townName: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        let title = de ? kind.germanTitle : kind.englishTitle
        m.element("h1", text: title)
        if let page, !page.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            paragraphs(page.text, into: &m, lang: "de")
        } else {
            m.element("p", ["class": "notice"], text: de ? "Die Stadt hat diesen Text noch nicht hinterlegt." : "The town has not provided this text yet.")
        }
        if kind == .barrierefreiheit {
            m.element("h2", text: de ? "Feedback und Kontakt" : "Feedback and contact")
            m.element("p", text: de ? "Wenn Ihnen Mängel in der Zugänglichkeit auffallen oder Sie Inhalte in einer anderen Form brauchen, schreiben Sie uns:"
                                    : "If you find barriers or need content in another form, please contact us:")
            if let contact = page?.contact?.trimmingCharacters(in: .whitespacesAndNewlines), !contact.isEmpty {
                if isEmail(contact) {
                    m.element("p") { p in p.element("a", ["href": "mailto:" + contact], text: contact) }
                } else {
                    paragraphs(contact, into: &m, lang: "de")
                }
            } else {
                m.element("p", ["class": "notice"], text: de ? "Die Kontaktangabe fehlt noch." : "The contact is still missing.")
            }
        }
        if let at = page?.updatedAt {
            m.element("p", ["class": "muted"], text: (de ? "Stand: " : "Last updated: ") + date(at))
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: "/" + kind.rawValue, body: m.output)
    }

    /// Paragraphs separated by blank lines; a line break within one is kept.
    static func paragraphs(_ text: String, into m: inout Markup, lang: String) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        for block in normalized.components(separatedBy: "\n\n") {
            let lines = block.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard lines.contains(where: { !$0.isEmpty }) else { continue }
            m.element("p", ["lang": lang]) { p in
                for (i, line) in lines.enumerated() where !line.isEmpty {
                    if i > 0 { p.void("br") }
                    p.text(line)
                }
            }
        }
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@")
        return parts.count == 2 && !s.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" }) && parts[1].contains(".")
    }

    static func date(_ d: Date) -> String {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        let x = c.dateComponents([.day, .month, .year], from: d)
        return String(format: "%02d.%02d.%04d", x.day ?? 0, x.month ?? 0, x.year ?? 0)
    }

    /// The admin's form: the three texts and the feedback contact.
    public static func form(pages: [LegalPage], townName: String, csrf: String, message: String?, canManageUsers: Bool, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Verwaltung: Impressum, Datenschutz, Barrierefreiheit" : "Administration: legal pages")
        AdminPages.adminNav(&m, canEdit: true, canManageUsers: canManageUsers, lang: lang)
        AdminPages.notice(&m, message: message, error: nil)
        m.element("p", text: de ? "Jede öffentliche Seite verlinkt diese drei Texte im Fuß. Absätze durch eine Leerzeile trennen. Solange einer fehlt, erinnert jede interne Seite daran."
                                : "Every public page links these three texts in its footer. Separate paragraphs by a blank line. While one is missing, every internal page reminds you.")
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/rechtliches"), "class": "admin-form legal"]) { f in
            AdminPages.csrfField(&f, csrf)
            for kind in LegalPage.Kind.allCases {
                let page = pages.first { $0.kind == kind }
                f.element("label", ["for": "t-\(kind.rawValue)"], text: kind.germanTitle + (page?.isEmpty ?? true ? (de ? " (fehlt)" : " (missing)") : ""))
                f.element("textarea", ["id": "t-\(kind.rawValue)", "name": kind.rawValue, "rows": "10", "maxlength": String(LegalPage.maximumLength)], text: page?.text ?? "")
                if kind == .barrierefreiheit {
                    f.element("label", ["for": "kontakt"], text: de ? "Kontakt für Rückmeldungen zur Barrierefreiheit (E-Mail oder Anschrift)" : "Feedback contact (e-mail or postal address)")
                    f.void("input", ["type": "text", "id": "kontakt", "name": "kontakt", "value": page?.contact ?? "", "maxlength": "500"])
                }
                if let by = page?.updatedBy, let at = page?.updatedAt {
                    f.element("p", ["class": "muted"], text: (de ? "Zuletzt geändert von " : "Last changed by ") + by + ", " + date(at))
                }
            }
            f.element("button", ["type": "submit"], text: de ? "Speichern" : "Save")
        }
        return Layout.page(title: de ? "Verwaltung" : "Administration", townName: townName, lang: lang, path: "/verwaltung/rechtliches", body: m.output)
    }
}
