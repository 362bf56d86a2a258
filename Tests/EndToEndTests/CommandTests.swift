import Foundation
import Testing

/// The built `signalgap`, run in a temporary folder: stdout, stderr and exit status.
@Suite struct CommandTests {
    static let observationsCSV = #"""
        dataset,id,side,subject,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes
        demo,iraq-syria,offline,world,foreign_fighters,people,,,2015-12-31,month,stock,,27000,31000,range,demo:soufan,,
        demo,tw-2016-02,online,twitter,accounts_suspended,accounts,2015-07-01,approximate,2016-02-05,day,stock,125000,125000,,more_than,demo:twitter-blog,,"since mid-2015, ""more than"""
        demo,tw-2016h1,online,twitter,accounts_suspended,accounts,2016-02-01,month,2016-07-31,month,flow,235000,,,about,demo:twitter-blog,,

        """#

    @Test func anAnalystsFirstSession() throws {
        let project = try Project.make()
        defer { project.remove() }

        // new-dataset scaffolds a folder that validates as it is.
        let created = try project.run("new-dataset", "demo")
        #expect(created.status == 0, "\(created)")
        #expect(created.stderr == "")
        #expect(
            created.stdout.lines.prefix(5) == [
                "created Datasets/demo/datapackage.json", "created Datasets/demo/sources.csv",
                "created Datasets/demo/clusters.csv", "created Datasets/demo/takedowns.csv",
                "created Datasets/demo/figures.csv",
            ])
        let empty = try project.run("validate", "demo")
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.stdout == "demo: ok (no rows)\n")
        #expect(empty.stderr == "")
        #expect(!project.exists("signalgap.sqlite"), "validate writes no store")

        // Rows in, then validate and import.
        try FileManager.default.removeItem(atPath: project.path + "/Datasets/demo")
        try project.writeDemo()
        let validated = try project.run("validate")
        #expect(validated.status == 0, "\(validated)")
        #expect(validated.stdout == "demo: ok (2 sources, 2 takedown counts, 1 offline figure)\n")
        #expect(!project.exists("signalgap.sqlite"))

        let imported = try project.run("import")
        #expect(imported.status == 0, "\(imported)")
        #expect(imported.stderr == "")
        let hash = String(imported.stdout.split(separator: "(").last?.prefix(12) ?? "")
        #expect(hash.count == 12 && hash.allSatisfy(\.isHexDigit))
        #expect(imported.stdout == "demo: imported 2 sources, 2 takedown counts, 1 offline figure (\(hash))\n")
        #expect(project.exists("signalgap.sqlite"))

        let again = try project.run("import", "demo")
        #expect(again.status == 0, "\(again)")
        #expect(again.stdout == "demo: unchanged (\(hash))\n")

        // list datasets: an aligned table.
        let datasets = try project.run("list", "datasets")
        #expect(datasets.status == 0, "\(datasets)")
        #expect(datasets.stderr == "")
        #expect(
            datasets.stdout == """
                dataset  title                       sources  clusters  takedown_counts  offline_figures  content_hash
                demo     Twitter and Soufan figures  2        0         2                1                \(hash)

                """)
        try expectAligned(datasets.stdout)
        let sources = try project.run("list", "sources")
        try expectAligned(sources.stdout)
        #expect(sources.stdout.lines.count == 4)

        // list observations as CSV and as JSON.
        let csv = try project.run("list", "observations", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout == Self.observationsCSV)
        let json = try project.run("list", "observations", "--format", "json", "--dataset", "demo")
        #expect(json.status == 0, "\(json)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 3)
        #expect(rows.map { $0["id"] as? String } == ["iraq-syria", "tw-2016-02", "tw-2016h1"])
        #expect(rows[0]["value"] is NSNull)
        #expect((rows[0]["low"] as? NSNumber)?.intValue == 27_000)
        #expect((rows[1]["value"] as? NSNumber)?.intValue == 125_000)
        #expect(rows[1]["qualifier"] as? String == "more_than")
        #expect(rows[2]["supersedes"] is NSNull)
        // Keys in column order.
        #expect(
            json.stdout.lines[1].hasPrefix("  {\"dataset\": \"demo\", \"id\": \"iraq-syria\", \"side\": \"offline\""))

        // remove, and the store is empty again.
        let removed = try project.run("remove", "demo")
        #expect(removed.status == 0, "\(removed)")
        #expect(removed.stdout == "demo: removed\n")
        #expect(removed.stderr == "")
        let nothing = try project.run("list", "datasets")
        #expect(nothing.stdout.lines.dropFirst().first == "(no rows)")
        let removedTwice = try project.run("remove", "demo")
        #expect(removedTwice.status == 65)
        #expect(removedTwice.stdout == "")
        #expect(removedTwice.stderr.hasPrefix("error: the store holds no dataset named \"demo\""))
    }

    /// Every column of a table starts at the same place on every line.
    func expectAligned(_ table: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let lines = table.lines.filter { !$0.isEmpty }.map(Array.init)
        let header = try #require(lines.first)
        var starts: [Int] = []
        for index in header.indices where header[index] != " " && (index == 0 || header[index - 1] == " ") {
            starts.append(index)
        }
        #expect(starts.count > 1, sourceLocation: sourceLocation)
        for line in lines.dropFirst() where line != Array("(no rows)") {
            for start in starts {
                let aligned = start < line.count && line[start] != " " && (start == 0 || line[start - 1] == " ")
                #expect(aligned, "column at \(start) in: \(String(line))", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Exit statuses

    @Test(arguments: [
        ["list", "datasets", "--bogus"],
        ["list", "nonsense"],
        ["frobnicate"],
        ["import", "--store"],
        ["list", "observations", "--format", "xml"],
        ["new-dataset"],
    ])
    func usageErrorsExit64(arguments: [String]) throws {
        let project = try Project.make()
        defer { project.remove() }
        let run = try project.run(arguments)
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout == "")
        #expect(run.stderr.contains("Error: ") || run.stderr.contains("error: "), "\(run)")
        #expect(run.stderr.contains("Usage: ") || run.stderr.contains("USAGE:"), "\(run)")
        #expect(!project.exists("signalgap.sqlite"))
    }

    @Test func inputErrorsExit65WithTheDiagnosticOnStderrOnly() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo(qualifier: "aprox")
        let column =
            "tw-2016-02,twitter,accounts_suspended,accounts,2015-07-01,approximate,2016-02-05,day,stock,125000,,,".count
            + 1
        let expected = """
            Datasets/demo/takedowns.csv:2:\(column): error: qualifier "aprox" is not one of exact, more_than, at_least, about, fewer_than, at_most, range
            1 error found; nothing was written to the store

            """
        for command in ["validate", "import"] {
            let run = try project.run(command, "demo")
            #expect(run.status == 65, "\(run)")
            #expect(run.stdout == "")
            #expect(run.stderr == expected)
        }
        #expect(!project.exists("signalgap.sqlite"), "a failed first import leaves no store behind")
    }

    @Test func aFailedImportLeavesAnExistingStoreAsItWas() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo()
        #expect(try project.run("import").status == 0)
        let before = project.bytes("signalgap.sqlite")
        try project.writeDemo(qualifier: "aprox")
        let run = try project.run("import")
        #expect(run.status == 65, "\(run)")
        #expect(project.bytes("signalgap.sqlite") == before)
        #expect(!project.exists("signalgap.sqlite-wal"))
        let valid = try project.run("validate")
        #expect(valid.status == 65)
        #expect(project.bytes("signalgap.sqlite") == before)
    }

    @Test func removeRefusesWhileAnotherDatasetRefersToIt() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo()
        #expect(try project.run("new-dataset", "later").status == 0)
        try project.write(
            """
            id,platform,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes
            tw-restated,twitter,accounts_suspended,accounts,2015-07-01,approximate,2016-02-05,day,stock,125001,,,more_than,demo:twitter-blog,demo:tw-2016-02,

            """, to: "Datasets/later/takedowns.csv")
        let imported = try project.run("import")
        #expect(imported.status == 0, "\(imported)")
        let run = try project.run("remove", "demo")
        #expect(run.status == 65, "\(run)")
        #expect(run.stdout == "")
        #expect(
            run.stderr == """
                error: cannot remove "demo": later still refers to its rows
                  hint: remove later first, or import them without those references

                """)
    }

    @Test func storeProblemsExit74() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo()
        for arguments in [["import"], ["list", "datasets"], ["remove", "demo"]] {
            let run = try project.run(arguments + ["--store", "no/such/folder/s.sqlite"])
            #expect(run.status == 74, "\(arguments): \(run)")
            #expect(run.stdout == "")
            #expect(run.stderr.hasPrefix("no/such/folder/s.sqlite: error: cannot open the store"), "\(run)")
        }
        // list and remove need an existing store.
        let missing = try project.run("list", "datasets")
        #expect(missing.status == 74, "\(missing)")
        #expect(missing.stderr.contains("signalgap.sqlite: error: cannot open the store: no such file"))
        #expect(!project.exists("signalgap.sqlite"))
    }

    @Test func aNewerStoreExits74AndIsLeftUntouched() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo()
        #expect(try project.run("import").status == 0)
        let tamper = Process()
        tamper.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tamper.arguments = [
            "sqlite3", project.path + "/signalgap.sqlite",
            "INSERT INTO grdb_migrations VALUES ('from a newer signalgap')",
        ]
        try tamper.run()
        tamper.waitUntilExit()
        try #require(tamper.terminationStatus == 0, "sqlite3 is needed to fake a newer store")
        let before = project.bytes("signalgap.sqlite")
        for arguments in [["import"], ["validate"], ["list", "datasets"], ["remove", "demo"]] {
            let run = try project.run(arguments)
            #expect(run.status == 74, "\(arguments): \(run)")
            #expect(run.stdout == "")
            #expect(
                run.stderr == """
                    signalgap.sqlite: error: the store was written by a newer signalgap (unknown schema migrations: from a newer signalgap); it was left untouched
                      hint: upgrade signalgap, or point --store at another file

                    """)
        }
        #expect(project.bytes("signalgap.sqlite") == before)
    }

    // MARK: The store's location

    @Test func signalgapStoreIsHonouredAndStoreOverridesIt() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo()
        let fromEnvironment = try project.run(["import"], environment: ["SIGNALGAP_STORE": "env.sqlite"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
        #expect(project.exists("env.sqlite"))
        #expect(!project.exists("signalgap.sqlite"))

        let fromOption = try project.run(
            ["import", "--store", "option.sqlite"], environment: ["SIGNALGAP_STORE": "env.sqlite"])
        #expect(fromOption.status == 0, "\(fromOption)")
        #expect(fromOption.stdout.contains("demo: imported"), "a new store, so not unchanged: \(fromOption)")
        #expect(project.exists("option.sqlite"))

        #expect(
            try project.run(["list", "datasets"], environment: ["SIGNALGAP_STORE": "env.sqlite"]).stdout.contains(
                "demo"))
        let removed = try project.run(
            ["remove", "demo", "--store", "option.sqlite"], environment: ["SIGNALGAP_STORE": "env.sqlite"])
        #expect(removed.status == 0, "\(removed)")
        #expect(try project.run(["list", "datasets", "--store", "option.sqlite"]).stdout.contains("(no rows)"))
        #expect(
            try project.run(["list", "datasets"], environment: ["SIGNALGAP_STORE": "env.sqlite"]).stdout.contains(
                "demo  "))
        #expect(!project.exists("signalgap.sqlite"))
    }

    // MARK: Colour

    @Test func noColourWhenStderrIsNotATerminal() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo(qualifier: "aprox")
        for environment in [[:], ["NO_COLOR": "1"], ["TERM": "xterm-256color"]] {
            let run = try project.run(["import"], environment: environment)
            #expect(run.status == 65)
            #expect(run.stderr.contains("error: qualifier"))
            #expect(!run.stderr.hasANSIEscape, "\(environment)")
            #expect(!run.stdout.hasANSIEscape)
        }
    }

    @Test(.enabled(if: Project.canUseATerminal))
    func noColourOnATerminalWhenNoColorIsSet() throws {
        let project = try Project.make()
        defer { project.remove() }
        try project.writeDemo(qualifier: "aprox")
        // On a terminal, errors are coloured ...
        let coloured = try project.runOnATerminal(["import"])
        #expect(coloured.contains("qualifier \"aprox\""), "\(coloured)")
        #expect(coloured.hasANSIEscape, "\(coloured)")
        // ... unless NO_COLOR is set, whatever its value.
        for value in ["1", "true"] {
            let plain = try project.runOnATerminal(["import"], environment: ["NO_COLOR": value])
            #expect(plain.contains("qualifier \"aprox\""), "\(plain)")
            #expect(!plain.hasANSIEscape, "\(plain)")
        }
    }

    // MARK: Help

    /// The subcommands the root help lists.
    static func subcommands(_ help: String) -> [String] {
        var names: [String] = []
        var inSection = false
        for line in help.lines {
            if line.hasPrefix("SUBCOMMANDS:") {
                inSection = true
            } else if inSection && line.trimmingCharacters(in: .whitespaces).isEmpty {
                break
            } else if inSection, line.hasPrefix("  "), !line.hasPrefix("   ") {
                // A name, then its abstract; longer lines wrap with deeper indentation.
                names.append(String(line.dropFirst(2).prefix { $0 != " " }))
            }
        }
        return names
    }

    /// Fails when a command's help has no example.
    @Test func everyCommandsHelpHasAnExample() throws {
        let project = try Project.make()
        defer { project.remove() }
        let root = try project.run("--help")
        #expect(root.status == 0)
        #expect(root.stdout.contains("Example"))
        let names = Self.subcommands(root.stdout)
        #expect(Set(["import", "validate", "remove", "list", "new-dataset"]).isSubset(of: Set(names)), "\(names)")
        for name in names where name != "help" {
            let help = try project.run(name, "--help")
            #expect(help.status == 0, "\(name): \(help)")
            #expect(help.stderr == "")
            #expect(help.stdout.contains("Example"), "signalgap \(name) --help has no example")
            #expect(help.stdout.contains("signalgap \(name)"), "\(name)'s example does not run it")
            #expect(help.stdout.contains("USAGE: signalgap \(name)"))
        }
    }

    @Test func version() throws {
        let project = try Project.make()
        defer { project.remove() }
        let run = try project.run("--version")
        #expect(run.status == 0)
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }
}
