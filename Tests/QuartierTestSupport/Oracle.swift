import Foundation
import Testing

/// Third-party material and outside tools that some tests compare against (oracles). They are
/// not part of the repository: `../shared/` beside the checkout holds real published data and
/// peer pipelines, and the test venv holds the reference Python tools. A test that needs one is
/// enabled only when it is there; otherwise Swift Testing reports it as skipped with the reason.
public enum Oracle {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the checkout, or `QUARTIER_SHARED`.
    public static let shared: URL = {
        if let s = ProcessInfo.processInfo.environment["QUARTIER_SHARED"], !s.isEmpty { return URL(fileURLWithPath: s) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    /// A file or folder under `../shared`.
    public static func sharedFile(_ relative: String) -> URL { shared.appendingPathComponent(relative) }

    /// The Python of the test venv (`QUARTIER_TEST_PYTHON`, else `.venv-test/bin/python`).
    public static var python: String {
        ProcessInfo.processInfo.environment["QUARTIER_TEST_PYTHON"] ?? packageRoot.appendingPathComponent(".venv-test/bin/python").path
    }

    /// Whether the test venv's Python imports all these modules .
    public static func hasPython(_ modules: String...) -> Bool {
        guard FileManager.default.isExecutableFile(atPath: python) else { return false }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = ["-c", "import " + modules.joined(separator: ", ")]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// A trait that runs the test only when the material under `../shared` and the venv's
    /// Python modules it names are there; otherwise the test is skipped, and the reason says
    /// which one is missing.
    public static func needs(shared files: [String] = [], python modules: [String] = [], _ what: String) -> ConditionTrait {
        let missingFile = files.first { !FileManager.default.fileExists(atPath: sharedFile($0).path) }
        let missingModules = modules.isEmpty || missingFile != nil ? [] : modules.filter { !hasPython($0) }
        let reason: String
        if let missingFile {
            reason = "oracle skipped (\(what)): \(sharedFile(missingFile).path) is not there (third-party material, kept outside the repository in ../shared)"
        } else {
            reason = "oracle skipped (\(what)): the test venv's Python (\(python)) lacks \(missingModules.joined(separator: ", ")); scripts/test installs it from PyPI"
        }
        return .enabled(if: missingFile == nil && missingModules.isEmpty, Comment(rawValue: reason))
    }
}

/// Runs a command-line tool of the machine (poppler's, LibreOffice's) and returns its standard output.
public enum Tool {
    public static func output(_ path: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
