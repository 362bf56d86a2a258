import SignalgapModel

/// Figures for the same subject, measure, unit, kind and window that differ:
/// all kept, side by side, with their spread. Downstream (totals, cluster
/// sizes, country ranges) they count once, by ``Disagreement/rule``.
public struct Disagreement: Hashable, Sendable {
    public var side: Side
    public var scope: Scope
    public var subject: String
    public var measure: String
    public var unit: Unit
    public var kind: FigureKind
    public var window: Window
    /// Every figure, first the one the precedence rule ranks first.
    public var figures: [CitedFigure]
    /// What statistics use: ``rule``.
    public var combined: Estimate
    /// The highest point value minus the lowest (nil unless every figure has one).
    public var spread: Amount?
    /// The spread as a percentage of the lowest point value.
    public var spreadPercent: Double?
    /// Distinct sources among the figures (1 when one source gives two figures).
    public var sourceCount: Int

    /// The rule statistics apply to a disagreement.
    public static let rule =
        "the range from the lowest low to the highest high; the point value is that of the figure "
        + "ranked first by the precedence rule"

    init(rows: [Int], combined: Estimate, input: StatisticsInput) {
        let first = rows[0]
        let key = input.seriesKey(ofRow: first)
        side = key.side
        scope = key.scope
        subject = key.subject
        measure = key.measure
        unit = key.unit
        kind = input.rows[first].kind
        window = input.rows[first].window
        figures = rows.map { CitedFigure(row: $0, in: input) }
        self.combined = combined
        let values = figures.compactMap(\.estimate.value)
        if values.count == figures.count, let lowest = values.min(), let highest = values.max() {
            spread = Amount(units: highest.units - lowest.units)
            spreadPercent = lowest.units > 0 ? Double(highest.units - lowest.units) / Double(lowest.units) * 100 : nil
        }
        sourceCount = Set(rows.map { input.rows[$0].source }).count
    }

    /// Every disagreement among the figures not superseded, ordered by series and window.
    public static func find(in input: StatisticsInput) -> [Disagreement] {
        let order = RowOrder.bySeriesAndWindow(input.rows, seriesCount: input.series.count) {
            input.supersededBy[Int32($0)] == nil
        }
        let precedence = PrecedenceOrder(input: input)
        var result: [Disagreement] = []
        var groupStart = 0
        while groupStart < order.count {
            let first = input.rows[Int(order[groupStart])]
            var groupEnd = groupStart + 1
            while groupEnd < order.count {
                let row = input.rows[Int(order[groupEnd])]
                guard row.series == first.series, row.hasSameWindow(as: first) else { break }
                groupEnd += 1
            }
            if groupEnd - groupStart > 1 {
                // Flows and stocks of one window are different claims: split by kind.
                for isStock in [false, true] {
                    let rows = order[groupStart..<groupEnd].map(Int.init)
                        .filter { input.rows[$0].flags.contains(.isStock) == isStock }
                    guard rows.count > 1,
                        rows.contains(where: { !input.rows[$0].hasSameFigure(as: input.rows[rows[0]]) })
                    else { continue }
                    let ranked = rows.sorted { precedence.ranksBefore($0, $1) }
                    let unit = input.seriesKey(ofRow: ranked[0]).unit
                    let combined = Estimate.hull(
                        ranked.map { input.rows[$0].estimate(unit: unit) },
                        preferredValue: input.rows[ranked[0]].estimate(unit: unit).value)
                    result.append(Disagreement(rows: ranked, combined: combined, input: input))
                }
            }
            groupStart = groupEnd
        }
        return result
    }
}
