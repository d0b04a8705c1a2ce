import Foundation
import QuartierCore
import QuartierStore
import Testing

/// An import killed with SIGKILL in the middle of writing leaves the database as it was.
@Suite struct KillTests {
    @Test func sigkillDuringImportLeavesDatabaseUnchanged() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("k.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let before = try await Support.fingerprint(try SQLiteAtlasStore(path: db))

        // 600,000 new values for the demo areas: long enough to be caught while writing.
        var text = "Gebiet;Variable;Jahr;Wert\n"
        text.reserveCapacity(20_000_000)
        let areas = (1...16).map { $0 < 10 ? "SR0\($0)" : "SR\($0)" }
        for v in 0..<375 {
            for year in 1926...2025 {
                for a in areas { text += "\(a);zusatz_\(v);\(year);\(v + year)\n" }
            }
        }
        let file = try Support.write(text, to: "gross.csv", in: dir)

        let p = Process()
        p.executableURL = Support.binary
        p.arguments = ["import", "table", file.path, "--db", db, "--create-variables", "--progress"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        // Wait for the first progress line, written inside the transaction, then kill.
        var seen = ""
        let handle = err.fileHandleForReading
        while !seen.contains("geschrieben:") {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        #expect(seen.contains("geschrieben:"), "the import reported progress before being killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(p.terminationStatus == SIGKILL)

        let store = try SQLiteAtlasStore(path: db)
        #expect(try await store.integrityCheck() == "ok")
        #expect(try await Support.fingerprint(store) == before)
    }
}
