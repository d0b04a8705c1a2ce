import Foundation
import ZIPFoundation

/// Shapefiles as towns send them: zipped. Finds the one .shp in the archive (in any folder) and
/// reads it with its sibling files.
public enum ShapefileArchive {
    /// The files of the shapefile in `zip` by extension, and the .shp's name inside the archive.
    public static func files(zip path: String) throws(ImportFailure) -> (name: String, files: [String: [UInt8]]) {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw ImportFailure(ImportIssue(file: path, expected: "ein lesbares ZIP-Archiv"))
        }
        let entries = archive.filter { $0.type == .file && !$0.path.hasPrefix("__MACOSX/") }
        let shps = entries.filter { $0.path.lowercased().hasSuffix(".shp") }
        guard shps.count == 1, let shp = shps.first else {
            throw ImportFailure(ImportIssue(file: path, found: shps.isEmpty ? "keine .shp" : shps.map(\.path).joined(separator: ", "),
                                            expected: "genau eine .shp-Datei im Archiv"))
        }
        let base = String(shp.path.dropLast(4)).lowercased()
        var files: [String: [UInt8]] = [:]
        for e in entries {
            let lower = e.path.lowercased()
            guard lower.hasPrefix(base + "."), lower.count == base.count + 4 else { continue }
            let ext = String(lower.suffix(3))
            guard ["shp", "shx", "dbf", "prj", "cpg"].contains(ext) else { continue }
            var data = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch {
                throw ImportFailure(ImportIssue(file: path, found: e.path, expected: "ein unbeschädigter Eintrag im ZIP-Archiv"))
            }
            files[ext] = [UInt8](data)
        }
        return ("\(path)/\(shp.path)", files)
    }
}
