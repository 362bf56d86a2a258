import SignalgapModel
import Testing

@testable import SignalgapReport

/// Text in SVG: markup characters become entities, control characters spaces,
/// and plain text (the usual case, returned as it is) stays the same.
@Suite struct SVGTextTests {
    @Test func textIsEscapedForXML() {
        #expect(
            SVG.escaped("Twitter: accounts suspended, 2016Q1 ≈ 90,000")
                == "Twitter: accounts suspended, 2016Q1 ≈ 90,000")
        #expect(SVG.escaped("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
        #expect(SVG.escaped("tab\tline\nbell\u{07}") == "tab\tline\nbell ")
    }

    /// A tooltip written straight into the chart is the element a tooltip
    /// string gives; a marker without one is an empty element.
    @Test func tooltipsWrittenInPlace() throws {
        var given = SVG(width: 10, height: 10)
        given.circle(1, 2, radius: 3.5, fill: "#fff", stroke: "#000", tooltip: "2016Q1 · a<b: > 5")
        given.circle(1, 2, radius: 3.5, fill: "#fff", stroke: "#000")
        let quarter = try #require(Quarter(year: 2016, number: 1))
        var written = SVG(width: 10, height: 10)
        written.circle(1, 2, radius: 3.5, fill: "#fff", stroke: "#000") { bytes in
            quarter.appendDescription(to: &bytes)
            bytes += " · ".utf8
            SVG.appendEscaped("a<b: > 5", to: &bytes)
        }
        written.circle(1, 2, radius: 3.5, fill: "#fff", stroke: "#000")
        #expect(written.body == given.body)
        #expect(
            String(decoding: given.body, as: UTF8.self)
                == "<circle cx=\"1\" cy=\"2\" r=\"3.5\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\">"
                + "<title>2016Q1 · a&lt;b: &gt; 5</title></circle>\n"
                + "<circle cx=\"1\" cy=\"2\" r=\"3.5\" fill=\"#fff\" stroke=\"#000\" stroke-width=\"1.5\"/>\n")
    }
}
