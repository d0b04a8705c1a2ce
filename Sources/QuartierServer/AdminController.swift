import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// A town's administration below `base/intern/verwaltung`: release, imports and rollback,
/// web upload with preview, users and the audit log. The staff group's middleware has
/// already checked that the user belongs to the town; each action checks the role it needs.
struct AdminController: Sendable {
    let site: TownSite
    let instance: any InstanceStore
    let configuration: ServerConfiguration

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/verwaltung") { request, _ in try await overview(request, message: nil, error: nil) }
        router.post("/verwaltung/freigabe") { request, _ in try await release(request) }
        router.get("/verwaltung/importe") { request, _ in try await batches(request, message: nil, error: nil) }
        router.post("/verwaltung/importe/:id/zuruecknehmen") { request, context in
            try await rollback(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/verwaltung/hochladen") { request, _ in try await uploadForm(request, error: nil) }
        router.post("/verwaltung/hochladen") { request, _ in try await upload(request) }
        router.post("/verwaltung/hochladen/:token/uebernehmen") { request, context in
            try await confirm(request, token: context.parameters.get("token") ?? "")
        }
        router.post("/verwaltung/hochladen/:token/zuordnen") { request, context in
            try await applyMapping(request, token: context.parameters.get("token") ?? "")
        }
        router.post("/verwaltung/hochladen/:token/verwerfen") { request, context in
            try await discard(request, token: context.parameters.get("token") ?? "")
        }
        router.get("/verwaltung/benutzer") { request, _ in try await users(request, message: nil, error: nil) }
        router.post("/verwaltung/benutzer") { request, _ in try await addUser(request) }
        router.post("/verwaltung/benutzer/:id/:action") { request, context in
            try await changeUser(request, id: context.parameters.get("id") ?? "", action: context.parameters.get("action") ?? "")
        }
        router.get("/verwaltung/protokoll") { request, _ in try await audit(request) }
        router.get("/verwaltung/rechtliches") { request, _ in try await legalForm(request) }
        router.post("/verwaltung/rechtliches") { request, _ in try await saveLegal(request) }
        router.get("/verwaltung/bericht") { request, _ in
            try await reportTemplate(request, name: request.uri.queryParameters.get("vorlage"), message: nil, error: nil)
        }
        router.post("/verwaltung/bericht") { request, _ in try await saveReportTemplate(request) }
        registerContent(on: router)
        router.get("/verwaltung/massnahmen") { request, _ in try await measures(request, message: nil, error: nil) }
        router.get("/verwaltung/massnahmen/neu") { request, _ in try await measureForm(request, key: nil) }
        router.post("/verwaltung/massnahmen/neu") { request, _ in try await saveMeasure(request, key: nil) }
        router.get("/verwaltung/massnahmen/:key") { request, context in try await measureForm(request, key: context.parameters.get("key")) }
        router.post("/verwaltung/massnahmen/:key") { request, context in try await saveMeasure(request, key: context.parameters.get("key")) }
        router.post("/verwaltung/massnahmen/:key/:action") { request, context in
            try await measureAction(request, key: context.parameters.get("key") ?? "", action: context.parameters.get("action") ?? "")
        }
    }

    // MARK: Roles

    /// The user if they hold at least `role` in this town; else throws the refusal page.
    @discardableResult
    func require(_ role: Role, _ request: Request) throws(Refusal) -> AuthState {
        guard let auth = RequestState.auth else { throw Refusal(.unauthorized, "Bitte zuerst anmelden.") }
        guard let have = auth.user.role(in: site.town.id), have >= role else {
            let what = role == .admin ? "die Administration der Gemeinde" : "die Redaktion (Import und Freigabe)"
            throw Refusal(.forbidden, "Diese Aktion ist \(what) vorbehalten.")
        }
        return auth
    }

    func townName() async throws -> String {
        let n = try await site.store.municipality()?.name ?? site.town.name
        return n.isEmpty ? site.town.slug : n
    }

    func log(_ auth: AuthState, _ action: String, _ detail: String) async throws {
        try await instance.log(user: auth.user.login, town: site.town.slug, action: action, detail: detail)
    }
}
