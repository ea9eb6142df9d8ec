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
        // The system libsecp256k1 (Debian libsecp256k1-dev, with the recovery module).
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"]), .brew(["secp256k1"])]
        ),
        // Swift API over libsecp256k1: keys, RFC 6979 recoverable ECDSA, recovery, verification, DER.
        .target(
            name: "Secp256k1",
            dependencies: ["CSecp256k1", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Keccak-256, hex, RLP, EIP-55 addresses, units. No I/O.
        .target(name: "EthereumCore", swiftSettings: strictSettings),
        // Transactions (legacy, EIP-155, EIP-2930, EIP-1559, EIP-4844, EIP-7702), EIP-191, EIP-712,
        // DER (KMS) → (r, low-s, v), Web3 Secret Storage V3 keystores.
        .target(
            name: "EthereumTransactions",
            dependencies: [
                "EthereumCore", "Secp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The one command-line tool: parse, wire, run.
        .executableTarget(
            name: "etherkeep",
            dependencies: [
                "BLS12381",
                "EthereumCore",
                "EthereumTransactions",
                "Secp256k1",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
            name: "Secp256k1Tests",
            dependencies: ["Secp256k1", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthereumTransactionsTests",
            dependencies: [
                "EthereumTransactions", "EthereumCore", "Secp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "etherkeepTests",
            dependencies: ["etherkeep", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthereumCoreTests",
            dependencies: ["EthereumCore"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
    ]
)
