import SignalgapModel
import Testing

@Suite struct AmountTests {
    @Test(
        arguments: [
            ("0", 0),
            ("7", 70_000),
            ("125000", 1_250_000_000),
            ("007", 70_000),
            ("1.5", 15_000),
            ("83.64", 836_400),
            ("0.0001", 1),
            ("1.0000", 10_000),
            ("-20", -200_000),
            ("-0.5", -5_000),
            ("922337203685477", 9_223_372_036_854_770_000),
            ("922337203685477.5807", Int64.max),
        ] as [(String, Int64)])
    func parsesPlainDecimals(text: String, units: Int64) {
        #expect(Amount.parse(text) == .success(Amount(units: units)))
    }

    @Test(arguments: [
        ("", Amount.ParseError.empty),
        ("1,000", .thousandsSeparator),
        ("1_000", .thousandsSeparator),
        ("1e3", .exponent),
        ("1E3", .exponent),
        ("2.5e2", .exponent),
        ("e3", .notANumber),
        ("+5", .notANumber),
        (".5", .notANumber),
        ("5.", .notANumber),
        ("-", .notANumber),
        ("--5", .notANumber),
        ("5-", .notANumber),
        ("1.2.3", .notANumber),
        (" 5", .notANumber),
        ("5 ", .notANumber),
        ("about 5", .notANumber),
        ("5%", .notANumber),
        ("1.23456", .tooManyFractionDigits),
        ("0.00001", .tooManyFractionDigits),
        ("922337203685478", .outOfRange),
        ("99999999999999999999999", .outOfRange),
        ("922337203685477.5808", .outOfRange),
        ("922337203685477.9", .outOfRange),
        ("-922337203685477.9", .outOfRange),
    ])
    func rejectsAnythingElse(text: String, error: Amount.ParseError) {
        #expect(Amount.parse(text) == .failure(error))
    }

    /// Digits past the fourth decimal are allowed only when they are zeros: nothing is rounded.
    @Test func trailingZerosBeyondFourDecimalsLoseNothing() {
        #expect(Amount.parse("1.50000") == .success(Amount(units: 15_000)))
    }

    @Test func wholeNumbersAndSigns() throws {
        let whole = try Amount.parse("125000").get()
        let fraction = try Amount.parse("1.5").get()
        let negative = try Amount.parse("-3").get()
        #expect(whole.isWhole)
        #expect(!fraction.isWhole)
        #expect(negative.isNegative && negative.isWhole)
        #expect(!(try Amount.parse("-0").get()).isNegative)
        #expect(Amount(125_000) == whole)
        #expect(fraction < whole)
        #expect(fraction.doubleValue == 1.5)
    }

    @Test(
        arguments: [
            (1_250_000_000, "125000"),
            (836_400, "83.64"),
            (15_000, "1.5"),
            (1, "0.0001"),
            (-200_000, "-20"),
            (-5, "-0.0005"),
            (0, "0"),
        ] as [(Int64, String)])
    func printsWithoutSeparatorsOrTrailingZeros(units: Int64, text: String) {
        #expect(Amount(units: units).description == text)
        #expect(Amount.parse(text) == .success(Amount(units: units)))
    }

    /// The bytes written in place (for the report's CSV), appended after what
    /// is there, down to the extremes of the range.
    @Test(
        arguments: [
            (0, "0"), (10, "0.001"), (50, "0.005"), (1_250_000_000, "125000"), (-90_000, "-9"),
            (123_456_789, "12345.6789"), (Int64.max, "922337203685477.5807"), (Int64.min, "-922337203685477.5808"),
        ] as [(Int64, String)])
    func appendsItsDescriptionAsBytes(units: Int64, text: String) {
        var bytes = Array("x,".utf8)
        Amount(units: units).appendDescription(to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x," + text)
        #expect(Amount(units: units).description == text)
    }

    @Test(
        arguments: [
            ("0", "0"), ("999", "999"), ("1000", "1,000"), ("1210357", "1,210,357"), ("83.64", "83.64"),
            ("-20", "-20"), ("-1234.5", "-1,234.5"), ("-999", "-999"), ("125000.0001", "125,000.0001"),
            ("922337203685477.5807", "922,337,203,685,477.5807"),
        ] as [(String, String)])
    func groupsThousandsInTheWholePartOnly(plain: String, grouped: String) throws {
        #expect(try Amount.parse(plain).get().groupedDescription == grouped)
    }

    @Test func groupsTheExtremesOfTheRange() {
        #expect(Amount(units: .min).groupedDescription == "-922,337,203,685,477.5808")
        #expect(Amount(units: -10_000_000).groupedDescription == "-1,000")
        var bytes: [UInt8] = []
        DecimalText.append(magnitude: .max, groupingThousands: true, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "18,446,744,073,709,551,615")
        #expect(
            DecimalText.string(negative: true, magnitude: 1_000_000_007, fractionDigits: 9)
                == "-1.000000007")
        #expect(DecimalText.string(magnitude: 1_500, fractionDigits: 3) == "1.5")
        #expect(DecimalText.string(magnitude: 0, fractionDigits: 4) == "0")
        #expect(DecimalText.string(magnitude: 5, fractionDigits: 18) == "0.000000000000000005")
    }
}
