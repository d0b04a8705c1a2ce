import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartierAtlas
import QuartierCore
import QuartierServer
import QuartierStore
import Testing

/// Towns without restart (issue 19, point 8): a town added while two servers of one installation
/// run (one by `quartier town add`'s registration, one in the web UI) is served by both.
@Suite struct TownDirectoryTests {
    @Test func aTownAddedWhileTwoServersRunIsServedByBothWithinTenSeconds() async throws {
        let inst = try await Installation.make()
        var configuration = inst.configuration
        configuration.townRefreshSeconds = 0.5
        let towns = inst.dir.appendingPathComponent("towns").path
        configuration.townsLocation = towns
        // Two servers, each with its own connection to the shared instance database.
        let second = try SQLiteInstanceStore(path: inst.dir.appendingPathComponent("instance.sqlite").path)
        let fixed = configuration
        let one = buildApplication(sites: inst.sites, instance: inst.instance, configuration: fixed)
        let two = buildApplication(sites: inst.sites, instance: second, configuration: fixed)
        try await one.test(.router) { c1 in
            try await two.test(.router) { c2 in
                #expect(try await c1.execute(uri: "/neustadt/", method: .get).status == .notFound)
                // As `quartier town add` does it.
                _ = try await second.registerTown(slug: "neustadt", name: "Neustadt am Rübenberge", ags: "03241019", atlas: nil,
                                                  townsLocation: towns, by: "Kommandozeile")
                // Paths the server answers itself cannot become towns.
                for taken in ["instanz", "impressum", "neustadt", "Gross"] {
                    await #expect(throws: StoreError.self) {
                        try await second.registerTown(slug: taken, name: "X", ags: "", atlas: nil, townsLocation: towns, by: "Test")
                    }
                }
                // In the web UI, by an administrator of the installation; a viewer may not.
                let olga = try await HTTP.login(c1, "olga")
                #expect(try await HTTP.post(c1, "/instanz", [("csrf", olga.csrf), ("name", "Wunstorf"), ("kurzname", "wunstorf")], cookie: olga.cookie).status == .forbidden)
                let root = try await HTTP.login(c1, "root")
                let bad = try await HTTP.post(c1, "/instanz", [("csrf", root.csrf), ("name", "Wunstorf"), ("kurzname", "gebiet")], cookie: root.cookie)
                #expect(bad.status == .unprocessableContent && HTTP.body(bad).contains("reserviert"))
                let added = try await HTTP.post(c1, "/instanz", [("csrf", root.csrf), ("name", "Wunstorf"), ("kurzname", "wunstorf"), ("ags", "03241031")],
                                                cookie: root.cookie, follow: false)
                #expect(added.status == .seeOther)
                let shown = try await c1.execute(uri: try #require(added.headers[.location]), method: .get, headers: root.headers)
                #expect(HTTP.body(shown).contains("Gemeinde „Wunstorf“ angelegt") && HTTP.body(shown).contains("/neustadt/"))

                let start = Date()
                var served: Set<String> = []
                while served.count < 4, Date().timeIntervalSince(start) < 10 {
                    for (name, client) in [("eins", c1), ("zwei", c2)] as [(String, any TestClientProtocol)] {
                        for (slug, town) in [("neustadt", "Neustadt am Rübenberge"), ("wunstorf", "Wunstorf")] where !served.contains(name + slug) {
                            let r = try await client.execute(uri: "/\(slug)/", method: .get, headers: [:], body: nil)
                            if r.status == .ok, HTTP.body(r).contains(town) { served.insert(name + slug) }
                        }
                    }
                    try await Task.sleep(for: .milliseconds(200))
                }
                #expect(served.count == 4, "served: \(served.sorted()) after \(Date().timeIntervalSince(start)) s")
                // The new town's internal atlas and API work like any other's.
                #expect(try await c2.execute(uri: "/neustadt/api/indicators", method: .get, headers: [:], body: nil).status == .ok)
                #expect(try await c2.execute(uri: "/neustadt/intern/", method: .get, headers: [:], body: nil).status != .ok)
                #expect(try await c2.execute(uri: "/weserbrueck-gibt-es-nicht/", method: .get, headers: [:], body: nil).status == .notFound)
                // The town list knows the new towns too.
                let list = HTTP.body(try await c2.execute(uri: "/gemeinden", method: .get, headers: [:], body: nil))
                #expect(list.contains("Neustadt am Rübenberge") || list.contains("neustadt"), "\(list)")
                #expect(list.contains("href=\"/wunstorf/\""))
            }
        }
    }

    /// Instance administrators are named and revoked on `/instanz` (issue 19, point 8): never
    /// one's own rights, never the last one; the named person's sessions end.
    @Test func instanceAdministratorsAreManagedOnTheInstancePage() async throws {
        let inst = try await Installation.make()
        try await buildApplication(sites: inst.sites, instance: inst.instance, configuration: inst.configuration).test(.router) { client in
            let root = try await HTTP.login(client, "root")
            let page = HTTP.body(try await client.execute(uri: "/instanz", method: .get, headers: root.headers))
            #expect(page.contains("Weitere Person ernennen") && page.contains("<option value=\"olga\""))
            // The installation's pages say who is logged in, not "Anmelden".
            #expect(page.contains("Angemeldet: Root") && page.contains("Abmelden") && !page.contains("Anmelden (Verwaltung)"))
            let olga = try await HTTP.login(client, "olga")
            #expect(try await client.execute(uri: "/instanz", method: .get, headers: olga.headers).status == .forbidden)
            // Not one's own.
            let own = try await HTTP.post(client, "/instanz/administration", [("csrf", root.csrf), ("login", "root"), ("aktion", "entziehen")], cookie: root.cookie)
            #expect(own.status == .unprocessableContent)
            let granted = try await HTTP.post(client, "/instanz/administration", [("csrf", root.csrf), ("login", "olga"), ("aktion", "ernennen")],
                                              cookie: root.cookie, follow: false)
            #expect(granted.status == .seeOther)
            let shown = HTTP.body(try await client.execute(uri: try #require(granted.headers[.location]), method: .get, headers: root.headers))
            #expect(shown.contains("„olga“ verwaltet jetzt die Installation"))
            #expect(try await inst.instance.user(login: "olga")?.instanceAdmin == true)
            // Olga's old session ended; logged in again she may manage the installation.
            #expect(try await client.execute(uri: "/instanz", method: .get, headers: olga.headers).status != .ok)
            let olga2 = try await HTTP.login(client, "olga")
            #expect(try await client.execute(uri: "/instanz", method: .get, headers: olga2.headers).status == .ok)
            // She revokes root; now she is the last one and cannot be revoked by the store either.
            let revoked = try await HTTP.post(client, "/instanz/administration", [("csrf", olga2.csrf), ("login", "root"), ("aktion", "entziehen")], cookie: olga2.cookie)
            #expect(revoked.status == .ok && HTTP.body(revoked).contains("„root“ verwaltet die Installation nicht mehr"))
            let olgaID = try #require(try await inst.instance.user(login: "olga")).id
            await #expect(throws: StoreError.self) { try await inst.instance.setInstanceAdmin(false, userID: olgaID) }
            let log = try await inst.instance.audit(town: nil)
            #expect(log.contains { $0.action == "Administration der Installation entzogen" && $0.detail == "root" })
            // Unknown people and actions are refused with a message.
            #expect(try await HTTP.post(client, "/instanz/administration", [("csrf", olga2.csrf), ("login", "niemand"), ("aktion", "ernennen")],
                                        cookie: olga2.cookie).status == .unprocessableContent)
            #expect(try await HTTP.post(client, "/instanz/administration", [("csrf", olga2.csrf), ("login", "root"), ("aktion", "loeschen")],
                                        cookie: olga2.cookie).status == .badRequest)
        }
    }
}
