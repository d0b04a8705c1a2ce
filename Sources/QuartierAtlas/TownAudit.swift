import Foundation
import QuartierCore
import QuartierStore

/// A town's audit log as the admin page shows it: the installation's entries (logins, users,
/// releases) and the imports and rollbacks recorded with the batches themselves. An import's
/// entry is written in the import's own transaction in the town's atlas, so a kill between the
/// data and the log cannot lose it.
public enum TownAudit {
    public static func entries(instance: any InstanceStore, store: any AtlasStore, town: String, limit: Int = 500) async throws -> [AuditEntry] {
        var out = try await instance.audit(town: town, limit: limit)
        for b in try await store.batches() {
            let what = "„\(b.label)“ als Nr. \(b.id): \(b.values) Werte, \(b.areas) Gebiete"
            // Newest first, as the installation's entries come.
            if let by = b.rolledBackBy, let at = b.rolledBackAt {
                out.append(AuditEntry(at: at, user: by, town: town, action: "Import zurückgenommen", detail: what))
            }
            if let by = b.importedBy {
                out.append(AuditEntry(at: b.createdAt, user: by, town: town, action: "importiert", detail: what))
            }
        }
        // Newest first; a stable order for entries of the same second.
        return Array(out.enumerated().sorted { ($0.element.at, -$0.offset) > ($1.element.at, -$1.offset) }.map(\.element).prefix(limit))
    }
}
