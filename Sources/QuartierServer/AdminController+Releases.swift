import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// Release and withdrawal of datasets and indicators (`/verwaltung`, `/verwaltung/freigabe`).
extension AdminController {
    // MARK: Release

    func overview(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok,
                  preview: AdminPages.ReleasePreviewView? = nil) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        let releases = try await site.store.indicatorReleases()
        var labels: [String: String] = [:]
        for v in try await site.store.variables() { labels[v.key] = v.label }
        var counts: [String: Int] = [:]
        for a in try await site.store.areas(levelKey: nil, includeGeometry: false) { counts[a.levelKey, default: 0] += 1 }
        let levelReleases = try await site.store.levelReleases()
        var model = AdminPages.Overview(townName: try await townName(), datasets: try await site.store.datasets(), variableLabels: labels,
                                        indicators: try await site.store.indicators().map { ($0, releases[$0.key]) },
                                        publishAfterDays: configuration.publishAfterDays, now: Date(), canEdit: role >= .editor,
                                        canManageUsers: role >= .admin, csrf: auth.csrf, message: message ?? flash(request), error: error, lang: PageController.lang(request))
        model.levels = try await site.store.levels().map { ($0, counts[$0.key] ?? 0, levelReleases[$0.key]) }
        model.preview = preview
        let q = request.uri.queryParameters
        if let f = q.get("zeigen"), !f.isEmpty {
            guard let filter = AdminPages.DatasetFilter(rawValue: f) else {
                throw Refusal(.badRequest, "Unbekannte Auswahl „\(f)“; möglich: \(AdminPages.DatasetFilter.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            model.filter = filter
        }
        if let g = q.get("gruppe"), !g.isEmpty {
            guard let grouping = AdminPages.DatasetGrouping(rawValue: g) else {
                throw Refusal(.badRequest, "Unbekannte Gruppierung „\(g)“; möglich: import, variable.")
            }
            model.grouping = grouping
        }
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
        let levels = form.values("l")
        var action = form.value("aktion")
        // One button per import: all its internal datasets, previewed first.
        if let a = action, a.hasPrefix("import-") {
            guard let id = Int64(a.dropFirst("import-".count)) else {
                return try await overview(request, message: nil, error: "Ungültiger Import „\(a)“.", status: .badRequest)
            }
            datasets = try await site.store.datasets().filter { $0.batchID == id && $0.release == nil }.map(\.dataset)
            guard !datasets.isEmpty else {
                return try await overview(request, message: nil, error: "Import Nr. \(id) hat keine internen Datensätze.", status: .badRequest)
            }
            action = "vorschau"
        }
        guard !datasets.isEmpty || !indicators.isEmpty || !levels.isEmpty else {
            return try await overview(request, message: nil, error: "Nichts ausgewählt.", status: .badRequest)
        }
        let what = datasets.map { "\($0.variableKey) \($0.period.date)" } + indicators.map { "Indikator \($0)" } + levels.map { "Gebietsebene \($0)" }
        do {
            switch action {
            case "vorschau":
                // The confirmation step: what the public atlas shows after this release.
                let preview = try await ReleasePreview.make(store: site.store, change: PublicationState(datasets: Set(datasets), indicators: Set(indicators), levels: Set(levels)),
                                                            withdraw: false, minimumDenominator: configuration.minimumDenominator)
                return try await overview(request, message: nil, error: nil, preview: .init(
                    lines: preview.lines(german: PageController.lang(request) == .de),
                    datasets: datasets.map { "\($0.variableKey)|\($0.period.date)" }, indicators: indicators, levels: levels, withdraw: false))
            case "freigeben":
                try await site.store.setReleased(true, datasets: datasets, indicators: indicators, by: auth.user.name)
                if !levels.isEmpty { try await site.store.setLevelReleased(true, keys: levels, by: auth.user.name) }
                try await log(auth, "freigegeben", what.joined(separator: ", "))
                return done(request, "/verwaltung", "\(what.count) freigegeben.")
            case "zurueckziehen":
                try await site.store.setReleased(false, datasets: datasets, indicators: indicators, by: auth.user.name)
                if !levels.isEmpty { try await site.store.setLevelReleased(false, keys: levels, by: auth.user.name) }
                try await log(auth, "Freigabe zurückgezogen", what.joined(separator: ", "))
                return done(request, "/verwaltung", "Freigabe für \(what.count) zurückgezogen.")
            case "loeschen":
                guard levels.isEmpty else {
                    return try await overview(request, message: nil, error: "Gebietsebenen werden nicht hier gelöscht, sondern durch Zurücknehmen ihres Imports.", status: .badRequest)
                }
                var n = 0
                for d in datasets { n += try await site.store.delete(dataset: d) }
                try await log(auth, "gelöscht", datasets.map { "\($0.variableKey) \($0.period.date)" }.joined(separator: ", ") + " (\(n) Werte)")
                return done(request, "/verwaltung", "\(datasets.count) Datensätze mit \(n) Werten gelöscht.")
            default:
                return try await overview(request, message: nil, error: "Unbekannte Aktion: erwartet freigeben, zurueckziehen oder loeschen.", status: .badRequest)
            }
        } catch let e as StoreError {
            return try await overview(request, message: nil, error: e.message, status: .badRequest)
        }
    }
}
