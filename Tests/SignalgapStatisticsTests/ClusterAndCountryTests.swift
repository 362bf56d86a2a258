import SignalgapModel
import Testing

@testable import SignalgapStatistics

@Suite("Clusters and countries")
struct ClusterAndCountryTests {
    typealias F = Fixture

    static func cluster(
        _ id: String, ties: [Tie], catalyst: Catalyst, role: OnlineRole, active: (String, String)? = nil
    ) -> Cluster {
        Cluster(
            reference: F.reference(id), name: id.capitalized, district: nil, city: nil, country: "NO",
            activeStart: active.map { WindowEnd(F.day($0.0), .month) },
            activeEnd: active.map { WindowEnd(F.day($0.1), .approximate) }, affiliation: .islamicState, ties: ties,
            catalyst: catalyst, onlineRole: role, source: F.reference("verified-source"), notes: "")
    }

    static func clusterFigure(
        _ id: String, _ cluster: String, _ measure: String, end: String, _ figure: Figure,
        source: String = "verified-source"
    ) -> Observation {
        F.observation(
            id, side: .offline, scope: .cluster, subject: "\(F.dataset):\(cluster)", measure: measure, unit: .people,
            kind: .stock, start: nil, end: end, figure: figure, source: source)
    }

    /// Lisleby, Minneapolis and Molenbeek as in sourced-figures.md; the online-role and
    /// tie codes and the "city" cluster are made up for the test.
    static var input: StatisticsInput {
        let clusters = [
            cluster(
                "lisleby", ties: [.friendship, .neighbourhood, .sports], catalyst: .yes, role: .minor,
                active: ("2012-12-01", "2015-04-30")),
            cluster("minneapolis", ties: [.family, .friendship], catalyst: .unknown, role: .none),
            cluster("molenbeek", ties: [.friendship, .family], catalyst: .unknown, role: .supporting),
            cluster("city", ties: [], catalyst: .no, role: .central),
            cluster("elsewhere", ties: [.online], catalyst: .no, role: .unknown),
        ]
        let observations = [
            clusterFigure("lis-2014", "lisleby", "travelled", end: "2014-12-31", F.figure(.atLeast, 7)),
            clusterFigure("lis-2015", "lisleby", "travelled", end: "2015-04-30", F.figure(.atLeast, 8)),
            clusterFigure(
                "lis-residents", "lisleby", "residents", end: "2015-04-30",
                F.figure(.range, nil, low: 5_000, high: 6_000)),
            clusterFigure("min-2011", "minneapolis", "travelled", end: "2011-12-31", F.figure(.about, 24)),
            clusterFigure(
                "min-2013", "minneapolis", "travelled", end: "2013-09-26", F.figure(.range, nil, low: 25, high: 40)),
            clusterFigure("min-2016", "minneapolis", "travelled", end: "2016-11-13", F.figure(.moreThan, 22)),
            clusterFigure("mol-residents", "molenbeek", "residents", end: "2015-11-16", F.figure(.about, 90_000)),
            clusterFigure("city-travelled", "city", "travelled", end: "2016-06-30", F.figure(.exact, 40)),
            clusterFigure("else-travelled", "elsewhere", "travelled", end: "2016-06-30", F.figure(.exact, 3)),
        ]
        return F.input(observations, clusters: clusters)
    }

    @Test func sizeIsTheLatestLevelWithItsRangeAcrossSources() throws {
        let summary = ClusterSummary.make(Self.input)
        let lisleby = try #require(summary.profiles.first { $0.cluster.reference.id == "lisleby" })
        let recruits = try #require(lisleby.recruits)
        #expect(recruits.estimate.description == "≥ 8")
        #expect(recruits.asOf == F.day("2015-04-30"))
        #expect(recruits.acrossSources.description == "≥ 7")
        #expect(recruits.figureCount == 2)
        #expect(lisleby.activeDays == 881)
        #expect(lisleby.isActivityApproximate)
        #expect(lisleby.residentsYear == 2015)
        // ≥ 8 people over 5,000–6,000 residents: at least 8/6000 × 10,000 per 10,000, open-ended.
        let rate = try #require(lisleby.ratePer10000Residents)
        #expect(abs((rate.low ?? 0) - 8.0 / 6_000 * 10_000) < 1e-9)
        #expect(rate.isOpenEnded)
        let minneapolis = try #require(summary.profiles.first { $0.cluster.reference.id == "minneapolis" })
        #expect(minneapolis.recruits?.estimate.description == "> 22")
        #expect(minneapolis.recruits?.acrossSources.description == "> 22")
        let molenbeek = try #require(summary.profiles.first { $0.cluster.reference.id == "molenbeek" })
        #expect(molenbeek.recruits == nil)
        #expect(molenbeek.ratePer10000Residents == nil)
        #expect(molenbeek.residents?.estimate.description == "about 90,000")
    }

    @Test func concentrationAndComposition() throws {
        let summary = ClusterSummary.make(Self.input)
        #expect(summary.clustersWithRecruitCount == 4)
        // city 40 > minneapolis > 22 > lisleby ≥ 8 > elsewhere 3 (ordered by value, else low).
        let largest = try #require(summary.largestCluster)
        #expect(largest.largest.map(\.id) == ["city"])
        // 40 against a rest of (> 22) + (≥ 8) + 3 = ≥ 33, open: share from 0 to 40/73.
        #expect(largest.share?.low == 0)
        #expect(abs((largest.share?.high ?? 0) - 40.0 / 73.0) < 1e-12)
        #expect(summary.largestThreeClusters?.largest.map(\.id) == ["city", "minneapolis", "lisleby"])
        let friendship = try #require(summary.byTie.first { $0.category == "friendship" })
        #expect(friendship.clusters == 3 && friendship.clustersWithRecruitCount == 2)
        #expect(friendship.recruits.description == "> 30")
        #expect(summary.byTie.first { $0.category == "not_coded" }?.clusters == 1)
        #expect(summary.byCatalyst.map(\.category) == ["yes", "no", "unknown"])
        #expect(summary.byOnlineRole.first { $0.category == "none" }?.clusters == 1)
    }

    @Test func thesisSentence() {
        let thesis = ClusterSummary.make(Self.input).thesis
        #expect(thesis.clustersWithKnownRole == 4)
        #expect(thesis.clustersRelyingLittle == 2)
        #expect(thesis.clustersWithoutRecruitCount == 1)
        // (> 22) + (≥ 8) = > 30 against 40: share from 30/70 up to 1.
        #expect(thesis.recruits.description == "> 30")
        #expect(abs((thesis.share?.low ?? 0) - 30.0 / 70.0) < 1e-12)
        #expect(thesis.share?.high == 1)
        #expect(
            thesis.sentence == "Of the 4 clusters whose online role is known, 2 relied on it not at all or only "
                + "in a minor way, accounting for 43–100% of their people who travelled (> 30 of > 70); "
                + "1 of the 4 has no count of people who travelled.")
    }

    @Test func countryRangesAndRatePerMillion() throws {
        func country(
            _ id: String, _ subject: String, _ measure: String, _ end: String, _ figure: Figure, _ source: String
        ) -> Observation {
            F.observation(
                id, side: .offline, scope: .country, subject: subject, measure: measure, unit: .people,
                kind: .stock, start: nil, end: end, endPrecision: .month, figure: figure, source: source)
        }
        let input = F.input([
            country("be-icsr", "BE", "foreign_fighters", "2015-01-31", F.figure(.exact, 440), "verified-source"),
            country("be-soufan", "BE", "foreign_fighters", "2015-10-31", F.figure(.exact, 470), "verified-source"),
            // A made-up population, only to exercise the rate.
            country("be-residents", "BE", "residents", "2015-01-01", F.figure(.about, 11_000_000), "verified-source"),
            country("no-icsr", "NO", "foreign_fighters", "2015-01-31", F.figure(.exact, 60), "verified-source"),
            country("no-pst", "NO", "foreign_fighters", "2014-12-31", F.figure(.moreThan, 60), "other-verified"),
        ])
        let estimates = CountryEstimates.make(input)
        let belgium = try #require(estimates.first { $0.country == "BE" && $0.measure == "foreign_fighters" })
        #expect(belgium.countryName == "Belgium")
        #expect(belgium.level.estimate == .exact(Amount(470)))
        #expect(belgium.level.asOf == F.day("2015-10-31"))
        #expect(belgium.level.acrossSources.description == "440–470")
        #expect(belgium.figures.map(\.reference.id) == ["be-icsr", "be-soufan"])
        let perMillion = try #require(belgium.perMillionResidents)
        #expect(abs((perMillion.value ?? 0) - 470.0 / 11.0) < 1e-9)
        let norway = try #require(estimates.first { $0.country == "NO" })
        #expect(norway.level.estimate == .exact(Amount(60)))
        #expect(norway.level.acrossSources.description == "≥ 60")
        #expect(norway.level.sourceCount == 2)
        #expect(norway.perMillionResidents == nil)
    }
}
