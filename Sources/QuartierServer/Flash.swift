import Crypto
import Foundation
import Hummingbird

/// The message a successful form leaves for the page it redirects to (post/redirect/get).
/// It travels in the query string, signed with the session's CSRF secret, so a link made by
/// someone else cannot put words on a staff page, and it needs no server state: any server of
/// the installation shows it.
enum Flash {
    static let maximumLength = 1_000

    static func signature(_ message: String, key: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: Data(key.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// `meldung=…&pruef=…` for a message.
    static func query(_ message: String, key: String) -> String {
        let m = String(message.prefix(maximumLength))
        let encoded = Data(m.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "meldung=\(encoded)&pruef=\(signature(m, key: key))"
    }

    /// The message of this request's query, if its signature holds for `key`.
    static func message(_ request: Request, key: String) -> String? {
        let q = request.uri.queryParameters
        guard let encoded = q.get("meldung"), encoded.utf8.count <= maximumLength * 2, let sig = q.get("pruef") else { return nil }
        var b64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.utf8.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let m = String(data: data, encoding: .utf8) else { return nil }
        let expected = signature(m, key: key)
        guard sig.utf8.count == expected.utf8.count, zip(sig.utf8, expected.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return nil }
        return m
    }
}

extension AdminController {
    /// 303 to `path` (inside the internal atlas) with `message` for the page to show.
    func done(_ request: Request, _ path: String, _ message: String) -> Response {
        let key = RequestState.auth?.csrf ?? ""
        var url = site.base + "/intern" + path + (path.contains("?") ? "&" : "?") + Flash.query(message, key: key)
        if PageController.lang(request) == .en { url += "&lang=en" }
        var response = Response(status: .seeOther)
        response.headers[.location] = url
        return response
    }

    /// The message a redirect left for this page, if any.
    func flash(_ request: Request) -> String? {
        RequestState.auth.flatMap { Flash.message(request, key: $0.csrf) }
    }
}
