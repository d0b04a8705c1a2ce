/// Recursive-descent parser for `Formula` over the formula's characters.
struct FormulaParser {
    private let chars: [Character]
    private let source: String
    private var i = 0
    /// Nesting so far (parentheses, signs): bounded, so that no formula can exhaust the stack.
    private var depth = 0
    static let maxDepth = 64
    /// Longer than any indicator's formula; bounds the work on trees too (evaluation recurses).
    static let maxLength = 2_000

    init(_ source: String) {
        self.source = source
        self.chars = Array(source)
    }

    mutating func parseAll() throws(FormulaError) -> Formula.Node {
        guard chars.count <= Self.maxLength else {
            throw FormulaError(position: Self.maxLength + 1, message: "die Formel ist länger als \(Self.maxLength) Zeichen", formula: String(source.prefix(80)) + "…")
        }
        skipSpace()
        if i >= chars.count { throw error("die Formel ist leer") }
        let node = try parseExpr()
        skipSpace()
        if i < chars.count { throw error("unerwartetes Zeichen „\(chars[i])“") }
        return node
    }

    private func error(_ message: String, at pos: Int? = nil) -> FormulaError {
        FormulaError(position: (pos ?? i) + 1, message: message, formula: source)
    }

    private mutating func enter() throws(FormulaError) {
        depth += 1
        if depth > Self.maxDepth { throw error("mehr als \(Self.maxDepth) Klammern oder Vorzeichen ineinander") }
    }

    private mutating func skipSpace() {
        while i < chars.count, chars[i].isWhitespace { i += 1 }
    }

    private mutating func parseExpr() throws(FormulaError) -> Formula.Node {
        var left = try parseTerm()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == "+" || chars[i] == "-" else { return left }
            let op = chars[i]; i += 1
            let right = try parseTerm()
            left = .binary(op, left, right)
        }
    }

    private mutating func parseTerm() throws(FormulaError) -> Formula.Node {
        var left = try parseUnary()
        while true {
            skipSpace()
            guard i < chars.count, chars[i] == "*" || chars[i] == "/" else { return left }
            let op = chars[i]; i += 1
            let right = try parseUnary()
            left = .binary(op, left, right)
        }
    }

    private mutating func parseUnary() throws(FormulaError) -> Formula.Node {
        skipSpace()
        if i < chars.count, chars[i] == "-" {
            i += 1
            try enter()
            defer { depth -= 1 }
            return .negate(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(FormulaError) -> Formula.Node {
        skipSpace()
        guard i < chars.count else { throw error("Ausdruck erwartet, aber die Formel endet hier") }
        let c = chars[i]
        if c == "(" {
            i += 1
            try enter()
            defer { depth -= 1 }
            let inner = try parseExpr()
            skipSpace()
            guard i < chars.count, chars[i] == ")" else { throw error("„)“ erwartet") }
            i += 1
            return inner
        }
        if c.isASCII && (c.isNumber || c == ".") {
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." { i += 1 }
            let text = String(chars[start..<i])
            guard let v = Double(text) else { throw error("„\(text)“ ist keine Zahl", at: start) }
            return .number(v)
        }
        if c.isASCII && (c.isLetter || c == "_") {
            let start = i
            while i < chars.count, chars[i].isASCII, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
            let name = String(chars[start..<i])
            skipSpace()
            if i < chars.count, chars[i] == "(" {
                guard let fn = Formula.Function(rawValue: name) else {
                    let known = Formula.Function.allCases.map(\.rawValue).joined(separator: ", ")
                    throw error("unbekannte Funktion „\(name)“ (bekannt: \(known))", at: start)
                }
                i += 1
                try enter()
                defer { depth -= 1 }
                var args: [Formula.Node] = []
                skipSpace()
                if i < chars.count, chars[i] == ")" { i += 1 } else {
                    while true {
                        args.append(try parseExpr())
                        skipSpace()
                        guard i < chars.count else { throw error("„)“ erwartet") }
                        if chars[i] == "," { i += 1; continue }
                        if chars[i] == ")" { i += 1; break }
                        throw error("„,“ oder „)“ erwartet")
                    }
                }
                if fn == .change, args.count == 2 {
                    guard case .number(let years) = args[1], years >= 1, years == years.rounded(), years <= 50 else {
                        throw error("change(x, n): n muss eine ganze Zahl von Jahren zwischen 1 und 50 sein", at: start)
                    }
                }
                guard fn.arity.contains(args.count) else {
                    throw error("\(name) erwartet \(fn.arity.lowerBound == fn.arity.upperBound ? "\(fn.arity.lowerBound)" : "mindestens \(fn.arity.lowerBound)") Argumente, nicht \(args.count)", at: start)
                }
                return .call(fn, args)
            }
            return .variable(name, position: start + 1)
        }
        throw error("unerwartetes Zeichen „\(c)“")
    }
}
