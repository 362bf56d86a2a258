// swift-tools-version:6.0
import PackageDescription

// Module imports point one way:
//   SignalgapModel  <-  SignalgapIO, SignalgapImport, SignalgapStore,
//                       SignalgapStatistics, SignalgapReport
//                   <-  SignalgapCommands  <-  signalgap (executable)
// (SignalgapIO, the CSV reader and writer, is also used by the importers and the report.)
let package = Package(
    name: "signalgap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "signalgap", targets: ["signalgap"]),
        .library(name: "SignalgapCommands", targets: ["SignalgapCommands"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        .target(name: "SignalgapModel"),
        .target(name: "SignalgapIO"),
        .target(name: "SignalgapImport", dependencies: ["SignalgapModel", "SignalgapIO"]),
        .target(
            name: "SignalgapStore",
            dependencies: [
                "SignalgapModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The system SQLite's C API, for binding the import hot path through
                // the raw statement handle.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(name: "SignalgapStatistics", dependencies: ["SignalgapModel"]),
        .target(name: "SignalgapReport", dependencies: ["SignalgapModel", "SignalgapIO", "SignalgapStatistics"]),
        .target(
            name: "SignalgapCommands",
            dependencies: [
                "SignalgapModel", "SignalgapIO", "SignalgapImport", "SignalgapStore",
                "SignalgapStatistics", "SignalgapReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "signalgap", dependencies: ["SignalgapCommands"]),
        // Running programs from the tests (signalgap, sqlite3, other tools), shared by the test targets.
        .target(name: "SignalgapTestSupport", path: "Tests/SignalgapTestSupport"),
        .testTarget(name: "SignalgapIOTests", dependencies: ["SignalgapIO"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SignalgapModelTests", dependencies: ["SignalgapModel"]),
        .testTarget(
            name: "SignalgapImportTests",
            dependencies: [
                "SignalgapImport", "SignalgapModel", "SignalgapStore", "SignalgapIO", "SignalgapTestSupport",
            ]),
        .testTarget(
            name: "SignalgapStoreTests", dependencies: ["SignalgapStore", "SignalgapModel", "SignalgapTestSupport"]),
        .testTarget(name: "SignalgapStatisticsTests", dependencies: ["SignalgapStatistics", "SignalgapModel"]),
        .testTarget(
            name: "SignalgapReportTests",
            dependencies: ["SignalgapReport", "SignalgapStatistics", "SignalgapModel", "SignalgapTestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "SignalgapCommands", "SignalgapModel", "SignalgapStore", "SignalgapStatistics", "SignalgapTestSupport",
            ]),
    ]
)
