import QuartierCore
import QuartierStore

/// What the public atlas shows after a release (or withdrawal) compared with now, indicator by
/// indicator on the finest map level: the period each is shown in, how many areas have a value,
/// how many are suppressed or empty, and where a new year is still partial. Shown before a
/// release is confirmed (release page, `quartier release --dry-run`).
public struct ReleasePreview: Sendable {
    public struct Change: Sendable {
        public var name: String
        public var before: Period?
        public var after: Period?
        public var levelName: String
        public var areas: Int
        public var valuesBefore: Int, valuesAfter: Int
        public var suppressedBefore: Int, suppressedAfter: Int
        public var emptyAfter: Int
        /// A released period newer than the one shown, and what it lacks for this indicator.
        public var partial: (period: Period, missing: [String])?
    }

    public var changes: [Change]
    /// Indicators the public sees the same before and after.
    public var unchanged: Int

    /// Compares the public view of `store` now with the one after the change.
    public static func make(store: any AtlasStore, change: PublicationState, withdraw: Bool, minimumDenominator: Double) async throws -> ReleasePreview {
        let now = AtlasQueries(store: PublicAtlasStore(base: store), minimumDenominator: minimumDenominator)
        let after = AtlasQueries(store: PublicAtlasStore(base: store, after: change, withdraw: withdraw), minimumDenominator: minimumDenominator)
        let beforeKeys = Set(try await now.store.indicators().map(\.key))
        var indicators = try await after.store.indicators()
        for i in try await now.store.indicators() where !indicators.contains(where: { $0.key == i.key }) { indicators.append(i) }
        let newest = change.datasets.map(\.period).max()
        let changedVariables = Set(change.datasets.map(\.variableKey))
        let complete = try await after.completeness()
        var out = ReleasePreview(changes: [], unchanged: 0)
        for ind in indicators {
            let b = beforeKeys.contains(ind.key) ? try? await now.indicator(key: ind.key, year: nil, levelKey: nil) : nil
            let a = try? await after.indicator(key: ind.key, year: nil, levelKey: nil)
            func count(_ r: IndicatorResult?, _ s: Set<ValueStatus>) -> Int { r?.rows.filter { s.contains($0.outcome.status) }.count ?? 0 }
            var c = Change(name: ind.name, before: b?.period, after: a?.period, levelName: (a ?? b)?.level.name ?? "",
                           areas: (a ?? b)?.rows.count ?? 0,
                           valuesBefore: count(b, [.ok, .estimated]), valuesAfter: count(a, [.ok, .estimated]),
                           suppressedBefore: count(b, [.suppressed]), suppressedAfter: count(a, [.suppressed]),
                           emptyAfter: count(a, [.missing]), partial: nil)
            // A new period that this indicator reads from but cannot yet be computed in.
            if let a, let newest, newest > a.period, !withdraw, let f = try? Formula(a.indicator.formula),
               f.variables.contains(where: changedVariables.contains) {
                let lacking = complete.missing(f, levelKey: a.level.key, at: newest)
                if !lacking.isEmpty { c.partial = (newest, complete.describe(lacking, at: newest)) }
            }
            let same = c.before == c.after && c.valuesBefore == c.valuesAfter && c.suppressedBefore == c.suppressedAfter
                && (b == nil) == (a == nil) && c.partial == nil
            if same { out.unchanged += 1 } else { out.changes.append(c) }
        }
        // Indicators that move, appear or go first; those only waiting for the rest of a year after.
        let moving = out.changes.filter { $0.before != $0.after || $0.valuesBefore != $0.valuesAfter || $0.suppressedBefore != $0.suppressedAfter }
        out.changes = moving + out.changes.filter { c in !moving.contains { $0.name == c.name } }
        return out
    }

    /// One line per change, in German or English; `warning` marks partial years and areas losing values.
    public func lines(german de: Bool) -> [(text: String, warning: Bool)] {
        var out: [(String, Bool)] = []
        for c in changes {
            let counts = de
                ? "Werte in \(c.valuesAfter) von \(c.areas) Gebieten (\(c.levelName))" + (c.valuesAfter != c.valuesBefore ? ", vorher \(c.valuesBefore)" : "")
                    + (c.suppressedAfter > 0 || c.suppressedBefore > 0 ? ", \(c.suppressedAfter) gesperrt" + (c.suppressedAfter != c.suppressedBefore ? " (vorher \(c.suppressedBefore))" : "") : "")
                    + (c.emptyAfter > 0 ? ", \(c.emptyAfter) ohne Wert" : "")
                : "values in \(c.valuesAfter) of \(c.areas) areas (\(c.levelName))" + (c.valuesAfter != c.valuesBefore ? ", before \(c.valuesBefore)" : "")
                    + (c.suppressedAfter > 0 || c.suppressedBefore > 0 ? ", \(c.suppressedAfter) suppressed" + (c.suppressedAfter != c.suppressedBefore ? " (before \(c.suppressedBefore))" : "") : "")
                    + (c.emptyAfter > 0 ? ", \(c.emptyAfter) without a value" : "")
            let text: String
            switch (c.before, c.after) {
            case (nil, let a?):
                text = de ? "\(c.name): neu öffentlich, Stand \(a.germanDate); \(counts)." : "\(c.name): newly public, as of \(a.germanDate); \(counts)."
            case (_?, nil):
                text = de ? "\(c.name): nicht mehr öffentlich." : "\(c.name): no longer public."
            case (let b?, let a?) where a != b:
                text = de ? "\(c.name): Stand \(b.germanDate) → \(a.germanDate); \(counts)." : "\(c.name): \(b.germanDate) → \(a.germanDate); \(counts)."
            case (let b?, _?):
                // Only a partial year to report: its own line says it.
                let onlyPartial = c.valuesAfter == c.valuesBefore && c.suppressedAfter == c.suppressedBefore
                text = onlyPartial ? "" : de ? "\(c.name): bleibt bei Stand \(b.germanDate); \(counts)." : "\(c.name): stays at \(b.germanDate); \(counts)."
            default:
                continue
            }
            if !text.isEmpty { out.append((text, c.valuesAfter < c.valuesBefore)) }
            if let p = c.partial {
                out.append((de ? "Teiljahr: „\(c.name)“ bleibt bei Stand \(c.after?.germanDate ?? "–"), denn für den \(p.period.germanDate) fehlen noch Werte für \(p.missing.joined(separator: "; "))."
                               : "Partial year: “\(c.name)” stays at \(c.after?.germanDate ?? "–"), because for \(p.period.germanDate) values are still missing for \(p.missing.joined(separator: "; ")).", true))
            }
        }
        if out.isEmpty { out.append((de ? "Die öffentlichen Seiten zeigen danach dieselben Indikatorwerte wie jetzt." : "The public pages show the same indicator values afterwards.", false)) }
        else if unchanged > 0 { out.append((de ? "\(unchanged) weitere Indikatoren bleiben unverändert." : "\(unchanged) other indicators stay as they are.", false)) }
        return out
    }
}
