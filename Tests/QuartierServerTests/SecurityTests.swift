import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartierCore
import QuartierAtlas
import QuartierServer
import QuartierStore
import Testing

/// The staff part and its protections, over real HTTP on loopback.
@Suite struct SecurityTests {
    /// A concrete path for a route pattern.
    static func concrete(_ pattern: String) -> String {
        pattern.split(separator: "/", omittingEmptySubsequences: false).map { seg -> String in
            switch seg {
            case ":key", "{key}": "kinderarmut"
            case ":code", ":item", "{code}", "{item}": "SR01"
            case ":id", "{id}": "1"
            case ":token", "{token}": String(repeating: "a", count: 64)
            case ":action", "{action}": "rolle"
            default: String(seg)
            }
        }.joined(separator: "/")
    }

    @Test func everyInternalRouteRejectsAnonymousAndOtherTownsUsers() async throws {
        let inst = try await Installation.make()
        let routes = inst.router().routes.map { (path: $0.path.description, method: $0.method) }
            .filter { $0.path.hasPrefix("/intern") || $0.path.hasPrefix("/nordstadt/intern") }
        // Pages of the internal atlas and the administration, for both towns.
        #expect(routes.count >= 70, "\(routes.map(\.path))")
        try await inst.app().test(.live) { client in
            let vera = try await HTTP.login(client, "vera")   // viewer of Nordstadt only
            let olga = try await HTTP.login(client, "olga")   // viewer of Weserbrück only
            for route in routes {
                let path = Self.concrete(route.path)
                let isB = path.hasPrefix("/nordstadt")
                let outsider = isB ? olga : vera
                if route.method == .get {
                    let anon = try await client.execute(uri: path, method: .get)
                    #expect(anon.status == .seeOther, "\(path) anonymous")
                    #expect(anon.headers[.location]?.hasPrefix("/anmelden?weiter=") == true, "\(path)")
                    #expect(!HTTP.body(anon).contains("SR01"))
                    let other = try await client.execute(uri: path, method: .get, headers: outsider.headers)
                    #expect(other.status == .forbidden, "\(path) other town: \(other.status)")
                    #expect(!HTTP.body(other).contains("Sozialraum"))
                } else {
                    let anon = try await HTTP.post(client, path, [("csrf", "x")])
                    #expect(anon.status == .forbidden, "\(path) anonymous POST")
                    let other = try await HTTP.post(client, path, [("csrf", outsider.csrf), ("aktion", "freigeben"), ("d", "ew_gesamt|2025-12-31")],
                                                    cookie: outsider.cookie)
                    #expect(other.status == .forbidden, "\(path) other town POST: \(other.status)")
                }
            }
        }
        // Nothing was changed by the refused requests.
        #expect(try await inst.a.batches().allSatisfy { $0.rolledBackAt == nil })
        #expect(try await inst.a.datasets().allSatisfy { $0.release != nil })
    }

    @Test func rolesLimitWhatMembersMayDo() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let olga = try await HTTP.login(client, "olga")
            #expect(try await client.execute(uri: "/intern/", method: .get, headers: olga.headers).status == .ok)
            #expect(try await client.execute(uri: "/intern/verwaltung", method: .get, headers: olga.headers).status == .ok)
            let r = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", olga.csrf), ("aktion", "zurueckziehen"), ("d", "ew_gesamt|2025-12-31")], cookie: olga.cookie)
            #expect(r.status == .forbidden)
            #expect(try await client.execute(uri: "/intern/verwaltung/benutzer", method: .get, headers: olga.headers).status == .forbidden)
            let emil = try await HTTP.login(client, "emil")
            #expect(try await client.execute(uri: "/intern/verwaltung/benutzer", method: .get, headers: emil.headers).status == .forbidden)
            #expect(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .get, headers: emil.headers).status == .ok)
            let root = try await HTTP.login(client, "root")
            #expect(try await client.execute(uri: "/nordstadt/intern/verwaltung/benutzer", method: .get, headers: root.headers).status == .ok)
        }
        #expect(try await inst.a.datasets().allSatisfy { $0.release != nil })
    }

    @Test func formsWithoutTheRightCSRFTokenChangeNothing() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let anna = try await HTTP.login(client, "anna")
            let fields = [("aktion", "zurueckziehen"), ("d", "ew_gesamt|2025-12-31")]
            let none = try await HTTP.post(client, "/intern/verwaltung/freigabe", fields, cookie: anna.cookie)
            #expect(none.status == .forbidden)
            #expect(HTTP.body(none).contains("CSRF"))
            let wrong = try await HTTP.post(client, "/intern/verwaltung/freigabe", fields + [("csrf", String(repeating: "0", count: 64))], cookie: anna.cookie)
            #expect(wrong.status == .forbidden)
            // Another session's token does not count either.
            let emil = try await HTTP.login(client, "emil")
            #expect(try await HTTP.post(client, "/intern/verwaltung/freigabe", fields + [("csrf", emil.csrf)], cookie: anna.cookie).status == .forbidden)
            // The login form needs the token of its own page.
            let login = try await HTTP.post(client, "/anmelden", [("login", "anna"), ("password", Installation.password)])
            #expect(login.status == .forbidden)
            #expect(HTTP.cookie("quartier_session", in: login) == nil)
            // With the token it works.
            let ok = try await HTTP.post(client, "/intern/verwaltung/freigabe", fields + [("csrf", anna.csrf)], cookie: anna.cookie)
            #expect(ok.status == .ok)
        }
        let released = try await inst.a.publication().datasets
        #expect(!released.contains(Dataset(variableKey: "ew_gesamt", period: Period(date: "2025-12-31"))))
        #expect(released.count == (try await inst.a.datasets().count) - 1)
    }

    @Test func loginIssuesAFreshSessionSoAPlantedTokenStaysUseless() async throws {
        let inst = try await Installation.make()
        let issued = try await inst.app().test(.live) { client in
            let planted = String(repeating: "ab", count: 32)
            let r = try await HTTP.attempt(client, "anna", Installation.password, presetCookie: planted)
            #expect(r.status == .seeOther)
            let issued = try #require(HTTP.cookie("quartier_session", in: r))
            #expect(issued != planted)
            let setCookie = r.headers[values: .setCookie].first { $0.hasPrefix("quartier_session=") } ?? ""
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("SameSite=Strict"))
            #expect(!setCookie.contains("Secure"))
            let withPlanted = try await client.execute(uri: "/intern/", method: .get, headers: [.cookie: "quartier_session=\(planted)"])
            #expect(withPlanted.status == .seeOther)
            #expect(try await client.execute(uri: "/intern/", method: .get, headers: [.cookie: "quartier_session=\(issued)"]).status == .ok)
            // Behind a TLS proxy the cookie is Secure.
            let page = try await client.execute(uri: "/anmelden", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(page.headers[values: .setCookie].first?.contains("; Secure") == true)
            // Logout ends the session on the server, not only in the browser.
            let konto = try await client.execute(uri: "/konto", method: .get, headers: [.cookie: "quartier_session=\(issued)"])
            let csrf = try #require(HTTP.csrf(in: HTTP.body(konto)))
            #expect(try await HTTP.post(client, "/abmelden", [("csrf", csrf)], cookie: "quartier_session=\(issued)").status == .seeOther)
            #expect(try await client.execute(uri: "/intern/", method: .get, headers: [.cookie: "quartier_session=\(issued)"]).status == .seeOther)
            return issued
        }
        // Only the hash of a session token is stored: the token itself is in no database file.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: (inst.instance as! SQLiteInstanceStore).path + suffix))) ?? Data()
            #expect(bytes.range(of: Data(issued.utf8)) == nil)
        }
    }

    @Test func bruteForceLocksTheAccountAndThenTheAddress() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            for _ in 0..<5 {
                #expect(try await HTTP.attempt(client, "anna", "falsch-falsch-1").status == .unauthorized)
            }
            // Locked: even the right password is refused now.
            let locked = try await HTTP.attempt(client, "anna", Installation.password)
            #expect(locked.status == .tooManyRequests)
            #expect(HTTP.body(locked).contains("gesperrt"))
            #expect(HTTP.cookie("quartier_session", in: locked) == nil)
            // Another account still works from here until the address limit (20 failures).
            _ = try await HTTP.login(client, "emil")
            for i in 0..<15 { _ = try await HTTP.attempt(client, "niemand\(i)", "falsch-falsch-1") }
            let refused = try await HTTP.attempt(client, "olga", Installation.password)
            #expect(refused.status == .tooManyRequests)
            #expect(HTTP.body(refused).contains("Adresse"))
        }
        let audit = try await inst.instance.audit(town: nil)
        #expect(audit.contains { $0.action == "Konto gesperrt" && $0.user == "anna" })
    }

    @Test func behindATrustedProxyTheThrottleCountsTheForwardedAddress() async throws {
        let inst = try await Installation.make { $0.trustedProxies = ["127.0.0.1"] }
        try await inst.app().test(.live) { client in
            for i in 0..<20 { _ = try await HTTP.attempt(client, "niemand\(i)", "falsch-falsch-1", forwardedFor: "10.0.0.1, 203.0.113.5") }
            let blocked = try await HTTP.attempt(client, "anna", Installation.password, forwardedFor: "203.0.113.5")
            #expect(blocked.status == .tooManyRequests)
            // Another client behind the same proxy can still log in.
            let other = try await HTTP.attempt(client, "anna", Installation.password, forwardedFor: "203.0.113.6")
            #expect(other.status == .seeOther)
        }
        // Without a trusted proxy the header is ignored (it could be forged).
        let direct = try await Installation.make()
        try await direct.app().test(.live) { client in
            for i in 0..<20 { _ = try await HTTP.attempt(client, "niemand\(i)", "falsch-falsch-1", forwardedFor: "203.0.113.\(i)") }
            #expect(try await HTTP.attempt(client, "anna", Installation.password, forwardedFor: "198.51.100.1").status == .tooManyRequests)
        }
    }

    @Test func injectionAttemptsInFiltersAndFormsAreHarmless() async throws {
        let inst = try await Installation.make()
        let before = try await inst.a.statistics()
        let payloads = ["' OR '1'='1", "1; DROP TABLE value; --", "\" OR 1=1 --", "x') UNION SELECT password_hash, 1, 1, 1, 1, 1 FROM user --", "%27%20OR%201%3D1"]
        let filters = ["/gebiete?ebene=", "/indikator/kinderarmut?jahr=", "/indikator/kinderarmut?ebene=", "/indikator/kinderarmut?methode=",
                       "/indikator/kinderarmut?klassen=", "/indikator/kinderarmut?farben=", "/indikator/kinderarmut?einr=", "/gebiet/", "/suche?q=",
                       "/vergleich?a=", "/vergleich?b=", "/streudiagramm?x=", "/streudiagramm?y=", "/sozialindex?s=", "/sozialindex?d=",
                       "/sozialindex?methode=", "/fruehwarnung?jahre=", "/indikator/kinderarmut/veraenderung?von=", "/indikator/kinderarmut/zeitreihe?gebiet=",
                       "/api/areas?ebene=", "/api/values?variable=", "/api/values?variable=ew_gesamt&jahr=", "/api/values?variable=ew_gesamt&gebiet=",
                       "/api/indicators/", "/api/indicators/kinderarmut?jahr=", "/ogc/collections/", "/ogc/collections/sozialraum/items?bbox=",
                       "/ogc/collections/sozialraum/items?limit=", "/ogc/collections/sozialraum/items/", "/bericht?jahr="]
        let allowed = CharacterSet.urlQueryAllowed.subtracting(.init(charactersIn: "&=+#"))
        try await inst.app().test(.live) { client in
            for f in filters {
                for p in payloads {
                    let uri = f + (p.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
                    let r = try await client.execute(uri: uri, method: .get)
                    #expect(r.status.code < 500, "\(uri): \(r.status)")
                    #expect(!HTTP.body(r).contains("$2b$"), "\(uri)")
                }
            }
            for p in payloads {
                let r = try await HTTP.attempt(client, "anna' --" + p, p)
                #expect(r.status == .unauthorized || r.status == .tooManyRequests)
            }
            let anna = try await HTTP.login(client, "anna")
            for p in payloads {
                for (path, fields) in [("/intern/verwaltung/freigabe", [("aktion", "freigeben"), ("d", p)]),
                                       ("/intern/verwaltung/freigabe", [("aktion", "loeschen"), ("d", "ew_gesamt|" + p)]),
                                       ("/intern/verwaltung/freigabe", [("aktion", "zurueckziehen"), ("i", p)]),
                                       ("/intern/verwaltung/benutzer", [("login", p), ("name", p), ("passwort", "Lang-genug-2026!"), ("rolle", "viewer")]),
                                       ("/intern/verwaltung/benutzer", [("login", "neu"), ("name", "Neu"), ("passwort", "Lang-genug-2026!"), ("rolle", p)]),
                                       ("/intern/verwaltung/importe/\(p.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)/zuruecknehmen", [])] {
                    let r = try await HTTP.post(client, path, fields + [("csrf", anna.csrf)], cookie: anna.cookie)
                    #expect(r.status.code < 500, "\(path) \(p): \(r.status)")
                }
            }
        }
        let after = try await inst.a.statistics()
        #expect(after.values == before.values)
        #expect(after.areas == before.areas)
        #expect(try await inst.instance.users(townID: nil).count == 5)
        #expect(try await inst.a.datasets().allSatisfy { $0.release != nil })
    }

    @Test func pathTraversalOnFileRoutesFindsNothing() async throws {
        let inst = try await Installation.make()
        let secret = inst.dir.appendingPathComponent("secret.txt")
        try "root:x:0:0 geheim".write(to: secret, atomically: true, encoding: .utf8)
        try await inst.app().test(.live) { client in
            for uri in ["/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
                        "/indikator/..%2f..%2f..%2fetc%2fpasswd/daten.csv", "/gebiet/..%2f..%2fsecret.txt/pyramide.csv",
                        "/ogc/collections/..%2f..%2fsecret.txt/items", "/api/indicators/..%2f..%2fetc%2fpasswd"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .notFound || r.status == .badRequest, "\(uri): \(r.status)")
                #expect(!HTTP.body(r).contains("root:x:0:0"), "\(uri)")
            }
            let emil = try await HTTP.login(client, "emil")
            for token in ["..%2f..%2fsecret", "..%2F..%2F..%2Fsecret.txt", String(repeating: "a", count: 63) + "/", "%2e%2e"] {
                let r = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
                #expect(r.status == .notFound, "\(token): \(r.status)")
            }
            // A file name with a path is stored under a random name in the upload folder.
            let csv = Array("gebiet;variable;jahr;wert\nSR01;ew_gesamt;2030;1\n".utf8)
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)),
                                               ("datei", "../../../evil.csv", csv)])
            let r = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            #expect(r.status == .ok, "\(HTTP.body(r))")
            #expect(!FileManager.default.fileExists(atPath: inst.dir.deletingLastPathComponent().appendingPathComponent("evil.csv").path))
            let stored = try FileManager.default.contentsOfDirectory(atPath: inst.configuration.uploadDirectory + "/weserbrueck")
            #expect(stored.allSatisfy { $0.count == 64 + 4 || $0.count == 64 + 5 })
        }
        #expect(try String(contentsOf: secret, encoding: .utf8) == "root:x:0:0 geheim")
    }

    @Test func uploadsOverTheLimitAreRefusedAndStoreNothing() async throws {
        let inst = try await Installation.make { $0.maxUploadBytes = 1_048_576 }
        let batches = try await inst.a.batches().count
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            var csv = Array("gebiet;variable;jahr;wert\n".utf8)
            while csv.count < 2_100_000 { csv += Array("SR01;ew_gesamt;2030;1\n".utf8) }
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "gross.csv", csv)])
            let r = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            #expect(r.status == .contentTooLarge)
            #expect(HTTP.body(r).contains("höchstens 1 MB"))
            #expect(HTTP.body(r).contains("nichts gespeichert"))
        }
        #expect(try await inst.a.batches().count == batches)
        let dir = inst.configuration.uploadDirectory + "/weserbrueck"
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir))?.isEmpty ?? true)
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        let inst = try await Installation.make()
        let gets = inst.router().routes.filter { $0.method == .get }.map { Self.concrete($0.path.description) }
        try await inst.app().test(.live) { client in
            for uri in gets + ["/gibt-es-nicht", "/indikator/gibt-es-nicht"] {
                let r = try await client.execute(uri: uri, method: .get)
                let csp = r.headers[.contentSecurityPolicy] ?? ""
                #expect(csp.contains("default-src 'self'"), "\(uri)")
                #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
                #expect(!csp.contains("unsafe-inline"), "\(uri)")
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
            let refused = try await HTTP.post(client, "/intern/verwaltung/freigabe", [])
            #expect(refused.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test func passwordPolicy() {
        #expect(Passwords.problem("kurz", login: "anna") != nil)
        #expect(Passwords.problem("nurbuchstabenhier", login: "anna") != nil)
        #expect(Passwords.problem("anna-2026-sommer", login: "anna") != nil)
        #expect(Passwords.problem("passwort1234", login: "x") != nil)
        #expect(Passwords.problem("aaaaaaaa1111", login: "x") != nil)
        #expect(Passwords.problem("Richtig-geheim-2026", login: "anna") == nil)
        let p = Passwords(cost: 4)
        let h = p.hash("Richtig-geheim-2026")
        #expect(h.hasPrefix("$2b$04$"))
        #expect(p.verify("Richtig-geheim-2026", hash: h))
        #expect(!p.verify("Richtig-geheim-2027", hash: h))
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(TokenDigest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(TokenDigest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TokenDigest.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
