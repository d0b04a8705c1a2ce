import Foundation
import QuartierCore
import QuartierStore
import Testing

/// `quartier user`, `town` and `release`, run as the built binary.
@Suite(.serialized) struct AccountCommandTests {
    @Test func firstAdministratorTownsAndRelease() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)

        let weak = try Support.run(["user", "add", "--db", db, "--login", "admin", "--name", "Anna Admin", "--instance-admin"],
                                   environment: ["QUARTIER_PASSWORD": "kurz"])
        #expect(weak.status != 0)
        #expect(weak.stderr.contains("mindestens 12 Zeichen"))
        let add = try Support.run(["user", "add", "--db", db, "--login", "admin", "--name", "Anna Admin", "--instance-admin", "--cost", "4"],
                                  environment: ["QUARTIER_PASSWORD": "Richtig-geheim-2026"])
        #expect(add.status == 0, "\(add.stderr)")
        let again = try Support.run(["user", "add", "--db", db, "--login", "ADMIN", "--name", "X", "--instance-admin", "--cost", "4"],
                                    environment: ["QUARTIER_PASSWORD": "Richtig-geheim-2026"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("gibt es schon"))

        let town = try Support.run(["town", "add", "--db", db, "--slug", "nordstadt", "--name", "Nordstadt", "--ags", "03256998"])
        #expect(town.status == 0, "\(town.stderr)")
        #expect(try Support.run(["town", "add", "--db", db, "--slug", "api", "--name", "X"]).status != 0)
        #expect(try Support.run(["town", "add", "--db", db, "--slug", "Nord Stadt", "--name", "X"]).status != 0)
        let list = try Support.run(["town", "list", "--db", db])
        #expect(list.stdout.contains("nordstadt\tNordstadt"))
        let editor = try Support.run(["user", "add", "--db", db, "--login", "k.meier", "--name", "Karla Meier", "--town", "nordstadt", "--role", "editor", "--cost", "4"],
                                     environment: ["QUARTIER_PASSWORD": "Noch-geheimer-2026"])
        #expect(editor.status == 0, "\(editor.stderr)")
        let users = try Support.run(["user", "list", "--db", db])
        #expect(users.stdout.contains("k.meier\tKarla Meier\tnordstadt: editor"))

        // The instance database holds a bcrypt hash, never the password.
        let instanceBytes = try Data(contentsOf: dir.appendingPathComponent("instance.sqlite"))
            + ((try? Data(contentsOf: dir.appendingPathComponent("instance.sqlite-wal"))) ?? Data())
        #expect(instanceBytes.range(of: Data("Richtig-geheim-2026".utf8)) == nil)

        // Withdraw and release again from the command line.
        let store = try SQLiteAtlasStore(path: db)
        let total = try await store.datasets().count
        #expect(try Support.run(["release", "--db", db, "--variable", "ew_gesamt", "--withdraw", "--by", "Test"]).status == 0)
        #expect(try await store.publication().datasets.count == total - 11)
        #expect(try Support.run(["release", "--db", db, "--all", "--by", "Test"]).status == 0)
        #expect(try await store.publication().datasets.count == total)
        let none = try Support.run(["release", "--db", db, "--variable", "gibt_es_nicht", "--by", "Test"])
        #expect(none.status != 0)
        #expect(none.stderr.contains("gibt_es_nicht"))
    }

    @Test func exportsHoldReleasedDataUnlessAskedForInternalData() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        #expect(try Support.run(["release", "--db", db, "--indicator", "kinderarmut", "--withdraw", "--by", "Test"]).status == 0)
        let publicCSV = dir.appendingPathComponent("public.csv").path, internalCSV = dir.appendingPathComponent("internal.csv").path
        #expect(try Support.run(["export", publicCSV, "--db", db]).status == 0)
        #expect(try Support.run(["export", internalCSV, "--db", db, "--internal"]).status == 0)
        let pub = try String(contentsOfFile: publicCSV, encoding: .utf8), all = try String(contentsOfFile: internalCSV, encoding: .utf8)
        #expect(!pub.contains(";kinderarmut;"))
        #expect(all.contains(";kinderarmut;"))
        #expect(pub.contains("sgb2_quote"))
    }

    @Test func aDatedImportOfChangedBoundariesKeepsTheOldOnes() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("atlas.sqlite").path
        let first = Support.examples.appendingPathComponent("gebiete.geojson").path
        let args = ["import", "areas", "--db", db, "--level", "Sozialraum", "--code-property", "SR_ID", "--name-property", "SR_Name"]
        #expect(try Support.run(args + [first, "--valid-from", "2015-01-01"]).status == 0)
        // The same layer with Altstadt's eastern edge moved 200 m.
        let changed = try String(contentsOfFile: first, encoding: .utf8)
            .replacingOccurrences(of: "[[[512000,5834000],[513000,5834000],[513000,5835000],[512000,5835000],[512000,5834000]]]",
                                  with: "[[[512000,5834000],[512800,5834000],[512800,5835000],[512000,5835000],[512000,5834000]]]")
        let second = try Support.write(changed, to: "gebiete-2022.geojson", in: dir)
        let r = try Support.run(args + [second.path, "--valid-from", "2022-01-01"])
        #expect(r.status == 0, "\(r.stderr)")
        let store = try SQLiteAtlasStore(path: db)
        let versions = try await store.areaVersions(levelKey: nil)
        #expect(versions.map(\.code) == ["001"])
        #expect(versions.first?.validFrom == "2015-01-01")
        #expect(versions.first?.validTo == "2022-01-01")
        #expect(try await store.area(code: "001")?.validFrom == "2022-01-01")
        // Unchanged areas keep a single version.
        #expect(try await store.area(code: "002")?.validFrom == "2022-01-01")
    }
}
