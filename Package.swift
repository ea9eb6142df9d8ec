// swift-tools-version: 6.2
//
// EtherKeep — secure Ethereum key management.
// Targets follow DESIGN.md §2; dependencies point downward only.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "EtherKeep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "etherkeep", targets: ["etherkeep"]),
        .library(name: "BLS12381", targets: ["BLS12381"]),
        .library(name: "ConsensusTypes", targets: ["ConsensusTypes"]),
        .library(name: "ValidatorKeys", targets: ["ValidatorKeys"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // Pure Swift BLS12-381 and the Ethereum BLS ciphersuite.
        .target(
            name: "BLS12381",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Keccak-256, hex, RLP, EIP-55 addresses, units. No I/O.
        .target(name: "EthereumCore", swiftSettings: strictSettings),
        // SSZ hash_tree_root, domains, signing roots, chain settings.
        .target(
            name: "ConsensusTypes",
            dependencies: ["EthereumCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // BIP-39, EIP-2333/2334/2335, deposit data, exits, BLS→execution changes.
        .target(
            name: "ValidatorKeys",
            dependencies: [
                "BLS12381",
                "ConsensusTypes",
                "EthereumCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/wordlists")],
            swiftSettings: strictSettings
        ),
        // The one command-line tool: parse, wire, run.
        .executableTarget(
            name: "etherkeep",
            dependencies: [
                "BLS12381",
                "ConsensusTypes",
                "EthereumCore",
                "ValidatorKeys",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BLS12381Tests",
            dependencies: ["BLS12381", "EthereumCore"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsensusTypesTests",
            dependencies: ["ConsensusTypes", "EthereumCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ValidatorKeysTests",
            dependencies: ["ValidatorKeys", "ConsensusTypes", "EthereumCore", "BLS12381"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "etherkeepTests",
            dependencies: ["etherkeep"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthereumCoreTests",
            dependencies: ["EthereumCore"],
            swiftSettings: strictSettings
        ),
    ]
)
