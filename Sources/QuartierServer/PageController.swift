import Foundation
import Hummingbird
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierStore

/// The HTML pages of the atlas.
struct PageController: Sendable {
    let queries: AtlasQueries
    let geometry: GeometryCache

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/") { request, _ in try await start(request) }
        router.get("/gebiete") { request, _ in try await areaList(request) }
        router.get("/indikator/:key") { request, context in
            try await indicator(request, key: context.parameters.get("key") ?? "")
        }
        for file in ["karte.svg", "balken.svg", "daten.csv", "daten.xlsx"] {
            router.get("/indikator/:key/\(file)") { request, context in
                try await indicatorDownload(request, key: context.parameters.get("key") ?? "", file: file)
            }
        }
        // Each view as a page, and its chart as SVG and its data as CSV.
        for (suffix, format) in [("", "html"), (".svg", "svg"), (".csv", "csv"), (".xlsx", "xlsx")] {
            router.get("/indikator/:key/zeitreihe\(suffix)") { request, context in try await series(request, key: context.parameters.get("key") ?? "", format: format) }
            router.get("/streudiagramm\(suffix)") { request, _ in try await scatter(request, format: format) }
            router.get("/indikator/:key/veraenderung\(suffix)") { request, context in try await change(request, key: context.parameters.get("key") ?? "", format: format) }
            router.get("/sozialindex\(suffix)") { request, _ in try await socialIndex(request, format: format) }
        }
        router.get("/gebiet/:code/pyramide.svg") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "svg") }
        router.get("/gebiet/:code/pyramide.csv") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "csv") }
        router.get("/gebiet/:code/pyramide.xlsx") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "xlsx") }
        router.get("/vergleich") { request, _ in try await compare(request) }
        router.get("/bericht") { request, _ in
            do {
                let q = request.uri.queryParameters
                return Self.html(try await ReportBuilder(queries: queries, geometry: geometry).html(year: q.get("jahr"), levelKey: q.get("ebene"),
                                                                                          template: q.get("vorlage")))
            } catch let e as AtlasRequestError {
                return try await errorPage(e, request: request)
            }
        }
        router.get("/bericht.pdf") { request, _ in
            do {
                let q = request.uri.queryParameters
                let data = try await ReportBuilder(queries: queries, geometry: geometry).pdf(year: q.get("jahr"), levelKey: q.get("ebene"), template: q.get("vorlage"))
                return Self.pdf(data, filename: "sozialbericht.pdf")
            } catch let e as AtlasRequestError {
                return try await errorPage(e, request: request)
            }
        }
        router.get("/steckbriefe.pdf") { request, _ in
            do {
                let q = request.uri.queryParameters
                return Self.pdf(try await ReportBuilder(queries: queries, geometry: geometry).profilesPDF(year: q.get("jahr"), levelKey: q.get("ebene")),
                                filename: "gebietsprofile.pdf")
            } catch let e as AtlasRequestError {
                return try await errorPage(e, request: request)
            }
        }
        router.get("/suche") { request, _ in try await search(request) }
        router.get("/fruehwarnung") { request, _ in try await earlyWarning(request) }
        router.get("/gebiet/:code") { request, context in
            try await profile(request, code: context.parameters.get("code") ?? "")
        }
    }

    /// The request path without the site's base (the layout adds it again).
    static func relative(_ path: String) -> String {
        let base = Site.current.base
        guard !base.isEmpty, path.hasPrefix(base) else { return path }
        let rest = String(path.dropFirst(base.count))
        return rest.isEmpty ? "/" : rest
    }

    static func lang(_ request: Request) -> Language { Language(query: request.uri.queryParameters.get("lang")) }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    private func townName() async throws -> String? { try await queries.store.municipality()?.name }

    func errorPage(_ error: AtlasRequestError, request: Request) async throws -> Response {
        let lang = Self.lang(request)
        let title = error.kind == .notFound ? lang.t("notfound.title") : (lang == .de ? "Ungültige Anfrage" : "Bad request")
        return Self.html(MessagePage.render(title: title, message: error.message, townName: try await townName(), lang: lang, path: Self.relative(request.uri.path)),
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

    /// The indicator page's model from the request's year, level, class method and count.
    func indicatorModel(_ request: Request, key: String) async throws -> IndicatorPage.Model {
        let q = request.uri.queryParameters
        let r = try await queries.indicator(key: key, year: q.get("jahr"), levelKey: q.get("ebene"))
        let geometries = try await geometry.shapes(levelKey: r.level.key, at: r.period.date)
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
        var model = IndicatorPage.Model(townName: try await townName(), indicator: r.indicator, periods: r.periods, period: r.period,
                                        levels: r.levels, level: r.level, rows: r.rows, town: r.town, geometries: geometries,
                                        classes: classes, method: method, lang: Self.lang(request))
        model.facilities = try await queries.store.facilities()
        var shown: [Facility.Category] = []
        for v in q.getAll("einr") {
            guard let c = Facility.Category(rawValue: v) else {
                throw AtlasRequestError(kind: .badRequest, message: "Unbekannte Einrichtungsart „\(v)“; möglich: \(Facility.Category.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            shown.append(c)
        }
        // Kitas are shown with the Kita indicators unless the user chose otherwise.
        if q.getAll("einr").isEmpty && q.get("jahr") == nil && r.indicator.formula.contains("kita") { shown = [.kita] }
        model.shownFacilities = shown
        if let f = q.get("farben"), !f.isEmpty {
            guard let scheme = ColorScheme(rawValue: f) else {
                throw AtlasRequestError(kind: .badRequest, message: "Unbekanntes Farbschema „\(f)“; möglich: \(ColorScheme.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            model.colorScheme = scheme
        }
        return model
    }

    func indicator(_ request: Request, key: String) async throws -> Response {
        do {
            return Self.html(IndicatorPage.render(try await indicatorModel(request, key: key)))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    static func svg(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func pdf(_ data: Data, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/pdf", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A table as CSV, or as XLSX when `format` is "xlsx" (`filename` is given with .csv).
    static func table(_ w: CSVWriter, filename: String, format: String) throws -> Response {
        guard format == "xlsx" else { return csv(w.text, filename: filename) }
        let name = filename.replacingOccurrences(of: ".csv", with: ".xlsx")
        let data = try XLSXWriter.workbook(sheetName: String(name.dropLast(5)), rows: w.rows)
        return Response(status: .ok, headers: [.contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                               .contentDisposition: "attachment; filename=\"\(name)\""],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Downloads of the indicator view: map and bar chart as SVG, the table as CSV.
    func indicatorDownload(_ request: Request, key: String, file: String) async throws -> Response {
        do {
            let model = try await indicatorModel(request, key: key)
            switch file {
            case "karte.svg": return Self.svg(IndicatorPage.mapSVG(model))
            case "balken.svg": return Self.svg(IndicatorPage.barsSVG(model))
            default:
                var w = CSVWriter()
                w.row(["Gebietscode", "Gebiet", "Stichtag", model.indicator.name + " (" + model.indicator.unit + ")", "Status", "Zähler", "Nenner",
                       "KI 95 % unten", "KI 95 % oben", "geringe Aussagekraft"])
                for r in IndicatorPage.sortedRows(model) {
                    let shown = r.outcome.status == .ok || r.outcome.status == .estimated
                    w.row([.text(r.area.code), .text(r.area.name), .text(model.period.date), CSVWriter.number(shown ? r.outcome.value : nil), .text(r.outcome.status.key),
                           CSVWriter.number(shown ? r.outcome.numerator : nil), CSVWriter.number(shown ? r.outcome.denominator : nil),
                           CSVWriter.number(r.intervalLower), CSVWriter.number(r.intervalUpper), .text(r.lowReliability ? "ja" : "nein")])
                }
                let t = model.town
                let tShown = t.status == .ok || t.status == .estimated
                w.row(["", .text(model.lang.t("indicator.town")), .text(model.period.date), CSVWriter.number(tShown ? t.value : nil), .text(t.status.key),
                       CSVWriter.number(tShown ? t.numerator : nil), CSVWriter.number(tShown ? t.denominator : nil), "", "", ""])
                return try Self.table(w, filename: "\(key)-\(model.period.year)-\(model.level.key).csv", format: file.hasSuffix(".xlsx") ? "xlsx" : "csv")
            }
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func series(_ request: Request, key: String, format: String) async throws -> Response {
        do {
            guard let code = request.uri.queryParameters.get("gebiet"), !code.isEmpty else {
                throw AtlasRequestError(kind: .badRequest, message: "Parameter „gebiet“ fehlt, z. B. ?gebiet=SR06.")
            }
            let r = try await queries.series(key: key, areaCode: code)
            var model = SeriesPage.Model(townName: try await townName(), indicator: r.indicator, area: r.area, periods: r.periods,
                                         areaValues: r.areaValues, townValues: r.townValues, lang: Self.lang(request))
            model.breaks = r.breaks
            model.recomputed = r.recomputed
            switch format {
            case "svg": return Self.svg(SeriesPage.chartSVG(model))
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
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func scatter(_ request: Request, format: String) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let indicators = try await queries.store.indicators().filter { !$0.isCount }
            guard indicators.count >= 2 else { throw AtlasRequestError(kind: .notFound, message: "Es gibt weniger als zwei Indikatoren.") }
            let xKey = q.get("x") ?? (indicators.first { $0.key == "sgb2_quote" } ?? indicators[0]).key
            let yKey = q.get("y") ?? (indicators.first { $0.key == "kinderarmut" } ?? indicators[1]).key
            let x = try await queries.indicator(key: xKey, year: q.get("jahr"), levelKey: q.get("ebene"))
            let y = try await queries.indicator(key: yKey, year: String(x.period.year), levelKey: x.level.key)
            let yByCode = Dictionary(uniqueKeysWithValues: y.rows.map { ($0.area.code, $0.outcome) })
            let points = x.rows.compactMap { r -> (area: Area, x: Double, y: Double)? in
                guard r.outcome.status == .ok, let xv = r.outcome.value, let yo = yByCode[r.area.code], yo.status == .ok, let yv = yo.value else { return nil }
                return (r.area, xv, yv)
            }
            let model = ScatterPage.Model(townName: try await townName(), indicators: indicators, x: x.indicator, y: y.indicator, period: x.period,
                                          periods: x.periods, level: x.level, levels: x.levels, points: points, lang: Self.lang(request))
            switch format {
            case "svg": return Self.svg(ScatterPage.chartSVG(model))
            case "csv", "xlsx":
                var w = CSVWriter()
                w.row(["Gebietscode", "Gebiet", "\(x.indicator.name) (\(x.indicator.unit))", "\(y.indicator.name) (\(y.indicator.unit))"])
                for p in points { w.row([.text(p.area.code), .text(p.area.name), CSVWriter.number(p.x), CSVWriter.number(p.y)]) }
                return try Self.table(w, filename: "streudiagramm-\(x.indicator.key)-\(y.indicator.key).csv", format: format)
            default: return Self.html(ScatterPage.render(model))
            }
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func compare(_ request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        do {
            let all = try await queries.store.areas(levelKey: nil, includeGeometry: false)
            guard all.count >= 2 else { throw AtlasRequestError(kind: .notFound, message: "Es gibt weniger als zwei Gebiete.") }
            let finest = all.last!.levelKey
            let defaults = all.filter { $0.levelKey == finest }
            let aCode = q.get("a") ?? defaults.first!.code
            let bCode = q.get("b") ?? (defaults.dropFirst().first ?? all[0]).code
            let a = try await queries.profile(code: aCode, year: q.get("jahr"))
            let b = try await queries.profile(code: bCode, year: q.get("jahr"))
            guard let period = a.period else { throw AtlasRequestError(kind: .notFound, message: "Es sind noch keine Werte importiert.") }
            let bByKey = Dictionary(uniqueKeysWithValues: b.rows.map { ($0.0.key, $0.1.outcome) })
            let rows = a.rows.map { r in (indicator: r.0, a: r.1.outcome, b: bByKey[r.0.key] ?? Outcome(value: nil, status: .missing), town: r.2) }
                .sorted { StandardCatalog.topicOrder($0.indicator.topic, $1.indicator.topic) || ($0.indicator.topic == $1.indicator.topic && $0.indicator.name < $1.indicator.name) }
            let model = ComparePage.Model(townName: try await townName(), areas: all.sorted { $0.name < $1.name }, a: a.area, b: b.area, period: period,
                                          periods: a.periods, rows: rows, lang: Self.lang(request))
            return Self.html(ComparePage.render(model))
        } catch let e as AtlasRequestError {
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
            let model = ChangePage.Model(townName: try await townName(), indicator: to.indicator, from: from.period, to: to.period, periods: to.periods,
                                         level: to.level, levels: to.levels, rows: rows, townFrom: from.town, townTo: to.town,
                                         geometries: try await geometry.shapes(levelKey: to.level.key), lang: Self.lang(request))
            switch format {
            case "svg": return Self.svg(ChangePage.mapSVG(model))
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
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func search(_ request: Request) async throws -> Response {
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let areas = query.isEmpty ? [] : try await queries.store.areas(levelKey: nil, includeGeometry: false)
            .filter { SearchPage.matches($0.name, query) || SearchPage.matches($0.code, query) }
        let indicators = query.isEmpty ? [] : try await queries.store.indicators()
            .filter { SearchPage.matches($0.name, query) || SearchPage.matches($0.key, query) || SearchPage.matches($0.topic, query) }
        return Self.html(SearchPage.render(query: query, areas: areas, indicators: indicators, townName: try await townName(), lang: Self.lang(request)))
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

    func socialIndex(_ request: Request, format: String) async throws -> Response {
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
            let geometries = try await geometry.shapes(levelKey: r.level.key, at: r.period.date)
            let model = IndexPage.Model(townName: try await townName(), indicators: r.indicators, statusKeys: r.statusKeys, dynamicsKeys: r.dynamicsKeys,
                                        periods: r.periods, period: r.period, levels: r.levels, level: r.level, minimumPopulation: minimum,
                                        areas: r.areas, results: r.results, geometries: geometries, method: r.method,
                                        classLabels: r.classLabels, classBounds: r.classBounds, lang: Self.lang(request))
            switch format {
            case "svg": return Self.svg(IndexPage.mapSVG(model))
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
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }

    func pyramid(_ request: Request, code: String, format: String) async throws -> Response {
        do {
            let p = try await queries.profile(code: code, year: request.uri.queryParameters.get("jahr"))
            guard let py = p.pyramid else { throw AtlasRequestError(kind: .notFound, message: "Für „\(code)“ gibt es keine Zahlen nach Alter und Geschlecht.") }
            let lang = Self.lang(request)
            let data = PyramidData(groups: py.groups, men: py.men, women: py.women, townMen: py.townMen, townWomen: py.townWomen)
            if format == "svg" { return Self.svg(ProfilePage.pyramidSVG(data, areaName: p.area.name, lang: lang)) }
            var w = CSVWriter()
            w.row(["Alter", "Männer %", "Frauen %", "Gesamtstadt Männer %", "Gesamtstadt Frauen %"])
            for (i, g) in py.groups.enumerated() {
                w.row([.text(g), CSVWriter.number(py.men[i]), CSVWriter.number(py.women[i]), CSVWriter.number(py.townMen?[i]), CSVWriter.number(py.townWomen?[i])])
            }
            return try Self.table(w, filename: "altersaufbau-\(code).csv", format: format)
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
                                          rows: p.rows.map { ProfilePage.Row(indicator: $0.0, area: $0.1, town: $0.2, earlier: p.earlier[$0.0.key]) },
                                          neighbours: neighbours, statements: statements, lang: lang)
            var withPyramid = model
            withPyramid.measures = try await queries.store.measures().filter { $0.areaCodes.contains(p.area.code) || $0.areaCodes.contains(p.area.parentCode ?? "-") }
            if let py = p.pyramid {
                withPyramid.pyramid = .init(groups: py.groups, men: py.men, women: py.women, townMen: py.townMen, townWomen: py.townWomen)
            }
            return Self.html(ProfilePage.render(withPyramid))
        } catch let e as AtlasRequestError {
            return try await errorPage(e, request: request)
        }
    }
}
