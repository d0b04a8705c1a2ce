import Foundation
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierStore

/// Analysis pages: time series, scatter, comparison, change, search, early warning, social index.
extension PageController {
    func series(_ request: Request, key: String, format: String) async throws -> Response {
        do {
            guard let code = request.uri.queryParameters.get("gebiet"), !code.isEmpty else {
                throw AtlasError.invalid("Parameter „gebiet“ fehlt, z. B. ?gebiet=SR06.")
            }
            let r = try await queries.series(key: key, areaCode: code)
            let lang = Self.lang(request)
            var model = SeriesPage.Model(townName: try await townName(), indicator: lang.catalog(r.indicator), area: r.area, periods: r.periods,
                                         areaValues: r.areaValues, townValues: r.townValues, lang: lang)
            model.breaks = r.breaks
            model.recomputed = r.recomputed
            switch format {
            case "svg", "png": return try await Self.image(SeriesPage.chartSVG(model), format: format, request: request)
            case "csv", "xlsx":
                var w = CSVWriter()
                w.row(["Stichtag", "\(r.area.name) (\(r.indicator.unit))", "Gesamtstadt (\(r.indicator.unit))", "Status Gebiet", "Hinweis"])
                for (i, p) in r.periods.enumerated() {
                    let a = r.areaValues[i], t = r.townValues[i]
                    var note = ""
                    if r.recomputed.contains(p) { note = "aus Teilgebieten neu berechnet (heutiger Zuschnitt)" }
                    if let d = r.breaks.first(where: { p.date < $0 }) { note = "früherer Zuschnitt (Gebietsänderung zum \(d))" }
                    w.row([.text(p.date), CSVWriter.number(a.status == .ok ? a.value : nil), CSVWriter.number(t.status == .ok ? t.value : nil), .text(a.status.key), .text(note)])
                }
                return try Self.table(w, filename: "\(key)-\(r.area.code).csv", format: format)
            default: return Self.html(SeriesPage.render(model))
            }
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    func scatter(_ request: Request, format: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let indicators = try await queries.store.indicators().filter { !$0.isCount }
            guard indicators.count >= 2 else { throw AtlasError.notFound("Es gibt weniger als zwei Indikatoren.") }
            let xKey = q.get("x") ?? (indicators.first { $0.key == "sgb2_quote" } ?? indicators[0]).key
            let yKey = q.get("y") ?? (indicators.first { $0.key == "kinderarmut" } ?? indicators[1]).key
            let x = try await queries.indicator(key: xKey, year: q.get("jahr"), levelKey: q.get("ebene"))
            let y = try await queries.indicator(key: yKey, year: String(x.period.year), levelKey: x.level.key)
            let yByCode = Dictionary(uniqueKeysWithValues: y.rows.map { ($0.area.code, $0.outcome) })
            let points = x.rows.compactMap { r -> (area: Area, x: Double, y: Double)? in
                guard r.outcome.status == .ok, let xv = r.outcome.value, let yo = yByCode[r.area.code], yo.status == .ok, let yv = yo.value else { return nil }
                return (r.area, xv, yv)
            }
            let lang = Self.lang(request)
            let model = ScatterPage.Model(townName: try await townName(), indicators: indicators.map(lang.catalog), x: lang.catalog(x.indicator),
                                          y: lang.catalog(y.indicator), period: x.period, periods: x.periods, level: lang.catalog(x.level),
                                          levels: x.levels.map(lang.catalog), points: points, lang: lang)
            switch format {
            case "svg", "png": return try await Self.image(ScatterPage.chartSVG(model), format: format, request: request)
            case "csv", "xlsx":
                var w = CSVWriter()
                w.row(["Gebietscode", "Gebiet", "\(x.indicator.name) (\(x.indicator.unit))", "\(y.indicator.name) (\(y.indicator.unit))"])
                for p in points { w.row([.text(p.area.code), .text(p.area.name), CSVWriter.number(p.x), CSVWriter.number(p.y)]) }
                return try Self.table(w, filename: "streudiagramm-\(x.indicator.key)-\(y.indicator.key).csv", format: format)
            default: return Self.html(ScatterPage.render(model))
            }
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    /// Up to five areas side by side (`?gebiet=…` repeated; `a` and `b` as before), optionally with
    /// their parent areas, and the town: a table of every indicator, the chosen indicator as bars
    /// and over the years; as a page, the charts as SVG/PNG, the table as CSV/XLSX.
    func compare(_ request: Request, format: String = "html", part: String = "") async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let all = try await queries.store.areas(levelKey: nil, includeGeometry: false)
            guard all.count >= 2 else { throw AtlasError.notFound("Es gibt weniger als zwei Gebiete.") }
            let finest = all.last!.levelKey
            let defaults = all.filter { $0.levelKey == finest }
            var codes = q.getAll("gebiet").map { String($0) }.filter { !$0.isEmpty }
            if codes.isEmpty { codes = [q.get("a") ?? defaults.first!.code, q.get("b") ?? (defaults.dropFirst().first ?? all[0]).code] }
            var seen = Set<String>()
            codes = codes.filter { seen.insert($0).inserted }
            let withParents = q.get("eltern") == "1"
            if withParents {
                let byCode = Dictionary(all.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
                for c in codes { if let p = byCode[c]?.parentCode, seen.insert(p).inserted { codes.append(p) } }
            }
            guard codes.count <= ComparePage.maximumAreas else {
                throw AtlasError.invalid("Höchstens \(ComparePage.maximumAreas) Gebiete auf einmal (mit übergeordneten Gebieten gezählt), nicht \(codes.count).")
            }
            var profiles: [AtlasQueries.Profile] = []
            for c in codes { profiles.append(try await queries.profile(code: c, year: q.get("jahr"))) }
            guard let first = profiles.first, let period = first.period else { throw AtlasError.notFound("Es sind noch keine Werte importiert.") }
            let lang = Self.lang(request)
            let byKey = profiles.map { p in Dictionary(p.rows.map { ($0.0.key, $0.1.outcome) }, uniquingKeysWith: { a, _ in a }) }
            let rows = first.rows.map { r in
                (indicator: lang.catalog(r.0), values: byKey.map { $0[r.0.key] ?? Outcome(value: nil, status: .missing) }, town: r.2)
            }.sorted { StandardCatalog.topicOrder($0.indicator.topic, $1.indicator.topic) || ($0.indicator.topic == $1.indicator.topic && $0.indicator.name < $1.indicator.name) }
            let chartKey = q.get("indikator") ?? rows.first { $0.indicator.key == "kinderarmut" }?.indicator.key ?? rows.first?.indicator.key
            guard chartKey == nil || rows.contains(where: { $0.indicator.key == chartKey }) else {
                throw AtlasError.notFound("Den Indikator „\(chartKey!)“ gibt es hier nicht.")
            }
            var model = ComparePage.Model(townName: try await townName(), areas: all.sorted { $0.name < $1.name }, chosen: profiles.map(\.area), period: period,
                                          periods: first.periods, rows: rows, chart: rows.first { $0.indicator.key == chartKey }?.indicator, lang: lang)
            model.withParents = withParents
            if let key = chartKey {
                var series: [SeriesResult] = []
                for c in codes { series.append(try await queries.series(key: key, areaCode: c)) }
                model.seriesYears = series.first?.periods.map(\.year) ?? []
                model.series = series.map { s in s.areaValues.map { $0.status == .ok || $0.status == .estimated ? $0.value : nil } }
                model.townSeries = series.first?.townValues.map { $0.status == .ok || $0.status == .estimated ? $0.value : nil } ?? []
            }
            switch (format, part) {
            case ("svg", "balken"), ("png", "balken"):
                guard let svg = ComparePage.barsSVG(model) else { throw AtlasError.notFound("Kein Diagramm ohne Indikator.") }
                return try await Self.image(svg, format: format, request: request)
            case ("svg", "zeitreihe"), ("png", "zeitreihe"):
                guard let svg = ComparePage.seriesSVG(model) else { throw AtlasError.notFound("Kein Diagramm ohne Indikator.") }
                return try await Self.image(svg, format: format, request: request)
            case ("csv", _), ("xlsx", _):
                var w = CSVWriter()
                w.row(["Indikator", "Einheit"] + model.chosen.map { .text("\($0.name) (\($0.code))") } + [.text(lang.t("indicator.town"))])
                for r in rows {
                    let cells: [CSVWriter.Cell] = r.values.map { CSVWriter.number($0.status == .ok || $0.status == .estimated ? $0.value : nil) }
                    w.row([.text(r.indicator.name), .text(r.indicator.unit)] + cells
                          + [CSVWriter.number(r.town.status == .ok || r.town.status == .estimated ? r.town.value : nil)])
                }
                return try Self.table(w, filename: "vergleich-\(period.year).csv", format: format)
            default:
                return Self.html(ComparePage.render(model))
            }
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    func change(_ request: Request, key: String, format: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let to = try await queries.indicator(key: key, year: q.get("bis"), levelKey: q.get("ebene"))
            let fromYear = q.get("von") ?? String(to.periods.first { $0.year >= to.period.year - 5 }?.year ?? to.period.year)
            let from = try await queries.indicator(key: key, year: fromYear, levelKey: to.level.key)
            let fromByCode = Dictionary(uniqueKeysWithValues: from.rows.map { ($0.area.code, $0.outcome) })
            let rows = to.rows.map { (area: $0.area, from: fromByCode[$0.area.code] ?? Outcome(value: nil, status: .missing), to: $0.outcome) }
            let lang = Self.lang(request)
            let model = ChangePage.Model(townName: try await townName(), indicator: lang.catalog(to.indicator), from: from.period, to: to.period,
                                         periods: to.periods, level: lang.catalog(to.level), levels: to.levels.map(lang.catalog), rows: rows,
                                         townFrom: from.town, townTo: to.town, geometries: try await geometry.shapes(levelKey: to.level.key), lang: lang)
            switch format {
            case "svg", "png": return try await Self.image(ChangePage.mapSVG(model), format: format, request: request)
            case "csv", "xlsx":
                var w = CSVWriter()
                w.row(["Gebietscode", "Gebiet", String(from.period.year), String(to.period.year), "Veränderung"])
                for row in rows {
                    let a = row.from.status == .ok ? row.from.value : nil, b = row.to.status == .ok ? row.to.value : nil
                    w.row([.text(row.area.code), .text(row.area.name), CSVWriter.number(a), CSVWriter.number(b), CSVWriter.number(a.flatMap { x in b.map { $0 - x } })])
                }
                return try Self.table(w, filename: "\(key)-\(from.period.year)-\(to.period.year).csv", format: format)
            default: return Self.html(ChangePage.render(model))
            }
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    func search(_ request: Request) async throws -> Response {
        // A search term longer than any area or indicator name finds nothing: cut, so that a
        // long query costs no more than a short one.
        let query = String((request.uri.queryParameters.get("q") ?? "").prefix(100)).trimmingCharacters(in: .whitespaces)
        let areas = query.isEmpty ? [] : try await queries.store.areas(levelKey: nil, includeGeometry: false)
            .filter { SearchPage.matches($0.name, query) || SearchPage.matches($0.code, query) }
        let indicators = query.isEmpty ? [] : try await queries.store.indicators()
            .filter { SearchPage.matches($0.name, query) || SearchPage.matches($0.key, query) || SearchPage.matches($0.topic, query) }
        return Self.html(SearchPage.render(query: query, areas: areas, indicators: indicators, townName: try await townName(), lang: Self.lang(request)))
    }

    static func years(_ request: Request) throws(AtlasError) -> Int {
        guard let y = request.uri.queryParameters.get("jahre"), !y.isEmpty else { return 2 }
        guard let n = Int(y), (1...20).contains(n) else {
            throw AtlasError.invalid("„\(y)“: der Vergleich braucht 1 bis 20 Jahre.")
        }
        return n
    }

    func earlyWarning(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        let lang = Self.lang(request)
        do {
            let years = try Self.years(request)
            let fmt = EarlyWarningPage.formatting(lang)
            let r = try await queries.earlyWarning(year: q.get("jahr"), levelKey: q.get("ebene"), years: years,
                                                   lang: NumberFormatting(value: fmt.value, points: fmt.points), wording: lang.wording)
            return Self.html(EarlyWarningPage.render(.init(townName: try await townName(), period: r.period, periods: r.periods, level: lang.catalog(r.level),
                                                           levels: r.levels.map(lang.catalog), years: years, findings: r.findings, lang: lang)))
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    func socialIndex(_ request: Request, format: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let s = q.getAll("s"), d = q.getAll("d")
            var minimum = 300.0
            if let m = q.get("min"), !m.isEmpty {
                guard let v = Double(m), v >= 0 else { throw AtlasError.invalid("„\(m)“ ist keine Einwohnerzahl.") }
                minimum = v
            }
            var method = CompositeIndex.Method.zScore
            if let m = q.get("methode"), !m.isEmpty {
                guard let parsed = CompositeIndex.Method(rawValue: m) else {
                    throw AtlasError.invalid("Unbekanntes Verfahren „\(m)“; möglich: \(CompositeIndex.Method.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                method = parsed
            }
            let explicit = !s.isEmpty || q.get("jahr") != nil
            let r = try await queries.socialIndex(statusKeys: explicit ? s : nil, dynamicsKeys: explicit ? d : nil,
                                                  year: q.get("jahr"), levelKey: q.get("ebene"), minimumPopulation: minimum, method: method)
            let geometries = try await geometry.shapes(levelKey: r.level.key, at: r.period.date)
            let lang = Self.lang(request)
            let model = IndexPage.Model(townName: try await townName(), indicators: r.indicators.map(lang.catalog), statusKeys: r.statusKeys, dynamicsKeys: r.dynamicsKeys,
                                        periods: r.periods, period: r.period, levels: r.levels.map(lang.catalog), level: lang.catalog(r.level), minimumPopulation: minimum,
                                        areas: r.areas, results: r.results, geometries: geometries, method: r.method,
                                        classLabels: r.classLabels, classBounds: r.classBounds, lang: lang)
            switch format {
            case "svg", "png": return try await Self.image(IndexPage.mapSVG(model), format: format, request: request)
            case "csv", "xlsx":
                var w = CSVWriter()
                w.row(["Gebietscode", "Gebiet", "Index", "Klasse", "Dynamik", "Dynamik-Klasse", "Ausschluss"] + (r.statusKeys + r.dynamicsKeys).map { "z " + $0 }
                      + ["Klasse hängt ab von"])
                let names = Dictionary(uniqueKeysWithValues: r.areas.map { ($0.code, $0.name) })
                for x in r.results {
                    w.row([.text(x.code), .text(names[x.code] ?? ""), CSVWriter.number(x.status?.index), .text(x.status?.label ?? ""), CSVWriter.number(x.dynamics?.index),
                           .text(x.dynamics?.label ?? ""), .text(x.excluded ?? "")] + ((x.status?.contributions ?? []) + (x.dynamics?.contributions ?? [])).map { CSVWriter.number($0) }
                          + [.text(((x.status?.classChangesWithout ?? []) + (x.dynamics?.classChangesWithout ?? [])).joined(separator: ","))])
                }
                return try Self.table(w, filename: "sozialindex-\(r.period.year)-\(r.level.key).csv", format: format)
            default: return Self.html(IndexPage.render(model))
            }
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }
}
