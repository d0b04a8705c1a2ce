import Foundation
import QuartierCore

/// Pages of the staff part: login, account, release of data, imports, upload, users, audit log.
public enum AdminPages {
    static func csrfField(_ f: inout Markup, _ token: String) {
        f.void("input", ["type": "hidden", "name": "csrf", "value": token])
    }

    static func notice(_ m: inout Markup, message: String?, error: String?) {
        if let message { m.element("p", ["class": "notice ok", "role": "status"], text: message) }
        if let error { m.element("p", ["class": "notice error", "role": "alert"], text: error) }
    }

    static let berlin: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        return c
    }()

    /// "24.11.2026 14:05" in German local time (both languages; one calendar, no formatter per call).
    public static func date(_ d: Date, _ lang: Language) -> String {
        let c = berlin.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : String(v) }
        return "\(two(c.day)).\(two(c.month)).\(c.year ?? 0) \(two(c.hour)):\(two(c.minute))"
    }

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

    // MARK: Administration overview: release

    public struct Overview: Sendable {
        public var townName: String
        public var datasets: [DatasetState]
        public var variableLabels: [String: String]
        public var indicators: [(indicator: Indicator, release: ReleaseMark?)]
        public var publishAfterDays: Int
        public var now: Date
        public var canEdit: Bool
        public var canManageUsers: Bool
        public var csrf: String
        public var message: String?
        public var error: String?
        public var lang: Language

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
            }
        }
    }

    public static func overview(_ o: Overview) -> String {
        let lang = o.lang, de = lang == .de
        let nf = NumberFormat.forLanguage(lang)
        var m = Markup()
        m.element("h1", text: de ? "Verwaltung: Freigabe" : "Administration: release")
        adminNav(&m, canEdit: o.canEdit, canManageUsers: o.canManageUsers, lang: lang)
        notice(&m, message: o.message, error: o.error)
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
            if o.canEdit {
                f.element("p", ["class": "actions"]) { p in
                    p.element("button", ["type": "submit", "name": "aktion", "value": "freigeben"], text: de ? "Auswahl freigeben" : "Release selection")
                    p.element("button", ["type": "submit", "name": "aktion", "value": "zurueckziehen"], text: de ? "Freigabe zurückziehen" : "Withdraw release")
                    p.element("button", ["type": "submit", "name": "aktion", "value": "loeschen", "class": "danger"], text: de ? "Ausgewählte Datensätze löschen" : "Delete selected datasets")
                }
            }
        }
        return Layout.page(title: de ? "Verwaltung" : "Administration", townName: o.townName, lang: lang, path: "/verwaltung", body: m.output)
    }

    // MARK: Imports

    public static func batches(townName: String, batches: [BatchInfo], canEdit: Bool, canManageUsers: Bool, csrf: String,
                               message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        let nf = NumberFormat.forLanguage(lang)
        var m = Markup()
        m.element("h1", text: de ? "Importe" : "Imports")
        adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        notice(&m, message: message, error: error)
        m.element("p", text: de ? "Jeder Import ist ein Stapel. Der jüngste noch gültige Stapel kann zurückgenommen werden; überschriebene Werte kommen dann zurück."
                                : "Every import is a batch. The newest batch still in force can be rolled back; the values it overwrote come back.")
        let newest = batches.first { $0.rolledBackAt == nil }?.id
        m.element("table", ["class": "admin"]) { t in
            t.element("thead") { h in
                h.element("tr") { tr in
                    for c in (de ? ["Nr.", "Bezeichnung", "Art", "Zeit", "Werte", "Gebiete", "Status"] : ["No.", "Label", "Kind", "Time", "Values", "Areas", "State"]) {
                        tr.element("th", ["scope": "col"], text: c)
                    }
                }
            }
            t.element("tbody") { b in
                for x in batches {
                    b.element("tr") { tr in
                        tr.element("td", ["class": "num"], text: String(x.id))
                        tr.element("td", text: x.label)
                        tr.element("td", text: x.kind)
                        tr.element("td", text: date(x.createdAt, lang))
                        tr.element("td", ["class": "num"], text: nf.format(Double(x.values), decimals: 0))
                        tr.element("td", ["class": "num"], text: nf.format(Double(x.areas), decimals: 0))
                        tr.element("td") { td in
                            if let r = x.rolledBackAt {
                                td.text((de ? "zurückgenommen " : "rolled back ") + date(r, lang))
                            } else if x.id == newest && canEdit {
                                td.element("form", ["method": "post", "action": Layout.action("/verwaltung/importe/\(x.id)/zuruecknehmen"), "class": "inline"]) { f in
                                    csrfField(&f, csrf)
                                    f.element("button", ["type": "submit", "class": "danger"], text: de ? "Zurücknehmen" : "Roll back")
                                }
                            } else {
                                td.text(de ? "gültig" : "in force")
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: de ? "Importe" : "Imports", townName: townName, lang: lang, path: "/verwaltung/importe", body: m.output)
    }

    // MARK: Upload

    public static func upload(townName: String, canManageUsers: Bool, csrf: String, maxMB: Int, error: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Daten hochladen" : "Upload data")
        adminNav(&m, canEdit: true, canManageUsers: canManageUsers, lang: lang)
        notice(&m, message: nil, error: error)
        m.element("p", text: de ? "Die Datei wird zuerst geprüft und als Vorschau gezeigt; gespeichert wird erst nach der Bestätigung. Höchstens \(maxMB) MB."
                                : "The file is checked and previewed first; nothing is stored before you confirm. At most \(maxMB) MB.")
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/hochladen"), "enctype": "multipart/form-data", "class": "admin-form"]) { f in
            csrfField(&f, csrf)
            f.element("fieldset") { fs in
                fs.element("legend", text: de ? "Art der Datei" : "Kind of file")
                fs.void("input", ["type": "radio", "id": "k-table", "name": "art", "value": "tabelle", "checked": "checked"])
                fs.element("label", ["for": "k-table"], text: de ? "Tabelle (CSV: Gebiet, Variable, Jahr, Wert – lang oder breit)" : "Table (CSV, long or wide)")
                fs.void("input", ["type": "radio", "id": "k-areas", "name": "art", "value": "gebiete"])
                fs.element("label", ["for": "k-areas"], text: de ? "Gebietsgrenzen (GeoJSON oder Shapefile als ZIP)" : "Area boundaries (GeoJSON or zipped shapefile)")
            }
            f.element("label", ["for": "datei"], text: de ? "Datei" : "File")
            f.void("input", ["type": "file", "id": "datei", "name": "datei", "required": "required", "accept": ".csv,.txt,.geojson,.json,.zip"])
            f.element("label", ["for": "zuordnung"], text: de ? "Zuordnungsdatei (optional, INI wie bei „quartier import table --mapping“)" : "Mapping file (optional)")
            f.void("input", ["type": "file", "id": "zuordnung", "name": "zuordnung", "accept": ".ini,.txt"])
            f.element("label", ["for": "ebene"], text: de ? "Gebietsebene (nur bei Gebietsgrenzen)" : "Area level (boundaries only)")
            f.void("input", ["type": "text", "id": "ebene", "name": "ebene", "value": "sozialraum"])
            f.element("label", ["for": "code"], text: de ? "Feld mit dem Gebietsschlüssel" : "Code field")
            f.void("input", ["type": "text", "id": "code", "name": "code", "value": "code"])
            f.element("label", ["for": "name"], text: de ? "Feld mit dem Gebietsnamen" : "Name field")
            f.void("input", ["type": "text", "id": "name", "name": "name", "value": "name"])
            f.element("button", ["type": "submit"], text: de ? "Prüfen und Vorschau zeigen" : "Check and preview")
        }
        return Layout.page(title: de ? "Hochladen" : "Upload", townName: townName, lang: lang, path: "/verwaltung/hochladen", body: m.output)
    }

    public struct Preview: Sendable {
        public var townName: String
        public var file: String
        public var kind: String
        public var facts: [(String, String)]
        public var header: [String]
        public var rows: [[String]]
        public var token: String
        public var csrf: String
        public var lang: Language
        public init(townName: String, file: String, kind: String, facts: [(String, String)], header: [String], rows: [[String]], token: String, csrf: String, lang: Language) {
            self.townName = townName; self.file = file; self.kind = kind; self.facts = facts; self.header = header; self.rows = rows
            self.token = token; self.csrf = csrf; self.lang = lang
        }
    }

    public static func preview(_ p: Preview) -> String {
        let de = p.lang == .de
        var m = Markup()
        m.element("h1", text: (de ? "Vorschau: " : "Preview: ") + p.file)
        m.element("p", text: de ? "Die Datei ist geprüft und fehlerfrei. Noch ist nichts gespeichert." : "The file has been checked and is valid. Nothing has been stored yet.")
        m.element("dl", ["class": "facts"]) { dl in
            for (k, v) in p.facts { dl.element("dt", text: k); dl.element("dd", text: v) }
        }
        if !p.header.isEmpty {
            m.element("h2", text: de ? "Erste Zeilen" : "First rows")
            m.element("div", ["class": "table-scroll"]) { d in
                d.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in h.element("tr") { tr in for c in p.header { tr.element("th", ["scope": "col"], text: c) } } }
                    t.element("tbody") { b in for r in p.rows { b.element("tr") { tr in for c in r { tr.element("td", text: c) } } } }
                }
            }
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/hochladen/\(p.token)/uebernehmen"), "class": "inline"]) { f in
            csrfField(&f, p.csrf)
            f.element("button", ["type": "submit"], text: de ? "Import bestätigen" : "Confirm import")
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/hochladen/\(p.token)/verwerfen"), "class": "inline"]) { f in
            csrfField(&f, p.csrf)
            f.element("button", ["type": "submit", "class": "danger"], text: de ? "Verwerfen" : "Discard")
        }
        return Layout.page(title: de ? "Vorschau" : "Preview", townName: p.townName, lang: p.lang, path: "/verwaltung/hochladen", body: m.output)
    }

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

    // MARK: Landing page of an installation with several towns

    public struct TownEntry: Sendable {
        public var name: String
        public var link: String
        public var values: [String: (value: Double?, text: String)]
        public init(name: String, link: String, values: [String: (value: Double?, text: String)]) { self.name = name; self.link = link; self.values = values }
    }

    public static func landing(towns: [TownEntry], indicators: [(key: String, name: String)], lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Gemeinden" : "Towns")
        m.element("ul", ["class": "towns"]) { ul in
            for t in towns { ul.element("li") { li in li.element("a", ["href": Layout.link(t.link, lang, absolute: true)], text: t.name) } }
        }
        if !indicators.isEmpty {
            m.element("h2", text: de ? "Vergleich der Gemeinden (jüngster freigegebener Stand)" : "Towns compared (latest released data)")
            m.element("div", ["class": "table-scroll"]) { d in
                d.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in
                        h.element("tr") { tr in
                            tr.element("th", ["scope": "col"], text: de ? "Indikator" : "Indicator")
                            for town in towns { tr.element("th", ["scope": "col"], text: town.name) }
                        }
                    }
                    t.element("tbody") { b in
                        for ind in indicators {
                            b.element("tr") { tr in
                                tr.element("th", ["scope": "row"], text: ind.name)
                                for town in towns { tr.element("td", ["class": "num"], text: town.values[ind.key]?.text ?? "–") }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: de ? "Gemeinden" : "Towns", townName: nil, lang: lang, path: "/gemeinden", body: m.output)
    }
}
