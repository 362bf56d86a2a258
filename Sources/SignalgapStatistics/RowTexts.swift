/// Text for some rows of a table (figure notes), kept in one UTF-8 buffer:
/// no String and no dictionary entry per row, so that reading the notes of a
/// million figures costs a copy of their bytes. Rows are given in order; a row
/// without text costs one offset once a later row has text, and nothing after
/// the last row with text.
public struct RowTexts: Sendable {
    private var bytes: [UInt8] = []
    /// `ends[row]`: where the row's text ends in `bytes` (it starts where the previous row's ends).
    private var ends: [Int] = []

    public init() {}

    /// Whether no row has text.
    public var isEmpty: Bool { bytes.isEmpty }

    /// Sets the text of `row`, which must come after every row given so far.
    public mutating func set(_ text: some Collection<UInt8>, forRow row: Int) {
        precondition(row >= ends.count, "rows are given in order")
        guard !text.isEmpty else { return }
        ends.append(contentsOf: repeatElement(bytes.count, count: row - ends.count))
        bytes.append(contentsOf: text)
        ends.append(bytes.count)
    }

    /// Appends `other`'s texts, its row 0 becoming row `offset` here.
    public mutating func append(_ other: RowTexts, offset: Int) {
        for row in other.ends.indices {
            let range = other.range(ofRow: row)
            if !range.isEmpty { set(other.bytes[range], forRow: offset + row) }
        }
    }

    private func range(ofRow row: Int) -> Range<Int> {
        guard row < ends.count else { return 0..<0 }
        return (row == 0 ? 0 : ends[row - 1])..<ends[row]
    }

    /// `body` given the row's text as UTF-8 bytes (none when it has none),
    /// without making a string of them.
    public func withBytes<Result>(ofRow row: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let range = range(ofRow: row)
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The row's text; empty when it has none.
    public subscript(row: Int) -> String {
        let range = range(ofRow: row)
        return range.isEmpty ? "" : String(decoding: bytes[range], as: UTF8.self)
    }
}
