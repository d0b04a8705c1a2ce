import Hummingbird
import HummingbirdCore
@testable import QuartierServer
import Testing

/// The public page cache keeps answers only to the query parameters pages read, so random query
/// strings cannot push the useful answers out (issue 23).
@Suite struct PageCacheTests {
    @Test func onlyQueriesWithKnownParametersAreKept() {
        func keeps(_ uri: String) -> Bool { PageCache.keeps(URI(uri).queryParameters) }
        #expect(keeps("/indikator/kinderarmut"))
        #expect(keeps("/indikator/kinderarmut?jahr=2024&ebene=stadtteil&lang=en"))
        #expect(keeps("/vergleich?a=SR06&b=SR07"))
        #expect(!keeps("/indikator/kinderarmut?frisch=1234"))
        #expect(!keeps("/?jahr=2024&utm_source=x"))
    }
}
