import Foundation
import QuartierPROJ

/// A coordinate reference system by its EPSG code, as PROJ (Debian's libproj, with proj-data's
/// grids) knows it: any projected or geographic CRS in PROJ's database. Coordinates are converted
/// to and from ETRS89 longitude/latitude, which Quartier treats as identical to WGS84 (they differ
/// by well under a metre, far below what a small-area map shows); for DHDN/Gauß-Krüger PROJ picks
/// the most accurate transformation it has for the place, the BeTA2007 grid where proj-data
/// provides it, else a Helmert set, and `Transformation.lastOperation` names which one, with its
/// accuracy.
///
/// A value type around the EPSG code (a plain struct: an enum with several payload cases
/// miscompiled in Swift 6.3 debug builds inside typed-throwing functions).
public struct CoordinateSystem: Sendable, Hashable, CustomStringConvertible {
    public let epsg: Int

    private init(code: Int) { self.epsg = code }

    /// EPSG:4326 / OGC CRS84: longitude, latitude in degrees.
    public static let wgs84 = CoordinateSystem(code: 4326)
    /// EPSG:3857, spherical web mercator.
    public static let webMercator = CoordinateSystem(code: 3857)
    /// EPSG:25832 (zone 32) or EPSG:25833 (zone 33): ETRS89 / UTM.
    public static func utm(zone: Int) -> CoordinateSystem { CoordinateSystem(code: 25800 + zone) }
    /// EPSG:31466–31469: DHDN / 3-degree Gauß-Krüger zones 2–5 (Bessel ellipsoid).
    public static func gaussKrueger(zone: Int) -> CoordinateSystem { CoordinateSystem(code: 31464 + zone) }

    public var description: String { "EPSG:\(epsg)" }

    /// The system of this EPSG code, if PROJ knows it as a coordinate reference system.
    /// ETRS89 geographic (4258) is taken as WGS84; 900913 is the old name of web mercator.
    public init?(epsg: Int) {
        let code = epsg == 4258 ? 4326 : epsg == 900913 ? 3857 : epsg
        guard Self.registry.info(code) != nil else { return nil }
        self.init(code: code)
    }

    /// Parses "EPSG:25832", "urn:ogc:def:crs:EPSG::25832", "http://www.opengis.net/def/crs/EPSG/0/25832",
    /// "urn:ogc:def:crs:OGC:1.3:CRS84" and a bare "25832".
    public init?(identifier: String) {
        let s = identifier.trimmingWhitespace
        if s.hasSuffix("CRS84") { self = .wgs84; return }
        var digits = ""
        for ch in s.reversed() { if ch.isASCII && ch.isNumber { digits.insert(ch, at: digits.startIndex) } else { break } }
        guard let code = Int(digits) else { return nil }
        self.init(epsg: code)
    }

    /// The system a WKT text describes (a shapefile's .prj in ESRI's or OGC's dialect, a
    /// GeoPackage's definition), identified by PROJ against the EPSG database: its own EPSG code
    /// if it carries one, else the best match PROJ is at least 70 % sure of.
    public init?(wkt: String) {
        guard let code = Self.registry.identify(wkt: wkt) else { return nil }
        self.init(epsg: code)
    }

    /// PROJ's name of the system ("ETRS89 / UTM zone 32N").
    public var name: String { Self.registry.info(epsg)?.name ?? description }

    /// Whether coordinates are longitude and latitude (a geographic system).
    public var isGeographic: Bool { Self.registry.info(epsg)?.geographic ?? false }

    /// Converts a point in this system to WGS84 longitude/latitude.
    public func toWGS84(_ p: Point) -> Point { converterToWGS84()(p) }

    /// Converts WGS84/ETRS89 longitude/latitude to this system.
    public func fromWGS84(_ p: Point) -> Point { converterFromWGS84()(p) }

    /// The transformation of this system's coordinates to longitude/latitude (made once per
    /// system and kept; safe to use from several threads).
    public func transformationToWGS84() -> Transformation? {
        self == .wgs84 ? nil : Self.registry.transformation(from: epsg, to: 4258)
    }

    /// A converter for many points. Points PROJ cannot convert come back as NaN.
    public func converterToWGS84() -> @Sendable (Point) -> Point {
        guard let t = transformationToWGS84() else { return { $0 } }
        return { t($0) }
    }

    /// The converter from longitude/latitude to this system.
    public func converterFromWGS84() -> @Sendable (Point) -> Point {
        guard self != .wgs84, let t = Self.registry.transformation(from: 4258, to: epsg) else { return { $0 } }
        return { t($0) }
    }

    /// Whether areas read in this system and converted to WGS84 (`converted`) lie where the
    /// system is used: inside its area of use from the EPSG database, widened by two degrees.
    /// Longitudes and latitudes declared as UTM land near 0° N and fail here.
    public func isPlausible(converted bb: BoundingBox) -> Bool {
        guard bb.minX.isFinite, bb.maxX.isFinite, bb.minY.isFinite, bb.maxY.isFinite else { return false }
        guard let area = Self.registry.info(epsg)?.area else { return bb.minX >= -180 && bb.maxX <= 180 && bb.minY >= -90 && bb.maxY <= 90 }
        return bb.minX >= area.west - 2 && bb.maxX <= area.east + 2 && bb.minY >= area.south - 2 && bb.maxY <= area.north + 2
    }

    /// The refusal when `isPlausible` fails: what the file holds and which option settles it.
    public func implausibility(converted bb: BoundingBox) -> String {
        guard bb.minX.isFinite, bb.maxY.isFinite else {
            return "Koordinaten in \(self) (\(name)), die sich nicht umrechnen lassen: sie liegen außerhalb dessen, was dieses Koordinatensystem beschreibt; das Koordinatensystem der Datei mit --crs angeben"
        }
        if isGeographic, let likely = Self.likelySystems(bb) {
            return "Koordinaten in \(self) (Längen- und Breitengrade), aber die Werte (\(Int(bb.minX)) … \(Int(bb.maxX)), \(Int(bb.minY)) … \(Int(bb.maxY))) sind Meter: \(likely); mit --crs angeben"
        }
        let lon = (bb.minX + bb.maxX) / 2, lat = (bb.minY + bb.maxY) / 2
        func deg(_ v: Double) -> String { String(Double(Int((v * 10).rounded())) / 10).replacingOccurrences(of: ".", with: ",") }
        let use = Self.registry.info(epsg)?.areaName.map { " (Geltungsbereich: \($0))" } ?? ""
        return "Koordinaten in \(self): umgerechnet lägen die Gebiete bei \(deg(lon))° Länge, \(deg(lat))° Breite, außerhalb des Geltungsbereichs\(use); sind es Längen- und Breitengrade, dann --crs EPSG:4326, sonst das Koordinatensystem der Datei mit --crs angeben"
    }

    /// The systems German coordinates of this size are usually in, from their magnitude: UTM
    /// (6 digits of easting), UTM with the zone in front (8 digits, 32…/33…), Gauß-Krüger (7 digits,
    /// the zone first).
    static func likelySystems(_ bb: BoundingBox) -> String? {
        let x = (bb.minX + bb.maxX) / 2, y = (bb.minY + bb.maxY) / 2
        guard (5_200_000...6_200_000).contains(y) else { return nil }
        if (150_000...850_000).contains(x) { return "wohl ETRS89/UTM, --crs EPSG:25832 (Zone 32) oder EPSG:25833 (Zone 33)" }
        if (32_150_000...32_850_000).contains(x) { return "wohl ETRS89/UTM Zone 32 mit vorangestellter Zonennummer, --crs EPSG:4647" }
        if (33_150_000...33_850_000).contains(x) { return "wohl ETRS89/UTM Zone 33 mit vorangestellter Zonennummer, --crs EPSG:5650" }
        if (2_150_000...5_850_000).contains(x) {
            let zone = Int(x / 1_000_000)
            return "wohl Gauß-Krüger Zone \(zone), --crs EPSG:\(31464 + zone)"
        }
        return nil
    }

    public static let supportedList = "jede EPSG-Nummer, die PROJ kennt, z. B. EPSG:25832, EPSG:25833, EPSG:4647, EPSG:31467, EPSG:3035, EPSG:4326"

    static let registry = Registry()

    /// What PROJ says about each system, and the transformations made so far (PROJ objects are
    /// costly to create: one per pair of systems, kept for the process).
    final class Registry: @unchecked Sendable {
        struct Info {
            var name: String
            var geographic: Bool
            var area: (west: Double, south: Double, east: Double, north: Double)?
            var areaName: String?
        }
        private let lock = NSLock()
        private var infos: [Int: Info?] = [:]
        private var transformations: [Int64: Transformation] = [:]
        private let context: OpaquePointer?

        init() {
            context = proj_context_create()
            if let context { proj_log_level(context, PJ_LOG_NONE) }
        }

        func info(_ code: Int) -> Info? {
            lock.lock()
            defer { lock.unlock() }
            if let known = infos[code] { return known }
            var found: Info?
            if let context, let crs = proj_create(context, "EPSG:\(code)") {
                defer { proj_destroy(crs) }
                let type = proj_get_type(crs)
                let isCRS = [PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_PROJECTED_CRS, PJ_TYPE_COMPOUND_CRS, PJ_TYPE_GEODETIC_CRS].contains(type)
                if isCRS {
                    var w = 0.0, s = 0.0, e = 0.0, n = 0.0
                    var areaName: UnsafePointer<CChar>?
                    let hasArea = proj_get_area_of_use(context, crs, &w, &s, &e, &n, &areaName) != 0 && w > -1000
                    found = Info(name: proj_get_name(crs).map { String(cString: $0) } ?? "EPSG:\(code)",
                                 geographic: type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS,
                                 area: hasArea ? (w, s, e < w ? e + 360 : e, n) : nil,
                                 areaName: hasArea ? areaName.map { String(cString: $0) } : nil)
                }
            }
            infos[code] = .some(found)
            return found
        }

        func identify(wkt: String) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard let context else { return nil }
            // A definition PROJ cannot parse (cut short, or only a name): looked up by its name,
            // which ESRI's .prj files give ("ETRS_1989_UTM_Zone_32N").
            guard let obj = proj_create(context, wkt) ?? Self.byName(wkt, context) else { return nil }
            defer { proj_destroy(obj) }
            if let auth = proj_get_id_auth_name(obj, 0), String(cString: auth) == "EPSG", let id = proj_get_id_code(obj, 0) {
                return Int(String(cString: id))
            }
            var confidence: UnsafeMutablePointer<Int32>?
            guard let list = proj_identify(context, obj, "EPSG", nil, &confidence) else { return nil }
            defer {
                proj_list_destroy(list)
                proj_int_list_destroy(confidence)
            }
            guard proj_list_get_count(list) > 0, let confidence, confidence[0] >= 70, let best = proj_list_get(context, list, 0) else { return nil }
            defer { proj_destroy(best) }
            return proj_get_id_code(best, 0).flatMap { Int(String(cString: $0)) }
        }

        /// The system named first in a WKT text (`PROJCS["name",…` or `GEOGCS["name",…`), from
        /// PROJ's database (EPSG and ESRI names, approximate match).
        private static func byName(_ wkt: String, _ context: OpaquePointer) -> OpaquePointer? {
            guard let open = wkt.firstIndex(of: "\""), let close = wkt[wkt.index(after: open)...].firstIndex(of: "\"") else { return nil }
            let name = String(wkt[wkt.index(after: open)..<close])
            guard !name.isEmpty else { return nil }
            var types = [PJ_TYPE_PROJECTED_CRS, PJ_TYPE_GEOGRAPHIC_2D_CRS]
            guard let list = proj_create_from_name(context, nil, name, &types, types.count, 1, 1, nil) else { return nil }
            defer { proj_list_destroy(list) }
            return proj_list_get_count(list) > 0 ? proj_list_get(context, list, 0) : nil
        }

        func transformation(from: Int, to: Int) -> Transformation? {
            let key = Int64(from) << 32 | Int64(to)
            lock.lock()
            if let t = transformations[key] { lock.unlock(); return t }
            lock.unlock()
            guard let t = Transformation(from: "EPSG:\(from)", to: "EPSG:\(to)") else { return nil }
            lock.lock()
            defer { lock.unlock() }
            if let other = transformations[key] { return other }
            transformations[key] = t
            return t
        }
    }
}

/// A PROJ transformation between two systems, in longitude/latitude and easting/northing order
/// whatever the systems' own axis order (`proj_normalize_for_visualization`). One PROJ context of
/// its own; a lock makes it safe to share.
public final class Transformation: @unchecked Sendable {
    private let lock = NSLock()
    private let context: OpaquePointer
    private let pj: OpaquePointer

    init?(from: String, to: String) {
        guard let context = proj_context_create() else { return nil }
        proj_log_level(context, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(context, from, to, nil) else { proj_context_destroy(context); return nil }
        let normalized = proj_normalize_for_visualization(context, raw)
        proj_destroy(raw)
        guard let normalized else { proj_context_destroy(context); return nil }
        self.context = context
        self.pj = normalized
    }

    deinit {
        proj_destroy(pj)
        proj_context_destroy(context)
    }

    /// The point converted; NaN where PROJ has no result (outside the transformation's domain).
    public func callAsFunction(_ p: Point) -> Point {
        lock.lock()
        defer { lock.unlock() }
        let r = proj_trans(pj, PJ_FWD, proj_coord(p.x, p.y, 0, 0))
        let x = r.xy.x, y = r.xy.y
        guard x.isFinite, y.isFinite, abs(x) < 1e30, abs(y) < 1e30 else { return Point(.nan, .nan) }
        return Point(x, y)
    }

    /// The operation PROJ used for the last point converted: its name ("Inverse of 3-degree
    /// Gauss-Kruger zone 3 + DHDN to ETRS89 (8)") and accuracy in metres where the EPSG database
    /// gives one.
    public var lastOperation: (name: String, accuracy: Double?)? {
        lock.lock()
        defer { lock.unlock() }
        guard let op = proj_trans_get_last_used_operation(pj) else { return nil }
        defer { proj_destroy(op) }
        let name = proj_get_name(op).map { String(cString: $0) } ?? ""
        let accuracy = proj_coordoperation_get_accuracy(context, op)
        return (name, accuracy >= 0 ? accuracy : nil)
    }

    /// The last operation in words, for the import log: "DHDN to ETRS89 (8), Genauigkeit 0,9 m".
    public var lastOperationText: String? {
        guard let op = lastOperation else { return nil }
        // A projection alone is exact; a change of datum has the accuracy the EPSG database gives.
        let accuracy = op.accuracy.map { $0 == 0 ? " (nur Projektion, exakt)" : ", Genauigkeit " + String($0).replacingOccurrences(of: ".", with: ",") + " m" } ?? ""
        return op.name + accuracy
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
