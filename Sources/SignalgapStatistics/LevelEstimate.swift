import SignalgapModel

/// How large something is, from all the figures about it (a cluster's
/// travellers, a district's residents, a country's foreign fighters).
///
/// Rule: the **latest level** — among the stocks not superseded, those with
/// the latest window end; when several figures give that date, the range
/// from the lowest low to the highest high (``Disagreement/rule``). A subject
/// with flows only is sized by the sum of its counted flows (overlaps
/// resolved as in the quarterly totals). ``acrossSources`` keeps the range
/// over every figure, whatever its date.
public struct LevelEstimate: Hashable, Sendable {
    public enum Basis: String, Hashable, Sendable {
        case latestStock = "latest_stock"
        case sumOfFlows = "sum_of_flows"
    }

    public var estimate: Estimate
    /// The date the level applies to (the latest window end used).
    public var asOf: Day
    public var basis: Basis
    /// The figures behind ``estimate`` (the latest stocks, or the counted flows and the members
    /// of their disagreements).
    public var figures: [Reference]
    /// The input rows of ``figures``, in the same order.
    public var figureRows: [Int]
    /// The range from the lowest low to the highest high over every figure not superseded.
    public var acrossSources: Estimate
    /// Figures not superseded, of any date.
    public var figureCount: Int
    /// Distinct sources among them.
    public var sourceCount: Int

    /// Nil when there are no usable figures.
    init?(rows: [Int], input: StatisticsInput, resolution: Resolution) {
        let rows = rows.filter { input.supersededBy[Int32($0)] == nil }
        guard let first = rows.first else { return nil }
        let unit = input.seriesKey(ofRow: first).unit
        let precedence = PrecedenceOrder(input: input)
        let stocks = rows.filter { input.rows[$0].flags.contains(.isStock) }
        if let latest = stocks.map({ input.rows[$0].end }).max() {
            let used = stocks.filter { input.rows[$0].end == latest }.sorted { precedence.ranksBefore($0, $1) }
            let estimates = used.map { input.rows[$0].estimate(unit: unit) }
            estimate = used.count == 1 ? estimates[0] : Estimate.hull(estimates, preferredValue: estimates[0].value)
            asOf = Day(ordinal: Int(latest))
            basis = .latestStock
            figureRows = used
            figures = used.map { input.references[$0] }
        } else {
            let counted = rows.filter { Resolution.isCounted(resolution.roles[$0]) }
            guard !counted.isEmpty else { return nil }
            estimate = Estimate.sum(counted.map { resolution.countedEstimate(row: $0, input: input) })
            asOf = Day(ordinal: Int(counted.map { input.rows[$0].end }.max() ?? input.rows[counted[0]].end))
            basis = .sumOfFlows
            let withMembers = counted.flatMap { row in resolution.members[Int32(row)].map { $0.map(Int.init) } ?? [row]
            }
            figureRows = withMembers
            figures = withMembers.map { input.references[$0] }
        }
        let all = rows.sorted { precedence.ranksBefore($0, $1) }
        acrossSources = Estimate.hull(
            all.map { input.rows[$0].estimate(unit: unit) }, preferredValue: estimate.value)
        figureCount = rows.count
        sourceCount = Set(rows.map { input.rows[$0].source }).count
    }
}

/// Rows grouped by series, for the per-subject statistics.
struct SeriesRows {
    private var rowsBySeries: [Int32: [Int]] = [:]
    private var seriesByKey: [SeriesKey: Int32] = [:]

    init(_ input: StatisticsInput, where include: (SeriesKey) -> Bool) {
        let wanted = input.series.map(include)
        for (index, key) in input.series.enumerated() where wanted[index] { seriesByKey[key] = Int32(index) }
        for index in input.rows.indices where wanted[Int(input.rows[index].series)] {
            rowsBySeries[input.rows[index].series, default: []].append(index)
        }
    }

    func rows(_ key: SeriesKey) -> [Int] {
        seriesByKey[key].flatMap { rowsBySeries[$0] } ?? []
    }

    var keys: [SeriesKey] { seriesByKey.keys.sorted() }
}
