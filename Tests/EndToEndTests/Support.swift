import Foundation
import SignalgapTestSupport
import Testing

/// The built `signalgap` command, found next to the test bundle (the same build
/// folder, whatever `--scratch-path` was), else under the package's `.build`.
enum Executable {
    static let path: String? = locate()

    static func locate() -> String? {
        let manager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["SIGNALGAP_EXECUTABLE"], !explicit.isEmpty {
            return explicit
        }
        // The folder the tests were built into: the test runner's own folder on
        // Linux, the folder around the .xctest bundle on macOS.
        var folders: [URL] = []
        if let executable = Bundle.main.executableURL { folders.append(executable.deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL)
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            folders.append(bundle.bundleURL.deletingLastPathComponent())
        }
        folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("signalgap").path
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        // The package root, from this file, and its default build folder.
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/" && !manager.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root = root.deletingLastPathComponent()
        }
        for scratch in [".build", ".build-tests"] {
            let candidate = root.appendingPathComponent(scratch).appendingPathComponent("debug/signalgap").path
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// What one run of the command printed and returned.
typealias Run = ProcessOutcome

/// A temporary project folder to run `signalgap` in, removed by `remove()`.
struct Project {
    let path: String

    static func make() throws -> Project {
        let path = FileManager.default.temporaryDirectory.path + "/signalgap-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path + "/Datasets", withIntermediateDirectories: true)
        return Project(path: path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + relative)
    }

    func bytes(_ relative: String) -> Data? {
        FileManager.default.contents(atPath: path + "/" + relative)
    }

    func write(_ text: String, to relative: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + relative))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// The environment the command runs with: this process's, without the
    /// variables the command reads, plus `environment`.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["SIGNALGAP_STORE"] = nil
        environment["NO_COLOR"] = nil
        environment.merge(extra) { $1 }
        return environment
    }

    /// Runs `signalgap arguments` in the project folder; stdout and stderr go to
    /// files, so that neither is a terminal and neither pipe can fill up.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let executable = try #require(
            Executable.path, "the signalgap executable was not found; build it first (swift build)")
        return try ExternalProcess.run(
            executable, arguments, in: URL(fileURLWithPath: path), environment: Project.environment(environment))
    }

    func run(_ arguments: String..., environment: [String: String] = [:]) throws -> Run {
        try run(arguments, environment: environment)
    }

    /// Runs the command with stdout and stderr on a terminal (through `script`),
    /// and returns what the terminal showed.
    func runOnATerminal(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let executable = try #require(Executable.path)
        let command = ([executable] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            .joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["script", "-qec", command, "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: path)
        process.environment = Project.environment(["TERM": "xterm"].merging(environment) { $1 })
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static var canUseATerminal: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
    }

    /// A small dataset "demo": two sources, two takedown counts, one offline figure.
    func writeDemo(qualifier: String = "more_than") throws {
        if !exists("Datasets/demo") {
            let created = try run("new-dataset", "demo")
            #expect(created.status == 0, "\(created)")
        }
        let descriptor = try read("Datasets/demo/datapackage.json")
        try write(
            descriptor.replacingOccurrences(of: "TODO: a title for demo", with: "Twitter and Soufan figures"),
            to: "Datasets/demo/datapackage.json")
        try write(
            """
            id,url,title,publisher,published,retrieved,status,notes
            twitter-blog,https://blog.twitter.com/2016/combating-violent-extremism,"Combating Violent Extremism",Twitter,2016-02-05,,verified,
            soufan,https://soufangroup.com/offline-allure,"The Offline Allure of the Islamic State",The Soufan Group,2016-02-08,,verified,

            """, to: "Datasets/demo/sources.csv")
        try write(
            #"""
            id,platform,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes
            tw-2016-02,twitter,accounts_suspended,accounts,2015-07-01,approximate,2016-02-05,day,stock,125000,,,\#(qualifier),twitter-blog,,"since mid-2015, ""more than"""
            tw-2016h1,twitter,accounts_suspended,accounts,2016-02-01,month,2016-07-31,month,flow,235000,,,about,twitter-blog,,

            """#, to: "Datasets/demo/takedowns.csv")
        try write(
            """
            id,scope,subject,measure,unit,start,start_precision,end,end_precision,kind,value,low,high,qualifier,source,supersedes,notes
            iraq-syria,world,world,foreign_fighters,people,,,2015-12-31,month,stock,,27000,31000,range,soufan,,

            """, to: "Datasets/demo/figures.csv")
    }
}

extension String {
    var lines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    var hasANSIEscape: Bool { contains("\u{1B}[") }
}
