import Foundation
import QuartierCore

/// The installation's page for its administrators (`/instanz`): the towns, a form to add one
/// (served by every server within seconds), and who administers the installation.
extension AdminPages {
    public struct InstanceTown: Sendable {
        public var slug: String, name: String, ags: String, link: String
        public init(slug: String, name: String, ags: String, link: String) { self.slug = slug; self.name = name; self.ags = ags; self.link = link }
    }

    public static func instance(towns: [InstanceTown], admins: [(login: String, name: String)], others: [(login: String, name: String)], me: String, canAdd: Bool, values: [String: String], csrf: String,
                                message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        let title = de ? "Installation verwalten" : "Manage the installation"
        var m = Markup()
        m.element("h1", text: title)
        notice(&m, message: message, error: error)
        m.element("h2", text: de ? "Gemeinden" : "Towns")
        // Scrolls sideways on a phone instead of cutting the address column off.
        m.element("div", ["class": "table-scroll"]) { w in
            w.element("table", ["class": "admin"]) { t in
                t.element("thead") { h in h.element("tr") { tr in
                    for c in (de ? ["Gemeinde", "Kurzname", "AGS", "Adresse"] : ["Town", "Short name", "AGS", "Address"]) { tr.element("th", ["scope": "col"], text: c) }
                } }
                t.element("tbody") { b in
                    for town in towns {
                        b.element("tr") { tr in
                            tr.element("th", ["scope": "row"], text: town.name)
                            tr.element("td", text: town.slug)
                            tr.element("td", text: town.ags)
                            tr.element("td") { td in td.element("a", ["href": town.link], text: town.link) }
                        }
                    }
                }
            }
        }
        if canAdd {
            m.element("h2", text: de ? "Gemeinde hinzufügen" : "Add a town")
            m.element("p", text: de ? "Die Gemeinde bekommt einen eigenen Atlas; jeder Server der Installation zeigt sie nach wenigen Sekunden unter /Kurzname, ohne Neustart. Danach Gebiete und Daten importieren und die Redaktion unter „Benutzer“ der Gemeinde anlegen."
                                    : "The town gets an atlas of its own; every server of the installation serves it below /short-name within seconds, without a restart. Then import areas and data and add its editors.")
            m.element("form", ["method": "post", "action": "/instanz", "class": "admin-form"]) { f in
                csrfField(&f, csrf)
                for (name, label, hint) in [("name", "Name", de ? "z. B. Nordstadt" : "e.g. Nordstadt"),
                                            ("kurzname", de ? "Kurzname (in der Adresse)" : "Short name (in the address)", de ? "Kleinbuchstaben, Ziffern, Bindestriche, z. B. nordstadt" : "lower-case letters, digits, hyphens"),
                                            ("ags", de ? "Amtlicher Gemeindeschlüssel (optional)" : "Municipality key (optional)", de ? "8 Ziffern, z. B. 03256001" : "8 digits")] {
                    f.element("label", ["for": "t-\(name)"], text: label)
                    f.void("input", ["type": "text", "id": "t-\(name)", "name": name, "value": values[name] ?? "", "required": name == "ags" ? nil : "required",
                                     "aria-describedby": "t-\(name)-hint"])
                    f.element("p", ["class": "hint", "id": "t-\(name)-hint"], text: hint)
                }
                f.element("button", ["type": "submit"], text: de ? "Gemeinde anlegen" : "Add town")
            }
        }
        m.element("h2", text: de ? "Administration der Installation" : "Administrators of the installation")
        m.element("p", text: de ? "Sie sind Administratorinnen und Administratoren jeder Gemeinde und legen Gemeinden an. Die eigenen Rechte ändert eine andere Person; die letzte bleibt."
                                : "They administer every town and add towns. One's own rights are changed by someone else; the last one stays.")
        m.element("table", ["class": "admin"]) { t in
            t.element("thead") { h in h.element("tr") { tr in
                for c in (de ? ["Name", "Anmeldename", "Aktion"] : ["Name", "Login", "Action"]) { tr.element("th", ["scope": "col"], text: c) }
            } }
            t.element("tbody") { b in
                for a in admins {
                    b.element("tr") { tr in
                        tr.element("th", ["scope": "row"], text: a.name)
                        tr.element("td", text: a.login)
                        tr.element("td") { td in
                            if a.login == me {
                                td.text(de ? "(Sie)" : "(you)")
                            } else if admins.count > 1 {
                                td.element("form", ["method": "post", "action": "/instanz/administration", "class": "inline"]) { f in
                                    csrfField(&f, csrf)
                                    f.void("input", ["type": "hidden", "name": "login", "value": a.login])
                                    f.element("button", ["type": "submit", "name": "aktion", "value": "entziehen",
                                                         "aria-label": (de ? "Rechte entziehen: " : "Revoke: ") + a.login], text: de ? "Rechte entziehen" : "Revoke")
                                }
                            }
                        }
                    }
                }
            }
        }
        if !others.isEmpty {
            m.element("form", ["method": "post", "action": "/instanz/administration", "class": "admin-form"]) { f in
                csrfField(&f, csrf)
                f.element("label", ["for": "a-login"], text: de ? "Weitere Person ernennen" : "Make another person an administrator")
                f.element("select", ["id": "a-login", "name": "login", "aria-describedby": "a-login-hint"]) { s in
                    for o in others { s.element("option", ["value": o.login], text: "\(o.name) (\(o.login))") }
                }
                f.element("p", ["class": "hint", "id": "a-login-hint"], text: de ? "Aus den Benutzern der Gemeinden; neue legt die Verwaltung einer Gemeinde unter „Benutzer“ an oder: quartier user add … --instance-admin"
                                                                                 : "From the towns' users; add new ones under a town's “Users” or with: quartier user add … --instance-admin")
                f.element("button", ["type": "submit", "name": "aktion", "value": "ernennen"], text: de ? "Ernennen" : "Grant")
            }
        }
        return Layout.page(title: title, townName: nil, lang: lang, path: "/instanz", body: m.output)
    }
}
