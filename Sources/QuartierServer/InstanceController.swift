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
    /// The towns served, for the names their atlases give (a town registered without a name).
    let sites: SiteList

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/instanz") { request, _ in try await page(request, values: [:], error: nil, status: .ok) }
        router.post("/instanz") { request, _ in try await addTown(request) }
        router.post("/instanz/administration") { request, _ in try await setAdmin(request) }
    }

    func admin() throws(Refusal) -> AuthState {
        guard let auth = RequestState.auth else { throw Refusal(.unauthorized, "Bitte zuerst anmelden.") }
        guard auth.user.instanceAdmin else { throw Refusal(.forbidden, "Diese Seite ist der Administration der Installation vorbehalten.") }
        return auth
    }

    func page(_ request: Request, values: [String: String], error: String?, status: HTTPResponse.Status) async throws -> Response {
        let auth = try admin()
        var towns: [AdminPages.InstanceTown] = []
        let served = sites.all
        for (i, t) in try await instance.towns().enumerated() {
            var name = t.name
            if name.isEmpty, let site = served.first(where: { $0.town.id == t.id }) { name = try await site.store.municipality()?.name ?? "" }
            let link = served.first { $0.town.id == t.id }.map { $0.base + "/" } ?? (i == 0 ? "/" : "/\(t.slug)/")
            towns.append(AdminPages.InstanceTown(slug: t.slug, name: name.isEmpty ? t.slug : name, ags: t.ags, link: link))
        }
        let users = try await instance.users(townID: nil)
        let message = Flash.message(request, key: auth.csrf)
        return PageController.html(AdminPages.instance(towns: towns, admins: users.filter(\.instanceAdmin).map { ($0.login, $0.name) },
                                                       others: users.filter { !$0.instanceAdmin }.map { ($0.login, $0.name) }, me: auth.user.login,
                                                       canAdd: configuration.townsLocation != nil, values: values, csrf: auth.csrf,
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
            return done(request, "Gemeinde „\(town.name)“ angelegt; sie ist in wenigen Sekunden unter /\(town.slug)/ erreichbar.", key: auth.csrf)
        } catch let e as StoreError {
            return try await page(request, values: values, error: e.message + ".", status: .unprocessableContent)
        }
    }

    /// Grants (`aktion=ernennen`) or revokes (`aktion=entziehen`) the administration of the
    /// installation; never one's own (so nobody locks themselves out by a click), never the last.
    func setAdmin(_ request: Request) async throws -> Response {
        let auth = try admin()
        let form = RequestState.form
        let login = String((form.value("login") ?? "").prefix(200))
        let grant: Bool
        switch form.value("aktion") ?? "" {
        case "ernennen": grant = true
        case "entziehen": grant = false
        default: return try await page(request, values: [:], error: "Unbekannte Aktion.", status: .badRequest)
        }
        guard let user = try await instance.user(login: login) else {
            return try await page(request, values: [:], error: "Den Benutzer „\(login)“ gibt es nicht.", status: .unprocessableContent)
        }
        guard user.id != auth.user.id else {
            return try await page(request, values: [:], error: "Die eigenen Rechte kann nur eine andere Administratorin oder ein anderer Administrator ändern.",
                                  status: .unprocessableContent)
        }
        do {
            try await instance.setInstanceAdmin(grant, userID: user.id)
        } catch let e as StoreError {
            return try await page(request, values: [:], error: e.message + ".", status: .unprocessableContent)
        }
        try await instance.log(user: auth.user.login, town: "", action: grant ? "Administration der Installation übertragen" : "Administration der Installation entzogen",
                               detail: user.login)
        return done(request, grant ? "„\(user.login)“ verwaltet jetzt die Installation (alle Gemeinden)." : "„\(user.login)“ verwaltet die Installation nicht mehr.",
                    key: auth.csrf)
    }

    /// Post/redirect/get back to `/instanz` with a signed message.
    func done(_ request: Request, _ message: String, key: String) -> Response {
        var response = Response(status: .seeOther)
        response.headers[.location] = "/instanz?" + Flash.query(message, key: key) + (PageController.lang(request) == .en ? "&lang=en" : "")
        return response
    }
}
