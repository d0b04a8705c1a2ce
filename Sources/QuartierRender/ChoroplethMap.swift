import Foundation
import QuartierGeo

/// One area on a map: its outline (WGS84) and what to show for it.
public struct MapFeature: Sendable {
    public var code: String
    public var name: String
    public var geometry: MultiPolygon
    /// Fill colour, or nil for "no value" (drawn hatched).
    public var fill: String?
    /// Why there is no value, for the hatch pattern: "suppressed" or "missing".
    public var noData: String?
    /// Text for the tooltip and screen readers, e.g. "Altstadt: 23,4 %".
    public var title: String
    public var href: String?
    public var highlighted: Bool
    /// Drawn with a light hatch over its colour: the value rests on small numbers.
    public var lowReliability: Bool = false

    public init(code: String, name: String, geometry: MultiPolygon, fill: String?, noData: String? = nil,
                title: String, href: String? = nil, highlighted: Bool = false) {
        self.code = code
        self.name = name
        self.geometry = geometry
        self.fill = fill
        self.noData = noData
        self.title = title
        self.href = href
        self.highlighted = highlighted
    }
}

/// A point symbol drawn over the areas (a facility).
public struct MapPoint: Sendable {
    public enum Shape: Sendable { case circle, square, triangle, diamond }
    public var longitude: Double
    public var latitude: Double
    public var shape: Shape
    public var color: String
    public var title: String

    public init(longitude: Double, latitude: Double, shape: Shape, color: String, title: String) {
        self.longitude = longitude
        self.latitude = latitude
        self.shape = shape
        self.color = color
        self.title = title
    }

    /// The symbol as SVG markup centred at (x, y).
    public static func symbol(_ shape: Shape, x: Double, y: Double, color: String, size: Double = 5) -> String {
        func f(_ v: Double) -> String { String((v * 10).rounded() / 10) }
        switch shape {
        case .circle: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(size))\" fill=\"\(color)\""
        case .square: return "<rect x=\"\(f(x - size))\" y=\"\(f(y - size))\" width=\"\(f(2 * size))\" height=\"\(f(2 * size))\" fill=\"\(color)\""
        case .triangle: return "<path d=\"m\(f(x)) \(f(y - size * 1.2))l\(f(size * 1.1)) \(f(size * 2))h-\(f(size * 2.2))z\" fill=\"\(color)\""
        case .diamond: return "<path d=\"m\(f(x)) \(f(y - size * 1.3))l\(f(size * 1.1)) \(f(size * 1.3))l-\(f(size * 1.1)) \(f(size * 1.3))l-\(f(size * 1.1)) -\(f(size * 1.3))z\" fill=\"\(color)\""
        }
    }
}

/// A server-rendered SVG choropleth map. Coordinates are projected with a local equirectangular
/// projection around the map's centre (distortion is negligible at town scale).
public struct ChoroplethMap: Sendable {
    public var features: [MapFeature]
    public var title: String
    public var width: Double
    public var showLabels: Bool
    /// Symbols drawn over the areas (facilities).
    public var points: [MapPoint] = []
    /// What the map shows, in words (its `desc`; the same text is a report figure's alternative text).
    public var description: String?
    /// Reference date and source, written under the map beside the scale bar, so a downloaded
    /// SVG or PNG still says where its data come from.
    public var source: String?

    public init(features: [MapFeature], title: String, width: Double = 800, showLabels: Bool = true, points: [MapPoint] = [], description: String? = nil,
                source: String? = nil) {
        self.description = description
        self.source = source
        self.features = features
        self.points = points
        self.title = title
        self.width = width
        self.showLabels = showLabels
    }

    public static let maximumLabelledAreas = 60

    public func svg(id: String = "map") -> String {
        var bbox = BoundingBox.empty
        for f in features { bbox.include(f.geometry.boundingBox) }
        guard !bbox.isEmpty else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) 40\" role=\"img\"><title>\(Markup.escape(title))</title></svg>"
        }
        let k = cos((bbox.minY + bbox.maxY) / 2 * .pi / 180)
        let pad = width * 0.02
        let spanX = max((bbox.maxX - bbox.minX) * k, 1e-9), spanY = max(bbox.maxY - bbox.minY, 1e-9)
        let scale = (width - 2 * pad) / spanX
        let height = (spanY * scale + 2 * pad).rounded(.up)
        func project(_ p: Point) -> (Double, Double) {
            (pad + (p.x - bbox.minX) * k * scale, pad + (bbox.maxY - p.y) * scale)
        }
        func tenths(_ v: Int) -> String {
            let sign = v < 0 ? "-" : ""
            let a = abs(v)
            return a % 10 == 0 ? sign + String(a / 10) : sign + String(a / 10) + "." + String(a % 10)
        }
        func num(_ v: Double) -> String { Self.num(v) }
        // Compact paths: coordinates in tenths of a pixel, one absolute move per ring, then relative
        // steps between the rounded points (so rounding errors do not add up).
        func path(_ mp: MultiPolygon) -> String {
            var d = ""
            for poly in mp.polygons {
                for ring in poly.rings {
                    var prev: (Int, Int)?
                    var pts = ring
                    if pts.count > 1, pts.first == pts.last { pts.removeLast() }
                    for pt in pts {
                        let (x, y) = project(pt)
                        let q = (Int((x * 10).rounded()), Int((y * 10).rounded()))
                        if let p = prev {
                            if p == q { continue }
                            d += "l" + tenths(q.0 - p.0) + (q.1 - p.1 < 0 ? "" : " ") + tenths(q.1 - p.1)
                        } else {
                            d += "M" + tenths(q.0) + " " + tenths(q.1)
                        }
                        prev = q
                    }
                    d += "z"
                }
            }
            return d
        }
        var m = Markup()
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height + Self.scaleBarHeight + (source == nil ? 0 : 18)))",
                       "class": "map", "role": "group", "aria-labelledby": "\(id)-title", "aria-describedby": description == nil ? nil : "\(id)-desc"])
        m.element("title", ["id": "\(id)-title"], text: title)
        if let description { m.element("desc", ["id": "\(id)-desc"], text: description) }
        m.raw("""
            <defs><pattern id="\(id)-hatch-missing" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
            <rect width="6" height="6" fill="#f4f4f4"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.5"/></pattern>\
            <pattern id="\(id)-hatch-suppressed" width="6" height="6" patternUnits="userSpaceOnUse">\
            <rect width="6" height="6" fill="#e8e8e8"/><circle cx="3" cy="3" r="1.2" fill="#6a6a6a"/></pattern>\
            <pattern id="\(id)-lowrel" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">\
            <line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" stroke-width="1.6"/></pattern></defs>
            """)
        // Presentation attributes (not only CSS), so a downloaded SVG looks the same on its own.
        m.open("g", ["class": "areas", "stroke": "#ffffff", "stroke-width": "1.2", "fill-rule": "evenodd"])
        for (index, f) in features.enumerated() {
            let fill = f.fill ?? "url(#\(id)-hatch-\(f.noData == "suppressed" ? "suppressed" : "missing"))"
            let pathAttrs: KeyValuePairs<String, String?> = [
                "d": path(f.geometry), "id": f.lowReliability && f.fill != nil ? "\(id)-\(index)" : nil, "fill": fill, "class": f.highlighted ? "highlighted" : nil,
            ]
            let hatch = f.lowReliability && f.fill != nil
            let pathID = hatch ? "\(id)-\(index)" : nil
            if let href = f.href { m.open("a", ["href": href, "aria-label": f.title]) }
            m.open("path", pathAttrs)
            m.element("title", text: f.title)
            m.close("path")
            if let pathID {
                m.void("use", ["href": "#\(pathID)", "fill": "url(#\(id)-lowrel)", "stroke": "none", "pointer-events": "none"], selfClosing: true)
            }
            if f.href != nil { m.close("a") }
        }
        m.close("g")
        // Labels only where they can be read: with many areas they would cover the map.
        if showLabels && features.count <= Self.maximumLabelledAreas {
            m.open("g", ["class": "labels", "aria-hidden": "true", "font-family": "system-ui, sans-serif", "font-size": "11",
                         "fill": "#111", "stroke": "#fff", "stroke-width": "3", "stroke-linejoin": "round", "paint-order": "stroke"])
            for f in features {
                guard let lp = f.geometry.labelPoint else { continue }
                let (x, y) = project(lp)
                // White on dark classes, black on light ones, whichever contrasts more (WCAG), with the other as halo.
                let light = Self.prefersWhiteText(on: f.fill)
                m.element("text", ["x": num(x), "y": num(y), "text-anchor": "middle", "dominant-baseline": "middle",
                                   "fill": light ? "#fff" : nil, "stroke": light ? "#111" : nil], text: f.name)
            }
            m.close("g")
        }
        if !points.isEmpty {
            m.open("g", ["class": "facilities", "stroke": "#ffffff", "stroke-width": "1.2"])
            for p in points {
                let (x, y) = project(Point(p.longitude, p.latitude))
                m.raw(MapPoint.symbol(p.shape, x: x, y: y, color: p.color) + ">")
                m.element("title", text: p.title)
                m.raw(p.shape == .circle ? "</circle>" : p.shape == .square ? "</rect>" : "</path>")
            }
            m.close("g")
        }
        scaleBar(into: &m, metresPerPixel: 111_320 / scale, y: height + 6)
        if let source, !source.isEmpty {
            m.element("text", ["class": "map-source", "x": Self.num(width * 0.02), "y": Self.num(height + 36),
                               "font-family": "system-ui, sans-serif", "font-size": "12", "fill": "#444"], text: source)
        }
        m.close("svg")
        return m.output
    }

    static func num(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : (r.isFinite ? String(r) : "0")
    }

    /// Height added below the map for the scale bar.
    static let scaleBarHeight = 24.0

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ metres) near a fifth of the map's width.
    func scaleBar(into m: inout Markup, metresPerPixel: Double, y: Double) {
        guard metresPerPixel.isFinite, metresPerPixel > 0 else { return }
        let target = width / 5 * metresPerPixel
        let magnitude = pow(10, floor(log10(target)))
        let metres = [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
        let px = metres / metresPerPixel
        let label = metres >= 1000 ? NumberFormat.german.format(metres / 1000, decimals: metres.truncatingRemainder(dividingBy: 1000) == 0 ? 0 : 1) + " km"
                                   : NumberFormat.german.format(metres, decimals: 0) + " m"
        let x0 = width * 0.02
        m.open("g", ["class": "scale-bar", "aria-hidden": "true", "stroke": "#333", "stroke-width": "1.5", "fill": "none"])
        let (a, b) = (Self.num(x0), Self.num(x0 + px))
        m.void("polyline", ["points": "\(a),\(Self.num(y)) \(a),\(Self.num(y + 6)) \(b),\(Self.num(y + 6)) \(b),\(Self.num(y))"], selfClosing: true)
        m.element("text", ["x": Self.num(x0 + px + 6), "y": Self.num(y + 8), "font-family": "system-ui, sans-serif", "font-size": "12", "fill": "#333", "stroke": "none"],
                  text: label)
        m.close("g")
    }

    /// Whether white text contrasts more than black with `fill` ("#rrggbb"; anything else is light).
    public static func prefersWhiteText(on fill: String?) -> Bool {
        guard let fill, fill.utf8.count == 7, fill.hasPrefix("#"), let v = UInt32(fill.dropFirst(), radix: 16) else { return false }
        func channel(_ c: UInt32) -> Double {
            let s = Double(c) / 255
            return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        let l = 0.2126 * channel(v >> 16 & 255) + 0.7152 * channel(v >> 8 & 255) + 0.0722 * channel(v & 255)
        // Contrast with white (1.05 / (l + 0.05)) against contrast with black ((l + 0.05) / 0.05).
        return 1.05 / (l + 0.05) > (l + 0.05) / 0.05
    }
}
