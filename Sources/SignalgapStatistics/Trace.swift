import SignalgapModel

/// Every observation behind one cell (quarter, subject, measure): "where does
/// this number come from?" in one answer.
public struct Trace: Hashable, Sendable {
    public enum Use: Hashable, Sendable {
        /// Counted: its share is in the total.
        case counted
        /// Part of a disagreement counted once as a range, through the named figure.
        case merged(into: Reference)
        /// Not counted, with the winners and the reason.
        case setAside(SetAsideFigure)
        /// Never summed (a stock, a share, a flow without a start).
        case notSummed(NotSummableReason)

        /// `counted`, `merged`, `set_aside`, `not_summed`.
        public var code: String {
            switch self {
            case .counted: "counted"
            case .merged: "merged"
            case .setAside: "set_aside"
            case .notSummed: "not_summed"
            }
        }

        public var explanation: String {
            switch self {
            case .counted: "counted"
            case .merged(let reference):
                "disagrees with figures for the same window; counted once through \(reference) as "
                    + Disagreement.rule
            case .setAside(let figure): figure.explanation
            case .notSummed(let reason): reason.explanation
            }
        }
    }

    public struct Entry: Hashable, Sendable {
        public var figure: CitedFigure
        public var use: Use
        /// Days of the window inside the quarter (nil for a stock without a start).
        public var daysInQuarter: Int?
        public var windowDays: Int?
        /// Whether the window spans more than this quarter.
        public var isApportioned: Bool
        /// The figure's share in this quarter: what it contributes when counted (a merged
        /// disagreement's range for the figure it is counted through), what it would have
        /// contributed when set aside; nil when it is never summed.
        public var share: Estimate?
    }

    public var quarter: Quarter
    public var subject: String
    public var measure: String
    /// The series matched (a scope name matches every subject of the scope).
    public var series: [SeriesKey]
    /// The cell's total: the sum of the counted shares (nil when nothing is counted).
    public var total: Estimate?
    /// Figures whose window touches the quarter, counted ones first, then by window.
    public var entries: [Entry]

    /// - Parameters:
    ///   - subject: a platform (`twitter`), a country code (`BE`), `world`, a cluster
    ///     (`DATASET:ID`, or `ID` alone), or an offline scope (`clusters`, `countries`)
    ///     to trace an offline total.
    ///   - measure: a codebook measure.
    public static func make(
        _ input: StatisticsInput, quarter: Quarter, subject: String, measure: String, policy: OverlapPolicy = .resolve
    ) throws(StatisticsError) -> Trace {
        guard Codebook.measure(named: measure) != nil else { throw .unknownMeasure(measure) }
        let scope = scopeNamed(subject)
        let matched = input.series.indices.filter { index in
            let key = input.series[index]
            guard key.measure == measure else { return false }
            if let scope, key.side == .offline { return key.scope == scope }
            return key.subject == subject || key.subject.hasSuffix(":" + subject)
        }
        guard !matched.isEmpty else { throw .noFigures(subject: subject, measure: measure) }
        let wanted = Set(matched.map(Int32.init))
        var resolution = Resolution(input, policy: policy)
        let first = quarter.firstDay.ordinal
        let last = quarter.lastDay.ordinal
        var entries: [Entry] = []
        var counted: [Estimate] = []
        for index in input.rows.indices where wanted.contains(input.rows[index].series) {
            let row = input.rows[index]
            let start = row.hasStart ? Int(row.start) : Int(row.end)
            guard start <= last, Int(row.end) >= first else { continue }
            let unit = input.series[Int(row.series)].unit
            let use: Use
            switch resolution.roles[index] {
            case .counted, .representative, .duplicated: use = .counted
            case .merged:
                use = .merged(into: input.references[Int(resolution.mergedInto[Int32(index)] ?? Int32(index))])
            case .setAside:
                if let figure = resolution.setAsideFigure(ofRow: index, in: input) {
                    use = .setAside(figure)
                } else {
                    use = .notSummed(Resolution.summability(row, unit: unit) ?? .stock)
                }
            case .notSummable: use = .notSummed(Resolution.summability(row, unit: unit) ?? .stock)
            }
            var share: Estimate?
            var days: Int?
            if row.hasStart {
                days = min(Int(row.end), last) - max(Int(row.start), first) + 1
            }
            if Resolution.summability(row, unit: unit) == nil {
                let estimate: Estimate
                if case .counted = use {
                    estimate = resolution.countedEstimate(row: index, input: input)
                } else {
                    estimate = row.estimate(unit: unit)
                }
                share =
                    Apportionment.split(
                        estimate, from: Day(ordinal: Int(row.start)), through: Day(ordinal: Int(row.end))
                    ).first { $0.quarter == quarter }?.share
                if case .counted = use, let share { counted.append(share) }
            }
            entries.append(
                Entry(
                    figure: CitedFigure(row: index, in: input), use: use, daysInQuarter: days,
                    windowDays: row.dayCount, isApportioned: row.hasStart && days != row.dayCount, share: share))
        }
        entries.sort { lhs, rhs in
            let lhsRank = rank(lhs.use)
            let rhsRank = rank(rhs.use)
            if lhsRank != rhsRank { return lhsRank < rhsRank }
            let lhsStart = lhs.figure.window.start?.day ?? lhs.figure.window.end.day
            let rhsStart = rhs.figure.window.start?.day ?? rhs.figure.window.end.day
            if lhsStart != rhsStart { return lhsStart < rhsStart }
            if lhs.figure.window.end.day != rhs.figure.window.end.day {
                return lhs.figure.window.end.day < rhs.figure.window.end.day
            }
            return lhs.figure.reference.description < rhs.figure.reference.description
        }
        return Trace(
            quarter: quarter, subject: subject, measure: measure, series: matched.map { input.series[$0] },
            total: counted.isEmpty ? nil : Estimate.sum(counted), entries: entries)
    }

    private static func rank(_ use: Use) -> Int {
        switch use {
        case .counted: 0
        case .merged: 1
        case .setAside: 2
        case .notSummed: 3
        }
    }

    /// `clusters`/`cluster`, `countries`/`country`: an offline scope.
    static func scopeNamed(_ text: String) -> Scope? {
        switch text {
        case "cluster", "clusters": .cluster
        case "country", "countries": .country
        default: nil
        }
    }
}
