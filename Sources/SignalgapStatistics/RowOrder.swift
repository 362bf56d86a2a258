import SignalgapModel

/// Orders rows by (series, start, end) in O(n): the key is packed into a
/// UInt64 and sorted with a least-significant-digit radix sort (16-bit
/// digits, passes over constant digits skipped). Falls back to a comparison
/// sort (O(n log n)) when the key does not fit in 64 bits.
enum RowOrder {
    /// Row indices from `rows` (those passing `include`) ordered by series, then
    /// window start, then window end, then row index. Rows without a start sort
    /// as if they started on their end day, before rows with a start on that day.
    static func bySeriesAndWindow(
        _ rows: ContiguousArray<FigureRow>, seriesCount: Int, include: (Int) -> Bool
    ) -> [Int32] {
        var selected: [Int32] = []
        selected.reserveCapacity(rows.count)
        var minDay = Int32.max
        var maxDay = Int32.min
        for index in rows.indices where include(index) {
            selected.append(Int32(index))
            let row = rows[index]
            let start = row.hasStart ? row.start : row.end
            minDay = min(minDay, min(start, row.end))
            maxDay = max(maxDay, max(start, row.end))
        }
        if selected.count < 2 { return selected }
        let dayBits = bitWidth(UInt64(Int64(maxDay) - Int64(minDay) + 1))
        let seriesBits = bitWidth(UInt64(max(seriesCount, 1)))
        let indexBits = bitWidth(UInt64(rows.count))
        // series | start | hasStart | end  — plus the row index carried in a parallel array.
        guard seriesBits + 2 * dayBits + 1 <= 64, indexBits <= 32 else {
            return selected.sorted { compare(rows[Int($0)], $0, rows[Int($1)], $1) }
        }
        var keys = [UInt64](repeating: 0, count: selected.count)
        for (position, index) in selected.enumerated() {
            let row = rows[Int(index)]
            let start = UInt64(Int64(row.hasStart ? row.start : row.end) - Int64(minDay))
            let end = UInt64(Int64(row.end) - Int64(minDay))
            var key = UInt64(UInt32(bitPattern: row.series))
            key = (key << UInt64(dayBits)) | start
            key = (key << 1) | (row.hasStart ? 1 : 0)
            key = (key << UInt64(dayBits)) | end
            keys[position] = key
        }
        radixSort(keys: &keys, values: &selected)
        return selected
    }

    /// A flow's window in sorted position, gathered so that later passes read memory in order.
    struct WindowRecord: Sendable {
        var row: Int32
        var series: Int32
        var start: Int32
        var end: Int32
        var source: Int32
        /// The row's role when it stands for several rows (`.counted` otherwise); set by the resolution.
        var role: Resolution.Role = .counted
    }

    /// Like ``bySeriesAndWindow(_:seriesCount:include:)`` for rows that all have a
    /// start, returning the fields the overlap resolution needs in sorted order:
    /// series, start and end are decoded from the sort key, the source rides
    /// along with the row index, so no pass after the sort touches the rows.
    static func windowRecords(
        _ rows: ContiguousArray<FigureRow>, seriesCount: Int, include: (Int) -> Bool
    ) -> [WindowRecord] {
        var minDay = Int32.max
        var maxDay = Int32.min
        var count = 0
        for index in rows.indices where include(index) {
            minDay = min(minDay, rows[index].start)
            maxDay = max(maxDay, rows[index].end)
            count += 1
        }
        if count == 0 { return [] }
        let dayBits = bitWidth(UInt64(Int64(maxDay) - Int64(minDay) + 1))
        let seriesBits = bitWidth(UInt64(max(seriesCount, 1)))
        guard seriesBits + 2 * dayBits <= 64 else {
            return bySeriesAndWindow(rows, seriesCount: seriesCount, include: include).map { index in
                let row = rows[Int(index)]
                return WindowRecord(row: index, series: row.series, start: row.start, end: row.end, source: row.source)
            }
        }
        var keys: [UInt64] = []
        var payload: [UInt64] = []
        keys.reserveCapacity(count)
        payload.reserveCapacity(count)
        for index in rows.indices where include(index) {
            let row = rows[index]
            var key = UInt64(UInt32(bitPattern: row.series))
            key = (key << UInt64(dayBits)) | UInt64(Int64(row.start) - Int64(minDay))
            key = (key << UInt64(dayBits)) | UInt64(Int64(row.end) - Int64(minDay))
            keys.append(key)
            payload.append(UInt64(UInt32(bitPattern: Int32(index))) << 32 | UInt64(UInt32(bitPattern: row.source)))
        }
        radixSort(keys: &keys, values: &payload)
        let dayMask: UInt64 = (1 << UInt64(dayBits)) - 1
        var records: [WindowRecord] = []
        records.reserveCapacity(count)
        for position in 0..<count {
            let key = keys[position]
            let value = payload[position]
            records.append(
                WindowRecord(
                    row: Int32(bitPattern: UInt32(truncatingIfNeeded: value >> 32)),
                    series: Int32(truncatingIfNeeded: key >> UInt64(2 * dayBits)),
                    start: Int32(truncatingIfNeeded: Int64((key >> UInt64(dayBits)) & dayMask) + Int64(minDay)),
                    end: Int32(truncatingIfNeeded: Int64(key & dayMask) + Int64(minDay)),
                    source: Int32(bitPattern: UInt32(truncatingIfNeeded: value))))
        }
        return records
    }

    private static func compare(_ lhs: FigureRow, _ lhsIndex: Int32, _ rhs: FigureRow, _ rhsIndex: Int32) -> Bool {
        let lhsStart = lhs.hasStart ? lhs.start : lhs.end
        let rhsStart = rhs.hasStart ? rhs.start : rhs.end
        return (lhs.series, lhsStart, lhs.hasStart ? 1 : 0, lhs.end, lhsIndex)
            < (rhs.series, rhsStart, rhs.hasStart ? 1 : 0, rhs.end, rhsIndex)
    }

    static func bitWidth(_ value: UInt64) -> Int {
        value == 0 ? 1 : 64 - value.leadingZeroBitCount
    }

    /// Stable LSD radix sort of `values` by `keys` (both permuted together).
    static func radixSort<Value>(keys: inout [UInt64], values: inout [Value]) {
        let count = keys.count
        guard count > 1 else { return }
        var varying: UInt64 = 0
        let first = keys[0]
        for key in keys { varying |= key ^ first }
        var keyBuffer = [UInt64](repeating: 0, count: count)
        var valueBuffer = values
        var counts = [Int](repeating: 0, count: 1 << 16)
        var shift: UInt64 = 0
        while shift < 64 {
            if (varying >> shift) & 0xFFFF == 0 {
                shift += 16
                continue
            }
            for index in counts.indices { counts[index] = 0 }
            keys.withUnsafeBufferPointer { keys in
                counts.withUnsafeMutableBufferPointer { counts in
                    for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
                    var total = 0
                    for digit in 0..<counts.count {
                        let current = counts[digit]
                        counts[digit] = total
                        total += current
                    }
                }
            }
            keys.withUnsafeBufferPointer { keys in
                values.withUnsafeBufferPointer { values in
                    keyBuffer.withUnsafeMutableBufferPointer { keyOut in
                        valueBuffer.withUnsafeMutableBufferPointer { valueOut in
                            counts.withUnsafeMutableBufferPointer { counts in
                                for index in 0..<count {
                                    let key = keys[index]
                                    let digit = Int((key >> shift) & 0xFFFF)
                                    let target = counts[digit]
                                    counts[digit] = target + 1
                                    keyOut[target] = key
                                    valueOut[target] = values[index]
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &keyBuffer)
            swap(&values, &valueBuffer)
            shift += 16
        }
    }
}
