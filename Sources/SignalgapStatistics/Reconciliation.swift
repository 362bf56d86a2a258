import SignalgapModel

/// A stock checked against the figures that cover its window: stocks are
/// never summed, but a running total that claims to total a set of flows is
/// a check on them (636,248 + 299,649 + 274,460 = 1,210,357).
public struct Reconciliation: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// The difference is exactly zero.
        case reconciles
        /// Zero lies within the difference's range (qualified or ranged figures), but it is not exactly zero.
        case consistent
        /// Zero lies outside the difference's range.
        case differs
    }

    /// The running total checked.
    public var stock: CitedFigure
    /// What covers its window, in window order: optionally a running total
    /// with the same start and an earlier end, then flows, each starting the
    /// day after the previous part ends (or on that day: see ``sharedDays``).
    public var parts: [CitedFigure]
    /// The sum of the parts (interval sum).
    public var sum: Estimate
    /// Stock minus sum.
    public var difference: Estimate
    /// The difference as a percentage of the stock's value (bounds likewise); nil without a value.
    public var differencePercent: RatioEstimate?
    public var status: Status
    /// Days that two consecutive parts both include (disclosures dated "to 5 Feb" and "since 5 Feb").
    public var sharedDays: [Day]

    /// One check per stock whose window is covered exactly: first by a running total of
    /// the same series with the same start and the latest earlier end, followed by flows
    /// tiling the rest; failing that, by flows alone. Flows counted in the totals are
    /// preferred, then contiguous tiling over a shared boundary day, then precedence.
    /// Superseded figures take no part. Stocks whose window no figures cover are not listed.
    public static func check(_ input: StatisticsInput) -> [Reconciliation] {
        check(input, resolution: Resolution(input, policy: .resolve))
    }

    static func check(_ input: StatisticsInput, resolution: Resolution) -> [Reconciliation] {
        guard input.rows.contains(where: { $0.flags.contains(.isStock) && $0.hasStart }) else { return [] }
        let isUsable: (Int) -> Bool = { row in
            input.supersededBy[Int32(row)] == nil && input.rows[row].hasStart
                && input.series[Int(input.rows[row].series)].unit.isCount
        }
        let order = RowOrder.bySeriesAndWindow(input.rows, seriesCount: input.series.count, include: isUsable)
        // Per series: flows by start, stocks with a start.
        var flowsBySeries: [Int32: [Int32]] = [:]
        var stocksBySeries: [Int32: [Int32]] = [:]
        for row in order {
            let figureRow = input.rows[Int(row)]
            if figureRow.flags.contains(.isStock) {
                stocksBySeries[figureRow.series, default: []].append(row)
            } else {
                flowsBySeries[figureRow.series, default: []].append(row)
            }
        }
        let precedence = PrecedenceOrder(input: input)
        var result: [Reconciliation] = []
        for series in stocksBySeries.keys.sorted() {
            guard let stocks = stocksBySeries[series], let flows = flowsBySeries[series] else { continue }
            var tiler = Tiler(input: input, flows: flows, resolution: resolution, precedence: precedence)
            for stock in stocks {
                let stockRow = input.rows[Int(stock)]
                // A running total with the same start and an earlier end, latest end first.
                let runningTotals = stocks.filter {
                    let other = input.rows[Int($0)]
                    return $0 != stock && other.start == stockRow.start && other.end < stockRow.end
                }.sorted { input.rows[Int($0)].end > input.rows[Int($1)].end }
                var found: (parts: [Int32], shared: [Int32])?
                for runningTotal in runningTotals {
                    let end = input.rows[Int(runningTotal)].end
                    if let tiling = tiler.tile(from: end + 1, through: stockRow.end, allowTouching: end) {
                        found = ([runningTotal] + tiling.parts, tiling.shared)
                        break
                    }
                }
                if found == nil,
                    let tiling = tiler.tile(from: stockRow.start, through: stockRow.end, allowTouching: nil)
                {
                    found = tiling
                }
                guard let found else { continue }
                result.append(
                    make(stock: Int(stock), parts: found.parts.map(Int.init), shared: found.shared, input: input))
            }
        }
        return result
    }

    static func make(stock: Int, parts: [Int], shared: [Int32], input: StatisticsInput) -> Reconciliation {
        let unit = input.seriesKey(ofRow: stock).unit
        let stockEstimate = input.rows[stock].estimate(unit: unit)
        let sum = Estimate.sum(parts.map { input.rows[$0].estimate(unit: unit) })
        let difference = stockEstimate - sum
        var percent: RatioEstimate?
        if let stockValue = stockEstimate.value, stockValue > .zero {
            let base = stockValue.doubleValue
            percent = RatioEstimate(
                low: difference.low.map { $0.doubleValue / base * 100 },
                value: difference.value.map { $0.doubleValue / base * 100 },
                high: difference.high.map { $0.doubleValue / base * 100 }, qualifier: difference.qualifier)
        }
        let status: Status
        if difference.low == .zero, difference.high == .zero {
            status = .reconciles
        } else if (difference.low.map { $0 <= .zero } ?? true) && (difference.high.map { $0 >= .zero } ?? true) {
            status = .consistent
        } else {
            status = .differs
        }
        return Reconciliation(
            stock: CitedFigure(row: stock, in: input), parts: parts.map { CitedFigure(row: $0, in: input) },
            sum: sum, difference: difference, differencePercent: percent, status: status,
            sharedDays: shared.map { Day(ordinal: Int($0)) })
    }
}

/// Finds flows that tile a window: depth-first over flows sorted by start,
/// remembering days from which no tiling exists (O(flows) per window).
private struct Tiler {
    let input: StatisticsInput
    let flows: [Int32]
    let resolution: Resolution
    let precedence: PrecedenceOrder

    /// Flows covering `from…through` exactly, each starting the day after the previous one
    /// ends or on that very day (the day is then in `shared`). `allowTouching`: the day before
    /// `from` that the first flow may also start on.
    mutating func tile(from: Int32, through: Int32, allowTouching: Int32?) -> (parts: [Int32], shared: [Int32])? {
        var deadEnds: Set<Int64> = []
        var path: [Int32] = []
        var shared: [Int32] = []
        func candidates(startingOn day: Int32) -> [Int32] {
            var lower = 0
            var upper = flows.count
            while lower < upper {
                let middle = (lower + upper) / 2
                if input.rows[Int(flows[middle])].start < day { lower = middle + 1 } else { upper = middle }
            }
            var result: [Int32] = []
            var index = lower
            while index < flows.count, input.rows[Int(flows[index])].start == day {
                if input.rows[Int(flows[index])].end <= through { result.append(flows[index]) }
                index += 1
            }
            return result.sorted { lhs, rhs in
                let lhsCounted = Resolution.isCounted(resolution.roles[Int(lhs)])
                let rhsCounted = Resolution.isCounted(resolution.roles[Int(rhs)])
                if lhsCounted != rhsCounted { return lhsCounted }
                return precedence.ranksBefore(Int(lhs), Int(rhs))
            }
        }
        // State: the last day covered; next flow starts on last + 1 or on last (shared).
        func search(coveredThrough last: Int32, first: Bool) -> Bool {
            if last == through { return true }
            let state = Int64(last) << 1 | (first ? 1 : 0)
            if deadEnds.contains(state) { return false }
            var starts: [(day: Int32, isShared: Bool)] = [(last + 1, false)]
            if !first || allowTouching != nil { starts.append((last, true)) }
            for (day, isShared) in starts {
                for flow in candidates(startingOn: day) {
                    path.append(flow)
                    if isShared { shared.append(day) }
                    if search(coveredThrough: input.rows[Int(flow)].end, first: false) { return true }
                    path.removeLast()
                    if isShared { shared.removeLast() }
                }
            }
            deadEnds.insert(state)
            return false
        }
        let found = search(coveredThrough: from - 1, first: true)
        guard found, !path.isEmpty else { return nil }
        return (path, shared)
    }
}
