import SignalgapModel
import SignalgapStatistics

/// What to report: the metrics, the input they were computed from, the
/// datasets behind them, and how to present them. The metrics must come from
/// the same rows, in the same order, as `input` (which may carry the notes the
/// metrics were computed without): cited figures are found by their row.
public struct ReportRequest: Sendable {
    public var metrics: SignalMetrics
    public var input: StatisticsInput
    /// The datasets in the store: name, title, content hash, fields marked personal.
    public var datasets: [DatasetRecord]
    /// The signalgap version, for the provenance footer.
    public var version: String
    /// The quarters to report; nil for every quarter with data.
    public var quarters: ClosedRange<Quarter>?
    /// The report's date (from `SOURCE_DATE_EPOCH`); nil prints no date. Never the wall clock.
    public var date: Day?
    /// Whether fields that datasets mark `"personal": true` may appear. Default false.
    public var includesPersonalData: Bool

    public init(
        metrics: SignalMetrics, input: StatisticsInput, datasets: [DatasetRecord], version: String,
        quarters: ClosedRange<Quarter>? = nil, date: Day? = nil, includesPersonalData: Bool = false
    ) {
        self.metrics = metrics
        self.input = input
        self.datasets = datasets
        self.version = version
        self.quarters = quarters
        self.date = date
        self.includesPersonalData = includesPersonalData
    }

    /// The day of `SOURCE_DATE_EPOCH` (seconds since 1970-01-01 UTC) in an
    /// environment, or nil when it is unset or not a non-negative whole number.
    public static func date(fromEnvironment environment: [String: String]) -> Day? {
        guard let text = environment["SOURCE_DATE_EPOCH"], !text.isEmpty,
            text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
            let seconds = Int(text)
        else { return nil }
        return Day(ordinal: seconds / 86_400)
    }
}

/// One file of the report: its path relative to the output folder and its text (UTF-8).
///
/// The text is kept as the bytes it was written into (the renderers write
/// bytes), so that the largest files are never copied and checked once more to
/// become a `String` on their way to the disk.
public struct ReportFile: Equatable, Sendable {
    public var path: String
    /// The UTF-8 text.
    public var bytes: [UInt8]

    public init(path: String, contents: String) {
        self.path = path
        self.bytes = Array(contents.utf8)
    }

    /// A file from UTF-8 bytes (the renderers only ever write valid UTF-8).
    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    /// The text.
    public var contents: String { String(decoding: bytes, as: UTF8.self) }
}
