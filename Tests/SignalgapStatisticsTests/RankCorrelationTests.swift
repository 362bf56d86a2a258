import SignalgapModel
import Testing

@testable import SignalgapStatistics

/// Reference values computed independently with SciPy 1.17.1 (Python 3.11):
///
///     rho = scipy.stats.spearmanr(x, y).statistic
///     # n = 8: exact, every one of the 8! pairings
///     scipy.stats.permutation_test((y,), lambda yp: spearmanr(x, yp).statistic,
///         permutation_type='pairings', n_resamples=np.inf, alternative='two-sided').pvalue
///     # n = 10, 12: Monte Carlo, 1,000,000 resamples, rng=np.random.default_rng(2016)
///
/// Exact p-values must match to rounding; our seeded Monte Carlo (9,999
/// permutations) must fall within about three standard errors of SciPy's.
@Suite("Spearman rank correlation and its permutation test")
struct RankCorrelationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let x: [Double]
        let y: [Double]
        let rho: Double
        let p: Double
        let tolerance: Double
        var testDescription: String { name }
    }

    static let cases = [
        Case(
            name: "A, n = 8, exact", x: [12, 15, 9, 20, 18, 25, 30, 22], y: [3, 5, 2, 6, 4, 8, 7, 9],
            rho: 0.880952380952381, p: 0.007242063492063492, tolerance: 1e-12),
        Case(
            name: "C, n = 8, negative, exact", x: [3, 7, 1, 9, 4, 6, 2, 8], y: [20, 14, 25, 11, 16, 19, 22, 10],
            rho: -0.9523809523809524, p: 0.001140873015873016, tolerance: 1e-12),
        Case(
            name: "E, n = 8, ties, exact", x: [1, 2, 3, 4, 5, 6, 7, 8], y: [2, 2, 1, 3, 3, 5, 4, 4],
            rho: 0.8365019125713041, p: 0.014285714285714285, tolerance: 1e-12),
        Case(
            name: "B, n = 10, ties, Monte Carlo", x: [1, 2, 2, 3, 4, 5, 5, 6, 7, 8], y: [2, 1, 4, 3, 3, 6, 5, 8, 7, 7],
            rho: 0.883435582822086, p: 0.001351998648001352, tolerance: 0.0015),
        Case(
            name: "D, n = 12, Monte Carlo", x: [4, 1, 3, 2, 8, 6, 5, 7, 10, 9, 12, 11],
            y: [3, 9, 1, 12, 5, 2, 11, 7, 4, 10, 6, 8],
            rho: -0.09090909090909093, p: 0.7817852182147818, tolerance: 0.03),
    ]

    @Test(arguments: cases)
    func matchesSciPy(_ reference: Case) throws {
        let rho = try #require(RankCorrelation.spearman(reference.x, reference.y))
        #expect(abs(rho - reference.rho) < 1e-12)
        let result = RankCorrelation.test(reference.x, reference.y, seed: 20_160_208)
        let correlation = try #require(result.correlation)
        #expect(abs(correlation.rho - reference.rho) < 1e-12)
        #expect(abs(correlation.pValue - reference.p) <= reference.tolerance)
        #expect(correlation.isExact == (reference.x.count <= 8))
        #expect(correlation.n == reference.x.count)
    }

    @Test func averageRanksForTies() {
        #expect(RankCorrelation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
    }

    @Test func monteCarloIsReproducibleFromItsSeed() throws {
        let x: [Double] = [4, 1, 3, 2, 8, 6, 5, 7, 10, 9, 12, 11]
        let y: [Double] = [3, 9, 1, 12, 5, 2, 11, 7, 4, 10, 6, 8]
        let first = try #require(RankCorrelation.test(x, y, seed: 1).correlation)
        let again = try #require(RankCorrelation.test(x, y, seed: 1).correlation)
        let other = try #require(RankCorrelation.test(x, y, seed: 2).correlation)
        #expect(first == again)
        #expect(first.seed == 1 && first.permutations == 9_999)
        #expect(first.pValue != other.pValue)
    }

    @Test func fewerThanEightPairsIsNotANumber() {
        let result = RankCorrelation.test([1, 2, 3], [3, 1, 2], seed: 1)
        #expect(result == .notEnoughData(n: 3, needed: 8))
        #expect(result.description == "not enough data (n = 3, needs ≥ 8)")
        #expect(result.correlation == nil)
        #expect(
            RankCorrelation.test(Array(repeating: 1, count: 9), (1...9).map(Double.init), seed: 1).correlation == nil)
    }

    @Test func lagsPairOnlineQuarterWithOfflineQuarterPlusLag() throws {
        func series(_ side: Side, _ values: [(String, Int)]) -> QuarterlySeries {
            QuarterlySeries(
                side: side, scope: side == .online ? .platform : .cluster, subject: side == .online ? "twitter" : nil,
                measure: side == .online ? "accounts_suspended" : "travelled",
                unit: side == .online ? .accounts : .people,
                quarters: values.map {
                    QuarterTotal(
                        quarter: Fixture.quarter($0.0), total: .exact(Amount($0.1)), reported: .exact(Amount($0.1)),
                        apportioned: .zero, onApproximateEnd: .zero, observationCount: 1, sourceCount: 1)
                })
        }
        let quarters = (0..<12).map { Quarter(index: Fixture.quarter("2015Q1").index + $0).description }
        let online = series(.online, zip(quarters, [5, 3, 8, 1, 9, 2, 7, 4, 6, 11, 10, 12]).map { ($0, $1) })
        // Offline follows online one quarter later, exactly.
        let offline = series(.offline, zip(quarters.dropFirst(), [5, 3, 8, 1, 9, 2, 7, 4, 6, 11, 10]).map { ($0, $1) })
        let association = LaggedAssociation.make(online: online, offline: offline, permutations: 999, seed: 5)
        #expect(association.lags.map(\.lag) == Array(-4...4))
        let lagOne = try #require(association.lags.first { $0.lag == 1 })
        #expect(lagOne.result.n == 11)
        #expect(lagOne.result.correlation?.rho == 1)
        #expect(lagOne.quarters.first == Fixture.quarter("2015Q1"))
        let lagMinusFour = try #require(association.lags.first { $0.lag == -4 })
        #expect(lagMinusFour.result.n == 7)
        #expect(lagMinusFour.result.description == "not enough data (n = 7, needs ≥ 8)")
        #expect(association.online == "twitter: accounts suspended")
        #expect(association.offline == "clusters: people who travelled")
    }
}
