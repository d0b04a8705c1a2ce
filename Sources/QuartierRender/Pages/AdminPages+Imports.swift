import Foundation
import QuartierCore

/// Import batches, the upload form and its preview.
extension AdminPages {
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

    /// What the planner chose in the upload form, shown again after an error; `keptToken` holds
    /// the file already sent, so it need not be chosen again.
    public struct UploadChoices: Sendable {
        public var kind = "tabelle"
        public var sheet = ""
        public var level = "sozialraum"
        public var code = "code"
        public var name = "name"
        public var keptFile: String?
        public var keptToken: String?
        public var keptMapping = false
        public init() {}
    }

    public static func upload(townName: String, canManageUsers: Bool, csrf: String, maxMB: Int, error: String?, lang: Language,
                              choices: UploadChoices = UploadChoices()) -> String {
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
                let areas = choices.kind == "gebiete"
                fs.void("input", ["type": "radio", "id": "k-table", "name": "art", "value": "tabelle", "checked": areas ? nil : "checked"])
                fs.element("label", ["for": "k-table"], text: de ? "Tabelle (CSV, Excel .xlsx/.xls oder LibreOffice .ods: Gebiet, Variable, Jahr, Wert – lang oder breit)" : "Table (CSV, Excel .xlsx/.xls or LibreOffice .ods, long or wide)")
                fs.void("input", ["type": "radio", "id": "k-areas", "name": "art", "value": "gebiete", "checked": areas ? "checked" : nil])
                fs.element("label", ["for": "k-areas"], text: de ? "Gebietsgrenzen (GeoJSON, Shapefile als ZIP oder GeoPackage mit einer Ebene)" : "Area boundaries (GeoJSON, zipped shapefile or single-layer GeoPackage)")
            }
            f.element("label", ["for": "datei"], text: de ? "Datei" : "File")
            let accept = ".csv,.txt,.xlsx,.xls,.ods,.geojson,.json,.zip,.gpkg"
            if let kept = choices.keptFile, let token = choices.keptToken {
                // The file sent before stays chosen: the planner changes what the error asks for.
                f.void("input", ["type": "hidden", "name": "behalten", "value": token])
                f.element("p", ["class": "kept", "id": "behalten"], text: de
                    ? "Die Datei „\(kept)“ bleibt gewählt\(choices.keptMapping ? ", ebenso die Zuordnungsdatei" : ""): Angaben ändern und erneut prüfen, oder eine andere Datei wählen."
                    : "The file “\(kept)” stays chosen\(choices.keptMapping ? ", and so does the mapping file" : ""): change the settings and check again, or choose another file.")
                f.void("input", ["type": "file", "id": "datei", "name": "datei", "accept": accept, "aria-describedby": "behalten"])
            } else {
                f.void("input", ["type": "file", "id": "datei", "name": "datei", "required": "required", "accept": accept])
            }
            f.element("label", ["for": "blatt"], text: de ? "Tabellenblatt (nur bei Excel und ODS; Name oder Nummer, sonst das erste)" : "Sheet (Excel and ODS only; name or number, else the first)")
            f.void("input", ["type": "text", "id": "blatt", "name": "blatt", "value": choices.sheet])
            f.element("label", ["for": "zuordnung"], text: de ? "Zuordnungsdatei (optional, INI wie bei „quartier import table --mapping“)" : "Mapping file (optional)")
            f.void("input", ["type": "file", "id": "zuordnung", "name": "zuordnung", "accept": ".ini,.txt"])
            f.element("label", ["for": "ebene"], text: de ? "Gebietsebene (nur bei Gebietsgrenzen)" : "Area level (boundaries only)")
            f.void("input", ["type": "text", "id": "ebene", "name": "ebene", "value": choices.level])
            f.element("label", ["for": "code"], text: de ? "Feld mit dem Gebietsschlüssel" : "Code field")
            f.void("input", ["type": "text", "id": "code", "name": "code", "value": choices.code])
            f.element("label", ["for": "name"], text: de ? "Feld mit dem Gebietsnamen" : "Name field")
            f.void("input", ["type": "text", "id": "name", "name": "name", "value": choices.name])
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
        /// The first values as they would be stored: area, variable, date, value, status.
        public var stored: [(area: String, variable: String, date: String, value: Double?, status: String, symbol: String?)] = []
        public var token: String
        public var csrf: String
        public var lang: Language
        public init(townName: String, file: String, kind: String, facts: [(String, String)], header: [String], rows: [[String]], token: String, csrf: String, lang: Language) {
            self.townName = townName; self.file = file; self.kind = kind; self.facts = facts; self.header = header; self.rows = rows
            self.token = token; self.csrf = csrf; self.lang = lang
        }
    }

    /// The decimals a stored value needs to be shown as it is (at most six).
    static func decimalsShown(_ x: Double) -> Int {
        var scaled = x
        for d in 0...6 {
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, abs(scaled)) { return d }
            scaled *= 10
        }
        return 6
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
        if !p.stored.isEmpty {
            let nf = NumberFormat.forLanguage(p.lang)
            m.element("h2", text: de ? "So würde gespeichert (die ersten Werte)" : "As it would be stored (the first values)")
            m.element("div", ["class": "table-scroll"]) { d in
                d.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in
                        h.element("tr") { tr in
                            for c in (de ? ["Gebiet", "Variable", "Stichtag", "Wert", "Status"] : ["Area", "Variable", "Date", "Value", "State"]) { tr.element("th", ["scope": "col"], text: c) }
                        }
                    }
                    t.element("tbody") { b in
                        for v in p.stored {
                            b.element("tr") { tr in
                                tr.element("td", text: v.area)
                                tr.element("td", text: v.variable)
                                tr.element("td", text: v.date)
                                let text = v.value.map { nf.format($0, decimals: Self.decimalsShown($0)) } ?? (v.symbol ?? "–")
                                tr.element("td", ["class": "num"], text: text)
                                tr.element("td", text: v.status + (v.symbol.map { " (\($0))" } ?? ""))
                            }
                        }
                    }
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

    /// The mapping step of a guided import: one row per unknown column or label.
    public struct MappingStep: Sendable {
        public var townName: String
        public var file: String
        public var token: String
        public var csrf: String
        /// Unknown labels with the suggested variable key (nil: none close).
        public var labels: [(label: String, suggestion: String?)]
        /// Variables to choose from: key and label.
        public var variables: [(key: String, label: String)]
        public var needsPeriod: Bool
        /// Values found that usually stand for missing data (-9999).
        public var codes: [String]
        /// Cells that read differently with a decimal point or comma (1.464), shown with the question.
        public var ambiguous: [String] = []
        public var error: String?
        public var lang: Language
        public init(townName: String, file: String, token: String, csrf: String, labels: [(label: String, suggestion: String?)],
                    variables: [(key: String, label: String)], needsPeriod: Bool, codes: [String] = [], ambiguous: [String] = [], error: String?, lang: Language) {
            self.townName = townName; self.file = file; self.token = token; self.csrf = csrf; self.labels = labels
            self.variables = variables; self.needsPeriod = needsPeriod; self.codes = codes; self.ambiguous = ambiguous; self.error = error; self.lang = lang
        }
    }

    public static func mappingStep(_ p: MappingStep) -> String {
        let de = p.lang == .de
        var m = Markup()
        m.element("h1", text: (de ? "Zuordnen: " : "Map: ") + p.file)
        notice(&m, message: nil, error: p.error)
        let unknown = p.labels.count == 1 ? "eine Spalte oder Bezeichnung" : "\(p.labels.count) Spalten oder Bezeichnungen"
        let intro = p.labels.isEmpty
            ? (de ? "Die Datei ist gelesen; bitte noch die Fragen unten beantworten. Noch ist nichts gespeichert." : "The file has been read; please answer the questions below. Nothing has been stored yet.")
            : nil
        if let intro { m.element("p", text: intro) } else {
            m.element("p", text: de ? "Die Datei ist gelesen; \(unknown) kennt der Atlas noch nicht. Wählen Sie für jede eine Variable, legen Sie eine neue an oder lassen Sie sie weg. Noch ist nichts gespeichert."
                                    : "The file has been read; the atlas does not know \(p.labels.count) columns or labels yet. Choose a variable for each, create a new one or leave it out. Nothing has been stored yet.")
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/hochladen/\(p.token)/zuordnen"), "class": "admin-form mapping"]) { f in
            csrfField(&f, p.csrf)
            if !p.labels.isEmpty {
                f.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in
                        h.element("tr") { tr in
                            for c in (de ? ["Spalte oder Bezeichnung in der Datei", "Variable im Atlas"] : ["Column or label in the file", "Variable in the atlas"]) {
                                tr.element("th", ["scope": "col"], text: c)
                            }
                        }
                    }
                    t.element("tbody") { b in
                        for (i, item) in p.labels.enumerated() {
                            b.element("tr") { tr in
                                tr.element("td") { td in
                                    td.void("input", ["type": "hidden", "name": "l\(i)", "value": item.label])
                                    td.element("label", ["for": "v\(i)"], text: item.label)
                                }
                                tr.element("td") { td in
                                    td.element("select", ["id": "v\(i)", "name": "v\(i)"]) { sel in
                                        sel.element("option", ["value": "-", "selected": item.suggestion == nil ? "selected" : nil], text: de ? "weglassen" : "leave out")
                                        sel.element("option", ["value": "neu"], text: de ? "als neue Variable anlegen" : "create a new variable")
                                        for v in p.variables {
                                            sel.element("option", ["value": v.key, "selected": item.suggestion == v.key ? "selected" : nil], text: "\(v.label) (\(v.key))")
                                        }
                                    }
                                    if let s = item.suggestion {
                                        td.element("span", ["class": "hint"], text: de ? " Vorschlag: \(s)" : " Suggested: \(s)")
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !p.ambiguous.isEmpty {
                f.element("fieldset") { fs in
                    fs.element("legend", text: de ? "Dezimalzeichen: Zellen wie \(p.ambiguous.joined(separator: ", ")) lassen sich zweifach lesen"
                                                  : "Decimal mark: cells such as \(p.ambiguous.joined(separator: ", ")) can be read two ways")
                    fs.void("input", ["type": "radio", "id": "dez-p", "name": "dezimal", "value": "point", "required": "required"])
                    fs.element("label", ["for": "dez-p"], text: de ? "Dezimalpunkt: 1.464 ist eins Komma vier sechs vier" : "Decimal point: 1.464 is one point four six four")
                    fs.void("input", ["type": "radio", "id": "dez-c", "name": "dezimal", "value": "comma"])
                    fs.element("label", ["for": "dez-c"], text: de ? "Dezimalkomma: 1.464 ist eintausendvierhundertvierundsechzig" : "Decimal comma: 1.464 is one thousand four hundred and sixty-four")
                }
            }
            for (k, code) in p.codes.enumerated() {
                f.element("fieldset") { fs in
                    fs.element("legend", text: de ? "Der Wert \(code) steht meist für einen fehlenden Wert" : "The value \(code) usually stands for a missing value")
                    fs.void("input", ["type": "hidden", "name": "k\(k)", "value": code])
                    fs.void("input", ["type": "radio", "id": "c\(k)-f", "name": "c\(k)", "value": "fehlend", "checked": "checked"])
                    fs.element("label", ["for": "c\(k)-f"], text: de ? "als fehlend speichern" : "store as missing")
                    fs.void("input", ["type": "radio", "id": "c\(k)-z", "name": "c\(k)", "value": "zahl"])
                    fs.element("label", ["for": "c\(k)-z"], text: de ? "als Zahl übernehmen" : "take as a number")
                }
            }
            if p.needsPeriod {
                f.element("label", ["for": "zeitpunkt"], text: de ? "Zeitpunkt der Werte (Jahr oder Datum), wenn die Datei keine Spalte dafür hat" : "Date of the values (year or date), if the file has no column for it")
                f.void("input", ["type": "text", "id": "zeitpunkt", "name": "zeitpunkt", "inputmode": "numeric"])
            }
            f.element("label", ["for": "vorlage"], text: de ? "Als Vorlage speichern (optional), z. B. „BA kleinräumig, Dezember“: der nächste Upload dieser Quelle wird dann ohne Fragen gelesen"
                                                          : "Save as a template (optional): the next upload of this source is then read without asking")
            f.void("input", ["type": "text", "id": "vorlage", "name": "vorlage", "maxlength": "80"])
            f.element("button", ["type": "submit"], text: de ? "Zuordnung prüfen und Vorschau zeigen" : "Check the mapping and preview")
        }
        m.element("form", ["method": "post", "action": Layout.action("/verwaltung/hochladen/\(p.token)/verwerfen"), "class": "inline"]) { f in
            csrfField(&f, p.csrf)
            f.element("button", ["type": "submit", "class": "danger"], text: de ? "Verwerfen" : "Discard")
        }
        return Layout.page(title: de ? "Zuordnen" : "Map", townName: p.townName, lang: p.lang, path: "/verwaltung/hochladen", body: m.output)
    }
}
