import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierStore

/// Indicators, facilities and area notes in the web UI. Every successful POST answers with a
/// redirect to a GET page (post/redirect/get); a refused one shows the form again with the error.
extension AdminController {
    func registerContent(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/verwaltung/indikatoren") { request, _ in try await indicatorList(request) }
        router.get("/verwaltung/indikatoren/neu") { request, _ in try await indicatorForm(request, key: nil) }
        router.post("/verwaltung/indikatoren/neu") { request, _ in try await saveIndicator(request, key: nil) }
        router.post("/verwaltung/indikatoren/vorschau") { request, _ in try await indicatorCheck(request) }
        router.get("/verwaltung/indikatoren/:key") { request, context in try await indicatorForm(request, key: context.parameters.get("key")) }
        router.post("/verwaltung/indikatoren/:key") { request, context in try await saveIndicator(request, key: context.parameters.get("key")) }

        router.get("/verwaltung/einrichtungen") { request, _ in try await facilityList(request, error: nil) }
        router.post("/verwaltung/einrichtungen/hochladen") { request, _ in try await uploadFacilities(request) }
        router.post("/verwaltung/einrichtungen/freigeben") { request, _ in try await releaseFacilities(request, true) }
        router.post("/verwaltung/einrichtungen/zurueckziehen") { request, _ in try await releaseFacilities(request, false) }
        router.get("/verwaltung/einrichtungen/:key") { request, context in try await facilityForm(request, key: context.parameters.get("key") ?? "") }
        router.post("/verwaltung/einrichtungen/:key") { request, context in try await saveFacility(request, key: context.parameters.get("key") ?? "") }
        router.post("/verwaltung/einrichtungen/:key/loeschen") { request, context in try await deleteFacility(request, key: context.parameters.get("key") ?? "") }

        router.get("/verwaltung/notizen") { request, _ in try await noteList(request) }
        router.get("/verwaltung/notizen/:code") { request, context in try await noteForm(request, code: context.parameters.get("code") ?? "") }
        router.post("/verwaltung/notizen/:code") { request, context in try await saveNote(request, code: context.parameters.get("code") ?? "") }
        router.post("/verwaltung/notizen/:code/:action") { request, context in
            try await releaseNote(request, code: context.parameters.get("code") ?? "", action: context.parameters.get("action") ?? "")
        }
    }

    func role(_ auth: AuthState) -> Role { auth.user.role(in: site.town.id) ?? .viewer }

    // MARK: Indicators

    func indicatorList(_ request: Request) async throws -> Response {
        let auth = try require(.viewer, request)
        let lang = PageController.lang(request)
        let releases = try await site.store.indicatorReleases()
        var rows: [(indicator: Indicator, versions: Int, release: ReleaseMark?)] = []
        for i in try await site.store.indicators() {
            rows.append((i, try await site.store.indicatorVersions(key: i.key).count, releases[i.key]))
        }
        let message = flash(request)
        return PageController.html(AdminPages.indicatorList(townName: try await townName(), indicators: rows, canEdit: role(auth) >= .editor,
                                                            canManageUsers: role(auth) >= .admin, message: message, error: nil, lang: lang))
    }

    func indicatorForm(_ request: Request, key: String?) async throws -> Response {
        let auth = try require(.editor, request)
        var values: [String: String] = ["polaritaet": "neutral", "nachkommastellen": "1"]
        var versions: [Indicator] = []
        if let key {
            versions = try await site.store.indicatorVersions(key: key)
            guard let latest = versions.last else { throw HTTPError(.notFound) }
            values = AdminPages.values(of: latest)
        }
        let model = try await indicatorModel(request, auth, key: key, values: values, versions: versions, preview: nil, problem: nil, error: nil)
        return PageController.html(AdminPages.indicatorForm(model))
    }

    /// The form's fields as typed.
    func indicatorValues(_ form: FormData, key: String?) -> [String: String] {
        var values: [String: String] = [:]
        for name in ["schluessel", "name", "formel", "einheit", "thema", "polaritaet", "nachkommastellen", "definition", "quelle", "gueltig_ab"] {
            values[name] = String((form.value(name) ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(name == "definition" ? 4_000 : 500))
        }
        if let key { values["schluessel"] = key }
        return values
    }

    /// The indicator the fields describe, or the first problem in words (and a formula problem
    /// with its position).
    func draftIndicator(_ v: [String: String], isNew: Bool) async throws -> (Indicator?, String?, AdminPages.FormulaProblem?) {
        let key = v["schluessel"] ?? ""
        guard Variable.isValidKey(key) else {
            return (nil, "Feld „Schlüssel“: erwartet Kleinbuchstaben, Ziffern und _, beginnend mit einem Buchstaben; gefunden „\(key)“.", nil)
        }
        if isNew, try await site.store.indicator(key: key) != nil {
            return (nil, "Feld „Schlüssel“: den Indikator „\(key)“ gibt es schon; bitte ihn bearbeiten oder einen anderen Schlüssel wählen.", nil)
        }
        for (name, label) in [("name", "Name"), ("formel", "Formel"), ("einheit", "Einheit"), ("thema", "Thema")] where (v[name] ?? "").isEmpty {
            return (nil, "Feld „\(label)“: bitte ausfüllen.", nil)
        }
        guard let polarity = Polarity(rawValue: v["polaritaet"] ?? "") else { return (nil, "Feld „Richtung“: ungültige Wahl.", nil) }
        let decimalsText = (v["nachkommastellen"] ?? "").isEmpty ? "1" : v["nachkommastellen"]!
        guard let decimals = Int(decimalsText), (0...6).contains(decimals) else {
            return (nil, "Feld „Nachkommastellen“: erwartet 0 bis 6, gefunden „\(decimalsText)“.", nil)
        }
        let validFrom = (v["gueltig_ab"] ?? "").isEmpty ? nil : v["gueltig_ab"]
        if let validFrom, !Period.isValidISODate(validFrom) {
            return (nil, "Feld „Gültig ab“: erwartet ein Datum wie 2025-01-01, gefunden „\(validFrom)“.", nil)
        }
        let formula = v["formel"] ?? ""
        do {
            try Formula(formula).validate(knownVariables: Set(try await site.store.variables().map(\.key)))
        } catch let e as FormulaError {
            return (nil, nil, AdminPages.FormulaProblem(message: e.description, formula: e.formula, position: e.position))
        }
        return (Indicator(key: key, name: v["name"] ?? "", formula: formula, unit: v["einheit"] ?? "", topic: v["thema"] ?? "", polarity: polarity,
                          definition: v["definition"] ?? "", source: v["quelle"] ?? "", decimals: decimals, validFrom: validFrom), nil, nil)
    }

    /// The draft's values on the internal atlas's current data.
    func preview(of draft: Indicator, lang: Language) async -> AdminPages.IndicatorPreview {
        let queries = AtlasQueries(store: site.store, minimumDenominator: configuration.minimumDenominator)
        do {
            let r = try await queries.preview(draft, levelKey: nil)
            return AdminPages.IndicatorPreview(level: r.level.name, period: r.period,
                                               rows: r.rows.map { ($0.area.name, ValueText.format($0.outcome, indicator: draft, lang: lang)) },
                                               town: ValueText.format(r.town, indicator: draft, lang: lang), missing: r.missing, problem: nil)
        } catch let e as AtlasError {
            return AdminPages.IndicatorPreview(level: "", period: nil, rows: [], town: nil, missing: [], problem: e.message)
        } catch {
            return AdminPages.IndicatorPreview(level: "", period: nil, rows: [], town: nil, missing: [], problem: "Die Vorschau ist nicht möglich: \(error)")
        }
    }

    func indicatorModel(_ request: Request, _ auth: AuthState, key: String?, values: [String: String], versions: [Indicator],
                        preview: AdminPages.IndicatorPreview?, problem: AdminPages.FormulaProblem?, error: String?) async throws -> AdminPages.IndicatorFormModel {
        let variables = try await site.store.variables().sorted { $0.key < $1.key }
        let topics = Array(Set(try await site.store.indicators().map(\.topic) + StandardCatalog.indicators.map(\.topic))).sorted()
        return AdminPages.IndicatorFormModel(townName: try await townName(), key: key, values: values, variables: variables, topics: topics,
                                             versions: versions, preview: preview, formulaProblem: problem, csrf: auth.csrf, error: error,
                                             lang: PageController.lang(request))
    }

    func saveIndicator(_ request: Request, key: String?) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        let values = indicatorValues(form, key: key)
        var versions: [Indicator] = []
        if let key {
            versions = try await site.store.indicatorVersions(key: key)
            guard !versions.isEmpty else { throw HTTPError(.notFound) }
        }
        let (draft, error, problem) = try await draftIndicator(values, isNew: key == nil)
        guard let draft else {
            let model = try await indicatorModel(request, auth, key: key, values: values, versions: versions, preview: nil, problem: problem, error: error)
            return PageController.html(AdminPages.indicatorForm(model), status: .unprocessableContent)
        }
        if form.value("aktion") != "speichern" {
            let model = try await indicatorModel(request, auth, key: key, values: values, versions: versions,
                                                 preview: await preview(of: draft, lang: PageController.lang(request)), problem: nil, error: nil)
            return PageController.html(AdminPages.indicatorForm(model))
        }
        _ = try await site.store.apply(ImportBatch(label: "Indikator \(draft.key) (Web)", kind: "indicator", indicators: [draft]), progress: nil)
        try await log(auth, key == nil ? "Indikator angelegt" : "Indikator geändert",
                      "„\(draft.name)“ (\(draft.key)): \(draft.formula)" + (draft.validFrom.map { ", gültig ab \($0)" } ?? ""))
        return done(request, "/verwaltung/indikatoren", PageController.lang(request) == .de
                    ? "Indikator „\(draft.name)“ gespeichert. Er ist intern, bis er unter „Freigabe“ freigegeben wird."
                    : "Indicator “\(draft.name)” saved. It is internal until released under “Release”.")
    }

    /// The formula check and preview as an HTML fragment, for the form's script.
    func indicatorCheck(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        let key = form.value("bestehend").flatMap { $0.isEmpty ? nil : $0 }
        let values = indicatorValues(form, key: key)
        let (draft, error, problem) = try await draftIndicator(values, isNew: key == nil)
        var model = try await indicatorModel(request, auth, key: key, values: values, versions: [], preview: nil, problem: problem, error: nil)
        if let draft { model.preview = await preview(of: draft, lang: model.lang) }
        else if let error { model.preview = AdminPages.IndicatorPreview(level: "", period: nil, rows: [], town: nil, missing: [], problem: error) }
        return PageController.html(AdminPages.indicatorCheck(model))
    }

    // MARK: Facilities

    func facilityList(_ request: Request, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let lang = PageController.lang(request)
        let message = flash(request)
        let names = Dictionary(try await site.store.areas(levelKey: nil, includeGeometry: false).map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        return PageController.html(AdminPages.facilityList(townName: try await townName(), facilities: try await site.store.facilities(), areaNames: names,
                                                           canEdit: role(auth) >= .editor, canManageUsers: role(auth) >= .admin, csrf: auth.csrf,
                                                           message: message, error: error, lang: lang), status: status)
    }

    func uploadFacilities(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        guard let upload = form.files["datei"], !upload.bytes.isEmpty else {
            return try await facilityList(request, error: "Feld „Datei“: keine Datei gewählt oder die Datei ist leer.", status: .badRequest)
        }
        let file = (upload.filename as NSString).lastPathComponent
        let ext = (file as NSString).pathExtension.lowercased()
        guard ["csv", "txt", "geojson", "json", "zip", "gpkg"].contains(ext) else {
            return try await facilityList(request, error: "Datei „\(file)“: erwartet .csv, .txt, .geojson, .json, .zip (Shapefile) oder .gpkg.", status: .badRequest)
        }
        func field(_ name: String, _ fallback: String) -> String {
            let v = (form.value(name) ?? "").trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? fallback : v
        }
        var system: CoordinateSystem?
        let crs = field("crs", "")
        if !crs.isEmpty {
            guard let s = CoordinateSystem(identifier: crs) else {
                return try await facilityList(request, error: "Feld „Koordinatensystem“: „\(crs)“ wird nicht unterstützt; erwartet \(CoordinateSystem.supportedList).",
                                              status: .badRequest)
            }
            system = s
        }
        let category = form.value("kategorie").flatMap(Facility.Category.init(rawValue:))
        let reader = FacilityReader(categoryField: category == nil ? "Kategorie" : nil, category: category, nameField: field("spalte_name", "Name"),
                                    capacityField: field("spalte_plaetze", "Plaetze"), xField: field("spalte_x", "Rechtswert"),
                                    yField: field("spalte_y", "Hochwert"), crs: system)
        let service = ImportService(store: site.store, origin: ImportOrigin(user: auth.user.login))
        do {
            let facilities: [Facility]
            switch ext {
            case "zip", "gpkg":
                try FileManager.default.createDirectory(atPath: uploadDirectory, withIntermediateDirectories: true)
                let path = uploadDirectory + "/" + RandomToken.make() + "." + ext
                try Data(upload.bytes).write(to: URL(fileURLWithPath: path))
                defer { try? FileManager.default.removeItem(atPath: path) }
                if ext == "zip" {
                    let (inner, files) = try ShapefileArchive.files(zip: path, name: file)
                    facilities = try reader.readShapefile(files: files, file: inner)
                } else {
                    facilities = try reader.readGeoPackage(path: path, file: file, layer: nil)
                }
            case "geojson", "json": facilities = try reader.readGeoJSON(raw: upload.bytes, file: file)
            default: facilities = try reader.readCSV(raw: upload.bytes, file: file)
            }
            let (n, receipt) = try await service.importFacilities(facilities, file: file)
            try await log(auth, "Einrichtungen importiert", "„\(file)“: \(n) Einrichtungen (Import Nr. \(receipt.batchID))")
            return done(request, "/verwaltung/einrichtungen", PageController.lang(request) == .de
                        ? "\(n) Einrichtungen importiert und ihren Gebieten zugeordnet; neue und geänderte sind intern, bis sie freigegeben werden."
                        : "\(n) facilities imported and assigned to their areas; new and changed ones are internal until released.")
        } catch let e as ImportFailure {
            return try await facilityList(request, error: e.description, status: .unprocessableContent)
        }
    }

    func facilityForm(_ request: Request, key: String, values: [String: String]? = nil, error: String? = nil,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.editor, request)
        guard let facility = try await site.store.facilities().first(where: { $0.key == key }) else { throw HTTPError(.notFound) }
        return PageController.html(AdminPages.facilityForm(townName: try await townName(), facility: facility, values: values ?? AdminPages.values(of: facility),
                                                           csrf: auth.csrf, error: error, lang: PageController.lang(request)), status: status)
    }

    /// A number as typed, with a decimal comma or point.
    static func decimal(_ s: String) -> Double? {
        let t = s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, t.filter({ $0 == "." }).count <= 1 else { return nil }
        return Double(t).flatMap { $0.isFinite ? $0 : nil }
    }

    func saveFacility(_ request: Request, key: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard var facility = try await site.store.facilities().first(where: { $0.key == key }) else { throw HTTPError(.notFound) }
        let form = RequestState.form
        var values: [String: String] = [:]
        for name in ["name", "kategorie", "plaetze", "laenge", "breite"] { values[name] = String((form.value(name) ?? "").trimmingCharacters(in: .whitespaces).prefix(300)) }
        func refuse(_ message: String) async throws -> Response { try await facilityForm(request, key: key, values: values, error: message, status: .unprocessableContent) }
        guard let name = values["name"], !name.isEmpty else { return try await refuse("Feld „Name“: bitte ausfüllen.") }
        guard let category = Facility.Category(rawValue: values["kategorie"] ?? "") else { return try await refuse("Feld „Kategorie“: ungültige Wahl.") }
        var capacity: Int?
        if let c = values["plaetze"], !c.isEmpty {
            guard let n = Int(c.replacingOccurrences(of: ".", with: "")), n >= 0, n <= 100_000 else {
                return try await refuse("Feld „Plätze“: erwartet eine ganze Zahl von 0 bis 100.000, gefunden „\(c)“.")
            }
            capacity = n
        }
        guard let lon = Self.decimal(values["laenge"] ?? ""), (-180...180).contains(lon) else {
            return try await refuse("Feld „Länge“: erwartet Grad zwischen −180 und 180 wie 9,2085, gefunden „\(values["laenge"] ?? "")“.")
        }
        guard let lat = Self.decimal(values["breite"] ?? ""), (-90...90).contains(lat) else {
            return try await refuse("Feld „Breite“: erwartet Grad zwischen −90 und 90 wie 52,6405, gefunden „\(values["breite"] ?? "")“.")
        }
        facility.name = name; facility.category = category; facility.capacity = capacity
        facility.longitude = lon; facility.latitude = lat; facility.release = nil
        do {
            // Through an import: the area is found by the point, the earlier version kept in the history.
            _ = try await ImportService(store: site.store, origin: ImportOrigin(user: auth.user.login)).importFacilities([facility], file: "Einrichtung „\(name)“")
        } catch let e as ImportFailure {
            return try await refuse(e.description)
        }
        try await log(auth, "Einrichtung geändert", "„\(name)“ (\(key))")
        return done(request, "/verwaltung/einrichtungen", PageController.lang(request) == .de
                    ? "Einrichtung „\(name)“ gespeichert; sie ist intern, bis sie wieder freigegeben wird."
                    : "Facility “\(name)” saved; internal until released again.")
    }

    func releaseFacilities(_ request: Request, _ release: Bool) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        var keys = form.values("schluessel")
        if release, form.value("alle") == "1" { keys = try await site.store.facilities().filter { $0.release == nil }.map(\.key) }
        guard !keys.isEmpty else { return try await facilityList(request, error: "Keine Einrichtung gewählt.", status: .badRequest) }
        do {
            try await site.store.setFacilityReleased(release, keys: keys, by: auth.user.name)
        } catch let e as StoreError {
            return try await facilityList(request, error: e.message, status: .notFound)
        }
        try await log(auth, release ? "Einrichtungen freigegeben" : "Freigabe von Einrichtungen zurückgezogen", keys.prefix(20).joined(separator: ", ")
                      + (keys.count > 20 ? " und \(keys.count - 20) weitere" : ""))
        let de = PageController.lang(request) == .de
        return done(request, "/verwaltung/einrichtungen", release ? (de ? "\(keys.count) freigegeben." : "\(keys.count) released.")
                                                                  : (de ? "Freigabe zurückgezogen." : "Release withdrawn."))
    }

    func deleteFacility(_ request: Request, key: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard try await site.store.deleteFacility(key: key) else {
            return try await facilityList(request, error: "Die Einrichtung „\(key)“ gibt es nicht.", status: .notFound)
        }
        try await log(auth, "Einrichtung gelöscht", key)
        return done(request, "/verwaltung/einrichtungen", PageController.lang(request) == .de ? "Einrichtung gelöscht." : "Facility deleted.")
    }

    // MARK: Area notes

    func noteList(_ request: Request, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let lang = PageController.lang(request)
        let message = flash(request)
        let notes = Dictionary(try await site.store.areaNotes().map { ($0.areaCode, $0) }, uniquingKeysWith: { a, _ in a })
        return PageController.html(AdminPages.noteList(townName: try await townName(), levels: try await site.store.levels(),
                                                       areas: try await site.store.areas(levelKey: nil, includeGeometry: false), notes: notes,
                                                       canEdit: role(auth) >= .editor, canManageUsers: role(auth) >= .admin, csrf: auth.csrf,
                                                       message: message, error: error, lang: lang), status: status)
    }

    func noteForm(_ request: Request, code: String, text: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.editor, request)
        guard let area = try await site.store.area(code: code) else { throw HTTPError(.notFound) }
        let note = try await site.store.areaNotes().first { $0.areaCode == code }
        return PageController.html(AdminPages.noteForm(townName: try await townName(), area: area, text: text ?? note?.text ?? "", note: note, csrf: auth.csrf,
                                                       error: error, lang: PageController.lang(request)), status: status)
    }

    func saveNote(_ request: Request, code: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard try await site.store.area(code: code) != nil else { throw HTTPError(.notFound) }
        let raw = RequestState.form.value("text") ?? ""
        let text: String
        do { text = try AreaNote.checked(raw) } catch {
            return try await noteForm(request, code: code, text: String(raw.prefix(AreaNote.maximumLength * 2)), error: "\(error).", status: .unprocessableContent)
        }
        let before = try await site.store.areaNotes().first { $0.areaCode == code }
        let de = PageController.lang(request) == .de
        let saved = de ? "Notiz zu \(code) gespeichert; sie ist intern, bis sie freigegeben wird." : "Note on \(code) saved; internal until released."
        guard before?.text != text else { return done(request, "/verwaltung/notizen", saved) }
        try await site.store.save(areaNote: AreaNote(areaCode: code, text: text), by: auth.user.name)
        try await log(auth, text.isEmpty ? "Gebietsnotiz gelöscht" : "Gebietsnotiz geschrieben", code)
        return done(request, "/verwaltung/notizen", text.isEmpty ? (de ? "Notiz zu \(code) gelöscht." : "Note on \(code) deleted.") : saved)
    }

    func releaseNote(_ request: Request, code: String, action: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard action == "freigeben" || action == "zurueckziehen" else { throw HTTPError(.notFound) }
        do {
            try await site.store.setAreaNoteReleased(action == "freigeben", codes: [code], by: auth.user.name)
        } catch let e as StoreError {
            return try await noteList(request, error: e.message, status: .notFound)
        }
        try await log(auth, action == "freigeben" ? "Gebietsnotiz freigegeben" : "Freigabe der Gebietsnotiz zurückgezogen", code)
        let de = PageController.lang(request) == .de
        return done(request, "/verwaltung/notizen", action == "freigeben"
                    ? (de ? "Notiz zu \(code) freigegeben: sie steht im öffentlichen Steckbrief und im Sozialbericht." : "Note on \(code) released.")
                    : (de ? "Freigabe der Notiz zu \(code) zurückgezogen." : "Release of the note on \(code) withdrawn."))
    }
}

extension CharacterSet {
    /// Characters left as they are in a query value.
    static let urlQueryValue: CharacterSet = {
        var s = CharacterSet.urlQueryAllowed
        s.remove(charactersIn: "&=+#?")
        return s
    }()
}
