import Foundation
import QuartierAtlas
import QuartierCore
import QuartierStore
import Testing

/// Profiles and indicator results are computed once per data version (issue 23, point 1), and
/// never outlive it: a withdrawn release is gone from the very next answer.
@Suite struct ResultMemoTests {
    @Test func aResultIsReusedWithinADataVersionAndDroppedWithIt() async throws {
        let store = try await RouteTests.demoStore()
        let queries = AtlasQueries(store: PublicAtlasStore(base: store), minimumDenominator: 50)
        let first = try await queries.indicator(key: "einwohner", year: "2025", levelKey: nil)
        #expect(first.rows.contains { $0.outcome.status == .ok })
        #expect(queries.memo.count == 1)
        _ = try await queries.indicator(key: "einwohner", year: "2025", levelKey: nil)
        _ = try await queries.profile(code: "SR06", year: nil)
        #expect(queries.memo.count == 2)
        // Withdrawing the residents of 2025 raises the data version: the next answer has no values.
        try await store.setReleased(false, datasets: [Dataset(variableKey: "ew_gesamt", period: Period(year: 2025))], indicators: [], by: "Test")
        let after = try await queries.indicator(key: "einwohner", year: "2025", levelKey: nil)
        #expect(!after.rows.contains { $0.outcome.status == .ok })
        #expect(queries.memo.count == 1)
        // Unknown keys are refused, not remembered.
        await #expect(throws: AtlasError.self) { try await queries.indicator(key: "gibt-es-nicht", year: nil, levelKey: nil) }
        #expect(queries.memo.count == 1)
    }

    @Test func theMemoIsBounded() async throws {
        let store = try await RouteTests.demoStore()
        let queries = AtlasQueries(store: store, minimumDenominator: 50, memo: ResultMemo(capacity: 4))
        for code in (1...10).map({ String(format: "SR%02d", $0) }) { _ = try await queries.profile(code: code, year: nil) }
        #expect(queries.memo.count <= 4)
    }
}
