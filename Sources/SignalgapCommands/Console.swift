import ArgumentParser
import Foundation
import SignalgapModel
import SignalgapStore

/// Printing, colour and exit codes (sysexits: 64 usage, 65 data, 74 I/O).
enum Console {
    static let usageFailure: Int32 = 64
    static let inputFailure: Int32 = 65
    static let storeFailure: Int32 = 74

    /// Colour only on a terminal, and never when NO_COLOR is set.
    static func usesColour(fileDescriptor: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) == 1
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func error(_ text: String) {
        let coloured =
            usesColour(fileDescriptor: 2)
            ? text.replacingOccurrences(of: "error:", with: "\u{1B}[1;31merror:\u{1B}[0m")
                .replacingOccurrences(of: "  hint:", with: "  \u{1B}[36mhint:\u{1B}[0m")
            : text
        FileHandle.standardError.write(Data((coloured + "\n").utf8))
    }

    /// Whether progress lines belong on stderr (only on a terminal).
    static var showsProgress: Bool { isatty(2) == 1 }

    /// Runs `body`, turning input problems into exit 65 and store problems into 74.
    static func reportingFailures<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DiagnosticList {
            Console.error(error.description)
            throw ExitCode(inputFailure)
        } catch let error as Diagnostic {
            Console.error(error.description)
            throw ExitCode(inputFailure)
        } catch let error as StoreError {
            Console.error(error.description)
            switch error {
            case .datasetNotFound, .stillReferenced: throw ExitCode(inputFailure)
            default: throw ExitCode(storeFailure)
            }
        }
    }
}
