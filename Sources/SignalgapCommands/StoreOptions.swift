import ArgumentParser
import SignalgapStore

/// The options every command that touches the store shares.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The SQLite store (default: $SIGNALGAP_STORE, else \(FigureStore.defaultPath)).", valueName: "path"))
    var store: String?

    var storePath: String { FigureStore.resolvePath(option: store) }

    /// Opens the store, or prints why not and exits 74.
    func open(mustExist: Bool = false) throws -> FigureStore {
        do {
            return try FigureStore(path: storePath, mustExist: mustExist)
        } catch {
            Console.error(error.description)
            throw ExitCode(Console.storeFailure)
        }
    }
}

/// Where the dataset folders are.
struct DatasetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder holding dataset folders.", valueName: "path"))
    var datasets: String = "Datasets"
}

/// `--include-personal-data`, shared by every command that prints dataset
/// fields (report, stats, list, trace): without it, fields that datasets mark as
/// personal data are printed as `[withheld: personal data]`.
struct PersonalDataOption: ParsableArguments {
    @Flag(
        name: .customLong("include-personal-data"),
        help: "Include fields that datasets mark as personal data (withheld by default).")
    var isIncluded = false
}
