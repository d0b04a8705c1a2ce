import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The request context of the atlas: Hummingbird's basics plus the client's address (for the
/// login throttle) and the upload limit.
public struct AtlasRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unbekannt"
    }
}

/// The logged-in user of the current request, with the session's CSRF token.
public struct AuthState: Sendable {
    public var user: User
    public var csrf: String
    public var token: String
}

/// Per-request values that middleware resolves once and handlers read.
enum RequestState {
    @TaskLocal static var auth: AuthState?
    @TaskLocal static var form = FormData()
}

/// Cookie names and reading.
enum Cookies {
    static let session = "quartier_session"
    /// A random value set on the login page; the login form must carry it back (CSRF before a session exists).
    static let prelogin = "quartier_pre"

    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let p = part.trimmingCharacters(in: .whitespaces)
                if p.hasPrefix(name + "=") { return String(p.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }

    static func make(_ name: String, _ value: String, maxAge: Int, secure: Bool) -> String {
        "\(name)=\(value); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    static func isSecure(_ request: Request, _ configuration: ServerConfiguration) -> Bool {
        configuration.secureCookies || request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
    }
}

/// Resolves the session cookie, reads form bodies (up to the upload limit) and checks the CSRF
/// token of every request that changes something.
struct SessionMiddleware<Context: RequestContext>: RouterMiddleware {
    let instance: any InstanceStore
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var auth: AuthState?
        if let token = Cookies.value(Cookies.session, in: request), let s = try await instance.session(token: token) {
            auth = AuthState(user: s.user, csrf: s.csrf, token: token)
        }
        var form = FormData()
        if request.method != .get && request.method != .head {
            // The token the form must carry: the session's, or on the login form the pre-login
            // cookie's. Without one, the body is not even read.
            let expected = request.uri.path == "/anmelden" ? Cookies.value(Cookies.prelogin, in: request) : auth?.csrf
            guard let expected, !expected.isEmpty else { return Self.refuse(.forbidden, Self.csrfFailed, request) }
            // Without a session only small forms (the login) are accepted.
            let limit = auth == nil ? min(configuration.anonymousBodyLimit, configuration.maxUploadBytes) : configuration.maxUploadBytes
            if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                return Self.tooLarge(limit, request)
            }
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: limit)
            } catch let e as HTTPError where e.status == .contentTooLarge {
                return Self.tooLarge(limit, request)
            }
            do {
                form = try FormData(contentType: request.headers[.contentType], body: Array(buffer: body))
            } catch {
                return Self.refuse(.badRequest, "Das Formular ist fehlerhaft: \(error.message).", request)
            }
            let sent = form.value("csrf") ?? request.headers[HTTPField.Name("X-CSRF-Token")!]
            guard let sent, Self.same(sent, expected) else { return Self.refuse(.forbidden, Self.csrfFailed, request) }
        }
        let response = try await RequestState.$auth.withValue(auth) {
            try await RequestState.$form.withValue(form) { try await next(request, context) }
        }
        guard auth != nil else { return response }
        var r = response
        r.headers[.cacheControl] = "private, no-store"
        return r
    }

    static var csrfFailed: String { "Die Sicherheitsprüfung des Formulars ist fehlgeschlagen (CSRF-Token fehlt oder ist falsch). Bitte die Seite neu laden und erneut absenden." }

    /// Compares in constant time.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var d: UInt8 = 0
        for i in x.indices { d |= x[i] ^ y[i] }
        return d == 0
    }

    static func tooLarge(_ limit: Int, _ request: Request) -> Response {
        refuse(.contentTooLarge, "Die Datei ist zu groß: höchstens \(limit / 1_048_576) MB. Es wurde nichts gespeichert.", request)
    }

    static func refuse(_ status: HTTPResponse.Status, _ message: String, _ request: Request) -> Response {
        Refusal(status, message).page(request)
    }
}

/// A refused request (not logged in, no right, bad form): a short page with the status. Thrown by
/// handlers; the security middleware turns it into the response.
struct Refusal: HTTPResponseError {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func page(_ request: Request) -> Response {
        let lang = Language(query: request.uri.queryParameters.get("lang"))
        return PageController.html(MessagePage.render(title: lang == .de ? "Abgelehnt" : "Refused", message: message, townName: nil, lang: lang, path: "/"),
                                   status: status)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { page(request) }
}

/// Guards a town's internal routes: only its members (and instance administrators) pass;
/// everyone else gets the login page (anonymous) or "forbidden" (another town's user).
struct RequireMember<Context: RequestContext>: RouterMiddleware {
    let town: Town

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let auth = RequestState.auth else {
            if request.method == .get {
                let target = request.uri.path
                return Response(status: .seeOther, headers: [.location: "/anmelden?weiter=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? "/")])
            }
            return Refusal(.unauthorized, "Bitte zuerst anmelden.").page(request)
        }
        guard auth.user.role(in: town.id) != nil else {
            return Refusal(.forbidden, "Kein Zugang: Ihr Konto gehört nicht zu \(town.name).").page(request)
        }
        return try await next(request, context)
    }
}

/// The page context of the installation's own pages (`/konto`, `/instanz`, `/gemeinden`, the
/// login): who is logged in and how many towns there are; no town's atlas links.
struct SharedSiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let sites: SiteList

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let auth = RequestState.auth
        var site = SiteContext(base: "", publicBase: "", isInternal: false, userName: auth?.user.name, csrf: auth?.csrf, townCount: sites.count)
        site.isInstallationPage = true
        return try await Site.$current.withValue(site) { try await next(request, context) }
    }
}

/// Sets the page context (base path, internal or public, logged-in user) for the renderers.
struct SiteMiddleware<Context: RequestContext>: RouterMiddleware {
    let town: Town
    let base: String
    let isInternal: Bool
    let sites: SiteList
    /// The town's atlas, for the internal pages' reminder of missing legal pages.
    var store: (any AtlasStore)? = nil

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let auth = RequestState.auth
        let role = auth?.user.role(in: town.id)
        var site = SiteContext(base: isInternal ? base + "/intern" : base, publicBase: base, isInternal: isInternal,
                               userName: auth?.user.name, csrf: auth?.csrf, canAdminister: role != nil, townCount: sites.count)
        if isInternal, let store {
            let pages = try await store.legalPages()
            site.missingLegalPages = LegalPage.Kind.allCases.filter { k in pages.first { $0.kind == k }?.isEmpty ?? true }.map(\.germanTitle)
            site.isTownAdmin = role.map { $0 >= .admin } ?? false
        }
        return try await Site.$current.withValue(site) { try await next(request, context) }
    }
}
