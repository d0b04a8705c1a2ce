import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuartierAtlas
import QuartierCore
import QuartierRender
import QuartierStore
import Synchronization

/// One town's atlas as the server mounts it: the public atlas at `base` ("" for the first
/// town, "/slug" for the others), the internal atlas and its administration at `base/intern`.
public struct TownSite: Sendable {
    public var town: Town
    public var store: any AtlasStore
    public var base: String

    public init(town: Town, store: any AtlasStore, base: String) {
        self.town = town
        self.store = store
        self.base = base
    }
}

/// The towns a server serves: those of the start and those added while it runs. The town list,
/// the login's landing page, readiness and metrics read it on every request.
final class SiteList: Sendable {
    private let sites: Mutex<[TownSite]>

    init(_ sites: [TownSite]) { self.sites = Mutex(sites) }

    var all: [TownSite] { sites.withLock { $0 } }
    var count: Int { sites.withLock { $0.count } }

    func append(_ site: TownSite) { sites.withLock { $0.append(site) } }
}

/// Builds the router for every town of the installation; tests use it in-process.
public func buildRouter(sites: [TownSite], instance: any InstanceStore, configuration: ServerConfiguration) -> Router<AtlasRequestContext> {
    buildRouter(sites: SiteList(sites), instance: instance, configuration: configuration, metrics: Metrics())
}

func buildRouter(sites list: SiteList, instance: any InstanceStore, configuration: ServerConfiguration, metrics: Metrics) -> Router<AtlasRequestContext> {
    let sites = list.all
    let router = Router(context: AtlasRequestContext.self)
    addSharedMiddleware(to: router, instance: instance, configuration: configuration, metrics: metrics)
    router.get("/static/quartier.css") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
    }
    router.get("/static/quartier.js") { _, _ in
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                 body: .init(byteBuffer: ByteBuffer(string: Script.js)))
    }
    OperationsController(list: list, instance: instance, metrics: metrics).register(on: router)
    // The installation's own pages (login, account, town list, instance) show who is logged in.
    let shared = router.group().add(middleware: SharedSiteMiddleware(sites: list))
    AccountController(instance: instance, sites: list, configuration: configuration).register(on: shared)
    LandingController(sites: list).register(on: shared)
    InstanceController(instance: instance, configuration: configuration, sites: list).register(on: shared)
    for site in sites { mount(site, on: router, instance: instance, configuration: configuration, sites: list) }
    return router
}

/// Metrics, security headers and sessions: every router of the installation has them.
func addSharedMiddleware(to router: Router<AtlasRequestContext>, instance: any InstanceStore, configuration: ServerConfiguration, metrics: Metrics) {
    router.add(middleware: MetricsMiddleware(metrics: metrics, accessLog: configuration.accessLog))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: SessionMiddleware(instance: instance, configuration: configuration))
}

/// One town's public atlas at `site.base` and its internal atlas and administration below `/intern`.
func mount(_ site: TownSite, on router: Router<AtlasRequestContext>, instance: any InstanceStore, configuration: ServerConfiguration, sites: SiteList) {
    let publicStore = PublicAtlasStore(base: site.store)
    let publicQueries = AtlasQueries(store: publicStore, minimumDenominator: configuration.minimumDenominator)
    let open = site.base.isEmpty ? router.group() : router.group(RouterPath(site.base))
    open.add(middleware: SiteMiddleware(town: site.town, base: site.base, isInternal: false, sites: sites))
    open.add(middleware: PublicCacheMiddleware(store: site.store, cache: PageCache()))
    let publicGeometry = GeometryCache(store: publicStore)
    PageController(queries: publicQueries, geometry: publicGeometry).register(on: open)
    MeasureController(queries: publicQueries, geometry: publicGeometry).register(on: open)
    APIController(queries: publicQueries).register(on: open)
    OGCFeaturesController(queries: publicQueries).register(on: open)

    let staff = router.group(RouterPath(site.base + "/intern"))
    staff.add(middleware: RequireMember(town: site.town))
    staff.add(middleware: SiteMiddleware(town: site.town, base: site.base, isInternal: true, sites: sites, store: site.store))
    let queries = AtlasQueries(store: site.store, minimumDenominator: configuration.minimumDenominator)
    let staffGeometry = GeometryCache(store: site.store)
    PageController(queries: queries, geometry: staffGeometry).register(on: staff)
    MeasureController(queries: queries, geometry: staffGeometry).register(on: staff)
    AdminController(site: site, instance: instance, configuration: configuration).register(on: staff)
}

/// Builds the atlas web application.
public func buildApplication(sites: [TownSite], instance: any InstanceStore, configuration: ServerConfiguration,
                             logger: Logger? = nil) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "quartier")
    if logger == nil { log.logLevel = .info }
    let metrics = Metrics()
    let list = SiteList(sites)
    let directory = TownDirectory(sites: list, instance: instance, configuration: configuration, metrics: metrics)
    return Application(
        router: HeadAsGet(inner: TownDispatch(main: buildRouter(sites: list, instance: instance, configuration: configuration, metrics: metrics),
                                              directory: directory)),
        server: .http1(configuration: ServerConfiguration.http1),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Quartier"),
        logger: log
    )
}

/// A single-town application with its instance database in `instancePath` (a temporary file
/// when nil: no accounts, only the public atlas is reachable).
public func buildApplication(store: any AtlasStore, configuration: ServerConfiguration, instancePath: String? = nil,
                             logger: Logger? = nil) throws -> some ApplicationProtocol {
    let path = instancePath ?? NSTemporaryDirectory() + "quartier-instance-\(UUID().uuidString).sqlite"
    let instance = try SQLiteInstanceStore(path: path)
    let town = Town(id: 1, slug: "stadt", name: "", ags: "", database: "")
    return buildApplication(sites: [TownSite(town: town, store: store, base: "")], instance: instance, configuration: configuration, logger: logger)
}

/// Maps errors to pages in one place and sets the security headers on every response,
/// including errors: no inline scripts or styles, no framing, no sniffing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let lang = Language(query: request.uri.queryParameters.get("lang"))
            response = PageController.html(MessagePage.render(title: lang.t("notfound.title"),
                message: lang == .de ? "Diese Seite gibt es nicht." : "This page does not exist.",
                townName: nil, lang: lang, path: "/"), status: .notFound)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            let lang = Language(query: request.uri.queryParameters.get("lang"))
            response = PageController.html(MessagePage.render(title: lang == .de ? "Interner Fehler" : "Internal error",
                message: lang == .de ? "Die Anfrage konnte nicht bearbeitet werden. Der Fehler wurde protokolliert." : "The request failed. The error has been logged.",
                townName: nil, lang: lang, path: "/"), status: .internalServerError)
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        return response
    }
}

/// HEAD is answered like GET without the body (RFC 9110 §9.3.2), on every route: the router
/// knows only GET routes, so without this HEAD found nothing (404).
struct HeadAsGet<Inner: HTTPResponderBuilder>: HTTPResponderBuilder {
    let inner: Inner

    func buildResponder() -> CallbackResponder<Inner.Responder.Context> {
        let responder = inner.buildResponder()
        return CallbackResponder { request, context in
            guard request.method == .head else { return try await responder.respond(to: request, context: context) }
            var head = request.head
            head.method = .get
            var response = try await responder.respond(to: Request(head: head, body: request.body), context: context)
            response.body = ResponseBody()
            return response
        }
    }
}
