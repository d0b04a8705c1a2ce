/// What the application layer refuses, in words for the planner or the reader of the atlas.
/// The front ends decide how to show it: the web server maps the kind to an HTTP status in one
/// place (`AtlasError+HTTP.swift`), the command line prints the message and exits with 1.
public struct AtlasError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The atlas has no such thing (indicator, area, level, year, measure).
        case notFound
        /// A parameter or form value that cannot be used as given.
        case invalidRequest
        /// The request contradicts what is stored (a duplicate, a stale state).
        case conflict
        /// The person may not do this.
        case forbidden
    }

    public var kind: Kind
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public static func notFound(_ message: String) -> AtlasError { AtlasError(kind: .notFound, message: message) }
    public static func invalid(_ message: String) -> AtlasError { AtlasError(kind: .invalidRequest, message: message) }

    public var description: String { message }
}
