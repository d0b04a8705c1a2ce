import HTTPTypes
import Hummingbird
import NIOCore
import QuartierStore

/// Rendered public answers, valid while the town's data version stays the same (every import,
/// rollback, deletion and release changes it). Only anonymous GET requests are served from it
/// and only their answers are stored, so no staff member's page is ever cached.
actor PageCache {
    struct Entry: Sendable {
        var version: Int
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: ByteBuffer
    }

    private var entries: [String: Entry] = [:]
    private var bytes = 0
    let maxBytes: Int

    init(maxBytes: Int = 64 * 1_048_576) { self.maxBytes = maxBytes }

    /// The query parameters public pages read. An answer to a query with any other parameter is
    /// served but not kept: random query strings (a crawler, an attacker) cannot push the useful
    /// answers out of the cache.
    static let knownParameters: Set<String> = [
        "a", "b", "bbox", "bis", "breite", "d", "datetime", "ebene", "einr", "eltern", "f", "farben", "gebiet", "grenzen", "indikator", "jahr", "jahre", "klassen",
        "lang", "level", "limit", "methode", "min", "offset", "q", "s", "variable", "von", "vorlage", "x", "y", "year",
    ]

    /// Whether an answer to a query with these parameters is kept.
    static func keeps(_ query: Parameters) -> Bool {
        query.allSatisfy { knownParameters.contains(String($0.key)) }
    }

    func get(_ key: String, version: Int) -> Entry? {
        guard let e = entries[key], e.version == version else { return nil }
        return e
    }

    func put(_ key: String, _ entry: Entry) {
        if bytes + entry.body.readableBytes > maxBytes {
            entries.removeAll(keepingCapacity: true)
            bytes = 0
        }
        if let old = entries.updateValue(entry, forKey: key) { bytes -= old.body.readableBytes }
        bytes += entry.body.readableBytes
    }
}

struct PublicCacheMiddleware<Context: RequestContext>: RouterMiddleware {
    let store: any AtlasStore
    let cache: PageCache

    /// Larger answers (e.g. big GeoJSON) are not kept.
    let maxEntryBytes = 4 * 1_048_576

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .get, RequestState.auth == nil else { return try await next(request, context) }
        let key = request.uri.description
        let version = try await store.dataVersion()
        if let e = await cache.get(key, version: version) {
            return Response(status: e.status, headers: e.headers, body: .init(byteBuffer: e.body))
        }
        let response = try await next(request, context)
        guard response.status == .ok, let length = response.body.contentLength, length <= maxEntryBytes else { return response }
        guard PageCache.keeps(request.uri.queryParameters) else { return response }
        let sink = Sink()
        try await response.body.write(Collector(sink: sink))
        let entry = PageCache.Entry(version: version, status: response.status, headers: response.headers, body: sink.buffer)
        await cache.put(key, entry)
        return Response(status: entry.status, headers: entry.headers, body: .init(byteBuffer: entry.body))
    }

    final class Sink { var buffer = ByteBuffer() }

    struct Collector: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ buffer: ByteBuffer) async throws {
            var b = buffer
            sink.buffer.writeBuffer(&b)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
