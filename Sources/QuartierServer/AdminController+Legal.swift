import Foundation
import HTTPTypes
import Hummingbird
import QuartierCore
import QuartierRender
import QuartierStore

/// The town admin writes the Impressum, privacy policy and accessibility statement
/// (`/verwaltung/rechtliches`); the public pages show them (`/impressum`, …).
extension AdminController {
    func legalForm(_ request: Request) async throws -> Response {
        let auth = try require(.admin, request)
        return PageController.html(LegalPages.form(pages: try await site.store.legalPages(), townName: try await townName(), csrf: auth.csrf,
                                                   message: flash(request), canManageUsers: true, lang: PageController.lang(request)))
    }

    /// Saves the three texts, then sends the browser to the form again (post/redirect/get).
    func saveLegal(_ request: Request) async throws -> Response {
        let auth = try require(.admin, request)
        let form = RequestState.form
        let stored = try await site.store.legalPages()
        var changed: [String] = []
        for kind in LegalPage.Kind.allCases {
            let text = form.value(kind.rawValue) ?? ""
            let contact = kind == .barrierefreiheit ? form.value("kontakt") : nil
            guard text.count <= LegalPage.maximumLength, (contact ?? "").count <= 500 else {
                throw Refusal(.badRequest, "\(kind.germanTitle): höchstens \(LegalPage.maximumLength) Zeichen, der Kontakt höchstens 500.")
            }
            let old = stored.first { $0.kind == kind }
            guard old?.text != text || old?.contact != contact else { continue }
            try await site.store.save(legalPage: LegalPage(kind: kind, text: text, contact: contact), by: auth.user.name)
            changed.append(kind.germanTitle)
        }
        if !changed.isEmpty { try await log(auth, "Rechtliches geändert", changed.joined(separator: ", ")) }
        let de = PageController.lang(request) == .de
        return done(request, "/verwaltung/rechtliches", changed.isEmpty ? (de ? "Nichts geändert." : "Nothing changed.")
                                                                        : (de ? "Gespeichert: " : "Saved: ") + changed.joined(separator: ", ") + ".")
    }
}
