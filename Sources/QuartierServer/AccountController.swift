import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierRender
import QuartierStore

/// Login, logout, the account page and password change.
struct AccountController: Sendable {
    let instance: any InstanceStore
    let list: SiteList
    let configuration: ServerConfiguration
    let passwords: Passwords
    /// Verified against when the login does not exist, so both cases take the same time.
    let dummyHash: String

    init(instance: any InstanceStore, sites: SiteList, configuration: ServerConfiguration) {
        self.instance = instance
        self.list = sites
        self.configuration = configuration
        passwords = Passwords(cost: configuration.bcryptCost)
        dummyHash = passwords.hash(RandomToken.make())
    }

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/anmelden") { request, _ in try await loginPage(request, error: nil, status: .ok) }
        router.post("/anmelden") { request, context in try await login(request, address: clientAddress(request, peer: context.remoteAddress)) }
        router.post("/abmelden") { request, _ in try await logout(request) }
        router.get("/konto") { request, _ in try await account(request, message: nil, error: nil) }
        router.post("/konto/passwort") { request, _ in try await changePassword(request) }
    }

    /// The client's address for the login throttle: the peer, or behind a trusted reverse proxy
    /// the last address the proxy added to `X-Forwarded-For`.
    func clientAddress(_ request: Request, peer: String) -> String {
        guard configuration.trustedProxies.contains(peer),
              let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              !forwarded.isEmpty else { return peer }
        return forwarded
    }

    /// Where to go after logging in: a local path only (no open redirect).
    /// A redirect target after login: a path on this site, nothing else. Only printable ASCII
    /// of paths and queries is allowed (browsers drop tabs and newlines, so `/\t/host` would become
    /// `//host`, another site), and the path may not begin with two slashes or a backslash.
    static func safeTarget(_ s: String?) -> String? {
        guard let s, s.utf8.count <= 512, s.hasPrefix("/") else { return nil }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~%?&=+:,".utf8)
        guard s.utf8.allSatisfy({ allowed.contains($0) }) else { return nil }
        let second = s.utf8.dropFirst().first
        guard second != UInt8(ascii: "/") else { return nil }
        return s
    }

    func loginPage(_ request: Request, error: String?, status: HTTPResponse.Status, login: String = "") async throws -> Response {
        let lang = PageController.lang(request)
        if RequestState.auth != nil && error == nil {
            return Response(status: .seeOther, headers: [.location: Self.safeTarget(request.uri.queryParameters.get("weiter")) ?? "/konto"])
        }
        let pre = RandomToken.make()
        let next = Self.safeTarget(request.uri.queryParameters.get("weiter") ?? RequestState.form.value("weiter")) ?? ""
        var r = PageController.html(AdminPages.login(error: error, login: login, next: next, preToken: pre, lang: lang), status: status)
        r.headers[.setCookie] = Cookies.make(Cookies.prelogin, pre, maxAge: 3600, secure: Cookies.isSecure(request, configuration))
        r.headers[.cacheControl] = "no-store"
        return r
    }

    func login(_ request: Request, address: String) async throws -> Response {
        let form = RequestState.form
        let login = (form.value("login") ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.value("password") ?? ""
        let now = Date()
        let window = TimeInterval(configuration.lockMinutes * 60)
        // The attempt is counted before the password is checked, atomically: parallel attempts
        // cannot all pass the limits together.
        let failures = try await instance.beginAttempt(login: login, address: address, since: now.addingTimeInterval(-window), at: now)
        if failures.address >= configuration.maxFailuresPerAddress {
            return try await loginPage(request, error: "Zu viele Fehlversuche von dieser Adresse. Bitte in \(configuration.lockMinutes) Minuten erneut versuchen.",
                                       status: .tooManyRequests, login: login)
        }
        // Locked after too many failures, whether the account exists or not (no enumeration).
        let user = login.isEmpty ? nil : try await instance.user(login: login)
        if failures.login >= configuration.maxFailuresPerAccount || (user?.lockedUntil ?? .distantPast) > now {
            return try await loginPage(request, error: "Das Konto ist nach mehreren Fehlversuchen vorübergehend gesperrt. Bitte in \(configuration.lockMinutes) Minuten erneut versuchen.",
                                       status: .tooManyRequests, login: login)
        }
        let ok = passwords.verify(password, hash: user?.passwordHash ?? dummyHash) && user != nil
        guard ok, let user else {
            if let user, failures.login + 1 >= configuration.maxFailuresPerAccount {
                try await instance.lock(userID: user.id, until: now.addingTimeInterval(window))
                try await instance.log(user: user.login, town: "", action: "Konto gesperrt", detail: "\(failures.login + 1) Fehlversuche, zuletzt von \(address)")
            }
            return try await loginPage(request, error: "Benutzername oder Passwort ist falsch.", status: .unauthorized, login: login)
        }
        try await instance.succeedAttempt(login: login, address: address, at: now)
        // A fresh session on every login: a token set before the login (session fixation) never becomes valid.
        if let old = Cookies.value(Cookies.session, in: request) { try await instance.endSession(token: old) }
        let session = try await instance.createSession(userID: user.id, lifetime: TimeInterval(configuration.sessionHours * 3600))
        try await instance.log(user: user.login, town: "", action: "Anmeldung", detail: "von \(address)")
        let target = Self.safeTarget(form.value("weiter")) ?? defaultTarget(user)
        let secure = Cookies.isSecure(request, configuration)
        var headers = HTTPFields()
        headers[.location] = target
        headers.append(HTTPField(name: .setCookie, value: Cookies.make(Cookies.session, session.token, maxAge: configuration.sessionHours * 3600, secure: secure)))
        headers.append(HTTPField(name: .setCookie, value: Cookies.make(Cookies.prelogin, "", maxAge: 0, secure: secure)))
        return Response(status: .seeOther, headers: headers)
    }

    func defaultTarget(_ user: User) -> String {
        if let site = list.all.first(where: { user.role(in: $0.town.id) != nil }) { return site.base + "/intern/" }
        return "/konto"
    }

    func logout(_ request: Request) async throws -> Response {
        if let auth = RequestState.auth {
            try await instance.endSession(token: auth.token)
            try await instance.log(user: auth.user.login, town: "", action: "Abmeldung", detail: "")
        }
        return Response(status: .seeOther, headers: [.location: "/", .setCookie: Cookies.make(Cookies.session, "", maxAge: 0, secure: Cookies.isSecure(request, configuration))])
    }

    func account(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let auth = RequestState.auth else { return Response(status: .seeOther, headers: [.location: "/anmelden?weiter=/konto"]) }
        var memberships: [AdminPages.Membership] = []
        for site in list.all {
            guard let role = auth.user.role(in: site.town.id) else { continue }
            let name = try await site.store.municipality()?.name ?? site.town.name
            memberships.append(.init(townName: name.isEmpty ? site.town.slug : name, internalLink: site.base + "/intern/",
                                     role: auth.user.instanceAdmin ? "instance" : role.rawValue))
        }
        return PageController.html(AdminPages.account(name: auth.user.name, login: auth.user.login, memberships: memberships, message: message,
                                                      error: error, csrf: auth.csrf, lang: PageController.lang(request)), status: status)
    }

    func changePassword(_ request: Request) async throws -> Response {
        guard let auth = RequestState.auth else { throw Refusal(.unauthorized, "Bitte zuerst anmelden.") }
        let form = RequestState.form
        let old = form.value("old") ?? "", new = form.value("new") ?? "", again = form.value("repeat") ?? ""
        guard passwords.verify(old, hash: auth.user.passwordHash) else {
            return try await account(request, message: nil, error: "Das bisherige Passwort ist falsch.", status: .badRequest)
        }
        guard new == again else { return try await account(request, message: nil, error: "Die beiden neuen Passwörter stimmen nicht überein.", status: .badRequest) }
        if let problem = Passwords.problem(new, login: auth.user.login) { return try await account(request, message: nil, error: problem, status: .badRequest) }
        try await instance.setPassword(userID: auth.user.id, hash: passwords.hash(new))
        try await instance.log(user: auth.user.login, town: "", action: "Passwort geändert", detail: "")
        // setPassword ended every session (also on other devices); this browser gets a new one.
        let session = try await instance.createSession(userID: auth.user.id, lifetime: TimeInterval(configuration.sessionHours * 3600))
        return Response(status: .seeOther, headers: [.location: "/konto",
                                                     .setCookie: Cookies.make(Cookies.session, session.token, maxAge: configuration.sessionHours * 3600,
                                                                              secure: Cookies.isSecure(request, configuration))])
    }
}

/// The public list of towns with a comparison of their town-wide values.
struct LandingController: Sendable {
    let sites: SiteList

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("/gemeinden") { request, _ in try await landing(request) }
    }

    func landing(_ request: Request) async throws -> Response {
        let lang = PageController.lang(request)
        var towns: [AdminPages.TownEntry] = []
        var indicators: [(key: String, name: String)] = []
        for site in sites.all {
            let store = PublicAtlasStore(base: site.store)
            let queries = AtlasQueries(store: store, minimumDenominator: 50)
            var values: [String: (value: Double?, text: String)] = [:]
            for ind in try await store.indicators() {
                guard let r = try? await queries.indicator(key: ind.key, year: nil, levelKey: nil) else { continue }
                values[ind.key] = (r.town.value, ValueText.format(r.town, indicator: ind, lang: lang) + " (\(r.period.year))")
                if !indicators.contains(where: { $0.key == ind.key }) { indicators.append((ind.key, ind.name)) }
            }
            let name = try await site.store.municipality()?.name ?? site.town.name
            towns.append(.init(name: name.isEmpty ? site.town.slug : name, link: site.base + "/", values: values))
        }
        return PageController.html(AdminPages.landing(towns: towns, indicators: indicators, lang: lang))
    }
}
