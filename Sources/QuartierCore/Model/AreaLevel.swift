/// A level of the area hierarchy, e.g. "Sozialraum" nested in "Stadtteil" nested in "Gesamtstadt".
///
/// `rank` orders levels from the coarsest (0, the whole town) to the finest.
public struct AreaLevel: Sendable, Hashable, Codable {
    public var id: Int64?
    /// Stable key used in URLs and files, e.g. `sozialraum`.
    public var key: String
    /// Name shown to users, e.g. "Sozialraum".
    public var name: String
    /// Key of the next coarser level, if any.
    public var parentKey: String?
    public var rank: Int
    /// Where the level's boundaries came from, as its last import recorded it: the file's
    /// coordinate system ("EPSG:31467 DHDN / 3-degree Gauss-Kruger zone 3") and the
    /// transformation PROJ used to bring them to ETRS89, with its accuracy.
    public var sourceCRS: String?
    public var transformation: String?

    public init(id: Int64? = nil, key: String, name: String, parentKey: String? = nil, rank: Int,
                sourceCRS: String? = nil, transformation: String? = nil) {
        self.id = id
        self.key = key
        self.name = name
        self.parentKey = parentKey
        self.rank = rank
        self.sourceCRS = sourceCRS
        self.transformation = transformation
    }

    /// Builds a URL-safe key from a level name ("Sozialraum" → "sozialraum", "Bezirk Süd" → "bezirk-sued").
    public static func key(forName name: String) -> String {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            switch scalar {
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ß": out += "ss"
            case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
            default: if !out.hasSuffix("-") && !out.isEmpty { out += "-" }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }
}
