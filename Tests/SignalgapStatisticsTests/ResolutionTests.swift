import SignalgapModel
import Testing

@testable import SignalgapStatistics

@Suite("No double counting: supersedes, precedence, duplicates, disagreements")
struct ResolutionTests {
    typealias F = Fixture

    private func setAsideIDs(_ totals: QuarterlyTotals) -> [String: (reason: SetAsideReason, winners: [String])] {
        var result: [String: (SetAsideReason, [String])] = [:]
        for figure in totals.setAside {
            result[figure.figure.reference.id] = (figure.reason, figure.winners.map(\.reference.id))
        }
        return result
    }

    @Test func twitterOverlapsAreResolvedByTheFinerWindow() throws {
        let totals = QuarterlyTotals.make(F.twitterInput)
        let setAside = setAsideIDs(totals)
        // 235,000 (5 Feb – 18 Aug 2016, 196 days) overlaps H2 2016 (184 days): the finer window wins.
        #expect(setAside.count == 1)
        let feb = try #require(setAside["tw-feb-aug-2016"])
        #expect(feb.reason == .overlap(winners: [3], step: .finerWindow))
        #expect(feb.winners == ["tw-2016h2"])
        #expect(totals.setAside[0].explanation.contains("its window is shorter"))
        let twitter = try #require(totals.online.first { $0.subject == "twitter" })
        #expect(
            twitter.quarters.map(\.quarter.description) == [
                "2015Q3", "2015Q4", "2016Q1", "2016Q3", "2016Q4", "2017Q1", "2017Q2", "2017Q3", "2017Q4",
                "2018Q1", "2018Q2", "2018Q3", "2018Q4",
            ])
        let q1 = try #require(twitter.total(in: F.quarter("2016Q1")))
        #expect(q1.total.description == "> 20,454.5454")
        #expect(q1.apportioned == q1.total)
        #expect(q1.onApproximateEnd == q1.total)
        #expect(q1.reported == .zero)
        let q3 = try #require(twitter.total(in: F.quarter("2016Q3")))
        #expect(q3.total == .exact(Amount(188_445)))
        #expect(q3.isEstimated)
        #expect(q3.onApproximateEnd == .zero)
        #expect(q3.sourceCount == 1 && q3.observationCount == 1)
        // Stocks are never summed: the three running totals are in no quarter.
        let sum = Estimate.sum(twitter.quarters.map(\.total))
        #expect(sum.low == Amount(125_000 + 376_890 + 299_649 + 274_460 + 205_156 + 166_513))
        #expect(sum.isOpenEnded)
    }

    @Test func supersedesDecidesBeforePrecedence() throws {
        let input = F.input([
            F.flow("original", "2016-01-01", "2016-03-31", F.figure(.exact, 1_000), source: "verified-source"),
            F.flow(
                "correction", "2016-01-01", "2016-03-31", F.figure(.exact, 1_200), source: "secondary-source",
                supersedes: "original"),
        ])
        let totals = QuarterlyTotals.make(input)
        #expect(totals.setAside.count == 1)
        #expect(totals.setAside[0].figure.reference.id == "original")
        #expect(totals.setAside[0].reason == .superseded(by: 1))
        #expect(totals.setAside[0].explanation.hasPrefix("superseded by fixture:correction"))
        #expect(totals.online[0].quarters[0].total == .exact(Amount(1_200)))
        #expect(totals.mergedDisagreements.isEmpty)
    }

    @Test(arguments: [
        // (winner window, winner source, loser window, loser source, deciding step)
        (
            "2016-01-01", "2016-06-30", "secondary-source", "2016-01-01", "2016-03-31", "secondary-source",
            PrecedenceStep.finerWindow
        ),
        (
            "2016-01-01", "2016-06-30", "verified-source", "2016-01-01", "2016-03-31", "secondary-source",
            .verifiedSource
        ),
        ("2016-01-05", "2016-03-20", "late", "2016-01-01", "2016-03-16", "early", .laterPublication),
        ("2016-01-05", "2016-03-20", "verified-source", "2016-01-01", "2016-03-16", "other-verified", .laterEnd),
    ])
    func eachPrecedenceStepDecides(
        winnerStart: String, winnerEnd: String, winnerSource: String, loserStart: String, loserEnd: String,
        loserSource: String, step: PrecedenceStep
    ) throws {
        // Swap a shorter window into the winner for the finer-window case.
        let winner =
            step == .finerWindow
            ? F.flow("winner", loserStart, loserEnd, F.figure(.exact, 10), source: loserSource)
            : F.flow("winner", winnerStart, winnerEnd, F.figure(.exact, 10), source: winnerSource)
        let loser =
            step == .finerWindow
            ? F.flow("loser", winnerStart, winnerEnd, F.figure(.exact, 20), source: winnerSource)
            : F.flow("loser", loserStart, loserEnd, F.figure(.exact, 20), source: loserSource)
        for observations in [[winner, loser], [loser, winner]] {
            let totals = QuarterlyTotals.make(F.input(observations))
            let setAside = try #require(totals.setAside.first)
            #expect(totals.setAside.count == 1)
            #expect(setAside.figure.reference.id == "loser")
            #expect(setAside.winners.map(\.reference.id) == ["winner"])
            if case .overlap(_, let decidedBy) = setAside.reason {
                #expect(decidedBy == step)
            } else {
                Issue.record("expected an overlap, got \(setAside.reason)")
            }
        }
    }

    @Test func sharingOneDayIsAnOverlap() {
        let input = F.input([
            F.flow("a", "2016-01-01", "2016-02-05", F.figure(.exact, 10)),
            F.flow("b", "2016-02-05", "2016-03-31", F.figure(.exact, 20)),
            F.flow("c", "2016-04-01", "2016-04-30", F.figure(.exact, 30)),
        ])
        let totals = QuarterlyTotals.make(input)
        #expect(totals.setAside.map(\.figure.reference.id) == ["b"])
        #expect(totals.online[0].quarters.map(\.total) == [.exact(Amount(10)), .exact(Amount(30))])
    }

    @Test func differentSeriesNeverCompete() {
        let input = F.input([
            F.flow("tw", "2016-01-01", "2016-03-31", F.figure(.exact, 10), subject: "twitter"),
            F.flow("fb", "2016-01-01", "2016-03-31", F.figure(.exact, 20), subject: "facebook"),
        ])
        #expect(QuarterlyTotals.make(input).setAside.isEmpty)
    }

    @Test func sameFigureFromTwoSourcesIsADuplicate() throws {
        let input = F.input([
            F.flow("b-copy", "2016-01-01", "2016-03-31", F.figure(.exact, 10), source: "other-verified"),
            F.flow("a-first", "2016-01-01", "2016-03-31", F.figure(.exact, 10), source: "verified-source"),
        ])
        let totals = QuarterlyTotals.make(input)
        let setAside = try #require(totals.setAside.first)
        #expect(setAside.figure.reference.id == "b-copy")
        #expect(setAside.reason.code == "duplicate")
        #expect(setAside.winners.map(\.reference.id) == ["a-first"])
        #expect(totals.online[0].quarters[0].total == .exact(Amount(10)))
    }

    @Test func disagreeingFlowsCountOnceAsARange() throws {
        let input = F.input([
            F.flow("low", "2016-01-01", "2016-03-31", F.figure(.exact, 1_000), source: "verified-source"),
            F.flow("high", "2016-01-01", "2016-03-31", F.figure(.exact, 1_200), source: "secondary-source"),
        ])
        let totals = QuarterlyTotals.make(input)
        #expect(totals.setAside.isEmpty)
        let cell = totals.online[0].quarters[0]
        #expect(
            cell.total == Estimate(low: Amount(1_000), value: Amount(1_000), high: Amount(1_200), qualifier: .range))
        #expect(cell.sourceCount == 2 && cell.observationCount == 2)
        let disagreement = try #require(totals.mergedDisagreements.first)
        #expect(disagreement.figures.map(\.reference.id) == ["low", "high"])
        #expect(disagreement.spread == Amount(200))
    }

    @Test func franceDisagreementIsKeptSideBySide() throws {
        let observations = [
            F.observation(
                "fr-breitbart", side: .offline, scope: .country, subject: "FR", measure: "foreign_fighters",
                unit: .people, kind: .stock, start: nil, end: "2015-12-31", endPrecision: .month,
                figure: F.figure(.exact, 1_800), source: "breitbart"),
            F.observation(
                "fr-european-post", side: .offline, scope: .country, subject: "FR", measure: "foreign_fighters",
                unit: .people, kind: .stock, start: nil, end: "2015-12-31", endPrecision: .month,
                figure: F.figure(.exact, 1_700), source: "european-post"),
        ]
        let input = F.input(
            observations, sources: [F.source("breitbart", .secondary), F.source("european-post", .secondary)])
        let disagreements = Disagreement.find(in: input)
        #expect(disagreements.count == 1)
        let france = try #require(disagreements.first)
        #expect(Set(france.figures.map(\.reference.id)) == ["fr-breitbart", "fr-european-post"])
        #expect(france.combined.low == Amount(1_700) && france.combined.high == Amount(1_800))
        #expect(france.combined.description == "1,700–1,800")
        #expect(france.spread == Amount(100))
        #expect(abs((france.spreadPercent ?? 0) - 100.0 / 17.0) < 1e-9)
        #expect(france.sourceCount == 2)
        // Stocks are not summed, so the quarterly totals do not see them.
        #expect(QuarterlyTotals.make(input).offline.isEmpty)
        let estimates = CountryEstimates.make(input)
        #expect(estimates.first?.level.estimate.description == "1,700–1,800")
    }

    /// Property: on random overlapping flows, no two counted flows of a series share a day,
    /// and a flow is set aside exactly when it overlaps a counted flow that ranks before it.
    /// (This pins down the greedy result uniquely.)
    @Test func precedenceResultIsTheGreedyOne() {
        var generator = SeededGenerator(seed: 99)
        var observations: [Observation] = []
        let sources = ["verified-source", "secondary-source", "early", "late", "other-verified"]
        for index in 0..<600 {
            let start = F.day("2015-01-01").adding(days: generator.next(below: 1_000))
            let end = start.adding(days: generator.next(below: generator.next(below: 3) == 0 ? 400 : 20))
            observations.append(
                F.flow(
                    "r\(index)", start.iso, end.iso, F.figure(.exact, 1 + generator.next(below: 1_000)),
                    source: sources[generator.next(below: sources.count)],
                    subject: generator.next(below: 2) == 0 ? "twitter" : "youtube"))
        }
        let input = F.input(observations)
        var resolution = Resolution(input, policy: .resolve)
        let precedence = PrecedenceOrder(input: input)
        func overlaps(_ lhs: Int, _ rhs: Int) -> Bool {
            let a = input.rows[lhs]
            let b = input.rows[rhs]
            return a.series == b.series && a.start <= b.end && b.start <= a.end
        }
        let counted = input.rows.indices.filter { Resolution.isCounted(resolution.roles[$0]) }
        for (position, lhs) in counted.enumerated() {
            for rhs in counted[(position + 1)...] { #expect(!overlaps(lhs, rhs)) }
        }
        for row in input.rows.indices where resolution.roles[row] == .setAside {
            guard case .overlap(let winners, _)? = resolution.reason(ofRow: row) else { continue }
            #expect(!winners.isEmpty)
            for winner in winners {
                #expect(Resolution.isCounted(resolution.roles[winner]))
                #expect(overlaps(row, winner))
                #expect(precedence.ranksBefore(winner, row))
            }
            let allWinners = counted.filter { overlaps(row, $0) && precedence.ranksBefore($0, row) }
            #expect(Set(winners).isSubset(of: allWinners))
            #expect(winners.count == min(allWinners.count, Resolution.listedWinnerLimit))
            #expect(resolution.setAsideFigure(ofRow: row, in: input)?.winnerCount == allWinners.count)
            // The winners listed are the earliest windows.
            let earliest = allWinners.sorted { input.rows[$0].start < input.rows[$1].start }.prefix(winners.count)
            #expect(Set(earliest) == Set(winners))
        }
        for row in counted {
            let blockers = counted.filter { $0 != row && overlaps(row, $0) }
            #expect(blockers.isEmpty)
        }
        // Every set-aside row overlaps a counted row ranked before it; no counted row could have been set aside.
        for row in input.rows.indices where resolution.roles[row] == .setAside {
            #expect(counted.contains { overlaps(row, $0) && precedence.ranksBefore($0, row) })
        }
    }
    /// Disjoint flows (the linear-time shortcut) are all counted, exactly as if nothing were resolved.
    @Test func disjointFlowsAreAllCounted() {
        var generator = SeededGenerator(seed: 3)
        var observations: [Observation] = []
        var cursor = ["twitter": F.day("2014-01-01"), "youtube": F.day("2014-01-01")]
        for index in 0..<1_000 {
            let subject = generator.next(below: 2) == 0 ? "twitter" : "youtube"
            let start = (cursor[subject] ?? F.day("2014-01-01")).adding(days: generator.next(below: 3))
            let end = start.adding(days: generator.next(below: 40))
            cursor[subject] = end.adding(days: 1)
            observations.append(
                F.flow(
                    "d\(index)", start.iso, end.iso, F.figure(.exact, generator.next(below: 10_000)), subject: subject))
        }
        let input = F.input(observations)
        let roles = Resolution(input, policy: .countEverything).roles
        let isDisjoint = Resolution.provablyDisjoint(input.rows, roles: roles, seriesCount: input.series.count)
        #expect(isDisjoint)
        let resolved = QuarterlyTotals.make(input)
        #expect(resolved.setAsideCount == 0)
        #expect(resolved.online == QuarterlyTotals.make(input, policy: .countEverything).online)
        // One more flow sharing a single day is found and set aside (or wins) by the full rule.
        observations.append(F.flow("extra", "2014-01-05", "2014-01-05", F.figure(.exact, 1)))
        let overlapping = F.input(observations)
        let overlappingRoles = Resolution(overlapping, policy: .countEverything).roles
        let isStillDisjoint = Resolution.provablyDisjoint(
            overlapping.rows, roles: overlappingRoles, seriesCount: overlapping.series.count)
        #expect(!isStillDisjoint)
        #expect(QuarterlyTotals.make(overlapping).setAsideCount == 1)
    }
}
