import QuartierStore

/// Who may manage which staff account. A town's administration manages the accounts that belong
/// to its town alone; an account that also belongs to another town, or that administers the
/// installation, is the instance administration's to grant and to reset, since whoever sets its
/// password can act in every town it belongs to.
public enum AccountPolicy {
    /// Whether `actor` may give `account` (an existing login) a role in town `townID` or set its password.
    public static func mayTakeCharge(of account: User, by actor: User, in townID: Int64) -> Bool {
        if actor.instanceAdmin { return true }
        guard actor.role(in: townID) == .admin, !account.instanceAdmin else { return false }
        return account.roles.keys.allSatisfy { $0 == townID }
    }

    /// The refusal, in words for the town's administration.
    public static func refusal(for account: User) -> AtlasError {
        AtlasError(kind: .forbidden, message: account.instanceAdmin
            ? "„\(account.login)“ administriert die Installation; nur die Administration der Installation kann dieses Konto ändern."
            : "„\(account.login)“ gehört auch zu einer anderen Gemeinde; nur die Administration der Installation kann es hier aufnehmen oder sein Passwort setzen.")
    }
}
