import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartierCore
import QuartierDemo
import QuartierAtlas
import QuartierServer
import QuartierStore
import Testing

/// Two towns in one installation, with staff of both, served over real HTTP on loopback.
struct Installation {
    static let password = "Richtig-geheim-2026"
    let dir: URL
    let a: SQLiteAtlasStore
    let b: SQLiteAtlasStore
    let instance: any InstanceStore
    let townA: Town
    let townB: Town
    let configuration: ServerConfiguration

    /// Town A (served at the root): anna (admin), emil (editor), olga (viewer).
    /// Town B (served at /nordstadt): vera (viewer). root administers the installation.
    static func make(_ tweak: (inout ServerConfiguration) -> Void = { _ in }) async throws -> Installation {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-sec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let a = try SQLiteAtlasStore(path: dir.appendingPathComponent("a.sqlite").path)
        let b = try SQLiteAtlasStore(path: dir.appendingPathComponent("b.sqlite").path)
        try await DemoTown.install(into: a)
        try await DemoTown.install(into: b)
        _ = try await b.apply(ImportBatch(label: "Name", kind: "town", municipality: Municipality(ags: "03256999", name: "Nordstadt")), progress: nil)
        let instance = try SQLiteInstanceStore(path: dir.appendingPathComponent("instance.sqlite").path)
        let townA = try await instance.addTown(slug: "weserbrueck", name: "Weserbrück", ags: "03256999", database: a.path)
        let townB = try await instance.addTown(slug: "nordstadt", name: "Nordstadt", ags: "03256998", database: b.path)
        let hash = Passwords(cost: 4).hash(password)
        for (login, town, role) in [("anna", townA, Role.admin), ("emil", townA, .editor), ("olga", townA, .viewer), ("vera", townB, .viewer)] {
            let u = try await instance.addUser(login: login, name: login.capitalized, passwordHash: hash, instanceAdmin: false)
            try await instance.setRole(role, userID: u.id, townID: town.id)
        }
        try await instance.addUser(login: "root", name: "Root", passwordHash: hash, instanceAdmin: true)
        var configuration = ServerConfiguration(bcryptCost: 4, uploadDirectory: dir.appendingPathComponent("uploads").path)
        tweak(&configuration)
        return Installation(dir: dir, a: a, b: b, instance: instance, townA: townA, townB: townB, configuration: configuration)
    }

    var sites: [TownSite] { [TownSite(town: townA, store: a, base: ""), TownSite(town: townB, store: b, base: "/nordstadt")] }
    func router() -> Router<AtlasRequestContext> { buildRouter(sites: sites, instance: instance, configuration: configuration) }
    func app() -> some ApplicationProtocol { Application(router: router()) }
}

/// A browser's cookie and the session's CSRF token.
struct Session: Sendable {
    var cookie: String
    var csrf: String
    var headers: HTTPFields { [.cookie: cookie] }
}

enum HTTP {
    static func body(_ r: TestResponse) -> String { String(buffer: r.body) }

    static func cookie(_ name: String, in r: TestResponse) -> String? {
        for v in r.headers[values: .setCookie] where v.hasPrefix(name + "=") {
            return String(v.dropFirst(name.count + 1).prefix { $0 != ";" })
        }
        return nil
    }

    static func csrf(in html: String) -> String? {
        guard let r = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix(64))
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        let allowed = CharacterSet.alphanumerics.union(.init(charactersIn: "-._~"))
        return ByteBuffer(string: fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&"))
    }

    /// Posts a form. Like a browser, a 303 from a staff form (post/redirect/get) is followed with
    /// the same cookie, and the page it lands on is returned; `follow: false` returns the 303.
    static func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [(String, String)], cookie: String? = nil,
                     forwardedFor: String? = nil, follow: Bool = true) async throws -> TestResponse {
        var h: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { h[.cookie] = cookie }
        if let forwardedFor { h[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        let r = try await client.execute(uri: uri, method: .post, headers: h, body: form(fields))
        guard follow, r.status == .seeOther, (uri.contains("/intern/verwaltung") || uri.hasPrefix("/instanz")), let location = r.headers[.location], location.hasPrefix("/") else { return r }
        return try await client.execute(uri: location, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:])
    }

    /// Logs in through the login form; returns the response of the form post.
    static func attempt(_ client: some TestClientProtocol, _ login: String, _ password: String, presetCookie: String? = nil,
                        forwardedFor: String? = nil) async throws -> TestResponse {
        let page = try await client.execute(uri: "/anmelden", method: .get)
        let pre = try #require(cookie("quartier_pre", in: page))
        let token = try #require(csrf(in: body(page)))
        let jar = "quartier_pre=\(pre)" + (presetCookie.map { "; quartier_session=\($0)" } ?? "")
        return try await post(client, "/anmelden", [("csrf", token), ("login", login), ("password", password)], cookie: jar, forwardedFor: forwardedFor)
    }

    static func login(_ client: some TestClientProtocol, _ login: String, _ password: String = Installation.password) async throws -> Session {
        let r = try await attempt(client, login, password)
        guard r.status == .seeOther, let token = cookie("quartier_session", in: r) else {
            throw LoginFailed(status: r.status.code, body: body(r))
        }
        let jar = "quartier_session=\(token)"
        let konto = try await client.execute(uri: "/konto", method: .get, headers: [.cookie: jar])
        return Session(cookie: jar, csrf: try #require(csrf(in: body(konto))))
    }

    struct LoginFailed: Error { var status: Int; var body: String }

    static func multipart(_ parts: [(name: String, filename: String?, content: [UInt8])], boundary: String = "QuartierTestBoundary7MA4YWxk") -> (ByteBuffer, String) {
        var out: [UInt8] = []
        for p in parts {
            out += Array("--\(boundary)\r\n".utf8)
            if let f = p.filename {
                out += Array("Content-Disposition: form-data; name=\"\(p.name)\"; filename=\"\(f)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
            } else {
                out += Array("Content-Disposition: form-data; name=\"\(p.name)\"\r\n\r\n".utf8)
            }
            out += p.content + Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\r\n".utf8)
        return (ByteBuffer(bytes: out), "multipart/form-data; boundary=\(boundary)")
    }
}
