import SignalgapModel

/// Spreads a flow over the calendar quarters its window touches, by days:
/// each quarter receives amount × (days of the window in the quarter) ÷
/// (days of the window).
///
/// **Exactness guarantee.** Shares are computed in `Amount` units (integer
/// ten-thousandths) with the largest-remainder (Hamilton) method: each
/// quarter first gets the floor of its exact share, computed with 128-bit
/// intermediates so nothing overflows; the units left over (fewer than the
/// number of quarters) go one each to the quarters with the largest
/// remainders, earlier quarter first on a tie. So the shares of one
/// observation always add back *exactly* to its amount, no share is more than
/// one unit (0.0001) from its exact day-weighted value, and a quarter total
/// is an integer sum of shares: no floating-point drift anywhere.
///
/// For an estimate, the low is split first and then each gap (value − low,
/// high − value) is split the same way and added on. So per quarter
/// low ≤ value ≤ high still holds, the lows, values and highs each add back
/// exactly to the observation's low, value and high, and every share is
/// within 0.0003 of its exact day-weighted value.
public enum Apportionment {
    /// One quarter's part of a window.
    public struct Share: Hashable, Sendable {
        public var quarter: Quarter
        /// Days of the window inside the quarter.
        public var days: Int
        /// Days of the whole window.
        public var windowDays: Int
        public var amount: Amount
        /// True when the window spans more than this quarter (the share is an estimate).
        public var isApportioned: Bool { days != windowDays }
    }

    /// The quarters of an inclusive window with the days of the window in each.
    public static func quarterDays(from start: Day, through end: Day) -> [(quarter: Quarter, days: Int)] {
        guard start <= end else { return [] }
        var result: [(Quarter, Int)] = []
        var quarter = Quarter(containing: start)
        let last = Quarter(containing: end)
        while quarter <= last {
            let from = max(start.ordinal, quarter.firstDay.ordinal)
            let through = min(end.ordinal, quarter.lastDay.ordinal)
            result.append((quarter, through - from + 1))
            quarter = quarter.next
        }
        return result
    }

    /// Splits an amount over the quarters of an inclusive window; the shares add up exactly to `amount`.
    public static func split(_ amount: Amount, from start: Day, through end: Day) -> [Share] {
        let parts = quarterDays(from: start, through: end)
        let windowDays = end.ordinal - start.ordinal + 1
        var shares = [Int64](repeating: 0, count: parts.count)
        var remainders = [Int64](repeating: 0, count: parts.count)
        let weights = parts.map { Int64($0.days) }
        hamilton(amount.units, weights: weights, total: Int64(windowDays), shares: &shares, remainders: &remainders)
        return parts.indices.map {
            Share(
                quarter: parts[$0].quarter, days: parts[$0].days, windowDays: windowDays,
                amount: Amount(units: shares[$0]))
        }
    }

    /// Splits an estimate's low, value and high over the quarters of a window.
    /// Each of the three adds up exactly to the whole; an open high stays open
    /// in every quarter; the qualifier is kept.
    public static func split(_ estimate: Estimate, from start: Day, through end: Day) -> [(
        quarter: Quarter, days: Int, share: Estimate
    )] {
        let parts = quarterDays(from: start, through: end)
        let weights = parts.map { Int64($0.days) }
        let total = Int64(end.ordinal - start.ordinal + 1)
        var low = [Int64](repeating: 0, count: parts.count)
        var value = low
        var high = low
        var scratch = low
        let hasLow = estimate.low != nil
        let hasValue = estimate.value != nil
        let hasHigh = estimate.high != nil
        splitChain(
            low: estimate.low?.units ?? 0, value: estimate.value?.units ?? 0, high: estimate.high?.units ?? 0,
            hasLow: hasLow, hasValue: hasValue, hasHigh: hasHigh, weights: weights, total: total,
            low: &low, value: &value, high: &high, scratch: &scratch)
        return parts.indices.map { index in
            (
                parts[index].quarter, parts[index].days,
                Estimate(
                    low: hasLow ? Amount(units: low[index]) : nil, value: hasValue ? Amount(units: value[index]) : nil,
                    high: hasHigh ? Amount(units: high[index]) : nil, qualifier: estimate.qualifier)
            )
        }
    }

    // MARK: The core, on integers

    /// Largest-remainder split of `amount` by `weights` (which add up to `total`)
    /// into `shares[0..<weights.count]`. Negative amounts are split by magnitude.
    @inline(__always)
    static func hamilton(
        _ amount: Int64, weights: some RandomAccessCollection<Int64>, total: Int64,
        shares: inout [Int64], remainders: inout [Int64]
    ) {
        let count = weights.count
        if count == 1 {
            shares[0] = amount
            return
        }
        let negative = amount < 0
        let magnitude = negative ? -amount : amount
        var assigned: Int64 = 0
        var index = 0
        for weight in weights {
            let (product, overflow) = magnitude.multipliedReportingOverflow(by: weight)
            let quotient: Int64
            let remainder: Int64
            if overflow {
                let wide = magnitude.multipliedFullWidth(by: weight)
                (quotient, remainder) = total.dividingFullWidth(wide)
            } else {
                quotient = product / total
                remainder = product - quotient * total
            }
            shares[index] = quotient
            remainders[index] = remainder
            assigned += quotient
            index += 1
        }
        var leftover = magnitude - assigned
        while leftover > 0 {
            var best = -1
            var bestRemainder: Int64 = -1
            for position in 0..<count where remainders[position] > bestRemainder {
                best = position
                bestRemainder = remainders[position]
            }
            if best < 0 { break }
            shares[best] += 1
            remainders[best] = -2
            leftover -= 1
        }
        if negative {
            for position in 0..<count { shares[position] = -shares[position] }
        }
    }

    /// Splits low, value and high so that per part low ≤ value ≤ high and each
    /// adds up exactly: the smallest present component is split, then each gap.
    static func splitChain(
        low: Int64, value: Int64, high: Int64, hasLow: Bool, hasValue: Bool, hasHigh: Bool,
        weights: some RandomAccessCollection<Int64>, total: Int64,
        low lowShares: inout [Int64], value valueShares: inout [Int64], high highShares: inout [Int64],
        scratch: inout [Int64]
    ) {
        let count = weights.count
        // The components in ascending order; an inconsistent figure (value outside its
        // bounds) is split component by component, which still adds up exactly.
        let ordered =
            (!hasLow || !hasValue || low <= value) && (!hasValue || !hasHigh || value <= high)
            && (!hasLow || !hasHigh || low <= high)
        var previous: Int64 = 0
        var previousShares: [Int64]?
        func place(_ amount: Int64, into target: inout [Int64]) {
            if ordered, let base = previousShares {
                hamilton(amount - previous, weights: weights, total: total, shares: &target, remainders: &scratch)
                for index in 0..<count { target[index] += base[index] }
            } else {
                hamilton(amount, weights: weights, total: total, shares: &target, remainders: &scratch)
            }
            previous = amount
            previousShares = Array(target[0..<count])
        }
        if hasLow { place(low, into: &lowShares) }
        if hasValue {
            if hasLow && value == low {
                for index in 0..<count { valueShares[index] = lowShares[index] }
            } else {
                place(value, into: &valueShares)
            }
        }
        if hasHigh {
            if hasValue && high == value {
                for index in 0..<count { highShares[index] = valueShares[index] }
            } else if hasLow && !hasValue && high == low {
                for index in 0..<count { highShares[index] = lowShares[index] }
            } else {
                place(high, into: &highShares)
            }
        }
    }
}
