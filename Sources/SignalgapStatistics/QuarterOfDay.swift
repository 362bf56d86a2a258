import SignalgapModel

/// The quarter index of a day number, looked up in a table over a span of days
/// (building a date from a day number for each of a million rows costs). Days
/// outside the span, or a span too long for a table, are computed.
public struct QuarterOfDay: Sendable {
    @usableFromInline let firstDay: Int
    @usableFromInline let table: [Int32]

    /// The longest span kept as a table: a few centuries of days.
    static let longestTable = 200_000

    /// No table: every day is computed.
    public init() {
        firstDay = 0
        table = []
    }

    /// A table over `days`, walking the quarters' first days.
    public init(days: ClosedRange<Int>) {
        guard days.count <= Self.longestTable else {
            firstDay = 0
            table = []
            return
        }
        firstDay = days.lowerBound
        var quarter = Quarter(containing: Day(ordinal: days.lowerBound))
        var nextStart = quarter.lastDay.ordinal + 1
        var table: [Int32] = []
        table.reserveCapacity(days.count)
        for day in days {
            if day >= nextStart {
                quarter = Quarter(index: quarter.index + 1)
                nextStart = quarter.lastDay.ordinal + 1
            }
            table.append(Int32(quarter.index))
        }
        self.table = table
    }

    /// A table over every day the rows' windows start or end on.
    public init(_ rows: ContiguousArray<FigureRow>) {
        var low = Int.max
        var high = Int.min
        for row in rows {
            low = min(low, Int(row.hasStart ? min(row.start, row.end) : row.end))
            high = max(high, Int(row.end), Int(row.hasStart ? row.start : row.end))
        }
        if low <= high { self.init(days: low...high) } else { self.init() }
    }

    @inlinable
    public subscript(day: Int32) -> Int {
        let offset = Int(day) - firstDay
        if offset >= 0 && offset < table.count { return Int(table[offset]) }
        return Quarter(containing: Day(ordinal: Int(day))).index
    }
}
