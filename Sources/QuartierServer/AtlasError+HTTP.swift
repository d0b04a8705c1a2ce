import HTTPTypes
import QuartierAtlas

/// The one place where the application layer's refusals become HTTP statuses.
extension AtlasError {
    var status: HTTPResponse.Status {
        switch kind {
        case .notFound: .notFound
        case .invalidRequest: .badRequest
        case .conflict: .conflict
        case .forbidden: .forbidden
        }
    }
}
