import Foundation
import Testing

/// Fields a dataset marks as personal data are withheld by everything that
/// prints dataset fields (the report has its own tests), unless
/// `--include-personal-data` is given.
@Suite struct PersonalDataTests {
    static let marker = "[withheld: personal data]"

    /// The demo dataset, with a cluster, and its takedown counts' notes, its
    /// sources' titles and addresses and its clusters' names marked as personal data.
    func makeProject() throws -> Project {
        let project = try Project.make()
        try project.writeDemo()
        try project.write(
            """
            id,name,district,city,country,active_start,active_start_precision,active_end,active_end_precision,affiliation,ties,catalyst,online_role,source,notes
            northtown,Northtown circle,,Northtown,BE,2013-01-01,year,,,islamic_state,friendship,yes,minor,soufan,

            """, to: "Datasets/demo/clusters.csv")
        let path = project.path + "/Datasets/demo/datapackage.json"
        var package = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var resources = try #require(package["resources"] as? [[String: Any]])
        let personal = ["takedown_counts": ["notes"], "sources": ["title", "url"], "clusters": ["name"]]
        for index in resources.indices {
            guard let name = resources[index]["name"] as? String, let marked = personal[name],
                var schema = resources[index]["schema"] as? [String: Any],
                var fields = schema["fields"] as? [[String: Any]]
            else { continue }
            for field in fields.indices where marked.contains(fields[field]["name"] as? String ?? "") {
                fields[field]["personal"] = true
            }
            schema["fields"] = fields
            resources[index]["schema"] = schema
        }
        package["resources"] = resources
        try JSONSerialization.data(withJSONObject: package, options: [.prettyPrinted, .sortedKeys])
            .write(to: URL(fileURLWithPath: path))
        let imported = try project.run("import")
        #expect(imported.status == 0, "\(imported)")
        return project
    }

    @Test func listWithholdsPersonalFieldsUnlessAskedFor() throws {
        let project = try makeProject()
        defer { project.remove() }

        let sources = try project.run("list", "sources")
        #expect(sources.status == 0, "\(sources)")
        #expect(!sources.stdout.contains("Combating Violent Extremism"))
        #expect(!sources.stdout.contains("https://"))
        // Two sources, each with a title and an address withheld.
        #expect(sources.stdout.components(separatedBy: Self.marker).count == 5)
        #expect(sources.stdout.contains("The Soufan Group"), "a field not marked is shown")
        let sourcesIncluded = try project.run("list", "sources", "--include-personal-data")
        #expect(sourcesIncluded.stdout.contains("Combating Violent Extremism"))
        #expect(!sourcesIncluded.stdout.contains(Self.marker))

        let csv = try project.run("list", "observations", "--format", "csv")
        #expect(csv.status == 0, "\(csv)")
        #expect(!csv.stdout.contains("since mid-2015"))
        #expect(csv.stdout.contains(Self.marker))
        #expect(csv.stdout.contains("125000"), "the figures are never personal")

        let json = try project.run("list", "observations", "--format", "json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let twitter = try #require(rows.first { $0["id"] as? String == "tw-2016-02" })
        #expect(twitter["notes"] as? String == Self.marker)
        #expect((twitter["value"] as? NSNumber)?.intValue == 125_000)

        let included = try project.run("list", "observations", "--format", "csv", "--include-personal-data")
        #expect(included.status == 0, "\(included)")
        #expect(included.stdout.contains("since mid-2015"))
        #expect(!included.stdout.contains(Self.marker))
    }

    @Test func statsWithholdsClusterTextUnlessAskedFor() throws {
        let project = try makeProject()
        defer { project.remove() }

        // The JSON lists the clusters with their names.
        let json = try project.run("stats", "--format", "json")
        #expect(json.status == 0, "\(json)")
        #expect(!json.stdout.contains("Northtown circle"))
        #expect(json.stdout.contains(Self.marker))
        let included = try project.run("stats", "--format", "json", "--include-personal-data")
        #expect(included.stdout.contains("Northtown circle"))
        #expect(!included.stdout.contains(Self.marker))
        // The statistics are the same: withholding changes only what is printed of the text.
        let csv = try project.run("stats", "--format", "csv")
        let csvIncluded = try project.run("stats", "--format", "csv", "--include-personal-data")
        #expect(csv.stdout == csvIncluded.stdout)
        #expect(!csv.stdout.isEmpty)

        let clusters = try project.run("list", "clusters")
        #expect(!clusters.stdout.contains("Northtown circle"))
        #expect(clusters.stdout.contains("Northtown"), "the city is not marked")
    }

    @Test func traceWithholdsNotesAndSourceFieldsUnlessAskedFor() throws {
        let project = try makeProject()
        defer { project.remove() }

        for format in ["table", "csv", "json"] {
            let trace = try project.run("trace", "2016Q1", "twitter", "accounts_suspended", "--format", format)
            #expect(trace.status == 0, "\(trace)")
            #expect(!trace.stdout.contains("since mid-2015"), "\(format)")
            #expect(!trace.stdout.contains("Combating Violent Extremism"), "\(format)")
            #expect(trace.stdout.contains(Self.marker), "\(format)")
        }
        let included = try project.run(
            "trace", "2016Q1", "twitter", "accounts_suspended", "--format", "json", "--include-personal-data")
        #expect(included.status == 0, "\(included)")
        #expect(included.stdout.contains("since mid-2015"))
        #expect(included.stdout.contains("Combating Violent Extremism"))
        #expect(!included.stdout.contains(Self.marker))
    }
}
