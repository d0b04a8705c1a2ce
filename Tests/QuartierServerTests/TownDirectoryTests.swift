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
                                                cookie: root.cookie)
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
            }
        }
    }
}
