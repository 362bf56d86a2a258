import SignalgapModel
import SignalgapStatistics

/// A quarterly series' identity: online per platform, offline per scope (subject empty).
struct SeriesID: Hashable, Comparable, Sendable {
    var side: Side
    var scope: Scope
    var subject: String
    var measure: String
    var unit: Unit

    init(_ series: QuarterlySeries) {
        side = series.side
        scope = series.scope
        subject = series.subject ?? ""
        measure = series.measure
        unit = series.unit
    }

    /// The series a row's flows are summed into.
    init(totalOf key: SeriesKey) {
        side = key.side
        scope = key.scope
        subject = key.side == .online ? key.subject : ""
        measure = key.measure
        unit = key.unit
    }

    static func < (lhs: SeriesID, rhs: SeriesID) -> Bool {
        (lhs.side == .online ? 0 : 1, lhs.scope.rawValue, lhs.subject, lhs.measure, lhs.unit.rawValue)
            < (rhs.side == .online ? 0 : 1, rhs.scope.rawValue, rhs.subject, rhs.measure, rhs.unit.rawValue)
    }
}

/// How a row is used by the quarterly totals, worked out from the public results.
/// The large cases are boxed, so that the listed figures of every quarter,
/// which each keep their use, do not each carry room for a set-aside figure.
enum FigureUse {
    case counted
    /// One of several figures for the same window that count once, as the disagreement's range.
    indirect case merged(Disagreement)
    indirect case setAside(SetAsideFigure)
    case notSummed(NotSummableReason)
}

/// Everything the documents share, computed once: the quarters reported, the
/// series restricted to them, how each figure is used, which figures touch
/// each quarter, and the sources and personal-data rules.
final class ReportContext {
    let request: ReportRequest
    // Stored, not read through `request`: a computed property hands out a copy
    // (a retain and a release of every array in it) at each use, and the
    // listings read the input once per figure.
    let metrics: SignalMetrics
    let input: StatisticsInput
    /// Quarters with a quarterly total, in order (within the requested range).
    let totalQuarters: [Quarter]
    /// Quarters with a total or a figure dated in them: one quarter report each.
    let reportQuarters: [Quarter]
    let online: [QuarterlySeries]
    let offline: [QuarterlySeries]
    /// The quarterly series in report order (online, then offline), each with
    /// its identity and its name as Markdown, made once for every quarter report.
    let reportSeries: [ReportSeries]

    struct ReportSeries {
        let series: QuarterlySeries
        let id: SeriesID
        /// "Twitter: accounts suspended", escaped.
        let markdownName: String
    }
    /// Set-aside figures, merged disagreements and disagreements touching the quarters reported.
    let setAside: [SetAsideFigure]
    let mergedDisagreements: [Disagreement]
    /// Per row: 0 counted, 1 merged, 2 set aside, 3 stock, 4 not a count, 5 no start.
    private let roles: [UInt8]
    /// Per row: set aside (index into `allSetAside`), merged (index into `allMerged`).
    private let setAsideIndexByRow: [Int32: Int]
    private let mergedIndexByRow: [Int32: Int]
    private let allSetAside: [SetAsideFigure]
    private let allMerged: [Disagreement]
    /// Rows touching each quarter reported (flows over their window, other figures in their end quarter).
    let rowsByQuarter: [Int: [Int32]]
    private let sourceByReference: [Reference: Source]
    /// Index in `input.clusters` of the first cluster with each reference text and each id.
    private let clusterByReference: [String: Int]
    private let clusterByID: [String: Int]
    private let personalFields: PersonalFields
    /// Per input series: the quarterly series its flows are summed into, and that series' rank in report order.
    let seriesIDs: [SeriesID]
    let seriesRank: [Int]
    /// The quarterly series in report order: `seriesInRankOrder[seriesRank[i]] == seriesIDs[i]`.
    let seriesInRankOrder: [SeriesID]
    /// Quarter index → series → the sources of the figures counted in that cell.
    private var cellSources: [Int: [SeriesID: [Reference]]] = [:]

    init(_ request: ReportRequest) {
        self.request = request
        metrics = request.metrics
        input = request.input
        let input = request.input
        let range = request.quarters
        func inRange(_ quarter: Quarter) -> Bool { range.map { $0.contains(quarter) } ?? true }
        func restricted(_ series: [QuarterlySeries]) -> [QuarterlySeries] {
            series.compactMap { series in
                // Without a range, or with every quarter in it, nothing is copied.
                if series.quarters.allSatisfy({ inRange($0.quarter) }) { return series.quarters.isEmpty ? nil : series }
                var copy = series
                copy.quarters = series.quarters.filter { inRange($0.quarter) }
                return copy.quarters.isEmpty ? nil : copy
            }.sorted { SeriesID($0) < SeriesID($1) }
        }
        let totals = request.metrics.comparison.totals
        online = restricted(totals.online)
        offline = restricted(totals.offline)
        reportSeries = (online + offline).map { series in
            let id = SeriesID(series)
            return ReportSeries(series: series, id: id, markdownName: Markdown.text(Self.seriesName(id)))
        }
        let withTotals = Set((online + offline).flatMap { $0.quarters.map(\.quarter.index) })
        totalQuarters = withTotals.sorted().map { Quarter(index: $0) }

        seriesIDs = input.series.map(SeriesID.init(totalOf:))
        let ordered = Array(Set(seriesIDs)).sorted()
        seriesInRankOrder = ordered
        let rankByID = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($0.element, $0.offset) })
        seriesRank = seriesIDs.map { rankByID[$0] ?? 0 }

        // How rows are used.
        allSetAside = totals.setAside
        allMerged = totals.mergedDisagreements
        // A cited figure knows its row (the metrics were computed from the same rows).
        var setAsideIndex: [Int32: Int] = [:]
        for (index, figure) in allSetAside.enumerated() { setAsideIndex[Int32(figure.figure.row)] = index }
        var mergedIndex: [Int32: Int] = [:]
        for (index, disagreement) in allMerged.enumerated() {
            for figure in disagreement.figures { mergedIndex[Int32(figure.row)] = index }
        }
        setAsideIndexByRow = setAsideIndex
        mergedIndexByRow = mergedIndex

        // Roles and rows by quarter, in one pass over each half of the rows on
        // its own core. Set-aside and merged rows are marked afterwards, from
        // their few indexes, so that no row is hashed.
        let rows = input.rows
        let isCountSeries = input.series.map(\.unit.isCount)
        let quarterOfDay = QuarterOfDay(rows)
        var roles = [UInt8](repeating: 0, count: rows.count)
        let halves = [0..<rows.count / 2, rows.count / 2..<rows.count]
        // Per half: the rows touching each quarter from `first` on.
        let parts = roles.withUnsafeMutableBufferPointer { roles in
            Concurrently.map(halves.count) { half -> (first: Int, buckets: [[Int32]]) in
                var spans: [(first: Int32, last: Int32)] = []
                spans.reserveCapacity(halves[half].count)
                var minQuarter = Int.max
                var maxQuarter = Int.min
                for index in halves[half] {
                    let row = rows[index]
                    let role: UInt8
                    if row.flags.contains(.isStock) {
                        role = 3
                    } else if !isCountSeries[Int(row.series)] {
                        role = 4
                    } else if !row.hasStart || row.start > row.end {
                        role = 5
                    } else {
                        role = 0
                    }
                    roles[index] = role
                    let last = quarterOfDay[row.end]
                    let first = role == 0 ? quarterOfDay[row.start] : last
                    spans.append((Int32(first), Int32(last)))
                    minQuarter = min(minQuarter, first)
                    maxQuarter = max(maxQuarter, last)
                }
                guard minQuarter <= maxQuarter else { return (0, []) }
                var buckets = [[Int32]](repeating: [], count: maxQuarter - minQuarter + 1)
                let base = halves[half].lowerBound
                for (offset, span) in spans.enumerated() {
                    for quarter in Int(span.first)...Int(span.last) {
                        buckets[quarter - minQuarter].append(Int32(base + offset))
                    }
                }
                return (minQuarter, buckets)
            }
        }
        for row in mergedIndex.keys where roles[Int(row)] == 0 { roles[Int(row)] = 1 }
        for row in setAsideIndex.keys where roles[Int(row)] <= 1 { roles[Int(row)] = 2 }
        self.roles = roles
        // Each quarter's rows: the first half's, then the second's, in row order.
        var byQuarter: [Int: [Int32]] = [:]
        for part in parts {
            for (offset, bucket) in part.buckets.enumerated() where !bucket.isEmpty {
                let quarter = part.first + offset
                if inRange(Quarter(index: quarter)) { byQuarter[quarter, default: []] += bucket }
            }
        }
        rowsByQuarter = byQuarter
        reportQuarters = Set(withTotals).union(byQuarter.keys).sorted().map { Quarter(index: $0) }

        func touchesRange(_ window: Window) -> Bool {
            guard let range else { return true }
            let first = Quarter(containing: window.start?.day ?? window.end.day)
            let last = Quarter(containing: window.end.day)
            return first <= range.upperBound && last >= range.lowerBound
        }
        setAside = allSetAside.filter { touchesRange($0.figure.window) }
        mergedDisagreements = allMerged.filter { touchesRange($0.window) }

        var sources: [Reference: Source] = [:]
        for source in input.sources where sources[source.reference] == nil { sources[source.reference] = source }
        sourceByReference = sources
        var byReference: [String: Int] = [:]
        var byID: [String: Int] = [:]
        for (index, cluster) in input.clusters.enumerated() {
            if byReference[cluster.reference.description] == nil { byReference[cluster.reference.description] = index }
            if byID[cluster.reference.id] == nil { byID[cluster.reference.id] = index }
        }
        clusterByReference = byReference
        clusterByID = byID
        personalFields = PersonalFields(request.datasets)

    }

    /// The sources behind each series' total in a quarter: the counted rows'
    /// sources put in order of series rank (a counting sort), each series'
    /// made unique by marking the sources seen, then turned into references
    /// once per pair, sorted by their text form. No row is hashed or compared.
    private func cellSources(of quarter: Quarter) -> [SeriesID: [Reference]] {
        let rows = rowsByQuarter[quarter.index] ?? []
        let rankCount = seriesInRankOrder.count
        var starts = [Int](repeating: 0, count: rankCount + 1)
        for row in rows where isCounted(row: Int(row)) {
            starts[seriesRank[Int(input.rows[Int(row)].series)] + 1] += 1
        }
        for rank in 0..<rankCount { starts[rank + 1] += starts[rank] }
        var next = starts
        var sources = [Int32](repeating: 0, count: starts[rankCount])
        for row in rows where isCounted(row: Int(row)) {
            let figureRow = input.rows[Int(row)]
            let rank = seriesRank[Int(figureRow.series)]
            sources[next[rank]] = figureRow.source
            next[rank] += 1
        }
        var perSeries: [SeriesID: [Reference]] = [:]
        let textOrder = sourceTextOrder
        // The series rank that last saw each source.
        var seenBy = [Int](repeating: -1, count: input.sources.count)
        for rank in 0..<rankCount where starts[rank] < starts[rank + 1] {
            var found: [Int] = []
            for source in sources[starts[rank]..<starts[rank + 1]] {
                let source = Int(source)
                guard input.sources.indices.contains(source), seenBy[source] != rank else { continue }
                seenBy[source] = rank
                found.append(source)
            }
            // Sorted by their text form, through each source's place in that order.
            if !found.isEmpty {
                perSeries[seriesInRankOrder[rank]] =
                    found.sorted { textOrder[$0] < textOrder[$1] }.map { input.sources[$0].reference }
            }
        }
        return perSeries
    }

    /// Each source's place (by index in `input.sources`) when the sources are
    /// sorted by their reference's text form (ties by index).
    private lazy var sourceTextOrder: [Int] = {
        let texts = input.sources.map(\.reference.description)
        var order = [Int](repeating: 0, count: texts.count)
        for (place, index) in texts.indices.sorted(by: { (texts[$0], $0) < (texts[$1], $1) }).enumerated() {
            order[index] = place
        }
        return order
    }()

    private var entryCache: [Int: QuarterEntries] = [:]

    /// Builds every cache the documents read (the lazily built maps, and the
    /// entries of each reported quarter), on every core, so that documents can
    /// then be rendered concurrently: after this, nothing in the context changes.
    func prepareForConcurrentReading() {
        _ = ratioCells
        _ = sourceTextOrder
        for source in input.sources where sourceDescriptions[source.reference] == nil {
            sourceDescriptions[source.reference] = description(of: source.reference)
        }
        // Each quarter's listed figures and the sources of its totals, on every
        // core (a quarter whose listing was asked for before has it already).
        let missing = reportQuarters.filter { cellSources[$0.index] == nil }
        let made = Concurrently.map(missing.count) { index in
            (
                entryCache[missing[index].index] ?? QuarterEntries.make(missing[index], context: self),
                cellSources(of: missing[index])
            )
        }
        for (entries, sources) in made {
            entryCache[entries.quarter.index] = entries
            cellSources[entries.quarter.index] = sources
        }
        isShared = true
    }

    /// The figures touching a quarter (computed once per quarter). Once the
    /// context is shared between threads a quarter outside the cache is
    /// computed without being stored, so that readers never write.
    func entries(_ quarter: Quarter) -> QuarterEntries {
        if let cached = entryCache[quarter.index] { return cached }
        let entries = QuarterEntries.make(quarter, context: self)
        if !isShared { entryCache[quarter.index] = entries }
        return entries
    }

    /// Set by `prepareForConcurrentReading`: from then on nothing in the context
    /// changes. Documents read the context from several threads at once, so any
    /// new cache or `lazy var` must be filled in `prepareForConcurrentReading`
    /// (and never written after it), or the readers race.
    private var isShared = false

    /// Per quarter index: each ratio's cell in that quarter, in ratio order (built on first use).
    private lazy var ratioCells: [Int: [(OnlineOfflineRatio, OnlineOfflineRatio.QuarterRatio)]] = {
        var cells: [Int: [(OnlineOfflineRatio, OnlineOfflineRatio.QuarterRatio)]] = [:]
        for ratio in metrics.comparison.ratios {
            for cell in ratio.perQuarter { cells[cell.quarter.index, default: []].append((ratio, cell)) }
        }
        return cells
    }()

    func ratios(in quarter: Quarter) -> [(OnlineOfflineRatio, OnlineOfflineRatio.QuarterRatio)] {
        ratioCells[quarter.index] ?? []
    }

    /// A series' total in a quarter: a binary search of its quarters, which
    /// are in order (no hashing of the series' names).
    func total(_ series: QuarterlySeries, in quarter: Quarter) -> QuarterTotal? {
        let quarters = series.quarters
        var low = 0
        var high = quarters.count
        while low < high {
            let middle = (low + high) / 2
            if quarters[middle].quarter < quarter { low = middle + 1 } else { high = middle }
        }
        return low < quarters.count && quarters[low].quarter == quarter ? quarters[low] : nil
    }

    /// The sources of the figures counted in a series' total in a quarter
    /// (made by `prepareForConcurrentReading`, or on demand before it).
    func sources(quarter: Quarter, series: SeriesID) -> [Reference] {
        if let cell = cellSources[quarter.index] { return cell[series] ?? [] }
        return isShared ? [] : cellSources(of: quarter)[series] ?? []
    }

    var range: ClosedRange<Quarter>? { request.quarters }

    func touchesRange(_ window: Window) -> Bool {
        guard let range else { return true }
        let first = Quarter(containing: window.start?.day ?? window.end.day)
        let last = Quarter(containing: window.end.day)
        return first <= range.upperBound && last >= range.lowerBound
    }

    /// Whether an input row's window touches the quarters reported (true without a range).
    func touchesRange(row: Int) -> Bool {
        range == nil || touchesRange(input.rows[row].window)
    }

    // MARK: Figures

    func use(ofRow row: Int) -> FigureUse {
        switch roles[row] {
        case 0: return .counted
        case 1: return mergedIndexByRow[Int32(row)].map { .merged(allMerged[$0]) } ?? .counted
        case 2: return setAsideIndexByRow[Int32(row)].map { .setAside(allSetAside[$0]) } ?? .counted
        case 3: return .notSummed(.stock)
        case 4: return .notSummed(.notACount)
        default: return .notSummed(.noStart)
        }
    }

    /// Why a row is never summed, or nil when it is a counted flow (alone, merged or set aside).
    /// `use(ofRow:)` without its payload, for passes over every row.
    func notSummedReason(ofRow row: Int) -> NotSummableReason? {
        switch roles[row] {
        case 0, 1, 2: nil
        case 3: .stock
        case 4: .notACount
        default: .noStart
        }
    }

    /// Whether the row is counted in the totals (alone or as part of a disagreement).
    func isCounted(row: Int) -> Bool { roles[row] <= 1 }

    /// 0 counted or merged, 1 set aside, 2 never summed: the order figures are listed in.
    func listingRank(row: Int) -> Int8 { roles[row] <= 1 ? 0 : roles[row] == 2 ? 1 : 2 }

    func source(_ reference: Reference?) -> Source? {
        reference.flatMap { sourceByReference[$0] }
    }

    // MARK: Personal data

    static let withheld = PersonalFields.withheld

    /// Whether a dataset marks a field of a resource (`clusters`, `sources`, …) as personal data.
    func isPersonal(dataset: String, resource: String, field: String) -> Bool {
        personalFields.contains(dataset: dataset, resource: resource, field: field)
    }

    /// The value, or the withheld marker when the field is personal and personal data is not asked for.
    func field(_ value: String, dataset: String, resource: String, field: String) -> String {
        request.includesPersonalData
            ? value : personalFields.shown(value, dataset: dataset, resource: resource, field: field)
    }

    /// A figure's notes as the report may show them: withheld when its dataset
    /// marks the notes of its figures as personal data (and personal data is not asked for).
    /// Read from the input by the figure's row: the metrics may have been
    /// computed before the notes were read.
    func notes(_ figure: some PrintedFigure) -> String {
        withShownNotes(figure) { String(decoding: $0, as: UTF8.self) }
    }

    /// `body` given the figure's notes as `notes(_:)` has them, as UTF-8 bytes
    /// (read from the input without making a string of them).
    func withShownNotes<Result>(_ figure: some PrintedFigure, _ body: (UnsafeBufferPointer<UInt8>) -> Result)
        -> Result
    {
        input.withNotes(ofRow: figure.row) { notes in
            let resource = figure.side == .online ? "takedown_counts" : "offline_figures"
            guard !notes.isEmpty, !request.includesPersonalData,
                isPersonal(dataset: figure.reference.dataset, resource: resource, field: "notes")
            else { return body(notes) }
            var withheld = Self.withheld
            return withheld.withUTF8(body)
        }
    }

    /// Extra cluster columns that may be shown, by name.
    func clusterExtraColumns() -> [String] {
        var names = Set<String>()
        for cluster in input.clusters {
            for name in cluster.extra.keys
            where request.includesPersonalData
                || !isPersonal(dataset: cluster.reference.dataset, resource: "clusters", field: name)
            {
                names.insert(name)
            }
        }
        return names.sorted()
    }

    // MARK: Names

    static func platformName(_ code: String) -> String {
        switch code {
        case "twitter": "Twitter"
        case "facebook": "Facebook"
        case "youtube": "YouTube"
        case "google": "Google"
        case "microsoft": "Microsoft"
        case "telegram": "Telegram"
        case "europol_iru": "Europol's Internet Referral Unit"
        default: code
        }
    }

    static func phrase(_ measure: String) -> String {
        Codebook.measure(named: measure)?.phrase ?? measure
    }

    /// "Twitter: accounts suspended", "Clusters: people who travelled", "World: foreign fighters".
    static func seriesName(_ id: SeriesID) -> String {
        let phrase = phrase(id.measure)
        if id.side == .online { return "\(platformName(id.subject)): \(phrase)" }
        switch id.scope {
        case .cluster: return "Clusters: \(phrase)"
        case .country: return "Countries: \(phrase)"
        case .world: return "World: \(phrase)"
        case .platform: return "\(platformName(id.subject)): \(phrase)"
        }
    }

    /// A subject in words: a platform's name, a cluster's name, a country's name, "the world".
    func subjectName(scope: Scope, subject: String) -> String {
        switch scope {
        case .platform: return Self.platformName(subject)
        case .world: return "the world"
        case .country: return Country.name(subject)
        case .cluster:
            if let cluster = cluster(subject) {
                return field(cluster.name, dataset: cluster.reference.dataset, resource: "clusters", field: "name")
            }
            return subject
        }
    }

    /// The first cluster whose reference (`DATASET:ID`) is the subject, else
    /// the first whose id is.
    func cluster(_ subject: String) -> Cluster? {
        (clusterByReference[subject] ?? clusterByID[subject]).map { input.clusters[$0] }
    }

    /// A source as a footnote: title, publisher, dates, status, address and reference.
    func describe(source reference: Reference) -> String {
        if let described = sourceDescriptions[reference] { return described }
        return description(of: reference)
    }

    /// Each source's footnote, made once (every quarter report cites the
    /// same few sources): filled by `prepareForConcurrentReading`.
    private var sourceDescriptions: [Reference: String] = [:]

    private func description(of reference: Reference) -> String {
        guard let source = source(reference) else {
            return "Source \(Markdown.text(reference.description)) is not among the sources in the store."
        }
        let dataset = reference.dataset
        var parts: [String] = []
        parts.append(Markdown.text(field(source.title, dataset: dataset, resource: "sources", field: "title")))
        var byline = Markdown.text(field(source.publisher, dataset: dataset, resource: "sources", field: "publisher"))
        if let published = source.published { byline += ", published \(DateText.day(published))" }
        parts.append(byline)
        if let url = source.url, !url.isEmpty {
            let shown = field(url, dataset: dataset, resource: "sources", field: "url")
            parts.append(shown == url ? Markdown.url(url) : Markdown.text(shown))
        } else {
            parts.append("No address known")
        }
        var status =
            source.status == .verified ? "Verified in this source" : "Secondary: only a reprint or summary was found"
        if let retrieved = source.retrieved { status += ", retrieved \(DateText.day(retrieved))" }
        parts.append(status)
        parts.append("Reference: \(Markdown.text(reference.description))")
        return parts.joined(separator: ". ") + "."
    }
}

extension ReportContext {
    /// The sources of some figures (input rows), in order, without repeats.
    func sourcesOfFigures(rows: [Int]) -> [Reference] {
        var seen = Set<Reference>()
        return rows.compactMap { input.source(ofRow: $0)?.reference }.filter { seen.insert($0).inserted }
    }
}
