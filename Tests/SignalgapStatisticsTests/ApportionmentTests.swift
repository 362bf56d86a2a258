import SignalgapModel
import Testing

@testable import SignalgapStatistics

@Suite("Apportionment by days over calendar quarters")
struct ApportionmentTests {
    typealias F = Fixture

    private func shares(_ amount: String, _ start: String, _ end: String) -> [(String, String, Int)] {
        Apportionment.split(F.amount(amount), from: F.day(start), through: F.day(end)).map {
            ($0.quarter.description, $0.amount.description, $0.days)
        }
    }

    @Test func windowInsideOneQuarterIsReportedWhole() {
        let result = Apportionment.split(F.amount("1000"), from: F.day("2016-07-01"), through: F.day("2016-08-15"))
        #expect(result.count == 1)
        #expect(result[0].quarter == F.quarter("2016Q3"))
        #expect(result[0].amount == Amount(1000))
        #expect(result[0].days == 46)
        #expect(!result[0].isApportioned)
    }

    /// "More than 125,000 since mid-2015" to 5 Feb 2016: 220 days = 92 + 92 + 36.
    /// By hand, in ten-thousandths: 1,250,000,000 × 92 / 220 = 522,727,272 rest 160 (twice),
    /// × 36 / 220 = 204,545,454 rest 120; 2 units left go to the two remainders of 160.
    @Test func midTwentyFifteenToFifthFebruary() {
        let result = shares("125000", "2015-07-01", "2016-02-05")
        #expect(result.map(\.0) == ["2015Q3", "2015Q4", "2016Q1"])
        #expect(result.map(\.2) == [92, 92, 36])
        #expect(result.map(\.1) == ["52272.7273", "52272.7273", "20454.5454"])
        let estimate = Estimate(F.figure(.moreThan, 125_000), unit: .accounts)
        let split = Apportionment.split(estimate, from: F.day("2015-07-01"), through: F.day("2016-02-05"))
        #expect(split.map { $0.share.low?.description } == ["52272.7273", "52272.7273", "20454.5454"])
        #expect(split.allSatisfy { $0.share.high == nil && $0.share.qualifier == .moreThan })
    }

    /// 2016 is a leap year: Q1 has 31 + 29 + 31 = 91 days.
    @Test func leapYearFebruary() {
        #expect(shares("366000", "2016-01-01", "2016-12-31").map(\.1) == ["91000", "91000", "92000", "92000"])
        // 15 Feb – 14 Apr 2016: Q1 gets 15 + 31 = 46 of 60 days; 100 × 46/60 = 76.6666…:
        // 766,666 rest 40 and 233,333 rest 20; the one unit left goes to Q1.
        #expect(shares("100", "2016-02-15", "2016-04-14").map(\.1) == ["76.6667", "23.3333"])
        #expect(shares("100", "2016-02-15", "2016-04-14").map(\.2) == [46, 14])
        // The same dates in 2015: 14 + 31 = 45 of 59 days.
        #expect(shares("590", "2015-02-15", "2015-04-14").map(\.1) == ["450", "140"])
    }

    @Test func oneDayWindowOnAQuarterBoundary() {
        #expect(shares("7", "2016-03-31", "2016-03-31").map(\.0) == ["2016Q1"])
        #expect(shares("7", "2016-04-01", "2016-04-01").map(\.0) == ["2016Q2"])
        // Two days across the boundary: half each; one unit over two days goes to the earlier quarter.
        #expect(shares("1", "2016-03-31", "2016-04-01").map(\.1) == ["0.5", "0.5"])
        #expect(shares("0.0001", "2016-03-31", "2016-04-01").map(\.1) == ["0.0001", "0"])
    }

    @Test func lowValueAndHighStayOrderedAndAddUp() {
        let estimate = Estimate(F.figure(.about, 100, low: 90, high: 120), unit: .people)
        let split = Apportionment.split(estimate, from: F.day("2015-11-17"), through: F.day("2016-05-02"))
        for part in split {
            guard let low = part.share.low, let value = part.share.value, let high = part.share.high else {
                Issue.record("missing bound")
                return
            }
            #expect(low <= value && value <= high)
        }
        #expect(Estimate.sum(split.map(\.share)).low == Amount(90))
        #expect(Estimate.sum(split.map(\.share)).value == Amount(100))
        #expect(Estimate.sum(split.map(\.share)).high == Amount(120))
    }

    /// Seeded property test: over random windows (1 day to 12 years) and
    /// random amounts (up to 10^11 in ten-thousandths, with random bounds),
    /// shares add back exactly, stay ordered and are within 3 units of the
    /// exact day-weighted share.
    @Test func sharesAddBackExactlyOverRandomWindows() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<3_000 {
            let start = F.day("1999-06-01").adding(days: generator.next(below: 12_000))
            let end = start.adding(days: generator.next(below: 4_400))
            let value = Int64(generator.next(below: 1_000_000_000)) * Int64(1 + generator.next(below: 100))
            let low = value - Int64(generator.next(below: 1_000_000))
            let high = value + Int64(generator.next(below: 1_000_000))
            let estimate = Estimate(
                low: Amount(units: max(low, 0)), value: Amount(units: value), high: Amount(units: high),
                qualifier: .range)
            let split = Apportionment.split(estimate, from: start, through: end)
            let windowDays = Int64(end.ordinal - start.ordinal + 1)
            #expect(split.map { Int64($0.days) }.reduce(0, +) == windowDays)
            let total = Estimate.sum(split.map(\.share))
            #expect(total.low == estimate.low)
            #expect(total.value == estimate.value)
            #expect(total.high == estimate.high)
            for part in split {
                let exact = Double(value) * Double(part.days) / Double(windowDays)
                #expect(abs(Double(part.share.value?.units ?? 0) - exact) < 3)
                #expect((part.share.low ?? .zero) <= (part.share.value ?? .zero))
                #expect((part.share.value ?? .zero) <= (part.share.high ?? .zero))
            }
            let plain = Apportionment.split(Amount(units: value), from: start, through: end)
            #expect(plain.reduce(Int64(0)) { $0 + $1.amount.units } == value)
        }
    }

    /// Summed in two halves on two threads (as the benchmark store's million rows
    /// are), the cells are those of one thread summing all the rows: totals,
    /// reported and apportioned parts, qualifiers, figure and source counts.
    /// The rows overlap, so that precedence sets some aside and merges others.
    @Test func twoHalvesOnTwoThreadsGiveTheCellsOfOne() {
        var generator = SeededGenerator(seed: 11)
        let platforms = ["twitter", "facebook", "youtube"]
        let sources = ["verified-source", "secondary-source", "early", "late", "other-verified"]
        let observations = (0..<3_000).map { index -> Observation in
            let start = F.day("2014-01-01").adding(days: generator.next(below: 2_000))
            let end = start.adding(days: generator.next(below: generator.next(below: 2) == 0 ? 60 : 900))
            let value = generator.next(below: 500_000)
            let figure =
                generator.next(below: 3) == 0
                ? F.figure(.about, value, low: value / 2, high: value * 2)
                : F.figure(generator.next(below: 2) == 0 ? .exact : .moreThan, value)
            return F.flow(
                "row-\(index)", start.iso, end.iso, figure, source: sources[generator.next(below: sources.count)],
                subject: platforms[generator.next(below: platforms.count)],
                startPrecision: generator.next(below: 5) == 0 ? .approximate : .day)
        }
        let input = F.input(observations)
        let resolution = Resolution(input, policy: .resolve)
        #expect(resolution.roles.contains(.setAside))
        var one = QuarterlyAccumulator(input: input, resolution: resolution, rowsForTwoThreads: .max)
        one.run()
        var two = QuarterlyAccumulator(input: input, resolution: resolution, rowsForTwoThreads: 1)
        two.run()
        let expected = one.series(keepingOnly: nil)
        #expect(expected.count == 3)
        #expect(two.series(keepingOnly: nil) == expected)
    }

    /// The quarterly totals' fast path (compact rows, reused buffers) agrees with
    /// splitting every row on its own and adding up.
    @Test func fastPathAgreesWithNaiveSplitting() {
        var generator = SeededGenerator(seed: 7)
        var observations: [Observation] = []
        let platforms = ["twitter", "facebook", "youtube"]
        for index in 0..<2_000 {
            let start = F.day("2014-01-01").adding(days: generator.next(below: 2_000))
            let end = start.adding(days: generator.next(below: generator.next(below: 2) == 0 ? 60 : 900))
            let qualifiers: [Qualifier] = [.exact, .moreThan, .about, .range, .fewerThan]
            let qualifier = qualifiers[generator.next(below: qualifiers.count)]
            let value = generator.next(below: 500_000)
            let figure: Figure
            switch qualifier {
            case .range: figure = F.figure(.range, nil, low: value, high: value + generator.next(below: 1_000))
            case .about: figure = F.figure(.about, value, low: value / 2, high: value * 2)
            default: figure = F.figure(qualifier, value)
            }
            observations.append(
                F.flow(
                    "row-\(index)", start.iso, end.iso, figure,
                    subject: platforms[generator.next(below: platforms.count)],
                    startPrecision: generator.next(below: 5) == 0 ? .approximate : .day))
        }
        let input = F.input(observations)
        let totals = QuarterlyTotals.make(input, policy: .countEverything)
        var naive: [String: Estimate] = [:]
        for observation in observations {
            guard let start = observation.window.start?.day else { continue }
            let estimate = Estimate(observation.figure, unit: observation.unit)
            for part in Apportionment.split(estimate, from: start, through: observation.window.end.day) {
                let key = "\(observation.subject) \(part.quarter)"
                naive[key] = naive[key].map { $0 + part.share } ?? part.share
            }
        }
        var cells = 0
        for series in totals.online {
            for total in series.quarters {
                cells += 1
                let expected = naive["\(series.subject ?? "") \(total.quarter)"]
                #expect(total.total == expected)
                #expect(total.reported + total.apportioned == total.total)
            }
        }
        #expect(cells == naive.count)
    }
}
