import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The import batches with rollback, and the web upload with its preview and confirmation.
extension AdminController {
    // MARK: Imports

    func batches(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        return PageController.html(AdminPages.batches(townName: try await townName(), batches: try await site.store.batches(), canEdit: role >= .editor,
                                                      canManageUsers: role >= .admin, csrf: auth.csrf, message: message ?? flash(request), error: error,
                                                      lang: PageController.lang(request)), status: status)
    }

    func rollback(_ request: Request, id: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard let batchID = Int64(id) else { return try await batches(request, message: nil, error: "Ungültige Importnummer „\(id)“.", status: .badRequest) }
        do {
            // The rollback records who did it in its own transaction (the audit log reads it there).
            let b = try await site.store.rollback(batchID: batchID, by: auth.user.login)
            return done(request, "/verwaltung/importe", "Import \(b.id) „\(b.label)“ wurde zurückgenommen.")
        } catch let e as StoreError {
            return try await batches(request, message: nil, error: e.message, status: .conflict)
        }
    }

    // MARK: Upload

    /// The upload form; after a refused upload with the planner's choices and the file kept
    /// (stashed under `kept.token`), so that only what the error names needs changing.
    func uploadForm(_ request: Request, error: String?, status: HTTPResponse.Status = .ok, kept: (pending: Pending, token: String)? = nil) async throws -> Response {
        let auth = try require(.editor, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        var choices = AdminPages.UploadChoices()
        if let (p, token) = kept {
            choices.kind = p.kind
            choices.sheet = p.sheet ?? ""
            choices.level = p.level
            choices.code = p.code
            choices.name = p.name
            choices.keptFile = p.file
            choices.keptToken = token
            choices.keptMapping = p.mapping != nil && p.keepsMapping
        }
        return PageController.html(AdminPages.upload(townName: try await townName(), canManageUsers: role >= .admin, csrf: auth.csrf,
                                                     maxMB: configuration.maxUploadBytes / 1_048_576, error: error, lang: PageController.lang(request),
                                                     choices: choices),
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
        /// The sheet of an Excel workbook, if one was named.
        var sheet: String? = nil
        /// The source template applied (found by the header, or named in the mapping step).
        var template: String? = nil
        /// Save the mapping under this name once the import is confirmed.
        var saveTemplate: String? = nil
        /// The template was found by a header with other years than its own.
        var otherYears: Bool? = nil

        /// Whether the mapping is the planner's (a mapping file, or made in the mapping step) and so
        /// goes with the file when the form is sent again; one found by the header is found again.
        var keepsMapping: Bool { template == nil || saveTemplate != nil }

        /// The mapping uploaded with the file, with the sheet chosen in the form.
        func tableMapping(file: String) throws -> TableMapping {
            var m = try mapping.map { try TableMapping(mappingText: $0, file: file) } ?? TableMapping()
            if let sheet { m.sheet = sheet }
            return m
        }
    }

    /// Where an upload is read while it is checked; the pending upload itself waits in the
    /// instance database, so that the confirmation may reach another server of the installation.
    var uploadDirectory: String { configuration.uploadDirectory + "/" + site.town.slug }

    func upload(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        // The file of a refused upload, kept for this user: sent again with changed settings.
        var kept: (Pending, [UInt8])?
        if let t = form.value("behalten"), !t.isEmpty, let k = try await pending(t, auth) {
            kept = k
            _ = try? await instance.dropUpload(token: t)
        }
        let chosen = form.files["datei"].flatMap { $0.bytes.isEmpty ? nil : $0 }
        guard let bytes = chosen?.bytes ?? kept?.1 else {
            return try await uploadForm(request, error: "Feld „Datei“: keine Datei gewählt oder die Datei ist leer.", status: .badRequest)
        }
        let kind = form.value("art") == "gebiete" ? "gebiete" : "tabelle"
        let original = chosen.map { ($0.filename as NSString).lastPathComponent } ?? kept!.0.file
        let ext = (original as NSString).pathExtension.lowercased()
        let allowed = kind == "gebiete" ? ["geojson", "json", "zip", "gpkg"] : ["csv", "txt", "xlsx", "ods", "xls"]
        guard allowed.contains(ext) else {
            return try await uploadForm(request, error: "Datei „\(original)“: erwartet \(allowed.map { "." + $0 }.joined(separator: ", ")).", status: .badRequest)
        }
        let token = RandomToken.make()
        try FileManager.default.createDirectory(atPath: uploadDirectory, withIntermediateDirectories: true)
        let path = uploadDirectory + "/" + token + "." + ext
        let keptMapping = kept.flatMap { $0.0.keepsMapping ? $0.0.mapping : nil }
        var pending = Pending(town: site.town.slug, userID: auth.user.id, kind: kind, file: original, path: path,
                              mapping: form.files["zuordnung"].flatMap { $0.bytes.isEmpty ? nil : String(decoding: $0.bytes, as: UTF8.self) } ?? keptMapping,
                              level: (form.value("ebene") ?? "").isEmpty ? "sozialraum" : form.value("ebene")!,
                              code: (form.value("code") ?? "").isEmpty ? "code" : form.value("code")!,
                              name: (form.value("name") ?? "").isEmpty ? "name" : form.value("name")!,
                              sheet: (form.value("blatt") ?? "").isEmpty ? nil : form.value("blatt"))
        // The same source as an earlier upload (same header): its template is applied by itself.
        if kind == "tabelle", pending.mapping == nil, let base = try? pending.tableMapping(file: "Zuordnung"),
           let (t, sameYears) = try await SourceTemplates.matching(raw: bytes, file: original, mapping: base, store: site.store) {
            pending.mapping = t.mapping
            pending.template = t.name
            pending.otherYears = !sameYears
        }
        if let k = kept?.0, chosen == nil, k.saveTemplate != nil {
            pending.template = k.template
            pending.saveTemplate = k.saveTemplate
        }
        return try await preview(request, auth, bytes: bytes, pending: pending, token: token)
    }

    /// Checks an upload and shows its preview (the pending upload stashed under `token`), or,
    /// when only variables are unknown, the mapping step; errors go back to the form.
    func preview(_ request: Request, _ auth: AuthState, bytes: [UInt8], pending: Pending, token: String) async throws -> Response {
        let original = pending.file, kind = pending.kind, path = pending.path
        let facts: [(String, String)]
        var header: [String] = [], rows: [[String]] = []
        var stored: [(area: String, variable: String, date: String, value: Double?, status: String, symbol: String?)] = []
        do {
            if kind == "tabelle" {
                let mapping = try pending.tableMapping(file: "Zuordnung")
                let data: TableData
                do {
                    data = try await ImportService(store: site.store).checkTable(raw: bytes, file: original, mapping: mapping)
                } catch let e as ImportFailure where SourceTemplates.onlyUnknownVariables(e) || SourceTemplates.needsPeriod(e)
                                                     || SourceTemplates.missingValueCodes(e) != nil || SourceTemplates.needsDecimal(e) {
                    let ambiguous = e.issues.filter { $0.expected == TableReader.ambiguousDecimal }.prefix(5).map { "„\($0.found ?? "")“ (Zeile \($0.line ?? 0))" }
                    return try await mappingStep(request, auth, bytes: bytes, pending: pending, token: token, mapping: mapping, error: nil,
                                                 needsPeriod: SourceTemplates.needsPeriod(e), codes: SourceTemplates.missingValueCodes(e) ?? [],
                                                 ambiguous: ambiguous)
                }
                let statusWords = ["gezählt", "gesperrt", "fehlt", "geschätzt"]
                for e in data.entries.prefix(12) {
                    let status = Int(e.status) < statusWords.count ? statusWords[Int(e.status)] : String(e.status)
                    let shown = e.status == 0 || e.status == 3 ? e.value : nil
                    stored.append((data.areaCodes[Int(e.area)], data.variables[Int(e.variable)].label, Period(date: data.periods[Int(e.period)]).germanDate, shown, status,
                                   TableData.symbols[Int(e.symbol)]))
                }
                let doc = try CSVDocument(raw: bytes, file: original, encoding: mapping.encoding, delimiter: mapping.delimiter, sheet: mapping.sheet)
                struct Enough: Error {}
                var first = true
                var title = data.titleLines.count
                do {
                    try doc.forEachRecord { rec in
                        if title > 0 { title -= 1; return }
                        let fields = (0..<rec.count).map { rec.string($0) }
                        if first { header = fields; first = false } else { rows.append(fields) }
                        if rows.count == 10 { throw Enough() }
                    }
                } catch is Enough {}
                var sheetFacts: [(String, String)] = []
                if let sheet = data.sheetName {
                    sheetFacts.append(("Tabellenblatt", "„\(sheet)“ (in der Arbeitsmappe: \(data.sheetNames.enumerated().map { "\($0.offset + 1) „\($0.element)“" }.joined(separator: ", ")))"))
                }
                if !data.titleLines.isEmpty { sheetFacts.append(("Über der Kopfzeile übergangen", data.titleLines.filter { !$0.isEmpty }.joined(separator: " · "))) }
                if !data.footnotes.isEmpty { sheetFacts.append(("Unter der Tabelle übergangen", data.footnotes.joined(separator: " · "))) }
                if data.skippedAreaRows > 0 { sheetFacts.append(("Übersprungen (Gebiet nicht im Atlas)", "\(data.skippedAreaRows) Zeilen")) }
                if data.declaredMissing > 0 { sheetFacts.append(("Als fehlend gespeichert (missing)", "\(data.declaredMissing) Zellen")) }
                if !data.outliers.isEmpty { sheetFacts.append(("Auffällige Werte (bitte prüfen)", data.outliers.joined(separator: " · "))) }
                if !data.rowsWithoutCode.isEmpty { sheetFacts.append(("Zeilen ohne Gebietscode übergangen (Summen)", data.rowsWithoutCode.joined(separator: ", "))) }
                let how = pending.template.map { "Vorlage „\($0)“" + (pending.saveTemplate != nil ? ""
                    : pending.otherYears == true ? " (gleiche Spalten wie ein früherer Upload, andere Jahre)" : " (gleiche Spalten wie ein früherer Upload)") }
                    ?? (pending.mapping == nil ? "Standard (Spalten werden erkannt)" : "aus Zuordnungsdatei")
                let format: [(String, String)] = data.sheetName == nil
                    ? [("Zeichensatz", data.encoding.rawValue), ("Trennzeichen", data.delimiterName)]
                    : [("Format", original.lowercased().hasSuffix(".ods") ? "OpenDocument-Tabelle (ODS)" : "Excel-Arbeitsmappe (XLSX)")]
                facts = [("Datei", original)] + format + sheetFacts + [
                         ("Aufbau", data.layout.words), ("Zuordnung", how),
                         ("Datensätze gelesen", String(data.recordsRead)), ("Werte", String(data.entries.count)),
                         ("Variablen", data.variables.map { "\($0.label) (\($0.key))" }.joined(separator: ", ")),
                         ("Neue Variablen", data.newVariableKeys.sorted().joined(separator: ", ").isEmpty ? "keine" : data.newVariableKeys.sorted().joined(separator: ", ")),
                         ("Stichtage", data.periods.joined(separator: ", ")), ("Gebiete", String(data.areaCodes.count)),
                         ("Neue Gebiete", String(data.newAreas.count))]
            } else {
                // Area layers (a zipped shapefile among them) are read from a file.
                try Data(bytes).write(to: URL(fileURLWithPath: path))
                let result = try ImportService.readAreas(path: path, options: pending.areaOptions, named: original)
                header = ["Schlüssel", "Name", "übergeordnet"]
                rows = result.areas.prefix(10).map { [$0.code, $0.name, $0.parentCode ?? ""] }
                let released = try await site.store.levelReleases()[AreaLevel.key(forName: pending.level)] != nil
                facts = [("Datei", original), ("Gebiete", String(result.areas.count)), ("Ebene", pending.level),
                         ("Koordinatensystem", "EPSG:\(result.crs.epsg) (\(result.crs.name))")]
                    + (result.transformation.map { [("Umrechnung nach ETRS89", $0)] } ?? []) + [
                         ("Sichtbarkeit", released ? "Die Ebene ist freigegeben: geänderte Grenzen und neue Gebiete sind mit der Übernahme öffentlich."
                                                   : "Neue Ebene: intern, bis sie unter „Freigabe“ freigegeben wird.")]
            }
        } catch let e as ImportFailure {
            return try await refused(request, error: e.description, bytes: bytes, pending: pending, token: token)
        } catch let e as MappingError {
            return try await refused(request, error: e.description, bytes: bytes, pending: pending, token: token)
        }
        try? FileManager.default.removeItem(atPath: path)
        try await instance.stashUpload(token: token, meta: String(decoding: try JSONEncoder().encode(pending), as: UTF8.self), bytes: bytes)
        var model = AdminPages.Preview(townName: try await townName(), file: original, kind: kind, facts: facts, header: header,
                                       rows: rows, token: token, csrf: auth.csrf, lang: PageController.lang(request))
        model.stored = stored
        return PageController.html(AdminPages.preview(model))
    }

    /// A refused upload: the file and the choices are kept (stashed under `token`) and the form
    /// shows the error with them, so the planner changes only what it names.
    func refused(_ request: Request, error: String, bytes: [UInt8], pending: Pending, token: String) async throws -> Response {
        try? FileManager.default.removeItem(atPath: pending.path)
        _ = try? await instance.dropUpload(token: token)
        try await instance.stashUpload(token: token, meta: String(decoding: try JSONEncoder().encode(pending), as: UTF8.self), bytes: bytes)
        return try await uploadForm(request, error: error, status: .unprocessableContent, kept: (pending, token))
    }

    /// The mapping step: the upload is stashed (the file is kept), the unknown labels listed
    /// with a suggested variable each.
    func mappingStep(_ request: Request, _ auth: AuthState, bytes: [UInt8], pending: Pending, token: String, mapping: TableMapping,
                     error: String?, needsPeriod: Bool = false, codes: [String] = [], ambiguous: [String] = []) async throws -> Response {
        var probe = mapping
        if needsPeriod { probe.period = "2000" }      // only to list the columns; the planner gives the date
        let labels = try await SourceTemplates.unknownLabels(raw: bytes, file: pending.file, mapping: probe, store: site.store)
        guard !labels.isEmpty || needsPeriod || !codes.isEmpty || !ambiguous.isEmpty, labels.count <= 500 else {
            return try await uploadForm(request, error: "Die Datei hat \(labels.count) unbekannte Spalten oder Bezeichnungen; bitte eine Zuordnungsdatei angeben.",
                                        status: .unprocessableContent)
        }
        var variables = try await site.store.variables()
        let stored = Set(variables.map(\.key))
        variables += StandardCatalog.variables.filter { !stored.contains($0.key) }
        variables.sort { $0.label.lowercased() < $1.label.lowercased() }
        _ = try? await instance.dropUpload(token: token)
        try await instance.stashUpload(token: token, meta: String(decoding: try JSONEncoder().encode(pending), as: UTF8.self), bytes: bytes)
        let model = AdminPages.MappingStep(townName: try await townName(), file: pending.file, token: token, csrf: auth.csrf,
                                           labels: labels.map { ($0, SourceTemplates.suggestion(for: $0, among: variables)) },
                                           variables: variables.map { ($0.key, $0.label) }, needsPeriod: needsPeriod, codes: codes, ambiguous: ambiguous,
                                           error: error, lang: PageController.lang(request))
        return PageController.html(AdminPages.mappingStep(model), status: error == nil ? .ok : .unprocessableContent)
    }

    /// The planner's choices of the mapping step: a new pending upload with the mapping they
    /// make, checked and previewed; the old one is gone.
    func applyMapping(_ request: Request, token: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard let (p, bytes) = try await pending(token, auth) else {
            return try await uploadForm(request, error: "Dieser Upload ist nicht (mehr) vorhanden. Bitte die Datei erneut hochladen.", status: .notFound)
        }
        let form = RequestState.form
        var choices: [(label: String, choice: SourceTemplates.Choice)] = []
        var i = 0
        while i < 500, let label = form.value("l\(i)") {
            switch form.value("v\(i)") ?? "-" {
            case "-": choices.append((label, .skip))
            case "neu": choices.append((label, .create))
            case let key where Variable.isValidKey(key): choices.append((label, .variable(key)))
            case let other:
                return try await uploadForm(request, error: "Ungültige Wahl „\(other)“ für „\(label)“.", status: .badRequest)
            }
            i += 1
        }
        var missing: [Double] = [], confirm = false
        var k = 0
        while k < 50, let code = form.value("k\(k)") {
            guard let v = Double(code) else { return try await uploadForm(request, error: "Ungültiger Code „\(code)“.", status: .badRequest) }
            if form.value("c\(k)") == "zahl" { confirm = true } else { missing.append(v) }
            k += 1
        }
        var decimal: CellParser.DecimalMark?
        if let d = form.value("dezimal"), !d.isEmpty {
            guard let mark = CellParser.DecimalMark(option: d) else { return try await uploadForm(request, error: "Ungültige Wahl „\(d)“ für das Dezimalzeichen.", status: .badRequest) }
            decimal = mark
        }
        let period = (form.value("zeitpunkt") ?? "").trimmingCharacters(in: .whitespaces)
        if !period.isEmpty, CellParser.period(period) == nil {
            return try await mappingStep(request, auth, bytes: bytes, pending: p, token: token, mapping: try p.tableMapping(file: "Zuordnung"),
                                         error: "Feld „Zeitpunkt“: gefunden „\(period)“; \(CellParser.expectedPeriod)", needsPeriod: true)
        }
        var next = p
        next.mapping = SourceTemplates.mappingText(base: p.mapping, period: period.isEmpty ? nil : period, choices: choices,
                                                   missing: missing, confirmValues: confirm && missing.isEmpty, decimal: decimal)
        let name = (form.value("vorlage") ?? "").trimmingCharacters(in: .whitespaces)
        if !name.isEmpty {
            guard name.count <= 80 else { return try await uploadForm(request, error: "Feld „Vorlage“: höchstens 80 Zeichen.", status: .badRequest) }
            next.template = name
            next.saveTemplate = name
        }
        _ = try await instance.dropUpload(token: token)
        let fresh = RandomToken.make()
        next.path = uploadDirectory + "/" + fresh + "." + (p.path as NSString).pathExtension
        return try await preview(request, auth, bytes: bytes, pending: next, token: fresh)
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
        _ = try? await instance.dropUpload(token: token)
    }

    func confirm(_ request: Request, token: String) async throws -> Response {
        let auth = try require(.editor, request)
        guard let (p, bytes) = try await pending(token, auth) else {
            return try await uploadForm(request, error: "Dieser Upload ist nicht (mehr) vorhanden. Bitte die Datei erneut hochladen.", status: .notFound)
        }
        // The batch takes the upload's token in the import's own transaction, together with the
        // audit record: a second confirmation (or one after a kill right after the commit) is
        // refused by the atlas, and the stashed upload is dropped only after that.
        let service = ImportService(store: site.store, origin: ImportOrigin(user: auth.user.login, uploadToken: token))
        do {
            let receipt: ImportReceipt
            var visibility = "Die neuen Daten sind intern, bis sie freigegeben werden."
            if p.kind == "tabelle" {
                let mapping = try p.tableMapping(file: "Zuordnung")
                receipt = try await service.importTable(raw: bytes, file: p.file, mapping: mapping, label: p.file).1
            } else {
                defer { try? FileManager.default.removeItem(atPath: p.path) }
                try FileManager.default.createDirectory(atPath: uploadDirectory, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: p.path))
                if try await site.store.levelReleases()[AreaLevel.key(forName: p.level)] != nil {
                    visibility = "Die Ebene „\(p.level)“ ist freigegeben: ihre Gebiete sind öffentlich."
                } else {
                    visibility = "Die Ebene „\(p.level)“ ist intern, bis sie unter „Freigabe“ freigegeben wird."
                }
                receipt = try await service.importAreas(path: p.path, options: p.areaOptions, label: p.file, named: p.file).1
            }
            _ = try? await instance.dropUpload(token: token)
            var saved = ""
            if let name = p.saveTemplate, let mapping = p.mapping,
               let header = SourceTemplates.fingerprint(raw: bytes, file: p.file, mapping: (try? p.tableMapping(file: "Zuordnung")) ?? TableMapping()) {
                try await site.store.save(sourceTemplate: SourceTemplate(name: name, mapping: mapping, header: header), by: auth.user.name)
                saved = " Die Zuordnung ist als Vorlage „\(name)“ gespeichert; der nächste Upload dieser Quelle wird ohne Fragen gelesen."
                try await log(auth, "Vorlage gespeichert", "„\(name)“")
            }
            return done(request, "/verwaltung/importe", "„\(p.file)“ importiert (Nr. \(receipt.batchID)): \(receipt.values) Werte, \(receipt.areas) Gebiete. " + visibility + saved)
        } catch let e as ImportFailure {
            return try await uploadForm(request, error: e.description, status: .unprocessableContent, kept: (p, token))
        } catch let e as StoreError where e.takenBy != nil {
            _ = try? await instance.dropUpload(token: token)
            return try await uploadForm(request, error: e.message + ".", status: .conflict)
        } catch let e as StoreError {
            return try await uploadForm(request, error: e.message, status: .unprocessableContent, kept: (p, token))
        }
    }

    func discard(_ request: Request, token: String) async throws -> Response {
        let auth = try require(.editor, request)
        if let (p, _) = try await pending(token, auth) { await removePending(token, p) }
        return try await uploadForm(request, error: nil)
    }
}
