import Foundation

/// Draws the SVG that Quartier's maps and charts produce onto a PDF page as vector graphics:
/// paths (M/L/H/V/Z, absolute and relative), lines, rectangles, circles, polygons and text, with
/// fill, stroke and font attributes inherited from groups. Hatch patterns become their base
/// colour; titles, descriptions and definitions are skipped.
public enum SVGToPDF {
    struct Node {
        var name: String
        var attributes: [String: String]
        var children: [Node] = []
        var text = ""
    }

    /// Parses the SVG's elements (no DTDs, no CDATA: Quartier writes none).
    static func parse(_ svg: String) -> Node? {
        let b = Array(svg.utf8)
        var i = 0
        var stack: [Node] = [Node(name: "#root", attributes: [:])]
        func unescape(_ s: String) -> String {
            // Foundation's String.contains and replacingOccurrences cost more than the whole parse.
            guard s.utf8.contains(UInt8(ascii: "&")) else { return s }
            return s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&apos;", with: "'")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        while i < b.count {
            if b[i] == UInt8(ascii: "<") {
                if i + 1 < b.count && (b[i + 1] == UInt8(ascii: "?") || b[i + 1] == UInt8(ascii: "!")) {
                    while i < b.count && b[i] != UInt8(ascii: ">") { i += 1 }
                    i += 1
                    continue
                }
                if i + 1 < b.count && b[i + 1] == UInt8(ascii: "/") {
                    while i < b.count && b[i] != UInt8(ascii: ">") { i += 1 }
                    i += 1
                    if stack.count > 1 { let done = stack.removeLast(); stack[stack.count - 1].children.append(done) }
                    continue
                }
                i += 1
                var name = ""
                while i < b.count, !" \t\n\r/>".utf8.contains(b[i]) { name.unicodeScalars.append(UnicodeScalar(b[i])); i += 1 }
                var attrs: [String: String] = [:]
                var selfClosing = false
                while i < b.count {
                    while i < b.count, " \t\n\r".utf8.contains(b[i]) { i += 1 }
                    if b[i] == UInt8(ascii: "/") { selfClosing = true; i += 1; continue }
                    if b[i] == UInt8(ascii: ">") { i += 1; break }
                    let start = i
                    while i < b.count, b[i] != UInt8(ascii: "="), !" \t\n\r>".utf8.contains(b[i]) { i += 1 }
                    let key = String(decoding: b[start..<i], as: UTF8.self)
                    guard i < b.count, b[i] == UInt8(ascii: "=") else { continue }
                    i += 1
                    let quote = b[i]
                    i += 1
                    let vs = i
                    while i < b.count, b[i] != quote { i += 1 }
                    attrs[key] = unescape(String(decoding: b[vs..<i], as: UTF8.self))
                    i += 1
                }
                let node = Node(name: name, attributes: attrs)
                if selfClosing { stack[stack.count - 1].children.append(node) } else { stack.append(node) }
            } else {
                let start = i
                while i < b.count, b[i] != UInt8(ascii: "<") { i += 1 }
                stack[stack.count - 1].text += unescape(String(decoding: b[start..<i], as: UTF8.self))
            }
        }
        while stack.count > 1 { let done = stack.removeLast(); stack[stack.count - 1].children.append(done) }
        return stack.first?.children.first { $0.name == "svg" }
    }

    /// The height the SVG takes when drawn `width` points wide.
    public static func height(_ svg: String, width: Double) -> Double {
        guard let root = parse(svg) else { return 0 }
        let vb = viewBox(root)
        return vb.h * width / vb.w
    }

    static func viewBox(_ root: Node) -> (x: Double, y: Double, w: Double, h: Double) {
        let v = (root.attributes["viewBox"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
        if v.count == 4, v[2] > 0, v[3] > 0 { return (v[0], v[1], v[2], v[3]) }
        return (0, 0, Double(root.attributes["width"] ?? "") ?? 100, Double(root.attributes["height"] ?? "") ?? 100)
    }

    struct Style {
        var fill: String? = "#000000"
        var stroke: String?
        var strokeWidth = 1.0
        var fontSize = 16.0
        var bold = false
        var anchor = "start"
        var evenOdd = false
        var dash: [Double] = []

        mutating func apply(_ a: [String: String]) {
            if let f = a["fill"] { fill = Self.color(f) }
            if let s = a["stroke"] { stroke = Self.color(s) }
            if let w = a["stroke-width"].flatMap(Double.init) { strokeWidth = w }
            if let s = a["font-size"].flatMap({ Double($0.replacingOccurrences(of: "px", with: "")) }) { fontSize = s }
            if let w = a["font-weight"] { bold = w == "bold" || (Int(w) ?? 400) >= 600 }
            if let t = a["text-anchor"] { anchor = t }
            if let r = a["fill-rule"] { evenOdd = r == "evenodd" }
            if let d = a["stroke-dasharray"] { dash = d.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) } }
        }

        static func color(_ v: String) -> String? {
            if v == "none" || v == "transparent" { return nil }
            if v.hasPrefix("url(") {
                if v.contains("missing") { return "#f4f4f4" }
                if v.contains("suppressed") { return "#e8e8e8" }
                return nil
            }
            return v
        }
    }

    /// Draws the SVG with its top-left corner at (x, y), `width` points wide; returns the height used.
    @discardableResult
    public static func draw(_ svg: String, on page: inout PDFPage, x: Double, y: Double, width: Double) -> Double {
        guard let root = parse(svg) else { return 0 }
        let vb = viewBox(root)
        let s = width / vb.w
        func tx(_ px: Double) -> Double { x + (px - vb.x) * s }
        func ty(_ py: Double) -> Double { y + (py - vb.y) * s }
        func num(_ n: Node, _ k: String) -> Double { Double(n.attributes[k] ?? "") ?? 0 }

        func visit(_ n: Node, _ inherited: Style) {
            if ["title", "desc", "defs", "pattern", "style", "script"].contains(n.name) { return }
            var st = inherited
            st.apply(n.attributes)
            let lw = st.strokeWidth * s
            switch n.name {
            case "path":
                let subpaths = pathPoints(n.attributes["d"] ?? "").map { sp in (points: sp.points.map { (tx($0.0), ty($0.1)) }, closed: sp.closed) }
                let closed = subpaths.filter(\.closed).map(\.points), open = subpaths.filter { !$0.closed }.map(\.points)
                if !closed.isEmpty { page.path(closed, closed: true, fill: st.fill, stroke: st.stroke, lineWidth: lw, evenOdd: st.evenOdd, dash: st.dash.map { $0 * s }) }
                if !open.isEmpty { page.path(open, closed: false, fill: nil, stroke: st.stroke ?? st.fill, lineWidth: lw, dash: st.dash.map { $0 * s }) }
            case "line":
                page.line(tx(num(n, "x1")), ty(num(n, "y1")), tx(num(n, "x2")), ty(num(n, "y2")), color: st.stroke ?? "#000000", width: lw,
                          dash: st.dash.map { $0 * s })
            case "rect":
                page.rect(tx(num(n, "x")), ty(num(n, "y")), num(n, "width") * s, num(n, "height") * s, fill: st.fill, stroke: st.stroke, lineWidth: lw)
            case "circle":
                page.circle(cx: tx(num(n, "cx")), cy: ty(num(n, "cy")), r: num(n, "r") * s, fill: st.fill, stroke: st.stroke, lineWidth: lw)
            case "polygon", "polyline":
                let v = (n.attributes["points"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
                let pts = stride(from: 0, to: v.count - 1, by: 2).map { (tx(v[$0]), ty(v[$0 + 1])) }
                page.path([pts], closed: n.name == "polygon", fill: n.name == "polygon" ? st.fill : nil, stroke: st.stroke, lineWidth: lw)
            case "text":
                let content = (n.text + n.children.map(\.text).joined()).trimmingCharacters(in: .whitespacesAndNewlines)
                var px = num(n, "x"), py = num(n, "y")
                let size = st.fontSize * s
                if let db = n.attributes["dominant-baseline"], db == "central" || db == "middle" { py += st.fontSize * 0.35 }
                var angle = 0.0
                if let t = n.attributes["transform"], t.hasPrefix("rotate(") {
                    let v = t.dropFirst(7).dropLast().split(whereSeparator: { $0 == " " || $0 == "," }).compactMap { Double($0) }
                    if let a = v.first {
                        angle = -a
                        if v.count == 3 {
                            let r = a * .pi / 180, dx = px - v[1], dy = py - v[2]
                            px = v[1] + dx * cos(r) - dy * sin(r)
                            py = v[2] + dx * sin(r) + dy * cos(r)
                        }
                    }
                }
                page.text(content, x: tx(px), y: ty(py), font: st.bold ? .bold : .regular, size: size, color: st.fill ?? "#000000",
                          anchor: st.anchor, angle: angle)
                return
            default:
                break
            }
            for c in n.children { visit(c, st) }
        }
        var base = Style()
        base.apply(root.attributes)
        for c in root.children { visit(c, base) }
        return vb.h * s
    }

    /// Subpaths of path data with M, L, H, V, Z in absolute and relative form.
    static func pathPoints(_ d: String) -> [(points: [(Double, Double)], closed: Bool)] {
        var out: [(points: [(Double, Double)], closed: Bool)] = []
        var current: [(Double, Double)] = []
        var cmd: Character = "M"
        var x = 0.0, y = 0.0, startX = 0.0, startY = 0.0
        var numbers: [Double] = []
        func flush(_ closed: Bool) {
            if !current.isEmpty { out.append((current, closed)) }
            current = []
        }
        func run() {
            switch cmd {
            case "M", "m":
                var k = 0
                while k + 1 < numbers.count {
                    let nx = cmd == "m" ? x + numbers[k] : numbers[k], ny = cmd == "m" ? y + numbers[k + 1] : numbers[k + 1]
                    if k == 0 { flush(false); startX = nx; startY = ny }
                    x = nx; y = ny; current.append((x, y)); k += 2
                }
            case "L", "l":
                var k = 0
                while k + 1 < numbers.count {
                    x = cmd == "l" ? x + numbers[k] : numbers[k]; y = cmd == "l" ? y + numbers[k + 1] : numbers[k + 1]
                    current.append((x, y)); k += 2
                }
            case "H", "h": for v in numbers { x = cmd == "h" ? x + v : v; current.append((x, y)) }
            case "V", "v": for v in numbers { y = cmd == "v" ? y + v : v; current.append((x, y)) }
            default: break
            }
            numbers = []
        }
        // Over the bytes: a path of a 542-area map has hundreds of thousands of them.
        var token: [UInt8] = []
        token.reserveCapacity(24)
        func endToken() {
            if !token.isEmpty, let v = Double(String(decoding: token, as: UTF8.self)) { numbers.append(v) }
            token.removeAll(keepingCapacity: true)
        }
        for b in d.utf8 {
            let isLetter = (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
            if isLetter && b != 101 && b != 69 {
                endToken(); run()
                if b == 90 || b == 122 { flush(true); x = startX; y = startY; cmd = "M"; continue }
                cmd = Character(UnicodeScalar(b))
            } else if b == 45 && !token.isEmpty && token.last != 101 && token.last != 69 {
                endToken(); token.append(45)
            } else if b == 32 || b == 44 || b == 10 || b == 9 {
                endToken()
            } else if b == 46 && token.contains(46) {
                endToken(); token.append(46)
            } else {
                token.append(b)
            }
        }
        endToken(); run(); flush(false)
        return out
    }
}
