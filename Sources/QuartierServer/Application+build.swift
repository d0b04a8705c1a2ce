import HTTPTypes
import Hummingbird
import Logging
import QuartierRender
import QuartierStore

/// Builds the router with every controller; tests use it in-process.
public func buildRouter(store: any AtlasStore, configuration: ServerConfiguration) -> Router<BasicRequestContext> {
    let router = Router()
    router.add(middleware: SecurityHeadersMiddleware())
    let queries = AtlasQueries(store: store, minimumDenominator: configuration.minimumDenominator)
    PageController(queries: queries, geometry: GeometryCache(store: store)).register(on: router)
    APIController(queries: queries).register(on: router)
    OGCFeaturesController(queries: queries).register(on: router)
    return router
}

/// Builds the atlas web application.
public func buildApplication(store: any AtlasStore, configuration: ServerConfiguration, logger: Logger? = nil) -> some ApplicationProtocol {
    var log = logger ?? Logger(label: "quartier")
    if logger == nil { log.logLevel = .info }
    return Application(
        router: buildRouter(store: store, configuration: configuration),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Quartier"),
        logger: log
    )
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
        return response
    }
}
