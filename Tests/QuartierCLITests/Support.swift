import Foundation
import QuartierCore
import QuartierStore

/// Paths and helpers shared by the CLI tests.
enum Support {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let examples = packageRoot.appendingPathComponent("examples")
    static var binary: URL { packageRoot.appendingPathComponent(".build/debug/quartier") }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, to name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    static func write(_ bytes: [UInt8], to name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Everything the store holds, for "unchanged" checks.
    struct Fingerprint: Equatable {
        var statistics: StoreStatistics
        var levels: [AreaLevel]
        var areas: [Area]
        var variables: [Variable]
        var values: [DataValue]
        var indicators: [Indicator]
    }

    static func fingerprint(_ store: some AtlasStore) async throws -> Fingerprint {
        let variables = try await store.variables()
        return Fingerprint(statistics: try await store.statistics(), levels: try await store.levels(), areas: try await store.areas(levelKey: nil),
                           variables: variables, values: try await store.values(variableKeys: variables.map(\.key), periods: nil, areaCodes: nil),
                           indicators: try await store.indicators())
    }

    struct RunResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the built `quartier` binary and waits for it.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }
}
