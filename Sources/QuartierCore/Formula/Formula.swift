import Synchronization
/// An indicator formula over variables, parsed once and evaluated per area.
///
/// Grammar: `+ - * /`, parentheses, numbers (decimal point), variable keys, and the functions
/// `share(a, b)` (percent, 100·a/b), `per100(a, b)`, `per1000(a, b)`, `ratio(a, b)` (a/b) and
/// `sum(a, b, …)`. Aggregation to a parent area or the whole town sums the variables first and
/// then evaluates the formula, so rates are never averaged.
public struct Formula: Sendable, Hashable {
    public indirect enum Node: Sendable, Hashable {
        case number(Double)
        case variable(String, position: Int)
        case negate(Node)
        case binary(Character, Node, Node)
        case call(Function, [Node])
    }

    public enum Function: String, Sendable, Hashable, CaseIterable {
        case share, per100, per1000, ratio, sum
        /// `change(x, n)`: x now minus x n years earlier; for a share, in percentage points.
        case change

        var arity: ClosedRange<Int> {
            switch self {
            case .sum: 1...64
            default: 2...2
            }
        }

        var factor: Double {
            switch self {
            case .share, .per100: 100
            case .per1000: 1000
            case .ratio, .sum, .change: 1
            }
        }
    }

    public let source: String
    public let root: Node

    public init(_ source: String) throws(FormulaError) {
        self.source = source
        var parser = FormulaParser(source)
        self.root = try parser.parseAll()
        // `change` evaluates its argument twice (now and n years before), so nested changes double
        // the work each time: bounded, so that no formula (the editor's live preview takes any)
        // costs more than a fixed number of steps per area.
        guard Self.evaluationSteps(root) <= Self.maximumSteps else {
            throw FormulaError(position: 1, message: "zu aufwendig: höchstens \(Self.maximumSteps) Rechenschritte je Gebiet (change() ineinander verdoppelt sie jedes Mal)",
                               formula: source)
        }
    }

    /// Most evaluation steps one formula may take per area.
    public static let maximumSteps = 4096

    /// How many nodes one evaluation visits (saturating above the maximum).
    static func evaluationSteps(_ node: Node) -> Int {
        let cap = maximumSteps + 1
        switch node {
        case .number, .variable: return 1
        case .negate(let a): return min(cap, 1 + evaluationSteps(a))
        case .binary(_, let a, let b): return min(cap, 1 + evaluationSteps(a) + evaluationSteps(b))
        case .call(.change, let args): return min(cap, 1 + 2 * (args.first.map(evaluationSteps) ?? 0))
        case .call(_, let args): return min(cap, args.reduce(1) { min(cap, $0 + evaluationSteps($1)) })
        }
    }

    /// Variable keys used, in order of first appearance.
    public var variables: [String] {
        var seen: [String] = []
        func walk(_ n: Node) {
            switch n {
            case .number: break
            case .variable(let k, _): if !seen.contains(k) { seen.append(k) }
            case .negate(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let args): args.forEach(walk)
            }
        }
        walk(root)
        return seen
    }

    /// A variable the formula reads, and how many years before the reference period.
    public struct Requirement: Sendable, Hashable {
        public var variable: String
        public var yearsBack: Int
    }

    /// Every variable with every year it is read at: the reference period, and for `change(x, n)`
    /// also n years before (nested changes add up). In order of first appearance.
    public var requirements: [Requirement] {
        var out: [Requirement] = []
        func walk(_ n: Node, _ back: Int) {
            switch n {
            case .number: break
            case .variable(let k, _):
                let r = Requirement(variable: k, yearsBack: back)
                if !out.contains(r) { out.append(r) }
            case .negate(let a): walk(a, back)
            case .binary(_, let a, let b): walk(a, back); walk(b, back)
            case .call(.change, let args):
                walk(args[0], back)
                if case .number(let y) = args[1] { walk(args[0], back + Int(y)) }
            case .call(_, let args): args.forEach { walk($0, back) }
            }
        }
        walk(root, 0)
        return out
    }

    /// The most years before the reference period the formula looks (0 without `change`).
    public var lookbackYears: Int {
        func walk(_ n: Node) -> Int {
            switch n {
            case .number, .variable: 0
            case .negate(let a): walk(a)
            case .binary(_, let a, let b): max(walk(a), walk(b))
            case .call(.change, let args):
                if case .number(let y) = args[1] { walk(args[0]) + Int(y) } else { walk(args[0]) }
            case .call(_, let args): args.map(walk).max() ?? 0
            }
        }
        return walk(root)
    }

    /// Checks every variable against the known keys; the error names the first unknown one and where it stands.
    public func validate(knownVariables: Set<String>) throws(FormulaError) {
        func walk(_ n: Node) throws(FormulaError) {
            switch n {
            case .number: break
            case .variable(let k, let pos):
                if !knownVariables.contains(k) {
                    throw FormulaError(position: pos, message: "unbekannte Variable „\(k)“", formula: source)
                }
            case .negate(let a): try walk(a)
            case .binary(_, let a, let b): try walk(a); try walk(b)
            case .call(_, let args): for a in args { try walk(a) }
            }
        }
        try walk(root)
    }
}

/// A formula that could not be parsed or refers to something unknown. `position` is the
/// 1-based character where the problem starts.
public struct FormulaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var position: Int
    public var message: String
    public var formula: String

    public var description: String {
        "Formel „\(formula)“, Zeichen \(position): \(message)"
    }
}

extension Formula {
    /// Parsed formulas by their text, so that asking an indicator whether it is a count or a
    /// share on every row of every page does not parse its formula again. A formula that does
    /// not parse is remembered as nil. Bounded: beyond `cacheLimit` texts the cache starts over.
    private static let cache = Mutex<[String: Formula?]>([:])
    static let cacheLimit = 4096

    public static func cached(_ text: String) -> Formula? {
        if let hit = cache.withLock({ $0[text] }) { return hit }
        let parsed = try? Formula(text)
        cache.withLock { c in
            if c.count >= cacheLimit { c.removeAll(keepingCapacity: true) }
            c[text] = .some(parsed)
        }
        return parsed
    }
}

extension Indicator {
    /// Whether the indicator is a plain count (a variable or a sum of variables), which sums
    /// over areas, rather than a rate.
    public var isCount: Bool {
        guard let f = Formula.cached(formula) else { return false }
        func plain(_ n: Formula.Node) -> Bool {
            switch n {
            case .variable: true
            case .number: true
            case .binary(let op, let a, let b): (op == "+" || op == "-") && plain(a) && plain(b)
            case .call(.sum, let args): args.allSatisfy(plain)
            default: false
            }
        }
        return plain(f.root)
    }

    /// Whether the indicator is a share in percent (`share(…)`), for which a Wilson interval applies.
    public var isShare: Bool {
        guard let f = Formula.cached(formula), case .call(.share, _) = f.root else { return false }
        return true
    }
}
