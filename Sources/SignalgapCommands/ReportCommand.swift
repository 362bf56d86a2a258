import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapReport
import SignalgapStatistics
import SignalgapStore

extension Signalgap {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the quarterly comparison as Markdown, CSV and SVG.",
            discussion: """
                Writes README.md (the summary), one Markdown file per quarter with data \
                (quarters/2016Q1.md), every table as CSV (csv/, described by \
                datapackage.json) and the charts (charts/*.svg) into the output folder. \
                The same store gives byte-identical files; a date is printed only when \
                SOURCE_DATE_EPOCH is set. Files of an earlier report in quarters/, csv/ \
                and charts/ that this report does not write are removed.

                Examples:
                  signalgap report
                  signalgap report --quarter 2016Q1 --out /tmp/report-2016Q1
                """)

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var quarterOptions: QuarterOptions

        @Option(help: ArgumentHelp("The output folder.", valueName: "path"))
        var out: String = "Reports"

        @OptionGroup var personalData: PersonalDataOption

        func run() throws {
            let store = try storeOptions.open(mustExist: true)
            let progress = Progress(enabled: Console.showsProgress)
            progress.step("reading the store")
            let quarters = quarterOptions.range
            // The notes are read on another thread while the metrics are computed.
            let (input, metrics, datasets) = try Console.reportingFailures {
                try StatisticsLoader.onceMoreIfChanged {
                    let (input, notes) = try StatisticsLoader.loadDeferringNotes(store)
                    let datasets = try store.datasetRecords()
                    progress.step("computing the metrics")
                    let metrics = SignalMetrics.make(input, options: MetricsOptions(quarters: quarters))
                    return (input.withNotes(try notes.wait()), metrics, datasets)
                }
            }
            progress.step("writing the report")
            let request = ReportRequest(
                metrics: metrics, input: input, datasets: datasets, version: Signalgap.version,
                quarters: quarters,
                date: ReportRequest.date(fromEnvironment: ProcessInfo.processInfo.environment),
                includesPersonalData: personalData.isIncluded)
            // Each file is written as soon as it is rendered.
            let writer = ReportFile.Writer(directory: out)
            ReportGenerator.render(request, deliver: writer.write)
            // Freeing the input and the metrics (each row's reference, each
            // cited figure) took the benchmark report 30 ms: another thread
            // does it while the last files are written.
            Concurrently.release((consume request, consume input, consume metrics))
            let paths: [String]
            do {
                paths = try writer.finish()
                try ReportFolder.removeStale(in: out, keeping: Set(paths))
            } catch {
                Console.error("\(out): error: \(error)")
                throw ExitCode(Console.storeFailure)
            }
            progress.finish()
            Console.out(
                "wrote \(paths.count) files to \(out)/ (README.md, \(paths.filter { $0.hasPrefix("quarters/") }.count) quarter reports)"
            )
        }
    }
}

/// Generated files of an earlier report that the new one does not write.
enum ReportFolder {
    static let generatedFolders = ["quarters", "csv", "charts"]

    static func removeStale(in folder: String, keeping kept: Set<String>) throws {
        let manager = FileManager.default
        for sub in generatedFolders {
            let path = folder + "/" + sub
            guard let names = try? manager.contentsOfDirectory(atPath: path) else { continue }
            for name in names where !kept.contains(sub + "/" + name) {
                try manager.removeItem(atPath: path + "/" + name)
            }
        }
    }
}

/// Progress lines on a terminal's stderr, erased as they go; silent otherwise.
final class Progress {
    let isEnabled: Bool

    init(enabled: Bool) {
        isEnabled = enabled
    }

    func step(_ text: String) {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)…".utf8))
    }

    func finish() {
        guard isEnabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
