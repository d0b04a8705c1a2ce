/// A facility on the map: a Kita, a school, a youth centre, a playground.
public struct Facility: Sendable, Hashable, Codable {
    public enum Category: String, Sendable, Codable, CaseIterable {
        case kita, schule, jugend, spielplatz

        public var germanName: String {
            switch self {
            case .kita: "Kindertagesstätte"
            case .schule: "Schule"
            case .jugend: "Jugendzentrum"
            case .spielplatz: "Spielplatz"
            }
        }

        public var germanPlural: String {
            switch self {
            case .kita: "Kitas"
            case .schule: "Schulen"
            case .jugend: "Jugendzentren"
            case .spielplatz: "Spielplätze"
            }
        }

        public var englishName: String {
            switch self {
            case .kita: "Day-care centre"
            case .schule: "School"
            case .jugend: "Youth centre"
            case .spielplatz: "Playground"
            }
        }

        public var englishPlural: String {
            switch self {
            case .kita: "Day-care centres"
            case .schule: "Schools"
            case .jugend: "Youth centres"
            case .spielplatz: "Playgrounds"
            }
        }
    }

    /// Stable key, e.g. "kita-sr06-1".
    public var key: String
    public var category: Category
    public var name: String
    /// Places (Kita), pupils (school) or nil.
    public var capacity: Int?
    /// WGS84 longitude and latitude.
    public var longitude: Double
    public var latitude: Double
    /// The area the facility lies in (finest level), if known.
    public var areaCode: String?
    /// Who released it for the public atlas; nil while internal. A changed facility is internal
    /// until released again, like data.
    public var release: ReleaseMark?

    public init(key: String, category: Category, name: String, capacity: Int? = nil, longitude: Double, latitude: Double, areaCode: String? = nil,
                release: ReleaseMark? = nil) {
        self.key = key
        self.category = category
        self.name = name
        self.capacity = capacity
        self.longitude = longitude
        self.latitude = latitude
        self.areaCode = areaCode
        self.release = release
    }

    /// The same facility apart from its release mark.
    public func sameContent(as other: Facility) -> Bool {
        var a = self, b = other
        a.release = nil; b.release = nil
        return a == b
    }
}
