import Foundation
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierRender
import QuartierStore

/// Measures in the atlas: need against provision (`/massnahmen`) and one measure's effect
/// (`/massnahme/{key}`). Public and internal alike; the public store shows released measures.
struct MeasureController: Sendable {
    let queries: AtlasQueries
    let geometry: GeometryCache

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/massnahmen") { request, _ in try await provision(request) }
        router.get("/massnahme/:key") { request, context in try await effect(request, key: context.parameters.get("key") ?? "") }
    }

    func townName() async throws -> String? { try await queries.store.municipality()?.name }

    func provision(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        let lang = PageController.lang(request)
        let indicators = try await queries.store.indicators().filter { $0.polarity != .neutral }
        guard let fallback = indicators.first(where: { $0.key == "kinderarmut" }) ?? indicators.first else {
            return PageController.html(MessagePage.render(title: lang == .de ? "Maßnahmen" : "Measures",
                                                          message: lang == .de ? "Es gibt noch keine Indikatoren." : "There are no indicators yet.",
                                                          townName: try await townName(), lang: lang, path: "/massnahmen"), status: .notFound)
        }
        do {
            let (r, rows) = try await queries.provision(indicatorKey: q.get("indikator") ?? fallback.key, year: q.get("jahr"), levelKey: q.get("ebene"))
            var map = IndicatorPage.Model(townName: try await townName(), indicator: r.indicator, periods: r.periods, period: r.period, levels: r.levels,
                                          level: r.level, rows: r.rows, town: r.town, geometries: try await geometry.shapes(levelKey: r.level.key, at: r.period.date), lang: lang)
            map.facilities = try await queries.store.facilities()
            map.shownFacilities = Facility.Category.allCases
            let model = MeasurePages.ProvisionModel(
                map: map,
                rows: rows.map { ($0.area, ValueText.format($0.need.outcome, indicator: r.indicator, lang: lang), $0.measures, $0.facilities.count, $0.highNeed) },
                indicators: indicators, measures: try await queries.store.measures())
            return PageController.html(MeasurePages.provision(model))
        } catch let e as AtlasError {
            return try await PageController(queries: queries, geometry: geometry).errorPage(e, request: request)
        }
    }

    func effect(_ request: Request, key: String) async throws -> Response {
        let lang = PageController.lang(request)
        do {
            let r = try await queries.measureEffect(key: key)
            let names = Dictionary(uniqueKeysWithValues: try await queries.store.areas(levelKey: nil, includeGeometry: false).map { ($0.code, $0.name) })
            let targets = r.targets.map { t in
                MeasurePages.EffectModel.Target(indicator: t.indicator, key: t.target.indicatorKey, direction: t.target.direction, periods: t.periods,
                                                treated: t.treated, comparison: t.comparison, town: t.town,
                                                comparisonNames: t.estimate?.comparison.map { names[$0.code] ?? $0.code } ?? [],
                                                estimate: t.estimate, problem: t.problem)
            }
            return PageController.html(MeasurePages.effect(.init(townName: try await townName(), measure: r.measure, areas: r.areas, targets: targets, lang: lang)))
        } catch let e as AtlasError {
            return try await PageController(queries: queries, geometry: geometry).errorPage(e, request: request)
        }
    }
}
