import Foundation

/// Checks an area layer the way a GIS colleague would, and says what is wrong in plain words:
/// duplicate codes, rings with the wrong orientation, invalid geometries (GEOS: rings that cross
/// themselves or each other, holes outside their shell), overlaps between
/// areas (which pairs, how large), gaps enclosed by areas, and areas outside their parent.
///
/// Gaps and overlaps are found on a raster of about `resolution` × `resolution` cells over the
/// layer (so slivers narrower than a cell can escape; the cell size is reported).
public struct LayerValidator: Sendable {
    public struct Shape: Sendable {
        public var code: String
        public var name: String
        public var parentCode: String?
        /// WGS84 longitude/latitude.
        public var geometry: MultiPolygon
        public init(code: String, name: String, parentCode: String? = nil, geometry: MultiPolygon) {
            self.code = code
            self.name = name
            self.parentCode = parentCode
            self.geometry = geometry
        }
    }

    public struct Finding: Sendable, Hashable {
        public enum Kind: String, Sendable { case duplicateCode, orientation, invalidGeometry, overlap, gap, outsideParent }
        public var kind: Kind
        public var codes: [String]
        /// Square metres, for overlaps, gaps and parts outside the parent.
        public var squareMetres: Double?
        public var message: String
    }

    public var resolution: Int

    public init(resolution: Int = 1200) { self.resolution = resolution }

    public func validate(_ shapes: [Shape], parents: [Shape] = []) -> (findings: [Finding], cellMetres: Double) {
        var out: [Finding] = []
        var seen: [String: String] = [:]
        for s in shapes {
            if let other = seen[s.code] {
                out.append(Finding(kind: .duplicateCode, codes: [s.code], squareMetres: nil,
                                   message: "Der Code \(s.code) kommt mehrfach vor („\(other)“ und „\(s.name)“)."))
            }
            seen[s.code] = s.name
        }
        var turned: [String] = []
        for s in shapes {
            for p in s.geometry.polygons {
                for (ri, r) in p.rings.enumerated() {
                    let area = MultiPolygon.ringArea(r)
                    if ((ri == 0 && area < 0) || (ri > 0 && area > 0)) && turned.last != s.code { turned.append(s.code) }
                }
            }
            if let problem = GeometryValidity.problem(wkb: WKB.encode(s.geometry)) {
                out.append(Finding(kind: .invalidGeometry, codes: [s.code], squareMetres: nil, message: "\(s.name) (\(s.code)): \(problem.description)."))
            }
        }
        if !turned.isEmpty {
            out.append(Finding(kind: .orientation, codes: turned, squareMetres: nil,
                               message: "\(turned.count) Gebiete haben Ringe in Gegenrichtung zu RFC 7946 (Außenring im Uhrzeigersinn, wie in Shapefiles üblich): \(turned.prefix(10).joined(separator: ", "))\(turned.count > 10 ? " …" : ""). Quartier dreht sie beim Speichern; kein Fehler."))
        }
        // Raster over all shapes.
        var bb = BoundingBox.empty
        for s in shapes { bb.include(s.geometry.boundingBox) }
        guard !bb.isEmpty, !shapes.isEmpty else { return (out, 0) }
        let lat0 = (bb.minY + bb.maxY) / 2
        let mx = 111_320 * cos(lat0 * .pi / 180), my = 110_574.0
        let widthM = (bb.maxX - bb.minX) * mx, heightM = (bb.maxY - bb.minY) * my
        let cell = max(widthM, heightM) / Double(resolution)
        let nx = max(1, Int((widthM / cell).rounded(.up)) + 2), ny = max(1, Int((heightM / cell).rounded(.up)) + 2)
        let x0 = bb.minX - cell / mx, y0 = bb.minY - cell / my
        let dx = cell / mx, dy = cell / my
        var owner = [Int32](repeating: -1, count: nx * ny)     // -1 none, ≥0 area index, -2 several
        var pairCells: [Int: Int] = [:]                        // i * n + j → overlapping cells
        for (index, s) in shapes.enumerated() {
            Self.fill(s.geometry, nx: nx, ny: ny, x0: x0, y0: y0, dx: dx, dy: dy) { c in
                let o = owner[c]
                if o == -1 { owner[c] = Int32(index) } else if o >= 0, Int(o) != index {
                    let (a, b) = (min(Int(o), index), max(Int(o), index))
                    pairCells[a * shapes.count + b, default: 0] += 1
                    owner[c] = -2
                } else if o == -2 { pairCells[-1, default: 0] += 1 }
            }
        }
        let cellArea = cell * cell
        for (key, n) in pairCells.sorted(by: { $0.key < $1.key }) where key >= 0 {
            let a = shapes[key / shapes.count], b = shapes[key % shapes.count]
            let m2 = Double(n) * cellArea
            out.append(Finding(kind: .overlap, codes: [a.code, b.code], squareMetres: m2,
                               message: "\(a.name) (\(a.code)) und \(b.name) (\(b.code)) überlappen sich auf etwa \(Self.area(m2))."))
        }
        // Gaps: empty cells that cannot be reached from the raster's border.
        var outside = [Bool](repeating: false, count: nx * ny)
        var stack: [Int] = []
        for x in 0..<nx { stack.append(x); stack.append((ny - 1) * nx + x) }
        for y in 0..<ny { stack.append(y * nx); stack.append(y * nx + nx - 1) }
        while let c = stack.popLast() {
            guard !outside[c], owner[c] == -1 else { continue }
            outside[c] = true
            let x = c % nx, y = c / nx
            if x > 0 { stack.append(c - 1) }
            if x < nx - 1 { stack.append(c + 1) }
            if y > 0 { stack.append(c - nx) }
            if y < ny - 1 { stack.append(c + nx) }
        }
        var seenGap = [Bool](repeating: false, count: nx * ny)
        for start in 0..<(nx * ny) where owner[start] == -1 && !outside[start] && !seenGap[start] {
            // One connected gap: its size and the areas around it.
            var cells = 0
            var around = Set<Int>()
            stack = [start]
            seenGap[start] = true
            while let c = stack.popLast() {
                cells += 1
                let x = c % nx, y = c / nx
                for n in [x > 0 ? c - 1 : -1, x < nx - 1 ? c + 1 : -1, y > 0 ? c - nx : -1, y < ny - 1 ? c + nx : -1] where n >= 0 {
                    if owner[n] == -1 { if !seenGap[n] && !outside[n] { seenGap[n] = true; stack.append(n) } } else if owner[n] >= 0 { around.insert(Int(owner[n])) }
                }
            }
            let m2 = Double(cells) * cellArea
            let names = around.sorted().map { "\(shapes[$0].name) (\(shapes[$0].code))" }
            out.append(Finding(kind: .gap, codes: around.sorted().map { shapes[$0].code }, squareMetres: m2,
                               message: names.count == 1
                                   ? "Loch von etwa \(Self.area(m2)) in \(names[0]), das kein anderes Gebiet füllt."
                                   : "Lücke von etwa \(Self.area(m2)) zwischen \(names.joined(separator: ", "))."))
        }
        // Nesting: each area's cells should lie in its parent.
        let parentByCode = Dictionary(parents.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for (index, s) in shapes.enumerated() {
            guard let pc = s.parentCode else { continue }
            guard let parent = parentByCode[pc] else {
                if !parents.isEmpty {
                    out.append(Finding(kind: .outsideParent, codes: [s.code], squareMetres: nil,
                                       message: "\(s.name) (\(s.code)): Das übergeordnete Gebiet \(pc) gibt es nicht."))
                }
                continue
            }
            var total = 0, inside = 0
            Self.fill(s.geometry, nx: nx, ny: ny, x0: x0, y0: y0, dx: dx, dy: dy) { c in
                total += 1
                let px = x0 + (Double(c % nx) + 0.5) * dx, py = y0 + (Double(c / nx) + 0.5) * dy
                if parent.geometry.contains(Point(px, py)) { inside += 1 }
            }
            _ = index
            let outsideShare = total > 0 ? Double(total - inside) / Double(total) : 0
            if outsideShare > 0.01 {
                let m2 = Double(total - inside) * cellArea
                out.append(Finding(kind: .outsideParent, codes: [s.code, pc], squareMetres: m2,
                                   message: "\(s.name) (\(s.code)) liegt zu \(Int((outsideShare * 100).rounded())) % (etwa \(Self.area(m2))) außerhalb von \(parent.name) (\(pc))."))
            }
        }
        return (out, cell)
    }

    static func area(_ m2: Double) -> String {
        if m2 >= 10_000 { return String(format: "%.1f ha", m2 / 10_000).replacingOccurrences(of: ".", with: ",") }
        return "\(Int(m2.rounded())) m²"
    }

    /// Calls `body` for every raster cell whose centre lies inside `mp` (even–odd rule, scanlines).
    static func fill(_ mp: MultiPolygon, nx: Int, ny: Int, x0: Double, y0: Double, dx: Double, dy: Double, _ body: (Int) -> Void) {
        for poly in mp.polygons {
            let bb = MultiPolygon([poly]).boundingBox
            let yStart = max(0, Int(((bb.minY - y0) / dy - 0.5).rounded(.down))), yEnd = min(ny - 1, Int(((bb.maxY - y0) / dy - 0.5).rounded(.up)))
            guard yStart <= yEnd else { continue }
            for y in yStart...yEnd {
                let cy = y0 + (Double(y) + 0.5) * dy
                var xs: [Double] = []
                for r in poly.rings where r.count > 2 {
                    var j = r.count - 1
                    for i in 0..<r.count {
                        let a = r[i], b = r[j]
                        if (a.y > cy) != (b.y > cy) { xs.append(a.x + (cy - a.y) / (b.y - a.y) * (b.x - a.x)) }
                        j = i
                    }
                }
                xs.sort()
                var k = 0
                while k + 1 < xs.count {
                    let from = max(0, Int(((xs[k] - x0) / dx - 0.5).rounded(.up))), to = min(nx - 1, Int(((xs[k + 1] - x0) / dx - 0.5).rounded(.down)))
                    if from <= to { for x in from...to { body(y * nx + x) } }
                    k += 2
                }
            }
        }
    }
}
