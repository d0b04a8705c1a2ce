import Foundation
import HTTPTypes
import Hummingbird
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// A town's administration below `base/intern/verwaltung`: release, imports and rollback,
/// web upload with preview, users and the audit log. The staff group's middleware has
/// already checked that the user belongs to the town; each action checks the role it needs.
struct AdminController: Sendable {
    let site: TownSite
    let instance: any InstanceStore
    let configuration: ServerConfiguration

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/verwaltung") { request, _ in try await overview(request, message: nil, error: nil) }
        router.post("/verwaltung/freigabe") { request, _ in try await release(request) }
        router.get("/verwaltung/importe") { request, _ in try await batches(request, message: nil, error: nil) }
        router.post("/verwaltung/importe/:id/zuruecknehmen") { request, context in
            try await rollback(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/verwaltung/hochladen") { request, _ in try await uploadForm(request, error: nil) }
        router.post("/verwaltung/hochladen") { request, _ in try await upload(request) }
        router.post("/verwaltung/hochladen/:token/uebernehmen") { request, context in
            try await confirm(request, token: context.parameters.get("token") ?? "")
        }
        router.post("/verwaltung/hochladen/:token/verwerfen") { request, context in
            try await discard(request, token: context.parameters.get("token") ?? "")
        }
        router.get("/verwaltung/benutzer") { request, _ in try await users(request, message: nil, error: nil) }
        router.post("/verwaltung/benutzer") { request, _ in try await addUser(request) }
        router.post("/verwaltung/benutzer/:id/:action") { request, context in
            try await changeUser(request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "")
        }
        router.get("/verwaltung/protokoll") { request, _ in try await audit(request) }
        router.get("/verwaltung/bericht") { request, _ in
            try await reportTemplate(request, name: request.uri.queryParameters.get("vorlage"), message: nil, error: nil)
        }
        router.post("/verwaltung/bericht") { request, _ in try await saveReportTemplate(request) }
        router.get("/verwaltung/massnahmen") { request, _ in try await measures(request, message: nil, error: nil) }
        router.get("/verwaltung/massnahmen/neu") { request, _ in try await measureForm(request, key: nil) }
        router.post("/verwaltung/massnahmen/neu") { request, _ in try await saveMeasure(request, key: nil) }
        router.get("/verwaltung/massnahmen/:key") { request, context in try await measureForm(request, key: context.parameters.get("key")) }
        router.post("/verwaltung/massnahmen/:key") { request, context in try await saveMeasure(request, key: context.parameters.get("key")) }
        router.post("/verwaltung/massnahmen/:key/:action") { request, context in
            try await measureAction(request, key: context.parameters.get("key") ?? "", action: context.parameters.get("action") ?? "")
        }
    }

    // MARK: Roles

    /// The user if they hold at least `role` in this town; else throws the refusal page.
    @discardableResult
    func require(_ role: Role, _ request: Request) throws(Refusal) -> AuthState {
        guard let auth = RequestState.auth else { throw Refusal(.unauthorized, "Bitte zuerst anmelden.") }
        guard let have = auth.user.role(in: site.town.id), have >= role else {
            let what = role == .admin ? "die Administration der Gemeinde" : "die Redaktion (Import und Freigabe)"
            throw Refusal(.forbidden, "Diese Aktion ist \(what) vorbehalten.")
        }
        return auth
    }

    func townName() async throws -> String {
        let n = try await site.store.municipality()?.name ?? site.town.name
        return n.isEmpty ? site.town.slug : n
    }

    func log(_ auth: AuthState, _ action: String, _ detail: String) async throws {
        try await instance.log(user: auth.user.login, town: site.town.slug, action: action, detail: detail)
    }

    // MARK: Release

    func overview(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        let releases = try await site.store.indicatorReleases()
        var labels: [String: String] = [:]
        for v in try await site.store.variables() { labels[v.key] = v.label }
        let model = AdminPages.Overview(townName: try await townName(), datasets: try await site.store.datasets(), variableLabels: labels,
                                        indicators: try await site.store.indicators().map { ($0, releases[$0.key]) },
                                        publishAfterDays: configuration.publishAfterDays, now: Date(), canEdit: role >= .editor,
                                        canManageUsers: role >= .admin, csrf: auth.csrf, message: message, error: error, lang: PageController.lang(request))
        return PageController.html(AdminPages.overview(model), status: status)
    }

    func release(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        var datasets: [Dataset] = []
        for d in form.values("d") {
            let parts = d.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, Period.isValidISODate(parts[1]) else {
                return try await overview(request, message: nil, error: "Ungültige Auswahl „\(d)“: erwartet Variable|JJJJ-MM-TT.", status: .badRequest)
            }
            datasets.append(Dataset(variableKey: parts[0], period: Period(date: parts[1])))
        }
        let indicators = form.values("i")
        guard !datasets.isEmpty || !indicators.isEmpty else {
            return try await overview(request, message: nil, error: "Nichts ausgewählt.", status: .badRequest)
        }
        let what = datasets.map { "\($0.variableKey) \($0.period.date)" } + indicators.map { "Indikator \($0)" }
        do {
            switch form.value("aktion") {
            case "freigeben":
                try await site.store.setReleased(true, datasets: datasets, indicators: indicators, by: auth.user.name)
                try await log(auth, "freigegeben", what.joined(separator: ", "))
                return try await overview(request, message: "\(what.count) freigegeben.", error: nil)
            case "zurueckziehen":
                try await site.store.setReleased(false, datasets: datasets, indicators: indicators, by: auth.user.name)
                try await log(auth, "Freigabe zurückgezogen", what.joined(separator: ", "))
                return try await overview(request, message: "Freigabe für \(what.count) zurückgezogen.", error: nil)
            case "loeschen":
                var n = 0
                for d in datasets { n += try await site.store.delete(dataset: d) }
                try await log(auth, "gelöscht", datasets.map { "\($0.variableKey) \($0.period.date)" }.joined(separator: ", ") + " (\(n) Werte)")
                return try await overview(request, message: "\(datasets.count) Datensätze mit \(n) Werten gelöscht.", error: nil)
            default:
                return try await overview(request, message: nil, error: "Unbekannte Aktion: erwartet freigeben, zurueckziehen oder loeschen.", status: .badRequest)
            }
        } catch let e as StoreError {
            return try await overview(request, message: nil, error: e.message, status: .badRequest)
        }
    }

    // MARK: Imports

    func batches(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        return PageController.html(AdminPages.batches(townName: try await townName(), batches: try await site.store.batches(), canEdit: role >= .editor,
                                                      canManageUsers: role >= .admin, csrf: auth.csrf, message: message, error: error,
                                                      lang: PageController.lang(request)), status: status)
    }

    func rollback(_ request: Request, id: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard let batchID = Int64(id) else { return try await batches(request, message: nil, error: "Ungültige Importnummer „\(id)“.", status: .badRequest) }
        do {
            let b = try await site.store.rollback(batchID: batchID)
            try await log(auth, "Import zurückgenommen", "Nr. \(b.id) „\(b.label)“ (\(b.values) Werte, \(b.areas) Gebiete)")
            return try await batches(request, message: "Import \(b.id) „\(b.label)“ wurde zurückgenommen.", error: nil)
        } catch let e as StoreError {
            return try await batches(request, message: nil, error: e.message, status: .conflict)
        }
    }

    // MARK: Upload

    func uploadForm(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.editor, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        return PageController.html(AdminPages.upload(townName: try await townName(), canManageUsers: role >= .admin, csrf: auth.csrf,
                                                     maxMB: configuration.maxUploadBytes / 1_048_576, error: error, lang: PageController.lang(request)),
                                   status: status)
    }

    /// What waits for confirmation, next to the uploaded file.
    struct Pending: Codable {
        var town: String
        var userID: Int64
        var kind: String
        var file: String
        var path: String
        var mapping: String?
        var level: String
        var code: String
        var name: String
    }

    /// Where an upload is read while it is checked; the pending upload itself waits in the
    /// instance database, so that the confirmation may reach another server of the installation.
    var uploadDirectory: String { configuration.uploadDirectory + "/" + site.town.slug }

    func upload(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        guard let file = form.files["datei"], !file.bytes.isEmpty else {
            return try await uploadForm(request, error: "Feld „Datei“: keine Datei gewählt oder die Datei ist leer.", status: .badRequest)
        }
        let kind = form.value("art") == "gebiete" ? "gebiete" : "tabelle"
        let original = (file.filename as NSString).lastPathComponent
        let ext = (original as NSString).pathExtension.lowercased()
        let allowed = kind == "gebiete" ? ["geojson", "json", "zip"] : ["csv", "txt"]
        guard allowed.contains(ext) else {
            return try await uploadForm(request, error: "Datei „\(original)“: erwartet \(allowed.map { "." + $0 }.joined(separator: ", ")).", status: .badRequest)
        }
        let token = RandomToken.make()
        try FileManager.default.createDirectory(atPath: uploadDirectory, withIntermediateDirectories: true)
        let path = uploadDirectory + "/" + token + "." + ext
        let pending = Pending(town: site.town.slug, userID: auth.user.id, kind: kind, file: original, path: path,
                              mapping: form.files["zuordnung"].map { String(decoding: $0.bytes, as: UTF8.self) },
                              level: (form.value("ebene") ?? "").isEmpty ? "sozialraum" : form.value("ebene")!,
                              code: (form.value("code") ?? "").isEmpty ? "code" : form.value("code")!,
                              name: (form.value("name") ?? "").isEmpty ? "name" : form.value("name")!)
        let facts: [(String, String)]
        var header: [String] = [], rows: [[String]] = []
        do {
            if kind == "tabelle" {
                let mapping = try pending.mapping.map { try TableMapping(mappingText: $0, file: form.files["zuordnung"]?.filename ?? "Zuordnung") } ?? TableMapping()
                let data = try await ImportService(store: site.store).checkTable(raw: file.bytes, file: original, mapping: mapping)
                let doc = try CSVDocument(raw: file.bytes, file: original, encoding: mapping.encoding, delimiter: mapping.delimiter)
                struct Enough: Error {}
                var first = true
                do {
                    try doc.forEachRecord { rec in
                        let fields = (0..<rec.count).map { rec.string($0) }
                        if first { header = fields; first = false } else { rows.append(fields) }
                        if rows.count == 10 { throw Enough() }
                    }
                } catch is Enough {}
                facts = [("Datei", original), ("Zeichensatz", data.encoding.rawValue), ("Trennzeichen", data.delimiterName),
                         ("Aufbau", data.layout.rawValue), ("Zuordnung", pending.mapping == nil ? "Standard (Spalten werden erkannt)" : "aus Zuordnungsdatei"),
                         ("Datensätze gelesen", String(data.recordsRead)), ("Werte", String(data.entries.count)),
                         ("Variablen", data.variables.map(\.key).joined(separator: ", ")),
                         ("Neue Variablen", data.newVariableKeys.sorted().joined(separator: ", ").isEmpty ? "keine" : data.newVariableKeys.sorted().joined(separator: ", ")),
                         ("Stichtage", data.periods.joined(separator: ", ")), ("Gebiete", String(data.areaCodes.count)),
                         ("Neue Gebiete", String(data.newAreas.count))]
            } else {
                // Area layers (a zipped shapefile among them) are read from a file.
                try Data(file.bytes).write(to: URL(fileURLWithPath: path))
                let result = try ImportService.readAreas(path: path, options: pending.areaOptions)
                header = ["Schlüssel", "Name", "übergeordnet"]
                rows = result.areas.prefix(10).map { [$0.code, $0.name, $0.parentCode ?? ""] }
                facts = [("Datei", original), ("Gebiete", String(result.areas.count)), ("Ebene", pending.level),
                         ("Koordinatensystem", "EPSG:\(result.crs.epsg)")]
            }
        } catch let e as ImportFailure {
            try? FileManager.default.removeItem(atPath: path)
            return try await uploadForm(request, error: e.description, status: .unprocessableContent)
        } catch let e as MappingError {
            try? FileManager.default.removeItem(atPath: path)
            return try await uploadForm(request, error: e.description, status: .unprocessableContent)
        }
        try? FileManager.default.removeItem(atPath: path)
        try await instance.stashUpload(token: token, meta: String(decoding: try JSONEncoder().encode(pending), as: UTF8.self), bytes: file.bytes)
        return PageController.html(AdminPages.preview(.init(townName: try await townName(), file: original, kind: kind, facts: facts, header: header,
                                                            rows: rows, token: token, csrf: auth.csrf, lang: PageController.lang(request))))
    }

    /// The pending upload of this token, if it belongs to this town and user. The token must be
    /// 64 hex digits, so it cannot name a path outside the upload folder.
    func pending(_ token: String, _ auth: AuthState) async throws -> (Pending, [UInt8])? {
        guard token.utf8.count == 64, token.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }),
              let (meta, bytes) = try await instance.upload(token: token),
              let p = try? JSONDecoder().decode(Pending.self, from: Data(meta.utf8)), p.town == site.town.slug, p.userID == auth.user.id else { return nil }
        return (p, bytes)
    }

    func removePending(_ token: String, _ p: Pending) async {
        try? FileManager.default.removeItem(atPath: p.path)
        try? await instance.dropUpload(token: token)
    }

    func confirm(_ request: Request, token: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard let (p, bytes) = try await pending(token, auth) else {
            return try await uploadForm(request, error: "Dieser Upload ist nicht (mehr) vorhanden. Bitte die Datei erneut hochladen.", status: .notFound)
        }
        let service = ImportService(store: site.store)
        do {
            let receipt: ImportReceipt
            if p.kind == "tabelle" {
                let mapping = try p.mapping.map { try TableMapping(mappingText: $0, file: "Zuordnung") } ?? TableMapping()
                receipt = try await service.importTable(raw: bytes, file: p.file, mapping: mapping, label: p.file).1
            } else {
                defer { try? FileManager.default.removeItem(atPath: p.path) }
                try FileManager.default.createDirectory(atPath: uploadDirectory, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: p.path))
                receipt = try await service.importAreas(path: p.path, options: p.areaOptions, label: p.file).1
            }
            try? await instance.dropUpload(token: token)
            try await log(auth, "importiert", "„\(p.file)“ als Nr. \(receipt.batchID): \(receipt.values) Werte, \(receipt.areas) Gebiete")
            return try await batches(request, message: "„\(p.file)“ importiert (Nr. \(receipt.batchID)): \(receipt.values) Werte, \(receipt.areas) Gebiete. "
                                     + "Die neuen Daten sind intern, bis sie freigegeben werden.", error: nil)
        } catch let e as ImportFailure {
            try? await instance.dropUpload(token: token)
            return try await uploadForm(request, error: e.description, status: .unprocessableContent)
        } catch let e as StoreError {
            try? await instance.dropUpload(token: token)
            return try await uploadForm(request, error: e.message, status: .unprocessableContent)
        }
    }

    func discard(_ request: Request, token: String) async throws -> Response {
        let auth = try require(.editor, request)
        if let (p, _) = try await pending(token, auth) { await removePending(token, p) }
        return try await uploadForm(request, error: nil)
    }

    // MARK: Users

    func users(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.admin, request)
        let now = Date()
        let rows = try await instance.users(townID: site.town.id).map {
            AdminPages.UserRow(id: $0.id, login: $0.login, name: $0.name, role: $0.roles[site.town.id]?.rawValue ?? "viewer",
                               locked: ($0.lockedUntil ?? .distantPast) > now)
        }
        return PageController.html(AdminPages.users(townName: try await townName(), users: rows, csrf: auth.csrf, message: message, error: error,
                                                    lang: PageController.lang(request)), status: status)
    }

    func addUser(_ request: Request) async throws -> Response {
        let auth = try require(.admin, request)
        let form = RequestState.form
        let login = (form.value("login") ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.value("name") ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.value("passwort") ?? ""
        guard Self.isLogin(login) else {
            return try await users(request, message: nil, error: "Feld „Benutzername“: erwartet 2–64 Zeichen aus Buchstaben, Ziffern, . _ - @.", status: .badRequest)
        }
        guard !name.isEmpty, name.count <= 200 else { return try await users(request, message: nil, error: "Feld „Name“: darf nicht leer sein.", status: .badRequest) }
        guard let role = Role(rawValue: form.value("rolle") ?? "") else {
            return try await users(request, message: nil, error: "Feld „Rolle“: erwartet viewer, editor oder admin.", status: .badRequest)
        }
        if let problem = Passwords.problem(password, login: login) { return try await users(request, message: nil, error: "Feld „Passwort“: " + problem, status: .badRequest) }
        do {
            let user: User
            if let existing = try await instance.user(login: login) {
                // An account of another town joins this one; its password stays its own.
                user = existing
            } else {
                user = try await instance.addUser(login: login, name: name, passwordHash: Passwords(cost: configuration.bcryptCost).hash(password), instanceAdmin: false)
            }
            try await instance.setRole(role, userID: user.id, townID: site.town.id)
            try await log(auth, "Benutzer hinzugefügt", "\(login) als \(role.rawValue)")
            return try await users(request, message: "Benutzer „\(login)“ hat jetzt die Rolle „\(AdminPages.roleName(role.rawValue, .de))“.", error: nil)
        } catch let e as StoreError {
            return try await users(request, message: nil, error: e.message, status: .conflict)
        }
    }

    static func isLogin(_ s: String) -> Bool {
        (2...64).contains(s.count) && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || ".-_@".unicodeScalars.contains($0) }
    }

    func changeUser(_ request: Request, id: String, action: String) async throws -> Response {
        let auth = try require(.admin, request)
        guard let userID = Int64(id), let user = try await instance.user(id: userID), user.roles[site.town.id] != nil else {
            return try await users(request, message: nil, error: "Diesen Benutzer gibt es in dieser Gemeinde nicht.", status: .notFound)
        }
        let form = RequestState.form
        switch action {
        case "rolle":
            guard let role = Role(rawValue: form.value("rolle") ?? "") else {
                return try await users(request, message: nil, error: "Feld „Rolle“: erwartet viewer, editor oder admin.", status: .badRequest)
            }
            if user.id == auth.user.id && role < .admin && !auth.user.instanceAdmin {
                return try await users(request, message: nil, error: "Die eigene Administrationsrolle kann nicht entzogen werden.", status: .badRequest)
            }
            try await instance.setRole(role, userID: user.id, townID: site.town.id)
            try await log(auth, "Rolle geändert", "\(user.login): \(role.rawValue)")
            return try await users(request, message: "Rolle von „\(user.login)“ geändert.", error: nil)
        case "passwort":
            let password = form.value("passwort") ?? ""
            if let problem = Passwords.problem(password, login: user.login) { return try await users(request, message: nil, error: "Feld „Passwort“: " + problem, status: .badRequest) }
            if user.instanceAdmin && !auth.user.instanceAdmin {
                return try await users(request, message: nil, error: "Das Passwort einer Administration der Installation kann hier nicht gesetzt werden.", status: .forbidden)
            }
            try await instance.setPassword(userID: user.id, hash: Passwords(cost: configuration.bcryptCost).hash(password))
            try await log(auth, "Passwort zurückgesetzt", user.login)
            return try await users(request, message: "Passwort von „\(user.login)“ gesetzt; alle Sitzungen des Kontos wurden beendet.", error: nil)
        case "entfernen":
            if user.id == auth.user.id { return try await users(request, message: nil, error: "Das eigene Konto kann nicht entfernt werden.", status: .badRequest) }
            try await instance.setRole(nil, userID: user.id, townID: site.town.id)
            try await log(auth, "Benutzer entfernt", user.login)
            return try await users(request, message: "„\(user.login)“ hat keinen Zugang mehr zu dieser Gemeinde.", error: nil)
        default:
            throw HTTPError(.notFound)
        }
    }

    func audit(_ request: Request) async throws -> Response {
        try require(.admin, request)
        let entries = try await instance.audit(town: site.town.slug).map { AdminPages.AuditRow(at: $0.at, user: $0.user, action: $0.action, detail: $0.detail) }
        return PageController.html(AdminPages.audit(townName: try await townName(), entries: entries, lang: PageController.lang(request)))
    }
}

extension AdminController {
    // MARK: Measures

    func measures(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        return PageController.html(MeasurePages.adminList(townName: try await townName(), measures: try await site.store.measures(), canEdit: role >= .editor,
                                                          canManageUsers: role >= .admin, csrf: auth.csrf, message: message, error: error,
                                                          lang: PageController.lang(request)), status: status)
    }

    func measureForm(_ request: Request, key: String?, values: [String: String]? = nil, error: String? = nil,
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.editor, request)
        var measure: Measure?
        if let key {
            guard let m = try await site.store.measures().first(where: { $0.key == key }) else { throw HTTPError(.notFound) }
            measure = m
        }
        let levels = try await site.store.levels()
        let finest = levels.last?.key
        let areas = try await site.store.areas(levelKey: finest, includeGeometry: false)
        return PageController.html(MeasurePages.form(townName: try await townName(), measure: measure,
                                                     values: values ?? measure.map(MeasurePages.values(of:)) ?? [:], areas: areas,
                                                     indicators: try await site.store.indicators(), csrf: auth.csrf, error: error,
                                                     lang: PageController.lang(request)), status: status)
    }

    /// A euro amount as typed: "185000", "185.000", "185.000,50" or "185000.50".
    static func amount(_ s: String) -> Double? {
        var t = s.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "€", with: "")
        if t.contains(",") { t = t.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: ",", with: ".") }
        else if t.filter({ $0 == "." }).count > 1 || (t.split(separator: ".").last?.count == 3 && t.contains(".")) { t = t.replacingOccurrences(of: ".", with: "") }
        return Double(t)
    }

    func saveMeasure(_ request: Request, key: String?) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        var values: [String: String] = [:]
        for name in ["titel", "beschreibung", "zustaendig", "beginn", "ende", "budget", "programm", "zielgruppe", "ziel1", "ziel2", "ziel3",
                     "richtung1", "richtung2", "richtung3"] {
            values[name] = (form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let areaCodes = form.values("gebiet")
        values["gebiete"] = areaCodes.joined(separator: ",")
        var budget: Double?
        if let b = values["budget"], !b.isEmpty {
            guard let v = Self.amount(b) else {
                return try await measureForm(request, key: key, values: values, error: "Feld „Budget“: erwartet einen Betrag wie 185.000, gefunden „\(b)“.", status: .badRequest)
            }
            budget = v
        }
        var targets: [Measure.Target] = []
        for i in 1...3 {
            guard let k = values["ziel\(i)"], !k.isEmpty else { continue }
            targets.append(.init(indicatorKey: k, direction: values["richtung\(i)"] == "1" ? 1 : -1))
        }
        var newKey = key ?? ""
        if key == nil {
            let existing = Set(try await site.store.measures().map(\.key))
            let stem = Town.slug(from: values["titel"] ?? "")
            newKey = stem == "neu" ? "neu-1" : stem
            var n = 2
            while existing.contains(newKey) { newKey = "\(stem)-\(n)"; n += 1 }
        }
        let end = values["ende"].flatMap { $0.isEmpty ? nil : $0 }
        let measure = Measure(key: newKey, title: values["titel"] ?? "", description: values["beschreibung"] ?? "", department: values["zustaendig"] ?? "",
                              areaCodes: areaCodes, start: values["beginn"] ?? "", end: end, budget: budget, fundingProgramme: values["programm"] ?? "",
                              targetGroup: values["zielgruppe"] ?? "", targets: targets)
        do {
            try await site.store.save(measure: measure)
        } catch let e as StoreError {
            return try await measureForm(request, key: key, values: values, error: e.message, status: .badRequest)
        }
        try await log(auth, key == nil ? "Maßnahme angelegt" : "Maßnahme geändert", "„\(measure.title)“ (\(measure.key)): \(measure.areaCodes.joined(separator: ", "))")
        return try await measures(request, message: "Maßnahme „\(measure.title)“ gespeichert. Sie ist intern, bis sie freigegeben wird.", error: nil)
    }

    func measureAction(_ request: Request, key: String, action: String) async throws -> Response {
        let auth = try require(.editor, request)
        do {
            switch action {
            case "freigeben", "zurueckziehen":
                try await site.store.setMeasureReleased(action == "freigeben", keys: [key], by: auth.user.name)
                try await log(auth, action == "freigeben" ? "Maßnahme freigegeben" : "Freigabe der Maßnahme zurückgezogen", key)
                return try await measures(request, message: action == "freigeben" ? "Maßnahme freigegeben." : "Freigabe zurückgezogen.", error: nil)
            case "loeschen":
                guard try await site.store.deleteMeasure(key: key) else { throw StoreError("Maßnahme „\(key)“ existiert nicht") }
                try await log(auth, "Maßnahme gelöscht", key)
                return try await measures(request, message: "Maßnahme gelöscht.", error: nil)
            default:
                throw HTTPError(.notFound)
            }
        } catch let e as StoreError {
            return try await measures(request, message: nil, error: e.message, status: .notFound)
        }
    }
}

extension AdminController {
    // MARK: Report template

    func reportTemplate(_ request: Request, name: String?, message: String?, error: String?, status: HTTPResponse.Status = .ok,
                        unsaved: ReportTemplate? = nil) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        var template = unsaved ?? ReportTemplate()
        if unsaved == nil { template = try await site.store.reportTemplate(named: name) }
        var topics: [(topic: String, indicators: [Indicator])] = []
        for i in try await site.store.indicators() {
            if let k = topics.firstIndex(where: { $0.topic == i.topic }) { topics[k].indicators.append(i) } else { topics.append((i.topic, [i])) }
        }
        topics.sort { StandardCatalog.topicOrder($0.topic, $1.topic) }
        var names = try await site.store.reportTemplates().map(\.name)
        if !names.contains(ReportTemplate.standardName) { names.insert(ReportTemplate.standardName, at: 0) }
        return PageController.html(ReportAdminPage.render(townName: try await townName(), names: names, template: template, topics: topics,
                                                          canEdit: role >= .editor, canManageUsers: role >= .admin, csrf: auth.csrf,
                                                          message: message, error: error, lang: PageController.lang(request)), status: status)
    }

    func saveReportTemplate(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        let all = try await site.store.indicators().map(\.key)
        let chosen = form.values("indikator").filter(all.contains)
        let parts = Set(form.values("teil"))
        var texts: [String: String] = [:]
        for (name, values) in form.fields where name.hasPrefix("text:") {
            let text = values.first?.replacingOccurrences(of: "\r\n", with: "\n") ?? ""
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { texts[String(name.dropFirst(5))] = text }
        }
        let template = ReportTemplate(name: (form.value("vorlage") ?? "").trimmingCharacters(in: .whitespaces),
                                      indicators: chosen.count == all.count ? nil : chosen, earlyWarning: parts.contains("fruehwarnung"),
                                      measures: parts.contains("massnahmen"), profiles: parts.contains("profile"), annex: parts.contains("methoden"), texts: texts)
        do {
            try await site.store.save(template: template, by: auth.user.name)
        } catch let e as StoreError {
            return try await reportTemplate(request, name: nil, message: nil, error: e.message, status: .badRequest, unsaved: template)
        }
        try await log(auth, "Berichtsvorlage gespeichert", "„\(template.name)“: \(chosen.count) Indikatoren, \(texts.count) Texte")
        return try await reportTemplate(request, name: template.name, message: "Vorlage „\(template.name)“ gespeichert.", error: nil)
    }
}

extension AdminController.Pending {
    var areaOptions: ImportService.AreaOptions {
        ImportService.AreaOptions(levelName: level, codeProperty: code, nameProperty: name)
    }
}
