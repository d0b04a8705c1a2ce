import Foundation
import HummingbirdCore
import NIOCore

/// How the atlas server runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Denominator below which a rate is flagged "low reliability".
    public var minimumDenominator: Double
    /// Largest request body (uploads), in bytes.
    public var maxUploadBytes: Int
    /// Always mark cookies `Secure` (also set automatically behind a proxy that sends `X-Forwarded-Proto: https`).
    public var secureCookies: Bool
    /// bcrypt cost for new password hashes (2^cost rounds).
    public var bcryptCost: UInt8
    /// Days after which an internal dataset is listed as "should be published" (KECK: four months).
    public var publishAfterDays: Int
    /// Failed logins of one account before it is locked for `lockMinutes`.
    public var maxFailuresPerAccount: Int
    /// Failed logins from one address within `lockMinutes` before further attempts are refused.
    public var maxFailuresPerAddress: Int
    public var lockMinutes: Int
    /// Session lifetime in hours.
    public var sessionHours: Int
    /// Where uploads wait for confirmation.
    public var uploadDirectory: String
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (for the login throttle).
    public var trustedProxies: Set<String> = []
    /// Log every request (method, path, status, milliseconds) at level info.
    public var accessLog = false
    /// How often (seconds) every server reads the town list of the instance database, so that a
    /// town added while it runs is served without a restart; 0 turns it off.
    public var townRefreshSeconds: Double = 2
    /// Where towns added in the web UI get their atlas: a folder for SQLite files, or the
    /// PostgreSQL URL whose database takes a schema per town; nil: no adding in the web UI.
    public var townsLocation: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, minimumDenominator: Double = 50, maxUploadBytes: Int = 50 * 1_048_576,
                secureCookies: Bool = false, bcryptCost: UInt8 = 12, publishAfterDays: Int = 120, maxFailuresPerAccount: Int = 5,
                maxFailuresPerAddress: Int = 20, lockMinutes: Int = 15, sessionHours: Int = 8,
                uploadDirectory: String = NSTemporaryDirectory() + "quartier-uploads") {
        self.host = host
        self.port = port
        self.minimumDenominator = minimumDenominator
        self.maxUploadBytes = maxUploadBytes
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.publishAfterDays = publishAfterDays
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.lockMinutes = lockMinutes
        self.sessionHours = sessionHours
        self.uploadDirectory = uploadDirectory
    }

    /// Largest body a request without a session may send (the login form needs a few hundred bytes).
    public var anonymousBodyLimit = 64 * 1024

    /// HTTP/1 limits: headers of at most 32 KB (16 KB a field, 100 fields), idle connections
    /// closed after 60 seconds.
    static let http1 = HTTP1Channel.Configuration(
        idleTimeout: .seconds(60),
        httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 * 1024, maxHeaderListSize: 32 * 1024, maxHeaderFieldCount: 100))
}
