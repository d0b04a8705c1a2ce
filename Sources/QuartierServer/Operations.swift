import Foundation
import HTTPTypes
import Hummingbird
import Logging
import QuartierFormats
import QuartierStore
import Synchronization

/// Request counters and a latency histogram, written as Prometheus text at `/metrics`.
public final class Metrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct State {
        var byStatus: [String: Int] = [:]
        var buckets = [Int](repeating: 0, count: Metrics.bounds.count)
        var count = 0
        var sum = 0.0
        var inFlight = 0
    }

    private let state = Mutex(State())
    let started = Date()

    public init() {}

    func begin() { state.withLock { $0.inFlight += 1 } }

    func end(status: Int, seconds: Double) {
        state.withLock { s in
            s.inFlight -= 1
            s.byStatus[String(status), default: 0] += 1
            s.count += 1
            s.sum += seconds
            if let i = Self.bounds.firstIndex(where: { seconds <= $0 }) { s.buckets[i] += 1 }
        }
    }

    /// The Prometheus text exposition (version 0.0.4).
    func exposition(towns: [(slug: String, version: Int?)]) -> String {
        let s = state.withLock { $0 }
        var out = """
            # HELP quartier_http_requests_total HTTP requests answered, by status code.
            # TYPE quartier_http_requests_total counter

            """
        for (status, n) in s.byStatus.sorted(by: { $0.key < $1.key }) { out += "quartier_http_requests_total{status=\"\(status)\"} \(n)\n" }
        out += """
            # HELP quartier_http_request_duration_seconds Time from request to response head.
            # TYPE quartier_http_request_duration_seconds histogram

            """
        var cumulative = 0
        for (i, b) in Self.bounds.enumerated() {
            cumulative += s.buckets[i]
            out += "quartier_http_request_duration_seconds_bucket{le=\"\(b)\"} \(cumulative)\n"
        }
        out += "quartier_http_request_duration_seconds_bucket{le=\"+Inf\"} \(s.count)\n"
        out += "quartier_http_request_duration_seconds_sum \(s.sum)\n"
        out += "quartier_http_request_duration_seconds_count \(s.count)\n"
        out += """
            # HELP quartier_http_requests_in_flight Requests being answered now.
            # TYPE quartier_http_requests_in_flight gauge
            quartier_http_requests_in_flight \(s.inFlight)
            # HELP quartier_data_version Data version of each town's atlas (changes with every import or release); -1 if the database cannot be reached.
            # TYPE quartier_data_version gauge

            """
        for t in towns { out += "quartier_data_version{town=\"\(t.slug)\"} \(t.version ?? -1)\n" }
        out += """
            # HELP process_start_time_seconds Start time of the process since the Unix epoch.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds \(Int(started.timeIntervalSince1970))

            """
        return out
    }
}

/// Counts every request and, with `accessLog`, logs it as one structured line (method, path
/// without query, status, milliseconds); the query string can hold search terms, so it stays out.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: Metrics
    let accessLog: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        metrics.begin()
        var status = 500
        defer {
            let d = clock.now - start
            let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            metrics.end(status: status, seconds: seconds)
            if accessLog {
                context.logger.info("request", metadata: ["method": "\(request.method.rawValue)", "path": "\(request.uri.path)",
                                                          "status": "\(status)", "ms": "\(Int((seconds * 1000).rounded()))"])
            }
        }
        let response = try await next(request, context)
        status = response.status.code
        return response
    }
}

/// Liveness, readiness and metrics for a load balancer and monitoring.
struct OperationsController {
    let list: SiteList
    let instance: any InstanceStore
    let metrics: Metrics

    func register(on router: Router<AtlasRequestContext>) {
        router.get("/health/live") { _, _ in Self.json(#"{"status":"alive"}"#, status: .ok) }
        router.get("/health/ready") { _, _ in try await ready() }
        router.get("/metrics") { request, context in
            // Monitoring only: from this machine, not through a proxy (which forwards the public).
            guard Self.isLocal(context.remoteAddress), request.headers[HTTPField.Name("X-Forwarded-For")!] == nil else {
                return Self.json(#"{"error":"/metrics ist nur von diesem Rechner aus erreichbar"}"#, status: .forbidden)
            }
            return try await exposition()
        }
    }

    static func isLocal(_ address: String) -> Bool {
        address == "127.0.0.1" || address == "::1" || address.hasPrefix("127.") || address == "::ffff:127.0.0.1"
    }

    static func json(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Ready when the instance database and every town's atlas answer.
    func ready() async throws -> Response {
        var problems: [String] = []
        do { _ = try await instance.userCount() } catch { problems.append("instance") }
        for s in list.all {
            do { _ = try await s.store.dataVersion() } catch { problems.append(s.town.slug) }
        }
        var j = JSONOutput()
        j.beginObject()
        j.field("status", problems.isEmpty ? "ready" : "unavailable")
        j.beginArray("failing")
        for p in problems { j.value(p) }
        j.endArray()
        j.endObject()
        return Self.json(j.text, status: problems.isEmpty ? .ok : .serviceUnavailable)
    }

    func exposition() async throws -> Response {
        var towns: [(slug: String, version: Int?)] = []
        for s in list.all { towns.append((s.town.slug, try? await s.store.dataVersion())) }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: metrics.exposition(towns: towns))))
    }
}

/// Log lines as JSON objects, one per line on standard output (for journald, Loki, ELK).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var j = JSONOutput()
        j.beginObject()
        j.field("time", Self.stamp())
        j.field("level", event.level.rawValue)
        j.field("logger", label)
        j.field("message", event.message.description)
        for (k, v) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { _, new in new }).sorted(by: { $0.key < $1.key }) {
            j.field(k, "\(v)")
        }
        j.endObject()
        FileHandle.standardOutput.write(Data((j.text + "\n").utf8))
    }

    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func stamp() -> String { style.format(Date()) }
}
