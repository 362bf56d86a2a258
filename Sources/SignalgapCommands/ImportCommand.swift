import ArgumentParser
import SignalgapImport
import SignalgapModel
import SignalgapStore

extension Signalgap {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import datasets into the store, all together or not at all.",
            discussion: """
                Every field of every row is checked first. If any dataset has a problem, \
                every problem is listed (path:line:column) and the store is left exactly \
                as it was. An unchanged dataset (same content hash) is skipped; a changed \
                one replaces exactly its own rows.

                Examples:
                  signalgap import                 # every folder under Datasets/
                  signalgap import lisleby twitter
                """)

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var datasetOptions: DatasetOptions

        @Argument(help: "Dataset folder names (default: every folder under the datasets folder).")
        var names: [String] = []

        func run() throws {
            let path = storeOptions.storePath
            let isNewStore = !FileManagerProbe.exists(path)
            let store = try storeOptions.open()
            let outcomes: [ImportOutcome]
            do {
                outcomes = try Console.reportingFailures {
                    let importer = DatasetImporter(root: datasetOptions.datasets)
                    var outcomes: [ImportOutcome] = []
                    try store.importBatch(locate: importer.location(of:)) { sink in
                        outcomes = try importer.run(names, into: sink)
                    }
                    return outcomes
                }
            } catch {
                // A failed first import leaves no store behind, as if it had never run.
                if isNewStore { store.deleteFiles() }
                throw error
            }
            for outcome in outcomes {
                Console.out(ImportReport.line(outcome))
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check datasets as import would, writing nothing.",
            discussion: """
                Runs every check of `signalgap import`, references into the store \
                included, inside a transaction that is always rolled back.

                Example:
                  signalgap validate lisleby
                """)

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var datasetOptions: DatasetOptions

        @Argument(help: "Dataset folder names (default: every folder under the datasets folder).")
        var names: [String] = []

        func run() throws {
            // Validate against the store when there is one; otherwise against an empty one in memory.
            let path = storeOptions.storePath
            let store: FigureStore
            if FileManagerProbe.exists(path) {
                store = try storeOptions.open()
            } else {
                store = try Console.reportingFailures { try FigureStore(path: ":memory:") }
            }
            let outcomes = try Console.reportingFailures {
                let importer = DatasetImporter(root: datasetOptions.datasets)
                var outcomes: [ImportOutcome] = []
                try store.importBatch(dryRun: true, locate: importer.location(of:)) { sink in
                    outcomes = try importer.run(names, into: sink, skipUnchanged: false)
                }
                return outcomes
            }
            for outcome in outcomes {
                Console.out("\(outcome.dataset): ok (" + ImportReport.counts(outcome) + ")")
            }
        }
    }
}

enum ImportReport {
    static func counts(_ outcome: ImportOutcome) -> String {
        if outcome.status == .unchanged { return "unchanged" }
        let counts = [
            ("source", outcome.sources), ("cluster", outcome.clusters),
            ("takedown count", outcome.takedownCounts), ("offline figure", outcome.offlineFigures),
        ].filter { $0.1 > 0 }.map { "\($0.1.formatted()) \($0.0)\($0.1 == 1 ? "" : "s")" }
        // A new dataset has no rows yet: say so rather than print "ok ()".
        return counts.isEmpty ? "no rows" : counts.joined(separator: ", ")
    }

    static func line(_ outcome: ImportOutcome) -> String {
        switch outcome.status {
        case .unchanged: "\(outcome.dataset): unchanged (\(outcome.contentHash.prefix(12)))"
        case .imported: "\(outcome.dataset): imported " + counts(outcome) + " (\(outcome.contentHash.prefix(12)))"
        case .replaced: "\(outcome.dataset): replaced with " + counts(outcome) + " (\(outcome.contentHash.prefix(12)))"
        }
    }
}

extension Int {
    /// 1,210,357: thousands separators, independent of the locale.
    func formatted() -> String { Amount(self).groupedDescription }
}
