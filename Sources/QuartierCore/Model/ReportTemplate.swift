import Foundation

/// What a social report contains, and the planner's own text: a named selection of indicators
/// and sections with the interpretation and recommendations (Handlungsempfehlungen) per chapter.
public struct ReportTemplate: Sendable, Hashable, Codable {
    public var name: String
    /// Indicator keys to include (nil: all).
    public var indicators: [String]?
    public var earlyWarning: Bool
    public var measures: Bool
    public var profiles: Bool
    public var annex: Bool
    /// Texts by key: "einleitung", "fazit", "bewertung:<topic>", "empfehlung:<topic>".
    public var texts: [String: String]
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(name: String = ReportTemplate.standardName, indicators: [String]? = nil, earlyWarning: Bool = true, measures: Bool = true,
                profiles: Bool = true, annex: Bool = true, texts: [String: String] = [:], updatedBy: String? = nil, updatedAt: Date? = nil) {
        self.name = name; self.indicators = indicators; self.earlyWarning = earlyWarning; self.measures = measures
        self.profiles = profiles; self.annex = annex; self.texts = texts; self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }

    public static let standardName = "standard"

    public func includes(_ indicatorKey: String) -> Bool { indicators?.contains(indicatorKey) ?? true }
    public func text(_ key: String) -> String? {
        guard let t = texts[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }
}
