import Foundation
import Hummingbird
import QuartierStore
import Synchronization

/// Towns added while the server runs (in the web UI or with `quartier town add`): every server of
/// the installation reads the instance database's town list every few seconds and mounts a new
/// town below `/<slug>` with its own router, without a restart.
final class TownDirectory: Sendable {
    let instance: any InstanceStore
    let configuration: ServerConfiguration
    let metrics: Metrics
    /// Routers of the towns added after the start, by slug.
    private let added = Mutex<[String: RouterResponder<AtlasRequestContext>]>([:])
    /// Towns served already (those of the start among them) and the town count the pages show.
    private let known: Mutex<Set<Int64>>

    /// Every town served, shared with the town list, the login's landing page and readiness.
    let sites: SiteList

    init(sites: SiteList, instance: any InstanceStore, configuration: ServerConfiguration, metrics: Metrics) {
        self.instance = instance
        self.configuration = configuration
        self.metrics = metrics
        self.sites = sites
        self.known = Mutex(Set(sites.all.map(\.town.id)))
        let interval = configuration.townRefreshSeconds
        guard interval > 0 else { return }
        Task.detached { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                guard let self else { return }
                await self.refresh()
            }
        }
    }

    func responder(slug: Substring) -> RouterResponder<AtlasRequestContext>? {
        added.withLock { $0[String(slug)] }
    }

    /// Mounts the towns of the instance database not served yet. A town whose atlas cannot be
    /// opened now is tried again at the next round.
    func refresh() async {
        guard let towns = try? await instance.towns() else { return }
        let served = known.withLock { $0 }
        for town in towns where !served.contains(town.id) && !town.slug.isEmpty {
            guard let store = try? await Stores.openAtlas(town.database) else { continue }
            let router = Router(context: AtlasRequestContext.self)
            addSharedMiddleware(to: router, instance: instance, configuration: configuration, metrics: metrics)
            let site = TownSite(town: town, store: store, base: "/" + town.slug)
            mount(site, on: router, instance: instance, configuration: configuration, sites: sites)
            let responder = router.buildResponder()
            added.withLock { $0[town.slug] = responder }
            sites.append(site)
            _ = known.withLock { $0.insert(town.id) }
        }
    }
}

/// Sends a request below `/<slug>` of a town added while running to that town's router, every
/// other request to the router built at the start.
struct TownDispatch<Main: HTTPResponderBuilder>: HTTPResponderBuilder where Main.Responder.Context == AtlasRequestContext {
    let main: Main
    let directory: TownDirectory

    func buildResponder() -> CallbackResponder<AtlasRequestContext> {
        let responder = main.buildResponder()
        let directory = self.directory
        return CallbackResponder { request, context in
            let path = request.uri.path
            if path.utf8.count > 1, let slug = path.dropFirst().split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first,
               let town = directory.responder(slug: slug) {
                return try await town.respond(to: request, context: context)
            }
            return try await responder.respond(to: request, context: context)
        }
    }
}
