import SignalgapModel
import SignalgapStatistics

@testable import SignalgapReport

/// A small store built by hand: the Twitter disclosures (a "more than" since mid-2015,
/// an overlap, running totals that reconcile), shares, two clusters with travellers in
/// the same quarters, a disagreement, a world range, and hostile values for the
/// injection checks: a source title "=HYPERLINK(…)", a notes cell "+cmd", a cluster
/// and a subject with "|" and "<script>", and personal fields (a cluster's
/// leader; the notes of offline figures, one of which names a person).
enum ReportFixture {
    static let dataset = "fixture"
    static let personalValue = "Jane Q. Public"
    static let hostileTitle = "=HYPERLINK(\"https://evil.example/\",\"click\")"
    static let hostileNotes = "+cmd|' /C calc'!A0"
    static let hostileSubject = "Z|<script>alert(1)</script>"
    static let hostileClusterName = "Pipe|Town <script>alert(2)</script>"
    static let startNotes = "Counted since mid-2015: the start is approximate."

    static func day(_ text: String) -> Day {
        guard let day = Day(iso: text) else { preconditionFailure("bad fixture date \(text)") }
        return day
    }

    static func reference(_ id: String) -> Reference { Reference(dataset: dataset, id: id) }

    static func figure(_ qualifier: Qualifier, _ value: Double?, low: Int? = nil, high: Int? = nil) -> Figure {
        func amount(_ number: Double) -> Amount { Amount(units: Int64((number * 10_000).rounded())) }
        let result = Figure.make(
            value: value.map(amount), low: low.map { Amount($0) }, high: high.map { Amount($0) }, qualifier: qualifier)
        guard case .success(let figure) = result else { preconditionFailure("inconsistent fixture figure") }
        return figure
    }

    static func source(
        _ id: String, _ status: SourceStatus = .verified, title: String? = nil, published: String? = nil,
        notes: String = ""
    ) -> Source {
        Source(
            reference: reference(id), url: "https://example.org/\(id)", title: title ?? "Title of \(id)",
            publisher: "Publisher of \(id)", published: published.map(day), retrieved: nil, status: status,
            notes: notes)
    }

    static func observation(
        _ id: String, side: Side = .online, scope: Scope = .platform, subject: String = "twitter",
        measure: String = "accounts_suspended", unit: Unit = .accounts, kind: FigureKind = .flow,
        start: String?, startPrecision: DatePrecision = .day, end: String, endPrecision: DatePrecision = .day,
        figure: Figure, source: String, supersedes: String? = nil, notes: String = ""
    ) -> Observation {
        Observation(
            reference: reference(id), side: side, scope: scope, subject: subject, measure: measure, unit: unit,
            window: Window(
                start: start.map { WindowEnd(day($0), startPrecision) }, end: WindowEnd(day(end), endPrecision)),
            kind: kind, figure: figure, source: reference(source), supersedes: supersedes.map(reference), notes: notes)
    }

    static func offline(
        _ id: String, scope: Scope = .cluster, subject: String, measure: String = "travelled", kind: FigureKind = .flow,
        start: String?, end: String, endPrecision: DatePrecision = .day, figure: Figure, source: String,
        notes: String = ""
    ) -> Observation {
        observation(
            id, side: .offline, scope: scope, subject: subject, measure: measure, unit: .people, kind: kind,
            start: start, end: end, endPrecision: endPrecision, figure: figure, source: source, notes: notes)
    }

    static var sources: [Source] {
        [
            source("reuters-2016-02-05", published: "2016-02-05"),
            source("cnbc-2016-08-18", published: "2016-08-18"),
            source("adweek-2016h2", published: "2017-03-21"),
            source("reuters-total", published: "2017-03-22"),
            source("breitbart-2017h1", .secondary, published: "2017-09-20"),
            source("engadget-2018-04-05", published: "2018-04-05"),
            source("case-records", published: "2016-06-01", notes: hostileNotes),
            source("hostile", .secondary, title: hostileTitle, published: "2016-03-01"),
            source("estimates-a", published: "2015-12-08"),
            source("estimates-b", published: "2016-01-15"),
        ]
    }

    static var observations: [Observation] {
        [
            observation(
                "blog-2016-02-05", start: "2015-07-01", startPrecision: .approximate, end: "2016-02-05",
                figure: figure(.moreThan, 125_000), source: "reuters-2016-02-05", notes: startNotes),
            observation(
                "blog-2016-08-18", start: "2016-02-06", startPrecision: .approximate, end: "2016-08-18",
                figure: figure(.exact, 235_000), source: "cnbc-2016-08-18"),
            observation(
                "tr-2016h2", start: "2016-07-01", end: "2016-12-31", figure: figure(.exact, 376_890),
                source: "adweek-2016h2", notes: hostileNotes),
            observation(
                "tr-2016h2-internal", measure: "share_found_by_internal_tools", unit: .percent, kind: .stock,
                start: "2016-07-01", end: "2016-12-31", figure: figure(.exact, 74), source: "adweek-2016h2"),
            observation(
                "tr-2016h2-government-share", measure: "share_from_government_requests", unit: .percent,
                kind: .stock, start: "2016-07-01", end: "2016-12-31", figure: figure(.fewerThan, 2),
                source: "adweek-2016h2"),
            observation(
                "total-2016-12-31", kind: .stock, start: "2015-08-01", startPrecision: .month, end: "2016-12-31",
                figure: figure(.exact, 636_248), source: "reuters-total"),
            observation(
                "tr-2017h1", start: "2017-01-01", end: "2017-06-30", figure: figure(.exact, 299_649),
                source: "breitbart-2017h1"),
            observation(
                "tr-2017h1-change", measure: "change_on_previous_period", unit: .percent, kind: .stock,
                start: "2017-01-01", end: "2017-06-30", figure: figure(.exact, -20), source: "breitbart-2017h1"),
            observation(
                "tr-2017h2", start: "2017-07-01", end: "2017-12-31", figure: figure(.exact, 274_460),
                source: "engadget-2018-04-05"),
            observation(
                "total-2017-12-31", kind: .stock, start: "2015-08-01", startPrecision: .month, end: "2017-12-31",
                figure: figure(.exact, 1_210_357), source: "engadget-2018-04-05"),
            // Offline: travellers from two clusters, a hostile one, a population, a disagreement, the world.
            offline(
                "northtown-2015h2", subject: "fixture:northtown", start: "2015-07-01", end: "2015-12-31",
                figure: figure(.range, nil, low: 3, high: 5), source: "case-records"),
            offline(
                "northtown-2016q1", subject: "fixture:northtown", start: "2016-01-01", end: "2016-03-31",
                figure: figure(.atLeast, 2), source: "case-records", notes: "Named in the records: \(personalValue)."),
            offline(
                "pipetown-2016", subject: "fixture:pipetown", start: "2016-02-01", end: "2016-09-30",
                figure: figure(.exact, 4), source: "hostile"),
            offline(
                "northtown-residents", subject: "fixture:northtown", measure: "residents", kind: .stock, start: nil,
                end: "2015-12-31", endPrecision: .month, figure: figure(.exact, 6_000), source: "case-records"),
            offline(
                "fr-a", scope: .country, subject: "FR", measure: "foreign_fighters", kind: .stock, start: nil,
                end: "2015-12-31", endPrecision: .month, figure: figure(.about, 1_700), source: "estimates-a"),
            offline(
                "fr-b", scope: .country, subject: "FR", measure: "foreign_fighters", kind: .stock, start: nil,
                end: "2015-12-31", endPrecision: .month, figure: figure(.exact, 1_800), source: "estimates-b"),
            offline(
                "hostile-country", scope: .country, subject: hostileSubject, measure: "foreign_fighters",
                kind: .stock, start: nil, end: "2016-03-31", endPrecision: .month, figure: figure(.exact, 3),
                source: "hostile"),
            offline(
                "world-2015-12", scope: .world, subject: "world", measure: "foreign_fighters", kind: .stock,
                start: nil, end: "2015-12-31", endPrecision: .month,
                figure: figure(.range, nil, low: 27_000, high: 31_000),
                source: "estimates-a"),
        ]
    }

    static var clusters: [Cluster] {
        var northtown = Cluster(
            reference: reference("northtown"), name: "Northtown (Fredrikstad)", district: "Northtown",
            city: "Fredrikstad", country: "NO", activeStart: WindowEnd(day("2012-01-01"), .year), activeEnd: nil,
            affiliation: .islamicState, ties: [.friendship, .neighbourhood], catalyst: .yes, onlineRole: .minor,
            source: reference("case-records"), notes: "Coded from the case records.")
        northtown.extra = ["leader": personalValue]
        let pipetown = Cluster(
            reference: reference("pipetown"), name: hostileClusterName, district: nil, city: "Pipe", country: "BE",
            activeStart: WindowEnd(day("2015-07-01"), .approximate), activeEnd: WindowEnd(day("2016-12-31"), .year),
            affiliation: .unknown, ties: [], catalyst: .unknown, onlineRole: .supporting,
            source: reference("hostile"), notes: hostileNotes)
        let quiet = Cluster(
            reference: reference("quiet"), name: "Quiet Quarter", district: nil, city: "Quiet", country: "TN",
            activeStart: nil, activeEnd: nil, affiliation: .islamicState, ties: [.family], catalyst: .no,
            onlineRole: .unknown, source: reference("case-records"), notes: "")
        return [northtown, pipetown, quiet]
    }

    static var input: StatisticsInput {
        StatisticsInput(observations: observations, clusters: clusters, sources: sources)
    }

    static var datasets: [DatasetRecord] {
        [
            DatasetRecord(
                name: dataset, title: "Fixture for the report tests", description: "Made up.",
                contentHash: String(repeating: "ab", count: 32), descriptor: "{}",
                personalFields: ["clusters.leader", "offline_figures.notes"]),
            DatasetRecord(
                name: "hostile-titles", title: "=SUM(1+1) | <b>bold</b>", description: "",
                contentHash: String(repeating: "cd", count: 32), descriptor: "{}"),
        ]
    }

    static func request(
        quarters: ClosedRange<Quarter>? = nil, includesPersonalData: Bool = false, date: Day? = nil
    ) -> ReportRequest {
        let input = input
        let metrics = SignalMetrics.make(input, options: MetricsOptions(quarters: quarters))
        return ReportRequest(
            metrics: metrics, input: input, datasets: datasets, version: "0.0.0-test", quarters: quarters, date: date,
            includesPersonalData: includesPersonalData)
    }
}
