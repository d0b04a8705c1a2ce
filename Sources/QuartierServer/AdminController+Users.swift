import Foundation
import HTTPTypes
import Hummingbird
import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierRender
import QuartierStore

/// The town's accounts and roles, and the audit log.
extension AdminController {
    // MARK: Users

    func users(_ request: Request, message: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let auth = try require(.admin, request)
        let now = Date()
        let rows = try await instance.users(townID: site.town.id).map {
            AdminPages.UserRow(id: $0.id, login: $0.login, name: $0.name, role: $0.roles[site.town.id]?.rawValue ?? "viewer",
                               locked: ($0.lockedUntil ?? .distantPast) > now)
        }
        return PageController.html(AdminPages.users(townName: try await townName(), users: rows, csrf: auth.csrf, message: message ?? flash(request), error: error,
                                                    lang: PageController.lang(request)), status: status)
    }

    func addUser(_ request: Request) async throws -> Response {
        let auth = try require(.admin, request)
        let form = RequestState.form
        let login = (form.value("login") ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.value("name") ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.value("passwort") ?? ""
        guard Self.isLogin(login) else {
            return try await users(request, message: nil, error: "Feld „Benutzername“: erwartet 2–64 Zeichen aus Buchstaben, Ziffern, . _ - @.", status: .badRequest)
        }
        guard !name.isEmpty, name.count <= 200 else { return try await users(request, message: nil, error: "Feld „Name“: darf nicht leer sein.", status: .badRequest) }
        guard let role = Role(rawValue: form.value("rolle") ?? "") else {
            return try await users(request, message: nil, error: "Feld „Rolle“: erwartet viewer, editor oder admin.", status: .badRequest)
        }
        if let problem = Passwords.problem(password, login: login) { return try await users(request, message: nil, error: "Feld „Passwort“: " + problem, status: .badRequest) }
        do {
            let user: User
            if let existing = try await instance.user(login: login) {
                // An existing account joins this town only if this administration may take charge of it.
                guard AccountPolicy.mayTakeCharge(of: existing, by: auth.user, in: site.town.id) else {
                    let refusal = AccountPolicy.refusal(for: existing)
                    return try await users(request, message: nil, error: refusal.message, status: refusal.status)
                }
                user = existing
            } else {
                user = try await instance.addUser(login: login, name: name, passwordHash: Passwords(cost: configuration.bcryptCost).hash(password), instanceAdmin: false)
            }
            try await instance.setRole(role, userID: user.id, townID: site.town.id)
            try await log(auth, "Benutzer hinzugefügt", "\(login) als \(role.rawValue)")
            return done(request, "/verwaltung/benutzer", "Benutzer „\(login)“ hat jetzt die Rolle „\(AdminPages.roleName(role.rawValue, .de))“.")
        } catch let e as StoreError {
            return try await users(request, message: nil, error: e.message, status: .conflict)
        }
    }

    static func isLogin(_ s: String) -> Bool {
        (2...64).contains(s.count) && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || ".-_@".unicodeScalars.contains($0) }
    }

    func changeUser(_ request: Request, id: String, action: String) async throws -> Response {
        let auth = try require(.admin, request)
        guard let userID = Int64(id), let user = try await instance.user(id: userID), user.roles[site.town.id] != nil else {
            return try await users(request, message: nil, error: "Diesen Benutzer gibt es in dieser Gemeinde nicht.", status: .notFound)
        }
        let form = RequestState.form
        switch action {
        case "rolle":
            guard let role = Role(rawValue: form.value("rolle") ?? "") else {
                return try await users(request, message: nil, error: "Feld „Rolle“: erwartet viewer, editor oder admin.", status: .badRequest)
            }
            if user.id == auth.user.id && role < .admin && !auth.user.instanceAdmin {
                return try await users(request, message: nil, error: "Die eigene Administrationsrolle kann nicht entzogen werden.", status: .badRequest)
            }
            try await instance.setRole(role, userID: user.id, townID: site.town.id)
            try await log(auth, "Rolle geändert", "\(user.login): \(role.rawValue)")
            return done(request, "/verwaltung/benutzer", "Rolle von „\(user.login)“ geändert.")
        case "passwort":
            let password = form.value("passwort") ?? ""
            if let problem = Passwords.problem(password, login: user.login) { return try await users(request, message: nil, error: "Feld „Passwort“: " + problem, status: .badRequest) }
            guard AccountPolicy.mayTakeCharge(of: user, by: auth.user, in: site.town.id) else {
                let refusal = AccountPolicy.refusal(for: user)
                return try await users(request, message: nil, error: refusal.message, status: refusal.status)
            }
            try await instance.setPassword(userID: user.id, hash: Passwords(cost: configuration.bcryptCost).hash(password))
            try await log(auth, "Passwort zurückgesetzt", user.login)
            return done(request, "/verwaltung/benutzer", "Passwort von „\(user.login)“ gesetzt; alle Sitzungen des Kontos wurden beendet.")
        case "entfernen":
            if user.id == auth.user.id { return try await users(request, message: nil, error: "Das eigene Konto kann nicht entfernt werden.", status: .badRequest) }
            try await instance.setRole(nil, userID: user.id, townID: site.town.id)
            try await log(auth, "Benutzer entfernt", user.login)
            return done(request, "/verwaltung/benutzer", "„\(user.login)“ hat keinen Zugang mehr zu dieser Gemeinde.")
        default:
            throw HTTPError(.notFound)
        }
    }

    func audit(_ request: Request) async throws -> Response {
        try require(.admin, request)
        let entries = try await TownAudit.entries(instance: instance, store: site.store, town: site.town.slug).map { AdminPages.AuditRow(at: $0.at, user: $0.user, action: $0.action, detail: $0.detail) }
        return PageController.html(AdminPages.audit(townName: try await townName(), entries: entries, lang: PageController.lang(request)))
    }
}

