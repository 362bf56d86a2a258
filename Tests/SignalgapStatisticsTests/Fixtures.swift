import SignalgapModel

@testable import SignalgapStatistics

/// Small hand-made inputs. Figures follow shared/reference/sourced-figures.md
/// where they name a real disclosure; everything else is made up for one edge case.
enum Fixture {
    static let dataset = "fixture"

    static func day(_ text: String) -> Day {
        guard let day = Day(iso: text) else { preconditionFailure("bad fixture date \(text)") }
        return day
    }

    static func quarter(_ text: String) -> Quarter {
        guard let quarter = Quarter(text) else { preconditionFailure("bad fixture quarter \(text)") }
        return quarter
    }

    static func reference(_ id: String) -> Reference { Reference(dataset: dataset, id: id) }

    static func amount(_ text: String) -> Amount {
        guard case .success(let amount) = Amount.parse(text) else { preconditionFailure("bad amount \(text)") }
        return amount
    }

    static func source(_ id: String, _ status: SourceStatus = .verified, published: String? = nil) -> Source {
        Source(
            reference: reference(id), url: "https://example.org/\(id)", title: id, publisher: "publisher of \(id)",
            published: published.map(day), retrieved: nil, status: status, notes: "")
    }

    static func figure(_ qualifier: Qualifier, _ value: Int?, low: Int? = nil, high: Int? = nil) -> Figure {
        let result = Figure.make(
            value: value.map { Amount($0) }, low: low.map { Amount($0) }, high: high.map { Amount($0) },
            qualifier: qualifier)
        guard case .success(let figure) = result else { preconditionFailure("inconsistent fixture figure") }
        return figure
    }

    static func observation(
        _ id: String, side: Side = .online, scope: Scope = .platform, subject: String = "twitter",
        measure: String = "accounts_suspended", unit: Unit = .accounts, kind: FigureKind = .flow,
        start: String?, startPrecision: DatePrecision = .day, end: String, endPrecision: DatePrecision = .day,
        figure: Figure, source: String, supersedes: String? = nil
    ) -> Observation {
        Observation(
            reference: reference(id), side: side, scope: scope, subject: subject, measure: measure, unit: unit,
            window: Window(
                start: start.map { WindowEnd(day($0), startPrecision) }, end: WindowEnd(day(end), endPrecision)),
            kind: kind, figure: figure, source: reference(source), supersedes: supersedes.map(reference), notes: "")
    }

    /// An online flow of Twitter accounts suspended.
    static func flow(
        _ id: String, _ start: String, _ end: String, _ figure: Figure, source: String = "verified-source",
        subject: String = "twitter", startPrecision: DatePrecision = .day, supersedes: String? = nil
    ) -> Observation {
        observation(
            id, subject: subject, start: start, startPrecision: startPrecision, end: end, figure: figure,
            source: source, supersedes: supersedes)
    }

    /// The Twitter disclosures of sourced-figures.md, with their sources.
    static var twitterSources: [Source] {
        [
            source("reuters-2016-02-05", published: "2016-02-05"),
            source("cnbc-2016-08-18", published: "2016-08-18"),
            source("adweek-2016h2"),
            source("reuters-uk-total"),
            source("breitbart-2017h1", .secondary, published: "2017-09-20"),
            source("engadget-2018-04-05", published: "2018-04-05"),
            source("adweek-2018h1"),
            source("engadget-2019-05-09", published: "2019-05-09"),
        ]
    }

    static var twitterObservations: [Observation] {
        [
            flow(
                "tw-since-mid-2015", "2015-07-01", "2016-02-05", figure(.moreThan, 125_000),
                source: "reuters-2016-02-05", startPrecision: .approximate),
            flow("tw-feb-aug-2016", "2016-02-05", "2016-08-18", figure(.exact, 235_000), source: "cnbc-2016-08-18"),
            observation(
                "tw-total-aug-2016", kind: .stock, start: "2015-07-01", startPrecision: .approximate,
                end: "2016-08-18", figure: figure(.exact, 360_000), source: "cnbc-2016-08-18"),
            flow("tw-2016h2", "2016-07-01", "2016-12-31", figure(.exact, 376_890), source: "adweek-2016h2"),
            observation(
                "tw-total-2016", kind: .stock, start: "2015-08-01", end: "2016-12-31",
                figure: figure(.exact, 636_248), source: "reuters-uk-total"),
            flow("tw-2017h1", "2017-01-01", "2017-06-30", figure(.exact, 299_649), source: "breitbart-2017h1"),
            flow("tw-2017h2", "2017-07-01", "2017-12-31", figure(.exact, 274_460), source: "engadget-2018-04-05"),
            observation(
                "tw-total-2017", kind: .stock, start: "2015-08-01", end: "2017-12-31",
                figure: figure(.exact, 1_210_357), source: "engadget-2018-04-05"),
            flow("tw-2018h1", "2018-01-01", "2018-06-30", figure(.exact, 205_156), source: "adweek-2018h1"),
            flow("tw-2018h2", "2018-07-01", "2018-12-31", figure(.exact, 166_513), source: "engadget-2019-05-09"),
        ]
    }

    static var twitterInput: StatisticsInput {
        StatisticsInput(observations: twitterObservations, clusters: [], sources: twitterSources)
    }

    static var genericSources: [Source] {
        [
            source("verified-source"), source("secondary-source", .secondary),
            source("early", published: "2016-01-10"), source("late", published: "2016-06-10"),
            source("other-verified"),
        ]
    }

    static func input(_ observations: [Observation], clusters: [Cluster] = [], sources: [Source]? = nil)
        -> StatisticsInput
    {
        StatisticsInput(observations: observations, clusters: clusters, sources: sources ?? genericSources)
    }
}
