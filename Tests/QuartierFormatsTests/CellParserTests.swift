import Testing
@testable import QuartierFormats

@Suite struct CellParserTests {
    func parse(_ s: String, _ d: CellParser.DecimalMark = .comma) -> ParsedCell {
        Array(s.utf8).withUnsafeBufferPointer { CellParser.parse($0, decimal: d) }
    }

    @Test func germanNumbers() {
        #expect(parse("1.234,5") == .number(1234.5))
        #expect(parse("1.234.567") == .number(1_234_567))
        #expect(parse("1 234") == .number(1234))
        #expect(parse("1\u{00A0}234,25") == .number(1234.25))
        #expect(parse("12,5") == .number(12.5))
        #expect(parse("-3,75") == .number(-3.75))
        #expect(parse("\u{2212}2") == .number(-2))
        #expect(parse("0,1") == .number(0.1))
        #expect(parse("007") == .number(7))
    }

    @Test func englishNumbers() {
        #expect(parse("1,234.5", .point) == .number(1234.5))
        #expect(parse("12.5", .point) == .number(12.5))
    }

    @Test func badNumbersAreInvalid() {
        #expect(parse("12,3,4") == .invalid)
        #expect(parse("1.23") == .invalid)      // a thousands group needs three digits
        #expect(parse("12a") == .invalid)
        #expect(parse("1.2345") == .invalid)
        #expect(parse("abc") == .invalid)
        #expect(parse("1,") == .invalid)
    }

    @Test func officialSymbols() {
        #expect(parse("-") == .symbol("-", 0, 0))
        #expect(parse(".") == .symbol(".", 1, nil))
        #expect(parse("*") == .symbol("*", 1, nil))
        #expect(parse("/") == .symbol("/", 1, nil))
        #expect(parse("x") == .symbol("x", 2, nil))
        #expect(parse("...") == .symbol("...", 2, nil))
        #expect(parse("…") == .symbol("...", 2, nil))
        #expect(parse("") == .empty)
    }

    @Test func exactDecimalConversion() {
        #expect(parse("0,3") == .number(0.3))
        #expect(parse("123.456.789,123") == .number(123_456_789.123))
        #expect(parse("123456789012345") == .number(123_456_789_012_345))
        // Beyond 10^15 a double would round the digits: refused instead of stored inexactly.
        #expect(parse("12345678901234567890") == .invalid)
    }

    @Test func periods() {
        #expect(CellParser.period("2024") == "2024-12-31")
        #expect(CellParser.period("2024-06") == "2024-06-30")
        #expect(CellParser.period("31.12.2023") == "2023-12-31")
        #expect(CellParser.period("2024-02-29") == "2024-02-29")
        #expect(CellParser.period("2023-02-29") == nil)
        #expect(CellParser.period("20x4") == nil)
        #expect(CellParser.period("24") == nil)
    }
}
