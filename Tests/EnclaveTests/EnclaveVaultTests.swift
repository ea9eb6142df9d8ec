import AWSClients
import AWSTestSupport
import ConsensusTypes
import Crypto
import Enclave
import EnclaveProtocol
import Foundation
import Keygen
import NitroAttestation
import NSM
import Signer
import Testing
import TestSupport
import ValidatorKeys
import Vault

/// Keys made by keygen under a KMS key whose policy pins the enclave image reach the enclave as
/// ciphertext rows through the protocol, and load into the signer only through the attestation.
@Suite(.enabled(if: Moto.shouldRun)) struct EnclaveVaultTests {
    @Test func rowsFromTheParentLoadOnlyInTheAttestedEnclave() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-enclave-vault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let pcr0 = Array(repeating: UInt8(0x3c), count: 48)
        let nsm = try StandInNSM(pcrs: [0: pcr0])
        let (url, process) = try AttestedKMSTests.startStandIn(rootPEM: nsm.rootPEM, folder: folder)
        defer { AttestedKMSTests.stop(process) }
        let signer = "4f1d6a2b-7e10-4c55-9d0c-9b2c3e6a1f1e"
        try await Moto.withContext(endpoint: url) { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey()
            // keygen, as the Lambda runs it: records encrypted under the KMS key.
            let vault = Vault(
                store: try SQLiteVaultStore(path: folder.appendingPathComponent("vault.sqlite").path, cipherName: "kms"),
                cipher: KMSVaultCipher(kms: kms, keyID: key.keyID, bindToPublicKey: true))
            let plan = KeygenPlan(
                count: 3, language: .english, chain: .hoodi, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
                kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 7, count: 32))))
            let generated = try await ValidatorKeyBatch.generate(plan)
            let rows = try await vault.add(generated.keys, signer: signer)
            let policy = try EnclaveKeyPolicy(
                pcr0Hex: hexString(pcr0), pcr8Hex: nil, instanceRoleARN: "arn:aws:iam::123456789012:role/host",
                encryptRoleARNs: ["arn:aws:iam::123456789012:role/keygen"], adminARN: "arn:aws:iam::123456789012:role/admin", allowDebug: false)
            try await kms.putKeyPolicy(keyID: key.keyID, policy: policy.json)

            // The parent holds ciphertext only: its own Decrypt is denied.
            await #expect(performing: { _ = try await vault.record(of: rows[0]) }, throws: { "\($0)".contains("AccessDeniedException") })

            // What the parent sends: the rows as protocol messages, through the frame codec.
            let messages = rows.map(VaultRowMessage.init)
            var decoder = FrameDecoder()
            decoder.append(EnclaveMessage.keyRows(messages).frame)
            let frame = try #require(try decoder.next())
            guard case .keyRows(let received) = try EnclaveMessage(kind: frame.kind, payload: frame.payload) else { Issue.record("not rows"); return }

            // The enclave: its table from the parent, its cipher the attestation.
            let table = ParentRowsStore(signer: signer)
            try table.replace(with: received)
            let enclaveVault = Vault(store: table, cipher: AttestedVaultCipher(kms: AttestedKMS(kms: kms, nsm: nsm, recipient: try RecipientKey())))
            let found = await KeyLoader.vault(enclaveVault, signer: signer)
            let decrypted = await KeyLoader.decryptAll(found.pending)
            #expect(found.failures.isEmpty && decrypted.failures.isEmpty, "\(found.failures) \(decrypted.failures)")
            #expect(Set(KeyRing(decrypted.keys).pubkeys.map { "\($0)" }) == Set(generated.pubkeys))

            // The same rows under another image's attestation: every key fails, none loads.
            let otherImage = Vault(
                store: table,
                cipher: AttestedVaultCipher(kms: AttestedKMS(kms: kms, nsm: try StandInNSM(pcrs: [0: Array(repeating: 1, count: 48)]), recipient: try RecipientKey())))
            let listed = await KeyLoader.vault(otherImage, signer: signer)
            let refused = await KeyLoader.decryptAll(listed.pending)
            #expect(refused.keys.isEmpty && listed.failures.count + refused.failures.count == 3)
            // The enclave writes nothing: it cannot encrypt, and its table is read-only.
            await #expect(throws: VaultError(.cipher, "")) { _ = try await enclaveVault.add(generated.keys, signer: signer) }
            await #expect(throws: VaultError(.conflict, "")) { try await table.insert(rows) }
        }
    }
}
