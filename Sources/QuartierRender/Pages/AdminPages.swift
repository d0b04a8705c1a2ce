import Foundation
import QuartierCore

/// Pages of the staff part: login, account, release of data, imports, upload, users, audit log.
public enum AdminPages {
    static func csrfField(_ f: inout Markup, _ token: String) {
        f.void("input", ["type": "hidden", "name": "csrf", "value": token])
    }

    static func notice(_ m: inout Markup, message: String?, error: String?) {
        if let message { m.element("p", ["class": "notice ok", "role": "status"], text: message) }
        if let error { m.element("p", ["class": "notice error", "role": "alert"], text: error) }
    }

    static let berlin: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "Europe/Berlin") ?? .current
        return c
    }()

    /// "24.11.2026 14:05" in German local time (both languages; one calendar, no formatter per call).
    public static func date(_ d: Date, _ lang: Language) -> String {
        let c = berlin.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : String(v) }
        return "\(two(c.day)).\(two(c.month)).\(c.year ?? 0) \(two(c.hour)):\(two(c.minute))"
    }
}
