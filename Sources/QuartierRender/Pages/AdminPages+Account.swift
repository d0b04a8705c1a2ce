import Foundation
import QuartierCore

/// Login and account pages.
extension AdminPages {
    // MARK: Login and account

    public static func login(error: String?, login: String, next: String, preToken: String, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Anmelden" : "Sign in")
        m.element("p", text: de ? "Für Mitarbeiterinnen und Mitarbeiter der Verwaltung: interner Atlas, Datenimport und Freigabe."
                                : "For staff: internal atlas, data import and release.")
        notice(&m, message: nil, error: error)
        m.element("form", ["method": "post", "action": "/anmelden", "class": "admin-form"]) { f in
            csrfField(&f, preToken)
            f.void("input", ["type": "hidden", "name": "weiter", "value": next])
            f.element("label", ["for": "login"], text: de ? "Benutzername" : "User name")
            f.void("input", ["type": "text", "id": "login", "name": "login", "value": login, "required": "required", "autocomplete": "username"])
            f.element("label", ["for": "password"], text: de ? "Passwort" : "Password")
            f.void("input", ["type": "password", "id": "password", "name": "password", "required": "required", "autocomplete": "current-password"])
            f.element("button", ["type": "submit"], text: de ? "Anmelden" : "Sign in")
        }
        return Layout.page(title: de ? "Anmelden" : "Sign in", townName: nil, lang: lang, path: "/anmelden", body: m.output)
    }

    public struct Membership: Sendable {
        public var townName: String
        public var internalLink: String
        public var role: String
        public init(townName: String, internalLink: String, role: String) { self.townName = townName; self.internalLink = internalLink; self.role = role }
    }

    public static func account(name: String, login: String, memberships: [Membership], message: String?, error: String?, csrf: String, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Konto" : "Account")
        notice(&m, message: message, error: error)
        m.element("p", text: "\(name) (\(login))")
        m.element("h2", text: de ? "Zugänge" : "Access")
        m.element("ul") { ul in
            for ms in memberships {
                ul.element("li") { li in
                    li.element("a", ["href": Layout.link(ms.internalLink, lang, absolute: true)], text: ms.townName)
                    li.text(" – " + roleName(ms.role, lang))
                }
            }
        }
        if memberships.contains(where: { $0.role == "instance" }) {
            m.element("p") { p in p.element("a", ["href": Layout.link("/instanz", lang, absolute: true)], text: de ? "Installation verwalten (Gemeinden hinzufügen)" : "Manage the installation (add towns)") }
        }
        m.element("h2", text: de ? "Passwort ändern" : "Change password")
        m.element("form", ["method": "post", "action": "/konto/passwort", "class": "admin-form"]) { f in
            csrfField(&f, csrf)
            f.element("label", ["for": "old"], text: de ? "Bisheriges Passwort" : "Current password")
            f.void("input", ["type": "password", "id": "old", "name": "old", "required": "required", "autocomplete": "current-password"])
            f.element("label", ["for": "new"], text: de ? "Neues Passwort (mindestens 12 Zeichen)" : "New password (at least 12 characters)")
            f.void("input", ["type": "password", "id": "new", "name": "new", "required": "required", "autocomplete": "new-password"])
            f.element("label", ["for": "repeat"], text: de ? "Neues Passwort wiederholen" : "Repeat new password")
            f.void("input", ["type": "password", "id": "repeat", "name": "repeat", "required": "required", "autocomplete": "new-password"])
            f.element("button", ["type": "submit"], text: de ? "Passwort ändern" : "Change password")
        }
        return Layout.page(title: de ? "Konto" : "Account", townName: nil, lang: lang, path: "/konto", body: m.output)
    }

    public static func roleName(_ role: String, _ lang: Language) -> String {
        let de = lang == .de
        switch role {
        case "admin": return de ? "Administration der Gemeinde" : "Town administrator"
        case "editor": return de ? "Redaktion (Import und Freigabe)" : "Editor (import and release)"
        case "instance": return de ? "Administration der Installation" : "Instance administrator"
        default: return de ? "Lesen (interner Atlas)" : "Viewer (internal atlas)"
        }
    }
}
