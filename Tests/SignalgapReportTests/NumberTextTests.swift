import SignalgapModel
import SignalgapStatistics
import Testing

@testable import SignalgapReport

@Suite("Numbers and dates as analysts write them")
struct NumberTextTests {
    static func amount(_ value: Double) -> Amount { Amount(units: Int64((value * 10_000).rounded())) }

    static func estimate(_ low: Double?, _ value: Double?, _ high: Double?, _ qualifier: Qualifier) -> Estimate {
        Estimate(low: low.map(amount), value: value.map(amount), high: high.map(amount), qualifier: qualifier)
    }

    @Test(
        "Table form keeps the qualifier",
        arguments: [
            (estimate(125_000, 125_000, nil, .moreThan), Unit.accounts, "> 125,000"),
            (estimate(8, 8, nil, .atLeast), .people, "≥ 8"),
            (estimate(nil, 90_000, nil, .about), .people, "≈ 90,000"),
            (estimate(27_000, nil, 31_000, .range), .people, "27,000–31,000"),
            (estimate(nil, 2, 2, .fewerThan), .percent, "< 2%"),
            (estimate(0, 15, 15, .atMost), .people, "≤ 15"),
            (estimate(1_210_357, 1_210_357, 1_210_357, .exact), .accounts, "1,210,357"),
            (estimate(52_272.7272, 52_272.7272, 52_272.7272, .exact), .accounts, "≈ 52,273"),
            (estimate(52_272.7272, 52_272.7272, nil, .moreThan), .accounts, "> 52,272"),
            (estimate(3.3, nil, 5.2, .range), .people, "3–6"),
            (estimate(-20, -20, -20, .exact), .percent, "-20%"),
            (estimate(83.64, 83.64, 83.64, .exact), .percent, "83.64%"),
        ])
    func symbol(estimate: Estimate, unit: Unit, expected: String) {
        #expect(NumberText.symbol(estimate, unit: unit) == expected)
    }

    @Test("Prose form spells the qualifier out")
    func words() {
        #expect(
            NumberText.words(Self.estimate(125_000, 125_000, nil, .moreThan), unit: .accounts) == "more than 125,000")
        #expect(NumberText.words(Self.estimate(nil, 2, 2, .fewerThan), unit: .percent) == "less than 2%")
        #expect(NumberText.words(Self.estimate(0, 15, 15, .fewerThan), unit: .people) == "fewer than 15")
        #expect(NumberText.words(Self.estimate(nil, 90_000, nil, .about), unit: .people) == "about 90,000")
    }

    @Test("Ratios and changes")
    func ratios() {
        #expect(NumberText.symbol(RatioEstimate(low: 0.52, value: 0.55, high: 0.61, qualifier: .range)) == "0.52–0.61")
        #expect(NumberText.symbol(RatioEstimate(low: 13.33, value: nil, high: nil, qualifier: .atLeast)) == "≥ 13.3")
        #expect(
            NumberText.symbol(RatioEstimate(low: 125_000, value: 125_000, high: 125_000, qualifier: .exact))
                == "125,000")
        #expect(NumberText.change(RatioEstimate(low: -20, value: -20, high: -20, qualifier: .exact)) == "-20%")
        #expect(NumberText.change(RatioEstimate(low: -25, value: 0, high: 5, qualifier: .range)) == "-25% to +5%")
        #expect(NumberText.raw(0.000_001_2) == "0.000001")
        #expect(NumberText.raw(125_000.0) == "125000")
        #expect(NumberText.raw(-0.5) == "-0.5")
        // A negative number that rounds to zero prints without a sign; grouping keeps the sign.
        #expect(NumberText.fixed(-0.04, digits: 1) == "0")
        #expect(NumberText.decimal(-1_234_567.891, digits: 2) == "-1,234,567.89")
        #expect(NumberText.decimal(.infinity, digits: 2) == "?")
    }

    @Test("Windows in words, as precisely as they are known")
    func windows() throws {
        func end(_ text: String, _ precision: DatePrecision) throws -> WindowEnd {
            WindowEnd(try #require(Day(iso: text)), precision)
        }
        let blog = Window(start: try end("2015-07-01", .approximate), end: try end("2016-02-05", .day))
        #expect(DateText.window(blog) == "between mid-2015 and 5 February 2016")
        let total = Window(start: try end("2015-08-01", .month), end: try end("2017-12-31", .day))
        #expect(DateText.window(total) == "between August 2015 and 31 December 2017")
        let level = Window(start: nil, end: try end("2015-12-31", .month))
        #expect(DateText.window(level) == "as of December 2015")
        let oneDay = Window(start: try end("2016-03-07", .day), end: try end("2016-03-07", .day))
        #expect(DateText.window(oneDay) == "on 7 March 2016")
        let restart = Window(start: try end("2016-02-06", .approximate), end: try end("2016-08-18", .day))
        #expect(DateText.compact(restart) == "about 6 Feb 2016 – 18 Aug 2016")
        // Approximate ends at the middle and the ends of a year, months, quarters and
        // years; a window whose two ends read the same is one end.
        #expect(
            DateText.compact(
                Window(start: try end("2016-01-01", .approximate), end: try end("2016-06-30", .approximate)))
                == "the start of 2016 – mid-2016")
        #expect(DateText.end(try end("2016-12-31", .approximate), short: true) == "the end of 2016")
        #expect(DateText.start(try end("2016-12-31", .approximate)) == "about 31 December 2016")
        #expect(
            DateText.compact(Window(start: try end("2016-01-01", .year), end: try end("2016-12-31", .year))) == "2016")
        #expect(
            DateText.compact(Window(start: try end("2016-04-01", .quarter), end: try end("2016-09-30", .month)))
                == "2016Q2 – Sep 2016")
        #expect(DateText.compact(level) == "as of Dec 2015")
        // The byte form appends to what is there.
        var bytes = Array("x: ".utf8)
        DateText.appendCompact(oneDay, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x: 7 Mar 2016")
    }

    @Test("The byte forms append what the string forms return")
    func byteForms() {
        func appended(_ append: (inout [UInt8]) -> Void) -> String {
            var bytes = Array("€ ".utf8)
            append(&bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        let about = Estimate(low: Amount(85_000), value: Amount(90_000), high: Amount(95_000), qualifier: .about)
        #expect(appended { NumberText.appendSymbol(about, unit: .accounts, to: &$0) } == "€ ≈ 90,000 (85,000–95,000)")
        let share = Estimate(low: Amount(2), value: nil, high: Amount(5), qualifier: .range)
        #expect(appended { NumberText.appendSymbol(share, unit: .percent, to: &$0) } == "€ 2–5%")
        let rounded = Estimate(low: nil, value: Amount(units: 12_345), high: nil, qualifier: .exact)
        #expect(appended { NumberText.appendSymbol(rounded, unit: .accounts, to: &$0) } == "€ ≈ 1")
        #expect(appended { NumberText.appendCount(-1_234_567, to: &$0) } == "€ -1,234,567")
        let percent = Estimate(low: Amount(2), value: Amount(5), high: Amount(7), qualifier: .about)
        #expect(NumberText.symbol(percent, unit: .percent) == "≈ 5% (2%–7%)")
        #expect(NumberText.words(percent, unit: .percent) == "about 5% (2%–7%)")
        let same = Estimate(low: Amount(4), value: nil, high: Amount(4), qualifier: .range)
        #expect(NumberText.symbol(same, unit: .accounts) == "4")
        let close = Estimate(low: Amount(units: 40_001), value: nil, high: Amount(units: 40_002), qualifier: .range)
        // A range's bounds round outwards: never a stronger bound than computed.
        #expect(NumberText.symbol(close, unit: .accounts) == "4–5")
        let unbounded = Estimate(low: nil, value: Amount(9), high: nil, qualifier: .range)
        #expect(NumberText.symbol(unbounded, unit: .percent) == "unbounded (point value 9%)")
        #expect(
            NumberText.words(Estimate(low: nil, value: nil, high: Amount(3), qualifier: .fewerThan), unit: .percent)
                == "less than 3%")
        #expect(appended { Markdown.appendText("Zürich|x_y\n≈ <b>", to: &$0) } == "€ Zürich\\|x\\_y ≈ &lt;b&gt;")
        #expect(appended { Markdown.appendText("plain", to: &$0) } == "€ plain")
    }

    @Test("Markdown escaping keeps data from becoming markup")
    func markdown() {
        #expect(Markdown.text("a|b <script>&") == "a\\|b &lt;script&gt;&amp;")
        #expect(Markdown.text("*x* [y](z)") == "\\*x\\* \\[y\\](z)")
        #expect(Markdown.text("tab\tline\nend ≈") == "tab line end ≈")
        #expect(Markdown.url("https://example.org/a") == "<https://example.org/a>")
        #expect(Markdown.url("javascript:alert(1)") == "javascript:alert(1)")
        #expect(DataTable.neutralised("=SUM(A1)") == "'=SUM(A1)")
        #expect(DataTable.neutralised("\tx") == "'\tx")
        #expect(DataTable.neutralised("plain") == "plain")
    }
}
