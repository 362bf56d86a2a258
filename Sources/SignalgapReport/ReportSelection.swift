import SignalgapModel
import SignalgapStatistics

/// A ratio over the quarters of the report where both sides have data.
struct RatioWindow {
    var from: Quarter
    var to: Quarter
    var quarterCount: Int
    var online: Estimate
    var offline: Estimate
    var ratio: RatioEstimate?
}

/// The statistics restricted to the quarters reported.
enum ReportSelection {
    static func inRange(_ quarter: Quarter, _ context: ReportContext) -> Bool {
        context.range.map { $0.contains(quarter) } ?? true
    }

    /// Ratios with at least one quarter in the range.
    static func ratios(_ context: ReportContext) -> [OnlineOfflineRatio] {
        context.metrics.comparison.ratios.filter { ratio in
            ratio.perQuarter.contains { inRange($0.quarter, context) }
        }
    }

    /// The ratio summed over its quarters in the range.
    static func overall(_ ratio: OnlineOfflineRatio, context: ReportContext) -> RatioWindow? {
        let quarters = ratio.perQuarter.filter { inRange($0.quarter, context) }
        guard let first = quarters.first, let last = quarters.last else { return nil }
        let online = Estimate.sum(quarters.map(\.online))
        let offline = Estimate.sum(quarters.map(\.offline))
        return RatioWindow(
            from: first.quarter, to: last.quarter, quarterCount: quarters.count, online: online, offline: offline,
            ratio: online.divided(by: offline))
    }

    static func correlationText(_ result: CorrelationResult) -> String {
        switch result {
        case .value(let correlation):
            let rho = NumberText.decimal(correlation.rho, digits: 2)
            let p = NumberText.decimal(correlation.pValue, digits: 3)
            return "ρ = \(rho) (n = \(correlation.n), p = \(p))"
        case .notEnoughData(let n, let needed): return "not enough data (n = \(n), needs ≥ \(needed))"
        case .undefined(let n, let reason): return "undefined (n = \(n)): \(reason)"
        }
    }

    /// Disagreements whose window touches the range.
    static func disagreements(_ context: ReportContext) -> [Disagreement] {
        context.metrics.disagreements.filter { context.touchesRange($0.window) }
    }
}

/// What the report prints of a figure: a figure cited by the statistics, or
/// one listed in a quarter.
protocol PrintedFigure {
    /// The figure's row in the input.
    var row: Int { get }
    var reference: Reference { get }
    var side: Side { get }
    var scope: Scope { get }
    var subject: String { get }
    var measure: String { get }
    var unit: Unit { get }
    var kind: FigureKind { get }
    var window: Window { get }
    /// The figure as stated (counts with a floor of 0).
    var estimate: Estimate { get }
    var sourceReference: Reference? { get }
}

extension CitedFigure: PrintedFigure {}

/// A figure listed in a quarter, read from its input row: a `CitedFigure`
/// without the copy of its source's record and its notes, which the listings
/// never print (they cite the source by reference, and read the notes by row).
struct ListedFigure: PrintedFigure {
    let row: Int
    let reference: Reference
    private let key: SeriesKey
    let kind: FigureKind
    let window: Window
    let estimate: Estimate
    let sourceReference: Reference?

    /// (The input is borrowed, not copied, and the source's reference read in
    /// place: a figure is listed in each quarter it touches.)
    init(row: Int, in input: borrowing StatisticsInput) {
        self.row = row
        let figureRow = input.rows[row]
        reference = input.references[row]
        key = input.series[Int(figureRow.series)]
        kind = figureRow.kind
        window = figureRow.window
        estimate = figureRow.estimate(unit: key.unit)
        let source = Int(figureRow.source)
        sourceReference = input.sources.withUnsafeBufferPointer { sources in
            sources.indices.contains(source) ? sources[source].reference : nil
        }
    }

    var side: Side { key.side }
    var scope: Scope { key.scope }
    var subject: String { key.subject }
    var measure: String { key.measure }
    var unit: Unit { key.unit }
}

/// One figure as it bears on one quarter (a class: entries are shared, never copied).
final class QuarterEntry {
    let figure: ListedFigure
    let series: SeriesID
    let use: FigureUse
    let daysInQuarter: Int?
    let isApportioned: Bool
    /// The figure's share in the quarter (flows only); a merged disagreement's range on its first figure.
    let share: Estimate?

    init(
        figure: ListedFigure, series: SeriesID, use: FigureUse, daysInQuarter: Int?, isApportioned: Bool,
        share: Estimate?
    ) {
        self.figure = figure
        self.series = series
        self.use = use
        self.daysInQuarter = daysInQuarter
        self.isApportioned = isApportioned
        self.share = share
    }

    var useCode: String {
        switch use {
        case .counted: "counted"
        case .merged: "merged"
        case .setAside: "set_aside"
        case .notSummed: "not_summed"
        }
    }

    var isCounted: Bool {
        switch use {
        case .counted, .merged: true
        case .setAside, .notSummed: false
        }
    }

    var isFlow: Bool {
        if case .notSummed = use { return false }
        return true
    }
}

/// The figures touching one quarter, by series, counted ones first, then by window:
/// at most ``flowLimit`` flows per series, ``quarterFlowLimit`` flows in all and
/// ``levelLimit`` other figures are listed (in the Markdown and the CSV alike);
/// the rest are counted, and `signalgap trace` lists them.
///
/// Cost: one pass with integer sort keys over the rows touching the quarter;
/// only the listed figures are built and apportioned.
struct QuarterEntries {
    static let flowLimit = 10
    static let quarterFlowLimit = 200
    static let levelLimit = 50

    var quarter: Quarter
    /// The listed figures: flows by series, then other figures.
    var all: [QuarterEntry]
    /// Flows per series, listed or not.
    var flowCounts: [SeriesID: Int]
    /// Counted flows per series whose window spans more than this quarter.
    var apportionedCounts: [SeriesID: Int]
    /// Figures that are not flows, listed or not.
    var levelCount: Int

    /// The listed flows grouped by series, in order.
    var flowGroups: [(series: SeriesID, entries: [QuarterEntry])] {
        var groups: [(series: SeriesID, entries: [QuarterEntry])] = []
        for entry in all where entry.isFlow {
            if let last = groups.last, last.series == entry.series {
                groups[groups.count - 1].entries.append(entry)
            } else {
                groups.append((entry.series, [entry]))
            }
        }
        return groups
    }

    private struct Key {
        var row: Int32
        var seriesRank: Int32
        var useRank: Int8
        var start: Int32
        var end: Int32
    }

    static func make(_ quarter: Quarter, context: ReportContext) -> QuarterEntries {
        let input = context.input
        let first = quarter.firstDay.ordinal
        let last = quarter.lastDay.ordinal
        // The order of the listing: flows (use rank 0 and 1) by series, then
        // everything else; within each, by use, window, subject and reference.
        func precedes(_ lhs: Key, _ rhs: Key) -> Bool {
            if lhs.seriesRank != rhs.seriesRank { return lhs.seriesRank < rhs.seriesRank }
            if lhs.useRank != rhs.useRank { return lhs.useRank < rhs.useRank }
            if lhs.start != rhs.start { return lhs.start < rhs.start }
            if lhs.end != rhs.end { return lhs.end < rhs.end }
            let lhsKey = input.series[Int(input.rows[Int(lhs.row)].series)]
            let rhsKey = input.series[Int(input.rows[Int(rhs.row)].series)]
            if lhsKey.subject != rhsKey.subject { return lhsKey.subject < rhsKey.subject }
            let lhsReference = input.references[Int(lhs.row)]
            let rhsReference = input.references[Int(rhs.row)]
            if lhsReference.dataset != rhsReference.dataset { return lhsReference.dataset < rhsReference.dataset }
            if lhsReference.id != rhsReference.id { return lhsReference.id < rhsReference.id }
            return lhs.row < rhs.row
        }
        // Everything is counted, but only the first few of each series (and of
        // the quarter) are listed: each series keeps its first few, in listing
        // order, as the rows go by, so no other key is kept or sorted. By
        // series rank (ranks run from 0), so that no row is hashed.
        let rankCount = context.seriesInRankOrder.count
        var bestBySeries = [[Key]](repeating: [], count: rankCount)
        var flowCounts = [Int](repeating: 0, count: rankCount)
        var apportionedCounts = [Int](repeating: 0, count: rankCount)
        var bestLevels: [Key] = []
        var levelCount = 0
        for row in context.rowsByQuarter[quarter.index] ?? [] {
            let figureRow = input.rows[Int(row)]
            let key = Key(
                row: row, seriesRank: Int32(context.seriesRank[Int(figureRow.series)]),
                useRank: context.listingRank(row: Int(row)),
                start: figureRow.hasStart ? figureRow.start : figureRow.end, end: figureRow.end)
            if key.useRank == 2 {
                levelCount += 1
                keep(key, among: &bestLevels, count: levelLimit, by: precedes)
                continue
            }
            let rank = Int(key.seriesRank)
            flowCounts[rank] += 1
            keep(key, among: &bestBySeries[rank], count: flowLimit, by: precedes)
            let isApportioned = figureRow.start < Int32(first) || figureRow.end > Int32(last)
            if key.useRank == 0 && isApportioned { apportionedCounts[rank] += 1 }
        }
        var listed: [Key] = []
        for best in bestBySeries where !best.isEmpty {
            let room = min(flowLimit, quarterFlowLimit - listed.count)
            guard room > 0 else { break }
            listed += best.prefix(room)
        }
        listed += bestLevels
        let entries = listed.map { key in
            let index = Int(key.row)
            return entry(
                row: index, series: context.seriesIDs[Int(input.rows[index].series)], quarter: quarter,
                input: input, context: context)
        }
        /// The series that have any, by identity.
        func byIdentity(_ counts: [Int]) -> [SeriesID: Int] {
            var byIdentity: [SeriesID: Int] = [:]
            for (rank, count) in counts.enumerated() where count > 0 {
                byIdentity[context.seriesInRankOrder[rank]] = count
            }
            return byIdentity
        }
        return QuarterEntries(
            quarter: quarter, all: entries, flowCounts: byIdentity(flowCounts),
            apportionedCounts: byIdentity(apportionedCounts), levelCount: levelCount)
    }

    /// Keeps `key` among `best`, the `count` first keys seen so far in the
    /// order of `precedes`, in that order (a key after all of them, once there
    /// are `count`, is passed over with one comparison).
    private static func keep(_ key: Key, among best: inout [Key], count: Int, by precedes: (Key, Key) -> Bool) {
        if best.count == count, let worst = best.last, !precedes(key, worst) { return }
        var position = best.count
        while position > 0 && precedes(key, best[position - 1]) { position -= 1 }
        best.insert(key, at: position)
        if best.count > count { best.removeLast() }
    }

    private static func entry(
        row index: Int, series: SeriesID, quarter: Quarter, input: StatisticsInput, context: ReportContext
    ) -> QuarterEntry {
        let first = quarter.firstDay.ordinal
        let last = quarter.lastDay.ordinal
        let figureRow = input.rows[index]
        let figure = ListedFigure(row: index, in: input)
        let use = context.use(ofRow: index)
        var days: Int?
        var share: Estimate?
        var isApportioned = false
        if case .notSummed = use {
            if figureRow.hasStart { days = min(Int(figureRow.end), last) - max(Int(figureRow.start), first) + 1 }
        } else {
            let start = Int(figureRow.start)
            let end = Int(figureRow.end)
            days = min(end, last) - max(start, first) + 1
            isApportioned = days != end - start + 1
            var estimate: Estimate? = figure.estimate
            if case .merged(let disagreement) = use {
                estimate = disagreement.figures.first?.reference == figure.reference ? disagreement.combined : nil
            }
            if let estimate {
                // A window inside the quarter keeps the whole of it (a split
                // into one part is the estimate itself).
                share =
                    isApportioned
                    ? Apportionment.split(estimate, from: Day(ordinal: start), through: Day(ordinal: end))
                        .first { $0.quarter == quarter }?.share : estimate
            }
        }
        return QuarterEntry(
            figure: figure, series: series, use: use, daysInQuarter: days, isApportioned: isApportioned,
            share: share)
    }
}
