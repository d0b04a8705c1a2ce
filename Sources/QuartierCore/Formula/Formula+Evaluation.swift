/// One input cell for a formula: a number or the reason there is none.
public struct Cell: Sendable, Hashable {
    public var value: Double?
    public var status: ValueStatus

    public init(value: Double?, status: ValueStatus = .ok) {
        self.value = value
        self.status = status
    }

    public static let missing = Cell(value: nil, status: .missing)
}

/// The result of evaluating a formula for one area and period.
public struct Outcome: Sendable, Hashable {
    public var value: Double?
    public var status: ValueStatus
    /// Why there is no value (e.g. "Division durch null"), in German.
    public var reason: String?
    /// For `share`/`per…`/`ratio` at the top: the counts behind the rate (for reliability).
    public var numerator: Double?
    public var denominator: Double?

    public init(value: Double?, status: ValueStatus, reason: String? = nil, numerator: Double? = nil, denominator: Double? = nil) {
        self.value = value
        self.status = status
        self.reason = reason
        self.numerator = numerator
        self.denominator = denominator
    }
}

extension Formula {
    /// Evaluates the formula with values looked up per variable key (one period).
    ///
    /// A suppressed input suppresses the result; a missing input makes it missing; division by
    /// zero gives a missing value with that reason.
    public func evaluate(_ lookup: (String) -> Cell) -> Outcome {
        evaluate { key, _ in lookup(key) }
    }

    /// Evaluates with values looked up per variable key and number of years before the
    /// reference period (0 = the period itself; `change(x, n)` asks for n).
    public func evaluate(_ lookup: (String, Int) -> Cell) -> Outcome {
        var numerator: Double?
        var denominator: Double?
        let result: R
        if case .call(let fn, let args) = root, fn != .sum, fn != .change, args.count == 2 {
            // A rate: evaluate numerator and denominator once and keep them for the reliability measures.
            let n = eval(args[0], 0, lookup)
            let d = eval(args[1], 0, lookup)
            if case .ok(let nv) = n, case .ok(let dv) = d {
                numerator = nv
                denominator = dv
            }
            let q = combine(n, d, op: "/")
            if case .ok(let v) = q { result = .ok(v * fn.factor) } else { result = q }
        } else {
            result = eval(root, 0, lookup)
        }
        switch result {
        case .ok(let v):
            return Outcome(value: v, status: .ok, reason: nil, numerator: numerator, denominator: denominator)
        case .fail(let status, let reason):
            return Outcome(value: nil, status: status, reason: reason, numerator: nil, denominator: nil)
        }
    }

    private enum R {
        case ok(Double)
        case fail(ValueStatus, String)
    }

    private func eval(_ node: Node, _ offset: Int, _ lookup: (String, Int) -> Cell) -> R {
        switch node {
        case .number(let v): return .ok(v)
        case .variable(let k, _):
            let c = lookup(k, offset)
            let when = offset == 0 ? "" : " (\(offset) Jahre vorher)"
            switch c.status {
            case .ok, .estimated:
                if let v = c.value { return .ok(v) }
                return .fail(.missing, "kein Wert für \(k)\(when)")
            case .suppressed: return .fail(.suppressed, "\(k)\(when) ist geheim gehalten")
            case .missing: return .fail(.missing, "kein Wert für \(k)\(when)")
            }
        case .negate(let a):
            // Evaluated once: a chain of signs must not double the work at every sign (the fuzzer
            // found "--…--share(…)" taking 2^26 evaluations).
            let r = eval(a, offset, lookup)
            if case .ok(let v) = r { return .ok(-v) }
            return r
        case .binary(let op, let a, let b):
            return combine(eval(a, offset, lookup), eval(b, offset, lookup), op: op)
        case .call(.change, let args):
            guard case .number(let n) = args[1] else { return .fail(.missing, "change braucht eine feste Zahl von Jahren") }
            return combine(eval(args[0], offset, lookup), eval(args[0], offset + Int(n), lookup), op: "-")
        case .call(let fn, let args):
            let values = args.map { eval($0, offset, lookup) }
            if fn == .sum {
                var acc = R.ok(0)
                for v in values { acc = combine(acc, v, op: "+") }
                return acc
            }
            let q = combine(values[0], values[1], op: "/")
            if case .ok(let v) = q { return .ok(v * fn.factor) }
            return q
        }
    }
    private func combine(_ a: R, _ b: R, op: Character) -> R {
        switch (a, b) {
        case (.fail(.suppressed, let r), _), (_, .fail(.suppressed, let r)): return .fail(.suppressed, r)
        case (.fail(let s, let r), _), (_, .fail(let s, let r)): return .fail(s, r)
        case (.ok(let x), .ok(let y)):
            switch op {
            case "+": return .ok(x + y)
            case "-": return .ok(x - y)
            case "*": return .ok(x * y)
            default:
                if y == 0 { return .fail(.missing, "Division durch null") }
                return .ok(x / y)
            }
        }
    }
}
