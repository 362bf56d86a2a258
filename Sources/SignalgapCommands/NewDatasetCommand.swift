import ArgumentParser
import SignalgapImport

extension Signalgap {
    struct NewDataset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new-dataset",
            abstract: "Create an empty dataset folder that validates as it is.",
            discussion: """
                Writes DATASETS/NAME/datapackage.json with the standard schemas and a \
                headed, empty CSV for each resource: sources, clusters, takedown counts \
                and offline figures. Fill the rows, then validate and import.

                Example:
                  signalgap new-dataset molenbeek-2016
                  signalgap validate molenbeek-2016
                """)

        @OptionGroup var datasetOptions: DatasetOptions

        @Argument(help: "The new dataset's name: lower-case letters, digits and '-'.")
        var name: String

        func run() throws {
            let written = try Console.reportingFailures {
                try DatasetScaffold.create(name: name, root: datasetOptions.datasets)
            }
            for path in written { Console.out("created \(path)") }
            Console.out("next: fill the CSV files (see Datasets/README.md), then `signalgap validate \(name)`")
        }
    }
}
