/// An escape-by-default writer for HTML and SVG: text and attribute values are always escaped;
/// only `raw` writes unescaped markup (for fragments this module produced itself).
public struct Markup: Sendable {
    public private(set) var output = ""

    public init() { output.reserveCapacity(16_384) }

    public static func escape(_ s: String) -> String {
        var needs = false
        for u in s.utf8 where u == 38 || u == 60 || u == 62 || u == 34 || u == 39 { needs = true; break }
        guard needs else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Writes `<name attr="…">`; attributes with nil values are left out.
    public mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        output += "<" + name
        writeAttributes(attributes)
        output += ">"
    }

    /// Writes a self-closing or void element.
    public mutating func void(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], selfClosing: Bool = false) {
        output += "<" + name
        writeAttributes(attributes)
        output += selfClosing ? "/>" : ">"
    }

    public mutating func close(_ name: String) { output += "</" + name + ">" }

    /// `<name …>text</name>` with the text escaped.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        open(name, attributes)
        output += Self.escape(text)
        close(name)
    }

    /// `<name …>…</name>` with content written by `body`.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ body: (inout Markup) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    public mutating func text(_ s: String) { output += Self.escape(s) }

    /// Unescaped markup; use only for markup produced by this module.
    public mutating func raw(_ s: String) { output += s }

    private mutating func writeAttributes(_ attributes: KeyValuePairs<String, String?>) {
        for (k, v) in attributes {
            guard let v else { continue }
            output += " " + k + "=\"" + Self.escape(v) + "\""
        }
    }
}
