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

    /// A series with more flows than are listed, and more levels than are
    /// listed, in no order: the first ten flows by window and the first fifty
    /// levels are kept, in order, and every one is counted.
    @Test func theFirstFiguresAreKeptWhateverTheirRowOrder() throws {
        var days = Array(1...25)
        var generator = SystemRandomNumberGenerator()
        days.shuffle(using: &generator)
        let flows = days.map { day in
            ReportFixture.observation(
                "flow\(day)", start: String(format: "2016-02-%02d", day), end: String(format: "2016-02-%02d", day),
                figure: ReportFixture.figure(.exact, Double(day)), source: "s")
        }
        var levelDays = Array(1...60)
        levelDays.shuffle(using: &generator)
        let levels = levelDays.map { day in
            ReportFixture.observation(
                "level\(day)", kind: .stock, start: nil,
                end: ReportFixture.day("2016-01-01").adding(days: day - 1).iso,
                figure: ReportFixture.figure(.exact, Double(day)), source: "s")
        }
        let input = StatisticsInput(
            observations: flows + levels, clusters: [], sources: [ReportFixture.source("s")])
        let request = ReportRequest(
            metrics: SignalMetrics.make(input, options: MetricsOptions(quarters: nil)), input: input,
            datasets: ReportFixture.datasets, version: "0.0.0-test")
        let context = ReportContext(request)
        context.prepareForConcurrentReading()
        let listing = context.entries(try #require(Quarter(year: 2016, number: 1)))
        #expect(listing.all.filter(\.isFlow).map(\.figure.reference.id) == (1...10).map { "flow\($0)" })
        #expect(listing.flowCounts.values.reduce(0, +) == 25)
        #expect(listing.all.filter { !$0.isFlow }.map(\.figure.reference.id) == (1...50).map { "level\($0)" })
        #expect(listing.levelCount == 60)
        // The sources of the quarter's total, found with the listing.
        #expect(
            context.sources(quarter: try #require(Quarter(year: 2016, number: 1)), series: listing.all[0].series)
                .map(\.id) == ["s"])
    }

    /// A total's sources are cited in the order of their references' text,
    /// whatever their order among the input's sources.
    @Test func aTotalsSourcesAreInTextOrder() throws {
        let sources = ["zeta", "alpha", "mid"]
        let observations = sources.enumerated().map { index, source in
            ReportFixture.observation(
                "f\(index)", start: "2016-01-1\(index)", end: "2016-01-1\(index)",
                figure: ReportFixture.figure(.exact, 10), source: source)
        }
        let input = StatisticsInput(
            observations: observations, clusters: [], sources: sources.map { ReportFixture.source($0) })
        let context = ReportContext(
            ReportRequest(
                metrics: SignalMetrics.make(input, options: MetricsOptions(quarters: nil)), input: input,
                datasets: ReportFixture.datasets, version: "0.0.0-test"))
        let quarter = try #require(Quarter(year: 2016, number: 1))
        let series = try #require(context.reportSeries.first).id
        // Asked for before the context is prepared, and after.
        #expect(context.sources(quarter: quarter, series: series).map(\.id) == ["alpha", "mid", "zeta"])
        context.prepareForConcurrentReading()
        #expect(context.sources(quarter: quarter, series: series).map(\.id) == ["alpha", "mid", "zeta"])
    }

    /// A marker's tooltip: the quarter, the series' name escaped, the total,
    /// and "(partly apportioned)" only when it is.
    @Test func chartTooltipsNameTheQuarterSeriesAndTotal() throws {
        let observations = [
            ReportFixture.observation(
                "inside", subject: "europol_iru", start: "2016-01-10", end: "2016-01-10",
                figure: ReportFixture.figure(.moreThan, 5), source: "s"),
            ReportFixture.observation(
                "across", subject: "europol_iru", start: "2016-06-01", end: "2016-07-30",
                figure: ReportFixture.figure(.exact, 60), source: "s"),
        ]
        let input = StatisticsInput(observations: observations, clusters: [], sources: [ReportFixture.source("s")])
        let files = ReportGenerator.make(
            ReportRequest(
                metrics: SignalMetrics.make(input, options: MetricsOptions(quarters: nil)), input: input,
                datasets: ReportFixture.datasets, version: "0.0.0-test"))
        let chart = try #require(files.first { $0.path == "charts/quarterly.svg" }).contents
        #expect(
            chart.contains("<title>2016Q1 · Europol&apos;s Internet Referral Unit: accounts suspended: &gt; 5</title>"))
        #expect(
            chart.contains(
                "<title>2016Q2 · Europol&apos;s Internet Referral Unit: accounts suspended: 30 (partly apportioned)</title>"
            ))
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
