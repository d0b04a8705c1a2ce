import Foundation

/// How the tables of one source are read ("BA kleinräumig, Dezember"): a mapping in the INI form
/// of `quartier import table --mapping`, and the header that recognises the source's files, so
/// that the next upload of the same source is read the same way without asking again.
public struct SourceTemplate: Sendable, Hashable, Codable {
    public var name: String
    /// The mapping (sections [columns], [options], [variables]).
    public var mapping: String
    /// The normalised header of the files it was made for (see `SourceTemplates.fingerprint`).
    public var header: String
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(name: String, mapping: String, header: String, updatedBy: String? = nil, updatedAt: Date? = nil) {
        self.name = name
        self.mapping = mapping
        self.header = header
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
