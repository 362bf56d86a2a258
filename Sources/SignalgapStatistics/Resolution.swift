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
    /// Its window shares days with counted flows that rank before it (listed:
    /// at most eight, earliest windows first); `step` is the precedence step
    /// that decided against the first of them.
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
/// mutually overlapping flows, with O(1) storage per set-aside row (no
/// allocation per row).
struct Resolution: Sendable {
    enum Role: UInt8, Sendable {
        case notSummable
        /// Counted with its own figure.
        case counted
        /// Counted, standing for a disagreement: its figure is the disagreement's range.
        case representative
        /// Counted, with duplicates (the same figure for the same window) set aside.
        case duplicated
        /// Counted through a representative.
        case merged
        case setAside
    }

    /// A set-aside row's reason, compactly: the winners listed are
    /// `winnerRows[winnerStart..<winnerStart + winnerCount]`, out of `overlapCount`.
    struct Entry: Sendable {
        enum Kind: UInt8, Sendable { case superseded, duplicate, overlap }
        var row: Int32
        var kind: Kind
        var step: PrecedenceStep
        var winnerStart: Int32
        var winnerCount: Int32
        var overlapCount: Int32
    }

    /// At most this many winners are listed per set-aside flow (the earliest
    /// windows); ``SetAsideFigure/winnerCount`` gives how many there are.
    static let listedWinnerLimit = 8

    let policy: OverlapPolicy
    var roles: ContiguousArray<Role>
    /// Set-aside rows in the order they were decided (supersedes, then series and window).
    var entries: [Entry] = []
    var winnerRows: [Int32] = []
    /// Row → index into `entries` for set-aside rows (built on first need).
    private var entryByRow: [Int32: Int32]?
    /// A representative → its disagreement's range.
    var combined: [Int32: Estimate] = [:]
    /// A representative → every row of its disagreement (itself first), by precedence.
    var members: [Int32: [Int32]] = [:]
    /// A merged row → its representative.
    var mergedInto: [Int32: Int32] = [:]
    /// A counted row → the rows set aside as its duplicates (entry indices).
    private var duplicates: [Int32: [Int32]] = [:]

    static func summability(_ row: FigureRow, unit: Unit) -> NotSummableReason? {
        if row.flags.contains(.isStock) { return .stock }
        if !unit.isCount { return .notACount }
        if !row.flags.contains(.hasStart) || row.start > row.end { return .noStart }
        return nil
    }

    static func isCounted(_ role: Role) -> Bool { role == .counted || role == .representative || role == .duplicated }

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
            setAside(superseded, kind: .superseded, step: .identifier, winners: CollectionOfOne(by))
        }

        // 2. and 3. per series, per group of flows whose windows chain into each other.
        let roles = self.roles
        if Self.provablyDisjoint(rows, roles: roles, seriesCount: input.series.count) { return }
        let records = RowOrder.windowRecords(rows, seriesCount: input.series.count) { roles[$0] == .counted }
        let precedence = PrecedenceOrder(input: input)
        var scratch = ComponentScratch()
        var componentStart = 0
        var maxEnd = Int32.min
        var currentSeries = Int32(-1)
        for position in 0...records.count {
            let isBoundary =
                position == records.count
                || records[position].series != currentSeries || records[position].start > maxEnd
            if isBoundary {
                if position - componentStart > 1 {
                    resolveComponent(
                        records[componentStart..<position], input: input, precedence: precedence, scratch: &scratch)
                }
                componentStart = position
                if position < records.count {
                    currentSeries = records[position].series
                    maxEnd = records[position].end
                }
            } else {
                maxEnd = max(maxEnd, records[position].end)
            }
        }
    }

    /// A linear-time shortcut for the common case: marks every counted day of
    /// every series in a bitmap and reports true when no day is marked twice
    /// (no two flows of a series overlap, no identical windows), so nothing
    /// needs resolving. Gives up (false) on the first day marked twice, or
    /// when the bitmap or the marking would cost more than sorting.
    static func provablyDisjoint(_ rows: ContiguousArray<FigureRow>, roles: ContiguousArray<Role>, seriesCount: Int)
        -> Bool
    {
        var firstDay = [Int64](repeating: Int64.max, count: seriesCount)
        var lastDay = [Int64](repeating: Int64.min, count: seriesCount)
        var markedDays: Int64 = 0
        var counted: Int64 = 0
        for index in 0..<rows.count where roles[index] == .counted {
            let row = rows[index]
            let series = Int(row.series)
            firstDay[series] = min(firstDay[series], Int64(row.start))
            lastDay[series] = max(lastDay[series], Int64(row.end))
            markedDays += Int64(row.end) - Int64(row.start) + 1
            counted += 1
        }
        var offsets = [Int64](repeating: 0, count: seriesCount)
        var bits: Int64 = 0
        for series in 0..<seriesCount where firstDay[series] <= lastDay[series] {
            offsets[series] = bits - firstDay[series]
            bits += lastDay[series] - firstDay[series] + 1
        }
        guard bits <= 1 << 27, markedDays <= 64 * max(counted, 1) else { return false }
        var bitmap = [UInt64](repeating: 0, count: Int((bits + 63) / 64))
        return bitmap.withUnsafeMutableBufferPointer { bitmap in
            for index in 0..<rows.count where roles[index] == .counted {
                let row = rows[index]
                let offset = offsets[Int(row.series)]
                for day in (Int64(row.start) + offset)...(Int64(row.end) + offset) {
                    let word = Int(day >> 6)
                    let mask: UInt64 = 1 << UInt64(day & 63)
                    if bitmap[word] & mask != 0 { return false }
                    bitmap[word] |= mask
                }
            }
            return true
        }
    }

    /// Buffers reused across components.
    private struct ComponentScratch {
        var candidates: [RowOrder.WindowRecord] = []
        /// Counted windows in the order they were accepted.
        var accepted: [RowOrder.WindowRecord] = []
        /// Day (from the component's first start) → index in `accepted`, −1 when no counted window covers it.
        var owner: [Int32] = []
        /// Bit per day: a counted window starts on it.
        var startBits: [UInt64] = []
    }

    /// Resolves one group of flows of one series whose windows chain into each
    /// other, sorted by (start, end).
    private mutating func resolveComponent(
        _ component: ArraySlice<RowOrder.WindowRecord>, input: StatisticsInput, precedence: PrecedenceOrder,
        scratch: inout ComponentScratch
    ) {
        let rows = input.rows
        let unit = input.series[Int(component[component.startIndex].series)].unit
        // Identical windows: duplicates are set aside, disagreements merged into one range.
        scratch.candidates.removeAll(keepingCapacity: true)
        var groupStart = component.startIndex
        while groupStart < component.endIndex {
            var groupEnd = groupStart + 1
            let first = component[groupStart]
            while groupEnd < component.endIndex, component[groupEnd].start == first.start,
                component[groupEnd].end == first.end
            {
                groupEnd += 1
            }
            if groupEnd - groupStart == 1 {
                scratch.candidates.append(first)
            } else {
                var group = Array(component[groupStart..<groupEnd])
                precedence.sort(&group)
                let representative = group[0].row
                var representativeRecord = group[0]
                let representativeRow = rows[Int(representative)]
                if group.allSatisfy({ rows[Int($0.row)].hasSameFigure(as: representativeRow) }) {
                    var copies: [Int32] = []
                    for record in group.dropFirst() {
                        copies.append(Int32(entries.count))
                        setAside(
                            record.row, kind: .duplicate, step: .identifier, winners: CollectionOfOne(representative))
                    }
                    duplicates[representative] = copies
                    roles[Int(representative)] = .duplicated
                    representativeRecord.role = .duplicated
                } else {
                    let estimates = group.map { rows[Int($0.row)].estimate(unit: unit) }
                    combined[representative] = Estimate.hull(
                        estimates, preferredValue: representativeRow.estimate(unit: unit).value)
                    members[representative] = group.map(\.row)
                    roles[Int(representative)] = .representative
                    representativeRecord.role = .representative
                    for record in group.dropFirst() {
                        roles[Int(record.row)] = .merged
                        mergedInto[record.row] = representative
                    }
                }
                scratch.candidates.append(representativeRecord)
            }
            groupStart = groupEnd
        }
        if scratch.candidates.count < 2 { return }

        // The precedence rule, greedily. Counted windows are disjoint, so a day map
        // (day → counted window covering it) and a bitset of counted starts answer
        // "which counted windows share a day with this one" in O(1 + days / 64).
        precedence.sort(&scratch.candidates)
        let base = component[component.startIndex].start
        var span = 0
        for record in component { span = max(span, Int(record.end) - Int(base) + 1) }
        scratch.accepted.removeAll(keepingCapacity: true)
        scratch.owner.removeAll(keepingCapacity: true)
        scratch.owner.append(contentsOf: repeatElement(-1, count: span))
        scratch.startBits.removeAll(keepingCapacity: true)
        scratch.startBits.append(contentsOf: repeatElement(0, count: (span + 63) / 64))
        for candidate in scratch.candidates {
            let first = Int(candidate.start - base)
            let last = Int(candidate.end - base)
            let winnerStart = Int32(winnerRows.count)
            var listed = 0
            var overlapping = 0
            let covering = scratch.owner[first]
            var firstWinner = covering
            if covering >= 0 {
                winnerRows.append(scratch.accepted[Int(covering)].row)
                listed = 1
                overlapping = 1
            }
            // Counted windows starting inside (first, last].
            if first < last {
                var word = (first + 1) >> 6
                let lastWord = last >> 6
                var bits = scratch.startBits[word] & (~0 << UInt64((first + 1) & 63))
                while true {
                    if word == lastWord { bits &= last & 63 == 63 ? ~0 : (1 << UInt64((last & 63) + 1)) - 1 }
                    overlapping += bits.nonzeroBitCount
                    while bits != 0, listed < Self.listedWinnerLimit {
                        let owner = scratch.owner[word << 6 | bits.trailingZeroBitCount]
                        if firstWinner < 0 { firstWinner = owner }
                        winnerRows.append(scratch.accepted[Int(owner)].row)
                        listed += 1
                        bits &= bits - 1
                    }
                    if word >= lastWord { break }
                    word += 1
                    bits = scratch.startBits[word]
                }
            }
            if overlapping > 0, firstWinner >= 0 {
                let step = precedence.decidingStep(winner: scratch.accepted[Int(firstWinner)], loser: candidate)
                setAside(
                    candidate.row, kind: .overlap, step: step, winnerStart: winnerStart, winnerCount: Int32(listed),
                    overlapCount: Int32(overlapping), role: candidate.role)
            } else {
                let index = Int32(scratch.accepted.count)
                scratch.accepted.append(candidate)
                for day in first...last { scratch.owner[day] = index }
                scratch.startBits[first >> 6] |= 1 << UInt64(first & 63)
            }
        }
    }

    /// Records a set-aside row whose winners are `winners` (appended to `winnerRows` here).
    private mutating func setAside(
        _ row: Int32, kind: Entry.Kind, step: PrecedenceStep, winners: some Collection<Int32>
    ) {
        let winnerStart = Int32(winnerRows.count)
        winnerRows.append(contentsOf: winners)
        setAside(
            row, kind: kind, step: step, winnerStart: winnerStart, winnerCount: Int32(winners.count),
            overlapCount: Int32(winners.count), role: nil)
    }

    /// Records a set-aside row whose winners are already at `winnerRows[winnerStart...]`.
    /// `role`: the row's current role when the caller knows it (saves a random read on the hot path).
    private mutating func setAside(
        _ row: Int32, kind: Entry.Kind, step: PrecedenceStep, winnerStart: Int32, winnerCount: Int32,
        overlapCount: Int32, role: Role?
    ) {
        let role = role ?? roles[Int(row)]
        let entry = Entry(
            row: row, kind: kind, step: step, winnerStart: winnerStart, winnerCount: winnerCount,
            overlapCount: overlapCount)
        if role == .duplicated, let copies = duplicates.removeValue(forKey: row) {
            // Its duplicates go with it, for the same reason.
            for copy in copies {
                entries[Int(copy)].kind = kind
                entries[Int(copy)].step = step
                entries[Int(copy)].winnerStart = winnerStart
                entries[Int(copy)].winnerCount = winnerCount
                entries[Int(copy)].overlapCount = overlapCount
            }
        }
        if role == .representative, let group = members.removeValue(forKey: row) {
            // A disagreement set aside as a whole: its members go with it.
            combined[row] = nil
            for member in group.dropFirst() {
                roles[Int(member)] = .setAside
                mergedInto[member] = nil
                var copy = entry
                copy.row = member
                entries.append(copy)
            }
        }
        roles[Int(row)] = .setAside
        entries.append(entry)
    }

    /// The reason of one entry.
    func reason(of entry: Entry) -> SetAsideReason {
        let winners = winnerRows[Int(entry.winnerStart)..<Int(entry.winnerStart + entry.winnerCount)].map(Int.init)
        switch entry.kind {
        case .superseded: return .superseded(by: winners.first ?? Int(entry.row))
        case .duplicate: return .duplicate(of: winners.first ?? Int(entry.row))
        case .overlap: return .overlap(winners: winners, step: entry.step)
        }
    }

    private mutating func entry(ofRow row: Int) -> Entry? {
        if entryByRow == nil {
            var index: [Int32: Int32] = [:]
            for (position, entry) in entries.enumerated() { index[entry.row] = Int32(position) }
            entryByRow = index
        }
        guard let position = entryByRow?[Int32(row)] else { return nil }
        return entries[Int(position)]
    }

    /// The reason a row is set aside, nil when it is not. O(1) after a first O(set aside) call.
    mutating func reason(ofRow row: Int) -> SetAsideReason? {
        entry(ofRow: row).map(reason(of:))
    }

    /// The row as a set-aside figure, nil when it is not set aside.
    mutating func setAsideFigure(ofRow row: Int, in input: StatisticsInput) -> SetAsideFigure? {
        guard let entry = entry(ofRow: row) else { return nil }
        return SetAsideFigure(row: row, reason: reason(of: entry), winnerCount: Int(entry.overlapCount), input: input)
    }

    /// The estimate a counted row contributes (its own, or its disagreement's range).
    func countedEstimate(row: Int, input: StatisticsInput) -> Estimate {
        if roles[row] == .representative, let estimate = combined[Int32(row)] { return estimate }
        return input.rows[row].estimate(unit: input.seriesKey(ofRow: row).unit)
    }

    /// Set-aside figures with their winners, in decision order.
    func setAsideFigures(in input: StatisticsInput) -> [SetAsideFigure] {
        entries.map {
            SetAsideFigure(row: Int($0.row), reason: reason(of: $0), winnerCount: Int($0.overlapCount), input: input)
        }
    }

    /// The disagreements merged into one counted range each.
    func mergedDisagreements(in input: StatisticsInput) -> [Disagreement] {
        members.keys.sorted().compactMap { representative -> Disagreement? in
            guard let group = members[representative], let range = combined[representative] else { return nil }
            return Disagreement(rows: group.map(Int.init), combined: range, input: input)
        }
    }
}
