import Foundation
import Hummingbird
import QuartierAtlas
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
        for kind in LegalPage.Kind.allCases {
            router.get(RouterPath("/" + kind.rawValue)) { request, _ in
                Self.html(LegalPages.page(try await queries.store.legalPages().first { $0.kind == kind }, kind: kind,
                                          townName: try await townName(), lang: Self.lang(request)))
            }
        }
        router.get("/indikator/:key") { request, context in
            try await indicator(request, key: context.parameters.get("key") ?? "")
        }
        for file in ["karte.svg", "balken.svg", "karte.png", "balken.png", "daten.csv", "daten.xlsx"] {
            router.get("/indikator/:key/\(file)") { request, context in
                try await indicatorDownload(request, key: context.parameters.get("key") ?? "", file: file)
            }
        }
        // Each view as a page, and its chart as SVG and its data as CSV.
        for (suffix, format) in [("", "html"), (".svg", "svg"), (".png", "png"), (".csv", "csv"), (".xlsx", "xlsx")] {
            router.get("/indikator/:key/zeitreihe\(suffix)") { request, context in try await series(request, key: context.parameters.get("key") ?? "", format: format) }
            router.get("/streudiagramm\(suffix)") { request, _ in try await scatter(request, format: format) }
            router.get("/indikator/:key/veraenderung\(suffix)") { request, context in try await change(request, key: context.parameters.get("key") ?? "", format: format) }
            router.get("/sozialindex\(suffix)") { request, _ in try await socialIndex(request, format: format) }
        }
        router.get("/gebiet/:code/pyramide.svg") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "svg") }
        router.get("/gebiet/:code/pyramide.png") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "png") }
        router.get("/gebiet/:code/pyramide.csv") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "csv") }
        router.get("/gebiet/:code/pyramide.xlsx") { request, context in try await pyramid(request, code: context.parameters.get("code") ?? "", format: "xlsx") }
        router.get("/vergleich") { request, _ in try await compare(request) }
        router.get("/vergleich.csv") { request, _ in try await compare(request, format: "csv") }
        router.get("/vergleich.xlsx") { request, _ in try await compare(request, format: "xlsx") }
        for part in ["balken", "zeitreihe"] {
            for format in ["svg", "png"] {
                router.get(RouterPath("/vergleich/\(part).\(format)")) { request, _ in try await compare(request, format: format, part: part) }
            }
        }
        router.get("/bericht") { request, _ in
            do {
                let q = request.uri.queryParameters
                return Self.html(try await ReportBuilder(queries: queries, geometry: geometry).html(year: q.get("jahr"), levelKey: q.get("ebene"),
                                                                                          template: q.get("vorlage")))
            } catch let e as AtlasError {
                return try await errorPage(e, request: request)
            }
        }
        // The report and the profiles as files: PDF (tagged), Word, PowerPoint.
        let documents: [(path: String, filename: String, type: String, make: @Sendable (ReportBuilder, String?, String?, String?) async throws -> Data)] = [
            ("/bericht.pdf", "sozialbericht.pdf", "application/pdf", { try await $0.pdf(year: $1, levelKey: $2, template: $3) }),
            ("/bericht.docx", "sozialbericht.docx", ReportFormat.docx.mediaType, { try await $0.docx(year: $1, levelKey: $2, template: $3) }),
            ("/bericht.pptx", "sozialbericht.pptx", ReportFormat.pptx.mediaType, { try await $0.pptx(year: $1, levelKey: $2, template: $3) }),
            ("/steckbriefe.pdf", "gebietsprofile.pdf", "application/pdf", { b, year, level, _ in try await b.profilesPDF(year: year, levelKey: level) }),
            ("/steckbriefe.docx", "gebietsprofile.docx", ReportFormat.docx.mediaType, { b, year, level, _ in try await b.profilesDOCX(year: year, levelKey: level) }),
        ]
        for d in documents {
            router.get(RouterPath(d.path)) { request, _ in
                do {
                    let q = request.uri.queryParameters
                    let data = try await d.make(ReportBuilder(queries: queries, geometry: geometry), q.get("jahr"), q.get("ebene"), q.get("vorlage"))
                    return Self.file(data, type: d.type, filename: d.filename)
                } catch let e as AtlasError {
                    return try await errorPage(e, request: request)
                }
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

    func townName() async throws -> String? { try await queries.store.municipality()?.name }

    func errorPage(_ error: AtlasError, request: Request) async throws -> Response {
        let lang = Self.lang(request)
        let title: String
        switch error.kind {
        case .notFound: title = lang.t("notfound.title")
        case .invalidRequest: title = lang == .de ? "Ungültige Anfrage" : "Bad request"
        case .conflict: title = lang == .de ? "Widerspruch zum gespeicherten Stand" : "Conflict with the stored state"
        case .forbidden: title = lang == .de ? "Nicht erlaubt" : "Not allowed"
        }
        return Self.html(MessagePage.render(title: title, message: error.message, townName: try await townName(), lang: lang, path: Self.relative(request.uri.path)),
                         status: error.status)
    }

    func start(_ request: Request) async throws -> Response {
        let lang = Self.lang(request)
        let indicators = try await queries.store.indicators()
        var topics: [(topic: String, indicators: [Indicator])] = []
        for i in indicators {
            if let k = topics.firstIndex(where: { $0.topic == i.topic }) { topics[k].indicators.append(i) } else { topics.append((i.topic, [i])) }
        }
        topics.sort { StandardCatalog.topicOrder($0.topic, $1.topic) }
        // The reference date most indicators are shown in (each in its latest complete period).
        let complete = try await queries.completeness()
        let finest = queries.mapLevels(complete.levels, areas: try await queries.store.areas(levelKey: nil, includeGeometry: false)).last
        var counts: [Period: Int] = [:]
        for i in indicators {
            if let level = finest, let p = complete.latest([i], levelKey: level.key) { counts[p, default: 0] += 1 }
        }
        let shown = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key.date < b.key.date }?.key ?? complete.periods.last
        if lang == .en {
            topics = topics.map { (StandardCatalog.english($0.topic), $0.indicators.map(StandardCatalog.english).sorted { $0.name.lowercased() < $1.name.lowercased() }) }
        }
        let levels = try await levelsWithAreas()
        let model = StartPage.Model(townName: try await townName(), topics: topics,
                                    levels: lang == .en ? levels.map { var l = $0; l.level = StandardCatalog.english($0.level); return l } : levels,
                                    latestPeriod: shown, lang: lang)
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
                throw AtlasError.invalid("Unbekannte Klassenbildung „\(m)“; möglich: \(IndicatorPage.offeredMethods.map(\.rawValue).joined(separator: ", ")).")
            }
            method = parsed
        }
        var classes = 5
        if let k = q.get("klassen"), !k.isEmpty {
            guard let n = Int(k), (3...7).contains(n) else {
                throw AtlasError.invalid("Die Anzahl der Klassen muss zwischen 3 und 7 liegen, nicht „\(k)“.")
            }
            classes = n
        }
        // What every indicator page shows besides its values, read once per data version.
        let extras = try await queries.memoized("indicator-extras") { (town: try await townName(), facilities: try await queries.store.facilities()) }
        var model = IndicatorPage.Model(townName: extras.town, indicator: r.indicator, periods: r.periods, period: r.period,
                                        levels: r.levels, level: r.level, rows: r.rows, town: r.town, geometries: geometries,
                                        classes: classes, method: method, lang: Self.lang(request))
        model.missing = r.missing
        model.latestComplete = r.latestComplete
        if model.lang == .en {
            model.indicator = StandardCatalog.english(r.indicator)
            model.levels = r.levels.map(StandardCatalog.english)
            model.level = StandardCatalog.english(r.level)
        }
        switch q.get("grenzen") ?? "" {
        case "", "rechts": model.closure = .right
        case "links": model.closure = .left
        case let other: throw AtlasError.invalid("Unbekannte Zuordnung der Grenzwerte „\(other)“; möglich: rechts (zur unteren Klasse), links (zur oberen Klasse).")
        }
        model.facilities = extras.facilities
        var shown: [Facility.Category] = []
        for v in q.getAll("einr") {
            guard let c = Facility.Category(rawValue: v) else {
                throw AtlasError.invalid("Unbekannte Einrichtungsart „\(v)“; möglich: \(Facility.Category.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            shown.append(c)
        }
        // Kitas are shown with the Kita indicators unless the user chose otherwise.
        if q.getAll("einr").isEmpty && q.get("jahr") == nil && r.indicator.formula.contains("kita") { shown = [.kita] }
        model.shownFacilities = shown
        if let f = q.get("farben"), !f.isEmpty {
            guard let scheme = ColorScheme(rawValue: f) else {
                throw AtlasError.invalid("Unbekanntes Farbschema „\(f)“; möglich: \(ColorScheme.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            model.colorScheme = scheme
        }
        return model
    }

    func indicator(_ request: Request, key: String) async throws -> Response {
        do {
            return Self.html(IndicatorPage.render(try await indicatorModel(request, key: key)))
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }

    /// A map or chart as SVG, or as PNG (`format` "png") `?breite=` pixels wide: 1200 (the
    /// default) or 2400 for print. Rendered by librsvg on a worker thread (at most two at a time,
    /// see `Raster`), so the event loop keeps serving and a burst of PNG requests costs bounded CPU and memory.
    static func image(_ svg: String, format: String, request: Request) async throws -> Response {
        guard format == "png" else { return Self.svg(svg) }
        let asked = request.uri.queryParameters.get("breite")
        guard let width = asked == nil ? PNGWidths.standard : Int(asked!), PNGWidths.allowed.contains(width) else {
            throw AtlasError.invalid("„breite“ muss 1200 oder 2400 sein (Pixel), nicht „\(asked ?? "")“.")
        }
        let png = try await PNGWidths.render(svg, width: width)
        return Response(status: .ok, headers: [.contentType: "image/png"], body: .init(byteBuffer: ByteBuffer(bytes: png)))
    }

    static func svg(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "image/svg+xml; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func pdf(_ data: Data, filename: String) -> Response { file(data, type: "application/pdf", filename: filename) }

    static func file(_ data: Data, type: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(filename)\""],
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
            case "karte.svg", "karte.png": return try await Self.image(IndicatorPage.mapSVG(model), format: String(file.suffix(3)), request: request)
            case "balken.svg", "balken.png": return try await Self.image(IndicatorPage.barsSVG(model), format: String(file.suffix(3)), request: request)
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
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }
}

/// The two widths PNG downloads come in, and the bounded rendering.
enum PNGWidths {
    static let standard = 1200
    static let allowed: Set<Int> = [1200, 2400]
    static let queue = DispatchQueue(label: "quartier.png", attributes: .concurrent)

    /// Off the event loop; `Raster` itself lets at most two draw at once.
    static func render(_ svg: String, width: Int) async throws -> Data {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Data, Error>) in
            queue.async { c.resume(with: Result { try Raster.png(svg, width: width) }) }
        }
    }
}
