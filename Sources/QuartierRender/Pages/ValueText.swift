import QuartierCore

/// How a computed value reads in the UI, including why there is none.
public enum ValueText {
    public static func format(_ o: Outcome, indicator: Indicator, lang: Language) -> String {
        let nf = NumberFormat.forLanguage(lang)
        switch o.status {
        case .ok, .estimated:
            guard let v = o.value else { return "–" }
            return nf.format(v, decimals: indicator.decimals, unit: indicator.unit) + (o.status == .estimated ? " (" + lang.t("note.estimated") + ")" : "")
        case .suppressed: return lang.t("note.suppressed")
        case .missing: return lang.t("note.missing")
        }
    }

    /// A short note for a row: suppressed, missing (with reason), low reliability.
    public static func note(_ a: AreaOutcome, lang: Language) -> String {
        switch a.outcome.status {
        case .suppressed: return lang.t("note.suppressed")
        case .missing: return lang.t("note.missing") + (a.outcome.reason.map { " (\(lang.wording.reason($0)))" } ?? "")
        case .estimated: return lang.t("note.estimated")
        case .ok: return a.lowReliability ? lang.t("note.low") : ""
        }
    }
}
