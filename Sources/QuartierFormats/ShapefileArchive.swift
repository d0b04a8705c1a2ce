import QuartierZlib
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
        // ZIPFoundation reads an entry's data until it has its packed size, and does not stop at
        // the end of the file: an entry whose data would run past the end makes it loop for ever
        // (found by fuzzing, a 3.9 KB zip). Such an archive is refused before anything is extracted.
        guard let bytes = FileManager.default.contents(atPath: path).map([UInt8].init) else {
            throw ImportFailure(ImportIssue(file: shown, expected: "ein lesbares ZIP-Archiv"))
        }
        switch check(bytes) {
        case .sound: break
        case .damaged: throw ImportFailure(ImportIssue(file: shown, expected: "ein unbeschädigtes ZIP-Archiv (die Daten eines Eintrags reichen über ihr Ende oder das Dateiende hinaus)"))
        case .tooLarge(let entry): throw ImportFailure(ImportIssue(file: shown, found: entry, expected: tooLargeText))
        }
        return try files(archive, shown: shown)
    }

    static let tooLargeText = "höchstens \(maxExtractedBytes / 1_048_576) MB entpackt und nicht mehr als das \(maxRatio)-Fache der gepackten Größe (ein ZIP-Archiv, das beim Entpacken so wächst, wird nicht gelesen)"

    enum Soundness: Equatable { case sound, damaged, tooLarge(String) }

    /// Whether the raw deflate stream in `b[from..<from+count]` ends inside those bytes and
    /// inflates to at most `maxExtractedBytes` (and at most `maxRatio` times `count`, at least 1 MB).
    static func deflateEnds(_ b: [UInt8], from: Int, count: Int, budget: inout Int) -> Soundness {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return .damaged }
        defer { inflateEnd(&stream) }
        let cap = min(budget, max(1_048_576, count &* maxRatio))
        var out = [UInt8](repeating: 0, count: 65_536)
        var produced = 0
        defer { budget -= produced }
        return b.withUnsafeBufferPointer { input -> Soundness in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + from)
            stream.avail_in = UInt32(count)
            while true {
                let result = out.withUnsafeMutableBufferPointer { o -> Int32 in
                    stream.next_out = o.baseAddress
                    stream.avail_out = UInt32(o.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                produced += out.count - Int(stream.avail_out)
                if produced > cap { return .tooLarge("") }
                if result == Z_STREAM_END { return .sound }
                if result != Z_OK { return .damaged }
                // No output room used and no input left: the stream stops short of its end.
                if stream.avail_in == 0 && stream.avail_out != 0 { return .damaged }
            }
        }
    }

    /// Whether every entry of the central directory has its local header and packed data inside
    /// the archive (the fields that ZIPFoundation's reading loop trusts). Reads at most the
    /// directory's entries, each a fixed 46 bytes plus its lengths.
    static func check(_ b: [UInt8]) -> Soundness {
        let directory: ZipDirectory
        do { directory = try ZipDirectory(b) } catch {
            if case .tooLarge(let what) = error { return .tooLarge(what) }
            return .damaged
        }
        // All entries together may inflate to `maxExtractedBytes`, as extraction may.
        var budget = maxExtractedBytes
        for e in directory.entries where e.method == 8 {
            // ZIPFoundation inflates until the deflate stream says it ended, reading past the entry
            // (and, at the end of the file, for ever): the stream must end inside the entry's
            // packed bytes, within the extraction limits.
            switch deflateEnds(b, from: e.dataStart, count: e.packed, budget: &budget) {
            case .sound: break
            case .damaged: return .damaged
            case .tooLarge: return .tooLarge(e.name)
            }
        }
        return .sound
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
            let tooLarge = ImportFailure(ImportIssue(file: shown, found: e.path, expected: tooLargeText))
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
