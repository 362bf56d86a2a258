import SignalgapModel
import SignalgapStatistics
import Testing

@testable import SignalgapReport

/// A quarter with more figures than a quarter report lists: at most 10 flows
/// per series and 200 in all; the series left out are counted in words.
@Suite struct QuarterListingTests {
    /// `seriesCount` online series (platform × measure) with 10 one-day flows
    /// each in 2016Q1, from one source.
    static func request(seriesCount: Int) -> ReportRequest {
        let platforms = Platform.allCases.map(\.rawValue)
        let measures = Codebook.measures.filter { $0.side == .online }
        let observations = (0..<seriesCount).flatMap { series in
            let measure = measures[series / platforms.count]
            return (0..<10).map { index in
                ReportFixture.observation(
                    "f\(series)-\(index)", subject: platforms[series % platforms.count], measure: measure.name,
                    unit: measure.unit, start: "2016-01-\(10 + index)", end: "2016-01-\(10 + index)",
                    figure: ReportFixture.figure(.exact, Double(100 + index)), source: "s")
            }
        }
        let input = StatisticsInput(observations: observations, clusters: [], sources: [ReportFixture.source("s")])
        return ReportRequest(
            metrics: SignalMetrics.make(input, options: MetricsOptions(quarters: nil)), input: input,
            datasets: ReportFixture.datasets, version: "0.0.0-test", quarters: nil, date: nil,
            includesPersonalData: false)
    }

    static func quarterText(seriesCount: Int) throws -> String {
        let files = ReportGenerator.make(request(seriesCount: seriesCount))
        return try #require(files.first { $0.path == "quarters/2016Q1.md" }).contents
    }

    @Test func seriesLeftOutAreCountedInWords() throws {
        // 23 series of 10 flows: 20 are listed (200 flows), 3 are not.
        let text = try Self.quarterText(seriesCount: 23)
        #expect(text.contains("\n3 more series with 30 figures in this quarter are not listed; "))
        #expect(!text.contains("seriess"))
        let one = try Self.quarterText(seriesCount: 21)
        #expect(one.contains("\n1 more series with 10 figures in this quarter is not listed; "))
    }
}
