import Foundation
import ZIPFoundation

/// Shapefiles as towns send them: zipped. Finds the one .shp in the archive (in any folder) and
/// reads it with its sibling files.
public enum ShapefileArchive {
    /// Limits against zip bombs: entries in the archive, bytes of all extracted files together,
    /// and how much larger than its compressed size an entry may become. Checked while inflating.
    public static let maxEntries = 10_000
    public static let maxExtractedBytes = 256 * 1_048_576
    public static let maxRatio = 500

    struct TooLarge: Error {}

    /// The files of the shapefile in `zip` by extension, and the .shp's name inside the archive.
    /// Messages name the archive `name` (the uploaded file's name), else its path.
    public static func files(zip path: String, name: String? = nil) throws(ImportFailure) -> (name: String, files: [String: [UInt8]]) {
        let shown = name ?? path
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw ImportFailure(ImportIssue(file: shown, expected: "ein lesbares ZIP-Archiv"))
        }
        return try files(archive, shown: shown)
    }

    private static func files(_ archive: Archive, shown: String) throws(ImportFailure) -> (name: String, files: [String: [UInt8]]) {
        var entries: [Entry] = []
        var count = 0
        for e in archive {
            count += 1
            guard count <= maxEntries else {
                throw ImportFailure(ImportIssue(file: shown, found: "mehr als \(maxEntries) Einträge", expected: "ein ZIP-Archiv mit einer Shapefile (höchstens \(maxEntries) Einträge)"))
            }
            if e.type == .file && !e.path.hasPrefix("__MACOSX/") { entries.append(e) }
        }
        let shps = entries.filter { $0.path.lowercased().hasSuffix(".shp") }
        guard shps.count == 1, let shp = shps.first else {
            throw ImportFailure(ImportIssue(file: shown, found: shps.isEmpty ? "keine .shp" : shps.map(\.path).joined(separator: ", "),
                                            expected: "genau eine .shp-Datei im Archiv"))
        }
        let base = String(shp.path.dropLast(4)).lowercased()
        var files: [String: [UInt8]] = [:]
        var extracted = 0
        for e in entries {
            let lower = e.path.lowercased()
            guard lower.hasPrefix(base + "."), lower.count == base.count + 4 else { continue }
            let ext = String(lower.suffix(3))
            guard ["shp", "shx", "dbf", "prj", "cpg"].contains(ext) else { continue }
            let allowed = min(maxExtractedBytes - extracted, max(1_048_576, Int(clamping: e.compressedSize) &* maxRatio))
            let tooLarge = ImportFailure(ImportIssue(file: shown, found: e.path,
                expected: "höchstens \(maxExtractedBytes / 1_048_576) MB entpackt und nicht mehr als das \(maxRatio)-Fache der gepackten Größe (ein ZIP-Archiv, das beim Entpacken so wächst, wird nicht gelesen)"))
            guard e.uncompressedSize <= UInt64(max(0, allowed)) else { throw tooLarge }
            var data = Data()
            do {
                _ = try archive.extract(e, skipCRC32: false) { chunk in
                    // The declared size may lie: the bytes are counted as they come.
                    guard data.count + chunk.count <= allowed else { throw TooLarge() }
                    data.append(chunk)
                }
            } catch is TooLarge {
                throw tooLarge
            } catch {
                throw ImportFailure(ImportIssue(file: shown, found: e.path, expected: "ein unbeschädigter Eintrag im ZIP-Archiv"))
            }
            extracted += data.count
            files[ext] = [UInt8](data)
        }
        return ("\(shown)/\(shp.path)", files)
    }
}
