import Dispatch
import SignalgapModel

/// A quarterly series: online per platform, measure and unit; offline per
/// scope (clusters, countries, world), measure and unit, summed over the
/// subjects of the scope (different clusters are different people; a
/// cluster is never added to its country).
public struct QuarterlySeries: Hashable, Sendable {
    public var side: Side
    public var scope: Scope
    /// The platform for an online series; nil for an offline series (all subjects of the scope).
    public var subject: String?
    public var measure: String
    public var unit: Unit
    /// Only quarters with data, in order: a quarter without a figure is missing, not zero.
    public var quarters: [QuarterTotal]

    /// "twitter: accounts suspended", "clusters: people who travelled".
    public var name: String {
        let phrase = Codebook.measure(named: measure)?.phrase ?? measure
        if let subject { return "\(subject): \(phrase)" }
        return "\(Self.scopePlural(scope)): \(phrase)"
    }

    static func scopePlural(_ scope: Scope) -> String {
        switch scope {
        case .platform: "platforms"
        case .cluster: "clusters"
        case .country: "countries"
        case .world: "world"
        }
    }

    public func total(in quarter: Quarter) -> QuarterTotal? {
        quarters.first { $0.quarter == quarter }
    }
}

/// One cell: a series' total in one quarter, and what it rests on.
public struct QuarterTotal: Hashable, Sendable {
    public var quarter: Quarter
    public var total: Estimate
    /// The part from windows lying wholly inside this quarter.
    public var reported: Estimate
    /// The part apportioned from windows spanning more than this quarter (estimated).
    public var apportioned: Estimate
    /// The part from windows with an approximate start or end.
    public var onApproximateEnd: Estimate
    /// Observations behind the total (the members of a merged disagreement each count).
    public var observationCount: Int
    /// Distinct sources behind the total.
    public var sourceCount: Int
    /// Change on the previous quarter, when that quarter has data.
    public var quarterOnQuarter: Change?
    /// Change on the same quarter a year earlier, when that quarter has data.
    public var yearOnYear: Change?

    /// Whether any of the total is apportioned rather than reported for the quarter.
    public var isEstimated: Bool { apportioned != .zero }
}

/// A change between two quarters of a series.
public struct Change: Hashable, Sendable {
    public var from: Quarter
    /// This quarter's total minus the earlier one's (interval difference, exact).
    public var difference: Estimate
    /// The difference as a percentage of the earlier total, with its range; nil when that total may be 0.
    public var percent: RatioEstimate?

    init(from: Quarter, earlier: Estimate, later: Estimate) {
        self.from = from
        difference = later - earlier
        percent = later.divided(by: earlier)?.asPercentChange
    }
}

/// The quarterly totals of every series, with what was set aside to avoid double counting.
public struct QuarterlyTotals: Sendable {
    public var policy: OverlapPolicy
    /// The quarters asked for; nil for every quarter with data.
    public var quarters: ClosedRange<Quarter>?
    public var online: [QuarterlySeries]
    public var offline: [QuarterlySeries]
    private let input: StatisticsInput
    let resolution: Resolution

    /// How many figures were set aside (cheap; ``setAside`` builds the list).
    public var setAsideCount: Int { resolution.entries.count }

    /// Every figure not counted, with the figures that won and why (policy `.resolve` only),
    /// in the order decided: supersedes first, then by series and window.
    /// Built on each access: O(set aside), with the figures' sources.
    public var setAside: [SetAsideFigure] { resolution.setAsideFigures(in: input) }

    /// Flows of one series and window from several sources that disagree: counted once, as the
    /// range from the lowest low to the highest high, with the preferred source's value.
    /// Built on each access.
    public var mergedDisagreements: [Disagreement] { resolution.mergedDisagreements(in: input) }

    public var allSeries: [QuarterlySeries] { online + offline }

    /// Apportions every counted flow over its quarters and sums per series and quarter.
    ///
    /// Cost: O(n) for the rows (a radix sort finds overlaps), plus O(m log m)
    /// for each group of m mutually overlapping flows; memory O(n) for the
    /// order and O(series × quarters) for the cells. No allocation per row.
    ///
    /// - Parameters:
    ///   - quarters: keep only these quarters in the output (windows are
    ///     still apportioned over all their quarters; changes may look back
    ///     before the range).
    ///   - policy: `.resolve` (the rule) or `.countEverything` (for a benchmark check only).
    public static func make(
        _ input: StatisticsInput, quarters: ClosedRange<Quarter>? = nil, policy: OverlapPolicy = .resolve
    ) -> QuarterlyTotals {
        let resolution = Resolution(input, policy: policy)
        return make(input, resolution: resolution, quarters: quarters)
    }

    static func make(
        _ input: StatisticsInput, resolution: Resolution, quarters: ClosedRange<Quarter>?
    ) -> QuarterlyTotals {
        var accumulator = QuarterlyAccumulator(input: input, resolution: resolution)
        accumulator.run()
        let series = accumulator.series(keepingOnly: quarters)
        return QuarterlyTotals(
            policy: resolution.policy, quarters: quarters, online: series.filter { $0.side == .online },
            offline: series.filter { $0.side == .offline }, input: input, resolution: resolution)
    }
}

// MARK: - The hot path

/// A running sum of low, value and high in ten-thousandths.
struct RunningSum {
    var low: Int64 = 0
    var value: Int64 = 0
    var high: Int64 = 0
    var count: Int32 = 0
    var isValueMissing = false
    var isOpenEnded = false
    var qualifiers = QualifierFlags()

    @inline(__always)
    mutating func add(low: Int64, value: Int64, high: Int64, hasValue: Bool, hasHigh: Bool, qualifiers: QualifierFlags)
    {
        self.low &+= low
        self.value &+= value
        self.high &+= high
        count += 1
        if !hasValue { isValueMissing = true }
        if !hasHigh { isOpenEnded = true }
        self.qualifiers.formUnion(qualifiers)
    }

    /// Adds another running sum of the same cell (from rows summed elsewhere).
    mutating func merge(_ other: RunningSum) {
        low &+= other.low
        value &+= other.value
        high &+= other.high
        count += other.count
        if other.isValueMissing { isValueMissing = true }
        if other.isOpenEnded { isOpenEnded = true }
        qualifiers.formUnion(other.qualifiers)
    }

    var estimate: Estimate {
        if count == 0 { return .zero }
        let low = Amount(units: low)
        let high = isOpenEnded ? nil : Amount(units: high)
        return Estimate(
            low: low, value: isValueMissing ? nil : Amount(units: value), high: high,
            qualifier: qualifiers.qualifier(low: low, high: high))
    }
}

struct QuarterCell {
    var total = RunningSum()
    var reported = RunningSum()
    var apportioned = RunningSum()
    var approximate = RunningSum()
    var observations = 0
    var lastSource: Int32 = -2
}

/// Sums counted flows into (output series × quarter) cells.
struct QuarterlyAccumulator {
    let input: StatisticsInput
    let resolution: Resolution
    /// Input series → output series, −1 for series never summed.
    private var outputIndex: [Int32] = []
    private var outputKeys: [SeriesKey] = []
    private var firstQuarter = 0
    private var quarterCount = 0
    private var cells: [QuarterCell] = []
    /// Distinct sources per cell: a bitset when there are few sources, else sets.
    private var sourceWords = 0
    private var sourceBits: [UInt64] = []
    private var cellSources: [Set<Int32>] = []
    /// Day ordinal → quarter index (subtract `firstQuarter` for a cell's quarter).
    private var quarterOfDay = QuarterOfDay()
    /// Quarter index − firstQuarter → first day ordinal (one extra entry at the end).
    private var quarterStarts: [Int32] = []

    /// Below `rowsForTwoThreads` rows, one thread sums them all (tests change it).
    let rowsForTwoThreads: Int

    init(input: StatisticsInput, resolution: Resolution, rowsForTwoThreads: Int = 65_536) {
        self.input = input
        self.resolution = resolution
        self.rowsForTwoThreads = rowsForTwoThreads
    }

    mutating func run() {
        let rows = input.rows
        let roles = resolution.roles
        // Output series.
        var keyIndex: [SeriesKey: Int32] = [:]
        outputIndex = input.series.map { key in
            guard key.unit.isCount else { return -1 }
            let output =
                key.side == .online
                ? key : SeriesKey(side: .offline, scope: key.scope, subject: "", measure: key.measure, unit: key.unit)
            if let index = keyIndex[output] { return index }
            let index = Int32(outputKeys.count)
            outputKeys.append(output)
            keyIndex[output] = index
            return index
        }
        // The span of days counted.
        var minDay = Int32.max
        var maxDay = Int32.min
        rows.withUnsafeBufferPointer { rows in
            roles.withUnsafeBufferPointer { roles in
                for index in 0..<rows.count where Resolution.isCounted(roles[index]) {
                    minDay = min(minDay, rows[index].start)
                    maxDay = max(maxDay, rows[index].end)
                }
            }
        }
        guard minDay <= maxDay else { return }
        let first = Quarter(containing: Day(ordinal: Int(minDay)))
        let last = Quarter(containing: Day(ordinal: Int(maxDay)))
        firstQuarter = first.index
        quarterCount = last.index - first.index + 1
        quarterStarts = (0...quarterCount).map { Int32(Quarter(index: firstQuarter + $0).firstDay.ordinal) }
        quarterOfDay = QuarterOfDay(days: Int(minDay)...Int(maxDay))
        cells = [QuarterCell](repeating: QuarterCell(), count: outputKeys.count * quarterCount)
        let words = (input.sources.count + 1 + 63) / 64
        if words <= 16 {
            sourceWords = words
            sourceBits = [UInt64](repeating: 0, count: cells.count * words)
        } else {
            cellSources = [Set<Int32>](repeating: [], count: cells.count)
        }

        // Two halves of the rows on two cores, each into cells of its own, then
        // added together: sums of integers and unions of flags and sources, so the
        // cells are the same whatever the order (each row's split is its own).
        guard rows.count >= rowsForTwoThreads else {
            sum(rows: 0..<rows.count)
            return
        }
        let middle = rows.count / 2
        var halves = [self, self]
        halves.withUnsafeMutableBufferPointer { halves in
            let shared = UncheckedHalves(base: halves.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                shared.base[half].sum(rows: half == 0 ? 0..<middle : middle..<rows.count)
            }
        }
        self = halves[0]
        merge(halves[1])
    }

    /// The two accumulators the halves of the rows go into, each written by one thread only.
    private struct UncheckedHalves: @unchecked Sendable {
        let base: UnsafeMutablePointer<QuarterlyAccumulator>
    }

    /// Adds the counted rows of `range` to the cells.
    private mutating func sum(rows range: Range<Int>) {
        let rows = input.rows
        let roles = resolution.roles
        var scratch = SplitScratch()
        for index in range {
            switch roles[index] {
            case .counted, .duplicated:
                add(rows[index], sources: CollectionOfOne(rows[index].source), observations: 1, scratch: &scratch)
            case .representative:
                addMerged(row: index, scratch: &scratch)
            case .notSummable, .merged, .setAside:
                continue
            }
        }
    }

    /// Adds the cells of an accumulator that summed other rows of the same input.
    private mutating func merge(_ other: QuarterlyAccumulator) {
        for cell in cells.indices {
            let theirs = other.cells[cell]
            guard theirs.observations > 0 else { continue }
            cells[cell].total.merge(theirs.total)
            cells[cell].reported.merge(theirs.reported)
            cells[cell].apportioned.merge(theirs.apportioned)
            cells[cell].approximate.merge(theirs.approximate)
            cells[cell].observations += theirs.observations
        }
        for word in sourceBits.indices { sourceBits[word] |= other.sourceBits[word] }
        for cell in cellSources.indices { cellSources[cell].formUnion(other.cellSources[cell]) }
    }

    private mutating func addMerged(row: Int, scratch: inout SplitScratch) {
        guard let combined = resolution.combined[Int32(row)] else { return }
        var figureRow = input.rows[row]
        figureRow.flags.subtract([.hasLow, .hasValue, .hasHigh])
        if let low = combined.low {
            figureRow.low = low.units
            figureRow.flags.insert(.hasLow)
        }
        if let value = combined.value {
            figureRow.value = value.units
            figureRow.flags.insert(.hasValue)
        }
        if let high = combined.high {
            figureRow.high = high.units
            figureRow.flags.insert(.hasHigh)
        }
        figureRow.qualifier = combined.qualifier
        let members = resolution.members[Int32(row)] ?? [Int32(row)]
        if members.contains(where: { input.rows[Int($0)].hasApproximateEnd }) {
            figureRow.endPrecision = .approximate
        }
        add(
            figureRow, sources: members.map { input.rows[Int($0)].source }, observations: members.count,
            scratch: &scratch)
    }

    @inline(__always)
    private mutating func add(
        _ row: FigureRow, sources: some Collection<Int32>, observations: Int, scratch: inout SplitScratch
    ) {
        let output = Int(outputIndex[Int(row.series)])
        if output < 0 { return }
        let base = output * quarterCount
        let firstQuarter = quarterOfDay[row.start] - self.firstQuarter
        let lastQuarter = quarterOfDay[row.end] - self.firstQuarter
        let hasValue = row.flags.contains(.hasValue)
        let hasHigh = row.flags.contains(.hasHigh)
        let low = row.flags.contains(.hasLow) ? row.low : 0
        let value = hasValue ? row.value : 0
        let high = hasHigh ? row.high : 0
        let qualifiers = QualifierFlags(row.qualifier)
        let isApproximate = row.hasApproximateEnd

        if firstQuarter == lastQuarter {
            let cell = base + firstQuarter
            cells[cell].total.add(
                low: low, value: value, high: high, hasValue: hasValue, hasHigh: hasHigh, qualifiers: qualifiers)
            cells[cell].reported.add(
                low: low, value: value, high: high, hasValue: hasValue, hasHigh: hasHigh, qualifiers: qualifiers)
            if isApproximate {
                cells[cell].approximate.add(
                    low: low, value: value, high: high, hasValue: hasValue, hasHigh: hasHigh, qualifiers: qualifiers)
            }
            note(cell: cell, sources: sources, observations: observations)
            return
        }

        let count = lastQuarter - firstQuarter + 1
        scratch.prepare(count: count)
        // Days of the window in each quarter.
        for position in 0..<count {
            let quarter = firstQuarter + position
            let from = max(Int64(row.start), Int64(quarterStarts[quarter]))
            let through = min(Int64(row.end), Int64(quarterStarts[quarter + 1]) - 1)
            scratch.weights[position] = through - from + 1
        }
        let windowDays = Int64(row.end) - Int64(row.start) + 1
        scratch.split(
            low: low, value: value, high: high, hasValue: hasValue, hasHigh: hasHigh, count: count, total: windowDays)
        for position in 0..<count {
            let cell = base + firstQuarter + position
            let shareLow = scratch.low[position]
            let shareValue = scratch.value[position]
            let shareHigh = scratch.high[position]
            cells[cell].total.add(
                low: shareLow, value: shareValue, high: shareHigh, hasValue: hasValue, hasHigh: hasHigh,
                qualifiers: qualifiers)
            cells[cell].apportioned.add(
                low: shareLow, value: shareValue, high: shareHigh, hasValue: hasValue, hasHigh: hasHigh,
                qualifiers: qualifiers)
            if isApproximate {
                cells[cell].approximate.add(
                    low: shareLow, value: shareValue, high: shareHigh, hasValue: hasValue, hasHigh: hasHigh,
                    qualifiers: qualifiers)
            }
            note(cell: cell, sources: sources, observations: observations)
        }
    }

    @inline(__always)
    private mutating func note(cell: Int, sources: some Collection<Int32>, observations: Int) {
        cells[cell].observations += observations
        for source in sources where source != cells[cell].lastSource {
            cells[cell].lastSource = source
            if sourceWords > 0 {
                // Index −1 (a source not among the input's) gets the last bit.
                let bit = source >= 0 ? Int(source) : input.sources.count
                sourceBits[cell * sourceWords + bit >> 6] |= 1 << UInt64(bit & 63)
            } else {
                cellSources[cell].insert(source)
            }
        }
    }

    private func sourceCount(cell: Int) -> Int {
        if sourceWords == 0 { return cellSources[cell].count }
        var count = 0
        for word in 0..<sourceWords { count += sourceBits[cell * sourceWords + word].nonzeroBitCount }
        return count
    }

    /// The non-empty cells as series, sorted by key, with quarter-on-quarter and year-on-year changes.
    func series(keepingOnly range: ClosedRange<Quarter>?) -> [QuarterlySeries] {
        var result: [QuarterlySeries] = []
        for (output, key) in outputKeys.enumerated() {
            var totals: [Int: Estimate] = [:]
            var quarters: [QuarterTotal] = []
            for offset in 0..<quarterCount {
                let cell = cells[output * quarterCount + offset]
                guard cell.total.count > 0 else { continue }
                let quarter = Quarter(index: firstQuarter + offset)
                let total = cell.total.estimate
                totals[quarter.index] = total
                quarters.append(
                    QuarterTotal(
                        quarter: quarter, total: total, reported: cell.reported.estimate,
                        apportioned: cell.apportioned.estimate, onApproximateEnd: cell.approximate.estimate,
                        observationCount: cell.observations,
                        sourceCount: sourceCount(cell: output * quarterCount + offset)))
            }
            for index in quarters.indices {
                let quarter = quarters[index].quarter
                if let previous = totals[quarter.previous.index] {
                    quarters[index].quarterOnQuarter = Change(
                        from: quarter.previous, earlier: previous, later: quarters[index].total)
                }
                if let yearEarlier = totals[quarter.yearEarlier.index] {
                    quarters[index].yearOnYear = Change(
                        from: quarter.yearEarlier, earlier: yearEarlier, later: quarters[index].total)
                }
            }
            if let range { quarters.removeAll { !range.contains($0.quarter) } }
            if quarters.isEmpty { continue }
            result.append(
                QuarterlySeries(
                    side: key.side, scope: key.scope, subject: key.side == .online ? key.subject : nil,
                    measure: key.measure, unit: key.unit, quarters: quarters))
        }
        return result.sorted {
            ($0.side == .online ? 0 : 1, $0.scope.rawValue, $0.subject ?? "", $0.measure, $0.unit.rawValue)
                < ($1.side == .online ? 0 : 1, $1.scope.rawValue, $1.subject ?? "", $1.measure, $1.unit.rawValue)
        }
    }
}

/// Reused buffers for splitting one row over its quarters (no allocation per row).
struct SplitScratch {
    var weights: [Int64] = .init(repeating: 0, count: 16)
    var low: [Int64] = .init(repeating: 0, count: 16)
    var value: [Int64] = .init(repeating: 0, count: 16)
    var high: [Int64] = .init(repeating: 0, count: 16)
    var gap: [Int64] = .init(repeating: 0, count: 16)
    var remainders: [Int64] = .init(repeating: 0, count: 16)

    @inline(__always)
    mutating func prepare(count: Int) {
        if weights.count < count {
            let size = max(count, weights.count * 2)
            weights = .init(repeating: 0, count: size)
            low = weights
            value = weights
            high = weights
            gap = weights
            remainders = weights
        }
    }

    /// Low first, then each gap, so that per quarter low ≤ value ≤ high (see ``Apportionment``).
    @inline(__always)
    mutating func split(
        low lowAmount: Int64, value valueAmount: Int64, high highAmount: Int64, hasValue: Bool, hasHigh: Bool,
        count: Int, total: Int64
    ) {
        let weights = self.weights[0..<count]
        Apportionment.hamilton(lowAmount, weights: weights, total: total, shares: &low, remainders: &remainders)
        var previous = lowAmount
        if hasValue {
            if valueAmount == lowAmount {
                for position in 0..<count { value[position] = low[position] }
            } else if valueAmount > lowAmount {
                Apportionment.hamilton(
                    valueAmount - lowAmount, weights: weights, total: total, shares: &gap, remainders: &remainders)
                for position in 0..<count { value[position] = low[position] + gap[position] }
            } else {
                Apportionment.hamilton(
                    valueAmount, weights: weights, total: total, shares: &value, remainders: &remainders)
            }
            previous = valueAmount
        }
        if hasHigh {
            let base = hasValue ? value : low
            if highAmount == previous {
                for position in 0..<count { high[position] = base[position] }
            } else if highAmount > previous {
                Apportionment.hamilton(
                    highAmount - previous, weights: weights, total: total, shares: &gap, remainders: &remainders)
                for position in 0..<count { high[position] = base[position] + gap[position] }
            } else {
                Apportionment.hamilton(
                    highAmount, weights: weights, total: total, shares: &high, remainders: &remainders)
            }
        }
    }
}
