import ArgumentParser
import Foundation
import QuartierCore
import QuartierGeo

/// The process environment over the configuration file named by `QUARTIER_CONFIG` (or
/// `serve --config`): a variable set in the environment wins over the same key in the file.
enum ProcessEnvironment {
    static var current: [String: String] {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["QUARTIER_CONFIG"], !path.isEmpty else { return env }
        do {
            return try ConfigFile.environment(path: path).merging(env) { _, real in real }
        } catch let e as ConfigFile.Failure {
            printError(e.description)
            exit(78)
        } catch {
            printError("Konfiguration \(path): \(error)")
            exit(78)
        }
    }
}

/// The configuration file: `key = value` lines, `#` comments, blank lines. Each key stands for
/// the environment variable `QUARTIER_<KEY>` (`database = postgres://…` is `QUARTIER_DATABASE`).
enum ConfigFile {
    static let keys: Set<String> = ["database", "instance", "data_dir", "host", "port", "upload_limit_mb", "secure_cookies",
                                    "publish_after_days", "trusted_proxy", "min_denominator", "log_format", "upload_dir", "pg_pool"]

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func environment(path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "Konfiguration \(path): Datei nicht lesbar") }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    static func parse(_ text: String, file: String) throws -> [String: String] {
        var out: [String: String] = [:]
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw Failure(description: "Konfiguration \(file), Zeile \(n + 1): erwartet „schlüssel = wert“, gefunden „\(line)“")
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
            var value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard keys.contains(key) else {
                throw Failure(description: "Konfiguration \(file), Zeile \(n + 1): unbekannter Schlüssel „\(key)“; erlaubt: \(keys.sorted().joined(separator: ", "))")
            }
            out["QUARTIER_" + key.uppercased()] = value
        }
        return out
    }
}

/// The data directory: `QUARTIER_DATA_DIR`, else `$XDG_DATA_HOME/quartier`, else `~/.local/share/quartier`.
public enum DataDirectory {
    public static func resolve(environment: [String: String]) -> String {
        if let d = environment["QUARTIER_DATA_DIR"], !d.isEmpty { return d }
        if let x = environment["XDG_DATA_HOME"], !x.isEmpty { return x + "/quartier" }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.local/share/quartier"
    }
}

/// Writes a line to standard error.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// The `--crs` option: nil when not given; an unsupported system ends the command with a message.
/// `--closure right|left` of the class commands.
func parseClosure(_ text: String) throws -> Classification.Closure {
    guard let c = Classification.Closure(rawValue: text) else {
        printError("--closure: erwartet right oder left, nicht „\(text)“")
        throw ExitCode.failure
    }
    return c
}

func parseCRS(_ text: String?) throws -> CoordinateSystem? {
    guard let text else { return nil }
    guard let s = CoordinateSystem(identifier: text) else {
        printError("--crs: „\(text)“ wird nicht unterstützt; erwartet \(CoordinateSystem.supportedList)")
        throw ExitCode.failure
    }
    return s
}
