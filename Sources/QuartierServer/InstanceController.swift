import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierRender
import QuartierStore

/// `/instanz`: the installation's towns and administrators, for instance administrators only.
struct InstanceController: Sendable {
    let instance: any InstanceStore
    let configuration: ServerConfiguration

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/instanz") { request, _ in try await page(request, values: [:], error: nil, status: .ok) }
        router.post("/instanz") { request, _ in try await addTown(request) }
    }

    func admin() throws(Refusal) -> AuthState {
        guard let auth = RequestState.auth else { throw Refusal(.unauthorized, "Bitte zuerst anmelden.") }
        guard auth.user.instanceAdmin else { throw Refusal(.forbidden, "Diese Seite ist der Administration der Installation vorbehalten.") }
        return auth
    }

    func page(_ request: Request, values: [String: String], error: String?, status: HTTPResponse.Status) async throws -> Response {
        let auth = try admin()
        let towns = try await instance.towns().enumerated().map { i, t in
            AdminPages.InstanceTown(slug: t.slug, name: t.name.isEmpty ? t.slug : t.name, ags: t.ags, link: i == 0 ? "/" : "/\(t.slug)/")
        }
        let admins = try await instance.users(townID: nil).filter(\.instanceAdmin).map { ($0.login, $0.name) }
        let message = Flash.message(request, key: auth.csrf)
        return PageController.html(AdminPages.instance(towns: towns, admins: admins, canAdd: configuration.townsLocation != nil, values: values, csrf: auth.csrf,
                                                       message: message, error: error, lang: PageController.lang(request)), status: status)
    }

    func addTown(_ request: Request) async throws -> Response {
        let auth = try admin()
        let form = RequestState.form
        var values: [String: String] = [:]
        for n in ["name", "kurzname", "ags"] { values[n] = String((form.value(n) ?? "").trimmingCharacters(in: .whitespaces).prefix(300)) }
        guard let location = configuration.townsLocation else {
            return try await page(request, values: values, error: "Diese Installation legt keine Gemeinden über die Weboberfläche an.", status: .badRequest)
        }
        do {
            let town = try await instance.registerTown(slug: values["kurzname"] ?? "", name: values["name"] ?? "", ags: values["ags"] ?? "",
                                                       atlas: nil, townsLocation: location, by: auth.user.login)
            var response = Response(status: .seeOther)
            response.headers[.location] = "/instanz?" + Flash.query("Gemeinde „\(town.name)“ angelegt; sie ist in wenigen Sekunden unter /\(town.slug)/ erreichbar.", key: auth.csrf)
            return response
        } catch let e as StoreError {
            return try await page(request, values: values, error: e.message + ".", status: .unprocessableContent)
        }
    }
}
