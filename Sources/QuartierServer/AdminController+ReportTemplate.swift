import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The report template: chapters, indicators and the planner's texts.
extension AdminController {
    // MARK: Report template

    func reportTemplate(_ request: Request, name: String?, message: String?, error: String?, status: HTTPResponse.Status = .ok,
                        unsaved: ReportTemplate? = nil) async throws -> Response {
        let auth = try require(.viewer, request)
        let role = auth.user.role(in: site.town.id) ?? .viewer
        var template = unsaved ?? ReportTemplate()
        if unsaved == nil { template = try await site.store.reportTemplate(named: name) }
        var topics: [(topic: String, indicators: [Indicator])] = []
        for i in try await site.store.indicators() {
            if let k = topics.firstIndex(where: { $0.topic == i.topic }) { topics[k].indicators.append(i) } else { topics.append((i.topic, [i])) }
        }
        topics.sort { StandardCatalog.topicOrder($0.topic, $1.topic) }
        var names = try await site.store.reportTemplates().map(\.name)
        if !names.contains(ReportTemplate.standardName) { names.insert(ReportTemplate.standardName, at: 0) }
        return PageController.html(ReportAdminPage.render(townName: try await townName(), names: names, template: template, topics: topics,
                                                          canEdit: role >= .editor, canManageUsers: role >= .admin, csrf: auth.csrf,
                                                          message: message ?? flash(request), error: error, lang: PageController.lang(request)), status: status)
    }

    func saveReportTemplate(_ request: Request) async throws -> Response {
        let auth = try require(.editor, request)
        let form = RequestState.form
        let all = try await site.store.indicators().map(\.key)
        let chosen = form.values("indikator").filter(all.contains)
        let parts = Set(form.values("teil"))
        var texts: [String: String] = [:]
        for (name, values) in form.fields where name.hasPrefix("text:") {
            let text = values.first?.replacingOccurrences(of: "\r\n", with: "\n") ?? ""
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { texts[String(name.dropFirst(5))] = text }
        }
        let template = ReportTemplate(name: (form.value("vorlage") ?? "").trimmingCharacters(in: .whitespaces),
                                      indicators: chosen.count == all.count ? nil : chosen, earlyWarning: parts.contains("fruehwarnung"),
                                      measures: parts.contains("massnahmen"), profiles: parts.contains("profile"), annex: parts.contains("methoden"), texts: texts)
        do {
            try await site.store.save(template: template, by: auth.user.name)
        } catch let e as StoreError {
            return try await reportTemplate(request, name: nil, message: nil, error: e.message, status: .badRequest, unsaved: template)
        }
        try await log(auth, "Berichtsvorlage gespeichert", "„\(template.name)“: \(chosen.count) Indikatoren, \(texts.count) Texte")
        return done(request, "/verwaltung/bericht?vorlage=" + (template.name.addingPercentEncoding(withAllowedCharacters: .urlQueryValue) ?? ""), "Vorlage „\(template.name)“ gespeichert.")
    }
}

extension AdminController.Pending {
    var areaOptions: ImportService.AreaOptions {
        ImportService.AreaOptions(levelName: level, codeProperty: code, nameProperty: name)
    }
}
