import Foundation
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierStore

/// Display geometry per area level, decoded and simplified once (topology kept) and reused until
/// an import changes the store. The tolerance is about half a pixel of an 800-pixel-wide map.
public actor GeometryCache {
    private let store: any AtlasStore
    private var entries: [String: (version: Int, shapes: [String: MultiPolygon])] = [:]

    /// The latest boundary change of each level, per data version.
    private var changes: [String: (version: Int, last: String?)] = [:]

    public init(store: any AtlasStore) { self.store = store }

    private func lastChange(levelKey: String, version: Int) async throws -> String? {
        if let c = changes[levelKey], c.version == version { return c.last }
        let last = try await store.boundaryChanges(levelKey: levelKey).values.compactMap(\.last).max()
        changes[levelKey] = (version, last)
        return last
    }

    /// Most points drawn on one map (about 12 bytes each in the SVG).
    public static let pointBudget = 15_000

    /// The simplified shapes of a level, as the boundaries were on `date` (dated layers) or now.
    public func shapes(levelKey: String, at date: String? = nil) async throws -> [String: MultiPolygon] {
        let version = try await store.dataVersion()
        var key = levelKey
        // Only a date before a boundary change of this level needs its own (earlier) shapes.
        if let date, try await lastChange(levelKey: levelKey, version: version).map({ $0 > date }) == true {
            key += "@" + date
        }
        if let e = entries[key], e.version == version { return e.shapes }
        var codes: [String] = []
        var shapes: [MultiPolygon] = []
        let areas = key == levelKey ? try await store.areas(levelKey: levelKey) : try await store.areas(levelKey: levelKey, at: date!)
        for area in areas {
            guard let g = area.multiPolygon else { continue }
            codes.append(area.code)
            shapes.append(g)
        }
        var bbox = BoundingBox.empty
        for s in shapes { bbox.include(s.boundingBox) }
        var result: [String: MultiPolygon] = [:]
        if !bbox.isEmpty {
            let xScale = cos((bbox.minY + bbox.maxY) / 2 * .pi / 180)
            let width = max((bbox.maxX - bbox.minX) * xScale, bbox.maxY - bbox.minY)
            // Half a pixel of an 800-pixel map, coarser if needed to stay within the page's point budget.
            let simplified = TopologySimplifier.simplify(shapes, tolerance: width / 800 * 0.6, xScale: xScale, budget: Self.pointBudget).shapes
            for (c, s) in zip(codes, simplified) { result[c] = s }
        }
        entries[key] = (version, result)
        return result
    }
}
