import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The JSON API: areas as GeoJSON, variables, indicators and their values, raw values, health.
/// Suppressed values are sent as `null` with their status, never as numbers.
struct APIController: Sendable {
    let queries: AtlasQueries

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/health") { _, _ in try await health() }
        router.get("/api") { _, _ in Self.json(Self.index) }
        router.get("/api/areas") { request, _ in try await areas(request) }
        router.get("/api/variables") { _, _ in try await variables() }
        router.get("/api/indicators") { _, _ in try await indicators() }
        router.get("/api/indicators/:key") { request, context in
            try await indicatorValues(request, key: context.parameters.get("key") ?? "")
        }
        router.get("/api/values") { request, _ in try await values(request) }
        router.get("/api/fruehwarnung") { request, _ in try await earlyWarning(request) }
        router.get("/api/facilities") { _, _ in try await facilities() }
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok, contentType: String = "application/json; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func error(_ e: AtlasError) -> Response {
        var j = JSONOutput()
        j.beginObject()
        j.field("error", e.message)
        j.endObject()
        return json(j.text, status: e.status)
    }

    static let index: String = {
        var j = JSONOutput()
        j.beginObject()
        j.field("name", "Quartier API")
        j.beginArray("endpoints")
        for (path, what) in [
            ("/api/areas?ebene={level}", "Gebiete als GeoJSON (RFC 7946, WGS84)"),
            ("/api/variables", "Variablen"),
            ("/api/indicators", "Indikatoren mit Definition und Formel"),
            ("/api/indicators/{key}?jahr={year}&ebene={level}", "Werte eines Indikators je Gebiet, mit Gesamtstadt und 95-%-Intervall"),
            ("/api/values?variable={key}&jahr={year}", "Rohwerte einer Variablen"),
            ("/api/fruehwarnung?jahr={year}&ebene={level}&jahre={n}", "Auffälligkeiten: deutlich über dem Stadtwert oder deutlich verschlechtert"),
            ("/api/facilities", "Einrichtungen (Kitas, Schulen, Jugendzentren, Spielplätze) als GeoJSON"),
            ("/health", "Betriebszustand"),
        ] {
            j.beginObject()
            j.field("path", path)
            j.field("description", what)
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return j.text
    }()

    func health() async throws -> Response {
        let s = try await queries.store.statistics()
        var j = JSONOutput()
        j.beginObject()
        j.field("status", "ok")
        j.field("areas", s.areas)
        j.field("variables", s.variables)
        j.field("indicators", s.indicators)
        j.field("values", s.values)
        j.endObject()
        return Self.json(j.text)
    }

    func areas(_ request: Request) async throws -> Response {
        let level = request.uri.queryParameters.get("ebene") ?? request.uri.queryParameters.get("level")
        let levels = try await queries.store.levels()
        if let level, !levels.contains(where: { $0.key == level }) {
            return Self.error(AtlasError.notFound("Die Ebene „\(level)“ gibt es nicht; vorhanden: \(levels.map(\.key).joined(separator: ", "))."))
        }
        let areas = try await queries.store.areas(levelKey: level)
        let names = Dictionary(uniqueKeysWithValues: levels.map { ($0.key, $0.name) })
        return Self.json(GeoJSONWriter.featureCollection(areas, levelNames: names), contentType: "application/geo+json")
    }

    func variables() async throws -> Response {
        var j = JSONOutput()
        j.beginArray()
        for v in try await queries.store.variables() {
            j.beginObject()
            j.field("key", v.key)
            j.field("label", v.label)
            j.field("unit", v.unit)
            j.field("source", v.source)
            j.endObject()
        }
        j.endArray()
        return Self.json(j.text)
    }

    static func write(_ i: Indicator, into j: inout JSONOutput) {
        j.field("key", i.key)
        j.field("name", i.name)
        j.field("formula", i.formula)
        j.field("unit", i.unit)
        j.field("topic", i.topic)
        j.field("polarity", i.polarity.rawValue)
        j.field("definition", i.definition)
        j.field("source", i.source)
        j.field("decimals", i.decimals)
    }

    func indicators() async throws -> Response {
        var j = JSONOutput()
        j.beginArray()
        for i in try await queries.store.indicators() {
            j.beginObject()
            Self.write(i, into: &j)
            j.endObject()
        }
        j.endArray()
        return Self.json(j.text)
    }

    static func write(_ o: Outcome, into j: inout JSONOutput) {
        let shown = o.status == .ok || o.status == .estimated
        j.field("value", shown ? o.value : nil)
        j.field("status", o.status.key)
        j.field("reason", o.reason)
        j.field("numerator", shown ? o.numerator : nil)
        j.field("denominator", shown ? o.denominator : nil)
    }

    func indicatorValues(_ request: Request, key: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let r = try await queries.indicator(key: key, year: q.get("jahr") ?? q.get("year"), levelKey: q.get("ebene") ?? q.get("level"))
            var j = JSONOutput()
            j.beginObject()
            j.beginObject("indicator")
            Self.write(r.indicator, into: &j)
            j.endObject()
            j.field("period", r.period.date)
            j.field("level", r.level.key)
            j.beginObject("town")
            Self.write(r.town, into: &j)
            j.endObject()
            j.beginArray("areas")
            for row in r.rows {
                j.beginObject()
                j.field("code", row.area.code)
                j.field("name", row.area.name)
                Self.write(row.outcome, into: &j)
                j.field("ci_lower", row.intervalLower)
                j.field("ci_upper", row.intervalUpper)
                j.field("low_reliability", row.lowReliability)
                j.endObject()
            }
            j.endArray()
            j.endObject()
            return Self.json(j.text)
        } catch let e as AtlasError {
            return Self.error(e)
        }
    }

    /// Facilities as a GeoJSON FeatureCollection of points (WGS84).
    func facilities() async throws -> Response {
        var j = JSONOutput()
        j.beginObject()
        j.field("type", "FeatureCollection")
        j.beginArray("features")
        for f in try await queries.store.facilities() { j.rawValue(GeoJSONWriter.facility(f)) }
        j.endArray()
        j.endObject()
        return Self.json(j.text, contentType: "application/geo+json")
    }

    func earlyWarning(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let years = try PageController.years(request)
            let lang = PageController.lang(request)
            let fmt = EarlyWarningPage.formatting(lang)
            let r = try await queries.earlyWarning(year: q.get("jahr"), levelKey: q.get("ebene"), years: years,
                                                   lang: NumberFormatting(value: fmt.value, points: fmt.points), wording: lang.wording)
            var j = JSONOutput()
            j.beginObject()
            j.field("period", r.period.date)
            j.field("level", r.level.key)
            j.field("years", years)
            j.beginArray("findings")
            for f in r.findings {
                j.beginObject()
                j.field("kind", f.kind.rawValue)
                j.field("area", f.areaCode)
                j.field("indicator", f.indicatorKey)
                j.field("magnitude", f.magnitude, decimals: 3)
                j.field("sentence", f.sentence)
                j.endObject()
            }
            j.endArray()
            j.endObject()
            return Self.json(j.text)
        } catch let e as AtlasError {
            return Self.error(e)
        }
    }

    func values(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        guard let variable = q.get("variable"), !variable.isEmpty else {
            return Self.error(AtlasError.invalid("Parameter „variable“ fehlt, z. B. /api/values?variable=ew_gesamt"))
        }
        let known = try await queries.store.variables()
        guard known.contains(where: { $0.key == variable }) else {
            return Self.error(AtlasError.notFound("Die Variable „\(variable)“ gibt es nicht."))
        }
        var periods: [Period]?
        if let year = q.get("jahr") ?? q.get("year") {
            let available = try await queries.store.periods()
            do { periods = [try queries.resolvePeriod(year, in: available)] } catch { return Self.error(error) }
        }
        let values = try await queries.store.values(variableKeys: [variable], periods: periods, areaCodes: q.get("gebiet").map { [$0] })
        var j = JSONOutput()
        j.beginArray()
        for v in values {
            j.beginObject()
            j.field("area", v.areaCode)
            j.field("variable", v.variableKey)
            j.field("period", v.period.date)
            j.field("value", (v.status == .ok || v.status == .estimated) ? v.value : nil)
            j.field("status", v.status.key)
            j.field("symbol", v.symbol)
            j.endObject()
        }
        j.endArray()
        return Self.json(j.text)
    }
}
