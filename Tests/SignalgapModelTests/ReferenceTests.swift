import SignalgapModel
import Testing

@Suite struct ReferenceTests {
    @Test(arguments: [
        ("s1", "lisleby", "s1"),
        ("twitter-2016:s1", "twitter-2016", "s1"),
        ("soufan-2016:fig_3.b-2", "soufan-2016", "fig_3.b-2"),
        ("9:0", "9", "0"),
    ])
    func parses(text: String, dataset: String, id: String) throws {
        let reference = try #require(Reference.parse(text, home: "lisleby"))
        #expect(reference == Reference(dataset: dataset, id: id))
        #expect(reference.description == "\(dataset):\(id)")
    }

    @Test(arguments: [
        "", ":s1", "b:", "a:b:c", "S1", "B:s1", "b_x:s1", "b.x:s1", "-b:s1", "b:_s1", "b: s1", "s 1", "é",
    ])
    func rejects(text: String) {
        #expect(Reference.parse(text, home: "lisleby") == nil)
    }

    @Test func namesAndIDs() {
        #expect(Identifier.isValidDatasetName("molenbeek-2016"))
        #expect(Identifier.isValidDatasetName("a-"))
        #expect(!Identifier.isValidDatasetName(""))
        #expect(!Identifier.isValidDatasetName("-a"))
        #expect(!Identifier.isValidDatasetName("a_b"))
        #expect(!Identifier.isValidDatasetName("Lisleby"))
        #expect(!Identifier.isValidDatasetName("../x"))
        #expect(Identifier.isValidID("fig_3.b-2"))
        #expect(!Identifier.isValidID(".a"))
        #expect(!Identifier.isValidID("_a"))
        #expect(!Identifier.isValidID("a:b"))
    }
}

@Suite struct DiagnosticTests {
    @Test func printsPathLineColumnAndHint() {
        let diagnostic = Diagnostic(
            "qualifier \"aprox\" is not one of \(Qualifier.codeList)",
            at: SourceLocation(path: "Datasets/lisleby/figures.csv", line: 14, column: 7),
            hint: "did you mean \"about\"?")
        #expect(
            diagnostic.description == """
                Datasets/lisleby/figures.csv:14:7: error: qualifier "aprox" is not one of exact, more_than, at_least, about, fewer_than, at_most, range
                  hint: did you mean "about"?
                """)
        #expect(Diagnostic("x", at: SourceLocation(path: "p", line: 3)).description == "p:3: error: x")
        #expect(Diagnostic("x", at: SourceLocation(path: "p")).description == "p: error: x")
        #expect(Diagnostic("x").description == "error: x")
    }

    @Test func listIsCappedAndCountsTheRest() {
        var list = DiagnosticList(cap: 3)
        for line in 2...9 { list.append(Diagnostic("bad", at: SourceLocation(path: "f.csv", line: line, column: 1))) }
        #expect(list.diagnostics.count == 3)
        #expect(list.suppressed == 5)
        #expect(list.count == 8)
        #expect(list.isFull)
        #expect(
            list.description == """
                f.csv:2:1: error: bad
                f.csv:3:1: error: bad
                f.csv:4:1: error: bad
                note: 5 more error(s) not shown (the first 3 are listed)
                8 errors found; nothing was written to the store
                """)

        var merged = DiagnosticList(cap: 4)
        merged.append(Diagnostic("first"))
        merged.append(contentsOf: list)
        #expect(merged.diagnostics.map(\.message) == ["first", "bad", "bad", "bad"])
        #expect(merged.count == 9)
    }

    @Test func oneErrorIsSingular() {
        var list = DiagnosticList()
        list.append(Diagnostic("bad"))
        #expect(list.description == "error: bad\n1 error found; nothing was written to the store")
    }
}

@Suite struct CodebookTests {
    @Test func everyMeasureHasOneUnitAndAUniqueName() {
        let names = Codebook.measures.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(Codebook.measure(named: "accounts_suspended")?.unit == .accounts)
        #expect(Codebook.measure(named: "travelled")?.unit == .people)
        #expect(Codebook.measure(named: "share_of_national_recruits")?.unit == .percent)
        #expect(Codebook.measure(named: "foreign_fighters_per_million")?.unit == .perMillionResidents)
        #expect(Codebook.measure(named: "accounts") == nil)
    }

    @Test func onlyPercentMayBeNegativeAndOnlyRatesCarryDecimals() {
        for unit in SignalgapModel.Unit.allCases {
            #expect(unit.allowsNegative == (unit == .percent))
            #expect(unit.isCount == !(unit == .percent || unit == .perMillionResidents))
        }
    }

    @Test func countriesAreUpperCaseAlpha2() {
        #expect(Country.isCode("BE"))
        #expect(Country.isCode("NO"))
        #expect(!Country.isCode("be"))
        #expect(!Country.isCode("XX"))
        #expect(!Country.isCode("BEL"))
    }
}
