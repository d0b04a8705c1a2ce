import QuartierStore

extension Town {
    /// Path segments a town's short name may not take, because the server uses them itself.
    public static let reservedSlugs: Set<String> = ["intern", "api", "ogc", "static", "anmelden", "abmelden", "konto", "gemeinden", "health", "metrics",
                                                       "gebiete", "gebiet", "indikator", "sozialindex", "fruehwarnung", "suche", "vergleich",
                                                       "streudiagramm", "bericht", "verwaltung", "massnahmen", "massnahme"]
}

extension InstanceStore {
    /// Makes sure the atlas at `path` is a town of the installation (the first one, served at
    /// the root); returns it.
    public func ensureTown(atlasPath path: String, store: any AtlasStore) async throws -> Town {
        let absolute = Stores.canonical(path)
        if let t = try await towns().first(where: { Stores.canonical($0.database) == absolute }) { return t }
        let m = try await store.municipality()
        var slug = Town.slug(from: m?.name ?? "stadt")
        let taken = Set(try await towns().map(\.slug))
        var n = 2
        let stem = slug
        while taken.contains(slug) || Town.reservedSlugs.contains(slug) { slug = "\(stem)-\(n)"; n += 1 }
        return try await addTown(slug: slug, name: m?.name ?? "", ags: m?.ags ?? "", database: absolute)
    }
}
