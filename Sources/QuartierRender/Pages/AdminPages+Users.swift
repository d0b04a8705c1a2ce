import Foundation
import QuartierCore

/// Accounts, roles and the audit log.
extension AdminPages {
    // MARK: Users and audit

    public struct UserRow: Sendable {
        public var id: Int64
        public var login: String
        public var name: String
        public var role: String
        public var locked: Bool
        public init(id: Int64, login: String, name: String, role: String, locked: Bool) { self.id = id; self.login = login; self.name = name; self.role = role; self.locked = locked }
    }

    public static func users(townName: String, users: [UserRow], csrf: String, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Benutzer" : "Users")
        adminNav(&m, canEdit: true, canManageUsers: true, lang: lang)
        notice(&m, message: message, error: error)
        m.element("table", ["class": "admin"]) { t in
            t.element("thead") { h in
                h.element("tr") { tr in
                    for c in (de ? ["Benutzername", "Name", "Rolle", "Passwort zurücksetzen", "Entfernen"] : ["Login", "Name", "Role", "Reset password", "Remove"]) {
                        tr.element("th", ["scope": "col"], text: c)
                    }
                }
            }
            t.element("tbody") { b in
                for u in users {
                    b.element("tr") { tr in
                        tr.element("td", text: u.login + (u.locked ? (de ? " (gesperrt)" : " (locked)") : ""))
                        tr.element("td", text: u.name)
                        tr.element("td") { td in
                            td.element("form", ["method": "post", "action": Layout.action("/verwaltung/benutzer/\(u.id)/rolle"), "class": "inline"]) { f in
                                csrfField(&f, csrf)
                                f.element("select", ["name": "rolle", "id": "r-\(u.id)", "aria-label": (de ? "Rolle von " : "Role of ") + u.login]) { s in
                                    for r in ["viewer", "editor", "admin"] {
                                        s.element("option", ["value": r, "selected": r == u.role ? "selected" : nil], text: roleName(r, lang))
                                    }
                                }
                                f.element("button", ["type": "submit"], text: de ? "Ändern" : "Change")
                            }
                        }
                        tr.element("td") { td in
                            td.element("form", ["method": "post", "action": Layout.action("/verwaltung/benutzer/\(u.id)/passwort"), "class": "inline"]) { f in
                                csrfField(&f, csrf)
                                f.void("input", ["type": "password", "name": "passwort", "id": "p-\(u.id)", "autocomplete": "new-password", "required": "required",
                                                  "aria-label": (de ? "Neues Passwort für " : "New password for ") + u.login])
                                f.element("button", ["type": "submit"], text: de ? "Setzen" : "Set")
                            }
                        }
                        tr.element("td") { td in
                            td.element("form", ["method": "post", "action": Layout.action("/verwaltung/benutzer/\(u.id)/entfernen"), "class": "inline"]) { f in
                                csrfField(&f, csrf)
                                f.element("button", ["type": "submit", "class": "danger"], text: de ? "Entfernen" : "Remove")
                            }
                        }
                    }
                }
            }
        }
        m.element("h2", text: de ? "Benutzer hinzufügen" : "Add user")
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/benutzer"), "class": "admin-form"]) { f in
            csrfField(&f, csrf)
            f.element("label", ["for": "nu-login"], text: de ? "Benutzername" : "Login")
            f.void("input", ["type": "text", "id": "nu-login", "name": "login", "required": "required", "autocomplete": "off"])
            f.element("label", ["for": "nu-name"], text: de ? "Name" : "Name")
            f.void("input", ["type": "text", "id": "nu-name", "name": "name", "required": "required"])
            f.element("label", ["for": "nu-pw"], text: de ? "Erstes Passwort (mindestens 12 Zeichen)" : "Initial password (at least 12 characters)")
            f.void("input", ["type": "password", "id": "nu-pw", "name": "passwort", "required": "required", "autocomplete": "new-password"])
            f.element("label", ["for": "nu-role"], text: de ? "Rolle" : "Role")
            f.element("select", ["name": "rolle", "id": "nu-role"]) { s in
                for r in ["viewer", "editor", "admin"] { s.element("option", ["value": r], text: roleName(r, lang)) }
            }
            f.element("button", ["type": "submit"], text: de ? "Hinzufügen" : "Add")
        }
        return Layout.page(title: de ? "Benutzer" : "Users", townName: townName, lang: lang, path: "/verwaltung/benutzer", body: m.output)
    }

    public static func audit(townName: String, entries: [AuditRow], lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Protokoll" : "Audit log")
        adminNav(&m, canEdit: true, canManageUsers: true, lang: lang)
        m.element("table", ["class": "admin"]) { t in
            t.element("thead") { h in
                h.element("tr") { tr in for c in (de ? ["Zeit", "Benutzer", "Aktion", "Was"] : ["Time", "User", "Action", "What"]) { tr.element("th", ["scope": "col"], text: c) } }
            }
            t.element("tbody") { b in
                for e in entries {
                    b.element("tr") { tr in
                        tr.element("td", text: date(e.at, lang)); tr.element("td", text: e.user); tr.element("td", text: e.action); tr.element("td", text: e.detail)
                    }
                }
            }
        }
        return Layout.page(title: de ? "Protokoll" : "Audit log", townName: townName, lang: lang, path: "/verwaltung/protokoll", body: m.output)
    }

    public struct AuditRow: Sendable {
        public var at: Date, user: String, action: String, detail: String
        public init(at: Date, user: String, action: String, detail: String) { self.at = at; self.user = user; self.action = action; self.detail = detail }
    }
}
