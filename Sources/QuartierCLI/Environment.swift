import ArgumentParser
import Foundation
import QuartierGeo

enum ProcessEnvironment {
    static var current: [String: String] { ProcessInfo.processInfo.environment }
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
func parseCRS(_ text: String?) throws -> CoordinateSystem? {
    guard let text else { return nil }
    guard let s = CoordinateSystem(identifier: text) else {
        printError("--crs: „\(text)“ wird nicht unterstützt; erwartet \(CoordinateSystem.supportedList)")
        throw ExitCode.failure
    }
    return s
}
