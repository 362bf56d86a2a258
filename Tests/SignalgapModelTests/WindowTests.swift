import SignalgapModel
import Testing

@Suite struct WindowTests {
    static let alignment: [(String, DatePrecision, Bool, Bool)] = [
        // (date, precision, as start, aligned)
        ("2016-03-17", .day, true, true),
        ("2016-03-17", .day, false, true),
        ("2015-07-01", .approximate, true, true),
        ("2015-07-13", .approximate, false, true),
        ("2016-03-01", .month, true, true),
        ("2016-03-02", .month, true, false),
        ("2016-02-29", .month, false, true),
        ("2015-02-28", .month, false, true),
        ("2016-02-28", .month, false, false),  // 2016 is a leap year
        ("2016-06-30", .month, false, true),
        ("2016-06-29", .month, false, false),
        ("2016-07-01", .month, false, false),
        ("2016-04-01", .quarter, true, true),
        ("2016-05-01", .quarter, true, false),
        ("2016-04-02", .quarter, true, false),
        ("2016-06-30", .quarter, false, true),
        ("2016-09-30", .quarter, false, true),
        ("2016-03-31", .quarter, false, true),
        ("2016-12-31", .quarter, false, true),
        ("2016-05-31", .quarter, false, false),
        ("2016-04-01", .quarter, false, false),
        ("2016-01-01", .year, true, true),
        ("2016-07-01", .year, true, false),
        ("2016-12-31", .year, false, true),
        ("2016-12-30", .year, false, false),
        ("2016-01-01", .year, false, false),
    ]

    @Test(arguments: alignment)
    func windowEndsMatchTheirPrecision(date: String, precision: DatePrecision, isStart: Bool, isAligned: Bool) throws {
        let end = WindowEnd(try #require(Day(iso: date)), precision)
        #expect(end.isAligned(asStart: isStart) == isAligned)
    }

    @Test func windowsCountDaysInclusively() throws {
        let start = WindowEnd(try #require(Day(iso: "2016-07-01")), .month)
        let end = WindowEnd(try #require(Day(iso: "2016-12-31")), .month)
        let window = Window(start: start, end: end)
        #expect(window.dayCount == 184)
        #expect(Window(start: end, end: end).dayCount == 1)
        #expect(Window(start: nil, end: end).dayCount == nil)
        #expect(window.description == "2016-07-01 – 2016-12-31")
        #expect(Window(start: nil, end: end).description == "… – 2016-12-31")
    }

    @Test func overlappingWindows() throws {
        func window(_ start: String, _ end: String) throws -> Window {
            Window(
                start: WindowEnd(try #require(Day(iso: start)), .day), end: WindowEnd(try #require(Day(iso: end)), .day)
            )
        }
        let secondHalf2015 = try window("2015-07-01", "2015-12-31")
        #expect(secondHalf2015.overlaps(try window("2015-08-01", "2016-02-04")))
        #expect(secondHalf2015.overlaps(try window("2015-12-31", "2016-01-31")))
        #expect(!secondHalf2015.overlaps(try window("2016-01-01", "2016-06-30")))
        let asOf = Window(start: nil, end: secondHalf2015.end)
        #expect(!secondHalf2015.overlaps(asOf))
    }
}

@Suite struct QuarterTests {
    @Test(arguments: [
        ("2016Q1", 2016, 1), ("2016q4", 2016, 4), ("2016-Q2", 2016, 2), ("1999-q3", 1999, 3),
    ])
    func parses(text: String, year: Int, number: Int) throws {
        let quarter = try #require(Quarter(text))
        #expect(quarter.year == year)
        #expect(quarter.number == number)
        #expect(quarter.description == "\(year)Q\(number)")
    }

    @Test(arguments: [
        "2016Q5", "2016Q0", "2016", "16Q1", "2016Q", "Q1", "2016Q12", "2016 Q1", "2016-01", "", "20-16Q1x",
    ])
    func rejects(text: String) {
        #expect(Quarter(text) == nil)
    }

    @Test(arguments: [
        ("2016Q1", "2016-01-01", "2016-03-31", 91),
        ("2015Q1", "2015-01-01", "2015-03-31", 90),
        ("2016Q2", "2016-04-01", "2016-06-30", 91),
        ("2016Q3", "2016-07-01", "2016-09-30", 92),
        ("2016Q4", "2016-10-01", "2016-12-31", 92),
    ])
    func firstAndLastDays(text: String, first: String, last: String, days: Int) throws {
        let quarter = try #require(Quarter(text))
        #expect(quarter.firstDay.iso == first)
        #expect(quarter.lastDay.iso == last)
        #expect(quarter.dayCount == days)
        #expect(Quarter(containing: quarter.firstDay) == quarter)
        #expect(Quarter(containing: quarter.lastDay) == quarter)
        #expect(Quarter(containing: quarter.lastDay.adding(days: 1)) == quarter.next)
    }

    @Test func arithmetic() throws {
        let q4 = try #require(Quarter("2015Q4"))
        #expect(q4.next.description == "2016Q1")
        #expect(q4.next.previous == q4)
        #expect(q4.yearEarlier.description == "2014Q4")
        #expect(Quarter(index: q4.index) == q4)
        #expect(q4 < q4.next)
        #expect(Quarter(year: 2016, number: 5) == nil)
        #expect(Quarter(year: 0, number: 1) == nil)
    }
}
