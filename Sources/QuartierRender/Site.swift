/// Where a page is rendered: which town's atlas, public or internal, and who is logged in.
/// Set per request by the server (a task-local), so that the page renderers build their links
/// below the right base path without every renderer taking it as a parameter.
public struct SiteContext: Sendable {
    /// Base of every atlas link: "" or "/slug" for a public atlas, with "/intern" for the internal one.
    public var base: String
    /// Base of the town's public atlas (for the API link and "public view").
    public var publicBase: String
    public var isInternal: Bool
    /// Display name of the logged-in user.
    public var userName: String?
    /// The session's CSRF token, for the logout form in the header.
    public var csrf: String?
    /// Whether the user may open the administration of this town.
    public var canAdminister: Bool
    /// Other towns of the installation (for the landing link).
    public var townCount: Int
    /// Legal pages the town has not written yet (warned about on internal pages).
    public var missingLegalPages: [String] = []
    /// Whether the user is the town's admin (who writes the legal pages).
    public var isTownAdmin = false
    /// A page of the installation (login, account, town list), not of one town's atlas.
    public var isInstallationPage = false

    public init(base: String = "", publicBase: String = "", isInternal: Bool = false, userName: String? = nil,
                csrf: String? = nil, canAdminister: Bool = false, townCount: Int = 1) {
        self.base = base; self.publicBase = publicBase; self.isInternal = isInternal; self.userName = userName
        self.csrf = csrf; self.canAdminister = canAdminister; self.townCount = townCount
    }
}

public enum Site {
    @TaskLocal public static var current = SiteContext()
}
