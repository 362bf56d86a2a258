import SignalgapModel
import Testing

/// The map from column bytes to a value (the statistics loader's and the
/// import's): keys that only differ in how their bytes split into columns stay
/// apart, and every key keeps its value as the table grows.
@Suite struct ByteKeyedCacheTests {
    /// Looks `columns` up, making the value `made` when the key is new.
    func value(_ cache: inout ByteKeyedCache<Int>, _ columns: [String], made: Int) -> Int {
        var buffers = columns.map { Array($0.utf8) }
        return withPointers(&buffers, at: 0, []) { key in cache.value(for: key) { made } }
    }

    /// The columns' bytes as raw buffers, valid inside `body`.
    private func withPointers(
        _ buffers: inout [[UInt8]], at index: Int, _ done: [UnsafeRawBufferPointer],
        _ body: ([UnsafeRawBufferPointer]) -> Int
    ) -> Int {
        guard index < buffers.count else { return body(done) }
        let column = buffers[index]
        return column.withUnsafeBytes { withPointers(&buffers, at: index + 1, done + [$0], body) }
    }

    @Test func keysThatSplitTheSameBytesDifferentlyAreDifferentKeys() {
        var cache = ByteKeyedCache<Int>()
        #expect(value(&cache, ["ab", "c"], made: 1) == 1)
        #expect(value(&cache, ["a", "bc"], made: 2) == 2)
        #expect(value(&cache, ["abc", ""], made: 3) == 3)
        #expect(value(&cache, ["", "abc"], made: 4) == 4)
        #expect(value(&cache, ["ab", "c"], made: 99) == 1)
        #expect(value(&cache, ["a", "bc"], made: 99) == 2)
        #expect(value(&cache, ["abc", ""], made: 99) == 3)
        #expect(value(&cache, ["", "abc"], made: 99) == 4)
    }

    @Test func everyKeyKeepsItsValueAsTheTableGrows() {
        var cache = ByteKeyedCache<Int>()
        let keys = (0..<5_000).map { ["twitter", "measure-\($0 % 97)", "subject number \($0)"] }
        for (index, key) in keys.enumerated() { #expect(value(&cache, key, made: index) == index) }
        for (index, key) in keys.enumerated().reversed() { #expect(value(&cache, key, made: -1) == index) }
    }
}
