import SignalgapModel
import Testing

@testable import SignalgapStatistics

@Suite("Interval arithmetic and qualifier propagation")
struct EstimateTests {
    typealias F = Fixture

    private func estimate(_ qualifier: Qualifier, _ value: Int?, low: Int? = nil, high: Int? = nil) -> Estimate {
        Estimate(F.figure(qualifier, value, low: low, high: high), unit: .accounts)
    }

    @Test func sumWithAMoreThanIsAMoreThanAndStaysOpen() {
        let sum = estimate(.moreThan, 125_000) + estimate(.exact, 235_000)
        #expect(sum.low == Amount(360_000))
        #expect(sum.high == nil)
        #expect(sum.isOpenEnded)
        #expect(sum.qualifier == .moreThan)
        #expect(sum.description == "> 360,000")
        let atLeast = estimate(.atLeast, 7) + estimate(.range, nil, low: 25, high: 40)
        #expect(atLeast.qualifier == .atLeast)
        #expect(atLeast.description == "≥ 32")
    }

    @Test func sumOfRangesIsARange() {
        let sum = estimate(.range, nil, low: 27_000, high: 31_000) + estimate(.exact, 1_000)
        #expect(sum == Estimate(low: Amount(28_000), value: nil, high: Amount(32_000), qualifier: .range))
        #expect(sum.description == "28,000–32,000")
        let about = estimate(.about, 24) + estimate(.exact, 6)
        #expect(about.qualifier == .about)
        #expect(about.description == "about 30")
        #expect((estimate(.exact, 1) + estimate(.exact, 2)).isExact)
    }

    @Test func fewerThanKeepsItsFloorOfZeroForCounts() {
        let few = estimate(.fewerThan, 15)
        #expect(few.low == .zero)
        #expect((few + few).description == "< 30")
        let mixed = few + estimate(.exact, 10)
        #expect(mixed.low == Amount(10))
        #expect(mixed.high == Amount(25))
        #expect(mixed.qualifier == .range)
        // Without the count floor, a "fewer than" has no lower bound.
        let share = Estimate(F.figure(.fewerThan, 2))
        #expect(share.low == nil)
        #expect((share + Estimate.exact(Amount(1))).qualifier == .fewerThan)
    }

    @Test func differenceWithOpenBounds() {
        // 360,000 − (more than 360,000): at most 0, no lower bound.
        let difference = Estimate.exact(Amount(360_000)) - estimate(.moreThan, 360_000)
        #expect(difference.low == nil)
        #expect(difference.high == .zero)
        #expect(difference.qualifier == .fewerThan)
        let open = estimate(.moreThan, 100) - estimate(.exact, 40)
        #expect(open.low == Amount(60))
        #expect(open.high == nil)
        #expect(open.qualifier == .moreThan)
        let exact = Estimate.exact(Amount(1_210_357)) - Estimate.exact(Amount(1_210_357))
        #expect(exact.isExact && exact.value == .zero)
    }

    @Test func ratioOfRangesIsARange() throws {
        let ratio = try #require(
            estimate(.range, nil, low: 10, high: 20).divided(by: estimate(.range, nil, low: 2, high: 5)))
        #expect(ratio.low == 2)
        #expect(ratio.high == 10)
        #expect(ratio.value == nil)
        #expect(ratio.qualifier == .range)
        #expect(ratio.description == "2–10")
        let exact = try #require(Estimate.exact(Amount(10)).divided(by: Estimate.exact(Amount(4))))
        #expect(exact.qualifier == .exact && exact.value == 2.5 && exact.description == "2.5")
    }

    @Test func ratioStaysOpenWhenTheNumeratorIsOpenOrTheDivisorMayBeZero() throws {
        let open = try #require(estimate(.moreThan, 125_000).divided(by: Estimate.exact(Amount(1_000))))
        #expect(open.low == 125)
        #expect(open.high == nil)
        #expect(open.qualifier == .moreThan)
        #expect(open.description == "> 125")
        let zeroFloor = try #require(Estimate.exact(Amount(10)).divided(by: estimate(.fewerThan, 5)))
        #expect(zeroFloor.low == 2)
        #expect(zeroFloor.high == nil)
        #expect(Estimate.exact(Amount(10)).divided(by: .zero) == nil)
        // An open divisor gives a floor of zero.
        let overOpen = try #require(Estimate.exact(Amount(10)).divided(by: estimate(.moreThan, 5)))
        #expect(overOpen.low == 0 && overOpen.high == 2)
    }

    @Test func shareOfDisjointPartsIsNeverOpen() throws {
        // Part ≥ 8 against a rest of 25–40: the part's share runs from 8/48 up to 1.
        let share = try #require(
            Estimate.share(of: estimate(.atLeast, 8), rest: estimate(.range, nil, low: 25, high: 40)))
        #expect(share.low == 8.0 / 48.0)
        #expect(share.high == 1)
        let exact = try #require(Estimate.share(of: Estimate.exact(Amount(1)), rest: Estimate.exact(Amount(3))))
        #expect(exact.value == 0.25 && exact.qualifier == .exact)
    }

    @Test func hullIsTheRangeFromLowestLowToHighestHigh() {
        let hull = Estimate.hull(
            [estimate(.exact, 1_800), estimate(.exact, 1_700)], preferredValue: Amount(1_800))
        #expect(hull == Estimate(low: Amount(1_700), value: Amount(1_800), high: Amount(1_800), qualifier: .range))
        #expect(hull.description == "1,700–1,800")
        let open = Estimate.hull(
            [estimate(.moreThan, 22), estimate(.range, nil, low: 25, high: 40)], preferredValue: Amount(22))
        #expect(open.low == Amount(22) && open.high == nil && open.qualifier == .moreThan)
    }

    @Test func descriptionsPrintTheQualifierBack() {
        #expect(estimate(.exact, 1_210_357).description == "1,210,357")
        #expect(estimate(.atMost, 15).description == "≤ 15")
        #expect(estimate(.about, 90_000).description == "about 90,000")
        #expect(estimate(.about, 24, low: 20, high: 30).description == "about 24 (20–30)")
        #expect(Estimate.exact(Fixture.amount("-20.5")).description == "-20.5")
        #expect(RatioEstimate(low: 13.3333, value: nil, high: nil, qualifier: .atLeast).description == "≥ 13.33")
    }
}
