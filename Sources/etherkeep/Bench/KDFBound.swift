import Foundation
import ValidatorKeys
import Vault

/// The KDF bound of a signer's first start: what the vault's keystores' KDFs alone cost on every
/// core, without the vault, the checks or the signer around them.
enum KDFBound {
    /// Reads the KDF parameters of every active unassigned row's keystore (each record decrypted
    /// once, before the clock starts), then times
    /// ``KeyGeneration/runKDFs(count:kdf:password:)``: as many derivations of each kind as there
    /// are keystores of it, with fresh salts, spread over every core as the signer spreads them.
    ///
    /// - Returns: the wall time, the number of keystores, and their KDFs (`pbkdf2 c=262144`, …).
    static func measure(dataDir: String) async throws -> (seconds: Double, keys: Int, kdfs: String) {
        let vault = try DataDirectory(explicit: dataDir).openVault(creating: false)
        var kinds: [String: (kdf: KeystoreKDF, count: Int)] = [:]
        for row in try await vault.activeRows(signer: KeyRow.unassigned) {
            let kdf = try await vault.record(of: row).withKeystore { keystore, _ in try Keystore(json: Data(keystore)).kdf }
            kinds[name(kdf), default: (kdf: kdf, count: 0)].count += 1
        }
        guard !kinds.isEmpty else { throw CLIError("bench: the vault in \(dataDir) has no active unassigned keys") }
        let password = KeystorePassword("etherkeep-bench-kdf-bound")
        let elapsed = try ContinuousClock().measure {
            for (_, kind) in kinds { try KeyGeneration.runKDFs(count: kind.count, kdf: .custom(kind.kdf), password: password) }
        }
        let kdfs = kinds.sorted { $0.key < $1.key }.map { kinds.count == 1 ? $0.key : "\($0.value.count) × \($0.key)" }
        return (elapsed.seconds, kinds.values.reduce(0) { $0 + $1.count }, kdfs.joined(separator: ", "))
    }

    private static func name(_ kdf: KeystoreKDF) -> String {
        switch kdf {
        case .scrypt(let n, let r, let p, _): "scrypt n=\(n) r=\(r) p=\(p)"
        case .pbkdf2(let c, _): "pbkdf2 c=\(c)"
        }
    }
}
