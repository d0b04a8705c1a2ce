/// An escape-by-default writer for HTML and SVG: text and attribute values are always escaped;
/// only `raw` writes unescaped markup (for fragments this module produced itself).
public struct Markup: Sendable {
    public private(set) var output = ""

    public init() { output.reserveCapacity(16_384) }

    public static func escape(_ s: String) -> String {
        guard needsEscape(s) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        appendEscaped(s, to: &out)
        return out
    }

    static func needsEscape(_ s: String) -> Bool {
        for u in s.utf8 where u == 38 || u == 60 || u == 62 || u == 34 || u == 39 { return true }
        return false
    }

    /// Appends `s` escaped, without building it as a string of its own first (the writer's hot
    /// path: every text and attribute value of every page goes through here).
    static func appendEscaped(_ s: String, to out: inout String) {
        guard needsEscape(s) else { out.append(s); return }
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out.append("&amp;")
            case "<": out.append("&lt;")
            case ">": out.append("&gt;")
            case "\"": out.append("&quot;")
            case "'": out.append("&#39;")
            default: out.unicodeScalars.append(ch)
            }
        }
    }

    /// Writes `<name attr="…">`; attributes with nil values are left out.
    public mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:]) {
        output.append("<")
        output.append(name)
        writeAttributes(attributes)
        output.append(">")
    }

    /// Writes a self-closing or void element.
    public mutating func void(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], selfClosing: Bool = false) {
        output.append("<")
        output.append(name)
        writeAttributes(attributes)
        output.append(selfClosing ? "/>" : ">")
    }

    public mutating func close(_ name: String) {
        output.append("</")
        output.append(name)
        output.append(">")
    }

    /// `<name …>text</name>` with the text escaped.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String) {
        open(name, attributes)
        Self.appendEscaped(text, to: &output)
        close(name)
    }

    /// `<name …>…</name>` with content written by `body`.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], _ body: (inout Markup) -> Void) {
        open(name, attributes)
        body(&self)
        close(name)
    }

    public mutating func text(_ s: String) { Self.appendEscaped(s, to: &output) }

    /// Unescaped markup; use only for markup produced by this module.
    public mutating func raw(_ s: String) { output.append(s) }

    private mutating func writeAttributes(_ attributes: KeyValuePairs<String, String?>) {
        for (k, v) in attributes {
            guard let v else { continue }
            output.append(" ")
            output.append(k)
            output.append("=\"")
            Self.appendEscaped(v, to: &output)
            output.append("\"")
        }
    }
}
