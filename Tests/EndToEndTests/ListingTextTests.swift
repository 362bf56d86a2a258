import SignalgapStore
import Testing

@testable import SignalgapCommands

/// The terminal table: one line per row, columns padded to the widest cell
/// (counted in characters, not bytes), long cells cut, line breaks flattened.
@Suite struct ListingTextTests {
    @Test func cellsAreFlattenedCutAndPadded() {
        let listing = Listing(
            columns: ["id", "notes"],
            rows: [
                ["a", "two\r\nlines"],
                ["bé", "a\nb\rc"],
                [nil, ""],
                ["ccc", String(repeating: "x", count: 12)],
            ])
        let text = ListingText.table(listing, maxWidth: 10)
        #expect(
            text == """
                id   notes
                a    two lines
                bé   a b c
                -    -
                ccc  xxxxxxxxx…
                """)
    }

    @Test func anEmptyListingSaysSo() {
        #expect(ListingText.table(Listing(columns: ["id"], rows: [])) == "id\n(no rows)")
    }
}
