import HummingbirdBcrypt
import QuartierRender

/// Password hashing (bcrypt) and the password policy.
public struct Passwords: Sendable {
    public var cost: UInt8

    public init(cost: UInt8 = 12) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    static let common: Set<String> = ["passwort1234", "password1234", "123456789012", "qwertzuiop12", "sommer2025!!", "winter2025!!",
                                      "willkommen123", "hallo1234567", "geheim123456", "quartier1234"]

    /// Why a password is not acceptable, or nil. At least 12 characters, at least two kinds of
    /// character (letters, digits, others), not the login, not a well-known password.
    public static func problem(_ password: String, login: String, lang: Language = .de) -> String? {
        let de = lang == .de
        if password.count < 12 { return de ? "Das Passwort muss mindestens 12 Zeichen lang sein." : "The password must have at least 12 characters." }
        if password.count > 200 { return de ? "Das Passwort darf höchstens 200 Zeichen lang sein." : "The password may have at most 200 characters." }
        let kinds = [password.contains { $0.isLetter }, password.contains { $0.isNumber }, password.contains { !$0.isLetter && !$0.isNumber }]
        if kinds.filter({ $0 }).count < 2 {
            return de ? "Das Passwort muss mindestens zwei Arten von Zeichen enthalten (Buchstaben, Ziffern, Sonderzeichen)."
                : "The password must mix at least two kinds of characters (letters, digits, symbols)."
        }
        let lower = password.lowercased()
        if !login.isEmpty && lower.contains(login.lowercased()) { return de ? "Das Passwort darf den Benutzernamen nicht enthalten." : "The password must not contain the user name." }
        if common.contains(lower) || Set(lower).count < 4 { return de ? "Dieses Passwort ist zu leicht zu erraten." : "This password is too easy to guess." }
        return nil
    }
}
