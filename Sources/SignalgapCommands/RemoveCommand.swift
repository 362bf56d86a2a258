import ArgumentParser
import SignalgapStore

extension Signalgap {
    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove one dataset's rows from the store.",
            discussion: """
                Removes exactly the rows the dataset brought in, and refuses while \
                another dataset still refers to them.

                Example:
                  signalgap remove lisleby
                """)

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The dataset's name.")
        var name: String

        func run() throws {
            let store = try storeOptions.open(mustExist: true)
            try Console.reportingFailures { try store.remove(dataset: name) }
            Console.out("\(name): removed")
        }
    }
}
