import Foundation

/// A page a German public body's website must have, written by the town's admin: the
/// Impressum (DDG §5), the Datenschutzerklärung (DSGVO Art. 13) and the Erklärung zur
/// Barrierefreiheit with its feedback contact (BITV 2.0 §7).
public struct LegalPage: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case impressum, datenschutz, barrierefreiheit

        public var germanTitle: String {
            switch self {
            case .impressum: "Impressum"
            case .datenschutz: "Datenschutzerklärung"
            case .barrierefreiheit: "Erklärung zur Barrierefreiheit"
            }
        }

        public var englishTitle: String {
            switch self {
            case .impressum: "Legal notice (Impressum)"
            case .datenschutz: "Privacy policy"
            case .barrierefreiheit: "Accessibility statement"
            }
        }

        /// The short name in the footer.
        public func footerName(german: Bool) -> String {
            switch self {
            case .impressum: "Impressum"
            case .datenschutz: german ? "Datenschutz" : "Privacy"
            case .barrierefreiheit: german ? "Barrierefreiheit" : "Accessibility"
            }
        }
    }

    public var kind: Kind
    /// Plain text: paragraphs separated by a blank line, lines kept.
    public var text: String
    /// The feedback contact of the accessibility statement (an e-mail address or a postal address).
    public var contact: String?
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(kind: Kind, text: String, contact: String? = nil, updatedBy: String? = nil, updatedAt: Date? = nil) {
        self.kind = kind; self.text = text; self.contact = contact; self.updatedBy = updatedBy; self.updatedAt = updatedAt
    }

    /// Whether the page says nothing yet (the accessibility statement also needs its contact).
    public var isEmpty: Bool {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            || (kind == .barrierefreiheit && (contact ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
    }

    /// At most this many characters per text (a generous legal page is a few thousand).
    public static let maximumLength = 50_000
}
