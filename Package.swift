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
        .executable(name: "bootstrap", targets: ["bootstrap"]),
        .library(name: "BLS12381", targets: ["BLS12381"]),
        .library(name: "ConsensusTypes", targets: ["ConsensusTypes"]),
        .library(name: "ValidatorKeys", targets: ["ValidatorKeys"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The Fp Montgomery product and square in C: x86-64 mulx/adcx/adox chosen once by cpuid,
        // portable __int128 otherwise; static inline, so Swift inlines them (R1: backend target).
        .target(name: "CBLS12381Field"),
        // BLS12-381 and the Ethereum BLS ciphersuite (Swift over the CBLS12381Field kernels).
        .target(
            name: "BLS12381",
            dependencies: ["CBLS12381Field", .product(name: "Crypto", package: "swift-crypto")],
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
            dependencies: ["CSecp256k1", "Secrets", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // SecretBytes: the one zeroising owner of secret bytes, and zeroing the optimiser keeps.
        .target(name: "Secrets", swiftSettings: strictSettings),
        // Keccak-256, hex, RLP, EIP-55 addresses, units, AnyJSON. No I/O.
        .target(name: "EthereumCore", dependencies: ["Secrets"], swiftSettings: strictSettings),
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
                "CBLS12381Field",
                "Secrets",
                "ConsensusTypes",
                "EthereumCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            // The word lists are compiled in (BIP39/WordlistText.swift, scripts/gen-wordlists.py): a
            // resource bundle's `Bundle.module` would link Foundation and ICU into the Lambda bootstrap.
            exclude: ["Resources/wordlists"],
            swiftSettings: strictSettings
        ),
        // Transactions (legacy, EIP-155, EIP-2930, EIP-1559, EIP-4844, EIP-7702), EIP-191, EIP-712,
        // DER (KMS) → (r, low-s, v).
        .target(
            name: "EthereumTransactions",
            dependencies: [
                "EthereumCore", "Secp256k1", "Secrets",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Web3 Secret Storage (V3) keystores: scrypt / PBKDF2, AES-128-CTR, Keccak-256 MAC.
        .target(
            name: "Web3SecretStorage",
            dependencies: [
                "EthereumCore", "Secp256k1", "Secrets",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // CBOR (RFC 8949), the subset attestation documents, COSE and the enclave protocol use. No I/O.
        .target(name: "CBOR", swiftSettings: strictSettings),
        // The Nitro Secure Module: /dev/nsm (ioctl, CBOR) behind a protocol, and a stand-in for machines without a Nitro card.
        .target(
            name: "NSM",
            dependencies: [
                "CBOR", "NitroAttestation",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        // The parent↔enclave protocol: length-prefixed, versioned frames of CBOR messages, every field checked. No I/O.
        .target(name: "EnclaveProtocol", dependencies: ["CBOR", "Secrets"], swiftSettings: strictSettings),
        // Nitro attestation documents: COSE_Sign1 (ES384), the chain to the pinned AWS root, policy; EIF measurement. No I/O.
        .target(
            name: "NitroAttestation",
            dependencies: [
                "CBOR",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        // AWS Signature Version 4, credentials and configuration, typed errors, retry policy. No HTTP.
        .target(
            name: "AWSCore",
            dependencies: ["Secrets", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // KMS, DynamoDB and Secrets Manager over AsyncHTTPClient, with the retry loop.
        .target(
            name: "AWSClients",
            dependencies: [
                "AWSCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        // The AWS Lambda custom runtime (provided.al2023): a pure state machine and a thin loop.
        .target(
            name: "LambdaRuntime",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The system SQLite (Debian libsqlite3-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // glibc's <malloc.h> (malloc_trim: the signer returns what loading keys used to the system).
        .systemLibrary(name: "CMalloc"),
        // One SQLite connection layer (WAL, synchronous=FULL, cached statements), shared by the vault
        // and slashing protection.
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: strictSettings),
        // The key table (DESIGN.md §4) on DynamoDB or SQLite, encrypted with KMS or a local master key.
        .target(
            name: "Vault",
            dependencies: ["AWSCore", "AWSClients", "EthereumCore", "SQLite", "Secrets", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Slashing protection: the rules as pure functions returning decisions, EIP-3076 interchange,
        // the store protocol and group commit. No I/O, no database driver.
        .target(
            name: "SlashingProtection",
            dependencies: ["ConsensusTypes", "EthereumCore"],
            swiftSettings: strictSettings
        ),
        // The slashing-protection store shared by signer processes and replicas (PostgreSQL).
        .target(
            name: "SlashingProtectionPostgres",
            dependencies: [
                "SlashingProtection", "ConsensusTypes",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The embedded default's slashing-protection store (SQLite).
        .target(
            name: "SlashingProtectionSQLite",
            dependencies: ["SlashingProtection", "ConsensusTypes", "SQLite"],
            swiftSettings: strictSettings
        ),
        // An Ethereum account held in AWS KMS (ECC_SECG_P256K1): address, transactions, EIP-191, EIP-712.
        .target(
            name: "KMSAccount",
            dependencies: ["AWSCore", "AWSClients", "EthereumCore", "EthereumTransactions", "Secp256k1"],
            swiftSettings: strictSettings
        ),
        // Key generation into the vault, as the reference keygen does it (shared by the Lambda and the CLI).
        .target(
            name: "Keygen",
            dependencies: [
                "ValidatorKeys", "ConsensusTypes", "Vault", "EthereumCore", "Secrets",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // The Nitro enclave's side of KMS: the per-boot recipient key and KMS `Recipient` responses
        // (CMS EnvelopedData, RSAES-OAEP-SHA-256, AES-256-CBC; no I/O); and its transport: endpoints
        // (TCP, vsock, Unix) and the TCP ↔ vsock byte proxies (SwiftNIO, a ServiceLifecycle service).
        .target(
            name: "Enclave",
            dependencies: [
                "Secrets", "NSM", "AWSCore", "AWSClients", "EnclaveProtocol", "Vault", "EthereumCore", "EthereumTransactions", "Secp256k1",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The Lambda functions (kms-account, keygen, validator): payload DTOs, validation, handlers.
        .target(
            name: "LambdaFunctions",
            dependencies: [
                "LambdaRuntime", "KMSAccount", "Keygen", "Vault", "ValidatorKeys", "ConsensusTypes", "AWSCore", "AWSClients",
                "EthereumCore", "EthereumTransactions", "EnclaveProtocol", "Secp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        // The Lambda `bootstrap`: picks its handler from ETHERKEEP_FUNCTION. Thin: wire, run.
        .executableTarget(
            name: "bootstrap",
            dependencies: [
                "LambdaRuntime",
                "LambdaFunctions",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The Web3Signer-compatible remote signer: eth2 signing API over Hummingbird 2 (TLS in
        // process), slashing protection in front of every block and attestation, keys from the
        // vault, keystore folders and Web3Signer key files.
        .target(
            name: "Signer",
            dependencies: [
                "BLS12381", "ConsensusTypes", "EthereumCore", "SlashingProtection", "ValidatorKeys", "Vault", "Secrets", "CMalloc",
                "EthereumTransactions", "Secp256k1", "KMSAccount", "Web3SecretStorage", "AWSCore", "AWSClients",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        // The one command-line tool: parse, wire, run.
        .executableTarget(
            name: "etherkeep",
            dependencies: [
                "BLS12381",
                "ConsensusTypes",
                "EthereumCore",
                "EthereumTransactions",
                "Web3SecretStorage",
                "Secp256k1",
                "AWSCore",
                "AWSClients",
                "Vault",
                "ValidatorKeys",
                "KMSAccount",
                "Keygen",
                "SlashingProtection",
                "SlashingProtectionSQLite",
                "SlashingProtectionPostgres",
                "Signer",
                "Secrets",
                "NitroAttestation",
                "Enclave",
                "EnclaveProtocol",
                "NSM",
                "LambdaFunctions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Test support, all under Tests/Support: vectors, seeds and Python references (TestSupport), the
        // moto context and fault proxy (AWSTestSupport), a local Lambda runtime API (LambdaTestSupport).
        .target(name: "TestSupport", path: "Tests/Support/TestSupport", swiftSettings: strictSettings),
        // Test helpers for the AWS layer: the moto_server context and the fault-injection proxy.
        .target(
            name: "AWSTestSupport",
            dependencies: [
                "AWSCore", "AWSClients",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support/AWSTestSupport",
            swiftSettings: strictSettings
        ),
        // A local Lambda runtime-API server for tests (the role Lambda's own endpoint plays).
        .target(
            name: "LambdaTestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support/LambdaTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BLS12381Tests",
            dependencies: ["TestSupport", "BLS12381", "CBLS12381Field", "EthereumCore"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Secp256k1Tests",
            dependencies: ["TestSupport", "Secp256k1", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthereumTransactionsTests",
            dependencies: ["TestSupport", 
                "EthereumTransactions", "EthereumCore", "Secp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "Web3SecretStorageTests",
            dependencies: ["TestSupport",
                "Web3SecretStorage", "EthereumCore", "Secp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ConsensusTypesTests",
            dependencies: ["TestSupport", "ConsensusTypes", "EthereumCore", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ValidatorKeysTests",
            dependencies: ["TestSupport", "ValidatorKeys", "ConsensusTypes", "EthereumCore", "BLS12381"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "etherkeepTests",
            dependencies: ["TestSupport",
                "etherkeep", "KMSAccount", "AWSTestSupport", "AWSClients", "EthereumCore", "EthereumTransactions", "Vault",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LambdaFunctionsTests",
            dependencies: [
                "LambdaFunctions", "Keygen", "KMSAccount", "LambdaRuntime", "LambdaTestSupport", "AWSTestSupport", "AWSCore", "AWSClients",
                "EthereumCore", "EthereumTransactions", "Secp256k1", "bootstrap", "etherkeep",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CBORTests", dependencies: ["CBOR", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "NSMTests", dependencies: ["NSM", "NitroAttestation", "CBOR", "TestSupport"], exclude: ["Python"], swiftSettings: strictSettings),
        .testTarget(name: "EnclaveProtocolTests", dependencies: ["EnclaveProtocol", "CBOR", "Secrets"], swiftSettings: strictSettings),
        .testTarget(
            name: "NitroAttestationTests",
            dependencies: [
                "NitroAttestation", "CBOR", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "LambdaRuntimeTests",
            dependencies: ["LambdaRuntime", "LambdaTestSupport", "bootstrap"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AWSCoreTests",
            dependencies: ["AWSCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AWSClientsTests",
            dependencies: ["AWSCore", "AWSClients", "AWSTestSupport", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        // Test helper: writes vault batches until killed (the crash test's child process).
        .executableTarget(
            name: "VaultCrashWriter",
            dependencies: ["Vault"],
            path: "Tests/VaultCrashWriter",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "VaultTests",
            dependencies: [
                "Vault", "SQLite", "AWSCore", "AWSClients", "AWSTestSupport", "VaultCrashWriter",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Test helper: a second OS process checking and recording against a shared store (the
        // concurrency and crash tests' child).
        .executableTarget(
            name: "SlashingProtectionWorker",
            dependencies: ["SlashingProtection", "SlashingProtectionSQLite", "SlashingProtectionPostgres", "ConsensusTypes"],
            path: "Tests/SlashingProtectionWorker",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SlashingProtectionTests",
            dependencies: [
                "SlashingProtectionWorker", "TestSupport", "SlashingProtection", "SlashingProtectionSQLite", "SlashingProtectionPostgres", "ConsensusTypes", "EthereumCore",
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        // Fuzz targets: one entry point per parser of outside bytes, the mutation engine and the crash
        // reporter, shared by the fuzz suite and the fuzz executable.
        .target(
            name: "FuzzTargets",
            dependencies: [
                "TestSupport", "EthereumCore", "EthereumTransactions", "Web3SecretStorage", "Secp256k1", "BLS12381", "ConsensusTypes",
                "ValidatorKeys", "Vault", "AWSCore", "AWSClients", "LambdaRuntime", "LambdaFunctions", "Keygen", "CBOR", "NitroAttestation", "Enclave", "EnclaveProtocol",
                "Secrets",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/FuzzTargets",
            swiftSettings: strictSettings
        ),
        // The seeded fuzz run of every target within a time budget (ETHERKEEP_FUZZ_SECONDS).
        .testTarget(
            name: "FuzzTests",
            dependencies: ["FuzzTargets", "TestSupport", "EthereumCore", "EthereumTransactions", "Web3SecretStorage", "ValidatorKeys"],
            swiftSettings: strictSettings
        ),
        // Valgrind's client requests (mark bytes secret or public), for the constant-time check.
        .target(name: "CValgrindClient", path: "Tests/CValgrindClient"),
        // The constant-time check of EIP-2333 derivation and BLS signing under valgrind's memcheck
        // (scripts/check-constant-time).
        .executableTarget(
            name: "EtherKeepConstantTime",
            dependencies: ["BLS12381", "ValidatorKeys", "CValgrindClient", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/ConstantTime",
            swiftSettings: strictSettings
        ),
        // The fuzz executable: libFuzzer entry point (scripts/fuzz) or the seeded engine for one target.
        .executableTarget(
            name: "EtherKeepFuzz",
            dependencies: ["FuzzTargets"],
            path: "Tests/Fuzz",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SignerTests",
            dependencies: [
                "TestSupport", "Signer", "etherkeep", "Keygen", "Vault", "ValidatorKeys", "BLS12381", "ConsensusTypes", "EthereumCore",
                "SlashingProtection", "SlashingProtectionSQLite", "SlashingProtectionPostgres", "AWSTestSupport", "AWSClients", "AWSCore",
                "EthereumTransactions", "KMSAccount", "Secp256k1", "Secrets", "SQLite",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EnclaveTests",
            dependencies: [
                "TestSupport", "Enclave", "Secrets", "NSM", "NitroAttestation", "AWSClients", "AWSCore", "AWSTestSupport", "EnclaveProtocol", "Vault", "Signer", "ValidatorKeys", "Keygen", "ConsensusTypes",
                "LambdaTestSupport", "LambdaRuntime", "SlashingProtectionPostgres",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "EthereumCoreTests",
            dependencies: ["TestSupport", "EthereumCore"],
            exclude: ["Python"],
            swiftSettings: strictSettings
        ),
    ]
)
