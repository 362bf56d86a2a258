import ArgumentParser

/// The `signalgap` command: each subcommand parses its options, calls one
/// library function and prints.
public struct Signalgap: ParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "signalgap",
        abstract: "Put online takedown counts and offline recruitment records on one table, quarter by quarter.",
        discussion: """
            signalgap imports datasets (folders of CSV files described by a Frictionless \
            datapackage.json) into one SQLite store, keeps every figure's window, unit, \
            qualifier and source, and compares online and offline signals per quarter.

            Example, from the project folder:
              signalgap import
              signalgap list datasets

            The store is signalgap.sqlite in the current folder unless --store PATH or the \
            SIGNALGAP_STORE environment variable says otherwise.
            Exit status: 0 success, 64 usage error, 65 input error, 74 store error.
            """,
        version: Signalgap.version,
        subcommands: [
            Import.self, Validate.self, Remove.self, List.self, NewDataset.self, Stats.self, Trace.self, Report.self,
        ])

    public init() {}
}
