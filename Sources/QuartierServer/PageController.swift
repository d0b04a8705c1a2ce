import Hummingbird
import QuartierCore
import QuartierGeo
import QuartierRender
import QuartierStore

/// The HTML pages of the atlas.
struct PageController: Sendable {
    let queries: AtlasQueries
    let geometry: GeometryCache

    func register(on router: Router<BasicRequestContext>) {
        router.get("/") { request, _ in try await start(request) }
        router.get("/gebiete") { request, _ in try await areaList(request) }
        router.get("/indikator/:key") { request, context in
            try await indicator(request, key: context.parameters.get("key") ?? "")
        }
        router.get("/sozialindex") { request, _ in try await socialIndex(request) }
        router.get("/fruehwarnung") { request, _ in try await earlyWarning(request) }
        router.get("/gebiet/:code") { request, context in
            try await profile(request, code: context.parameters.get("code") ?? "")
        }
        router.get("/static/quartier.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
        }
    }

    static func lang(_ request: Request) -> Language { Language(query: request.uri.queryParameters.get("lang")) }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func townName() async throws -> String? { try await queries.store.municipality()?.name }

    func errorPage(_ error: AtlasRequestError, request: Request) async throws -> Response {
        let lang = Self.lang(request)
        let title = error.kind == .notFound ? lang.t("notfound.title") : (lang == .de ? "Ungültige Anfrage" : "Bad request")
        return Self.html(MessagePage.render(title: title, message: error.message, townName: try await townName(), lang: lang, path: request.uri.path),
                         status: error.kind == .notFound ? .notFound : .badRequest)
    }

    func start(_ request: Request) async throws -> Response {
        let lang = Self.lang(request)
        let indicators = try await queries.store.indicators()
        var topics: [(topic: String, indicators: [Indicator])] = []
        for i in indicators {
            if let k = topics.firstIndex(where: { $0.topic == i.topic }) { topics[k].indicators.append(i) } else { topics.append((i.topic, [i])) }
        }
        topics.sort { StandardCatalog.topicOrder($0.topic, $1.topic) }
        let model = StartPage.Model(townName: try await townName(), topics: topics, levels: try await levelsWithAreas(),
                                    latestPeriod: try await queries.store.periods().last, lang: lang)
        return Self.html(StartPage.render(model))
    }

    func levelsWithAreas() async throws -> [(level: AreaLevel, areas: [Area])] {
        let levels = try await queries.store.levels()
        let areas = try await queries.store.areas(levelKey: nil, includeGeometry: false)
        return levels.reversed().map { l in (l, areas.filter { $0.levelKey == l.key }.sorted { $0.name < $1.name }) }.filter { !$0.areas.isEmpty }
    }

    func areaList(_ request: Request) async throws -> Response {
        Self.html(AreaList.page(townName: try await townName(), levels: try await levelsWithAreas(), lang: Self.lang(request)))
    }

    func indicator(_ request: Request, key: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let r = try await queries.indicator(key: key, year: q.get("jahr"), levelKey: q.get("ebene"))
            let geometries = try await geometry.shapes(levelKey: r.level.key)
            var method = Classification.Method.quantile
            if let m = q.get("methode"), !m.isEmpty {
                guard let parsed = Classification.Method(rawValue: m), parsed != .manual else {
                    throw AtlasRequestError(kind: .badRequest, message: "Unbekannte Klassenbildung „\(m)“; möglich: \(IndicatorPage.offeredMethods.map(\.rawValue).joined(separator: ", ")).")
                }
                method = parsed
            }
            var classes = 5
            if let k = q.get("klassen"), !k.isEmpty {
                guard let n = Int(k), (3...7).contains(n) else {
                    throw AtlasRequestError(kind: .badRequest, message: "Die Anzahl der Klassen muss zwischen 3 und 7 liegen, nicht „\(k)“.")
                }
                classes = n
            }
            let model = IndicatorPage.Model(townName: try await townName(), indicator: r.indicator, periods: r.periods, period: r.period,
                                            levels: r.levels, level: r.level, rows: r.rows, town: r.town, geometries: geometries,
                                            classes: classes, method: method, lang: Self.lang(request))
            return Self.html(IndicatorPage.render(model))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    static func years(_ request: Request) throws(AtlasRequestError) -> Int {
        guard let y = request.uri.queryParameters.get("jahre"), !y.isEmpty else { return 2 }
        guard let n = Int(y), (1...20).contains(n) else {
            throw AtlasRequestError(kind: .badRequest, message: "„\(y)“: der Vergleich braucht 1 bis 20 Jahre.")
        }
        return n
    }

    func earlyWarning(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        let lang = Self.lang(request)
        do {
            let years = try Self.years(request)
            let fmt = EarlyWarningPage.formatting(.de)
            let r = try await queries.earlyWarning(year: q.get("jahr"), levelKey: q.get("ebene"), years: years,
                                                   lang: NumberFormatting(value: fmt.value, points: fmt.points))
            return Self.html(EarlyWarningPage.render(.init(townName: try await townName(), period: r.period, periods: r.periods, level: r.level,
                                                           levels: r.levels, years: years, findings: r.findings, lang: lang)))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func socialIndex(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let s = q.getAll("s"), d = q.getAll("d")
            var minimum = 300.0
            if let m = q.get("min"), !m.isEmpty {
                guard let v = Double(m), v >= 0 else { throw AtlasRequestError(kind: .badRequest, message: "„\(m)“ ist keine Einwohnerzahl.") }
                minimum = v
            }
            var method = CompositeIndex.Method.zScore
            if let m = q.get("methode"), !m.isEmpty {
                guard let parsed = CompositeIndex.Method(rawValue: m) else {
                    throw AtlasRequestError(kind: .badRequest, message: "Unbekanntes Verfahren „\(m)“; möglich: \(CompositeIndex.Method.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                method = parsed
            }
            let explicit = !s.isEmpty || q.get("jahr") != nil
            let r = try await queries.socialIndex(statusKeys: explicit ? s : nil, dynamicsKeys: explicit ? d : nil,
                                                  year: q.get("jahr"), levelKey: q.get("ebene"), minimumPopulation: minimum, method: method)
            let geometries = try await geometry.shapes(levelKey: r.level.key)
            let model = IndexPage.Model(townName: try await townName(), indicators: r.indicators, statusKeys: r.statusKeys, dynamicsKeys: r.dynamicsKeys,
                                        periods: r.periods, period: r.period, levels: r.levels, level: r.level, minimumPopulation: minimum,
                                        areas: r.areas, results: r.results, geometries: geometries, method: r.method,
                                        classLabels: r.classLabels, classBounds: r.classBounds, lang: Self.lang(request))
            return Self.html(IndexPage.render(model))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func profile(_ request: Request, code: String) async throws -> Response {
        do {
            let p = try await queries.profile(code: code, year: request.uri.queryParameters.get("jahr"))
            let level = p.levels.first { $0.key == p.area.levelKey }
            let parent = p.area.parentCode.flatMap { pc in p.areas.first { $0.code == pc } }
            let children = p.areas.filter { $0.parentCode == p.area.code }.sorted { $0.name < $1.name }
            var neighbours: [(area: Area, geometry: MultiPolygon)] = []
            let shapes = try await geometry.shapes(levelKey: p.area.levelKey)
            for a in p.areas where a.levelKey == p.area.levelKey {
                if let g = shapes[a.code] { neighbours.append((a, g)) }
            }
            let lang = Self.lang(request)
            let nf = NumberFormat.forLanguage(lang)
            let levelName = level?.name ?? p.area.levelKey
            let statements = Statements.make(areaName: p.area.name, levelName: levelName, levelPlural: Statements.plural(levelName),
                                             inputs: p.statements) { v, ind in nf.format(v, decimals: ind.decimals, unit: ind.unit) }
            let model = ProfilePage.Model(townName: try await townName(), area: p.area, level: level, parent: parent, children: children,
                                          periods: p.periods, period: p.period,
                                          rows: p.rows.map { ProfilePage.Row(indicator: $0.0, area: $0.1, town: $0.2) },
                                          neighbours: neighbours, statements: statements, lang: lang)
            return Self.html(ProfilePage.render(model))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }
}
