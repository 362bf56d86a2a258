import SignalgapStore
import Testing

@testable import SignalgapCommands

/// The terminal table: one line per row, columns padded to the widest cell
/// (counted in characters, not bytes), long cells cut, line breaks flattened.
@Suite struct ListingTextTests {
    @Test func cellsAreFlattenedCutAndPadded() {
        let listing = Listing(
            columns: ["id", "notes", "end"],
            rows: [
                ["a", "two\r\nlines", "1"],
                ["bé", "a\nb\rc", "2"],
                [nil, "", nil],
                ["ccc", String(repeating: "x", count: 12), "4"],
            ])
        let text = ListingText.table(listing, maxWidth: 10)
        // The cut cell is ten characters wide, and the column is padded to it.
        #expect(
            text == """
                id   notes       end
                a    two lines   1
                bé   a b c       2
                -    -           -
                ccc  xxxxxxxxx…  4
                """)
    }

    @Test func anEmptyListingSaysSo() {
        #expect(ListingText.table(Listing(columns: ["id"], rows: [])) == "id\n(no rows)")
    }
}
