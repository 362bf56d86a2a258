import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapStore

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

extension ListingKind: ExpressibleByArgument {}

extension Signalgap {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List what the store holds: datasets, sources, platforms, clusters or observations.",
            discussion: """
                Prints an aligned table by default, or CSV or JSON with --format.

                Examples:
                  signalgap list datasets
                  signalgap list observations --dataset twitter --format csv
                """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(
            help: ArgumentHelp("What to list.", valueName: ListingKind.allCases.map(\.rawValue).joined(separator: "|")))
        var kind: ListingKind

        @Option(help: "Only the rows of this dataset.")
        var dataset: String?

        @Option(help: "Output format.")
        var format: OutputFormat = .table

        @OptionGroup var personalData: PersonalDataOption

        func run() throws {
            let store = try storeOptions.open(mustExist: true)
            let listing = try Console.reportingFailures {
                try StatisticsLoader.consistently(store) {
                    let listing = try store.listing(kind, dataset: dataset)
                    return try personalData.isIncluded
                        ? listing : listing.withholding(PersonalFields(store.datasetRecords()), kind: kind)
                }
            }
            Console.out(ListingText.render(listing, format: format))
        }
    }
}
