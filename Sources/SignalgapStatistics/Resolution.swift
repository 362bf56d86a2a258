import SignalgapModel

/// Which figures may be summed into quarterly totals.
public enum OverlapPolicy: String, Hashable, Sendable {
    /// The rule of the domain model: supersedes, then identical windows
    /// (duplicates set aside, disagreements merged into one range), then the
    /// ``PrecedenceStep`` rule, so that no two counted flows of a series overlap.
    case resolve
    /// Every summable flow is counted, overlaps and superseded figures
    /// included. Double counts: only for checking the apportionment against a
    /// naive query over the same rows (the benchmark).
    case countEverything = "count_everything"
}

/// Why a figure is not counted.
public enum SetAsideReason: Hashable, Sendable {
    /// A figure of the input restates or corrects it (row index of that figure).
    case superseded(by: Int)
    /// Another source gives the same figure for the same window; that one is counted.
    case duplicate(of: Int)
    /// Its window shares days with counted flows that rank before it; `step`
    /// is the precedence step that decided against the first of them.
    case overlap(winners: [Int], step: PrecedenceStep)

    /// `superseded`, `duplicate`, `overlap`.
    public var code: String {
        switch self {
        case .superseded: "superseded"
        case .duplicate: "duplicate"
        case .overlap: "overlap"
        }
    }

    /// The rows named as having won.
    public var winners: [Int] {
        switch self {
        case .superseded(let row), .duplicate(let row): [row]
        case .overlap(let rows, _): rows
        }
    }
}

/// Why a figure is never summed at all, whatever the precedence.
public enum NotSummableReason: String, Hashable, Sendable {
    case stock
    case notACount = "not_a_count"
    case noStart = "no_start"

    public var explanation: String {
        switch self {
        case .stock: "a stock is a level or running total: stocks are never summed"
        case .notACount: "only counts are summed; shares and rates are not"
        case .noStart: "a flow without a window start cannot be apportioned"
        }
    }
}

/// How each row is used by the quarterly totals: the outcome of supersedes,
/// identical-window merging and the precedence rule. Computed in
/// O(n) (radix sort by series and window) plus O(m log m) per group of
/// mutually overlapping flows.
struct Resolution: Sendable {
    enum Role: UInt8, Sendable {
        case notSummable, counted, merged, setAside
    }

    let policy: OverlapPolicy
    var roles: ContiguousArray<Role>
    /// A counted row standing for a disagreement: the range from the lowest low to the highest high.
    var combined: [Int32: Estimate] = [:]
    /// A counted row standing for a disagreement → every row of it (itself included), by precedence.
    var members: [Int32: [Int32]] = [:]
    /// A merged row → the row that stands for its disagreement.
    var mergedInto: [Int32: Int32] = [:]
    var reasons: [Int32: SetAsideReason] = [:]
    /// A counted row → the rows set aside as its duplicates.
    var duplicates: [Int32: [Int32]] = [:]
    /// Set-aside rows in the order they were decided (series, then window).
    var setAsideRows: [Int32] = []

    static func summability(_ row: FigureRow, unit: Unit) -> NotSummableReason? {
        if row.flags.contains(.isStock) { return .stock }
        if !unit.isCount { return .notACount }
        if !row.flags.contains(.hasStart) || row.start > row.end { return .noStart }
        return nil
    }

    init(_ input: StatisticsInput, policy: OverlapPolicy) {
        self.policy = policy
        let rows = input.rows
        let countable = input.series.map(\.unit.isCount)
        roles = ContiguousArray(repeating: .notSummable, count: rows.count)
        var summableCount = 0
        for index in 0..<rows.count {
            let row = rows[index]
            if !row.flags.contains(.isStock), row.flags.contains(.hasStart), row.start <= row.end,
                countable[Int(row.series)]
            {
                roles[index] = .counted
                summableCount += 1
            }
        }
        if policy == .countEverything || summableCount == 0 { return }

        // 1. supersedes decides first (for any row, summable or not).
        for (superseded, by) in input.supersededBy.sorted(by: { $0.key < $1.key }) {
            roles[Int(superseded)] = .setAside
            reasons[superseded] = .superseded(by: Int(by))
            setAsideRows.append(superseded)
        }

        // 2. and 3. per series, per group of mutually overlapping flows.
        let roles = self.roles
        let order = RowOrder.bySeriesAndWindow(rows, seriesCount: input.series.count) { roles[$0] == .counted }
        let precedence = PrecedenceOrder(input: input)
        var componentStart = 0
        var maxEnd = Int32.min
        var currentSeries = Int32(-1)
        for position in 0...order.count {
            let isBoundary: Bool
            if position == order.count {
                isBoundary = true
            } else {
                let row = rows[Int(order[position])]
                isBoundary = row.series != currentSeries || row.start > maxEnd
            }
            if isBoundary {
                if position - componentStart > 1 {
                    resolveComponent(order[componentStart..<position], input: input, precedence: precedence)
                }
                componentStart = position
                if position < order.count {
                    let row = rows[Int(order[position])]
                    currentSeries = row.series
                    maxEnd = row.end
                }
            } else {
                maxEnd = max(maxEnd, rows[Int(order[position])].end)
            }
        }
    }

    /// Resolves one group of flows of one series whose windows chain into each
    /// other, sorted by (start, end).
    private mutating func resolveComponent(
        _ component: ArraySlice<Int32>, input: StatisticsInput, precedence: PrecedenceOrder
    ) {
        let rows = input.rows
        let unit = input.series[Int(rows[Int(component[component.startIndex])].series)].unit
        // Identical windows: duplicates are set aside, disagreements merged into one range.
        var candidates: [Int32] = []
        var groupStart = component.startIndex
        while groupStart < component.endIndex {
            var groupEnd = groupStart + 1
            let first = rows[Int(component[groupStart])]
            while groupEnd < component.endIndex, rows[Int(component[groupEnd])].hasSameWindow(as: first) {
                groupEnd += 1
            }
            if groupEnd - groupStart == 1 {
                candidates.append(component[groupStart])
            } else {
                let group = component[groupStart..<groupEnd].sorted { precedence.ranksBefore(Int($0), Int($1)) }
                let representative = group[0]
                candidates.append(representative)
                let representativeRow = rows[Int(representative)]
                if group.allSatisfy({ rows[Int($0)].hasSameFigure(as: representativeRow) }) {
                    for row in group.dropFirst() { setAside(row, .duplicate(of: Int(representative))) }
                    duplicates[representative] = Array(group.dropFirst())
                } else {
                    let estimates = group.map { rows[Int($0)].estimate(unit: unit) }
                    combined[representative] = Estimate.hull(
                        estimates, preferredValue: representativeRow.estimate(unit: unit).value)
                    members[representative] = group
                    for row in group.dropFirst() {
                        roles[Int(row)] = .merged
                        mergedInto[row] = representative
                    }
                }
            }
            groupStart = groupEnd
        }
        if candidates.count < 2 { return }

        // The precedence rule, greedily: counted windows are kept disjoint and sorted.
        candidates.sort { precedence.ranksBefore(Int($0), Int($1)) }
        var acceptedStart: [Int32] = []
        var acceptedEnd: [Int32] = []
        var acceptedRow: [Int32] = []
        for candidate in candidates {
            let row = rows[Int(candidate)]
            // First counted window ending on or after this start (ends are sorted, windows disjoint).
            var lowerBound = 0, upperBound = acceptedEnd.count
            while lowerBound < upperBound {
                let middle = (lowerBound + upperBound) / 2
                if acceptedEnd[middle] < row.start { lowerBound = middle + 1 } else { upperBound = middle }
            }
            if lowerBound < acceptedStart.count, acceptedStart[lowerBound] <= row.end {
                var winners: [Int] = []
                var index = lowerBound
                while index < acceptedStart.count, acceptedStart[index] <= row.end {
                    winners.append(Int(acceptedRow[index]))
                    index += 1
                }
                let step = precedence.compare(winners[0], Int(candidate)).step
                setAside(candidate, .overlap(winners: winners, step: step))
            } else {
                acceptedStart.insert(row.start, at: lowerBound)
                acceptedEnd.insert(row.end, at: lowerBound)
                acceptedRow.insert(candidate, at: lowerBound)
            }
        }
    }

    private mutating func setAside(_ row: Int32, _ reason: SetAsideReason) {
        if let copies = duplicates.removeValue(forKey: row) {
            // Its duplicates go with it, for the same reason.
            for copy in copies { reasons[copy] = reason }
        }
        if let members = members[row] {
            // A disagreement set aside as a whole: its members go with it.
            for member in members.dropFirst() {
                roles[Int(member)] = .setAside
                reasons[member] = reason
                mergedInto[member] = nil
                setAsideRows.append(member)
            }
            self.members[row] = nil
            combined[row] = nil
        }
        roles[Int(row)] = .setAside
        reasons[row] = reason
        setAsideRows.append(row)
    }

    /// The estimate a counted row contributes (its own, or its disagreement's range).
    func countedEstimate(row: Int, input: StatisticsInput) -> Estimate {
        if let estimate = combined[Int32(row)] { return estimate }
        return input.rows[row].estimate(unit: input.seriesKey(ofRow: row).unit)
    }
}
