import Foundation
import ZIPFoundation

/// An Office Open XML package (DOCX, PPTX): named parts in a zip, written with ZIPFoundation.
struct OfficePackage {
    private(set) var parts: [(path: String, data: Data)] = []

    mutating func add(_ path: String, _ text: String) { parts.append((path, Data(text.utf8))) }
    mutating func add(_ path: String, _ data: Data) { parts.append((path, data)) }

    func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            // Images are compressed already.
            let method: CompressionMethod = path.hasSuffix(".png") ? .none : .deflate
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                                 compressionMethod: method) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// Text for XML content and attributes; control characters XML 1.0 forbids are dropped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default: if u.value >= 0x20 { out.unicodeScalars.append(u) }
            }
        }
        return out
    }

    /// docProps/core.xml: title, subject, language, creator, date.
    static func coreProperties(title: String, subject: String, language: String = "de-DE") -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let now = f.string(from: Date())
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" \
            xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(escape(title))</dc:title><dc:subject>\(escape(subject))</dc:subject><dc:creator>Quartier</dc:creator>\
            <dc:language>\(language)</dc:language>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(now)</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">\(now)</dcterms:modified>\
            </cp:coreProperties>
            """
    }

    static func appProperties(application: String = "Quartier") -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>\(application)</Application></Properties>
        """
    }

    static let relationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let officeRelationship = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// _rels/.rels pointing at the main part and the document properties.
    static func rootRelationships(main: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="\(relationshipsNamespace)">\
        <Relationship Id="rId1" Type="\(officeRelationship)/officeDocument" Target="\(main)"/>\
        <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
        <Relationship Id="rId3" Type="\(officeRelationship)/extended-properties" Target="docProps/app.xml"/>\
        </Relationships>
        """
    }

    /// Each SVG as PNG `width` pixels wide, rendered on both cores.
    static func images(_ svgs: [String], width: Int) throws -> [Data] {
        final class Results: @unchecked Sendable {
            var items: [Result<Data, Error>]
            let lock = NSLock()
            init(_ n: Int) { items = Array(repeating: .success(Data()), count: n) }
        }
        let results = Results(svgs.count)
        DispatchQueue.concurrentPerform(iterations: svgs.count) { i in
            let r = Result { try Raster.png(svgs[i], width: width) }
            results.lock.lock()
            results.items[i] = r
            results.lock.unlock()
        }
        return try results.items.map { try $0.get() }
    }
}
