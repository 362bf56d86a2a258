import SignalgapModel
import Testing

@Suite struct DayTests {
    @Test(arguments: [
        ("2016-02-29", 2016, 2, 29),
        ("2000-02-29", 2000, 2, 29),
        ("1970-01-01", 1970, 1, 1),
        ("2015-12-31", 2015, 12, 31),
        ("0001-01-01", 1, 1, 1),
        ("9999-12-31", 9999, 12, 31),
    ])
    func parsesRealDates(text: String, year: Int, month: Int, day: Int) throws {
        let parsed = try #require(Day(iso: text))
        #expect(parsed.components == (year, month, day))
        #expect(parsed.iso == text)
        #expect(Day(year: year, month: month, day: day) == parsed)
    }

    @Test(arguments: [
        "2015-02-29",  // not a leap year
        "1900-02-29",  // divisible by 100, not by 400
        "2016-02-30",
        "2016-04-31",
        "2016-13-01",
        "2016-00-10",
        "2016-01-00",
        "2016-01-32",
        "0000-01-01",
    ])
    func rejectsDatesThatDoNotExist(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test(arguments: [
        "", "2016-1-01", "2016-01-1", "16-01-01", "2016/01/01", "2016-01-01T00:00", " 2016-01-01",
        "2016-01-01 ", "2016-0a-01", "+016-01-01", "２０１６-01-01", "2016–01–01",
    ])
    func rejectsAnythingButYYYYMMDD(text: String) {
        #expect(Day(iso: text) == nil)
    }

    @Test func leapYears() {
        #expect(Day.isLeap(2016))
        #expect(Day.isLeap(2000))
        #expect(!Day.isLeap(1900))
        #expect(!Day.isLeap(2015))
        #expect(Day.daysIn(month: 2, year: 2016) == 29)
        #expect(Day.daysIn(month: 2, year: 2015) == 28)
        #expect(Day.daysIn(month: 2, year: 2100) == 28)
        #expect(Day.daysIn(month: 4, year: 2015) == 30)
        #expect(Day.daysIn(month: 12, year: 2015) == 31)
    }

    @Test func ordinalsCountDaysFrom1970() throws {
        #expect(try #require(Day(iso: "1970-01-01")).ordinal == 0)
        #expect(try #require(Day(iso: "1970-01-02")).ordinal == 1)
        #expect(try #require(Day(iso: "1969-12-31")).ordinal == -1)
        #expect(try #require(Day(iso: "2000-03-01")).ordinal == 11_017)
        #expect(try #require(Day(iso: "2016-02-08")).ordinal == 16_839)
        #expect(Day(ordinal: 16_839).adding(days: 21).iso == "2016-02-29")
    }

    /// Walks the calendar one day at a time the naive way, and checks that the
    /// ordinal arithmetic agrees on every day, both ways.
    @Test func ordinalRoundTripAgreesWithANaiveCalendarWalk() throws {
        var (year, month, day) = (1899, 12, 25)
        var ordinal = try #require(Day(year: year, month: month, day: day)).ordinal
        while year < 2101 {
            let fromOrdinal = Day(ordinal: ordinal)
            guard fromOrdinal.components == (year, month, day) else {
                Issue.record("ordinal \(ordinal) gives \(fromOrdinal.components), expected \((year, month, day))")
                return
            }
            guard Day(iso: fromOrdinal.iso)?.ordinal == ordinal else {
                Issue.record("\(fromOrdinal.iso) does not parse back to \(ordinal)")
                return
            }
            ordinal += 1
            day += 1
            if day > Day.daysIn(month: month, year: year) {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
    }

    /// The ISO text, written as bytes after what is there: padded to its
    /// widths, and read back as the same day for every day of years 1 to 9999.
    @Test func writesItsISOText() throws {
        let first = try #require(Day(iso: "0001-01-01"))
        let last = try #require(Day(iso: "9999-12-31"))
        var bytes = Array("x,".utf8)
        first.appendISO(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x,0001-01-01")
        #expect(try #require(Day(iso: "2016-02-29")).iso == "2016-02-29")
        #expect(last.iso == "9999-12-31")
        #expect(first.adding(days: -1).iso == "0000-12-31")
        #expect(last.adding(days: 1).iso == "10000-01-01")
        for ordinal in stride(from: first.ordinal, through: last.ordinal, by: 13) {
            #expect(Day(iso: Day(ordinal: ordinal).iso)?.ordinal == ordinal)
        }
    }

    @Test func daysCompareByDate() throws {
        let early = try #require(Day(iso: "2015-12-31"))
        let late = try #require(Day(iso: "2016-01-01"))
        #expect(early < late)
        #expect(late.adding(days: -1) == early)
        #expect(late.description == "2016-01-01")
    }
}
