import Foundation
import QuartierCore
import QuartierStore

extension Town {
    /// Path segments a town's short name may not take, because the server uses them itself.
    public static let reservedSlugs: Set<String> = ["intern", "api", "ogc", "static", "anmelden", "abmelden", "konto", "gemeinden", "health", "metrics",
                                                       "gebiete", "gebiet", "indikator", "sozialindex", "fruehwarnung", "suche", "vergleich",
                                                       "streudiagramm", "bericht", "verwaltung", "massnahmen", "massnahme", "instanz", "impressum",
                                                       "datenschutz", "barrierefreiheit", "steckbriefe", "veraenderung", "karte", "export"]
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

extension InstanceStore {
    /// Registers a town with its own atlas: checks the short name and key, creates the atlas
    /// (`atlas`, else `<slug>.sqlite` in the folder `townsLocation`, or for a PostgreSQL
    /// installation the schema `town_<slug>` of the URL `townsLocation`), records the town and
    /// logs it. Running servers serve it within seconds.
    public func registerTown(slug: String, name: String, ags: String, atlas: String?, townsLocation: String, by user: String) async throws -> Town {
        guard !slug.isEmpty, slug.count <= 40, Town.slug(from: slug) == slug else {
            throw StoreError("Feld „Kurzname“: erwartet Kleinbuchstaben, Ziffern und Bindestriche (höchstens 40), gefunden „\(slug)“")
        }
        guard !Town.reservedSlugs.contains(slug) else { throw StoreError("Feld „Kurzname“: „\(slug)“ ist für den Server reserviert") }
        guard try await !towns().contains(where: { $0.slug == slug }) else { throw StoreError("Feld „Kurzname“: die Gemeinde „\(slug)“ gibt es schon") }
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 200 else { throw StoreError("Feld „Name“: erwartet 1 bis 200 Zeichen") }
        guard ags.isEmpty || (ags.count == 8 && ags.allSatisfy(\.isASCII) && ags.allSatisfy(\.isNumber)) else {
            throw StoreError("Feld „AGS“: erwartet den amtlichen Gemeindeschlüssel mit 8 Ziffern, gefunden „\(ags)“")
        }
        let path: String
        if let atlas {
            path = atlas
        } else if PostgresLocation.isURL(townsLocation) {
            path = try PostgresLocation(url: townsLocation).with(schema: "town_" + slug.replacingOccurrences(of: "-", with: "_")).url
        } else {
            path = townsLocation + "/\(slug).sqlite"
        }
        let store = try await Stores.openAtlas(path)
        _ = try await store.apply(ImportBatch(label: "Gemeinde angelegt", kind: "town", municipality: Municipality(ags: ags, name: trimmed)), progress: nil)
        let town = try await addTown(slug: slug, name: trimmed, ags: ags, database: Stores.canonical(path))
        try await log(user: user, town: slug, action: "Gemeinde angelegt", detail: "\(trimmed) → \(Stores.redacted(town.database))")
        return town
    }
}
