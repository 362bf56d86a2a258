import Foundation
import SignalgapModel
import Testing

@testable import SignalgapStatistics

@Suite("Trace: every observation behind one cell")
struct TraceTests {
    typealias F = Fixture

    @Test func twitterThirdQuarterOf2016() throws {
        let input = F.twitterInput
        let trace = try Trace.make(
            input, quarter: F.quarter("2016Q3"), subject: "twitter", measure: "accounts_suspended")
        #expect(
            trace.entries.map(\.figure.reference.id) == [
                "tw-2016h2", "tw-feb-aug-2016", "tw-total-aug-2016", "tw-total-2016", "tw-total-2017",
            ])
        #expect(trace.entries.map(\.use.code) == ["counted", "set_aside", "not_summed", "not_summed", "not_summed"])
        let counted = trace.entries[0]
        #expect(counted.share == .exact(Amount(188_445)))
        #expect(counted.daysInQuarter == 92 && counted.windowDays == 184 && counted.isApportioned)
        #expect(counted.figure.source?.title == "adweek-2016h2")
        // Set aside: 1 Jul – 18 Aug is 49 of its 196 days, 235,000 × 49 / 196 = 58,750 had it counted.
        let setAside = trace.entries[1]
        #expect(setAside.share == .exact(Amount(58_750)))
        #expect(setAside.use.explanation.contains("fixture:tw-2016h2"))
        #expect(trace.entries[2].use.explanation.hasPrefix("a stock"))
        #expect(trace.entries[2].share == nil)
        // The cell's total is the quarterly total.
        let totals = QuarterlyTotals.make(input)
        #expect(trace.total == totals.online[0].total(in: F.quarter("2016Q3"))?.total)
    }

    @Test func traceTotalsMatchTheQuarterlyTotalsEverywhere() throws {
        let input = F.twitterInput
        let totals = QuarterlyTotals.make(input)
        for total in totals.online[0].quarters {
            let trace = try Trace.make(input, quarter: total.quarter, subject: "twitter", measure: "accounts_suspended")
            #expect(trace.total == total.total)
        }
    }

    @Test func unknownMeasureAndEmptyCellsAreErrors() {
        #expect(throws: StatisticsError.unknownMeasure("acounts")) {
            try Trace.make(F.twitterInput, quarter: F.quarter("2016Q1"), subject: "twitter", measure: "acounts")
        }
        #expect(throws: StatisticsError.noFigures(subject: "youtube", measure: "accounts_suspended")) {
            try Trace.make(
                F.twitterInput, quarter: F.quarter("2016Q1"), subject: "youtube", measure: "accounts_suspended")
        }
        #expect(throws: StatisticsError.emptyQuarterRange(from: F.quarter("2017Q1"), to: F.quarter("2016Q1"))) {
            try QuarterRange.make(from: F.quarter("2017Q1"), to: F.quarter("2016Q1"))
        }
    }

    @Test func metricsEncodeAsJSON() throws {
        let metrics = SignalMetrics.make(F.twitterInput, options: MetricsOptions(permutations: 99))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(metrics)
        let text = try #require(String(data: data, encoding: .utf8))
        #expect(text.contains("\"quarter\":\"2016Q3\""))
        #expect(text.contains("\"status\":\"reconciles\""))
        #expect(text.contains("\"text\":\"> 20,454.5454\""))
        #expect(text.contains("\"reason\":\"overlap\""))
        let trace = try Trace.make(
            F.twitterInput, quarter: F.quarter("2016Q1"), subject: "twitter", measure: "accounts_suspended")
        let traceText = try #require(String(data: try encoder.encode(trace), encoding: .utf8))
        #expect(traceText.contains("\"startPrecision\":\"approximate\""))
    }

    @Test func ratiosAreNamedInWords() throws {
        let online = F.flow("tw", "2016-01-01", "2016-03-31", F.figure(.exact, 1_000))
        let offline = F.observation(
            "trav", side: .offline, scope: .cluster, subject: "fixture:lisleby", measure: "travelled", unit: .people,
            start: "2016-01-01", end: "2016-03-31", figure: F.figure(.range, nil, low: 4, high: 5),
            source: "verified-source")
        let comparison = QuarterlyComparison.make(F.input([online, offline]))
        let ratio = try #require(comparison.ratios.first)
        #expect(ratio.name == "accounts suspended per person who travelled")
        #expect(ratio.perQuarter.first?.ratio?.description == "200–250")
        #expect(ratio.overall?.quarterCount == 1)
        #expect(
            OnlineOfflineRatio.name(online: "content_actioned", offline: "foreign_fighters")
                == "pieces of content actioned per foreign fighter")
        #expect(comparison.associations.first?.lags.first?.result.description == "not enough data (n = 0, needs ≥ 8)")
    }
}
