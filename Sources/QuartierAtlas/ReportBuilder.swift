import Foundation
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The formats a report is written in, by file extension.
public enum ReportFormat: String, Sendable, CaseIterable {
    case pdf, html, docx, pptx

    public init?(fileName: String) {
        let ext = (fileName as NSString).pathExtension.lowercased()
        self.init(rawValue: ext == "htm" ? "html" : ext)
    }

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .html: "text/html; charset=utf-8"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        }
    }
}

/// Builds the Sozialbericht draft (HTML, PDF, Word, PowerPoint) for a year and level, for the
/// `/bericht` pages and `quartier report`.
public struct ReportBuilder: Sendable {
    let queries: AtlasQueries
    let geometry: GeometryCache

    public init(store: any AtlasStore, minimumDenominator: Double = Reliability.defaultMinimumDenominator) {
        self.queries = AtlasQueries(store: store, minimumDenominator: minimumDenominator)
        self.geometry = GeometryCache(store: store)
    }

    public init(queries: AtlasQueries, geometry: GeometryCache) {
        self.queries = queries
        self.geometry = geometry
    }

    public func html(year: String?, levelKey: String?, template name: String? = nil) async throws -> String {
        ReportPage.render(try await model(year: year, levelKey: levelKey, template: name))
    }

    public func pdf(year: String?, levelKey: String?, template name: String? = nil) async throws -> Data {
        try ReportPDF.report(try await model(year: year, levelKey: levelKey, template: name))
    }

    public func docx(year: String?, levelKey: String?, template name: String? = nil) async throws -> Data {
        try ReportDOCX.report(try await model(year: year, levelKey: levelKey, template: name))
    }

    public func pptx(year: String?, levelKey: String?, template name: String? = nil) async throws -> Data {
        try ReportPPTX.presentation(try await model(year: year, levelKey: levelKey, template: name))
    }

    /// Every area's profile of the report's level as one PDF.
    public func profilesPDF(year: String?, levelKey: String?) async throws -> Data {
        let (town, profiles) = try await profileList(year: year, levelKey: levelKey)
        return try ReportPDF.profiles(townName: town, profiles: profiles, lang: .de)
    }

    /// Every area's profile of the report's level as one Word document.
    public func profilesDOCX(year: String?, levelKey: String?) async throws -> Data {
        let (town, profiles) = try await profileList(year: year, levelKey: levelKey)
        return try ReportDOCX.document(ReportContent.profiles(townName: town, profiles: profiles, lang: .de), title: "Gebietsprofile \(town)",
                                       subject: "Steckbriefe aller Gebiete")
    }

    func profileList(year: String?, levelKey: String?) async throws -> (String, [ReportPDF.Profile]) {
        let m = try await model(year: year, levelKey: levelKey, template: nil, forProfiles: true)
        var keys = StandardCatalog.pyramidGroups.map(\.key)
        keys += keys.map { $0 + "_w" }
        let values = try await queries.store.values(variableKeys: keys, periods: [m.period], areaCodes: nil)
        let c = IndicatorComputation(areas: try await queries.store.areas(levelKey: nil, includeGeometry: false), levels: try await queries.store.levels(),
                                     values: values, period: m.period, minimumDenominator: queries.minimumDenominator)
        let profiles = m.profiles.map { p -> ReportPDF.Profile in
            let svg = AtlasQueries.pyramid(c, areaCode: p.area.code).map {
                ProfilePage.pyramidSVG(PyramidData(groups: $0.groups, men: $0.men, women: $0.women, townMen: $0.townMen, townWomen: $0.townWomen),
                                       areaName: p.area.name, lang: .de)
            }
            return ReportPDF.Profile(area: p.area, levelName: m.level.name, period: m.period, statements: p.statements, rows: p.rows, pyramidSVG: svg,
                                     note: m.notes[p.area.code])
        }
        return (m.townName, profiles)
    }

    /// The report's content for a year, level and template (selection and texts).
    public func model(year: String?, levelKey: String?, template name: String?, forProfiles: Bool = false) async throws -> ReportPage.Model {
        let template = try await queries.store.reportTemplate(named: name)
        let indicators = try await queries.store.indicators().filter { template.includes($0.key) }
        guard let first = indicators.first else { throw AtlasError.notFound("Es gibt noch keine Indikatoren für einen Bericht.") }
        let probe = try await queries.indicator(key: first.key, year: year, levelKey: levelKey)
        let shapes = try await geometry.shapes(levelKey: probe.level.key, at: probe.period.date)
        var chapters: [(topic: String, views: [IndicatorPage.Model])] = []
        for ind in indicators {
            // Without a year each indicator is shown in its own latest complete period.
            let r = try await queries.indicator(key: ind.key, year: (year ?? "").isEmpty ? nil : probe.period.date, levelKey: probe.level.key)
            let view = IndicatorPage.Model(townName: nil, indicator: r.indicator, periods: r.periods, period: r.period, levels: r.levels,
                                           level: r.level, rows: r.rows, town: r.town, geometries: shapes, lang: .de)
            if let k = chapters.firstIndex(where: { $0.topic == ind.topic }) { chapters[k].views.append(view) } else { chapters.append((ind.topic, [view])) }
        }
        chapters.sort { StandardCatalog.topicOrder($0.topic, $1.topic) }
        let fmt = EarlyWarningPage.formatting(.de)
        let warnings = (try? await queries.earlyWarning(year: (year ?? "").isEmpty ? nil : probe.period.date, levelKey: probe.level.key, years: 2,
                                                        lang: NumberFormatting(value: fmt.value, points: fmt.points)))?.findings ?? []
        // Profiles from the chapters' results: every indicator is computed once for all areas.
        let nf = NumberFormat.german
        let views = chapters.flatMap(\.views)
        var profiles: [(area: Area, statements: [String], rows: [ProfilePage.Row])] = []
        // Each view's rows by area code and its level's values, once (not per area: 542 areas ×
        // 29 indicators made the lookups quadratic).
        let byCode = views.map { v in Dictionary(v.rows.enumerated().map { ($1.area.code, $0) }, uniquingKeysWith: { a, _ in a }) }
        let levelValues = views.map { v in v.rows.compactMap { $0.outcome.status == .ok ? $0.outcome.value : nil } }
        for row in probe.rows.sorted(by: { $0.area.name < $1.area.name }) {
            var rows: [ProfilePage.Row] = []
            var inputs: [Statements.Input] = []
            for (k, v) in views.enumerated() {
                guard let i = byCode[k][row.area.code] else { continue }
                let own = v.rows[i]
                rows.append(ProfilePage.Row(indicator: v.indicator, area: own, town: v.town))
                inputs.append(Statements.Input(indicator: v.indicator, area: own, town: v.town, levelValues: levelValues[k]))
            }
            let statements = Statements.make(areaName: row.area.name, levelName: probe.level.name, inputs: inputs, limit: 4) { v, ind in nf.format(v, decimals: ind.decimals, unit: ind.unit) }
            profiles.append((row.area, statements, rows))
        }
        let town = try await queries.store.municipality()?.name ?? "Quartier"
        // The report's reference date: the period most indicators are shown in (the later on a tie).
        var counts: [Period: Int] = [:]
        for v in views { counts[v.period, default: 0] += 1 }
        let headline = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key.date < b.key.date }?.key ?? probe.period
        var model = ReportPage.Model(townName: town, period: headline, level: probe.level, chapters: chapters,
                                     warnings: template.earlyWarning ? warnings : [], profiles: profiles, lang: .de)
        model.template = template
        // Only released notes go into a report, internal or public: it is written for publication.
        model.notes = Dictionary(try await queries.store.areaNotes().filter { $0.release != nil }.map { ($0.areaCode, $0.text) }, uniquingKeysWith: { a, _ in a })
        if !template.profiles && !forProfiles { model.profiles = [] }
        let names = Dictionary(uniqueKeysWithValues: try await queries.store.areas(levelKey: nil, includeGeometry: false).map { ($0.code, $0.name) })
        for measure in template.measures ? try await queries.store.measures() : [] {
            guard let r = try? await queries.measureEffect(key: measure.key) else { continue }
            let sentences = r.targets.map { t -> String in
                guard let ind = t.indicator else { return t.problem ?? "" }
                guard let e = t.estimate else { return "\(ind.name): " + (t.problem ?? "keine Schätzung") }
                return MeasurePages.sentence(e, indicator: ind, direction: t.target.direction, lang: .de) + (e.warning.map { " " + $0 } ?? "")
            }
            model.measures.append((measure, measure.areaCodes.map { names[$0] ?? $0 }, sentences))
        }
        return model
    }
}
