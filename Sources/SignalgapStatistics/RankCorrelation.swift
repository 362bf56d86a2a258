import SignalgapModel

/// A reproducible pseudo-random generator (SplitMix64, Steele, Lea & Flood
/// 2014): the same seed gives the same sequence on every platform and Swift
/// version, so a permutation p-value can be checked by rerunning it.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-and-reject; does not
    /// depend on the standard library's sampling, which may change).
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}

/// A correlation, or why there is none. Never a bare number when the data cannot support one.
public enum CorrelationResult: Hashable, Sendable {
    case value(Correlation)
    /// Fewer pairs than the statistic needs: "not enough data (n = 3, needs ≥ 8)".
    case notEnoughData(n: Int, needed: Int)
    /// A series is constant over the paired quarters: ranks carry no order.
    case undefined(n: Int, reason: String)

    public var n: Int {
        switch self {
        case .value(let correlation): correlation.n
        case .notEnoughData(let n, _), .undefined(let n, _): n
        }
    }

    public var correlation: Correlation? {
        if case .value(let correlation) = self { return correlation }
        return nil
    }
}

extension CorrelationResult: CustomStringConvertible {
    public var description: String {
        switch self {
        case .value(let correlation): correlation.description
        case .notEnoughData(let n, let needed): "not enough data (n = \(n), needs ≥ \(needed))"
        case .undefined(let n, let reason): "undefined (n = \(n)): \(reason)"
        }
    }
}

/// Spearman's ρ with its permutation p-value.
public struct Correlation: Hashable, Sendable, CustomStringConvertible {
    public var rho: Double
    public var n: Int
    /// Two-sided: twice the smaller one-sided p-value, at most 1 (as `scipy.stats.permutation_test`).
    public var pValue: Double
    /// Permutations behind the p-value (n! when exact).
    public var permutations: Int
    /// Whether every permutation was enumerated (no randomness); otherwise seeded Monte Carlo.
    public var isExact: Bool
    /// The generator's seed (Monte Carlo only).
    public var seed: UInt64?

    public var description: String {
        "ρ = \(NumberText.decimal(rho, digits: 3)) (n = \(n), p = \(NumberText.decimal(pValue, digits: 4)))"
    }
}

/// Spearman rank correlation and its permutation test.
public enum RankCorrelation {
    /// Fewer paired observations than this give "not enough data".
    public static let minimumPairs = 8
    /// Up to this many permutations (8! = 40,320) the test enumerates them all.
    public static let exactLimit = 40_320

    /// Ranks from 1, ties sharing the average of their ranks.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, values[order[end]] == values[order[start]] { end += 1 }
            let average = Double(start + 1 + end) / 2  // mean of ranks start+1 … end
            for position in start..<end { ranks[order[position]] = average }
            start = end
        }
        return ranks
    }

    /// Spearman's ρ: Pearson's correlation of the average ranks. Nil when
    /// fewer than two pairs or when a series is constant.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        return pearson(ranks(x), ranks(y))
    }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX
            let dy = y[index] - meanY
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// ρ and its two-sided permutation p-value, pairing x with every
    /// rearrangement of y. With n! ≤ ``exactLimit`` every permutation is
    /// enumerated (p = count ÷ n!); otherwise `permutations` random ones are
    /// drawn from a ``SeededGenerator`` (p = (count + 1) ÷ (permutations + 1)).
    /// One-sided counts include ties with the observed statistic, which is
    /// compared exactly (average ranks are multiples of ½, so the sums of
    /// products are exact in binary floating point).
    public static func test(_ x: [Double], _ y: [Double], permutations: Int = 9_999, seed: UInt64) -> CorrelationResult
    {
        let n = min(x.count, y.count)
        guard n >= minimumPairs else { return .notEnoughData(n: n, needed: minimumPairs) }
        let rx = ranks(Array(x.prefix(n)))
        let ry = ranks(Array(y.prefix(n)))
        guard let rho = pearson(rx, ry) else {
            return .undefined(n: n, reason: "one series is constant over the paired quarters")
        }
        // Under permutation only Σ rx·ry changes; compare that.
        func statistic(_ permuted: [Double]) -> Double {
            var sum = 0.0
            for index in 0..<n { sum += rx[index] * permuted[index] }
            return sum
        }
        let observed = statistic(ry)
        var atLeast = 0
        var atMost = 0
        var total = 0
        var factorial = 1
        var isExact = true
        for k in 2...n {
            factorial *= k
            if factorial > exactLimit {
                isExact = false
                break
            }
        }
        if isExact {
            // Heap's algorithm, iteratively, over every arrangement of ry.
            var permuted = ry
            var counters = [Int](repeating: 0, count: n)
            func tally() {
                let value = statistic(permuted)
                if value >= observed { atLeast += 1 }
                if value <= observed { atMost += 1 }
                total += 1
            }
            tally()
            var index = 1
            while index < n {
                if counters[index] < index {
                    if index % 2 == 0 { permuted.swapAt(0, index) } else { permuted.swapAt(counters[index], index) }
                    tally()
                    counters[index] += 1
                    index = 1
                } else {
                    counters[index] = 0
                    index += 1
                }
            }
            let p = min(1, 2 * Double(min(atLeast, atMost)) / Double(total))
            return .value(Correlation(rho: rho, n: n, pValue: p, permutations: total, isExact: true, seed: nil))
        }
        var generator = SeededGenerator(seed: seed)
        var permuted = ry
        for _ in 0..<max(permutations, 1) {
            var index = n - 1
            while index > 0 {
                permuted.swapAt(index, generator.next(below: index + 1))
                index -= 1
            }
            let value = statistic(permuted)
            if value >= observed { atLeast += 1 }
            if value <= observed { atMost += 1 }
            total += 1
        }
        let p = min(1, 2 * Double(min(atLeast, atMost) + 1) / Double(total + 1))
        return .value(Correlation(rho: rho, n: n, pValue: p, permutations: total, isExact: false, seed: seed))
    }
}

/// Spearman's ρ between an online and an offline quarterly series at several lags.
public struct LaggedAssociation: Hashable, Sendable {
    public struct Lag: Hashable, Sendable {
        /// Online quarter q is paired with offline quarter q + lag (positive: offline follows online).
        public var lag: Int
        /// The online quarters paired.
        public var quarters: [Quarter]
        public var result: CorrelationResult
    }

    public var online: String
    public var offline: String
    public var lags: [Lag]

    /// Quarters are paired only where both series have a total; each total
    /// enters by its point value, or the middle of its range when it has none
    /// (open-ended totals without a point value are left out). Lag k uses the
    /// generator seeded with `seed + k`, so every lag is reproducible on its own.
    public static func make(
        online: QuarterlySeries, offline: QuarterlySeries, lags: ClosedRange<Int> = -4...4,
        permutations: Int = 9_999, seed: UInt64 = 20_160_208
    ) -> LaggedAssociation {
        var offlineByQuarter: [Int: Double] = [:]
        for total in offline.quarters {
            if let centre = total.total.centre { offlineByQuarter[total.quarter.index] = centre }
        }
        let results = lags.map { lag -> Lag in
            var x: [Double] = []
            var y: [Double] = []
            var quarters: [Quarter] = []
            for total in online.quarters {
                guard let onlineValue = total.total.centre,
                    let offlineValue = offlineByQuarter[total.quarter.index + lag]
                else { continue }
                x.append(onlineValue)
                y.append(offlineValue)
                quarters.append(total.quarter)
            }
            let lagSeed = seed &+ UInt64(bitPattern: Int64(lag))
            return Lag(
                lag: lag, quarters: quarters,
                result: RankCorrelation.test(x, y, permutations: permutations, seed: lagSeed))
        }
        return LaggedAssociation(online: online.name, offline: offline.name, lags: results)
    }
}
