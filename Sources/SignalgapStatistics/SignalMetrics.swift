import SignalgapModel

/// What to compute and how.
public struct MetricsOptions: Hashable, Sendable {
    /// Quarters to report (nil: every quarter with data).
    public var quarters: ClosedRange<Quarter>?
    public var policy: OverlapPolicy
    /// Lags of the rank correlations (online quarter q against offline quarter q + lag).
    public var lags: ClosedRange<Int>
    /// Random permutations per correlation when n! exceeds ``RankCorrelation/exactLimit``.
    public var permutations: Int
    public var seed: UInt64
    /// The offline measure that counts a cluster's recruits.
    public var recruitMeasure: String

    public init(
        quarters: ClosedRange<Quarter>? = nil, policy: OverlapPolicy = .resolve, lags: ClosedRange<Int> = -4...4,
        permutations: Int = 9_999, seed: UInt64 = 20_160_208, recruitMeasure: String = "travelled"
    ) {
        self.quarters = quarters
        self.policy = policy
        self.lags = lags
        self.permutations = permutations
        self.seed = seed
        self.recruitMeasure = recruitMeasure
    }
}

/// The quarterly comparison of online and offline signals: totals with their
/// changes, online-against-offline ratios, and lagged rank correlations.
public struct QuarterlyComparison: Sendable {
    public var totals: QuarterlyTotals
    /// Every online count series against every offline count series that shares a quarter with it.
    public var ratios: [OnlineOfflineRatio]
    /// Every online count series against every offline count series.
    public var associations: [LaggedAssociation]

    public static func make(_ input: StatisticsInput, options: MetricsOptions = MetricsOptions()) -> QuarterlyComparison
    {
        make(input, resolution: Resolution(input, policy: options.policy), options: options)
    }

    static func make(_ input: StatisticsInput, resolution: Resolution, options: MetricsOptions) -> QuarterlyComparison {
        let totals = QuarterlyTotals.make(input, resolution: resolution, quarters: options.quarters)
        var ratios: [OnlineOfflineRatio] = []
        var associations: [LaggedAssociation] = []
        for online in totals.online where online.unit.isCount {
            for offline in totals.offline where offline.unit.isCount {
                if let ratio = OnlineOfflineRatio.make(online: online, offline: offline) { ratios.append(ratio) }
                associations.append(
                    LaggedAssociation.make(
                        online: online, offline: offline, lags: options.lags, permutations: options.permutations,
                        seed: options.seed))
            }
        }
        return QuarterlyComparison(totals: totals, ratios: ratios, associations: associations)
    }
}

/// Everything `signalgap stats` prints: the quarterly comparison, the
/// reconciliation checks, the disagreements, the clusters and the countries,
/// with the rules applied stated in words.
public struct SignalMetrics: Sendable {
    public var comparison: QuarterlyComparison
    public var reconciliations: [Reconciliation]
    /// Every disagreement, flows and stocks (the flows among them are merged in the totals).
    public var disagreements: [Disagreement]
    public var clusters: ClusterSummary
    public var countries: [CountryEstimate]
    public var precedenceRule: String { PrecedenceStep.rule }
    public var disagreementRule: String { Disagreement.rule }
    public var sizeRule: String { LevelEstimate.rule }

    public static func make(_ input: StatisticsInput, options: MetricsOptions = MetricsOptions()) -> SignalMetrics {
        let resolution = Resolution(input, policy: options.policy)
        let rulesResolution = options.policy == .resolve ? resolution : Resolution(input, policy: .resolve)
        return SignalMetrics(
            comparison: QuarterlyComparison.make(input, resolution: resolution, options: options),
            reconciliations: Reconciliation.check(input, resolution: rulesResolution),
            disagreements: Disagreement.find(in: input),
            clusters: ClusterSummary.make(input, resolution: rulesResolution, recruitMeasure: options.recruitMeasure),
            countries: CountryEstimates.make(input, resolution: rulesResolution))
    }
}

extension LevelEstimate {
    /// ``LevelEstimate``'s rule in words.
    public static let rule =
        "the latest level: the stocks with the latest window end, as a range from the lowest low to the "
        + "highest high when sources disagree; a subject with flows only is sized by the sum of its counted flows"
}
