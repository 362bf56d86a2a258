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
}
