import Foundation
import QuartierCore

/// Server-rendered SVG charts. Each is a plain function of its data; pages put a table with the
/// same numbers next to it (the accessible alternative) and offer the SVG for download.
public enum Charts {
    static let font = "font-family=\"system-ui, sans-serif\""

    /// Horizontal bars for areas, sorted as given, with a vertical line at the town's value.
    public static func bars(title: String, items: [(label: String, value: Double?, color: String)], reference: Double?,
                            referenceLabel: String, format: (Double) -> String, width: Double = 760) -> String {
        let rowH = 16.0, left = 170.0, right = 70.0, top = 28.0
        let height = top + Double(items.count) * rowH + 24
        let values = items.compactMap(\.value) + (reference.map { [$0] } ?? [])
        let maxV = max(values.max() ?? 1, 0), minV = min(values.min() ?? 0, 0)
        let span = max(maxV - minV, 1e-9)
        let plotW = width - left - right
        func x(_ v: Double) -> Double { left + (v - minV) / span * plotW }
        var m = Markup()
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))", "class": "chart", "role": "img", "aria-labelledby": "bars-title"])
        m.element("title", ["id": "bars-title"], text: title)
        m.raw("<g \(font) font-size=\"11\">")
        for (i, item) in items.enumerated() {
            let y = top + Double(i) * rowH
            m.element("text", ["x": fmt(left - 6), "y": fmt(y + 11), "text-anchor": "end"], text: item.label)
            if let v = item.value {
                let x0 = x(min(0, v)), x1 = x(max(0, v))
                m.void("rect", ["x": fmt(x0), "y": fmt(y + 2), "width": fmt(max(0.5, x1 - x0)), "height": fmt(rowH - 4), "fill": item.color, "stroke": "#8a8a8a", "stroke-width": "0.5"], selfClosing: true)
                m.element("text", ["x": fmt(x1 + 4), "y": fmt(y + 11)], text: format(v))
            } else {
                m.element("text", ["x": fmt(left + 4), "y": fmt(y + 11), "fill": "#555"], text: "–")
            }
        }
        if let r = reference {
            let rx = x(r)
            m.void("line", ["x1": fmt(rx), "y1": fmt(top - 6), "x2": fmt(rx), "y2": fmt(height - 20), "stroke": "#111", "stroke-width": "1.5", "stroke-dasharray": "4 3"], selfClosing: true)
            // Centred on the line, but never past the chart's edge (a large town value near the right end).
            let label = "\(referenceLabel): \(format(r))"
            let half = Double(label.count) * 3.4
            let anchor = rx + half > width - 4 ? "end" : rx - half < 4 ? "start" : "middle"
            let lx = anchor == "end" ? min(rx + half, width - 4) : anchor == "start" ? max(rx - half, 4) : rx
            m.element("text", ["x": fmt(lx), "y": fmt(top - 10), "text-anchor": anchor, "font-weight": "600"], text: label)
        }
        m.raw("</g>")
        m.close("svg")
        return m.output
    }

    /// Lines over time: each series with a name and values per year (nil = gap).
    /// `breaks` are indices i where a break lies between years[i − 1] and years[i] (a boundary
    /// change): a labelled vertical line, and the first series is not joined across it.
    /// Round axis ticks covering `lo`…`hi`: steps of 1, 2, 2,5 or 5 times a power of ten, about
    /// `count` of them (10 / 15 / 20 / 25 rather than 12,5 / 18,1 / 23,7).
    static func niceTicks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(1, count - 1))
        let power = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        // From the round number at or below `lo` to the one at or above `hi`.
        let first = Int((lo / step + 1e-9).rounded(.down)), last = Int((hi / step - 1e-9).rounded(.up))
        return (first...max(first, last)).prefix(50).map { (Double($0) * step * 1e9).rounded() / 1e9 }
    }

    /// Series over the years with their legend under the plot (never cut, however long the
    /// names); `marker` draws a dated event between two years (a measure's start) with its label.
    public static func lines(title: String, years: [Int], series: [(name: String, values: [Double?], color: String, dashed: Bool)],
                             format: (Double) -> String, width: Double = 760, height plotHeight: Double = 300,
                             breaks: [Int] = [], breakLabel: String = "Gebietsänderung", marker: (position: Double, label: String)? = nil) -> String {
        let left = 60.0, right = 24.0, top = 20.0
        // The legend's rows: entries side by side, wrapped at the chart's width (about 6.5 px a character at 11 px).
        var legendRows: [[(index: Int, x: Double)]] = [[]]
        var lx = left
        for (i, s) in series.enumerated() {
            let w = 40 + Double(s.name.count) * 6.5 + 18
            if lx + w > width - right && !legendRows[legendRows.count - 1].isEmpty { legendRows.append([]); lx = left }
            legendRows[legendRows.count - 1].append((i, lx))
            lx += w
        }
        let bottom = 34.0 + Double(legendRows.count) * 18 + 6
        let height = plotHeight + Double(legendRows.count) * 18 + 6
        let all = series.flatMap { $0.values.compactMap { $0 } }
        var lo = all.min() ?? 0, hi = all.max() ?? 1
        if hi == lo { hi += 1; lo -= 1 }
        let pad = (hi - lo) * 0.08
        lo = min(lo - pad, lo >= 0 && lo - pad < 0 ? 0 : lo - pad)
        hi += pad
        let yTicks = niceTicks(lo, hi)
        lo = min(lo, yTicks.first ?? lo); hi = max(hi, yTicks.last ?? hi)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ i: Int) -> Double { years.count > 1 ? left + Double(i) / Double(years.count - 1) * plotW : left + plotW / 2 }
        func y(_ v: Double) -> Double { top + (hi - v) / (hi - lo) * plotH }
        var m = Markup()
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))", "class": "chart", "role": "img", "aria-labelledby": "lines-title"])
        m.element("title", ["id": "lines-title"], text: title)
        m.raw("<g \(font) font-size=\"11\">")
        for v in yTicks {
            m.void("line", ["x1": fmt(left), "y1": fmt(y(v)), "x2": fmt(left + plotW), "y2": fmt(y(v)), "stroke": "#e3e6eb"], selfClosing: true)
            m.element("text", ["x": fmt(left - 6), "y": fmt(y(v) + 4), "text-anchor": "end", "fill": "#444"], text: format(v))
        }
        for (i, year) in years.enumerated() where years.count <= 12 || i % 2 == 0 {
            m.element("text", ["x": fmt(x(i)), "y": fmt(height - bottom + 16), "text-anchor": "middle", "fill": "#444"], text: String(year))
        }
        for b in breaks where b > 0 && b < years.count {
            let bx = (x(b - 1) + x(b)) / 2
            m.void("line", ["x1": fmt(bx), "y1": fmt(top), "x2": fmt(bx), "y2": fmt(top + plotH), "stroke": "#a4262c", "stroke-width": "1.5",
                            "stroke-dasharray": "3 3", "class": "break"], selfClosing: true)
            m.element("text", ["x": fmt(bx + 4), "y": fmt(top + 10), "fill": "#a4262c"], text: breakLabel)
        }
        for (sIndex, s) in series.enumerated() {
            var d = ""
            var penDown = false
            for (i, v) in s.values.enumerated() {
                if sIndex == 0 && breaks.contains(i) { penDown = false }
                guard let v else { penDown = false; continue }
                d += (penDown ? "L" : "M") + fmt(x(i)) + " " + fmt(y(v))
                penDown = true
            }
            m.void("path", ["d": d, "fill": "none", "stroke": s.color, "stroke-width": "2.5", "stroke-dasharray": s.dashed ? "6 4" : nil], selfClosing: true)
            for (i, v) in s.values.enumerated() {
                guard let v else { continue }
                m.open("circle", ["cx": fmt(x(i)), "cy": fmt(y(v)), "r": "3", "fill": s.color])
                m.element("title", text: "\(s.name) \(years[i]): \(format(v))")
                m.close("circle")
            }
        }
        for (row, entries) in legendRows.enumerated() {
            let ly = height - bottom + 36 + Double(row) * 18
            for e in entries {
                let s = series[e.index]
                m.void("line", ["x1": fmt(e.x), "y1": fmt(ly - 4), "x2": fmt(e.x + 30), "y2": fmt(ly - 4), "stroke": s.color, "stroke-width": "2.5",
                                "stroke-dasharray": s.dashed ? "6 4" : nil], selfClosing: true)
                m.element("text", ["x": fmt(e.x + 36), "y": fmt(ly)], text: s.name)
            }
        }
        if let marker, years.count > 1 {
            let p = min(max(marker.position, 0), Double(years.count - 1))
            let mx = left + p / Double(years.count - 1) * plotW
            m.void("line", ["x1": fmt(mx), "y1": fmt(top), "x2": fmt(mx), "y2": fmt(top + plotH), "stroke": "#333", "stroke-width": "1.5", "class": "marker"], selfClosing: true)
            let anchorEnd = mx > left + plotW * 0.7
            m.element("text", ["x": fmt(anchorEnd ? mx - 4 : mx + 4), "y": fmt(top + plotH - 6), "fill": "#333", "text-anchor": anchorEnd ? "end" : "start",
                               "font-weight": "bold"], text: marker.label)
        }
        m.raw("</g>")
        m.close("svg")
        return m.output
    }

    /// A scatter plot with a least-squares line; points carry their labels as tooltips.
    public static func scatter(title: String, points: [(label: String, x: Double, y: Double)], xLabel: String, yLabel: String,
                               format: (Double) -> String, width: Double = 760, height: Double = 460) -> String {
        let left = 64.0, right = 24.0, top = 20.0, bottom = 48.0
        let xs = points.map(\.x), ys = points.map(\.y)
        func range(_ v: [Double]) -> (Double, Double) {
            guard var lo = v.min(), var hi = v.max() else { return (0, 1) }
            if hi == lo { hi += 1; lo -= 1 }
            let pad = (hi - lo) * 0.06
            return (lo - pad, hi + pad)
        }
        let (rx0, rx1) = range(xs), (ry0, ry1) = range(ys)
        let xTicks = niceTicks(rx0, rx1), yTicks = niceTicks(ry0, ry1)
        let x0 = min(rx0, xTicks.first ?? rx0), x1 = max(rx1, xTicks.last ?? rx1)
        let y0 = min(ry0, yTicks.first ?? ry0), y1 = max(ry1, yTicks.last ?? ry1)
        let plotW = width - left - right, plotH = height - top - bottom
        func px(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * plotW }
        func py(_ v: Double) -> Double { top + (y1 - v) / (y1 - y0) * plotH }
        var m = Markup()
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))", "class": "chart", "role": "img", "aria-labelledby": "scatter-title"])
        m.element("title", ["id": "scatter-title"], text: title)
        m.raw("<g \(font) font-size=\"11\">")
        for vy in yTicks {
            m.void("line", ["x1": fmt(left), "y1": fmt(py(vy)), "x2": fmt(left + plotW), "y2": fmt(py(vy)), "stroke": "#e3e6eb"], selfClosing: true)
            m.element("text", ["x": fmt(left - 6), "y": fmt(py(vy) + 4), "text-anchor": "end", "fill": "#444"], text: format(vy))
        }
        for vx in xTicks {
            m.element("text", ["x": fmt(px(vx)), "y": fmt(height - bottom + 16), "text-anchor": "middle", "fill": "#444"], text: format(vx))
        }
        m.element("text", ["x": fmt(left + plotW / 2), "y": fmt(height - 8), "text-anchor": "middle", "font-weight": "600"], text: xLabel)
        m.element("text", ["x": "14", "y": fmt(top + plotH / 2), "text-anchor": "middle", "font-weight": "600",
                           "transform": "rotate(-90 14 \(fmt(top + plotH / 2)))"], text: yLabel)
        if let fit = Correlation.leastSquares(xs, ys) {
            m.void("line", ["x1": fmt(px(x0)), "y1": fmt(py(fit.intercept + fit.slope * x0)), "x2": fmt(px(x1)), "y2": fmt(py(fit.intercept + fit.slope * x1)),
                            "stroke": "#d95f0e", "stroke-width": "1.5", "stroke-dasharray": "5 4"], selfClosing: true)
        }
        for p in points {
            m.open("circle", ["cx": fmt(px(p.x)), "cy": fmt(py(p.y)), "r": "4.5", "fill": "#2c7fb8", "fill-opacity": "0.8", "stroke": "#fff"])
            m.element("title", text: "\(p.label): \(format(p.x)) / \(format(p.y))")
            m.close("circle")
        }
        // With few points each is named beside it (left of it near the right edge); a name that
        // would overlap one already placed is left to the tooltip and the table.
        if points.count <= 40 {
            var placed: [(x0: Double, y0: Double, x1: Double, y1: Double)] = []
            for p in points.sorted(by: { $0.y > $1.y }) {
                let nearRight = px(p.x) > left + plotW * 0.8
                let textW = Double(p.label.count) * 5.6
                let tx = px(p.x) + (nearRight ? -7 : 7), ty = py(p.y) + 3.5
                let box = (x0: nearRight ? tx - textW : tx, y0: ty - 9, x1: nearRight ? tx : tx + textW, y1: ty + 2)
                guard !placed.contains(where: { box.x0 < $0.x1 && $0.x0 < box.x1 && box.y0 < $0.y1 && $0.y0 < box.y1 }) else { continue }
                placed.append(box)
                m.element("text", ["x": fmt(tx), "y": fmt(ty), "font-size": "10", "fill": "#333",
                                   "text-anchor": nearRight ? "end" : "start", "class": "point-label"], text: p.label)
            }
        }
        m.raw("</g>")
        m.close("svg")
        return m.output
    }

    /// A population pyramid: age groups from the youngest (bottom) to the oldest, men left, women right,
    /// in percent of the area's population; the town's shape as an outline for comparison.
    public static func pyramid(title: String, groups: [String], men: [Double], women: [Double], townMen: [Double]?, townWomen: [Double]?,
                               menLabel: String, womenLabel: String, townLabel: String, format: (Double) -> String, width: Double = 520) -> String {
        let rowH = 22.0, top = 26.0, centre = width / 2, label = 56.0
        let height = top + Double(groups.count) * rowH + 30
        let maxV = max((men + women + (townMen ?? []) + (townWomen ?? [])).max() ?? 1, 1e-9)
        let half = centre - label / 2 - 40
        func w(_ v: Double) -> Double { v / maxV * half }
        var m = Markup()
        m.open("svg", ["xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 \(Int(width)) \(Int(height))", "class": "chart", "role": "img", "aria-labelledby": "pyramid-title"])
        m.element("title", ["id": "pyramid-title"], text: title)
        m.raw("<g \(font) font-size=\"11\">")
        m.element("text", ["x": fmt(centre - label / 2 - 4), "y": "16", "text-anchor": "end", "font-weight": "600"], text: menLabel)
        m.element("text", ["x": fmt(centre + label / 2 + 4), "y": "16", "font-weight": "600"], text: womenLabel)
        for (i, g) in groups.enumerated() {
            let y = top + Double(groups.count - 1 - i) * rowH
            m.element("text", ["x": fmt(centre), "y": fmt(y + 15), "text-anchor": "middle"], text: g)
            let mw = w(men[i]), ww = w(women[i])
            m.void("rect", ["x": fmt(centre - label / 2 - mw), "y": fmt(y + 3), "width": fmt(mw), "height": fmt(rowH - 6), "fill": "#4a7fb5"], selfClosing: true)
            m.void("rect", ["x": fmt(centre + label / 2), "y": fmt(y + 3), "width": fmt(ww), "height": fmt(rowH - 6), "fill": "#d4745b"], selfClosing: true)
            // Labels beyond the bar and the town's outline, so neither crosses them.
            let mEdge = max(mw, townMen.map { w($0[i]) } ?? 0), wEdge = max(ww, townWomen.map { w($0[i]) } ?? 0)
            m.element("text", ["x": fmt(centre - label / 2 - mEdge - 4), "y": fmt(y + 15), "text-anchor": "end", "fill": "#333"], text: format(men[i]))
            m.element("text", ["x": fmt(centre + label / 2 + wEdge + 4), "y": fmt(y + 15), "fill": "#333"], text: format(women[i]))
            if let tm = townMen?[i], let tw = townWomen?[i] {
                m.void("rect", ["x": fmt(centre - label / 2 - w(tm)), "y": fmt(y + 2), "width": fmt(w(tm)), "height": fmt(rowH - 4), "fill": "none", "stroke": "#111", "stroke-dasharray": "3 2"], selfClosing: true)
                m.void("rect", ["x": fmt(centre + label / 2), "y": fmt(y + 2), "width": fmt(w(tw)), "height": fmt(rowH - 4), "fill": "none", "stroke": "#111", "stroke-dasharray": "3 2"], selfClosing: true)
            }
        }
        if townMen != nil {
            m.element("text", ["x": fmt(centre), "y": fmt(height - 8), "text-anchor": "middle", "fill": "#333"], text: townLabel)
        }
        m.raw("</g>")
        m.close("svg")
        return m.output
    }

    static func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : (r.isFinite ? String(r) : "0")
    }
}

