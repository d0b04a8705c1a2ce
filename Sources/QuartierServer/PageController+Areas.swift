import Foundation
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierStore

/// An area's pages: its population pyramid and its profile (Steckbrief).
extension PageController {
    func pyramid(_ request: Request, code: String, format: String) async throws -> Response {
        do {
            let p = try await queries.profile(code: code, year: request.uri.queryParameters.get("jahr"))
            guard let py = p.pyramid else { throw AtlasError.notFound("Für „\(code)“ gibt es keine Zahlen nach Alter und Geschlecht.") }
            let lang = Self.lang(request)
            let data = PyramidData(groups: py.groups, men: py.men, women: py.women, townMen: py.townMen, townWomen: py.townWomen)
            if format == "svg" || format == "png" { return try await Self.image(ProfilePage.pyramidSVG(data, areaName: p.area.name, lang: lang), format: format, request: request) }
            var w = CSVWriter()
            w.row(["Alter", "Männer %", "Frauen %", "Gesamtstadt Männer %", "Gesamtstadt Frauen %"])
            for (i, g) in py.groups.enumerated() {
                w.row([.text(g), CSVWriter.number(py.men[i]), CSVWriter.number(py.women[i]), CSVWriter.number(py.townMen?[i]), CSVWriter.number(py.townWomen?[i])])
            }
            return try Self.table(w, filename: "altersaufbau-\(code).csv", format: format)
        } catch let e as AtlasError {
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
            let statements = Statements.make(areaName: p.area.name, levelName: levelName, inputs: p.statements, wording: lang.wording) { v, ind in
                nf.format(v, decimals: ind.decimals, unit: lang.catalog(ind.unit))
            }
            // What every profile shows besides its values, read once per data version.
            let extras = try await queries.memoized("profile-extras") {
                (town: try await townName(), notes: try await queries.store.areaNotes(), measures: try await queries.store.measures())
            }
            let model = ProfilePage.Model(townName: extras.town, area: p.area, level: level.map(lang.catalog),
                                          parent: parent, children: children,
                                          periods: p.periods, period: p.period,
                                          rows: p.rows.map { ProfilePage.Row(indicator: lang.catalog($0.0), area: $0.1, town: $0.2, earlier: p.earlier[$0.0.key],
                                                                               period: p.rowPeriods[$0.0.key], missing: p.missing[$0.0.key] ?? []) },
                                          neighbours: neighbours, statements: statements, lang: lang)
            var withPyramid = model
            withPyramid.note = extras.notes.first { $0.areaCode == p.area.code }
            withPyramid.measures = extras.measures.filter { $0.areaCodes.contains(p.area.code) || $0.areaCodes.contains(p.area.parentCode ?? "-") }
            if let py = p.pyramid {
                withPyramid.pyramid = .init(groups: py.groups, men: py.men, women: py.women, townMen: py.townMen, townWomen: py.townWomen)
            }
            return Self.html(ProfilePage.render(withPyramid))
        } catch let e as AtlasError {
            return try await errorPage(e, request: request)
        }
    }
}
