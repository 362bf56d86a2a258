import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapReport
import SignalgapStatistics
import SignalgapStore

extension Signalgap {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the quarterly comparison of online and offline signals.",
            discussion: """
                Per quarter: online totals per platform and measure, offline totals per \
                measure, with how much of each is apportioned from longer windows; \
                online-against-offline ratios; rank correlations at lags -4..+4 (or "not \
                enough data"); reconciliation checks, disagreements and set-aside \
                overlapping figures; clusters and countries. --format csv prints the \
                quarterly totals table; --format json prints everything.

                Examples:
                  signalgap stats
                  signalgap stats --from 2016Q1 --to 2017Q4 --format csv
                """)

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var quarterOptions: QuarterOptions

        @Option(help: "Output format.")
        var format: OutputFormat = .table

        @OptionGroup var personalData: PersonalDataOption

        func run() throws {
            let store = try storeOptions.open(mustExist: true)
            let input = try Console.reportingFailures {
                let (input, datasets) = try StatisticsLoader.load(store, alongside: store.datasetRecords)
                return personalData.isIncluded ? input : input.withholding(PersonalFields(datasets))
            }
            switch format {
            case .json:
                Console.out(
                    try StatsText.json(
                        SignalMetrics.make(input, options: MetricsOptions(quarters: quarterOptions.range))))
            case .csv:
                // The CSV is the quarterly totals table alone: nothing else is computed.
                Console.out(StatsText.totalsCSV(QuarterlyTotals.make(input, quarters: quarterOptions.range)))
            case .table:
                Console.out(
                    StatsText.table(SignalMetrics.make(input, options: MetricsOptions(quarters: quarterOptions.range))))
            }
            // A million rows take a fiftieth of a second to free: not on the way out.
            Concurrently.release(consume input)
        }
    }

    struct Trace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every observation behind one cell of the quarterly table.",
            discussion: """
                For QUARTER, SUBJECT (a platform such as twitter, a country code, world, \
                or a cluster) and MEASURE: each figure's window, its share in that \
                quarter, whether it was apportioned or set aside and why, and its source.

                Example:
                  signalgap trace 2016Q1 twitter accounts_suspended
                """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The quarter, e.g. 2016Q1.")
        var quarter: String

        @Argument(help: "A platform, a country code, world, or a cluster (ID or DATASET:ID).")
        var subject: String

        @Argument(help: "A measure from the codebook, e.g. accounts_suspended.")
        var measure: String

        @Option(help: "Output format.")
        var format: OutputFormat = .table

        @OptionGroup var personalData: PersonalDataOption

        func validate() throws {
            if Quarter(quarter) == nil { throw ValidationError("\"\(quarter)\" is not a quarter; write it as 2016Q1") }
        }

        func run() throws {
            guard let quarter = Quarter(quarter) else { throw ExitCode(Console.usageFailure) }
            let store = try storeOptions.open(mustExist: true)
            let (input, datasets) = try Console.reportingFailures {
                try StatisticsLoader.load(store, includingNotes: true, alongside: store.datasetRecords)
            }
            let trace: SignalgapStatistics.Trace
            do {
                trace = try SignalgapStatistics.Trace.make(
                    personalData.isIncluded ? input : input.withholding(PersonalFields(datasets)), quarter: quarter,
                    subject: subject, measure: measure)
            } catch {
                Console.error("error: \(error.description)" + (error.hint.map { "\n  hint: \($0)" } ?? ""))
                throw ExitCode(Console.inputFailure)
            }
            switch format {
            case .json: Console.out(try StatsText.encode(trace))
            case .csv: Console.out(ListingText.csv(StatsText.traceListing(trace)))
            case .table:
                Console.out(
                    "\(trace.quarter) \(trace.subject) \(trace.measure): total "
                        + (trace.total.map { "\($0)" } ?? "none"))
                Console.out(ListingText.table(StatsText.traceListing(trace), maxWidth: 60))
            }
        }
    }
}
