import Foundation

/// A measure (Maßnahme) in some areas: a family centre, a funding programme, a street-work
/// post. Internal until released, like data.
public struct Measure: Sendable, Hashable, Codable {
    /// What the measure should move, and which way.
    public struct Target: Sendable, Hashable, Codable {
        public var indicatorKey: String
        /// -1: the indicator should fall (e.g. child poverty); +1: it should rise.
        public var direction: Int

        public init(indicatorKey: String, direction: Int) {
            self.indicatorKey = indicatorKey
            self.direction = direction < 0 ? -1 : 1
        }
    }

    public var key: String
    public var title: String
    public var description: String
    public var department: String
    public var areaCodes: [String]
    /// ISO dates.
    public var start: String
    public var end: String?
    /// Euro.
    public var budget: Double?
    public var fundingProgramme: String
    public var targetGroup: String
    public var targets: [Target]
    public var release: ReleaseMark?

    public init(key: String, title: String, description: String = "", department: String = "", areaCodes: [String], start: String,
                end: String? = nil, budget: Double? = nil, fundingProgramme: String = "", targetGroup: String = "", targets: [Target],
                release: ReleaseMark? = nil) {
        self.key = key; self.title = title; self.description = description; self.department = department
        self.areaCodes = areaCodes; self.start = start; self.end = end; self.budget = budget
        self.fundingProgramme = fundingProgramme; self.targetGroup = targetGroup; self.targets = targets; self.release = release
    }

    /// The year of the start date.
    public var startYear: Int { Int(start.prefix(4)) ?? 0 }

    /// Problems that make the measure unusable (empty title, no area, bad dates), in German.
    public func problems() -> [String] {
        var out: [String] = []
        if title.trimmingCharacters(in: .whitespaces).isEmpty { out.append("Feld „Titel“: darf nicht leer sein") }
        if areaCodes.isEmpty { out.append("Feld „Gebiete“: mindestens ein Gebiet auswählen") }
        if !Period.isValidISODate(start) { out.append("Feld „Beginn“: erwartet ein Datum JJJJ-MM-TT, gefunden „\(start)“") }
        if let end, !Period.isValidISODate(end) { out.append("Feld „Ende“: erwartet ein Datum JJJJ-MM-TT, gefunden „\(end)“") }
        if let end, Period.isValidISODate(end), Period.isValidISODate(start), end < start { out.append("Feld „Ende“: liegt vor dem Beginn") }
        if let budget, budget < 0 || !budget.isFinite { out.append("Feld „Budget“: erwartet einen Betrag ≥ 0") }
        return out
    }
}
