import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The register of measures: create, edit, release, delete.
extension AdminController {
    // MARK: Measures

    func measures(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        return PageController.html(MeasurePages.adminList(townName: try await townName(), measures: try await site.store.measures(), canEdit: role >= .editor,
                                                          canManageUsers: role >= .admin, csrf: auth.csrf, message: message ?? flash(request), error: error,
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
        return done(request, "/verwaltung/massnahmen", "Maßnahme „\(measure.title)“ gespeichert. Sie ist intern, bis sie freigegeben wird.")
    }

    func measureAction(_ request: Request, key: String, action: String) async throws -> Response {
        let auth = try require(.editor, request)
        do {
            switch action {
            case "freigeben", "zurueckziehen":
                try await site.store.setMeasureReleased(action == "freigeben", keys: [key], by: auth.user.name)
                try await log(auth, action == "freigeben" ? "Maßnahme freigegeben" : "Freigabe der Maßnahme zurückgezogen", key)
                return done(request, "/verwaltung/massnahmen", action == "freigeben" ? "Maßnahme freigegeben." : "Freigabe zurückgezogen.")
            case "loeschen":
                guard try await site.store.deleteMeasure(key: key) else { throw StoreError("Maßnahme „\(key)“ existiert nicht") }
                try await log(auth, "Maßnahme gelöscht", key)
                return done(request, "/verwaltung/massnahmen", "Maßnahme gelöscht.")
            default:
                throw HTTPError(.notFound)
            }
        } catch let e as StoreError {
            return try await measures(request, message: nil, error: e.message, status: .notFound)
        }
    }
}

extension AdminController {
}
