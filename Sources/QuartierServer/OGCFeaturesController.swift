import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierGeo
import QuartierStore

/// OGC API – Features, Part 1 (Core, GeoJSON) for the atlas's public geodata: one collection per
/// area level and one for the facilities, items with `bbox`, `limit` and paging by `offset`.
/// Area features carry the latest indicator values as properties.
struct OGCFeaturesController: Sendable {
    let queries: AtlasQueries
    static let base = "/ogc"

    func register(on router: some RouterMethods<AtlasRequestContext>) {
        router.get("\(Self.base)") { request, _ in try await landing(request) }
        router.get("\(Self.base)/conformance") { _, _ in Self.json(Self.conformance) }
        router.get("\(Self.base)/collections") { request, _ in try await collections(request) }
        router.get("\(Self.base)/collections/:id") { request, context in try await collection(request, id: context.parameters.get("id") ?? "") }
        router.get("\(Self.base)/collections/:id/items") { request, context in try await items(request, id: context.parameters.get("id") ?? "") }
        router.get("\(Self.base)/collections/:id/items/:item") { request, context in
            try await item(request, id: context.parameters.get("id") ?? "", item: context.parameters.get("item") ?? "")
        }
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok, type: String = "application/json") -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        var j = JSONOutput()
        j.beginObject()
        j.field("code", String(status.code))
        j.field("description", message)
        j.endObject()
        return json(j.text, status: status)
    }

    /// The public URL prefix from the request's Host header.
    static func root(_ request: Request) -> String {
        let host = request.head.authority ?? "127.0.0.1"
        return "http://\(host)\(Site.current.base)\(base)"
    }

    static func link(_ j: inout JSONOutput, _ href: String, _ rel: String, _ type: String, _ title: String? = nil) {
        j.beginObject()
        j.field("href", href)
        j.field("rel", rel)
        j.field("type", type)
        if let title { j.field("title", title) }
        j.endObject()
    }

    static let conformance: String = {
        var j = JSONOutput()
        j.beginObject()
        j.beginArray("conformsTo")
        for c in ["http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"] { j.value(c) }
        j.endArray()
        j.endObject()
        return j.text
    }()

    func landing(_ request: Request) async throws -> Response {
        let root = Self.root(request)
        let town = try await queries.store.municipality()?.name ?? "Quartier"
        var j = JSONOutput()
        j.beginObject()
        j.field("title", "\(town) – Quartier OGC API Features")
        j.field("description", "Gebiete und Einrichtungen des Sozialatlas als GeoJSON (WGS84).")
        j.beginArray("links")
        Self.link(&j, root, "self", "application/json", "diese Seite")
        Self.link(&j, root + "/conformance", "conformance", "application/json", "Konformität")
        Self.link(&j, root + "/collections", "data", "application/json", "Sammlungen")
        j.endArray()
        j.endObject()
        return Self.json(j.text)
    }

    struct CollectionInfo { var id: String; var title: String; var bbox: BoundingBox; var description: String? = nil }

    func collectionInfos() async throws -> [CollectionInfo] {
        var out: [CollectionInfo] = []
        let areas = try await queries.store.areas(levelKey: nil)
        for level in try await queries.store.levels() {
            var bb = BoundingBox.empty
            var any = false
            for a in areas where a.levelKey == level.key {
                any = true
                if let g = a.multiPolygon { bb.include(g.boundingBox) }
            }
            // Where the boundaries came from, for a GIS colleague judging their accuracy.
            let lineage = level.sourceCRS.map { crs in
                "Grenzen aus einer Datei in \(crs)" + (level.transformation.map { ", nach ETRS89 umgerechnet mit \($0)" } ?? "")
            }
            if any { out.append(CollectionInfo(id: level.key, title: level.name, bbox: bb, description: lineage)) }
        }
        let facilities = try await queries.store.facilities()
        if !facilities.isEmpty {
            var bb = BoundingBox.empty
            for f in facilities { bb.include(Point(f.longitude, f.latitude)) }
            out.append(CollectionInfo(id: "einrichtungen", title: "Einrichtungen", bbox: bb))
        }
        return out
    }

    func write(_ c: CollectionInfo, root: String, into j: inout JSONOutput) {
        j.field("id", c.id)
        j.field("title", c.title)
        if let d = c.description { j.field("description", d) }
        j.field("itemType", "feature")
        j.beginObject("extent")
        j.beginObject("spatial")
        j.beginArray("bbox")
        if !c.bbox.isEmpty {
            j.rawValue("[\(JSONOutput.number(c.bbox.minX, decimals: 6)),\(JSONOutput.number(c.bbox.minY, decimals: 6)),\(JSONOutput.number(c.bbox.maxX, decimals: 6)),\(JSONOutput.number(c.bbox.maxY, decimals: 6))]")
        }
        j.endArray()
        j.field("crs", "http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        j.endObject()
        j.endObject()
        j.beginArray("crs")
        j.value("http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        j.endArray()
        j.beginArray("links")
        Self.link(&j, root + "/collections/\(c.id)", "self", "application/json", c.title)
        Self.link(&j, root + "/collections/\(c.id)/items", "items", "application/geo+json", c.title)
        j.endArray()
    }

    func collections(_ request: Request) async throws -> Response {
        let root = Self.root(request)
        var j = JSONOutput()
        j.beginObject()
        j.beginArray("links")
        Self.link(&j, root + "/collections", "self", "application/json")
        j.endArray()
        j.beginArray("collections")
        for c in try await collectionInfos() {
            j.beginObject()
            write(c, root: root, into: &j)
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return Self.json(j.text)
    }

    func collection(_ request: Request, id: String) async throws -> Response {
        guard let c = try await collectionInfos().first(where: { $0.id == id }) else {
            return Self.problem(.notFound, "Die Sammlung „\(id)“ gibt es nicht.")
        }
        var j = JSONOutput()
        j.beginObject()
        write(c, root: Self.root(request), into: &j)
        j.endObject()
        return Self.json(j.text)
    }

    /// One feature per area (with the latest value of every indicator) or facility.
    func features(id: String) async throws -> [(id: String, bbox: BoundingBox, json: String)]? {
        if id == "einrichtungen" {
            return try await queries.store.facilities().map { f in
                var bb = BoundingBox.empty
                bb.include(Point(f.longitude, f.latitude))
                return (f.key, bb, GeoJSONWriter.facility(f))
            }
        }
        let levels = try await queries.store.levels()
        guard levels.contains(where: { $0.key == id }) else { return nil }
        let areas = try await queries.store.areas(levelKey: id)
        // Each indicator in its latest complete period, named beside it (`<key>_stand`).
        var values: [String: [(String, Double?)]] = [:]
        var dates: [String: String] = [:]
        for ind in try await queries.store.indicators() {
            guard let r = try? await queries.indicator(key: ind.key, year: nil, levelKey: id) else { continue }
            dates[ind.key] = r.period.date
            for row in r.rows {
                let shown = row.outcome.status == .ok || row.outcome.status == .estimated
                values[row.area.code, default: []].append((ind.key, shown ? row.outcome.value : nil))
            }
        }
        return areas.map { a in
            var j = JSONOutput()
            j.beginObject()
            j.field("type", "Feature")
            j.field("id", a.code)
            j.beginObject("properties")
            j.field("code", a.code)
            j.field("name", a.name)
            j.field("parent", a.parentCode)
            for (k, v) in values[a.code] ?? [] {
                j.field(k, v, decimals: 4)
                j.field(k + "_stand", dates[k])
            }
            j.endObject()
            let g = a.multiPolygon
            j.rawField("geometry", g.map(GeoJSONWriter.geometry) ?? "null")
            j.endObject()
            return (a.code, g?.boundingBox ?? .empty, j.text)
        }
    }

    func items(_ request: Request, id: String) async throws -> Response {
        let q = request.uri.queryParameters
        var limit = 10
        if let l = q.get("limit") {
            guard let n = Int(l), (1...10_000).contains(n) else { return Self.problem(.badRequest, "limit muss zwischen 1 und 10000 liegen, nicht „\(l)“.") }
            limit = n
        }
        var offset = 0
        if let o = q.get("offset") {
            guard let n = Int(o), n >= 0 else { return Self.problem(.badRequest, "offset muss eine ganze Zahl ≥ 0 sein, nicht „\(o)“.") }
            offset = n
        }
        var box: BoundingBox?
        if let b = q.get("bbox") {
            let parts = b.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 4 || parts.count == 6 else { return Self.problem(.badRequest, "bbox braucht vier Zahlen: minLon,minLat,maxLon,maxLat.") }
            let (x0, y0, x1, y1) = parts.count == 4 ? (parts[0], parts[1], parts[2], parts[3]) : (parts[0], parts[1], parts[3], parts[4])
            box = BoundingBox(minX: x0, minY: y0, maxX: x1, maxY: y1)
        }
        guard var all = try await features(id: id) else { return Self.problem(.notFound, "Die Sammlung „\(id)“ gibt es nicht.") }
        if let box {
            all = all.filter { !$0.bbox.isEmpty && $0.bbox.maxX >= box.minX && $0.bbox.minX <= box.maxX && $0.bbox.maxY >= box.minY && $0.bbox.minY <= box.maxY }
        }
        let page = all.dropFirst(offset).prefix(limit)
        let root = Self.root(request)
        var query = "limit=\(limit)"
        if let b = q.get("bbox") { query += "&bbox=\(b)" }
        var j = JSONOutput()
        j.beginObject()
        j.field("type", "FeatureCollection")
        j.field("numberMatched", all.count)
        j.field("numberReturned", page.count)
        j.beginArray("links")
        Self.link(&j, root + "/collections/\(id)/items?\(query)&offset=\(offset)", "self", "application/geo+json")
        if offset + limit < all.count {
            Self.link(&j, root + "/collections/\(id)/items?\(query)&offset=\(offset + limit)", "next", "application/geo+json")
        }
        j.endArray()
        j.beginArray("features")
        for f in page { j.rawValue(f.json) }
        j.endArray()
        j.endObject()
        return Self.json(j.text, type: "application/geo+json")
    }

    func item(_ request: Request, id: String, item: String) async throws -> Response {
        guard let all = try await features(id: id) else { return Self.problem(.notFound, "Die Sammlung „\(id)“ gibt es nicht.") }
        guard let f = all.first(where: { $0.id == item }) else { return Self.problem(.notFound, "Das Objekt „\(item)“ gibt es nicht.") }
        return Self.json(f.json, type: "application/geo+json")
    }
}
